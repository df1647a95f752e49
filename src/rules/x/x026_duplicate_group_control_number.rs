//! X026 `duplicate-group-control-number`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X026",
    name: "duplicate-group-control-number",
    snip: Snip::Integrity,
    severity: Severity::Warning,
    checks: &[Check::Group(|c, n| {
        if let Some(first) = n.earlier {
            report(c, &n.group.gs, first);
        }
    })],
    summary: "two functional groups in one interchange share a GS06",
    ack: Ack {
        ak905: Some("19"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that every GS06 in an interchange is unique.

## Why does it matter?
Each 999 acknowledges one group by its GS06; duplicates make it impossible to tell which
group an acknowledgment is for (AK905 19).

## Example
```text
GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X222A1~ ... GE*1*101~
GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X222A1~ ... GE*1*101~
```

## How to fix
Give every group of the interchange its own GS06 and repeat it in GE02.

## References
GS06 (data element 28).
"#,
};

/// X026
pub fn report(checker: &mut Checker, gs: &Segment<'_>, first: &Segment<'_>) {
    checker
        .report_in(
            Rule::DuplicateGroupControlNumber,
            gs,
            element_span(gs, 6),
            format!(
                "group control number `{}` is used twice in this interchange",
                shown(gs.value(6))
            ),
        )
        .element("GS", 6, None)
        .label("duplicate")
        .secondary(element_span(first, 6), "first used here")
        .help("give every functional group of the interchange its own GS06");
}
