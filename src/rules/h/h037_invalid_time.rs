//! H037 `invalid-time`

use super::value_at;
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H037",
    name: "invalid-time",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a time element is not a valid HHMM[SS] time",
    ack: Ack {
        ik403: Some("9"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a TM element (`BHT05`) that is not a time of day: `HHMM`, `HHMMSS`, or with
decimal seconds, with hours 00–23 and minutes and seconds 00–59.

## Why does it matter?
Receivers reject the transaction set (IK403 `9`, invalid time).

## Example
```text
BHT*0019*00*BATCH0001*20240115*2460*CH~
```

## How to fix
Send the time as HHMM or HHMMSS in 24-hour form.

## References
X12.6 data type TM.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let value = value_at(checker, f);
    checker
        .report_in(
            Rule::InvalidTime,
            segment,
            f.span,
            format!(
                "{} `{value}` is not an HHMM or HHMMSS time",
                f.def.reference
            ),
        )
        .label("not a time of day")
        .help("send the time as HHMM or HHMMSS, 24-hour")
}
