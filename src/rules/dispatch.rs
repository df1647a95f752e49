//! Walks the 837P model of one transaction set and, on each node, runs the checks the
//! [`Plan`](crate::rule::Plan) lists for it (on the model's nodes, through the registry's
//! direct dispatchers, which call the same checks in the same order). Rules never decide
//! whether they run, and this file names none: the registry rows say which node each rule
//! checks.
//!
//! A claim is checked whole (claim, cross-line, line, SV1 and drug checks) before the next
//! one, so its rules can run as soon as the claim is complete.

use super::Checker;
use super::h::Checked;
use super::nodes::{HlNode, LineNode, SegmentNode, Sv1Node};
use super::registry::{
    claim_checks, claim_lines_checks, drug_checks, hl_checks, id_key, line_checks, plan,
    segment_checks, sv1_checks, transaction_checks,
};
use super::s::ClaimLines;
use crate::claim::{Claim, LoopId, Transaction};
use crate::rule::Node;

/// Runs the structure, hierarchy, claim and service-line rules over one 837P transaction
/// set.
pub fn check_transaction(checker: &mut Checker, t: &Transaction<'_>) {
    checker.clear_shadows();
    checker.set_claim(None, None);
    super::h::check_structure(checker, t);
    check_segments(checker, t);
    // After the element checks of every segment: the findings they stand for (H034, H044)
    // shadow those of the set's checks.
    checker.set_claim(None, None);
    checker.set_loop(None);
    let plan = plan(checker.settings());
    transaction_checks(checker, &plan.enabled, t);
    if plan.any(Node::Hl) {
        for index in 0..t.hls.len() {
            checker.set_loop(Some(t.loops[t.hls[index].index].as_str()));
            let node = HlNode {
                transaction: t,
                index,
            };
            hl_checks(checker, &plan.enabled, &node);
        }
    }
    // One allocation for the cross-line view of every claim.
    let mut line_buffer = Vec::new();
    for claim in &t.claims {
        check_claim(checker, claim, &mut line_buffer);
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
    checker.clear_shadows();
}

/// The element checks and the segment checks, in one pass over the set: each segment's
/// elements are checked against its use, then it goes to the segment checks registered
/// for its ID, in code order. A segment check reports on its own segment, so the element
/// findings that shadow it (H034, H044) are in by then, as they would be after a pass of
/// its own.
fn check_segments(checker: &mut Checker, t: &Transaction<'_>) {
    let plan = plan(checker.settings());
    let table = &plan.segments;
    let (on_elements, on_segments) = (plan.any(Node::Element), !table.is_empty());
    if !on_elements && !on_segments {
        return;
    }
    let mut elements = super::h::Elements::new(t);
    const HL: u32 = id_key(b"HL").unwrap();
    const CLM: u32 = id_key(b"CLM").unwrap();
    const LX: u32 = id_key(b"LX").unwrap();
    // Claims and lines counted the way the claim model counts them: a claim from its CLM
    // in loop 2300 to the next HL, a line from its LX in loop 2400 to the next CLM or HL.
    let (mut claims, mut claim, mut line) = (0, None, None);
    for (index, (segment, &placement)) in t.segments.iter().zip(&t.placements).enumerate() {
        // One look in a table by use: the use, and for a placed segment its ID's key (a
        // placed segment's ID is its use's).
        let placed = table.placed(placement);
        let checked = match on_elements {
            true => elements.segment(checker, t, index, segment, placement, placed),
            false => Checked::Other,
        };
        // What a clean segment's checks found decides whether its repeats are checked.
        let probe = match checked {
            Checked::Clean(probe) => probe,
            _ => None,
        };
        if !on_segments {
            if let Some(probe) = probe {
                elements.remember(probe, index);
            }
            continue;
        }
        // The others (unknown, misplaced, ST and SE) are looked up by the ID they have.
        let (key, wanted) = match placed.def {
            Some(_) => (placed.key, placed.wanted),
            None => short_id(segment)
                .and_then(|key| Some((key, table.wanted(key)?)))
                .unwrap_or_default(),
        };
        if placement.opened {
            // A line started by an SV1 with no LX before it has no number.
            line = None;
        }
        if key == 0 {
            if let Some(probe) = probe {
                elements.remember(probe, index);
            }
            continue;
        }
        debug_assert_eq!(short_id(segment), Some(key), "placed as its use's ID");
        if key == HL {
            (claim, line) = (None, None);
        } else if key == CLM && t.loops[index] == LoopId::L2300 {
            claims += 1;
            (claim, line) = (Some(claims), None);
        } else if key == LX && t.loops[index] == LoopId::L2400 {
            line = lx_number(segment);
        }
        // A segment check reads only its segment and the use it is placed as (the
        // registry's contract): a repeat of a segment that it and the element checks
        // found nothing in has nothing to find.
        if wanted == 0 || matches!(checked, Checked::Repeat) {
            if let Some(probe) = probe {
                elements.remember(probe, index);
            }
            continue;
        }
        let node = SegmentNode {
            transaction: t,
            index,
            segment,
            // The key's top byte is the ID's length.
            id: &segment.raw[..(key >> 24) as usize],
            key,
        };
        checker.set_loop(Some(t.loops[index].as_str()));
        checker.set_claim(claim, line);
        let reports = checker.reports();
        segment_checks(checker, &node, wanted);
        if let Some(probe) = probe
            && checker.reports() == reports
        {
            elements.remember(probe, index);
        }
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
}

/// The line number of a segment whose ID is `LX`: LX01 as
/// [`line_number`](crate::claim::line_number) reads it. One or two digits, which most
/// are, are read in place.
#[inline(always)]
fn lx_number(lx: &crate::x12::Segment<'_>) -> Option<usize> {
    let digit = |b: u8| b.is_ascii_digit() && b != lx.delimiters.element;
    match *lx.raw {
        [_, _, _, a] if digit(a) => Some(usize::from(a - b'0')),
        [_, _, _, a, b] if digit(a) && digit(b) => {
            Some(usize::from(a - b'0') * 10 + usize::from(b - b'0'))
        }
        _ => crate::claim::line_number(lx.value(1)),
    }
}

/// The [`id_key`] of a segment's ID ([`Segment::id`](crate::x12::Segment::id)), read from
/// its first bytes; `None` for an ID of other than 2 or 3 characters, which no check
/// registers.
fn short_id(segment: &crate::x12::Segment<'_>) -> Option<u32> {
    let separator = segment.delimiters.element;
    let raw = segment.raw;
    let len = match *raw {
        [a, b, ..] if a == separator || b == separator => return None,
        [_, _] => 2,
        [_, _, s, ..] if s == separator => 2,
        [_, _, _] => 3,
        [_, _, _, s, ..] if s == separator => 3,
        _ => return None,
    };
    id_key(&raw[..len])
}

/// Every check of one claim: loop 2300, its lines together, then each line.
fn check_claim<'s: 'c, 'c, 'a>(
    checker: &mut Checker<'s>,
    claim: &'c Claim<'a>,
    line_buffer: &mut Vec<super::s::Line<'c, 'a>>,
) {
    let plan = plan(checker.settings());
    checker.set_claim(Some(claim.ordinal), None);
    checker.set_loop(Some(LoopId::L2300.as_str()));
    claim_checks(checker, &plan.enabled, claim);
    // The cross-line view reads each line's Level II code in the HCPCS table: the SV1
    // checks take it from there rather than look it up again.
    let mut level2 = None;
    if plan.any(Node::ClaimLines) {
        let lines = ClaimLines::with_buffer(
            claim,
            checker.settings().code_sets().hcpcs(),
            std::mem::take(line_buffer),
        );
        claim_lines_checks(checker, &plan.enabled, &lines);
        *line_buffer = lines.into_buffer();
        // Each of the claim's lines, unless it has too many for that view.
        if line_buffer.len() == claim.lines.len() {
            level2 = Some(&line_buffer[..]);
        }
    }
    let (on_line, on_sv1, on_drug) = (
        plan.any(Node::Line),
        plan.any(Node::Sv1),
        plan.any(Node::Drug),
    );
    let hcpcs = checker.settings().code_sets().hcpcs();
    for (index, line) in claim.lines.iter().enumerate() {
        checker.set_claim(Some(claim.ordinal), line.number());
        checker.set_loop(Some(LoopId::L2400.as_str()));
        // Rules about the line as a loop run whether or not it has an SV1.
        if on_line {
            let node = LineNode { claim, index, line };
            line_checks(checker, &plan.enabled, &node);
        }
        if on_sv1 && let Some(sv1) = &line.sv1 {
            let node = match level2 {
                Some(lines) => Sv1Node::looked_up(claim, line, sv1, hcpcs, lines[index].level2),
                None => Sv1Node::new(claim, line, sv1, hcpcs),
            };
            sv1_checks(checker, &plan.enabled, &node);
        }
        if on_drug {
            for drug in &line.drugs {
                checker.set_loop(Some(LoopId::L2410.as_str()));
                drug_checks(checker, &plan.enabled, drug);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::{Delimiters, Segment};

    #[test]
    fn lx01_read_in_place_is_the_line_number_of_its_value() {
        let d = Delimiters::default();
        for text in [
            "LX", "LX*", "LX*1", "LX*01", "LX*12", "LX*123", "LX*1*", "LX**", "LX*+1", "LX*A",
            "LX*1A", "LX*-1", "LX*9*2", "LX*99", "LX* 1",
        ] {
            let lx = Segment {
                raw: text.as_bytes(),
                start: 0,
                ordinal: 1,
                delimiters: d,
            };
            assert_eq!(
                lx_number(&lx),
                crate::claim::line_number(lx.value(1)),
                "{text}"
            );
        }
    }
}
