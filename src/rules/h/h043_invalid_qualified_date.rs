//! H043 `invalid-qualified-date`

use crate::rules::prelude::*;
use crate::rules::registry::id_key;
use crate::x12::values::{Date, date_range, date6, date8, time};
use crate::x12::words;

pub const META: RuleMeta = RuleMeta {
    code: "H043",
    name: "invalid-qualified-date",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Segment {
        ids: &["DTP", "DMG", "PAT", "HI"],
        check,
    }],
    summary: "a date or time is not valid in the format its qualifier names (D8, RD8, DT, TM), or a range ends before it starts",
    ack: Ack {
        ik403: Some("8"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks every date and time whose format is named by a qualifier before it, in every loop:
every `DTP` segment (DTP02 names the format of DTP03), the birth date `DMG02` (by
`DMG01`), the patient's date of death `PAT06` (by `PAT05`), and the date components of
`HI` composites (`HIxx-4` by `HIxx-3`). The value must be real in that format:

| qualifier | format |
|---|---|
| `D8` | `CCYYMMDD`, a real calendar date from 1800 on |
| `RD8` | `CCYYMMDD-CCYYMMDD`, two real dates, the first not after the second |
| `DT` | `CCYYMMDDHHMM`, a real date and time |
| `D6` | `YYMMDD` |
| `TM` | `HHMM`, `HHMMSS`, `HHMMSSD` or `HHMMSSDD` |

The X12 dictionary types these elements as plain text (data element 1251), so the generic
date check never sees them. A qualifier the guide does not allow there is H035's; the
service date `DTP*472` is H014's.

## Why does it matter?
A date that does not exist (month 13, day 99) is an invalid date in the 999 (IK403 `8`)
and rejects the transaction set; a range that ends before it starts cannot be adjudicated.

## Example
```text
DMG*D8*19431341*F~
DTP*431*D8*20051399~
DTP*314*RD8*20051208-20051109~
```

## How to fix
Write real dates in the format the qualifier names, and ranges with the earlier date first.

## References
DTP02/DTP03, DMG01/DMG02, PAT05/PAT06 (data elements 1250 and 1251); C022-3/C022-4.
"#,
};

/// A format qualifier claimlint can check, with the pattern for messages.
fn pattern(format: &[u8]) -> Option<&'static str> {
    Some(match format {
        b"D8" => "CCYYMMDD",
        b"RD8" => "CCYYMMDD-CCYYMMDD",
        b"DT" => "CCYYMMDDHHMM",
        b"D6" => "YYMMDD",
        b"TM" => "HHMM",
        _ => return None,
    })
}

/// What is wrong with a value in its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bad {
    /// Not a real date or time in the format.
    Invalid,
    /// An RD8 range whose end precedes its start.
    Reversed(Date, Date),
}

/// Checks `value` against the format `format` names; `None` for a format claimlint does not
/// check (another rule reports a qualifier the guide does not allow).
pub fn judge(format: &[u8], value: &[u8]) -> Option<Result<(), Bad>> {
    pattern(format)?;
    let ok = match format {
        b"D8" => date8(value).is_some(),
        b"RD8" => match date_range(value) {
            Some((from, to)) if from > to => return Some(Err(Bad::Reversed(from, to))),
            Some(_) => true,
            None => false,
        },
        b"DT" => value.len() == 12 && date8(&value[..8]).is_some() && time(&value[8..]),
        b"D6" => date6(value).is_some(),
        _ => time(value),
    };
    Some(if ok { Ok(()) } else { Err(Bad::Invalid) })
}

/// What a DTP01 qualifier dates, for messages.
pub fn dtp_name(qualifier: &[u8]) -> Option<&'static str> {
    Some(match qualifier {
        b"431" => "onset of current illness",
        b"454" => "initial treatment",
        b"304" => "last seen",
        b"453" => "acute manifestation",
        b"439" => "accident",
        b"484" => "last menstrual period",
        b"455" => "last X-ray",
        b"471" => "prescription",
        b"314" | b"360" | b"361" => "disability",
        b"297" => "last worked",
        b"296" => "authorized return to work",
        b"435" => "admission",
        b"096" => "discharge",
        b"090" | b"091" => "assumed or relinquished care",
        b"444" => "first visit or consultation",
        b"050" => "repricer received",
        b"434" => "statement period",
        b"472" => "service",
        b"607" => "certification revision",
        b"463" => "begin therapy",
        b"461" => "last certification",
        b"738" | b"739" => "test",
        b"011" => "shipped",
        b"573" => "adjudication or payment",
        _ => return None,
    })
}

