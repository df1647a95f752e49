//! Checks the elements of one placed segment against its use in the guide: usage,
//! counts, length, data type, code list and syntax notes (SNIP 2 element requirements).
//!
//! Each element gets at most one finding, the first of: not used but present, too many
//! components, a missing required component, a bad value (control character, number
//! format, date, time, code, length). A value of the wrong type is never also reported
//! as too long. Checks allocate nothing; findings go to a callback.

use super::{DataType, ElementDef, SegmentDef, SyntaxKind, SyntaxNote, Usage, bits};
use crate::source::Span;
use crate::x12::values::{date8, time};
use crate::x12::{Element, Segment};

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
pub fn check(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    report: &mut impl FnMut(ElementFinding),
) {
    let Some(last) = def.elements.last() else {
        return;
    };
    let mut present = 0u64;
    let mut count = 0;
    let mut last_present_end = segment.start + segment.id().len();
    let clean = !has_odd_byte(segment.raw, segment.delimiters.repetition);
    for element in segment.elements() {
        count = element.position;
        let Some(e) = def.element(element.position) else {
            let span = Span::new(element.start - 1, segment.start + segment.raw.len());
            report(ElementFinding {
                problem: Problem::TooManyElements,
                def: last,
                span,
            });
            return;
        };
        if element.is_empty() {
            continue;
        }
        present |= 1 << element.position.min(63);
        last_present_end = element.start + element.value.len();
        check_element(&element, e, clean, report);
    }
    for position in bits(def.required & !present) {
        let span = segment
            .element(position)
            .map_or(segment.end_span(), |x| Span::at(x.start, 0));
        report(ElementFinding {
            problem: Problem::Missing,
            def: &def.elements[position - 1],
            span,
        });
    }
    for note in def.syntax {
        check_note(segment, def, note, present, report);
    }
    let end = segment.start + segment.raw.len();
    if count > 0 && last_present_end < end {
        let trailing = def
            .elements
            .iter()
            .rev()
            .find(|e| present & (1 << usize::from(e.position).min(63)) != 0)
            .unwrap_or(&def.elements[0]);
        report(ElementFinding {
            problem: Problem::TrailingSeparator,
            def: trailing,
            span: Span::new(last_present_end, end),
        });
    }
}

/// Whether `bytes` hold a byte no value may: a control character, or the repetition
/// separator (no element of the 837P repeats). Most segments hold none, so one pass over
/// the whole segment, without an early exit so that the compiler can unroll it, spares a
/// scan of each of its values.
fn has_odd_byte(bytes: &[u8], repetition: Option<u8>) -> bool {
    // Without a repetition separator, NUL stands in: it is a control character anyway.
    let repetition = repetition.unwrap_or(0);
    bytes.iter().fold(0u8, |odd, &b| {
        odd | u8::from(b < 0x20) | u8::from(b == 0x7f) | u8::from(b == repetition)
    }) != 0
}

