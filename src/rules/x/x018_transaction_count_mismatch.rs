//! X018 `transaction-count-mismatch`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X018",
    name: "transaction-count-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Group(|c, n| {
        let g = n.group;
        if let Some(ge) = &g.ge {
            check(c, ge, g.transactions.len() + g.unopened_transactions);
        }
    })],
    summary: "GE01 does not equal the number of transaction sets in the group",
    ack: Ack {
        ak905: Some("5"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that GE01 equals the number of `ST`…`SE` transaction sets in the functional group.

## Why does it matter?
The count lets the receiver detect lost transaction sets; a mismatch rejects the group
(999 AK905 5).

## Example
```text
ST*837*0001*005010X222A1~ ... SE*27*0001~
GE*2*101~
```

## How to fix
Count the `ST` segments between `GS` and `GE` and write that number in GE01.

## References
GE01 (data element 97, number of transaction sets included).
"#,
};

/// X018
pub fn check(checker: &mut Checker, ge: &Segment<'_>, transactions: usize) {
    let value = ge.value(1);
    if std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        == Some(transactions)
        && value.iter().all(u8::is_ascii_digit)
    {
        return;
    }
    checker
        .report_in(
            Rule::TransactionCountMismatch,
            ge,
            element_span(ge, 1),
            format!(
                "GE01 says `{}` transaction sets but the group has {transactions}",
                shown(value)
            ),
        )
        .element("GE", 1, None)
        .label(format!("expected `{transactions}`"))
        .help(format!("write `{transactions}` in GE01"));
}