/// H043 on each DTP, DMG, PAT and HI of the transaction set.
pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    // The service date has its own rule while that rule runs, and most DTPs of a file are
    // service dates: DTP01 read in place, the one test kept here, so that such a DTP
    // costs a few compares; the rest is out of line. The service dates placed as loop
    // 2400's `DTP*472` do not come here at all while that rule runs (the registry's
    // `LEFT_TO`): this test is for those placed elsewhere or by their ID alone.
    if node.key == DTP && node.first_value_is(b"472") && checker.enabled(Rule::InvalidServiceDate) {
        return;
    }
    check_dates(checker, node);
}

/// The [`id_key`]s of the segment IDs H043 checks.
const DTP: u32 = id_key(b"DTP").unwrap();
const DMG: u32 = id_key(b"DMG").unwrap();
const PAT: u32 = id_key(b"PAT").unwrap();
const HI: u32 = id_key(b"HI").unwrap();

/// [`check`] of a segment that is not a service date left to H014.
#[inline(never)]
fn check_dates(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    // The elements of the format and of the value.
    let (q, v) = match node.key {
        DTP => (2, 3),
        DMG => (1, 2),
        PAT => (5, 6),
        HI => {
            check_hi(checker, node.transaction, node.index, node.segment);
            return;
        }
        _ => return,
    };
    let segment = node.segment;
    if real_d8_in_place(segment, q) {
        return;
    }
    // The format and the value from one marking of the separators.
    let separators = segment.separators();
    let Some(value) = separators.element(v) else {
        return;
    };
    let format = separators.value(q);
    if let Some(Err(bad)) = judge(format, value.value) {
        let (t, index) = (node.transaction, node.index);
        crate::rules::h::enter(checker, t, index, t.placements[index].loop_index());
        report(checker, segment, format, value.span(), v, None, bad);
    }
}

/// Whether element `q` of `segment` is `D8` and the element after it a real `CCYYMMDD`
/// date, as nearly every birth date and DTP date is, read in place: `q` is DMG01 (just
/// after the ID) or DTP02 after a DTP01 of three characters. `false` says nothing: the
/// elements are then read from the separators.
fn real_d8_in_place(segment: &Segment<'_>, q: usize) -> bool {
    let (raw, s) = (segment.raw, segment.delimiters.element);
    let at = match q {
        1 => 4,
        2 if raw.get(7) == Some(&s) && !raw[4..7].contains(&s) => 8,
        _ => return false,
    };
    raw.get(at - 1) == Some(&s)
        && raw.get(at..at + 3) == Some(&[b'D', b'8', s][..])
        && raw.get(at + 11).is_none_or(|&b| b == s)
        && !s.is_ascii_digit()
        && raw.get(at + 3..at + 11).and_then(date8).is_some()
}

/// The date components of an HI composite: `HIxx-3` names the format of `HIxx-4`.
fn check_hi(checker: &mut Checker, t: &Transaction<'_>, index: usize, hi: &Segment<'_>) {
    // Most HI segments are diagnoses, no composite of which has a third component: with
    // the separators of a short segment marked, one look at them rules such a segment out.
    if let Some((elements, components)) = separators(hi)
        && !two_components_apart(elements, components)
    {
        return;
    }
    for e in hi.elements() {
        // A diagnosis code (`ABK:J029`) has no third component: one look at the
        // composite rules most out.
        let separator = e.delimiters.component;
        if e.value.iter().filter(|&&b| b == separator).take(2).count() < 2 {
            continue;
        }
        let mut components = e.components().skip(2);
        let (Some(format), Some(value)) = (components.next(), components.next()) else {
            continue;
        };
        if let Some(Err(bad)) = judge(format.value, value.value) {
            crate::rules::h::enter(checker, t, index, t.placements[index].loop_index());
            report(
                checker,
                hi,
                format.value,
                value.span(),
                e.position,
                Some(4),
                bad,
            );
        }
    }
}

