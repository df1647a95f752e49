//! S005 `unlisted-procedure-without-description`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S005",
    name: "unlisted-procedure-without-description",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "a CPT code that looks like an unlisted procedure without an SV101-7 description",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "306",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about service lines with a numeric CPT code that is probably an "unlisted
procedure" code and no description in SV101-7. This is a heuristic: without the licensed
CPT data the rule takes a five-digit code ending in `99` (such as `20999`, `64999`,
`99199` or `01999`) as unlisted. Some unlisted codes end otherwise and are not caught, and a
listed code that ends in `99` gets a false warning.

## Why does it matter?
An unlisted code names only a section of CPT, not a service. Payers need the description
(and usually records) to review it, and reject or pend the line without one.

## Example
```text
SV1*HC:20999*500*UN*1***1~
```

## How to fix
Describe the procedure in SV101-7 (up to 80 characters), e.g.
`HC:20999:::::REMOVAL OF BONE STIMULATOR`, and send supporting records as the payer asks.

## References
Loop 2400 SV101-7 description (data element 352); CPT unlisted procedure codes (AMA).
"#,
};

/// The code S005 reports on this line: an `HC` code that looks unlisted, with no
/// description. C022 leaves such a code to S005 (one finding for one cause).
pub(crate) fn unlisted_without_description<'a>(sv1: &Sv1<'a>) -> Option<crate::x12::Piece<'a>> {
    // `procedure::is_probably_unlisted_cpt` without reading the code again: the class the
    // model read says whether it is five digits, and only then is its end looked at.
    if !matches!(sv1.procedure_class(), ProcedureClass::CptCategory1(_)) || !sv1.is_hc() {
        return None;
    }
    let code = sv1.code().filter(|c| c.value.ends_with(b"99"))?;
    if sv1
        .description()
        .is_some_and(|d| !d.value.trim_ascii().is_empty())
    {
        return None;
    }
    Some(code)
}

/// S005
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Only a five-digit code can look unlisted: the class the model read rules out the
    // other lines before the code's end is looked at, and its end most of the rest.
    if let ProcedureClass::CptCategory1(_) = sv1.procedure_class()
        && sv1.code().is_some_and(|c| c.value.ends_with(b"99"))
    {
        report(checker, sv1);
    }
}

/// S005 on a CPT Category I line whose code ends in `99`. Out of line, so that the check above inlines into the
/// SV1 dispatch and any other line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let Some(code) = unlisted_without_description(sv1) else {
        return;
    };
    checker
        .report_in(
            Rule::UnlistedProcedureWithoutDescription,
            &sv1.segment,
            code.span(),
            format!(
                "`{}` looks like an unlisted procedure code, but the line has no description",
                shown(code.value)
            ),
        )
        .element("SV1", 1, Some(2))
        .label("probably unlisted (ends in `99`): needs SV101-7")
        .help(format!(
            "describe the procedure in SV101-7, e.g. `{}`",
            sv1.with_description("DESCRIPTION")
        ));
}
