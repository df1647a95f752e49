//! C005 `dental-procedure-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C005",
    name: "dental-procedure-code",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV101-2 is a CDT dental code (D and four digits) on a professional claim",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a procedure code of `D` and four digits: a CDT dental code.

## Why does it matter?
HIPAA names CDT for dental services, which are billed on the 837 dental claim (837D). Most
medical payers reject dental codes on a professional claim; a few accept some of them.

## Example
```text
SV1*HC:D0120*50*UN*1***1~
```

## How to fix
Bill dental services on an 837D to the dental payer, or use the CPT or HCPCS code the
medical payer expects.

## References
Loop 2400, SV101-2; CDT is maintained by the ADA.
"#,
};

/// C005
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    if sv1.qualifier().map(|q| q.value) != Some(b"HC") {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    if sv1.procedure_class() != ProcedureClass::Cdt {
        return;
    }
    checker
        .report_in(
            Rule::DentalProcedureCode,
            &sv1.segment,
            code.span(),
            format!("`{}` is a CDT dental code", shown(code.value)),
        )
        .element("SV1", 1, Some(2))
        .label("dental services belong on an 837D")
        .help("bill dental services on an 837D, or use the CPT or HCPCS code the medical payer expects");
}
