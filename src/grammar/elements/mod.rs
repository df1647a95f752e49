//! Checks the elements of one placed segment against its use in the guide: usage,
//! counts, length, data type, code list and syntax notes (SNIP 2 element requirements).
//!
//! Each element gets at most one finding, the first of: not used but present, too many
//! components, a missing required component, a bad value (control character, character
//! outside the X12 character sets, number format, date, time, code, length). A value of the wrong type is never also reported
//! as too long. Checks allocate nothing; findings go to a callback.

mod bytes;
mod clean;
pub(crate) mod compiled;
pub(crate) mod values;

use bytes::Bytes;
pub use bytes::Splats;
pub use clean::{CleanSegments, Probe};
use values::piece_problem;
pub use values::value_problem;

use super::{DataType, ElementDef, SegmentDef, SyntaxKind, SyntaxNote, Usage, bits};
use crate::source::Span;
use crate::x12::Segment;

/// What is wrong with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// More elements than the segment has (IK403 3).
    TooManyElements,
    /// More components than the composite has (IK403 13).
    TooManyComponents,
    /// A repetition separator in an element that does not repeat (IK403 12).
    TooManyRepetitions,
    /// A required element or component is absent (IK403 1).
    Missing,
    /// An element the guide marks not used is present (IK403 I10).
    NotUsed,
    /// Fewer characters (digits for numbers) than the minimum (IK403 4).
    TooShort,
    /// More characters (digits for numbers) than the maximum (IK403 5).
    TooLong,
    /// An R or N0 value that is not a number in X12 notation (IK403 6).
    MalformedNumber,
    /// A control character in the value (IK403 6).
    ControlCharacter,
    /// A byte outside the X12 basic and extended character sets, from 0x80 up (IK403 6).
    InvalidCharacter,
    /// An ID value outside the guide's code list (IK403 7).
    InvalidCode,
    /// A DT value that is not a calendar date, or a D8/RD8 period that is not one (IK403 8).
    InvalidDate,
    /// A TM value that is not a time of day (IK403 9).
    InvalidTime,
    /// A syntax note is violated; `def` is the element it asks for (IK403 2) or the
    /// second of an exclusive pair (IK403 10).
    SyntaxNote(&'static SyntaxNote),
    /// Empty elements or components at the end, which X12 says to omit.
    TrailingSeparator,
    /// A string or identifier that ends in spaces (IK403 6 for receivers that check).
    TrailingSpaces,
}

/// One element-level finding.
#[derive(Debug, Clone, Copy)]
pub struct ElementFinding {
    pub problem: Problem,
    /// The element or component it is about (for too many elements: the segment's last
    /// defined element; for a trailing separator: the last one present).
    pub def: &'static ElementDef,
    /// The bytes it is about; zero-width where something is missing.
    pub span: Span,
}

/// Checks `segment` against `def` and calls `report` for each finding.
///
/// Runs the use's generated check (see `build.rs`), which gives the findings
/// [`check_interpreted`] gives, in the same order.
pub fn check(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    report: &mut impl FnMut(ElementFinding),
) {
    check_with_splats(segment, def, &Splats::new(&segment.delimiters), report);
}

/// [`check`] with the segment's delimiters already made [`Splats`], as a pass over the
/// segments of one set makes them once.
#[inline(always)]
pub fn check_with_splats(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    splats: &Splats,
    report: &mut impl FnMut(ElementFinding),
) {
    (def.check)(segment, splats, report);
}

/// [`check`] read from the guide's tables element by element: what the generated checks
/// must agree with, and what they fall back to for a segment with an odd byte.
pub fn check_interpreted(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    check_with(segment, def, Bytes::new(segment), report);
}

