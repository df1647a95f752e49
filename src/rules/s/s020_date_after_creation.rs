//! S020 `date-after-creation`

use crate::claim::{LoopId, dtp_period};
use crate::rules::prelude::*;
use crate::rules::registry::ClaimStatus;
use crate::x12::values::{Date, date8};

pub const META: RuleMeta = RuleMeta {
    code: "S020",
    name: "date-after-creation",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::Transaction(check)],
    summary: "a service date, or the date of a past event (onset, initial treatment, last seen…), is after the date the claim file was created (BHT04)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "187",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Compares dates with the date the transaction set was created, `BHT04`:

- every service date (`DTP*472` in loop 2400; for a range, its last day);
- the claim's dates of events that have already happened when a claim is billed: onset of
  current illness (`DTP*431`), initial treatment (`454`), last seen (`304`), acute
  manifestation (`453`), accident (`439`), last menstrual period (`484`), last X-ray
  (`455`), prescription (`471`) and first visit (`444`).

A date after BHT04 is reported on its DTP03. Dates that may lie ahead (a disability
period, a return to work) are not compared. Values that are not valid dates are H043's
and H014's.

## Why does it matter?
A claim cannot bill a service that has not happened yet. Payer front ends reject claims
with future dates of service in the claim acknowledgment (277CA `A7`, status `187`,
date(s) of service), and treat a future onset or treatment date the same way: the claim
is returned before adjudication. Hence an error.

## Example
```text
BHT*0019*00*BATCH0001*20240115*1030*CH~
...
DTP*472*D8*20240210~
```

## How to fix
Correct the date, or hold the claim until the service has been rendered.

## References
BHT04 (transaction set creation date); loop 2300 DTP (431, 454, 304…), loop 2400
`DTP*472`.
"#,
};

/// DTP01 qualifiers of loop 2300 that date an event that has already happened.
const PAST_EVENTS: &[&[u8]] = &[
    b"431", b"454", b"304", b"453", b"439", b"484", b"455", b"471", b"444",
];

/// BHT04 of the transaction set, when it is a valid date.
pub fn creation_date<'a>(t: &Transaction<'a>) -> Option<(Date, Segment<'a>)> {
    let bht = t.segments.iter().take(3).find(|s| s.is(b"BHT"))?;
    Some((date8(bht.value(4))?, *bht))
}

/// S020
pub fn check(checker: &mut Checker, t: &Transaction<'_>) {
    let Some((created, bht)) = creation_date(t) else {
        return;
    };
    for claim in &t.claims {
        checker.set_claim(Some(claim.ordinal), None);
        checker.set_loop(Some(LoopId::L2300.as_str()));
        for dtp in &claim.dates {
            if !PAST_EVENTS.contains(&dtp.value(1)) {
                continue;
            }
            if let Some((_, to)) = dtp_period(dtp)
                && to > created
            {
                report(checker, dtp, to, created, &bht);
            }
        }
        for line in &claim.lines {
            checker.set_claim(Some(claim.ordinal), line.number());
            checker.set_loop(Some(LoopId::L2400.as_str()));
            for dtp in &line.service_dates {
                if let Some((_, to)) = dtp_period(dtp)
                    && to > created
                {
                    report(checker, dtp, to, created, &bht);
                }
            }
        }
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
}

fn report(checker: &mut Checker, dtp: &Segment<'_>, date: Date, created: Date, bht: &Segment<'_>) {
    let what =
        crate::rules::h::h043_invalid_qualified_date::dtp_name(dtp.value(1)).unwrap_or("event");
    checker
        .report_in(
            Rule::DateAfterCreation,
            dtp,
            element_span(dtp, 3),
            format!("{what} date {date} is after the file's creation date {created} (BHT04)"),
        )
        .element("DTP", 3, None)
        .label(format!("after {created}"))
        .secondary(
            element_span(bht, 4),
            "the transaction set was created on this date",
        )
        .help("correct the date; a claim bills services and events that have already happened");
}
