//! Files whose segments are not laid end to end: whitespace before segment IDs (an indented
//! file) and line breaks inside segments (a file wrapped at a fixed width, or one stray
//! break).
//!
//! Such a file is still X12 a receiver can recognise, and most translators read it, so
//! claimlint reads it too: [`prepare`] makes a copy with that whitespace taken out, the
//! copy is checked as usual, and every span found in it is mapped back to the original
//! bytes with [`Unwrapped::original`]. Files that need nothing of this (nearly all) are
//! not copied: [`prepare`] returns `None` after one vectorised scan.
//!
//! Plain line breaks right after a segment terminator are not taken out: the tokenizer
//! skips them, as it always has.

use super::delimiters::{self, ISA_LEN, ISA_SEPARATOR_OFFSETS};
use crate::source::Span;
use wide::u8x16;

/// A copy of a file with the whitespace between and inside segments taken out.
#[derive(Debug)]
pub struct Unwrapped {
    pub bytes: Vec<u8>,
    /// `(offset in the copy, offset in the original)` where each run of kept bytes starts,
    /// in order; a copy offset maps to the original by the last run that starts at or
    /// before it.
    runs: Vec<(usize, usize)>,
    /// Whitespace other than plain line breaks before segment IDs.
    pub padding: Option<Found>,
    /// Line breaks inside segments (the ISA included).
    pub breaks: Option<Found>,
}

/// The first occurrence of one kind of whitespace (in original offsets) and how often it
/// occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub first: Span,
    pub count: usize,
    /// For line breaks inside segments: the length every full line has, when all lines
    /// but the last have the same length (a file wrapped at a fixed width).
    pub width: Option<usize>,
}

impl Unwrapped {
    /// The original offset of offset `at` of the copy.
    pub fn original(&self, at: usize) -> usize {
        let i = self.runs.partition_point(|&(copy, _)| copy <= at);
        match i.checked_sub(1) {
            Some(i) => self.runs[i].1 + (at - self.runs[i].0),
            None => at,
        }
    }

    /// The offset in the copy of original offset `at` (for whitespace that was taken out:
    /// the offset of the byte after it).
    pub fn copy_offset(&self, at: usize) -> usize {
        let i = self.runs.partition_point(|&(_, original)| original <= at);
        match i.checked_sub(1) {
            Some(i) => {
                let (copy, original) = self.runs[i];
                let next = self.runs.get(i + 1).map_or(usize::MAX, |r| r.0);
                (copy + (at - original)).min(next)
            }
            None => at,
        }
    }

    /// The original span of a span of the copy: from the original of its first byte to
    /// just after the original of its last, so a value cut by a line break is underlined
    /// across it.
    pub fn original_span(&self, span: Span) -> Span {
        if span.is_empty() {
            // The end of the copy (a missing element of an unterminated last segment) stays
            // just after the last byte kept, not after the whitespace that was taken out.
            let at = match span.start.checked_sub(1) {
                Some(last) if span.start >= self.bytes.len() => self.original(last) + 1,
                _ => self.original(span.start),
            };
            return Span::new(at, at);
        }
        let start = self.original(span.start);
        Span::new(start, self.original(span.end - 1) + 1)
    }
}

fn is_break(b: u8) -> bool {
    matches!(b, b'\r' | b'\n')
}

/// Space, tab, form feed and vertical tab: padding, not line breaks.
pub(crate) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0B' | b'\x0C')
}

/// Where the X12 content of the file starts and its segment terminator: the first ISA
/// (read with line breaks inside it skipped), or else the first bare `GS` or `ST`.
fn locate(bytes: &[u8]) -> Option<(usize, u8)> {
    let (start, terminator) = match find_isa_anywhere(bytes) {
        Some(isa) => (isa, isa_terminator(&bytes[isa..])?),
        None => {
            let h = delimiters::find_bare_header(bytes)?;
            (h.start, h.delimiters.segment)
        }
    };
    // A terminator that cannot be one (X006 reports it) says nothing about where segments
    // end; nor does one that never ends a segment after the header.
    let usable = !terminator.is_ascii_alphanumeric()
        && (!terminator.is_ascii_control() || is_break(terminator))
        && terminator < 0x80;
    let after = (start + ISA_LEN).min(bytes.len());
    let used = is_break(terminator) || memchr::memchr(terminator, &bytes[after..]).is_some();
    (usable && used).then_some((start, terminator))
}

