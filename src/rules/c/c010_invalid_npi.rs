//! C010 `invalid-npi`

use crate::rules::prelude::*;
use crate::x12::words;

pub const META: RuleMeta = RuleMeta {
    code: "C010",
    name: "invalid-npi",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Segment {
        ids: &["NM1"],
        check,
    }],
    summary: "an NM109 with NM108 `XX` is not a valid 10-digit NPI (Luhn check with prefix 80840)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "562",
        entity: Some("85"),
    }),
    owns: &[],
    doc: r#"## What it does
Checks every identifier sent as a National Provider Identifier: NM109 of every NM1 segment
whose NM108 is `XX`, in any loop (billing, rendering, referring, service facility…). An NPI
is 10 digits, starts with `1` or `2`, and ends in a Luhn check digit computed over the
first 9 digits prefixed with `80840`, the NPI's issuer prefix.

## Why does it matter?
Payers match claims to enrolled providers by NPI. A number that cannot be an NPI, often a
typo or a tax ID or legacy number in the wrong field, never matches, and the claim is
rejected or paid to no one.

## Example
```text
NM1*82*1*DOE*ANN****XX*1234567890~
```
The check digit of `123456789` is `3`, so the NPI would be `1234567893`.

## How to fix
Copy the NPI from the provider's NPPES record. Other identifiers go in REF segments with
their own qualifiers, not in NM109 with `XX`.

## References
NM108 identification code qualifier `XX` (data element 66) and NM109 identification code
(data element 67); CMS NPI check digit specification (Luhn formula with prefix 80840).
"#,
};

/// C010: every NM1 of the transaction set, reported in its own loop, claim and line.
pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    let segment = node.segment;
    let Some(npi) = sent_as_npi(segment) else {
        return;
    };
    let Some(label) = problem(npi.value) else {
        return;
    };
    let value = shown(npi.value);
    let message = match label {
        Problem::Length(n) => format!("NPI `{value}` has {n} digits, not 10"),
        Problem::NotDigits => format!("NPI `{value}` is not 10 digits"),
        Problem::FirstDigit => format!("NPI `{value}` does not start with `1` or `2`"),
        Problem::CheckDigit(_) => format!("NPI `{value}` fails the check digit test"),
    };
    let label = match label {
        Problem::Length(_) | Problem::NotDigits => "expected 10 digits".to_string(),
        Problem::FirstDigit => "an NPI starts with `1` or `2`".to_string(),
        Problem::CheckDigit(d) => format!("the first 9 digits give check digit `{d}`"),
    };
    checker
        .report_in(Rule::InvalidNpi, segment, npi.span(), message)
        .element("NM1", 9, None)
        .label(label)
        .secondary(element_span(segment, 8), "`XX`: the identifier is an NPI")
        .help("copy the NPI from the provider's NPPES record; send other identifiers in REF segments with their own qualifiers");
}

/// NM109 when NM108 is `XX` and NM109 is not empty (a qualifier without its identifier is
/// a pairing problem, not a bad NPI). Reads NM109 from where NM108 ends: every NM1 of the
/// file passes here.
fn sent_as_npi<'a>(nm1: &Segment<'a>) -> Option<crate::x12::Element<'a>> {
    if !may_hold_xx(nm1.raw) {
        return None;
    }
    // Offsets in `raw` of NM108, from the segment's separators marked in place: most NM1s
    // are not NPIs, and are left here.
    let (begin, end) = nm1.separators().range(8)?;
    if &nm1.raw[begin..end] != b"XX" {
        return None;
    }
    let separator = nm1.delimiters.element;
    // Offset in `raw` of NM109.
    if nm1.raw.get(end) != Some(&separator) {
        return None;
    }
    let rest = &nm1.raw[end + 1..];
    let len = rest
        .iter()
        .position(|&b| b == separator)
        .unwrap_or(rest.len());
    (len > 0).then(|| crate::x12::Element {
        value: &rest[..len],
        start: nm1.start + end + 1,
        position: 9,
        delimiters: nm1.delimiters,
    })
}

