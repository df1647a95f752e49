//! S020 `date-after-creation`

use crate::claim::{LoopId, dtp_period};
use crate::diagnostic::Diagnostic;
use crate::rules::cap::Capped;
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

Dates that may lie ahead (a disability period, a return to work) are not compared. Values
that are not valid dates are H043's and H014's.

A date after BHT04 is reported on its DTP03, one finding per date, while BHT04 is the
likelier date to be right. When BHT04 itself is the likely problem, S020 instead reports
once per transaction set, on BHT04, with the number of dates after it and the first of
them. That is when at least two dates are after BHT04 and either:

- every service line's date is (at least as many service dates are after BHT04 as the
  set has service lines), or
- more than ten dates are, or more than `--max-findings-per-rule` (which would have cut
  the list short).

So a file created on the wrong day, or an old test file replayed, gets one finding, and
a set where two claims of fifty carry a future date gets one finding for each.

## Why does it matter?
A claim cannot bill a service that has not happened yet. Payer front ends reject claims
with future dates of service in the claim acknowledgment (277CA `A7`, status `187`,
date(s) of service), and treat a future onset or treatment date the same way: the claim
is returned before adjudication. Hence an error. The one finding on BHT04 is about the
whole set: `claimlint ack --format 277ca` rejects each of its claims for it.

## Example
```text
BHT*0019*00*BATCH0001*20240115*1030*CH~
...
DTP*472*D8*20240110~
...
DTP*472*D8*20240210~
```
One service date of two is after BHT04: it is reported.

## How to fix
Correct the date, or hold the claim until the service has been rendered. When every date
is after BHT04, correct BHT04 (and BHT05) to when the file was created.

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

/// More dates after BHT04 than this in one set: BHT04 is the likely problem.
const MANY: usize = 10;

/// S020, on one model (a whole set, or one part of a large one): the finding of each date
/// after BHT04, after one on BHT04 itself that [`settle`] keeps or drops once the set's
/// findings are all in.
pub fn check(checker: &mut Checker, t: &Transaction<'_>) {
    let Some((created, bht)) = creation_date(t) else {
        return;
    };
    checker.set_claim(None, None);
    checker.set_loop(None);
    // Reported first, so that the cap never leaves it out; a part that does not own BHT04
    // lets it go, and the part that does keeps it.
    checker
        .report_in(
            Rule::DateAfterCreation,
            &bht,
            element_span(&bht, 4),
            format!("transaction set created on {created} (BHT04)"),
        )
        .element("BHT", 4, None);
    // The context of a finding is set when there is one, not for every claim and line.
    for claim in &t.claims {
        for dtp in &claim.dates {
            if !PAST_EVENTS.contains(&qualifier(dtp)) {
                continue;
            }
            if let Some((_, to)) = dtp_period(dtp)
                && to > created
            {
                checker.set_claim(Some(claim.ordinal), None);
                checker.set_loop(Some(LoopId::L2300.as_str()));
                report(checker, dtp, to, created, &bht);
            }
        }
        for line in &claim.lines {
            // Most lines have one DTP*472, the date the model read: no other to read.
            if let Some(d) = line.date_of_service
                && line.service_dates.len() == 1
            {
                if d.to > created {
                    checker.set_claim(Some(claim.ordinal), line.number());
                    checker.set_loop(Some(LoopId::L2400.as_str()));
                    report(checker, &line.service_dates[0], d.to, created, &bht);
                }
                continue;
            }
            for (i, dtp) in line.service_dates.iter().enumerate() {
                // The model read the line's first readable date already.
                let period = match line.date_of_service {
                    Some(d) if d.index == i => Some((d.from, d.to)),
                    _ => dtp_period(dtp),
                };
                if let Some((_, to)) = period
                    && to > created
                {
                    checker.set_claim(Some(claim.ordinal), line.number());
                    checker.set_loop(Some(LoopId::L2400.as_str()));
                    report(checker, dtp, to, created, &bht);
                }
            }
        }
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
}

/// DTP01, found in place in the usual `DTP*431*…`: every claim-level date is asked for
/// it, and finding it by a scan of the segment cost more than the rest of the test.
fn qualifier<'a>(dtp: &Segment<'a>) -> &'a [u8] {
    let separator = dtp.delimiters.element;
    if let [a, b, c, s1, q1, q2, q3, s2, ..] = *dtp.raw
        && s1 == separator
        && s2 == separator
        && ![a, b, c, q1, q2, q3].contains(&separator)
    {
        return &dtp.raw[4..7];
    }
    dtp.value(1)
}

#[inline(never)]
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

/// Whether `d` is the finding on BHT04 that [`check`] reports for the whole set.
fn on_bht04(d: &Diagnostic) -> bool {
    d.rule == Rule::DateAfterCreation
        && d.location
            .element
            .as_ref()
            .is_some_and(|e| e.segment == "BHT")
}