/// `ISA` followed by a separator, at the start of the file or of a line.
fn find_isa_anywhere(bytes: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(bytes, b"ISA").find(|&p| {
        bytes
            .get(p + 3)
            .is_some_and(|&b| !b.is_ascii_alphanumeric() && !b.is_ascii_whitespace())
    })
}

/// The segment terminator of the ISA at the start of `isa`: its 106th byte, or the 106th
/// once line breaks inside the ISA are skipped when only that gives the fixed layout.
fn isa_terminator(isa: &[u8]) -> Option<u8> {
    let fixed =
        |v: &[u8]| v.len() >= ISA_LEN && ISA_SEPARATOR_OFFSETS.iter().all(|&o| v[o] == v[3]);
    if fixed(isa) {
        return Some(isa[ISA_LEN - 1]);
    }
    let compact: Vec<u8> = isa
        .iter()
        .copied()
        .filter(|&b| !is_break(b))
        .take(ISA_LEN + 2)
        .collect();
    if fixed(&compact) {
        return Some(compact[ISA_LEN - 1]);
    }
    delimiters::read_isa(isa).ok().map(|h| h.delimiters.segment)
}

/// The bytes searched at a time, each piece on any core.
const PIECE: usize = 1 << 20;

/// The question [`prepare`] asks first, whether a file needs unwrapping at all, made
/// ready to be answered piece by piece: the envelope pass of a file of 512 KB or more
/// answers it in the pieces it reads anyway (on all cores when the file is split), while
/// each piece is in cache (`x12::envelope::parse_probing`), rather than in a pass of its
/// own over the file.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// Where the X12 content starts.
    from: usize,
    terminator: u8,
    /// Offset of the last byte that is neither a blank nor a line break: whitespace after
    /// it is at the end of the file, not before a segment (`None`: there is none).
    last_data: Option<usize>,
}

impl Probe {
    /// The probe of `bytes`, or `None` when the file is not recognisably X12 (then
    /// [`prepare`] leaves it alone).
    pub fn of(bytes: &[u8]) -> Option<Probe> {
        let (from, terminator) = locate(bytes)?;
        Some(Probe::at(bytes, from, terminator))
    }

    fn at(bytes: &[u8], from: usize, terminator: u8) -> Probe {
        let last_data = bytes[from..]
            .iter()
            .rposition(|&b| !is_blank(b) && !is_break(b))
            .map(|p| from + p);
        Probe {
            from,
            terminator,
            last_data,
        }
    }

    /// Whether the whole file needs unwrapping, on all cores: a blank right after a
    /// terminator or a line break, or a line break inside a segment (not right after a
    /// terminator or another break, when the terminator is not itself a break), either with
    /// segment data after it.
    ///
    /// A piece with line breaks or rare blanks is read in one vectorised pass: each
    /// sixteen bytes are compared with the terminator, the two line breaks and the blanks,
    /// and each byte's class is set beside the class of the byte before it with a shift of
    /// the masks; only the rare bytes that pass are looked at one by one. A piece with
    /// neither needs only memchr's searches. A file with a line after every segment used to
    /// pay a search and a look at each line break (4.5 million instructions a megabyte of
    /// the generated file, 7% of its check).
    pub fn finds(&self, bytes: &[u8]) -> bool {
        self.finds_in_pieces(bytes, PIECE)
    }

    fn finds_in_pieces(&self, bytes: &[u8], piece: usize) -> bool {
        let body = bytes.len() - self.from;
        let pieces = (0..body.div_ceil(piece)).map(|n| {
            let from = self.from + n * piece;
            (from, (from + piece).min(bytes.len()))
        });
        #[cfg(feature = "parallel")]
        if body > piece {
            use rayon::prelude::*;
            return pieces
                .collect::<Vec<_>>()
                .into_par_iter()
                .any(|(from, to)| self.finds_in(bytes, from, to));
        }
        // One piece: no thread is needed.
        pieces
            .into_iter()
            .any(|(from, to)| self.finds_in(bytes, from, to))
    }