/// Whether `raw` may hold `XX`: false only when no two capital `X`s are next to each
/// other, from one marking of the `X`s. The subscriber's, payer's and submitter's NM1s
/// (most of them) have none, and are left here before their separators are marked and
/// counted to NM108.
#[inline(always)]
fn may_hold_xx(raw: &[u8]) -> bool {
    words::positions(raw, b'X').is_none_or(|x| x & (x >> 1) != 0)
}

/// What is wrong with an NPI.
#[derive(Debug, PartialEq, Eq)]
enum Problem {
    /// All digits, but this many.
    Length(usize),
    NotDigits,
    FirstDigit,
    /// The check digit the first 9 digits call for.
    CheckDigit(u8),
}

fn problem(npi: &[u8]) -> Option<Problem> {
    if !npi.iter().all(u8::is_ascii_digit) {
        return Some(Problem::NotDigits);
    }
    if npi.len() != 10 {
        return Some(Problem::Length(npi.len()));
    }
    if !matches!(npi[0], b'1' | b'2') {
        return Some(Problem::FirstDigit);
    }
    let check = check_digit(&npi[..9]);
    (npi[9] - b'0' != check).then_some(Problem::CheckDigit(check))
}

/// The Luhn check digit of a 9-digit NPI base with the `80840` prefix: double every
/// second digit from the rightmost digit of the base, and add 24 for the prefix.
fn check_digit(base: &[u8]) -> u8 {
    let mut sum: u32 = 24;
    for (i, &b) in base.iter().rev().enumerate() {
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 {
            let doubled = d * 2;
            doubled / 10 + doubled % 10
        } else {
            d
        };
    }
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::{Problem, problem};
    use crate::{Rule, Settings, SourceFile, lint};

    #[test]
    fn an_npi_is_reported_in_its_own_claim_whole_or_in_parts() {
        let sample = "bad_second_subscriber_rendering.x12";
        let path = format!("{}/samples/rules/C010/{sample}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // A part size of 1 byte cuts the set at each subscriber's HL.
        for part_bytes in [0, 1] {
            let mut settings = Settings::select(&["C010".to_string()], &[]).unwrap();
            settings.set_part_bytes(part_bytes);
            let report = lint(&SourceFile::new(sample, bytes.clone()), &settings);
            let found: Vec<_> = report
                .diagnostics
                .iter()
                .map(|d| {
                    assert_eq!(d.rule, Rule::InvalidNpi);
                    (d.location.claim, d.location.loop_id)
                })
                .collect();
            // The NM1 of loop 2310B under the second subscriber's claim, PCN0002.
            assert_eq!(
                found,
                [(Some(2), Some("2310B"))],
                "parts of {part_bytes} bytes"
            );
        }
    }

    /// The marking of the `X`s answers as a search for `XX`, in values of every length
    /// around the 16 and 64 bytes where the marking changes its way.
    #[test]
    fn may_hold_xx_is_a_search_for_xx() {
        let mut checked = 0;
        for len in 0..80 {
            for first in 0..len {
                for second in [first, first + 1, first + 2] {
                    let mut raw = vec![b'A'; len];
                    raw[first] = b'X';
                    if let Some(b) = raw.get_mut(second) {
                        *b = b'X';
                    }
                    let plain = raw.windows(2).any(|w| w == b"XX");
                    assert_eq!(
                        super::may_hold_xx(&raw),
                        plain || len > 64,
                        "{len} {first} {second}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 5_000, "{checked}");
    }

    #[test]
    fn npi_check_digit() {
        assert_eq!(problem(b"1234567893"), None);
        assert_eq!(problem(b"1558598797"), None);
        assert_eq!(problem(b"1234567890"), Some(Problem::CheckDigit(3)));
        assert_eq!(problem(b"1558598796"), Some(Problem::CheckDigit(7)));
        assert_eq!(problem(b"432198765"), Some(Problem::Length(9)));
        assert_eq!(problem(b"5678912345"), Some(Problem::FirstDigit));
        assert_eq!(problem(b"12345 7893"), Some(Problem::NotDigits));
    }
}
