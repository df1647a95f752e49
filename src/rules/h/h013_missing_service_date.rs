//! H013 `missing-service-date`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H013",
    name: "missing-service-date",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Line(|c, n| check(c, n.line))],
    summary: "a service line has no `DTP*472` service date, or more than one",
    ack: Ack {
        ik304: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[
        Owned::missing("DTP").when("472"),
        Owned::repeated("DTP").when("472"),
    ],
    doc: r#"## What it does
Checks that every service line (loop 2400) has exactly one service date segment, DTP with
DTP01 `472`. A line without one is reported at its LX; a line with several is reported at
the second. The date itself is checked by H014.

## Why does it matter?
The service date decides which coverage, fee schedule and code set versions apply to the
line. On a professional claim it is required on every line even when all lines share one
date. A missing date is a missing required segment, and a second one exceeds the segment's
maximum use: front ends reject the transaction set in their 999.

## Example
```text
LX*1~
SV1*HC:99213*100*UN*1***1~
LX*2~
```
Line 1 has no `DTP*472`.

## How to fix
Send one `DTP*472` after the SV1 of each line: `D8` with one date, or `RD8` with a range
for a service over several days.

## References
Loop 2400 DTP service date, DTP01 date/time qualifier `472` (data element 374).
"#,
};

/// H013
pub fn check(checker: &mut Checker, line: &ServiceLine<'_>) {
    // One service date, as nearly every line has: nothing to report, nothing to set up.
    if line.service_dates.len() != 1 {
        report(checker, line);
    }
}

/// [`check`] of a line with no service date or more than one.
#[inline(never)]
fn report(checker: &mut Checker, line: &ServiceLine<'_>) {
    match line.service_dates.as_slice() {
        [] => {
            let lx = &line.lx;
            checker
                .report_in(
                    Rule::MissingServiceDate,
                    lx,
                    lx.span(),
                    "service line has no DTP*472 service date",
                )
                .label("no service date in this line")
                .help("add `DTP*472*D8*CCYYMMDD` after the line's SV1, or `RD8` with `CCYYMMDD-CCYYMMDD` for a range");
        }
        [_] => {}
        [first, second, ..] => {
            let count = line.service_dates.len();
            checker
                .report_in(
                    Rule::MissingServiceDate,
                    second,
                    element_span(second, 1),
                    format!("service line has {count} DTP*472 service dates; only one is allowed"),
                )
                .element("DTP", 1, None)
                .label("second service date")
                .secondary(element_span(first, 1), "first service date")
                .help("send one DTP*472 per line: use `RD8` with a range for a service over several days, or split it into several lines");
        }
    }
}
