//! X020 `segment-count-mismatch`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X020",
    name: "segment-count-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::TransactionSet(|c, n| {
        if let Some(se) = &n.set.se {
            check(c, &n.set.st, se, n.set.segment_count);
        }
    })],
    summary: "SE01 does not equal the number of segments from ST to SE",
    ack: Ack {
        ik502: Some("4"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that SE01 equals the number of segments in the transaction set, counting `ST` and
`SE` themselves.

## Why does it matter?
The count is how a receiver detects lost or duplicated segments. A mismatch rejects the
whole transaction set in the 999 (IK502 4), with every claim in it. The usual cause is a
segment count that leaves out `ST` or `SE`, or a claim added or removed by hand.

## Example
```text
ST*837*0001*005010X222A1~
BHT*0019*00*BATCH0001*20240115*1030*CH~
SE*2*0001~
```
Three segments, `ST` to `SE`, but SE01 says 2.

## How to fix
Write the number of segments from `ST` to `SE` inclusive in SE01.

## References
SE01 (data element 96, number of included segments).
"#,
};

/// X020
pub fn check(checker: &mut Checker, st: &Segment<'_>, se: &Segment<'_>, actual: usize) {
    let value = se.value(1);
    let stated = std::str::from_utf8(value)
        .ok()
        .filter(|v| v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<usize>().ok());
    if stated == Some(actual) {
        return;
    }
    checker
        .report_in(
            Rule::SegmentCountMismatch,
            se,
            element_span(se, 1),
            format!(
                "SE01 says `{}` segments but the transaction set has {actual}",
                shown(value)
            ),
        )
        .element("SE", 1, None)
        .label(format!("expected `{actual}`"))
        .secondary(st.id_span(), "counting starts at `ST`")
        .help(format!(
            "write `{actual}` in SE01: the count includes both `ST` and `SE`"
        ));
}
