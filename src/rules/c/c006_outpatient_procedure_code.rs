//! C006 `outpatient-procedure-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C006",
    name: "outpatient-procedure-code",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV101-2 is a C code, used only on hospital outpatient (837I) claims",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a HCPCS Level II code starting with `C` on a professional claim.

## Why does it matter?
C codes exist for the Medicare hospital outpatient prospective payment system: devices,
drugs and new technology billed by the hospital on an institutional claim. On a
professional claim Medicare denies them, and most other payers do too; the `medicare`
profile makes this rule an error.

## Example
```text
SV1*HC:C1713*200*UN*1***1~
```

## How to fix
Bill the professional service with its CPT code; the hospital bills the C code on its
837I.

## References
Loop 2400, SV101-2; CMS MLN Matters on C codes (CR 5027).
"#,
};

/// C006
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    if sv1.qualifier().map(|q| q.value) != Some(b"HC") {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    if sv1.procedure_class() != ProcedureClass::HcpcsLevel2(b'C') {
        return;
    }
    checker
        .report_in(
            Rule::OutpatientProcedureCode,
            &sv1.segment,
            code.span(),
            format!("`{}` is a hospital outpatient C code", shown(code.value)),
        )
        .element("SV1", 1, Some(2))
        .label("C codes are billed by hospitals on the 837I")
        .help("bill the professional service with its CPT code; the facility bills the C code");
}
