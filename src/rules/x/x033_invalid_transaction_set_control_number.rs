//! X033 `invalid-transaction-set-control-number`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X033",
    name: "invalid-transaction-set-control-number",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::TransactionSet(|c, n| check(c, &n.set.st))],
    summary: "ST02 is missing, or not 4 to 9 characters",
    ack: Ack {
        ik502: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that the transaction set control number ST02 is present and 4 to 9 characters
long (`0001`, `000000001`). Whether SE02 repeats it is X019's; whether another set of
the group uses it, X025's.

## Why does it matter?
The 999 acknowledges each transaction set by its ST02 (AK202). A front end rejects a set
whose control number is missing or of the wrong length (IK502 `7`, missing or invalid
transaction set control number).

## Example
```text
ST*837*001*005010X222A1~
...
SE*27*001~
```

## How to fix
Send 4 to 9 characters, usually the set's number in its group padded with zeros
(`0001`), and the same in SE02.

## References
ST02 (data element 329, AN 4/9).
"#,
};

/// X033
pub fn check(checker: &mut Checker, st: &Segment<'_>) {
    let value = st.value(2);
    if (4..=9).contains(&value.len()) {
        return;
    }
    let message = if value.is_empty() {
        "ST02 transaction set control number is missing".to_string()
    } else {
        format!(
            "transaction set control number `{}` has {} characters; ST02 has 4 to 9",
            shown(value),
            value.len()
        )
    };
    checker
        .report_in(
            Rule::InvalidTransactionSetControlNumber,
            st,
            element_span(st, 2),
            message,
        )
        .element("ST", 2, None)
        .label("4 to 9 characters")
        .help("send the set's control number as 4 to 9 characters, e.g. `0001`, and repeat it in SE02");
}
