//! C018 `redundant-line-place-of-service`

use crate::codes::tables;
use crate::rules::prelude::*;
use crate::x12::Element;

pub const META: RuleMeta = RuleMeta {
    code: "C018",
    name: "redundant-line-place-of-service",
    snip: Snip::Situational,
    severity: Severity::Info,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.sv1))],
    summary: "SV105 repeats the claim's place of service CLM05-1",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "249",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a line place of service SV105 that is the same code as the claim's CLM05-1. The
implementation guide sends SV105 only when the line's place of service differs from the
claim's. Invalid codes are C017's finding and are not reported here.

## Why does it matter?
A repeated place of service is harmless to most payers, but the guide's situational rule
says not to send it, and some front ends reject elements sent when their condition is not
met. It often shows that the billing system copies the claim's value to every line, which
hides the lines that really differ.

## Example
```text
CLM*PCN0001*100***11:B:1*Y*A*Y*Y~
LX*1~
SV1*HC:99213*100*UN*1*11**1~
```

## How to fix
Leave SV105 empty (`SV1*HC:99213*100*UN*1***1`) unless the line was performed somewhere
else than CLM05-1 says.

## References
Loop 2400 SV105 (data element 1331), situational: "Required when the place of service
code for this service line is different than the place of service code in CLM05-1".
"#,
};

/// C018
pub fn check(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    // Most lines leave SV105 empty: CLM05-1 is not looked for.
    if let Some(line_pos) = sv1.place_of_service().filter(|p| !p.is_empty()) {
        report(checker, claim, sv1, line_pos);
    }
}

/// C018 on a line with a place of service. Out of line, so that the check above inlines
/// into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>, line_pos: Element<'_>) {
    let Some(claim_pos) = claim.service_location().and_then(|e| e.component(1)) else {
        return;
    };
    if line_pos.value != claim_pos.value || !tables::is_pos(line_pos.value) {
        return;
    }
    checker
        .report_in(
            Rule::RedundantLinePlaceOfService,
            &sv1.segment,
            line_pos.span(),
            format!(
                "SV105 place of service `{}` repeats the claim's CLM05-1",
                shown(line_pos.value)
            ),
        )
        .element("SV1", 5, None)
        .label("same as the claim's place of service")
        .secondary(claim_pos.span(), "claim place of service")
        .help(
            "leave SV105 empty: send it only when the line's place of service differs from CLM05-1",
        );
}
