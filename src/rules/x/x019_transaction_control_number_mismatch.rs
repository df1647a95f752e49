//! X019 `transaction-control-number-mismatch`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X019",
    name: "transaction-control-number-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::TransactionSet(|c, n| {
        if let Some(se) = &n.set.se {
            check(c, &n.set.st, se);
        }
    })],
    summary: "SE02 does not equal ST02",
    ack: Ack {
        ik502: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that the transaction set trailer repeats the control number of its header:
SE02 = ST02.

## Why does it matter?
The 999 acknowledges each transaction set by ST02; a mismatch rejects the set (IK502 3)
and every claim in it.

## Example
```text
ST*837*0001*005010X222A1~
...
SE*27*0002~
```

## How to fix
Write the same control number in SE02 as in ST02.

## References
ST02 and SE02 (data element 329, transaction set control number).
"#,
};

/// X019
pub fn check(checker: &mut Checker, st: &Segment<'_>, se: &Segment<'_>) {
    let (header, trailer) = (st.value(2), se.value(2));
    if header == trailer {
        return;
    }
    checker
        .report_in(
            Rule::TransactionControlNumberMismatch,
            se,
            element_span(se, 2),
            format!(
                "SE02 `{}` does not match ST02 `{}`",
                shown(trailer),
                shown(header)
            ),
        )
        .element("SE", 2, None)
        .label("trailer control number")
        .secondary(element_span(st, 2), "header control number")
        .help(format!("write `{}` in SE02", shown(header)));
}