/// Settles S020 for one transaction set once all its findings are in (`diagnostics` and
/// `capped`, from the set checked whole or from all its parts; `service_lines` in the
/// set): one finding on BHT04 when it is the likely problem (see the rule's doc), else
/// the finding of each date.
pub fn settle(
    bytes: &[u8],
    diagnostics: &mut Vec<Diagnostic>,
    capped: &mut Vec<Capped>,
    service_lines: u64,
) {
    let Some(at) = diagnostics.iter().position(on_bht04) else {
        return;
    };
    let mut bht04 = diagnostics.remove(at);
    let rule = Rule::DateAfterCreation;
    let in_2400 = |d: &Diagnostic| d.location.loop_id == Some(LoopId::L2400.as_str());
    let left_out = capped.iter().position(|c| c.first.rule == rule);
    let (more, more_in_2400) = left_out.map_or((0, 0), |i| {
        let c = &capped[i];
        (c.more, if in_2400(&c.first) { c.more } else { 0 })
    });
    let shown = || diagnostics.iter().filter(|d| d.rule == rule);
    let after = shown().count() + more;
    let service_after = shown().filter(|d| in_2400(d)).count() + more_in_2400;
    let every_line = service_lines > 0 && service_after as u64 >= service_lines;
    // The finding on BHT04 took one place under the cap: a date was left out for want of
    // room only when more than one was.
    if after < 2 || !(every_line || after > MANY || more > 1) {
        // The finding on BHT04 held a place under the cap: it goes to the first date
        // left out, if any.
        if let Some(i) = left_out {
            diagnostics.push(capped[i].first.clone());
            capped[i].more -= 1;
            if capped[i].more == 0 {
                capped.remove(i);
            }
        }
        return;
    }
    let first = shown()
        .map(|d| d.span)
        .min_by_key(|s| s.start)
        .or_else(|| left_out.map(|i| capped[i].first.span));
    diagnostics.retain(|d| d.rule != rule);
    if let Some(i) = left_out {
        capped.remove(i);
    }
    let created = bytes
        .get(bht04.span.start..bht04.span.end)
        .and_then(date8)
        .map_or_else(String::new, |d| format!(" {d}"));
    let message = if every_line {
        format!(
            "BHT04{created} is likely wrong: every service date of the transaction set is after it"
        )
    } else {
        format!("BHT04{created} is likely wrong: {after} dates of the transaction set are after it")
    };
    bht04
        .set_message(message)
        .label(format!("{after} dates are after this date"));
    if let Some(first) = first {
        bht04.secondary(first, "the first date after BHT04");
    }
    bht04.help(
        "if the file was created later, correct BHT04 (and BHT05) to when it was; otherwise correct the dates: a claim bills services and events that have already happened",
    );
    diagnostics.push(bht04);
}

#[cfg(test)]
mod tests {
    use crate::{Rule, Settings, SourceFile, lint};

    /// DTP01 found in place is the element the segment gives, for any separator.
    #[test]
    fn qualifier_in_place_is_dtp01() {
        use crate::x12::Segment;
        for text in [
            "DTP*431*D8*20240110",
            "DTP*431*",
            "DTP*431",
            "DTP*4312*D8*20240110",
            "DTP*43*D8*20240110",
            "DTP**D8*20240110",
            "DTPX*431*D8",
            "DTP*4*1*D8",
            "DT*4311*D8",
            "",
            "DTP",
        ] {
            for separator in [b'*', b'|', b'D', b'P', b'4', b'1', b'8'] {
                let raw = Segment::text_with_separator(text, separator);
                let dtp = Segment::written_with(&raw, separator);
                assert_eq!(
                    super::qualifier(&dtp),
                    dtp.value(1),
                    "{text} with {}",
                    separator as char
                );
            }
        }
    }

    /// S020's findings on a sample: (the text under each span, the segment it is in).
    fn findings(sample: &str, cap: usize, part_bytes: usize) -> Vec<(String, String)> {
        let path = format!("{}/samples/rules/S020/{sample}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut settings = Settings::select(&["S020".to_string()], &[]).unwrap();
        settings.set_max_findings_per_rule(cap);
        settings.set_part_bytes(part_bytes);
        let report = lint(&SourceFile::new(sample, bytes.clone()), &settings);
        report
            .diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.rule, Rule::DateAfterCreation);
                let element = d.location.element.as_ref().expect("element");
                (
                    String::from_utf8_lossy(&bytes[d.span.start..d.span.end]).into_owned(),
                    element.segment.clone(),
                )
            })
            .collect()
    }

    fn on_bht04(created: &str) -> Vec<(String, String)> {
        vec![(created.to_string(), "BHT".to_string())]
    }

    #[test]
    fn few_dates_after_bht04_among_others_are_reported_one_by_one() {
        let each = vec![
            ("20240120".to_string(), "DTP".to_string()),
            ("20240125".to_string(), "DTP".to_string()),
        ];
        assert_eq!(findings("bad_few_dates_after_creation.x12", 100, 0), each);
        // Two fit under a cap of two: the finding on BHT04 the rule holds in reserve
        // does not push one out.
        assert_eq!(findings("bad_few_dates_after_creation.x12", 2, 0), each);
        // Under a cap of one, the list would be cut short: BHT04 is reported instead.
        assert_eq!(
            findings("bad_few_dates_after_creation.x12", 1, 0),
            on_bht04("20240115")
        );
        assert_eq!(
            findings("bad_service_after_creation.x12", 1, 0),
            vec![("20240210".to_string(), "DTP".to_string())]
        );
        assert!(findings("ok_dates_before_creation.x12", 100, 0).is_empty());
    }

    #[test]
    fn every_service_date_or_many_dates_after_bht04_give_one_finding_on_it() {
        assert_eq!(
            findings("bad_every_date_after_creation.x12", 100, 0),
            on_bht04("20230115")
        );
        // The first subscriber's claim is dated before BHT04, the second's eleven lines
        // after it. Checked in parts (one per subscriber), the part that owns BHT04 has
        // no date after it: the finding is the same.
        for part_bytes in [0, 1] {
            assert_eq!(
                findings("bad_many_dates_after_creation.x12", 100, part_bytes),
                on_bht04("20240115")
            );
        }
    }
}
