//! X029 `implementation-reference-mismatch`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X029",
    name: "implementation-reference-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::TransactionSet(|c, n| {
        // A wrong GS08 is reported once on the GS (X023): ST03 is compared with it
        // only when the group itself is an 837P.
        if n.guide.is_professional() {
            check(c, &n.group.gs, &n.set.st);
        }
    })],
    summary: "ST03 is missing or differs from GS08",
    ack: Ack {
        ik502: Some("I6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that ST03, the implementation convention reference of the transaction set, is
present and equal to GS08 of its group.

## Why does it matter?
The 5010 guides require ST03 and require it to repeat GS08. A missing or different value
is rejected in the 999 (IK502 I6).

## Example
```text
GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X222A1~
ST*837*0001~
```

## How to fix
Write the same value in ST03 as in GS08: `005010X222A1`.

## References
ST03 (data element 1705), GS08 (data element 480).
"#,
};

/// X029
pub fn check(checker: &mut Checker, gs: &Segment<'_>, st: &Segment<'_>) {
    let (group, set) = (gs.value(8), st.value(3));
    if group == set {
        return;
    }
    let message = if set.is_empty() {
        "ST03 implementation convention reference is missing".to_string()
    } else {
        format!(
            "ST03 `{}` does not match GS08 `{}`",
            shown(set),
            shown(group)
        )
    };
    checker
        .report_in(
            Rule::ImplementationReferenceMismatch,
            st,
            element_span(st, 3),
            message,
        )
        .element("ST", 3, None)
        .label(format!("expected `{}`", shown(group)))
        .secondary(element_span(gs, 8), "the group's implementation guide")
        .help(format!(
            "write `{}` in ST03, the same value as GS08",
            shown(group)
        ));
}
