//! H036 `invalid-date`

use super::value_at;
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H036",
    name: "invalid-date",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a date element is not a real CCYYMMDD date",
    ack: Ack {
        ik403: Some("8"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a DT element (`BHT04`, `DMG02` with `D8`, a `DTP03` with `D8` or `RD8`) that is
not a calendar date in `CCYYMMDD` form, or a range that is not two of them joined by `-`.
The service date `DTP*472` is H014's.

## Why does it matter?
Receivers reject the transaction set (IK403 `8`, invalid date).

## Example
```text
BHT*0019*00*BATCH0001*20241301*1030*CH~
```

## How to fix
Send a real date as `CCYYMMDD` (ranges as `CCYYMMDD-CCYYMMDD`).

## References
X12.6 data type DT.
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
            Rule::InvalidDate,
            segment,
            f.span,
            format!("{} `{value}` is not a CCYYMMDD date", f.def.reference),
        )
        .label("not a calendar date")
        .help("send a real date as CCYYMMDD")
}
