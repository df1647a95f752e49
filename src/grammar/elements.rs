//! Checks the elements of one placed segment against its use in the guide: usage,
//! counts, length, data type, code list and syntax notes (SNIP 2 element requirements).
//!
//! Each element gets at most one finding, the first of: not used but present, too many
//! components, a missing required component, a bad value (control character, number
//! format, date, time, code, length). A value of the wrong type is never also reported
//! as too long. Checks allocate nothing; findings go to a callback.

use super::{DataType, ElementDef, SegmentDef, SyntaxKind, SyntaxNote, Usage, bits, key};
use crate::source::Span;
use crate::x12::Segment;
use crate::x12::delimiters::Delimiters;
use crate::x12::values::{date8, time};

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

/// The segment being checked: its bytes and where they are, so that elements and
/// components travel as offsets into `raw` instead of as slices with their own spans.
struct Bytes<'a> {
    raw: &'a [u8],
    /// Offset of `raw` in the file.
    start: usize,
    delimiters: Delimiters,
    /// The segment holds no control character and no repetition separator.
    clean: bool,
    /// Where its element separators are, for a segment of at most 64 bytes (most are).
    marks: Option<Marks>,
}

impl Bytes<'_> {
    #[inline(always)]
    fn new<'a>(segment: &Segment<'a>) -> Bytes<'a> {
        let raw = segment.raw;
        let delimiters = segment.delimiters;
        let marks = Marks::of(raw, &delimiters);
        let clean = match &marks {
            Some(m) => !m.odd,
            None => !has_odd_byte(raw, delimiters.repetition),
        };
        Bytes {
            raw,
            start: segment.start,
            delimiters,
            clean,
            marks,
        }
    }

    fn span(&self, begin: usize, end: usize) -> Span {
        Span::new(self.start + begin, self.start + end)
    }

    /// The end of the element that starts at `begin`: the next element separator, or the
    /// end of the segment. Elements are taken in order, the segment ID first, so that
    /// each separator's mark is used up as it is passed.
    fn element_end(&mut self, begin: usize) -> usize {
        let end = self.raw.len();
        match &mut self.marks {
            Some(m) => {
                let next = (m.elements.trailing_zeros() as usize).min(end);
                m.elements &= m.elements.wrapping_sub(1);
                next
            }
            None => find(self.raw, begin, end, self.delimiters.element),
        }
    }

    /// The end of the component that starts at `begin` in an element that ends at `end`.
    fn component_end(&self, begin: usize, end: usize) -> usize {
        find(self.raw, begin, end, self.delimiters.component)
    }
}

/// The first `separator` in `raw[from..end]`, or `end`.
fn find(raw: &[u8], from: usize, end: usize, separator: u8) -> usize {
    raw[from..end]
        .iter()
        .position(|&b| b == separator)
        .map_or(end, |p| from + p)
}

/// What a segment of at most 64 bytes holds, found eight bytes at a time: a byte-by-byte
/// search for the element separator and for odd bytes costs more than all the value
/// checks together.
struct Marks {
    /// Bit `i` is set when `raw[i]` is the element separator.
    elements: u64,
    /// The segment holds a control character or a repetition separator.
    odd: bool,
}

