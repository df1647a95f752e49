//! S021 `service-before-birth`

use crate::claim::LoopId;
use crate::rules::prelude::*;
use crate::rules::registry::ClaimStatus;
use crate::x12::values::{Date, date8};

pub const META: RuleMeta = RuleMeta {
    code: "S021",
    name: "service-before-birth",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "a service date is before the patient's birth date",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "158",
        entity: Some("QC"),
    }),
    owns: &[],
    doc: r#"## What it does
Compares the first day of every service line's date (`DTP*472`) with the patient's birth
date: `DMG02` of loop 2010CA when the patient is not the subscriber, of loop 2010BA when
the patient is the subscriber (`D8` dates only; other values are H043's). A service
before the patient was born is reported on the service date, with the birth date as a
label; when several lines are, once for the claim, on the first, with the others as
labels (a wrong birth date puts them all before it).

## Why does it matter?
A service cannot precede birth; one of the two dates is wrong. Payer front ends reject
the claim in the claim acknowledgment (277CA `A7`, status `158`, entity's date of birth),
hence an error.

## Example
```text
DMG*D8*20240301*F~
...
DTP*472*D8*20240110~
```

## How to fix
Correct the birth date in the patient's (or subscriber's) `DMG`, or the service date.

## References
Loop 2010CA/2010BA DMG02; loop 2400 `DTP*472`.
"#,
};

/// DMG02 read as a `D8` date when DMG01 is `D8`: `DMG*D8*CCYYMMDD`, the usual form,
/// compared in place, where finding each element by a scan of the segment cost more than
/// the rest of the rule.
fn birth_date(dmg: &Segment<'_>) -> Option<Date> {
    let separator = dmg.delimiters.element;
    // A separator that could be part of `D8` or of a date would make the bytes read
    // differently as elements: those take the general reading below.
    if let [b'D', b'M', b'G', s1, b'D', b'8', s2, ref rest @ ..] = *dmg.raw
        && s1 == separator
        && s2 == separator
        && !separator.is_ascii_alphanumeric()
        && rest.len() >= 8
        && rest.get(8).is_none_or(|&b| b == separator)
    {
        return date8(&rest[..8]);
    }
    birth_date_by_elements(dmg)
}

/// [`birth_date`] read element by element.
fn birth_date_by_elements(dmg: &Segment<'_>) -> Option<Date> {
    if dmg.value(1) != b"D8" {
        return None;
    }
    date8(dmg.value(2))
}

/// S021
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    let Some(dmg) = &claim.patient_dmg else {
        return;
    };
    let Some(born) = birth_date(dmg) else {
        return;
    };
    // One finding for the claim: a wrong birth date puts every line before it.
    let mut before = claim
        .lines
        .iter()
        .filter_map(|line| Some((line, line.date_of_service.as_ref()?)))
        .filter(|(_, dos)| dos.from < born);
    let Some((line, dos)) = before.next() else {
        return;
    };
    checker.set_claim(Some(claim.ordinal), line.number());
    checker.set_loop(Some(LoopId::L2400.as_str()));
    let d = checker.report_in(
        Rule::ServiceBeforeBirth,
        &dos.dtp,
        element_span(&dos.dtp, 3),
        format!(
            "service date {} is before the patient's birth date {born}",
            dos.from
        ),
    );
    d.element("DTP", 3, None)
        .label(format!("before {born}"))
        .secondary(element_span(dmg, 2), "the patient's birth date")
        .help("correct the patient's birth date (DMG02) or the service date");
    let others: Vec<_> = before.collect();
    if !others.is_empty() {
        d.extend_message(&format!(
            " (and {} more line{} of this claim)",
            others.len(),
            if others.len() == 1 { "" } else { "s" }
        ));
        for (_, dos) in others {
            d.secondary(element_span(&dos.dtp, 3), "before it too");
        }
    }
    checker.set_claim(Some(claim.ordinal), None);
    checker.set_loop(Some(LoopId::L2300.as_str()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::Delimiters;

    /// The date read in place is the date the elements give, for any DMG.
    #[test]
    fn birth_date_in_place_is_the_elements_date() {
        for text in [
            "DMG*D8*20160513*M",
            "DMG*D8*20160513",
            "DMG*D8*20160513*",
            "DMG*D8*2016051",
            "DMG*D8*201605130*M",
            "DMG*D8*20161313*M",
            "DMG*D8**20160513",
            "DMG*D8*2016*513*M",
            "DMG*D8",
            "DMG*D8*",
            "DMG*RD8*20160513*M",
            "DMG*D9*20160513*M",
            "DMG**20160513*M",
            "DMG*D8:X*20160513*M",
            "DMG",
            "",
            "DMGX*D8*20160513*M",
            "DMG*D8*17991231*M",
            "DMG*D8*20240229*F",
            "DMG*D8*20230229*F",
        ] {
            for separator in [b'*', b'|', b'D', b'8', b'2', b'1', b'M'] {
                let raw: Vec<u8> = text
                    .bytes()
                    .map(|b| if b == b'*' { separator } else { b })
                    .collect();
                let dmg = Segment {
                    raw: &raw,
                    start: 0,
                    ordinal: 1,
                    delimiters: Delimiters {
                        element: separator,
                        ..Delimiters::default()
                    },
                };
                assert_eq!(
                    birth_date(&dmg),
                    birth_date_by_elements(&dmg),
                    "{text} with {}",
                    separator as char
                );
            }
        }
    }
}
