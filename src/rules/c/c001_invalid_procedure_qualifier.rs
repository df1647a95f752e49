//! C001 `invalid-procedure-qualifier`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C001",
    name: "invalid-procedure-qualifier",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV101-1 is missing, not a procedure code qualifier, or the retired `WK`",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::components("SV1", 1, 0, 1)],
    doc: r#"## What it does
Checks the product/service ID qualifier SV101-1 of every service line. The 837P allows
`HC` (HCPCS, which includes CPT), `ER` and `IV` (outside HIPAA only, see C002) and `WK`,
whose pilot ended in 2006. Anything else, or no qualifier at all, is reported here once;
the procedure code rules then skip the line instead of piling up findings.

## Why does it matter?
The qualifier tells the payer which code set SV101-2 belongs to. A front end rejects an
unknown qualifier in its 999 (IK403 7), and the whole claim with it.

## Example
```text
SV1*ZZ:99213*100*UN*1***1~
```

## How to fix
Send `HC` for CPT and HCPCS Level II codes: `SV1*HC:99213*100*UN*1***1~`.

## References
Loop 2400, SV101-1 (data element 235); HCP09 uses the same code list.
"#,
};

/// C001
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Nearly every line says `HC`, which the model read once; the others are compared
    // before a span or a message is thought of.
    if !sv1.is_hc() && !matches!(sv1.qualifier().map(|q| q.value), Some(b"ER" | b"IV")) {
        report(checker, sv1);
    }
}

/// C001 on a line whose SV101-1 is not a qualifier the 837P allows. Out of line, so that
/// the check above inlines into the SV1 dispatch and a clean line costs a compare, not a
/// call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let segment = &sv1.segment;
    let Some(qualifier) = sv1.qualifier().filter(|q| !q.is_empty()) else {
        let span = sv1
            .procedure()
            .map_or_else(|| segment.end_span(), |e| e.span());
        checker
            .report_in(
                Rule::InvalidProcedureQualifier,
                segment,
                span,
                "SV101-1 procedure code qualifier is missing",
            )
            .element("SV1", 1, Some(1))
            .label("expected `HC`")
            .help("start SV101 with `HC` for CPT and HCPCS codes, e.g. `HC:99213`");
        return;
    };
    let value = qualifier.value;
    let component = segment.delimiters.component;
    // `HC>99213` with ISA16 `:`: the sender used another component separator than the
    // one it declared, so the whole composite reads as one value.
    if let Some(&sep) = value.get(2).filter(|b| !b.is_ascii_alphanumeric()) {
        checker
            .report_in(
                Rule::InvalidProcedureQualifier,
                segment,
                Span::at(qualifier.start + 2, 1),
                format!(
                    "SV101 is split with `{}` but the interchange's component separator (ISA16) is `{}`",
                    sep as char, component as char
                ),
            )
            .element("SV1", 1, Some(1))
            .label("not the component separator")
            .help(format!(
                "separate the components of composites with `{}`, the character in ISA16, or change ISA16",
                component as char
            ));
        return;
    }
    let (message, help) = match value {
        b"HC" | b"ER" | b"IV" => return,
        b"WK" => (
            "qualifier `WK` (Advanced Billing Concepts) was retired in 2006".to_string(),
            "send `HC` with the CPT or HCPCS code for the service",
        ),
        _ => (
            format!("`{}` is not a procedure code qualifier", shown(value)),
            "send `HC` for CPT and HCPCS Level II codes",
        ),
    };
    checker
        .report_in(
            Rule::InvalidProcedureQualifier,
            segment,
            qualifier.span(),
            message,
        )
        .element("SV1", 1, Some(1))
        .label("expected `HC`")
        .help(help);
}
