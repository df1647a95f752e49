//! S008 `charged-quality-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S008",
    name: "charged-quality-code",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "a CPT Category II quality code with a charge above $0.01",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "583",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about service lines with a CPT Category II code (four digits and `F`, e.g. `3074F`)
whose line charge SV102 is more than `0.01`. Category II codes report quality measures and
are never paid, so they are billed at `0`, or at `0.01` by systems that cannot send a zero
charge.

## Why does it matter?
A charge on a tracking code inflates the claim total with an amount no payer will pay,
which ends up as a denied line and a balance to write off. Some payers reject the line.

## Example
```text
SV1*HC:3074F*25*UN*1***1~
```

## How to fix
Send the quality code with a charge of `0` (or `0.01` if your system cannot send zero),
and keep the claim total CLM02 equal to the sum of the lines.

## References
Loop 2400 SV102 line item charge amount (data element 782); CPT Category II codes (AMA).
"#,
};

/// S008
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Nearly every line leaves on the class the model read, before the qualifier.
    if sv1.procedure_class() == ProcedureClass::CptCategory2 {
        report(checker, sv1);
    }
}

/// S008 on a CPT Category II line. Out of line, so that the check above inlines into the
/// SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    let Some(charge) = sv1.charge() else {
        return;
    };
    // A charge that is not a number in cents is reported by H010.
    let Some(cents) = sv1.charge_amount().ok().and_then(|d| d.cents()) else {
        return;
    };
    if cents <= 1 {
        return;
    }
    checker
        .report_in(
            Rule::ChargedQualityCode,
            &sv1.segment,
            charge.span(),
            format!(
                "quality code `{}` is charged `{}`; Category II codes are billed at `0`",
                shown(code.value),
                shown(charge.value)
            ),
        )
        .element("SV1", 2, None)
        .label("expected `0` or `0.01`")
        .secondary(code.span(), "CPT Category II (performance measurement)")
        .help(
            "bill quality codes at `0` (or `0.01`), and keep CLM02 equal to the sum of the lines",
        );
}
