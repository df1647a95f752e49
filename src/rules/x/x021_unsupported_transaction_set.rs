//! X021 `unsupported-transaction-set`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X021",
    name: "unsupported-transaction-set",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::TransactionSet(|c, n| {
        check(c, &n.set.st);
    })],
    summary: "ST01 is not 837",
    ack: Ack {
        ik502: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that ST01 is `837`, the health care claim. Other transaction sets (an 835
remittance, a 270 eligibility inquiry, a 999 acknowledgment) are reported once and their
content is not checked as a claim.

## Why does it matter?
A claims endpoint rejects any other transaction set (999 IK502 6); usually the wrong file
was routed to the claims pipeline.

## Example
```text
ST*835*0001*005010X221A1~
```

## How to fix
Send 837P claims to this pipeline, and route other transactions where they belong.

## References
ST01 (data element 143, transaction set identifier code).
"#,
};

/// Whether the set is an 837 (ST01).
pub fn is_837(st: &Segment<'_>) -> bool {
    st.value(1) == b"837"
}

/// X021; returns whether the set is an 837.
pub fn check(checker: &mut Checker, st: &Segment<'_>) -> bool {
    let value = st.value(1);
    if is_837(st) {
        return true;
    }
    if checker.enabled(Rule::UnsupportedTransactionSet) {
        checker
            .report_in(
                Rule::UnsupportedTransactionSet,
                st,
                element_span(st, 1),
                format!(
                    "transaction set `{}` is not an 837 claim; its content is not checked",
                    shown(value)
                ),
            )
            .element("ST", 1, None)
            .label("expected `837`")
            .help("claimlint checks 837P claim files; route other transaction sets elsewhere");
    }
    false
}