/// The element and the component separators of a segment of at most 64 bytes, marked
/// (bit `i` for byte `i`), in one pass from sixteen bytes on; `None` for a longer one.
fn separators(segment: &Segment<'_>) -> Option<(u64, u64)> {
    let (raw, d) = (segment.raw, &segment.delimiters);
    if (16..=64).contains(&raw.len()) {
        let (elements, components, _) = words::separators_and_odd(raw, d.element, d.component, 0);
        return Some((elements, components));
    }
    Some((
        words::positions(raw, d.element)?,
        words::positions(raw, d.component)?,
    ))
}

/// Whether two of the component separators marked in `components` have no element
/// separator (of `elements`) between them: a composite with a third component.
///
/// Each element starts after an element separator (the first at the segment's start);
/// subtracting those starts from the separators of both kinds flips each run from a
/// start to the first separator at or after it, and leaves that separator cleared, so
/// the separators the subtraction changes are each element's first. A component
/// separator that is not its element's first follows another in the same element.
fn two_components_apart(elements: u64, components: u64) -> bool {
    let separators = elements | components;
    let starts = elements << 1 | 1;
    let firsts = separators & (separators ^ separators.wrapping_sub(starts));
    components & !firsts != 0
}

fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    format: &[u8],
    span: Span,
    element: usize,
    component: Option<usize>,
    bad: Bad,
) {
    let id = segment.id_str();
    let reference = crate::diagnostic::ElementRef::new(id.as_str(), element, component).to_string();
    let what = match segment.id() {
        b"DTP" => dtp_name(segment.value(1)).map(|n| format!("{n} date ")),
        b"DMG" => Some("birth date ".to_string()),
        b"PAT" => Some("date of death ".to_string()),
        _ => None,
    }
    .unwrap_or_default();
    let value = &checker.bytes()[span.start..span.end];
    let format_text = shown(format);
    let pattern = pattern(format).unwrap_or("");
    let (message, label) = match bad {
        Bad::Invalid => (
            format!(
                "{what}`{}` in {reference} is not a valid `{format_text}` value ({pattern})",
                shown(value)
            ),
            format!("not a real {pattern}"),
        ),
        Bad::Reversed(from, to) => (
            format!(
                "{what}range `{}` in {reference} ends before it starts",
                shown(value)
            ),
            format!("{to} is before {from}"),
        ),
    };
    checker
        .report_in(Rule::InvalidQualifiedDate, segment, span, message)
        .element(&id, element, component)
        .label(label)
        .help(match bad {
            Bad::Invalid => format!("write a real date in the `{format_text}` format `{pattern}`"),
            Bad::Reversed(..) => "write the range with the earlier date first".to_string(),
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_qualifier() {
        assert_eq!(judge(b"D8", b"19430131"), Some(Ok(())));
        assert_eq!(judge(b"D8", b"19431341"), Some(Err(Bad::Invalid)));
        assert_eq!(judge(b"D8", b"20051399"), Some(Err(Bad::Invalid)));
        assert_eq!(judge(b"RD8", b"20051208-20051209"), Some(Ok(())));
        assert!(matches!(
            judge(b"RD8", b"20051208-20051109"),
            Some(Err(Bad::Reversed(..)))
        ));
        assert_eq!(judge(b"RD8", b"20051208-20051309"), Some(Err(Bad::Invalid)));
        assert_eq!(judge(b"DT", b"202401151030"), Some(Ok(())));
        assert_eq!(judge(b"DT", b"202401151060"), Some(Err(Bad::Invalid)));
        assert_eq!(judge(b"TM", b"2359"), Some(Ok(())));
        assert_eq!(judge(b"TM", b"2400"), Some(Err(Bad::Invalid)));
        assert_eq!(judge(b"D6", b"240230"), Some(Err(Bad::Invalid)));
        assert_eq!(judge(b"XX", b"anything"), None);
    }
}

#[cfg(test)]
mod in_place_tests {
    use super::*;

    /// A date found real in place is one the elements find real, and the usual ones are.
    #[test]
    fn a_d8_date_read_in_place_is_read_as_from_the_elements() {
        // Each text, and whether it is the usual form the reading in place is for.
        let mut texts: Vec<(String, bool)> = Vec::new();
        for value in [
            "19800101",
            "19801301",
            "1980010",
            "198001011",
            "20240229",
            "",
        ] {
            let real = matches!(value, "19800101" | "20240229");
            for format in ["D8", "D", "D8X", "RD8", ""] {
                let usual = real && format == "D8";
                for tail in ["", "*F", "*", "**M"] {
                    texts.push((format!("DMG*{format}*{value}{tail}"), usual));
                    for dtp01 in ["431", "43", "4311", ""] {
                        let text = format!("DTP*{dtp01}*{format}*{value}{tail}");
                        texts.push((text, usual && dtp01.len() == 3));
                    }
                }
            }
        }
        texts.extend(["DMG", "DMG*", "DTP*431", "DTP*431*D8"].map(|t| (t.to_string(), false)));
        for (text, usual) in &texts {
            let segment = Segment {
                raw: text.as_bytes(),
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            let (q, v) = if text.starts_with("DMG") {
                (1, 2)
            } else {
                (2, 3)
            };
            let judged = segment
                .element(v)
                .and_then(|value| judge(segment.value(q), value.value));
            let fast = real_d8_in_place(&segment, q);
            if fast {
                assert_eq!(judged, Some(Ok(())), "{text}");
            }
            assert_eq!(fast, *usual, "{text}");
        }
    }
}

#[cfg(test)]
mod composite_tests {
    use super::*;

    /// [`two_components_apart`] pair by pair: each component separator and the next.
    fn two_components_apart_by_pairs(elements: u64, components: u64) -> bool {
        let mut rest = components;
        while rest != 0 {
            let first = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if rest == 0 {
                return false;
            }
            if words::within(elements, first, rest.trailing_zeros() as usize) == 0 {
                return true;
            }
        }
        false
    }

    #[test]
    fn the_masks_are_read_as_pair_by_pair() {
        // Every pair of masks over the low ten bits, the same shifted to the top, and
        // separators of both kinds at once (delimiters that are the same byte).
        for elements in 0..1u64 << 10 {
            for components in 0..1u64 << 10 {
                for shift in [0, 54] {
                    let (e, c) = (elements << shift, components << shift);
                    assert_eq!(
                        two_components_apart(e, c),
                        two_components_apart_by_pairs(e, c),
                        "{e:#b} {c:#b}"
                    );
                }
            }
        }
    }

    #[test]
    fn separators_are_marked_at_every_length() {
        let text = b"HI*ABK:J029*ABF:R509*BH:A1:D8:20240101*BG:01*ABF:Z0000*ABF:E1199*ABF:M545";
        for len in 0..=text.len() {
            let segment = Segment {
                raw: &text[..len],
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            let expected =
                words::positions(&text[..len], b'*').zip(words::positions(&text[..len], b':'));
            assert_eq!(separators(&segment), expected, "{len}");
        }
    }

    #[test]
    fn a_third_component_is_found_by_its_separators() {
        for text in [
            &b"HI*ABK:J029*ABF:R509"[..],
            b"HI*BH:A1:D8:20240101",
            b"HI*ABK:J029*BH:A1:D8",
            b"HI*ABK:J029*BH::",
            b"HI*ABK:*:J029",
            b"HI*:*:*:",
            b"HI*::",
            b"HI*ABK",
            b"HI",
            b"",
        ] {
            // What the check reads element by element: a composite with two separators.
            let expected = text
                .split(|&b| b == b'*')
                .skip(1)
                .any(|e| e.iter().filter(|&&b| b == b':').count() >= 2);
            let elements = words::positions(text, b'*').unwrap();
            let components = words::positions(text, b':').unwrap();
            assert_eq!(
                two_components_apart(elements, components),
                expected,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
