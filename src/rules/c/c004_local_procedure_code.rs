//! C004 `local-procedure-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C004",
    name: "local-procedure-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV101-2 is a HCPCS Level III local code (W–Z), retired under HIPAA",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a procedure code of a letter `W`, `X`, `Y` or `Z` and four digits under qualifier
`HC`: a HCPCS Level III local code.

## Why does it matter?
Local codes were assigned by individual Medicaid agencies and carriers. HIPAA eliminated
them in 2003: they are not part of any national code set, and payers reject them. Some
non-HIPAA programs still use local codes; the `non-hipaa` profile lowers this rule to a
warning.

## Example
```text
SV1*HC:X1234*100*UN*1***1~
```

## How to fix
Replace the local code with the national CPT or HCPCS Level II code for the service; ask
the payer for its crosswalk if the local code came from an old fee schedule.

## References
Loop 2400, SV101-2; HIPAA code set standards (45 CFR 162.1002).
"#,
};

/// C004
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // The class the model read once rules out nearly every line before SV101 is looked at.
    if let ProcedureClass::HcpcsLevel3(_) = sv1.procedure_class() {
        report(checker, sv1);
    }
}

/// C004 on a line whose code is shaped like a local code. Out of line, so that the check
/// above inlines into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    checker
        .report_in(
            Rule::LocalProcedureCode,
            &sv1.segment,
            code.span(),
            format!(
                "`{}` is a retired HCPCS Level III local code",
                shown(code.value)
            ),
        )
        .element("SV1", 1, Some(2))
        .label("local codes (W–Z) are not a HIPAA code set")
        .help("replace it with the national CPT or HCPCS Level II code for the service");
}
