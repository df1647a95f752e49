//! S023 `onset-on-service-date`

use crate::rules::prelude::*;
use crate::rules::registry::ClaimStatus;
use crate::x12::values::date8;

pub const META: RuleMeta = RuleMeta {
    code: "S023",
    name: "onset-on-service-date",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Claim(check)],
    summary: "the onset of current illness or symptom date (DTP*431) equals a service date: omit it",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "21",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when the claim's onset of current illness or symptom date (`DTP*431` in loop 2300)
is a date of service of one of its lines: the line's `DTP*472` date, or a day of its
`RD8` range (each day of the range is a date of service). One finding per claim, on the
onset date, with the first such service date as a label.

Only the first readable `D8` onset date is compared, with each line's first readable
service date; values that are not valid dates are H014's and H043's.

## Why does it matter?
The onset date is situational: it is sent when the condition began before the visit, to
give the payer the clinical timeline. It must differ from the service dates; an onset on
the day of service says nothing the service date does not, and some payers and
clearinghouses reject the claim for it.

## Example
```text
CLM*PCN0001*150***11:B:1*Y*A*Y*Y~
DTP*431*D8*20240110~
...
DTP*472*D8*20240110~
```

## How to fix
Omit the `DTP*431` segment, or correct it to the date the symptoms began if that was
earlier.

## References
Loop 2300 `DTP*431` (onset of current illness or symptom); loop 2400 `DTP*472`.
"#,
};

/// S023
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    let Some((onset, dtp)) = claim
        .dates
        .iter()
        .filter(|d| d.value(1) == b"431" && d.value(2) == b"D8")
        .find_map(|d| Some((date8(d.value(3))?, d)))
    else {
        return;
    };
    let mut on = claim
        .lines
        .iter()
        .filter_map(|line| line.date_of_service)
        .filter(|dos| dos.from <= onset && onset <= dos.to);
    let Some(first) = on.next() else {
        return;
    };
    let lines = match 1 + on.count() {
        1 => String::new(),
        n => format!(" of {n} lines"),
    };
    let d = checker.report_in(
        Rule::OnsetOnServiceDate,
        dtp,
        element_span(dtp, 3),
        format!("onset date {onset} (DTP*431) is a date of service{lines} of this claim"),
    );
    d.element("DTP", 3, None)
        .label("the onset date")
        .secondary(
            element_span(&first.dtp, 3),
            if first.from == first.to {
                "the same date of service".to_string()
            } else {
                "a date of service in this range".to_string()
            },
        )
        .help("omit DTP*431, or send the earlier date the symptoms began");
}
