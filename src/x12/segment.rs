//! Segments, elements, components and repetitions as borrowed slices of the input.
//!
//! Nothing here allocates: a [`Segment`] is a slice plus its offset in the file, and
//! elements and components are found by scanning for separators on demand. Rules touch
//! only a few elements of each segment, so splitting lazily is cheaper than building a
//! vector of elements for every segment.

use super::delimiters::Delimiters;

/// From this element on, [`Segment::element`] marks a segment's separators sixteen bytes at
/// a time: for the first elements, a byte-by-byte search ends sooner.
const FAR: usize = 2;
use crate::source::Span;

/// Position of `byte` in a short slice. Segments are a few dozen bytes, where a plain loop
/// beats the set-up cost of a vectorised search; memchr is kept for long scans.
#[inline]
fn find(byte: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == byte)
}

/// Characters of a segment ID quoted in messages (X12 IDs have two or three).
pub const MAX_ID_SHOWN: usize = 40;

/// One segment, without its terminator.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    /// The segment's bytes, from the segment ID up to (not including) the terminator.
    pub raw: &'a [u8],
    /// Offset of `raw` in the original file.
    pub start: usize,
    /// 1-based ordinal of the segment in the file.
    pub ordinal: usize,
    pub delimiters: Delimiters,
}

impl<'a> Segment<'a> {
    /// `text` with `*` as its element separator written with `separator` instead: what
    /// the tests of a reading in place hold it to `Segment::value` with, whatever the
    /// separator (the returned bytes are the segment's; see [`Segment::written_with`]).
    #[cfg(test)]
    pub(crate) fn text_with_separator(text: &str, separator: u8) -> Vec<u8> {
        text.bytes()
            .map(|b| if b == b'*' { separator } else { b })
            .collect()
    }

    /// A segment of `raw` alone (at offset 0, the first of its file) whose element
    /// separator is `separator`, the other delimiters the usual ones.
    #[cfg(test)]
    pub(crate) fn written_with(raw: &'a [u8], separator: u8) -> Segment<'a> {
        Segment {
            raw,
            start: 0,
            ordinal: 1,
            delimiters: crate::x12::Delimiters {
                element: separator,
                ..crate::x12::Delimiters::default()
            },
        }
    }

    /// The segment ID (the bytes before the first element separator).
    pub fn id(&self) -> &'a [u8] {
        match find(self.delimiters.element, self.raw) {
            Some(p) => &self.raw[..p],
            None => self.raw,
        }
    }

    /// The segment ID as text, for messages (non-UTF-8 bytes are replaced). A segment
    /// with no element separator is all ID: past [`MAX_ID_SHOWN`] characters the rest
    /// is cut and marked with `…`, so a 100 MB line is not quoted whole.
    pub fn id_str(&self) -> String {
        let id = self.id();
        if id.len() <= MAX_ID_SHOWN {
            return String::from_utf8_lossy(id).into_owned();
        }
        let mut text: String = String::from_utf8_lossy(&id[..id.len().min(MAX_ID_SHOWN * 4)])
            .chars()
            .take(MAX_ID_SHOWN)
            .collect();
        text.push('…');
        text
    }

    pub fn is(&self, id: &[u8]) -> bool {
        self.id() == id
    }

    pub fn span(&self) -> Span {
        Span::at(self.start, self.raw.len())
    }

    /// Span of the segment ID.
    pub fn id_span(&self) -> Span {
        Span::at(self.start, self.id().len())
    }

