//! C003 `invalid-procedure-code`

use crate::codes::procedure::{Lookalike, ProcedureClass};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C003",
    name: "invalid-procedure-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV101-2 is neither a CPT nor a HCPCS Level II code (with what it looks like instead)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[Owned::components("SV1", 1, 2, 2)],
    doc: r#"## What it does
Classifies the procedure code SV101-2 of every line whose qualifier is `HC`. A CPT code is
five digits (Category I), or four digits and `F` (Category II), `T` (Category III), `U`
(PLA), `M` or `A`; a HCPCS Level II code is a letter `A`–`V` and four digits. Anything else
is reported with what it looks like instead: a revenue code, an NDC, an ICD-10 diagnosis,
a modifier glued to the code, a letter `O` for a zero, lower case or spaces. Letters never
used by HCPCS (`F`, `I`, `N`, `O`) are reported too. Retired local codes (`W`–`Z`) and
dental codes have rules of their own (C004, C005).

## Why does it matter?
A payer cannot price a code that does not exist: the claim is rejected (277CA A7) and the
service goes unpaid until it is corrected and resubmitted.

## Example
```text
SV1*HC:9921*100*UN*1***1~
```

## How to fix
Send the code as billed: five digits for CPT (e.g. `99213`), or a letter and four digits for
HCPCS Level II (e.g. `J1885`); modifiers go in SV101-3 to SV101-6, NDCs in loop 2410,
diagnoses in the claim's HI segment.

## References
Loop 2400, SV101-2 (data element 234); HCPCS Level II (CMS); CPT (AMA).
"#,
};

/// C003
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // The model classified SV101-2 once: a CPT or HCPCS shape, as on nearly every line,
    // leaves nothing to report whatever the qualifier.
    if !matches!(
        sv1.procedure_class(),
        ProcedureClass::Unknown(_) | ProcedureClass::UnusedLetter(_)
    ) {
        return;
    }
    report(checker, sv1);
}

/// C003 on a line whose code has no CPT or HCPCS shape. Out of line, so that the check
/// above inlines into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let Some(qualifier) = sv1.qualifier().filter(|q| q.value == b"HC") else {
        return;
    };
    let segment = &sv1.segment;
    let code = sv1.code();
    let value = code.map(|c| c.value).unwrap_or_default();
    let label = match sv1.procedure_class() {
        ProcedureClass::Unknown(Lookalike::Empty) => {
            // Where the code goes: just after the qualifier when SV101 holds only that.
            let span = code.map_or_else(|| Span::at(qualifier.span().end, 0), |c| c.span());
            checker
                .report_in(
                    Rule::InvalidProcedureCode,
                    segment,
                    span,
                    "SV101-2 procedure code is missing",
                )
                .element("SV1", 1, Some(2))
                .label("no procedure code after the qualifier")
                .help("send the CPT or HCPCS code of the service after `HC:`, e.g. `HC:99213`");
            return;
        }
        ProcedureClass::Unknown(hint) => hint.hint().to_string(),
        ProcedureClass::UnusedLetter(letter) => {
            format!(
                "HCPCS Level II has no codes starting with `{}`",
                letter as char
            )
        }
        _ => return,
    };
    let Some(code) = code else {
        return;
    };
    checker
        .report_in(
            Rule::InvalidProcedureCode,
            segment,
            code.span(),
            format!("procedure code `{}` is not a valid CPT or HCPCS code", shown(value)),
        )
        .element("SV1", 1, Some(2))
        .label(label)
        .secondary(qualifier.span(), "qualifier `HC` requires a CPT or HCPCS code")
        .help("send the code as billed: 5 digits for CPT (e.g. `99213`), or a letter and 4 digits for HCPCS Level II (e.g. `J1885`)");
}
