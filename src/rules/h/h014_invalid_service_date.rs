//! H014 `invalid-service-date`

use crate::rules::prelude::*;
use crate::x12::values::{date_range, date8};

pub const META: RuleMeta = RuleMeta {
    code: "H014",
    name: "invalid-service-date",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Line(|c, n| check(c, n.line))],
    summary: "a `DTP*472` service date is not a valid `D8` date or `RD8` range",
    ack: Ack {
        ik403: Some("8"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[
        Owned::element("DTP", 2).when("472"),
        Owned::element("DTP", 3).when("472"),
    ],
    doc: r#"## What it does
Checks every service date segment (DTP with DTP01 `472`) of every service line. The format
qualifier DTP02 is `D8` for one date or `RD8` for a range. With `D8`, DTP03 is one real
calendar date `CCYYMMDD`; with `RD8`, it is two real dates `CCYYMMDD-CCYYMMDD`, the first
not later than the second.

## Why does it matter?
Payers price and adjudicate each line by its date of service. A date that does not exist,
a range that ends before it starts, or a format the guide does not allow is rejected in
the 999 or the claim acknowledgment, and the line cannot be paid.

## Example
```text
DTP*472*D8*20240230~
DTP*472*RD8*20240110-20240105~
```

## How to fix
Send `DTP*472*D8*CCYYMMDD` for a single date and `DTP*472*RD8*CCYYMMDD-CCYYMMDD` for a
range, with real dates and the earlier date first.

## References
Loop 2400 DTP service date: DTP02 date/time period format qualifier (data element 1250),
DTP03 date/time period (data element 1251).
"#,
};

/// H014
pub fn check(checker: &mut Checker, line: &ServiceLine<'_>) {
    for (i, dtp) in line.service_dates.iter().enumerate() {
        // The model read this one already: it is a valid date or range.
        if line.date_of_service.is_some_and(|d| d.index == i) {
            continue;
        }
        check_one(checker, dtp);
    }
}

fn check_one(checker: &mut Checker, dtp: &Segment<'_>) {
    let format = dtp.value(2);
    let period = dtp.element(3);
    let value = period.map(|e| e.value).unwrap_or_default();
    let help_d8 =
        "send one date as `DTP*472*D8*CCYYMMDD`, or a range as `DTP*472*RD8*CCYYMMDD-CCYYMMDD`";
    if format != b"D8" && format != b"RD8" {
        let message = if format.is_empty() {
            "DTP02 date format qualifier of the service date is missing".to_string()
        } else {
            format!(
                "date format `{}` is not allowed for a service date",
                shown(format)
            )
        };
        checker
            .report_in(Rule::InvalidServiceDate, dtp, element_span(dtp, 2), message)
            .element("DTP", 2, None)
            .label("expected `D8` or `RD8`")
            .help(help_d8);
        return;
    }
    if value.is_empty() {
        checker
            .report_in(
                Rule::InvalidServiceDate,
                dtp,
                element_span(dtp, 3),
                "DTP03 service date is missing",
            )
            .element("DTP", 3, None)
            .label(if format == b"D8" {
                "expected `CCYYMMDD`"
            } else {
                "expected `CCYYMMDD-CCYYMMDD`"
            })
            .help(help_d8);
        return;
    }
    let Some(period) = period else {
        return;
    };
    if format == b"D8" {
        if date8(value).is_some() {
            return;
        }
        let label = if date_range(value).is_some() {
            "a range needs the qualifier `RD8`"
        } else {
            date_label(value)
        };
        checker
            .report_in(
                Rule::InvalidServiceDate,
                dtp,
                period.span(),
                format!("service date `{}` is not a valid date", shown(value)),
            )
            .element("DTP", 3, None)
            .label(label)
            .help(help_d8);
        return;
    }
    // RD8
    let Some(dash) = memchr::memchr(b'-', value) else {
        let label = if date8(value).is_some() {
            "one date needs the qualifier `D8`"
        } else {
            "expected `CCYYMMDD-CCYYMMDD`"
        };
        checker
            .report_in(
                Rule::InvalidServiceDate,
                dtp,
                period.span(),
                format!("service date range `{}` is not two dates", shown(value)),
            )
            .element("DTP", 3, None)
            .label(label)
            .help(help_d8);
        return;
    };
    let halves = [
        (&value[..dash], period.start),
        (&value[dash + 1..], period.start + dash + 1),
    ];
    for (half, start) in halves {
        if date8(half).is_none() {
            checker
                .report_in(
                    Rule::InvalidServiceDate,
                    dtp,
                    Span::at(start, half.len()),
                    format!("service date range `{}` has an invalid date", shown(value)),
                )
                .element("DTP", 3, None)
                .label(date_label(half))
                .help(help_d8);
            return;
        }
    }
    if let Some((from, to)) = date_range(value)
        && from > to
    {
        checker
            .report_in(
                Rule::InvalidServiceDate,
                dtp,
                period.span(),
                format!(
                    "service date range `{}` ends before it starts",
                    shown(value)
                ),
            )
            .element("DTP", 3, None)
            .label(format!("{to} is before {from}"))
            .help("put the first date of service first: `CCYYMMDD-CCYYMMDD`");
    }
}

/// Why a value that should be `CCYYMMDD` is not.
fn date_label(value: &[u8]) -> &'static str {
    if value.len() == 8 && value.iter().all(u8::is_ascii_digit) {
        "no such calendar date"
    } else if value.len() == 6 && value.iter().all(u8::is_ascii_digit) {
        "expected `CCYYMMDD` with a 4-digit year"
    } else {
        "expected `CCYYMMDD`"
    }
}