    /// Elements 1.. (the ID, element 0, is not included).
    pub fn elements(&self) -> Elements<'a> {
        let id_len = self.id().len();
        Elements {
            rest: if id_len < self.raw.len() {
                Some(&self.raw[id_len + 1..])
            } else {
                None
            },
            offset: self.start + id_len + 1,
            position: 1,
            delimiters: self.delimiters,
        }
    }

    /// Element `n` (1-based, as in `SE01`), if the segment has that many elements.
    ///
    /// Rules ask for single elements many times per segment, so this counts separators
    /// in one pass instead of building every element before `n`.
    #[inline]
    pub fn element(&self, n: usize) -> Option<Element<'a>> {
        if n == 0 {
            return None;
        }
        let separator = self.delimiters.element;
        // Past the first elements, the separators are found eight bytes at a time and
        // counted off as bits, instead of byte by byte.
        if n >= FAR {
            let (begin, end) = match super::words::positions(self.raw, separator) {
                Some(bits) => super::words::element(bits, self.raw.len(), n)?,
                None => super::words::element_anywhere(self.raw, separator, n)?,
            };
            return Some(self.element_at(n, begin, end));
        }
        let mut seen = 0;
        let mut begin = 0;
        for (i, &b) in self.raw.iter().enumerate() {
            if b == separator {
                if seen == n {
                    return Some(self.element_at(n, begin, i));
                }
                seen += 1;
                begin = i + 1;
            }
        }
        (seen == n).then(|| self.element_at(n, begin, self.raw.len()))
    }

    /// The segment's element separators, marked once for the several elements a check
    /// reads from it.
    #[inline(always)]
    pub fn separators(&self) -> Separators<'_, 'a> {
        Separators {
            segment: self,
            bits: super::words::positions(self.raw, self.delimiters.element),
        }
    }

    fn element_at(&self, position: usize, begin: usize, end: usize) -> Element<'a> {
        Element {
            value: &self.raw[begin..end],
            start: self.start + begin,
            position,
            delimiters: self.delimiters,
        }
    }

    /// The value of element `n`, or an empty slice when absent.
    pub fn value(&self, n: usize) -> &'a [u8] {
        self.element(n).map_or(&[][..], |e| e.value)
    }

    /// Number of elements after the ID, counting empty ones.
    pub fn element_count(&self) -> usize {
        let id_len = self.id().len();
        if id_len >= self.raw.len() {
            0
        } else {
            self.raw[id_len..]
                .iter()
                .filter(|&&b| b == self.delimiters.element)
                .count()
        }
    }

    /// A zero-width span just after the last byte of the segment, where a missing
    /// element would go.
    pub fn end_span(&self) -> Span {
        Span::at(self.start + self.raw.len(), 0)
    }
}

/// The element separators of a segment, marked once: a bit per byte for a segment of up
/// to 64 bytes (most), as [`Segment::element`] marks them past its first elements; a
/// longer segment is searched 64 bytes at a time for each element read. A check that
/// reads several elements of a segment marks its separators once instead of once per
/// element.
#[derive(Debug, Clone, Copy)]
pub struct Separators<'s, 'a> {
    segment: &'s Segment<'a>,
    /// Bit `i` set when `raw[i]` is the element separator; `None` past 64 bytes.
    bits: Option<u64>,
}

impl<'a> Separators<'_, 'a> {
    /// Where element `n` (1-based) is in the segment's `raw`, as [`Segment::element`]
    /// finds it.
    #[inline(always)]
    pub fn range(&self, n: usize) -> Option<(usize, usize)> {
        let s = self.segment;
        match self.bits {
            Some(bits) => super::words::element(bits, s.raw.len(), n),
            None => super::words::element_anywhere(s.raw, s.delimiters.element, n),
        }
    }

    /// Element `n` (1-based), as [`Segment::element`] finds it.
    #[inline(always)]
    pub fn element(&self, n: usize) -> Option<Element<'a>> {
        let (begin, end) = self.range(n)?;
        Some(self.segment.element_at(n, begin, end))
    }

    /// The value of element `n`, or an empty slice when absent, as [`Segment::value`].
    #[inline(always)]
    pub fn value(&self, n: usize) -> &'a [u8] {
        self.range(n)
            .map_or(&[][..], |(begin, end)| &self.segment.raw[begin..end])
    }
}

/// An element of a segment.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    pub value: &'a [u8],
    pub start: usize,
    /// 1-based position in the segment.
    pub position: usize,
    pub delimiters: Delimiters,
}

impl<'a> Element<'a> {
    pub fn span(&self) -> Span {
        Span::at(self.start, self.value.len())
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Components of the element (the whole value is component 1 when there is no
    /// component separator in it).
    pub fn components(&self) -> Pieces<'a> {
        Pieces::new(self.value, self.start, self.delimiters.component)
    }

    /// Component `n` (1-based, as in `SV101-2`).
    pub fn component(&self, n: usize) -> Option<Piece<'a>> {
        self.components().nth(n.checked_sub(1)?)
    }

    /// Repetitions of the element, split on ISA11.
    pub fn repetitions(&self) -> Pieces<'a> {
        match self.delimiters.repetition {
            Some(r) => Pieces::new(self.value, self.start, r),
            None => Pieces::whole(self.value, self.start),
        }
    }

    pub fn as_str_lossy(&self) -> String {
        String::from_utf8_lossy(self.value).into_owned()
    }
}

