//! X025 `duplicate-transaction-control-number`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X025",
    name: "duplicate-transaction-control-number",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::TransactionSet(|c, n| {
        if let Some(first) = n.earlier {
            report(c, &n.set.st, first);
        }
    })],
    summary: "two transaction sets in one group share an ST02",
    ack: Ack {
        ik502: Some("23"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that every ST02 in a functional group is unique.

## Why does it matter?
The 999 acknowledges transaction sets by ST02; duplicates make the acknowledgment
ambiguous and are rejected (IK502 23).

## Example
```text
ST*837*0001*005010X222A1~ ... SE*27*0001~
ST*837*0001*005010X222A1~ ... SE*27*0001~
```

## How to fix
Number the transaction sets of a group `0001`, `0002`, … and repeat each number in its SE02.

## References
ST02 (data element 329).
"#,
};

/// X025
pub fn report(checker: &mut Checker, st: &Segment<'_>, first: &Segment<'_>) {
    checker
        .report_in(
            Rule::DuplicateTransactionControlNumber,
            st,
            element_span(st, 2),
            format!(
                "transaction set control number `{}` is used twice in this group",
                shown(st.value(2))
            ),
        )
        .element("ST", 2, None)
        .label("duplicate")
        .secondary(element_span(first, 2), "first used here")
        .help("give every transaction set in the group its own ST02");
}