impl Marks {
    #[inline(always)]
    fn of(raw: &[u8], delimiters: &Delimiters) -> Option<Marks> {
        const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
        const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
        let len = raw.len();
        if len > 64 || len == 0 {
            return None;
        }
        let element = ONES * u64::from(delimiters.element);
        // Without a repetition separator, NUL stands in: it is a control character anyway.
        let repetition = ONES * u64::from(delimiters.repetition.unwrap_or(0));
        // Flags bytes below 0x20 (any byte below `n` for `less(word, n)`), equal to DEL or
        // to the repetition separator. A flag may be false only above a true one, so
        // whether any flag is set is exact, also when padding is cut off.
        let less = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGHS;
        let odd_flags = |word: u64| {
            less(word, 0x20) | less(word ^ (ONES * 0x7f), 1) | less(word ^ repetition, 1)
        };
        let mut elements = 0;
        let mut odd = 0;
        if len < 8 {
            // Padded with NULs, whose marks are cut off.
            let word = raw
                .iter()
                .rev()
                .fold(0u64, |word, &b| word << 8 | u64::from(b));
            let padding = u64::MAX >> (8 * (8 - len));
            elements = byte_bits(zero_bytes(word ^ element)) & (u64::MAX >> (64 - len));
            odd = odd_flags(word) & padding;
        } else {
            let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
            let mut at = 0;
            while at + 8 < len {
                let w = word(at);
                elements |= byte_bits(zero_bytes(w ^ element)) << at;
                odd |= odd_flags(w);
                at += 8;
            }
            // The last eight bytes, overlapping bytes already marked.
            let w = word(len - 8);
            elements |= byte_bits(zero_bytes(w ^ element)) << (len - 8);
            odd |= odd_flags(w);
        }
        Some(Marks {
            elements,
            odd: odd != 0,
        })
    }
}