/// Iterator over the elements of a segment.
#[derive(Debug, Clone)]
pub struct Elements<'a> {
    rest: Option<&'a [u8]>,
    offset: usize,
    position: usize,
    delimiters: Delimiters,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Element<'a>;

    fn next(&mut self) -> Option<Element<'a>> {
        let rest = self.rest?;
        let (value, next) = match find(self.delimiters.element, rest) {
            Some(p) => (&rest[..p], Some(&rest[p + 1..])),
            None => (rest, None),
        };
        let element = Element {
            value,
            start: self.offset,
            position: self.position,
            delimiters: self.delimiters,
        };
        self.offset += value.len() + 1;
        self.position += 1;
        self.rest = next;
        Some(element)
    }
}

/// A component or a repetition of an element.
#[derive(Debug, Clone, Copy)]
pub struct Piece<'a> {
    pub value: &'a [u8],
    pub start: usize,
    /// 1-based position.
    pub position: usize,
}

impl Piece<'_> {
    pub fn span(&self) -> Span {
        Span::at(self.start, self.value.len())
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }
}

/// Iterator over the pieces of a value split on one separator.
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    rest: Option<&'a [u8]>,
    offset: usize,
    position: usize,
    separator: Option<u8>,
}

impl<'a> Pieces<'a> {
    fn new(value: &'a [u8], start: usize, separator: u8) -> Self {
        Pieces {
            rest: Some(value),
            offset: start,
            position: 1,
            separator: Some(separator),
        }
    }

    fn whole(value: &'a [u8], start: usize) -> Self {
        Pieces {
            rest: Some(value),
            offset: start,
            position: 1,
            separator: None,
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        let rest = self.rest?;
        let split = self.separator.and_then(|s| find(s, rest));
        let (value, next) = match split {
            Some(p) => (&rest[..p], Some(&rest[p + 1..])),
            None => (rest, None),
        };
        let piece = Piece {
            value,
            start: self.offset,
            position: self.position,
        };
        self.offset += value.len() + 1;
        self.position += 1;
        self.rest = next;
        Some(piece)
    }
}

/// Splits `bytes[range]` into segments with known delimiters.
///
/// Used for the inside of a transaction set, where no ISA can appear. CR and LF after a
/// terminator are skipped; with a newline terminator a trailing CR is dropped too.
#[derive(Debug, Clone)]
pub struct Segments<'a> {
    /// The bytes up to the end of the range: its end is their end, which spares checking
    /// each slice of them against both.
    bytes: &'a [u8],
    pos: usize,
    ordinal: usize,
    delimiters: Delimiters,
}

impl<'a> Segments<'a> {
    /// `first_ordinal` is the file ordinal the first segment gets.
    pub fn new(
        bytes: &'a [u8],
        start: usize,
        end: usize,
        first_ordinal: usize,
        delimiters: Delimiters,
    ) -> Self {
        Segments {
            bytes: &bytes[..end.min(bytes.len())],
            pos: start,
            ordinal: first_ordinal,
            delimiters,
        }
    }

    /// Current byte position (start of the next segment, before skipping newlines).
    pub fn position(&self) -> usize {
        self.pos
    }
}

/// The bytes [`Segments`] searches a word at a time for a segment's terminator.
const WINDOW: usize = 64;

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<Segment<'a>> {
        self.next_with_id_len().map(|(segment, _)| segment)
    }
}

/// The length of a segment's ID read with it, see [`Segments::next_with_id_len`]: IDs
/// of this many bytes or more are all given as this long.
pub(crate) const ID_LEN_CAP: usize = 16;

impl<'a> Segments<'a> {
    /// The next segment, and the length of its ID ([`Segment::id`]), or [`ID_LEN_CAP`]
    /// for an ID at least that long: the first bytes compared with the terminator are
    /// compared with the element separator too, which costs less than looking for the
    /// ID's end again. The claim model names every segment by its ID.
    #[inline(always)]
    pub(crate) fn next_with_id_len(&mut self) -> Option<(Segment<'a>, usize)> {
        // Most segments end within the next 64 bytes: a word-at-a-time look there costs
        // less than setting up a vectorised search for each one. Longer segments, the end
        // of the range and a last segment with no terminator go to `next_segment`.
        let (bytes, d) = (self.bytes, self.delimiters);
        let mut pos = self.pos;
        while let Some(b'\r' | b'\n') = bytes.get(pos) {
            pos += 1;
        }
        let rest = bytes.get(pos..).unwrap_or_default();
        let found = rest
            .first_chunk::<WINDOW>()
            .and_then(|window| terminator_and_id(window, d));
        let (segment, next, id_len) = match found {
            Some((p, id_len)) => {
                let mut raw = &rest[..p];
                if d.segment == b'\n'
                    && let [before @ .., b'\r'] = raw
                {
                    raw = before;
                }
                let segment = Segment {
                    raw,
                    start: pos,
                    ordinal: self.ordinal,
                    delimiters: d,
                };
                (segment, pos + p + 1, id_len.min(raw.len()))
            }
            None => {
                let (segment, next) = next_segment(bytes, pos, bytes.len(), self.ordinal, d)?;
                (segment, next, id_len_of(&segment))
            }
        };
        self.pos = next;
        self.ordinal += 1;
        Some((segment, id_len))
    }
}

