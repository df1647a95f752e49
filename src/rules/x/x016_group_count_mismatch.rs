//! X016 `group-count-mismatch`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X016",
    name: "group-count-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Interchange(|c, n| {
        let ic = n.interchange;
        if let Some(iea) = &ic.iea {
            check(c, iea, ic.groups.len() + ic.unopened_groups);
        }
    })],
    summary: "IEA01 does not equal the number of functional groups",
    ack: Ack {
        ta1: Some("021"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that IEA01 equals the number of `GS`…`GE` functional groups in the interchange.

## Why does it matter?
The count lets the receiver detect lost groups. A mismatch is rejected with TA1 note 021.

## Example
```text
GS*HC*...~ ... GE*1*101~
IEA*2*000000101~
```

## How to fix
Count the `GS` segments between `ISA` and `IEA` and write that number in IEA01.

## References
IEA01 (I16 number of included functional groups).
"#,
};

/// X016
pub fn check(checker: &mut Checker, iea: &Segment<'_>, groups: usize) {
    let value = iea.value(1);
    if value.iter().all(u8::is_ascii_digit)
        && !value.is_empty()
        && std::str::from_utf8(value)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            == Some(groups)
    {
        return;
    }
    checker
        .report_in(
            Rule::GroupCountMismatch,
            iea,
            element_span(iea, 1),
            format!(
                "IEA01 says `{}` functional groups but the interchange has {groups}",
                shown(value)
            ),
        )
        .element("IEA", 1, None)
        .label(format!("expected `{groups}`"))
        .help(format!("write `{groups}` in IEA01"));
}
