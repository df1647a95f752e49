//! The IK3 loop of a 999: one segment in error, the claim it belongs to, and an IK4 per
//! element in error.

use super::envelope::{Builder, safe_byte, text};
use crate::diagnostic::Diagnostic;
use crate::redact::View;
use crate::x12::Segment;

/// IK301: a segment ID as X12 writes them (an uppercase letter, then one or two uppercase
/// letters or digits).
pub(crate) fn valid_segment_id(id: &str) -> bool {
    let b = id.as_bytes();
    (2..=3).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// IK303: the loop identifier of the X12 837 table that an implementation-guide loop name
/// stands for: `2000B` is loop `2000`, `2010AA` is `2010`. Header and trailer segments are in
/// no loop.
pub(crate) fn table_loop(guide_loop: &str) -> Option<&str> {
    let id = guide_loop.get(..4)?;
    id.bytes().all(|b| b.is_ascii_digit()).then_some(id)
}

/// One IK3 for a segment in error, its claim context, and an IK4 per element finding.
pub(super) fn segment_loop(
    view: &View<'_>,
    findings: &[&&Diagnostic],
    segment: Option<&Segment<'_>>,
    w: &mut Builder,
) {
    let bytes = view.bytes();
    let first = findings[0];
    let l = &first.location;
    // A segment ID through the view: under `--redact` only one the 837P knows.
    let id = l
        .missing_segment_id
        .as_ref()
        .or(l.segment_id.as_ref())
        .and_then(|id| view.ack_segment_id(id))
        .unwrap_or_default();
    let Some(position) = l.transaction_position.filter(|p| *p <= 999_999) else {
        return;
    };
    // IK301 only ever holds a segment ID: a garbled one (too long, lower case, symbols) is
    // reported by the IK5 of its set alone, since no IK3 can name it.
    if !valid_segment_id(&id) {
        return;
    }
    let loop_id = l.loop_id.and_then(table_loop).unwrap_or("");
    // A finding about the segment itself gives its IK304; element findings give 8.
    let code = findings
        .iter()
        .find_map(|d| {
            d.rule
                .meta()
                .ack
                .ik304
                .filter(|_| d.location.element.is_none())
        })
        .unwrap_or("8");
    w.segment(&["IK3", &id, &position.to_string(), loop_id, code]);

    // CLM01 from the finding's claim keys, through the view: its pseudonym or `#`s under
    // `--redact` (the model of a masked file could place claims differently).
    if let Some(clm01) = l.claim_keys.as_ref().and_then(|k| k.clm01) {
        let shown = view.value(clm01).into_owned();
        // CTX01-2 holds at most 35 characters (CLM01 may have 38): a longer one is left out
        // rather than cut, since a cut claim number names another claim.
        if !shown.is_empty() && shown.len() <= 35 && shown.bytes().all(safe_byte) {
            w.segment(&["CTX", &format!("CLM01:{shown}")]);
        }
    }

    // The segment in error tells a date of service from other dates and so on.
    for d in findings {
        let (Some(ik403), Some(element)) = (d.rule.meta().ack.ik403, &d.location.element) else {
            continue;
        };
        if element.element == 0 || element.element > 99 {
            continue;
        }
        let position = match element.component {
            Some(c) if (1..=99).contains(&c) => format!("{}:{c}", element.element),
            _ => element.element.to_string(),
        };
        let number = data_element(&element.segment, element.element, element.component)
            .filter(|n| n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or("");
        let value = bytes.get(d.span.start..d.span.end).unwrap_or_default();
        let bad = if !copies_value(ik403)
            || value.is_empty()
            || value.len() > 99
            || !value.iter().all(|b| safe_byte(*b))
            || value.iter().all(|b| *b == b' ')
            || !segment.is_some_and(|s| {
                crate::redact::classify::class(s, element.element, element.component, value)
                    == crate::redact::Class::Shown
            }) {
            // IK404 is only for a value that is there, fits, can be written, and is not
            // personal data: a 999 travels through systems that are not meant to hold it.
            String::new()
        } else {
            text(value)
        };
        w.segment(&["IK4", &position, number, ik403, &bad]);
    }
}

/// Whether an IK403 error is about a value that was sent (and so has a copy for IK404):
/// not for missing elements or repetitions.
fn copies_value(ik403: &str) -> bool {
    !matches!(ik403, "1" | "2" | "I9" | "I11")
}

/// The X12 data element number of an element, for IK402: the grammar's, except for the
/// envelope segments it does not describe, and SV107 as a whole, which H012 reports by
/// its pointers' element.
fn data_element(segment: &str, element: usize, component: Option<usize>) -> Option<&'static str> {
    match (segment, element, component) {
        ("ST", 1, _) => Some("143"),
        ("ST", 2, _) | ("SE", 2, _) => Some("329"),
        ("ST", 3, _) => Some("1705"),
        ("SE", 1, _) => Some("96"),
        ("SV1", 7, None) => Some("1328"),
        _ => crate::grammar::data_element_number(segment, element, component),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ik303_is_the_x12_table_loop() {
        assert_eq!(table_loop("2000B"), Some("2000"));
        assert_eq!(table_loop("2010AA"), Some("2010"));
        assert_eq!(table_loop("2400"), Some("2400"));
        assert_eq!(table_loop("HEADER"), None);
    }

    #[test]
    fn ik301_takes_only_segment_ids() {
        assert!(valid_segment_id("SV1") && valid_segment_id("HL") && valid_segment_id("N3"));
        for bad in ["", "NM31", "sv1", "S", "1AB", "N*"] {
            assert!(!valid_segment_id(bad), "{bad}");
        }
    }
}