/// `clean`: the segment is known to hold no control character or repetition separator.
fn check_element(
    element: &Element<'_>,
    def: &'static ElementDef,
    clean: bool,
    report: &mut impl FnMut(ElementFinding),
) {
    if def.usage == Usage::NotUsed {
        report(ElementFinding {
            problem: Problem::NotUsed,
            def,
            span: element.span(),
        });
        return;
    }
    // One pass for the two characters no value may hold: a control character, or the
    // repetition separator (no element of the 837P repeats).
    let repetition = element.delimiters.repetition;
    let odd = |b: u8| b < 0x20 || b == 0x7f || Some(b) == repetition;
    if !clean && element.value.iter().any(|&b| odd(b)) {
        if let Some(r) = repetition
            && element.value.contains(&r)
        {
            report(ElementFinding {
                problem: Problem::TooManyRepetitions,
                def,
                span: element.span(),
            });
            return;
        }
    } else if def.data_type != DataType::Composite {
        if let Some(problem) = clean_value_problem(element.value, def) {
            report(ElementFinding {
                problem,
                def,
                span: element.span(),
            });
        }
        return;
    }
    if def.data_type != DataType::Composite {
        if let Some(problem) = value_problem(element.value, def) {
            report(ElementFinding {
                problem,
                def,
                span: element.span(),
            });
        }
        return;
    }
    if written_with_other_separator(element, def) {
        // One finding for the separator (the code-set rules quote the value), not one
        // per component that now looks missing.
        return;
    }
    let mut present = 0u64;
    let mut last_end = element.start;
    for c in element.components() {
        let Some(cd) = def.components.get(c.position - 1) else {
            if !def.components.is_empty() {
                report(ElementFinding {
                    problem: Problem::TooManyComponents,
                    def,
                    span: Span::new(c.start - 1, element.start + element.value.len()),
                });
            }
            return;
        };
        if c.is_empty() {
            continue;
        }
        present |= 1 << c.position.min(63);
        last_end = c.start + c.value.len();
        let problem = if cd.usage == Usage::NotUsed {
            Some(Problem::NotUsed)
        } else {
            value_problem(c.value, cd)
        };
        if let Some(problem) = problem {
            report(ElementFinding {
                problem,
                def: cd,
                span: c.span(),
            });
        }
    }
    for component in bits(def.required & !present) {
        let span = element
            .component(component)
            .map_or(Span::at(element.start + element.value.len(), 0), |c| {
                Span::at(c.start, 0)
            });
        report(ElementFinding {
            problem: Problem::Missing,
            def: &def.components[component - 1],
            span,
        });
    }
    let end = element.start + element.value.len();
    if present != 0 && last_end < end {
        let trailing = def
            .components
            .iter()
            .rev()
            .find(|c| present & (1 << usize::from(c.component).min(63)) != 0)
            .unwrap_or(def);
        report(ElementFinding {
            problem: Problem::TrailingSeparator,
            def: trailing,
            span: Span::new(last_end, end),
        });
    }
}

/// A composite of several components sent as one value that holds another common
/// component separator (`11>B>1` where ISA16 is `:`).
fn written_with_other_separator(element: &Element<'_>, def: &ElementDef) -> bool {
    def.components.len() > 1
        && !element.value.contains(&element.delimiters.component)
        && element
            .value
            .iter()
            .any(|b| matches!(b, b'>' | b':' | b'<' | b'^' | b'|' | b'\\' | b'!'))
}

/// What is wrong with one simple value, if anything.
pub fn value_problem(value: &[u8], def: &ElementDef) -> Option<Problem> {
    if value.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Some(Problem::ControlCharacter);
    }
    clean_value_problem(value, def)
}

/// [`value_problem`] for a value known to hold no control character.
fn clean_value_problem(value: &[u8], def: &ElementDef) -> Option<Problem> {
    let length = match def.data_type {
        DataType::R | DataType::N0 => {
            let digits = number_digits(value, def.data_type == DataType::R)?;
            let Some(digits) = digits else {
                return Some(Problem::MalformedNumber);
            };
            digits
        }
        DataType::Dt => {
            return (date8(value).is_none()).then_some(Problem::InvalidDate);
        }
        DataType::Tm => {
            return (!time(value)).then_some(Problem::InvalidTime);
        }
        DataType::Id if !def.codes.is_empty() => {
            return (!def.accepts(value)).then_some(Problem::InvalidCode);
        }
        _ => value.len(),
    };
    if length < usize::from(def.min) {
        Some(Problem::TooShort)
    } else if length > usize::from(def.max) {
        Some(Problem::TooLong)
    } else {
        None
    }
}

/// The number of digits of an R (`decimal`) or N0 value in X12 notation: an optional
/// leading `-`, digits, and for R one optional `.`. `Some(None)` when it is not one.
#[allow(clippy::option_option)]
fn number_digits(value: &[u8], decimal: bool) -> Option<Option<usize>> {
    let body = value.strip_prefix(b"-").unwrap_or(value);
    let mut digits = 0;
    let mut points = 0;
    for &b in body {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' if decimal => points += 1,
            _ => return Some(None),
        }
    }
    Some((digits > 0 && points <= 1).then_some(digits))
}

fn check_note(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    note: &'static SyntaxNote,
    present: u64,
    report: &mut impl FnMut(ElementFinding),
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