// Only on a finding (or a segment with an odd byte): kept out of the generated checks.
#[cold]
#[inline(never)]
fn check_with(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    mut bytes: Bytes<'_>,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    let Some(last) = def.elements.last() else {
        return;
    };
    let raw = segment.raw;
    let id_end = Some(bytes.element_end(0)).filter(|&i| i < raw.len());
    let mut present = 0u64;
    let mut last_present_end = id_end.unwrap_or(raw.len());
    if let Some(id_end) = id_end {
        let mut begin = id_end + 1;
        let mut position = 1;
        loop {
            let end = bytes.element_end(begin);
            let Some(e) = def.element(position) else {
                report(ElementFinding {
                    problem: Problem::TooManyElements,
                    def: last,
                    span: bytes.span(begin - 1, raw.len()),
                });
                return;
            };
            if end > begin {
                present |= 1 << position.min(63);
                last_present_end = end;
                check_element(&bytes, begin, end, e, report);
            }
            if end == raw.len() {
                break;
            }
            begin = end + 1;
            position += 1;
        }
    }
    missing(segment, def, def.required & !present, report);
    for note in def.syntax {
        check_note(segment, def, note, present, report);
    }
    if id_end.is_some() && last_present_end < raw.len() {
        trailing(&bytes, def, present, last_present_end, report);
    }
}

/// Reports the elements of `missing` (bits by position) as missing.
// Only on a finding (or a segment with an odd byte): kept out of the generated checks.
#[cold]
#[inline(never)]
fn missing(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    missing: u64,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    for position in bits(missing) {
        let span = segment
            .element(position)
            .map_or(segment.end_span(), |x| Span::at(x.start, 0));
        report(ElementFinding {
            problem: Problem::Missing,
            def: &def.elements[position - 1],
            span,
        });
    }
}

/// Reports the empty elements after the last one present, `raw[last_present_end..]`.
// Only on a finding (or a segment with an odd byte): kept out of the generated checks.
#[cold]
#[inline(never)]
fn trailing(
    bytes: &Bytes<'_>,
    def: &'static SegmentDef,
    present: u64,
    last_present_end: usize,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    let trailing = def
        .elements
        .iter()
        .rev()
        .find(|e| present & (1 << usize::from(e.position).min(63)) != 0)
        .unwrap_or(&def.elements[0]);
    report(ElementFinding {
        problem: Problem::TrailingSeparator,
        def: trailing,
        span: bytes.span(last_present_end, bytes.raw.len()),
    });
}

/// Checks the non-empty element `raw[begin..end]`.
fn check_element(
    bytes: &Bytes<'_>,
    begin: usize,
    end: usize,
    def: &'static ElementDef,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    let value = &bytes.raw[begin..end];
    let found = |problem| ElementFinding {
        problem,
        def,
        span: bytes.span(begin, end),
    };
    if def.usage == Usage::NotUsed {
        report(found(Problem::NotUsed));
        return;
    }
    if !bytes.clean
        && let Some(r) = bytes.delimiters.repetition
        && value.contains(&r)
    {
        report(found(Problem::TooManyRepetitions));
        return;
    }
    if def.data_type != DataType::Composite {
        if let Some(problem) = piece_problem(bytes, begin, end, def) {
            report(found(problem));
        }
        return;
    }
    let first_end = bytes.component_end(begin, end);
    if first_end == end && written_with_other_separator(value, def) {
        // One finding for the separator (the code-set rules quote the value), not one
        // per component that now looks missing.
        return;
    }
    let mut present = 0u64;
    let mut last_end = begin;
    let mut component_begin = begin;
    let mut component_end = first_end;
    let mut position = 1;
    loop {
        let Some(cd) = def.components.get(position - 1) else {
            if !def.components.is_empty() {
                too_many_components(bytes, component_begin, end, def, report);
            }
            return;
        };
        if component_end > component_begin {
            present |= 1 << position.min(63);
            last_end = component_end;
            let problem = if cd.usage == Usage::NotUsed {
                Some(Problem::NotUsed)
            } else {
                piece_problem(bytes, component_begin, component_end, cd)
            };
            if let Some(problem) = problem {
                report(ElementFinding {
                    problem,
                    def: cd,
                    span: bytes.span(component_begin, component_end),
                });
            }
        }
        if component_end == end {
            break;
        }
        component_begin = component_end + 1;
        component_end = bytes.component_end(component_begin, end);
        position += 1;
    }
    missing_components(bytes, begin, end, def, def.required & !present, report);
    if present != 0 && last_end < end {
        trailing_components(bytes, def, present, last_end, end, report);
    }
}

// Only on a finding (or a segment with an odd byte): kept out of the generated checks.
#[cold]
#[inline(never)]
fn too_many_components(
    bytes: &Bytes<'_>,
    component_begin: usize,
    end: usize,
    def: &'static ElementDef,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    report(ElementFinding {
        problem: Problem::TooManyComponents,
        def,
        span: bytes.span(component_begin - 1, end),
    });
}