    /// [`Probe::finds_in`] for a piece that starts right after a terminator (or where the
    /// X12 content starts, or before), whose every terminator (`seen.terminator`) the
    /// caller looked past, and saw whether a blank follows one or starts the piece
    /// (`seen.blank_after`): when the terminator is the probe's, no blank follows one and
    /// the piece has no line break, nothing in it needs unwrapping. Most pieces of most
    /// files are so, and cost one search for line breaks instead of the searches of
    /// [`Probe::finds_in`].
    pub(crate) fn finds_in_seen(&self, bytes: &[u8], from: usize, to: usize, seen: Seen) -> bool {
        let plain = seen.terminator == self.terminator
            && !seen.blank_after
            && (from <= self.from || bytes[from - 1] == self.terminator)
            && memchr::memchr2(b'\r', b'\n', &bytes[from..to.min(bytes.len())]).is_none();
        !plain && self.finds_in(bytes, from, to)
    }

    /// Whether any byte of `bytes[from..to]` shows that the file needs unwrapping: the
    /// answer for the whole file is whether any piece of a partition of it does.
    pub fn finds_in(&self, bytes: &[u8], from: usize, to: usize) -> bool {
        let Some(last_data) = self.last_data else {
            return false;
        };
        let (from, to) = (from.max(self.from), to.min(bytes.len()));
        if from >= to {
            return false;
        }
        let terminator = self.terminator;
        let breaks_end_segments = is_break(terminator);
        // The exact test of a byte the masks flag.
        let needs = |q: usize| {
            if q <= self.from {
                return false;
            }
            let previous = bytes[q - 1];
            let boundary = previous == terminator || is_break(previous);
            let b = bytes[q];
            q < last_data
                && ((is_blank(b) && boundary) || (!breaks_end_segments && is_break(b) && !boundary))
        };
        let piece = &bytes[from..to];
        // Most files have no tab, vertical tab or form feed, and many no line break in a
        // whole piece: then a search for a terminator and a space says what the masks
        // would.
        let rare_blanks = memchr::memchr3(b'\t', b'\x0B', b'\x0C', piece).is_some();
        if !rare_blanks && memchr::memchr2(b'\r', b'\n', piece).is_none() {
            // A pair may straddle the piece's end, or its start.
            let searched = &bytes[from..(to + 1).min(bytes.len())];
            return (piece.first() == Some(&b' ') && needs(from))
                || memchr::memmem::find_iter(searched, &[terminator, b' '])
                    .any(|p| needs(from + p + 1));
        }
        let classes = Classes::new(terminator, rare_blanks);
        // Whether the byte before `from` ends a segment or a line: the first byte's
        // "before" (none for the first byte of all, which `needs` turns down).
        let mut carry = from == self.from || {
            let p = bytes[from - 1];
            p == terminator || is_break(p)
        };
        let mut at = from;
        while at < to {
            let n = (to - at).min(64);
            let block = match bytes[at..].first_chunk::<64>() {
                Some(&block) => block,
                None => {
                    // The last few bytes, with data after them, which no mask flags.
                    let mut block = [b'A'; 64];
                    block[..n].copy_from_slice(&bytes[at..at + n]);
                    block
                }
            };
            let (boundary, breaks, blanks) = classes.of(&block);
            let before = boundary << 1 | u64::from(carry);
            carry = boundary >> 63 != 0;
            let mut flagged = blanks & before;
            if !breaks_end_segments {
                flagged |= breaks & !before;
            }
            if n < 64 {
                flagged &= (1 << n) - 1;
            }
            while flagged != 0 {
                if needs(at + flagged.trailing_zeros() as usize) {
                    return true;
                }
                flagged &= flagged - 1;
            }
            at += n;
        }
        false
    }
}

/// What the envelope pass saw of a piece: see [`Probe::finds_in_seen`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seen {
    pub terminator: u8,
    pub blank_after: bool,
}

/// The vector compares behind [`Probe::finds`].
struct Classes {
    terminator: u8x16,
    cr: u8x16,
    lf: u8x16,
    space: u8x16,
    /// Whether tabs, vertical tabs and form feeds are looked for (absent from most
    /// files), besides spaces.
    rare_blanks: bool,
}

impl Classes {
    fn new(terminator: u8, rare_blanks: bool) -> Self {
        Classes {
            terminator: u8x16::splat(terminator),
            cr: u8x16::splat(b'\r'),
            lf: u8x16::splat(b'\n'),
            space: u8x16::splat(b' '),
            rare_blanks,
        }
    }

