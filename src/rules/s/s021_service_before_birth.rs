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

/// DMG02 read as a `D8` date when DMG01 is `D8`.
#[cfg(test)]
fn birth_date(dmg: &Segment<'_>) -> Option<Date> {
    match birth_digits(dmg) {
        Some(digits) => date8(digits),
        None => birth_date_by_elements(dmg),
    }
}

/// DMG02's eight bytes in `DMG*D8*CCYYMMDD`, the usual form, found in place, where finding
/// each element by a scan of the segment cost more than the rest of the rule; `None` for
/// any other form, read by [`birth_date_by_elements`].
fn birth_digits<'a>(dmg: &Segment<'a>) -> Option<&'a [u8]> {
    let separator = dmg.delimiters.element;
    // A separator that could be part of `D8` or of a date would make the bytes read
    // differently as elements: those take the general reading.
    if let [b'D', b'M', b'G', s1, b'D', b'8', s2, ref rest @ ..] = *dmg.raw
        && s1 == separator
        && s2 == separator
        && !separator.is_ascii_alphanumeric()
        && rest.len() >= 8
        && rest.get(8).is_none_or(|&b| b == separator)
    {
        return Some(&rest[..8]);
    }
    None
}

/// DMG02 read as a `D8` date when DMG01 is `D8`, element by element.
fn birth_date_by_elements(dmg: &Segment<'_>) -> Option<Date> {
    if dmg.value(1) != b"D8" {
        return None;
    }
    date8(dmg.value(2))
}

/// Eight ASCII digits as the number they write (`20160513`), which is the [`Date`]'s
/// integer when [`date8`] reads them as one. Bytes that are not digits give some number:
/// [`date8`] reads no date from them either.
fn digits_value(digits: &[u8]) -> u32 {
    const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);
    let Ok(word) = <[u8; 8]>::try_from(digits) else {
        return 0;
    };
    // The first digit in the low byte: pairs, then fours, then all eight.
    let v = u64::from_le_bytes(word).wrapping_sub(ZEROS);
    let v = (v.wrapping_mul(10).wrapping_add(v >> 8)) & 0x00ff_00ff_00ff_00ff;
    let v = (v.wrapping_mul(100).wrapping_add(v >> 16)) & 0x0000_ffff_0000_ffff;
    (v.wrapping_mul(10_000).wrapping_add(v >> 32)) as u32
}

/// S021
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    let Some(dmg) = &claim.patient_dmg else {
        return;
    };
    let born = match birth_digits(dmg) {
        Some(digits) => {
            // Services almost always follow the birth: the earliest service compared with
            // DMG02's digits as a number settles it without reading the date (a line before
            // the birth date is before that number too, whenever DMG02 is a date).
            if claim
                .earliest_line_date()
                .is_none_or(|from| from.0 >= digits_value(digits))
            {
                return;
            }
            date8(digits)
        }
        None => birth_date_by_elements(dmg),
    };
    if let Some(born) = born {
        report(checker, claim, dmg, born);
    }
}

/// S021 once the birth date is read: the lines before it, if any, reported.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, dmg: &Segment<'_>, born: Date) {
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

    /// Eight digits read as a number are the date's integer whenever they are a date, and
    /// any bytes give some number without overflow.
    #[test]
    fn digits_value_is_the_dates_integer() {
        for year in (0..10_000).step_by(7).chain([1799, 1800, 2000, 2024, 9999]) {
            for month in 0..=13 {
                for day in [0, 1, 9, 10, 28, 29, 30, 31, 32, 99] {
                    let text = format!("{year:04}{month:02}{day:02}");
                    let value = digits_value(text.as_bytes());
                    assert_eq!(value, text.parse::<u32>().unwrap(), "{text}");
                    if let Some(date) = date8(text.as_bytes()) {
                        assert_eq!(date.0, value, "{text}");
                    }
                }
            }
        }
        for bytes in [&b"ABCDEFGH"[..], &[0xff; 8], &[0; 8], b"0000000/", b"2016"] {
            assert!(date8(bytes).is_none());
            let _ = digits_value(bytes);
        }
    }

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
                let raw = Segment::text_with_separator(text, separator);
                let dmg = Segment::written_with(&raw, separator);
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