/// 0x80 in each byte of `word` that is zero, 0 in the others.
fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// The top bits of the bytes of `flags` packed into the low eight bits, byte 0 first.
fn byte_bits(flags: u64) -> u64 {
    (flags >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
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
    let raw = segment.raw;
    let mut bytes = Bytes::new(segment);
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
    if id_end.is_some() && last_present_end < raw.len() {
        let trailing = def
            .elements
            .iter()
            .rev()
            .find(|e| present & (1 << usize::from(e.position).min(63)) != 0)
            .unwrap_or(&def.elements[0]);
        report(ElementFinding {
            problem: Problem::TrailingSeparator,
            def: trailing,
            span: bytes.span(last_present_end, raw.len()),
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

/// Checks the non-empty element `raw[begin..end]`.
fn check_element(
    bytes: &Bytes<'_>,
    begin: usize,
    end: usize,
    def: &'static ElementDef,
    report: &mut impl FnMut(ElementFinding),
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
                report(ElementFinding {
                    problem: Problem::TooManyComponents,
                    def,
                    span: bytes.span(component_begin - 1, end),
                });
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
    for component in bits(def.required & !present) {
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
            span: bytes.span(last_end, end),
        });
    }
}

/// A composite of several components sent as one value that holds another common
/// component separator (`11>B>1` where ISA16 is `:`); `value` holds no ISA16.
fn written_with_other_separator(value: &[u8], def: &ElementDef) -> bool {
    def.components.len() > 1
        && value
            .iter()
            .any(|b| matches!(b, b'>' | b':' | b'<' | b'^' | b'|' | b'\\' | b'!'))
}

/// What is wrong with the non-empty simple value `raw[begin..end]`, if anything.
///
/// Inlined into the element loop: most values need only a length or a key compared.
#[inline(always)]
fn piece_problem(bytes: &Bytes<'_>, begin: usize, end: usize, def: &ElementDef) -> Option<Problem> {
    if !bytes.clean {
        return value_problem(&bytes.raw[begin..end], def);
    }
    if def.data_type == DataType::Id && !def.keys.is_empty() {
        // The one check that differs from `clean_value_problem`: the code's key is read
        // from the segment as a word.
        let key = key_at(bytes.raw, begin, end);
        return (!def.keys.contains(&key)).then_some(Problem::InvalidCode);
    }
    clean_value_problem(&bytes.raw[begin..end], def)
}

/// [`key`]`(&raw[begin..end])`, read as one word of the segment where it has room,
/// instead of byte by byte: eight bytes for the usual short code, else sixteen.
#[inline(always)]
fn key_at(raw: &[u8], begin: usize, end: usize) -> u128 {
    let len = end - begin;
    let length = (len as u128) << 120;
    if (1..=8).contains(&len) {
        let shift = 8 * (8 - len);
        let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
        if begin + 8 <= raw.len() {
            // The value and what follows it: keep its `len` low bytes.
            return u128::from(word(begin) << shift >> shift) | length;
        } else if end >= 8 {
            // What precedes the value and the value: its bytes are the high ones.
            return u128::from(word(end - 8) >> shift) | length;
        }
    } else if (9..=15).contains(&len) {
        let shift = 8 * (16 - len);
        let word = |at: usize| u128::from_le_bytes(raw[at..at + 16].try_into().unwrap_or([0; 16]));
        if begin + 16 <= raw.len() {
            return word(begin) << shift >> shift | length;
        } else if end >= 16 {
            return word(end - 16) >> shift | length;
        }
    }
    key(&raw[begin..end])
}

/// What is wrong with one simple value, if anything.
pub fn value_problem(value: &[u8], def: &ElementDef) -> Option<Problem> {
    if value.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Some(Problem::ControlCharacter);
    }
    clean_value_problem(value, def)
}

/// [`value_problem`] for a value known to hold no control character.
#[inline(always)]
fn clean_value_problem(value: &[u8], def: &ElementDef) -> Option<Problem> {
    let length = match def.data_type {
        DataType::R | DataType::N0 => {
            let Some(digits) = number_digits(value, def.data_type == DataType::R) else {
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
    length_problem(length, def)
}

/// Whether `length` characters (digits for a number) are too few or too many.
fn length_problem(length: usize, def: &ElementDef) -> Option<Problem> {
    if length < usize::from(def.min) {
        Some(Problem::TooShort)
    } else if length > usize::from(def.max) {
        Some(Problem::TooLong)
    } else {
        None
    }
}

/// The number of digits of an R (`decimal`) or N0 value in X12 notation: an optional
/// leading `-`, digits, and for R one optional `.`. `None` when it is not one.
fn number_digits(value: &[u8], decimal: bool) -> Option<usize> {
    let body = value.strip_prefix(b"-").unwrap_or(value);
    let mut digits = 0;
    let mut points = 0;
    for &b in body {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' if decimal => points += 1,
            _ => return None,
        }
    }
    (digits > 0 && points <= 1).then_some(digits)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_the_bytes_they_stand_for() {
        let text =
            b"CLM*A37YH556*500***11:B:1*Y\x01Y^Y*\x7f\x1f \xff\x80\xe0*:*~!|>HI*ABK:J449*ABF";
        let delimiter_sets = [
            Delimiters::default(),
            Delimiters {
                element: b'*',
                repetition: None,
                component: b'>',
                segment: b'~',
            },
            Delimiters {
                element: b'\xff',
                repetition: Some(b'\x80'),
                component: b'\0',
                segment: b'~',
            },
        ];
        for d in delimiter_sets {
            for from in 0..text.len() {
                for len in 1..=64.min(text.len() - from) {
                    let raw = &text[from..from + len];
                    let m = Marks::of(raw, &d).unwrap();
                    let bits = |f: &dyn Fn(u8) -> bool| {
                        raw.iter()
                            .enumerate()
                            .fold(0u64, |m, (i, &b)| m | u64::from(f(b)) << i)
                    };
                    assert_eq!(m.elements, bits(&|b| b == d.element));
                    let odd = |b: u8| b < 0x20 || b == 0x7f || Some(b) == d.repetition;
                    assert_eq!(m.odd, raw.iter().any(|&b| odd(b)));
                }
            }
        }
        assert!(Marks::of(&[b'A'; 65], &Delimiters::default()).is_none());
    }

    #[test]
    fn a_key_read_from_the_segment_is_the_key_of_the_value() {
        let raw: Vec<u8> = (0..40u8).map(|i| b'A' + i % 26).collect();
        for len in 1..=40 {
            let raw = &raw[..len];
            for begin in 0..=len {
                for end in begin..=len {
                    assert_eq!(
                        key_at(raw, begin, end),
                        key(&raw[begin..end]),
                        "{begin}..{end} of {len}"
                    );
                }
            }
        }
    }
}
