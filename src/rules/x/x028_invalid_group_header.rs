//! X028 `invalid-group-header`

use super::{element_span, shown};
use crate::rules::prelude::*;
use crate::x12::values;

pub const META: RuleMeta = RuleMeta {
    code: "X028",
    name: "invalid-group-header",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Group(|c, n| check(c, &n.group.gs))],
    summary: "a GS element is missing, too long, or not a valid date, time or number",
    ack: Ack {
        ak905: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks the functional group header: GS02 and GS03 (sender and receiver codes, 2–15
characters), GS04 (a `CCYYMMDD` date), GS05 (an `HHMM[SS[D[D]]]` time), GS06 (a group
control number of 1–9 digits) and GS07 (`X`, the X12 responsible agency). GS01 and GS08 have
rules of their own.

## Why does it matter?
The receiver echoes these values in its 999; invalid ones reject the group (AK905 6 for
the control number).

## Example
```text
GS*HC*SENDER*RECEIVER*20240132*1030*101*X*005010X222A1~
```
January has no 32nd day.

## How to fix
Write the creation date as `CCYYMMDD`, the time as `HHMM`, and GS06 as 1–9 digits.

## References
GS02–GS07 (data elements 142, 124, 373, 337, 28, 455).
"#,
};

/// X028
pub fn check(checker: &mut Checker, gs: &Segment<'_>) {
    for n in [2, 3] {
        let v = gs.value(n);
        if !(2..=15).contains(&v.len()) {
            let problem = if v.is_empty() {
                "is missing".to_string()
            } else {
                format!("`{}` is {} characters long", shown(v), v.len())
            };
            finding(
                checker,
                gs,
                n,
                format!("GS{n:02} {problem}"),
                "expected 2–15 characters",
                "write the application sender and receiver codes agreed with your trading partner (2–15 characters)",
            );
        }
    }
    let date = gs.value(4);
    if values::date8(date).is_none() {
        finding(
            checker,
            gs,
            4,
            format!("GS04 `{}` is not a valid date", shown(date)),
            "expected a calendar date as CCYYMMDD",
            "write the group creation date as `CCYYMMDD`, e.g. `20240115`",
        );
    }
    let time = gs.value(5);
    if !(4..=8).contains(&time.len()) || !values::time(time) {
        finding(
            checker,
            gs,
            5,
            format!("GS05 `{}` is not a valid time", shown(time)),
            "expected HHMM, HHMMSS, HHMMSSD or HHMMSSDD",
            "write the group creation time as `HHMM`, e.g. `1030`",
        );
    }
    let control = gs.value(6);
    if !(1..=9).contains(&control.len()) || !control.iter().all(u8::is_ascii_digit) {
        finding(
            checker,
            gs,
            6,
            format!(
                "GS06 `{}` is not a group control number of 1–9 digits",
                shown(control)
            ),
            "expected 1–9 digits",
            "write a group control number of 1–9 digits in GS06 and repeat it in GE02",
        );
    }
    let agency = gs.value(7);
    if agency != b"X" {
        finding(
            checker,
            gs,
            7,
            format!("GS07 `{}` is not `X`", shown(agency)),
            "expected `X` (Accredited Standards Committee X12)",
            "write `X` in GS07",
        );
    }
}

fn finding(
    checker: &mut Checker,
    gs: &Segment<'_>,
    n: usize,
    message: String,
    label: &str,
    help: &str,
) {
    checker
        .report_in(Rule::InvalidGroupHeader, gs, element_span(gs, n), message)
        .element("GS", n, None)
        .label(label)
        .help(help);
}
