//! X022 `unsupported-functional-group`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X022",
    name: "unsupported-functional-group",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Group(|c, n| check(c, &n.group.gs))],
    summary: "GS01 is not HC (health care claim)",
    ack: Ack {
        ak905: Some("1"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that the functional identifier code GS01 is `HC`, the code for health care claims.

## Why does it matter?
Receivers route groups by GS01; an 837 inside a group with another code is rejected as a
functional group that is not supported (999 AK905 1).

## Example
```text
GS*HP*SENDER*RECEIVER*20240115*1030*101*X*005010X222A1~
```
`HP` is the code for 835 payment advice.

## How to fix
Write `HC` in GS01 for 837 claims.

## References
GS01 (data element 479, functional identifier code).
"#,
};

/// X022
pub fn check(checker: &mut Checker, gs: &Segment<'_>) {
    let value = gs.value(1);
    if value == b"HC" {
        return;
    }
    checker
        .report_in(
            Rule::UnsupportedFunctionalGroup,
            gs,
            element_span(gs, 1),
            format!("functional group code `{}` is not `HC`", shown(value)),
        )
        .element("GS", 1, None)
        .label("expected `HC` for health care claims")
        .help("write `HC` in GS01");
}