/// [`Segments`] giving each segment with the length of its ID, see
/// [`Segments::next_with_id_len`].
pub(crate) struct WithIdLens<'a>(Segments<'a>);

impl<'a> Segments<'a> {
    /// Each segment with the length of its ID, see [`Segments::next_with_id_len`].
    pub(crate) fn with_id_lens(self) -> WithIdLens<'a> {
        WithIdLens(self)
    }
}

impl<'a> Iterator for WithIdLens<'a> {
    type Item = (Segment<'a>, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(Segment<'a>, usize)> {
        self.0.next_with_id_len()
    }
}

/// Where the first terminator of `window` is, and where its first element separator is
/// among the first [`ID_LEN_CAP`] bytes (`ID_LEN_CAP` when none is): the first sixteen
/// bytes are compared with both in one load.
#[inline(always)]
fn terminator_and_id(window: &[u8; WINDOW], d: Delimiters) -> Option<(usize, usize)> {
    use wide::u8x16;
    let (head, tail) = window.split_first_chunk::<ID_LEN_CAP>()?;
    let head = u8x16::new(*head);
    let marks = |byte: u8| head.simd_eq(u8x16::splat(byte)).to_bitmask();
    let id_len = (marks(d.element) | 1 << ID_LEN_CAP).trailing_zeros() as usize;
    let terminators = marks(d.segment);
    let at = if terminators != 0 {
        terminators.trailing_zeros() as usize
    } else {
        let tail = tail.first_chunk::<{ WINDOW - ID_LEN_CAP }>()?;
        ID_LEN_CAP + super::words::first(tail, d.segment)?
    };
    Some((at, id_len))
}

/// [`Segment::id`]'s length, capped at [`ID_LEN_CAP`].
fn id_len_of(segment: &Segment<'_>) -> usize {
    let head = &segment.raw[..segment.raw.len().min(ID_LEN_CAP)];
    find(segment.delimiters.element, head).unwrap_or(head.len())
}

/// Whether the line break at `at`, the segment terminator of `bytes`, ends a segment as
/// [`next_segment`] reads them from `lower` (where a segment or line breaks start): the
/// reader skips line breaks before a segment, so a line break ends one only when segment
/// bytes come before it, with at most line breaks of the other kind between them (a
/// carriage return before a line feed is the segment's last byte, which it leaves out).
#[inline]
pub(crate) fn line_break_ends_segment(bytes: &[u8], lower: usize, at: usize) -> bool {
    let terminator = bytes[at];
    let other = if terminator == b'\n' { b'\r' } else { b'\n' };
    let mut j = at;
    while j > lower && bytes[j - 1] == other {
        j -= 1;
    }
    j > lower && bytes[j - 1] != terminator
}

/// Where the segment ended by the terminator at `at` ends as [`next_segment`] reads it:
/// before a carriage return that precedes a line feed terminator.
#[inline(always)]
pub(crate) fn segment_end(bytes: &[u8], at: usize, delimiters: Delimiters) -> usize {
    if delimiters.segment == b'\n' && at > 0 && bytes[at - 1] == b'\r' {
        at - 1
    } else {
        at
    }
}

