//! C007 `non-medicare-procedure-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C007",
    name: "non-medicare-procedure-code",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.sv1))],
    summary: "an S, H or T code on a claim to Medicare (SBR09 `MA`/`MB`)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about HCPCS Level II codes that Medicare does not recognise when the subscriber's
claim filing indicator SBR09 is `MA` or `MB` (Medicare Part A or B): `S` codes (temporary
national codes for commercial payers), `H` codes (behavioral health for state Medicaid
agencies) and `T` codes (national codes for state Medicaid agencies).

## Why does it matter?
Medicare denies these codes as invalid for its program (the `medicare` profile makes
this rule an error). The same line is often right for the Medicaid or commercial payer the
claim was meant for.

## Example
```text
SBR*P*18*GRP01234******MB~
...
SV1*HC:S9083*120*UN*1***1~
```

## How to fix
Bill Medicare with the CPT or HCPCS code it recognises for the service, or check that the
claim is addressed to the right payer.

## References
Loop 2000B SBR09 (data element 1032); loop 2400 SV101-2.
"#,
};

/// C007
pub fn check(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    // Only an S, H or T code is reported: the class the model read rules out other lines
    // before the claim's payer is asked.
    if let ProcedureClass::HcpcsLevel2(b'S' | b'H' | b'T') = sv1.procedure_class() {
        report(checker, claim, sv1);
    }
}

/// C007 on an S, H or T code. Out of line, so that the check above inlines into the SV1
/// dispatch and any other line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    if !claim.is_medicare() || !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    let ProcedureClass::HcpcsLevel2(letter @ (b'S' | b'H' | b'T')) = sv1.procedure_class() else {
        return;
    };
    let who = match letter {
        b'S' => "commercial payers",
        _ => "state Medicaid agencies",
    };
    let d = checker.report_in(
        Rule::NonMedicareProcedureCode,
        &sv1.segment,
        code.span(),
        format!(
            "`{}` is not a Medicare code; {} codes are for {who}",
            shown(code.value),
            letter as char
        ),
    );
    d.element("SV1", 1, Some(2))
        .label("not payable by Medicare")
        .help("bill Medicare with the CPT or HCPCS code it recognises for the service, or check the payer");
    if let Some(sbr) = claim.sbr {
        d.secondary(element_span(&sbr, 9), "the claim goes to Medicare");
    }
}
