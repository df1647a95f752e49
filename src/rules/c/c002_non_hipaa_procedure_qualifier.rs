//! C002 `non-hipaa-procedure-qualifier`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;
use crate::x12::Piece;

pub const META: RuleMeta = RuleMeta {
    code: "C002",
    name: "non-hipaa-procedure-qualifier",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV101-1 is `ER` or `IV`, code sets not allowed under HIPAA",
    ack: Ack {
        ik403: Some("I6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Warns when SV101-1 is `ER` (jurisdiction-specific codes, e.g. workers' compensation) or
`IV` (Home Infusion EDI Coalition codes). The guide allows them only for claims that HIPAA
does not cover. When the code itself is a CPT or HCPCS code, the message says so: such a
code always belongs under `HC`.

## Why does it matter?
A HIPAA-covered payer rejects these code sets. They are right only for property and
casualty or workers' compensation claims that use them by agreement; the `non-hipaa`
profile lowers this rule to info.

## Example
```text
SV1*ER:99213*100*UN*1***1~
```
`99213` is a CPT code, which is sent with `HC`.

## How to fix
Send `HC` with the CPT or HCPCS code, unless the claim goes to a non-HIPAA payer that
asked for the `ER` or `IV` code set.

## References
Loop 2400, SV101-1 (data element 235).
"#,
};

/// C002
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Nearly every line sends `HC`, which the model has already compared.
    if sv1.is_hc() {
        return;
    }
    if let Some(qualifier) = sv1.qualifier()
        && matches!(qualifier.value, b"ER" | b"IV")
    {
        report(checker, sv1, qualifier);
    }
}

/// C002 on a line under `ER` or `IV`. Out of line, so that the check above inlines into the
/// SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>, qualifier: Piece<'_>) {
    let q = shown(qualifier.value);
    let code = sv1.code().map(|c| c.value).unwrap_or_default();
    let class = sv1.procedure_class();
    let message = match class {
        _ if class.is_cpt() => format!(
            "CPT code `{}` is sent with qualifier `{q}` instead of `HC`",
            shown(code)
        ),
        ProcedureClass::HcpcsLevel2(_) => {
            format!(
                "HCPCS code `{}` is sent with qualifier `{q}` instead of `HC`",
                shown(code)
            )
        }
        _ => format!("qualifier `{q}` is not a HIPAA code set"),
    };
    checker
        .report_in(Rule::NonHipaaProcedureQualifier, &sv1.segment, qualifier.span(), message)
        .element("SV1", 1, Some(1))
        .label("allowed only for claims HIPAA does not cover")
        .help("send `HC` with CPT and HCPCS codes; keep `ER`/`IV` for non-HIPAA payers that require them");
}