    /// Masks of the bytes of `block` that end a segment or a line (the terminator or a
    /// line break), that are line breaks, and that are blanks.
    #[inline(always)]
    fn of(&self, block: &[u8; 64]) -> (u64, u64, u64) {
        let (mut boundary, mut breaks, mut blanks) = (0, 0, 0);
        for (i, chunk) in block.chunks_exact(16).enumerate() {
            let v = u8x16::new(chunk.try_into().unwrap_or([0; 16]));
            let line = v.simd_eq(self.cr) | v.simd_eq(self.lf);
            let mut blank = v.simd_eq(self.space);
            if self.rare_blanks {
                // Tab to carriage return (9 to 13) in one compare: the blanks among them
                // are those that are not line breaks.
                let low = v - u8x16::splat(9);
                blank |= low.min(u8x16::splat(4)).simd_eq(low) & !line;
            }
            let bits = |m: u8x16| u64::from(m.to_bitmask() as u16) << (16 * i);
            boundary |= bits(v.simd_eq(self.terminator) | line);
            breaks |= bits(line);
            blanks |= bits(blank);
        }
        (boundary, breaks, blanks)
    }
}

/// A copy of `bytes` without blanks before segment IDs and without line breaks inside
/// segments, or `None` when the file has neither (or is not recognisably X12).
pub fn prepare(bytes: &[u8]) -> Option<Unwrapped> {
    let probe = Probe::of(bytes)?;
    if !probe.finds(bytes) {
        return None;
    }
    unwrap(bytes, &probe)
}

/// The copy [`prepare`] makes, once `probe` found that `bytes` need it (or `None` when it
/// finds nothing to take out after all).
pub fn unwrap(bytes: &[u8], probe: &Probe) -> Option<Unwrapped> {
    let (start, terminator) = (probe.from, probe.terminator);
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..start]);
    let mut runs = vec![(0, 0)];
    let mut padding: Option<Found> = None;
    let mut breaks: Option<Found> = None;
    let mut line_lengths: Vec<usize> = Vec::new();
    let mut line_start = start;
    let newline_terminated = is_break(terminator);
    let mut terminator = terminator;
    // Between segments: after a terminator, before the next segment ID.
    let mut between = true;
    let mut pos = start;
    while pos < bytes.len() {
        let b = bytes[pos];
        if between {
            let run = bytes[pos..]
                .iter()
                .take_while(|&&c| is_blank(c) || is_break(c))
                .count();
            if run > 0 {
                let gap = &bytes[pos..pos + run];
                if let Some(last) = gap.iter().rposition(|&c| is_break(c)) {
                    line_lengths.push(pos - line_start);
                    line_start = pos + last + 1;
                }
                let at_end = pos + run == bytes.len();
                if let Some(blank) = gap.iter().position(|&c| is_blank(c)).filter(|_| !at_end) {
                    let end = gap[blank..]
                        .iter()
                        .position(|&c| !is_blank(c))
                        .map_or(pos + run, |e| pos + blank + e);
                    note(&mut padding, Span::new(pos + blank, end));
                }
                // Plain line breaks are kept (the tokenizer skips them); a run with
                // blanks in it is dropped whole.
                if gap.iter().any(|&c| is_blank(c)) {
                    pos += run;
                    runs.push((out.len(), pos));
                    continue;
                }
                out.extend_from_slice(gap);
                pos += run;
                continue;
            }
            between = false;
            if bytes[pos..].starts_with(b"ISA")
                && let Some(t) = isa_terminator(&bytes[pos..])
            {
                terminator = t;
            }
            continue;
        }
        if b == terminator {
            out.push(b);
            pos += 1;
            between = true;
            continue;
        }
        if is_break(b) && !newline_terminated {
            let len = if b == b'\r' && bytes.get(pos + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            line_lengths.push(pos - line_start);
            line_start = pos + len;
            note(&mut breaks, Span::at(pos, len));
            pos += len;
            runs.push((out.len(), pos));
            continue;
        }
        out.push(b);
        pos += 1;
    }
    if let Some(found) = &mut breaks
        && found.count > 1
    {
        // Wrapped at a fixed width: every line but the last the same length.
        let full = &line_lengths[..line_lengths.len().saturating_sub(1)];
        if let Some(&w) = full.first()
            && w > 0
            && full.iter().all(|&l| l == w)
        {
            found.width = Some(w);
        }
    }
    if padding.is_none() && breaks.is_none() {
        return None;
    }
    Some(Unwrapped {
        bytes: out,
        runs,
        padding,
        breaks,
    })
}