/// Reports the components of `missing` (bits by position) of the composite
/// `raw[begin..end]` as missing.
// Only on a finding (or a segment with an odd byte): kept out of the generated checks.
#[cold]
#[inline(never)]
fn missing_components(
    bytes: &Bytes<'_>,
    begin: usize,
    end: usize,
    def: &'static ElementDef,
    missing: u64,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    for component in bits(missing) {
        // At the start of its empty piece, or at the end when the value stops before.
        let mut at = Some(begin);
        for _ in 1..component {
            at = at.and_then(|a| {
                let e = bytes.component_end(a, end);
                (e < end).then_some(e + 1)
            });
        }
        let at = at.unwrap_or(end);
        let span = bytes.span(at, at);
        report(ElementFinding {
            problem: Problem::Missing,
            def: &def.components[component - 1],
            span,
        });
    }
}

/// Reports the empty components of a composite after the last one present.
// Only on a finding (or a segment with an odd byte): kept out of the generated checks.
#[cold]
#[inline(never)]
fn trailing_components(
    bytes: &Bytes<'_>,
    def: &'static ElementDef,
    present: u64,
    last_end: usize,
    end: usize,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    let trailing = def
        .components
        .iter()
        .rev()
        .find(|c| present & (1 << usize::from(c.component).min(63)) != 0)
        .unwrap_or(def);
    report(ElementFinding {
        problem: Problem::TrailingSeparator,
        def: trailing,
        span: bytes.span(last_end, end),
    });
}

/// A composite of several components sent as one value that holds another common
/// component separator (`11>B>1` where ISA16 is `:`); `value` holds no ISA16.
fn written_with_other_separator(value: &[u8], def: &ElementDef) -> bool {
    def.components.len() > 1
        && value
            .iter()
            .any(|b| matches!(b, b'>' | b':' | b'<' | b'^' | b'|' | b'\\' | b'!'))
}

// Only on a finding (or a segment with an odd byte): kept out of the generated checks.
#[cold]
#[inline(never)]
fn check_note(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    note: &'static SyntaxNote,
    present: u64,
    report: &mut (impl FnMut(ElementFinding) + ?Sized),
) {
    let has = |p: u8| present & (1 << p.min(63)) != 0;
    let span_of = |p: u8| {
        segment
            .element(p.into())
            .filter(|e| !e.is_empty())
            .map_or(segment.end_span(), |e| e.span())
    };
    let element = |p: u8| def.element(p.into());
    let first = note.positions[0];
    let rest = &note.positions[1..];
    // The element to name and the span to show, when the note is violated.
    let violation: Option<(u8, Span)> = match note.kind {
        SyntaxKind::Paired => {
            let any = note.positions.iter().any(|&p| has(p));
            let missing = note.positions.iter().find(|&&p| !has(p));
            match (any, missing) {
                (true, Some(&m)) => {
                    let shown = note
                        .positions
                        .iter()
                        .find(|&&p| has(p))
                        .copied()
                        .unwrap_or(m);
                    Some((m, span_of(shown)))
                }
                _ => None,
            }
        }
        SyntaxKind::RequiredOne => {
            (!note.positions.iter().any(|&p| has(p))).then(|| (first, segment.id_span()))
        }
        SyntaxKind::Exclusive => note
            .positions
            .iter()
            .filter(|&&p| has(p))
            .nth(1)
            .map(|&p| (p, span_of(p))),
        SyntaxKind::Conditional => {
            if has(first) {
                rest.iter()
                    .find(|&&p| !has(p))
                    .map(|&m| (m, span_of(first)))
            } else {
                None
            }
        }
        SyntaxKind::ListConditional => {
            (has(first) && !rest.iter().any(|&p| has(p))).then(|| (rest[0], span_of(first)))
        }
    };
    if let Some((position, span)) = violation
        && let Some(e) = element(position)
    {
        // A required element that is missing is already reported as missing.
        if note.kind != SyntaxKind::Exclusive && e.usage == Usage::Required && !has(position) {
            return;
        }
        report(ElementFinding {
            problem: Problem::SyntaxNote(note),
            def: e,
            span,
        });
    }
}

#[cfg(test)]
mod tests;