/// Reads the segment starting at or after `pos` (skipping CR/LF), returning it and the
/// position after its terminator. `None` at the end of the range. A last segment with no
/// terminator runs to `end`; one made only of whitespace is ignored.
pub(crate) fn next_segment(
    bytes: &[u8],
    mut pos: usize,
    end: usize,
    ordinal: usize,
    delimiters: Delimiters,
) -> Option<(Segment<'_>, usize)> {
    while pos < end && matches!(bytes[pos], b'\r' | b'\n') {
        pos += 1;
    }
    if pos >= end {
        return None;
    }
    // Most segments end within a window of 64 bytes, searched a word at a time; a longer
    // one is left to memchr, whose set-up costs more but whose search beats a byte loop
    // over a whole file.
    let rest = &bytes[pos..end];
    let found = rest
        .first_chunk::<WINDOW>()
        .and_then(|window| super::words::first(window, delimiters.segment))
        .or_else(|| memchr::memchr(delimiters.segment, rest));
    let (mut raw_end, next) = match found {
        Some(p) => (pos + p, pos + p + 1),
        None => {
            if bytes[pos..end].iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            (end, end)
        }
    };
    if delimiters.segment == b'\n' && raw_end > pos && bytes[raw_end - 1] == b'\r' {
        raw_end -= 1;
    }
    Some((
        Segment {
            raw: &bytes[pos..raw_end],
            start: pos,
            ordinal,
            delimiters,
        },
        next,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &[u8]) -> Vec<Segment<'_>> {
        Segments::new(text, 0, text.len(), 1, Delimiters::default()).collect()
    }

    #[test]
    fn splits_segments_and_skips_newlines() {
        let text = b"ST*837*0001~\r\nBHT*0019~\n\nSE*3*0001~\n";
        let segs = segments(text);
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[1].raw, b"BHT*0019");
        assert_eq!(segs[1].start, 14);
        assert_eq!(segs[2].ordinal, 3);
    }

    #[test]
    fn element_and_component_spans_point_into_the_file() {
        let text = b"LX*1~SV1*HC:99213:25*100*UN*1***1:2~";
        let sv1 = segments(text)[1];
        assert_eq!(sv1.id(), b"SV1");
        let sv101 = sv1.element(1).unwrap();
        let code = sv101.component(2).unwrap();
        assert_eq!(code.value, b"99213");
        assert_eq!(&text[code.span().start..code.span().end], b"99213");
        let sv107 = sv1.element(7).unwrap();
        assert_eq!(sv107.value, b"1:2");
        assert_eq!(sv107.component(2).unwrap().value, b"2");
        assert_eq!(sv1.element_count(), 7);
        assert!(sv1.element(8).is_none());
        assert!(sv1.element(0).is_none());
        assert_eq!(sv1.value(6), b"");
    }

    #[test]
    fn element_lookup_agrees_with_the_element_iterator() {
        let text = b"SV1*HC:99213**UN*1***1:2*~NM1~CLM*A**~X**~";
        for seg in segments(text) {
            for n in 0..12 {
                let direct = seg.element(n).map(|e| (e.value, e.start, e.position));
                let walked = n
                    .checked_sub(1)
                    .and_then(|i| seg.elements().nth(i))
                    .map(|e| (e.value, e.start, e.position));
                assert_eq!(direct, walked, "{:?} element {n}", seg.id_str());
            }
        }
    }

    #[test]
    fn repetitions_split_on_isa11() {
        let text = b"HI*ABK:E119^ABF:I10~";
        let e = segments(text)[0].element(1).unwrap();
        let reps: Vec<_> = e.repetitions().map(|p| p.value).collect();
        assert_eq!(reps, vec![&b"ABK:E119"[..], &b"ABF:I10"[..]]);
    }

    #[test]
    fn newline_terminator_drops_carriage_return() {
        let d = Delimiters {
            segment: b'\n',
            ..Delimiters::default()
        };
        let text = b"ST*837*0001\r\nSE*2*0001\r\n";
        let segs: Vec<_> = Segments::new(text, 0, text.len(), 1, d).collect();
        assert_eq!(segs[0].raw, b"ST*837*0001");
        assert_eq!(segs[1].raw, b"SE*2*0001");
    }

    #[test]
    fn unterminated_tail_is_a_segment_but_whitespace_is_not() {
        assert_eq!(segments(b"SE*2*0001~IEA*1").len(), 2);
        assert_eq!(segments(b"SE*2*0001~  \n ").len(), 1);
    }

    #[test]
    fn long_ids_are_cut_for_messages() {
        let long = [b'A'; 100];
        let s = segments(&long)[0];
        assert_eq!(s.id().len(), 100);
        assert_eq!(s.id_str(), format!("{}…", "A".repeat(MAX_ID_SHOWN)));
        assert_eq!(segments(b"NM1*41~")[0].id_str(), "NM1");
    }

    #[test]
    fn segment_without_elements() {
        let s = segments(b"LX~")[0];
        assert_eq!(s.id(), b"LX");
        assert_eq!(s.element_count(), 0);
        assert!(s.elements().next().is_none());
    }

    /// The segments as [`next_segment`] reads them one after the other.
    fn one_by_one(bytes: &[u8], start: usize, end: usize, d: Delimiters) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (mut pos, end) = (start, end.min(bytes.len()));
        while let Some((s, next)) = next_segment(bytes, pos, end, 1, d) {
            out.push((s.start, s.raw.len()));
            pos = next;
        }
        out
    }

    /// The segments read the plain way: each up to the next terminator, found byte by
    /// byte, CR and LF before it skipped, a trailing CR dropped with a newline terminator,
    /// an unterminated tail kept unless it is all whitespace.
    fn plainly(bytes: &[u8], start: usize, end: usize, d: Delimiters) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (mut pos, end) = (start, end.min(bytes.len()));
        loop {
            while pos < end && matches!(bytes[pos], b'\r' | b'\n') {
                pos += 1;
            }
            if pos >= end {
                return out;
            }
            let (mut raw_end, next) = match bytes[pos..end].iter().position(|&b| b == d.segment) {
                Some(p) => (pos + p, pos + p + 1),
                None if bytes[pos..end].iter().all(u8::is_ascii_whitespace) => return out,
                None => (end, end),
            };
            if d.segment == b'\n' && raw_end > pos && bytes[raw_end - 1] == b'\r' {
                raw_end -= 1;
            }
            out.push((pos, raw_end - pos));
            pos = next;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// The iterator and `next_segment` look for the terminator a word at a time in
        /// the next 64 bytes, `next_segment` with memchr past them; both read the segments
        /// a byte-by-byte search reads, for any bytes, terminator and range (segments
        /// longer and shorter than the window, line breaks, an end cut anywhere), and the
        /// iterator reads their IDs' lengths as `Segment::id` does.
        #[test]
        fn segments_are_read_as_next_segment_reads_them(
            bytes in proptest::collection::vec(
                // Letters weighted so that segments of every length, from none to
                // several windows, come up.
                proptest::prop_oneof![
                    1 => proptest::prelude::Just(b'~'),
                    1 => proptest::prelude::Just(b'\n'),
                    1 => proptest::prelude::Just(b'\r'),
                    1 => proptest::prelude::Just(b' '),
                    16 => b'A'..=b'Z',
                    2 => proptest::prelude::Just(b'*'),
                    1 => 0u8..=255u8,
                ],
                0..400,
            ),
            newline in proptest::bool::ANY,
            start in 0usize..80,
            cut in 0usize..420,
        ) {
            let d = Delimiters {
                segment: if newline { b'\n' } else { b'~' },
                ..Delimiters::default()
            };
            let start = start.min(bytes.len());
            let end = (start + cut).min(bytes.len());
            let iterated: Vec<_> = Segments::new(&bytes, start, end, 1, d)
                .map(|s| (s.start, s.raw.len()))
                .collect();
            let plain = plainly(&bytes, start, end, d);
            proptest::prop_assert_eq!(&iterated, &plain);
            proptest::prop_assert_eq!(one_by_one(&bytes, start, end, d), plain);
            // The IDs' lengths read with the segments are `Segment::id`'s, capped.
            let mut segments = Segments::new(&bytes, start, end, 1, d);
            while let Some((segment, id_len)) = segments.next_with_id_len() {
                proptest::prop_assert_eq!(id_len, segment.id().len().min(ID_LEN_CAP));
            }
        }

        /// `element(n)` finds far elements from bit masks of a segment's separators (one
        /// mask for a segment of up to 64 bytes, one per 64-byte block of a longer one)
        /// and the first ones byte by byte; either way it is the element the iterator
        /// gives, for any bytes, segments of one to several blocks, and any `n`.
        #[test]
        fn element_lookup_agrees_with_the_element_iterator_anywhere(
            raw in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just(b'*'),
                    proptest::prelude::Just(b':'),
                    b'A'..=b'Z',
                    0u8..=255u8,
                ],
                0..300,
            ),
        ) {
            let seg = Segment {
                raw: &raw,
                start: 7,
                ordinal: 1,
                delimiters: Delimiters::default(),
            };
            for n in 0..80 {
                let direct = seg.element(n).map(|e| (e.value, e.start, e.position));
                let walked = n
                    .checked_sub(1)
                    .and_then(|i| seg.elements().nth(i))
                    .map(|e| (e.value, e.start, e.position));
                proptest::prop_assert_eq!(direct, walked, "element {}", n);
            }
        }
    }
}
