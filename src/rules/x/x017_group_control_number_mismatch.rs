//! X017 `group-control-number-mismatch`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X017",
    name: "group-control-number-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Group(|c, n| {
        if let Some(ge) = &n.group.ge {
            check(c, &n.group.gs, ge);
        }
    })],
    summary: "GE02 does not equal GS06",
    ack: Ack {
        ak905: Some("4"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that the group trailer repeats the control number of its header: GE02 = GS06.

## Why does it matter?
The 999 acknowledges the group by GS06; a mismatch rejects the whole group (AK905 4).

## Example
```text
GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X222A1~
...
GE*1*102~
```

## How to fix
Write the same group control number in GE02 as in GS06.

## References
GS06 and GE02 (data element 28, group control number).
"#,
};

/// X017
pub fn check(checker: &mut Checker, gs: &Segment<'_>, ge: &Segment<'_>) {
    let (header, trailer) = (gs.value(6), ge.value(2));
    if header == trailer {
        return;
    }
    checker
        .report_in(
            Rule::GroupControlNumberMismatch,
            ge,
            element_span(ge, 2),
            format!(
                "GE02 `{}` does not match GS06 `{}`",
                shown(trailer),
                shown(header)
            ),
        )
        .element("GE", 2, None)
        .label("trailer control number")
        .secondary(element_span(gs, 6), "header control number")
        .help(format!("write `{}` in GE02", shown(header)));
}
