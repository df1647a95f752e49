//! C005 `dental-procedure-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C005",
    name: "dental-procedure-code",
    snip: Snip::Payer,
    severity: Severity::Warning,
    summary: "SV101-2 is a CDT dental code (D and four digits) on a professional claim without the KX modifier",
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a procedure code of `D` and four digits, a CDT dental code, on a line without
the `KX` modifier.

A line with `KX` is left alone: Medicare contractors accept CDT codes on the professional
claim for dental services inextricably linked to covered medical treatment (for example
the dental exam before an organ transplant or cardiac valve replacement, or before
radiation for head and neck cancer), and ask for `KX` to say the documentation of that
link is on file. Other medical payers follow the same pattern.

## Why does it matter?
HIPAA names CDT for dental services, and dental plans take them on the 837 dental claim
(837D). A medical payer pays a dental code on the professional claim only when the service
is part of covered medical care; without anything saying so, most of them deny the line.

## Example
```text
SV1*HC:D0120*50*UN*1***1~
```

## How to fix
When the dental service is part of covered medical treatment and the payer accepts CDT
codes on the professional claim, add the `KX` modifier
(`SV1*HC:D0150:KX*120*UN*1***1~`); otherwise bill it to the dental plan on an 837D, or use
the CPT or HCPCS code the medical payer expects.

## References
Loop 2400, SV101-2 and SV101-3..6; CMS Physician Fee Schedule final rules for CY 2023 and
CY 2024 (payment for dental services inextricably linked to covered services, and the
`KX` modifier on such claims); CDT is maintained by the ADA.
"#,
};

/// Modifier saying the policy requirements are met: for a CDT code, that the dental service
/// is linked to covered medical treatment.
const REQUIREMENTS_MET: &[u8] = b"KX";

/// C005
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // The class the model read once rules out nearly every line before SV101 is looked at.
    if sv1.procedure_class() == ProcedureClass::Cdt {
        report(checker, sv1);
    }
}

/// C005 on a line whose code is a CDT code. Out of line, so that the check above inlines
/// into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    if sv1.modifiers().any(|m| m.value == REQUIREMENTS_MET) {
        return;
    }
    checker
        .report_in(
            Rule::DentalProcedureCode,
            &sv1.segment,
            code.span(),
            format!(
                "`{}` is a CDT dental code, and the line does not say it is linked to covered medical treatment",
                shown(code.value)
            ),
        )
        .element("SV1", 1, Some(2))
        .label("dental code without `KX`")
        .help("if the dental service is part of covered medical treatment, add the `KX` modifier; otherwise bill it to the dental plan (837D) or use the code the medical payer expects");
}