fn note(found: &mut Option<Found>, span: Span) {
    match found {
        Some(f) => f.count += 1,
        None => {
            *found = Some(Found {
                first: span,
                count: 1,
                width: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~";
    const BODY: &str = "GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019~SE*3*0001~GE*1*1~IEA*1*000000001~";

    fn plain() -> String {
        format!("{ISA}{BODY}")
    }

    #[test]
    fn a_blank_after_a_terminator_is_found_anywhere_in_a_large_file() {
        // The content is searched in pieces from the ISA on: an indented segment whose
        // terminator ends a piece, starts one, or is inside one.
        let head = format!("{ISA}GS*HC*S*R*1*1*1*X*5~ST*837*1~");
        let filler = "NM1*41*2*NAME~".repeat(2 * PIECE / 14);
        let file = |terminator: usize| {
            // One long segment whose terminator is at offset `terminator`, then a blank.
            let long = "A".repeat(terminator - head.len() - 4);
            format!("{head}NM1*{long}~ {filler}SE*3*1~GE*1*1~IEA*1*1~")
        };
        for terminator in [PIECE - 2, PIECE - 1, PIECE, PIECE + 1000] {
            let text = file(terminator);
            assert_eq!(&text[terminator..terminator + 2], "~ ");
            let u = prepare(text.as_bytes()).unwrap_or_else(|| panic!("blank at {terminator}"));
            assert_eq!(u.padding.map(|p| p.count), Some(1), "{terminator}");
        }
        assert!(prepare(format!("{head}{filler}").as_bytes()).is_none());
    }

    fn needs_unwrapping(bytes: &[u8], from: usize, terminator: u8) -> bool {
        Probe::at(bytes, from, terminator).finds(bytes)
    }

    fn needs_unwrapping_in_pieces(bytes: &[u8], from: usize, terminator: u8, piece: usize) -> bool {
        Probe::at(bytes, from, terminator).finds_in_pieces(bytes, piece)
    }

    /// [`Probe::finds`] as it was written before its masks: a search for the
    /// terminator followed by each blank, and a look at each line break. The masks must
    /// find what it finds.
    fn needs_unwrapping_by_search(body: &[u8], terminator: u8) -> bool {
        let blank_before_data = |p: usize| {
            body.get(p + 1).is_some_and(|&b| is_blank(b))
                && body[p + 1..].iter().any(|&b| !is_blank(b) && !is_break(b))
        };
        let after_terminator = memchr::memchr_iter(terminator, body).any(blank_before_data);
        let breaks = memchr::memchr2_iter(b'\r', b'\n', body).any(|p| {
            if blank_before_data(p) {
                return true;
            }
            if is_break(terminator) {
                return false;
            }
            let previous = p.checked_sub(1).map(|q| body[q]);
            previous.is_some_and(|q| q != terminator && !is_break(q))
                && body[p..].iter().any(|&c| !is_blank(c) && !is_break(c))
        });
        after_terminator || breaks
    }

    /// Random bodies made mostly of what sits around terminators (line breaks, blanks of
    /// every kind, data), for a terminator that is a tilde or a line break: the masks, in
    /// pieces of any size, find what the search finds.
    #[test]
    fn the_masks_find_what_a_search_finds() {
        let alphabet: &[u8] = b"~~~\r\n\n  \t\x0B\x0CAB*";
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut seen = [0usize; 2];
        for case in 0..40_000 {
            let len = next(70);
            let body: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            for terminator in [b'~', b'\n', b'\r'] {
                let want = needs_unwrapping_by_search(&body, terminator);
                assert_eq!(
                    needs_unwrapping(&body, 0, terminator),
                    want,
                    "{:?} ended by {terminator:?}",
                    String::from_utf8_lossy(&body)
                );
                seen[usize::from(want)] += 1;
                // After other bytes, which are not searched.
                let mut padded = b"\n \n".to_vec();
                padded.extend_from_slice(&body);
                assert_eq!(needs_unwrapping(&padded, 3, terminator), want, "{case}");
                // In pieces, searched or masked, each piece its own way.
                let piece = 1 + next(40);
                assert_eq!(
                    needs_unwrapping_in_pieces(&body, 0, terminator, piece),
                    want,
                    "{:?} ended by {terminator:?}, pieces of {piece}",
                    String::from_utf8_lossy(&body)
                );
                // Pieces of uneven sizes, as the envelope pass cuts them (after
                // terminators, whatever is between), answered one by one and any order.
                let probe = Probe::at(&padded, 3, terminator);
                let mut cuts = vec![0, padded.len()];
                cuts.extend((0..next(5)).map(|_| next(padded.len() + 1)));
                cuts.sort_unstable();
                let found = cuts
                    .windows(2)
                    .rev()
                    .any(|w| probe.finds_in(&padded, w[0], w[1]));
                assert_eq!(found, want, "{case}: cut at {cuts:?}");
            }
        }
        // Both answers are common.
        assert!(seen.iter().all(|&n| n > 10_000), "{seen:?}");
    }

    #[test]
    fn plain_files_are_not_copied() {
        assert!(prepare(plain().as_bytes()).is_none());
        assert!(prepare(plain().replace('~', "~\r\n").as_bytes()).is_none());
        assert!(prepare(plain().replace('~', "\n").as_bytes()).is_none());
        assert!(prepare(b"hello world").is_none());
        // Tabs, vertical tabs and form feeds inside elements, not after a terminator.
        for blank in ["\t", "\x0B", "\x0C"] {
            let text = plain().replace("BHT*0019", &format!("BHT*00{blank}19"));
            assert!(prepare(text.as_bytes()).is_none(), "{blank:?}");
        }
    }

    #[test]
    fn every_kind_of_blank_after_a_terminator_is_padding() {
        for blank in [" ", "\t", "\x0B", "\x0C"] {
            // One indented segment, in the middle of the body.
            let text = plain().replacen("~ST", &format!("~{blank}ST"), 1);
            let u = prepare(text.as_bytes()).unwrap_or_else(|| panic!("{blank:?}"));
            assert_eq!(u.padding.map(|p| p.count), Some(1), "{blank:?}");
            assert_eq!(String::from_utf8(u.bytes).unwrap(), plain());
        }
        // Blanks after the last segment are not before one.
        assert!(prepare(format!("{} \t", plain()).as_bytes()).is_none());
    }

    #[test]
    fn indented_segments_are_read_flush() {
        let text = plain().replace('~', "~\r\n    ");
        let u = prepare(text.as_bytes()).expect("needs unwrapping");
        let padding = u.padding.expect("padding found");
        // Six segments after the ISA; the blanks after the last one are not before a segment.
        assert_eq!(padding.count, 6);
        assert_eq!(&text[padding.first.start..padding.first.end], "    ");
        assert_eq!(u.breaks, None);
        // A gap with blanks in it is dropped whole, line break included.
        assert_eq!(String::from_utf8(u.bytes.clone()).unwrap(), plain());
        // `BHT` in the copy is `BHT` in the original.
        let copy = u.bytes.windows(3).position(|w| w == b"BHT").unwrap();
        let original = text.find("BHT").unwrap();
        assert_eq!(u.original(copy), original);
    }

    #[test]
    fn wrapped_file_is_read_unwrapped_with_original_offsets() {
        let flat = plain();
        let mut text = String::new();
        for chunk in flat.as_bytes().chunks(80) {
            text.push_str(std::str::from_utf8(chunk).unwrap());
            text.push_str("\r\n");
        }
        let u = prepare(text.as_bytes()).expect("needs unwrapping");
        assert_eq!(String::from_utf8(u.bytes.clone()).unwrap().trim_end(), flat);
        let breaks = u.breaks.expect("breaks found");
        assert_eq!(breaks.width, Some(80));
        assert_eq!(breaks.first, Span::at(80, 2));
        // Every byte of the copy maps to the same byte in the original, and back.
        for (i, &b) in u.bytes.iter().enumerate() {
            assert_eq!(text.as_bytes()[u.original(i)], b, "offset {i}");
            assert_eq!(u.copy_offset(u.original(i)), i, "offset {i}");
        }
        // A value cut by a break is underlined across it.
        let at = flat.find("005010X222A1~ST").unwrap();
        let span = u.original_span(Span::at(at, 12));
        assert_eq!(
            text[span.start..span.end].replace("\r\n", ""),
            "005010X222A1"
        );
    }

    #[test]
    fn one_stray_break_inside_a_segment() {
        let text = plain().replace("BHT*0019", "BHT*00\n19");
        let u = prepare(text.as_bytes()).expect("needs unwrapping");
        let breaks = u.breaks.expect("break found");
        assert_eq!(breaks.count, 1);
        assert_eq!(breaks.width, None);
        assert_eq!(String::from_utf8(u.bytes).unwrap(), plain());
    }

    #[test]
    fn trailing_text_after_the_last_segment_is_not_a_break() {
        for text in [format!("{}\n", plain()), format!("{}\n  \n\t", plain())] {
            assert!(prepare(text.as_bytes()).is_none(), "{text:?}");
        }
    }
}
