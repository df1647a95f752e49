//! Byte-level helpers of the envelope pass: finding ISAs, counting runs of content
//! segments, and telling files that are not X12 text apart.

use super::SyntaxProblem;
use crate::source::Span;
use crate::x12::delimiters::{Delimiters, IsaHeader};

pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether ISA12 (right after ISA11) is `00501`.
pub(super) fn isa12_is_5010(isa: &[u8], header: &IsaHeader) -> bool {
    let at = header.isa11_offset + 2;
    isa.get(at..at + 5) == Some(&b"00501"[..])
}

pub(super) fn leading_whitespace(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len())
}

pub(super) fn trim_end(bytes: &[u8], span: Span) -> Span {
    let mut end = span.end;
    while end > span.start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(span.start, end)
}

/// A run of segments inside a transaction set, counted without being looked at one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Skimmed {
    pub count: usize,
    /// Offset just past the last one (before its terminator).
    pub end: usize,
    /// Where the next segment starts (after the last terminator).
    pub next: usize,
}

/// Line breaks from `at` on (between segments they are never content).
fn skip_newlines(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    at
}

/// Whether the segment starting at `at` cannot be an envelope segment: its ID is none of
/// IEA, GS, GE, ST, SE, TA1 and it does not start with `ISA`. SBR, SV1 and the like start
/// with the same letters: only the ID, as `Walker::segment` reads it, ends a run.
fn skimmable(bytes: &[u8], at: usize, d: Delimiters) -> bool {
    if at >= bytes.len() {
        return false;
    }
    if !matches!(bytes[at], b'I' | b'G' | b'S' | b'T') {
        return true;
    }
    // What ends an ID: the element separator, or the segment's end.
    let ends_id = |at: usize| {
        bytes
            .get(at)
            .is_none_or(|&b| b == d.element || b == d.segment)
    };
    let envelope = (matches!(bytes.get(at..at + 2), Some(b"GS" | b"ST" | b"SE" | b"GE"))
        && ends_id(at + 2))
        || (matches!(bytes.get(at..at + 3), Some(b"IEA" | b"TA1")) && ends_id(at + 3))
        || bytes.get(at..at + 3) == Some(b"ISA");
    !envelope
}

/// Whether the segment right after a terminator, at `at`, is surely [`skimmable`]: its
/// first byte is there, is no line break and none of the letters an envelope ID starts
/// with. One byte tells so for most segments of a claim (NM1, REF, DTP, CLM, HI...); the
/// others (SBR, SV1, line breaks, the file's end) are left to [`skimmable`].
#[inline(always)]
fn surely_skimmable(bytes: &[u8], at: usize) -> bool {
    // One load from a table, where six compares took twice the instructions.
    const SURELY: [bool; 256] = {
        let mut table = [true; 256];
        let mut i = 0;
        while i < 6 {
            table[[b'I', b'G', b'S', b'T', b'\r', b'\n'][i] as usize] = false;
            i += 1;
        }
        table
    };
    bytes.get(at).is_some_and(|&b| SURELY[usize::from(b)])
}

/// Counts the segments from `pos` on that cannot be envelope segments (see
/// [`skimmable`]). Most of a transaction set is such segments, and all the envelope pass
/// needs of them is their number and where the last ends; the first segment that might
/// matter, and a last one with no terminator, are left to [`next_segment`].
///
/// [`next_segment`]: crate::x12::segment::next_segment
pub(super) fn skim(bytes: &[u8], pos: usize, d: Delimiters) -> Skimmed {
    let mut body = Skimmed {
        count: 0,
        end: pos,
        next: pos,
    };
    if matches!(d.segment, b'\r' | b'\n') {
        // Line breaks are terminators here; such files are rare, so read them one by one.
        return body;
    }
    let base = skip_newlines(bytes, pos);
    if !skimmable(bytes, base, d) {
        return body;
    }
    // One search for the terminators of the whole run, 64 bytes at a time, not one per
    // segment; newlines between segments are never terminators here, so it never restarts.
    for offset in crate::x12::words::every(&bytes[base..], d.segment) {
        let terminator = base + offset;
        body.count += 1;
        body.end = terminator;
        body.next = terminator + 1;
        if !surely_skimmable(bytes, body.next)
            && !skimmable(bytes, skip_newlines(bytes, body.next), d)
        {
            return body;
        }
    }
    body
}

/// What [`skim`] finds from `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    from: usize,
    body: Skimmed,
}

impl Run {
    fn empty(at: usize) -> Run {
        Run {
            from: at,
            body: Skimmed {
                count: 0,
                end: at,
                next: at,
            },
        }
    }

    /// This run followed by `after`, which starts where it stops.
    fn then(self, after: Run) -> Run {
        if after.body.count == 0 {
            return self;
        }
        Run {
            from: self.from,
            body: Skimmed {
                count: self.body.count + after.body.count,
                ..after.body
            },
        }
    }
}

/// The runs [`skim`] would find after each envelope segment of a file, found for the
/// whole file at once, in pieces on all cores: the envelope pass then reads the
/// envelope segments one by one and takes each run between them from here, so the part
/// of it that looks at every segment is not one core's work. Built with one
/// interchange's delimiters, and used only with those.
pub(super) struct Runs {
    element: u8,
    segment: u8,
    runs: Vec<Run>,
    /// The envelope pass moves forward: runs before this one are behind it.
    cursor: usize,
}

/// Files from this size get [`Runs`].
pub(super) const RUNS_MIN_BYTES: usize = 4 << 20;
/// The bytes each core reads at a time to build them.
pub(super) const RUNS_PIECE: usize = 1 << 20;

impl Runs {
    /// The runs of `bytes` read with `d`, in pieces of about `piece` bytes cut after
    /// segment terminators. `None` where [`skim`] reads one segment at a time anyway.
    pub(super) fn build(bytes: &[u8], d: Delimiters, piece: usize) -> Option<Runs> {
        if matches!(d.segment, b'\r' | b'\n') {
            return None;
        }
        let mut cuts = vec![0];
        let mut at = piece.max(1);
        while at < bytes.len() {
            match memchr::memchr(d.segment, &bytes[at..]) {
                Some(p) => cuts.push(at + p + 1),
                None => break,
            }
            at = cuts[cuts.len() - 1] + piece.max(1);
        }
        cuts.push(bytes.len());
        cuts.dedup();
        let pieces: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
        let read = |&(from, to): &(usize, usize)| runs_in(bytes, from, to, d);
        #[cfg(feature = "parallel")]
        let found: Vec<(Vec<Run>, Run)> = {
            use rayon::prelude::*;
            pieces.par_iter().map(read).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let found: Vec<(Vec<Run>, Run)> = pieces.iter().map(read).collect();
        // A piece's last run goes on into the next piece.
        let mut runs = Vec::with_capacity(found.iter().map(|(r, _)| r.len()).sum::<usize>() + 1);
        let mut open: Option<Run> = None;
        for (complete, last) in found {
            let mut complete = complete.into_iter();
            if let Some(before) = open.take() {
                match complete.next() {
                    Some(first) => runs.push(before.then(first)),
                    None => {
                        open = Some(before.then(last));
                        continue;
                    }
                }
            }
            runs.extend(complete);
            open = Some(last);
        }
        runs.extend(open);
        // A file of empty transaction sets has millions of empty runs.
        runs.retain(|r| r.body.count > 0);
        Some(Runs {
            element: d.element,
            segment: d.segment,
            runs,
            cursor: 0,
        })
    }

    /// [`skim`] from `pos`, taken from the runs when one starts there.
    pub(super) fn skim(&mut self, bytes: &[u8], pos: usize, d: Delimiters) -> Skimmed {
        if (d.element, d.segment) == (self.element, self.segment) {
            while self.runs.get(self.cursor).is_some_and(|r| r.from < pos) {
                self.cursor += 1;
            }
            if let Some(run) = self.runs.get(self.cursor)
                && run.from == pos
            {
                return run.body;
            }
        }
        skim(bytes, pos, d)
    }
}

/// The runs of the segments that start in `bytes[from..to]` (`from` starts a segment;
/// `to` is one too, or the end), each ended by a segment that may be an envelope one, and
/// the run that goes on past `to`.
fn runs_in(bytes: &[u8], from: usize, to: usize, d: Delimiters) -> (Vec<Run>, Run) {
    let mut runs = Vec::new();
    let mut run = Run::empty(from);
    // Where the next segment starts, before any line breaks.
    let mut at = from;
    'segments: loop {
        let start = skip_newlines(bytes, at);
        if start >= to {
            break;
        }
        if skimmable(bytes, start, d) {
            for offset in crate::x12::words::every(&bytes[start..], d.segment) {
                let terminator = start + offset;
                run.body.count += 1;
                run.body.end = terminator;
                run.body.next = terminator + 1;
                at = terminator + 1;
                if at < to && surely_skimmable(bytes, at) {
                    continue;
                }
                let next = skip_newlines(bytes, at);
                if next >= to || !skimmable(bytes, next, d) {
                    continue 'segments;
                }
            }
            // A last segment with no terminator is the envelope pass's to read.
            break;
        }
        // An empty run is not kept ([`Runs::skim`] finds it empty anyway), but for the
        // piece's first, which may end a run from the piece before.
        if run.body.count > 0 || runs.is_empty() {
            runs.push(run);
        }
        match memchr::memchr(d.segment, &bytes[start..]) {
            Some(offset) => {
                at = start + offset + 1;
                run = Run::empty(at);
            }
            None => {
                run = Run::empty(bytes.len());
                break;
            }
        }
    }
    (runs, run)
}

/// `ISA` followed by a character that can be an element separator.
pub(super) fn is_isa_at(bytes: &[u8], pos: usize) -> bool {
    bytes.len() > pos + 3
        && &bytes[pos..pos + 3] == b"ISA"
        && !bytes[pos + 3].is_ascii_alphanumeric()
        && !bytes[pos + 3].is_ascii_whitespace()
}

/// The first ISA header at or after `from`.
pub(super) fn find_isa(bytes: &[u8], from: usize) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    memchr::memmem::find_iter(&bytes[from..], b"ISA")
        .map(|p| p + from)
        .find(|&p| is_isa_at(bytes, p))
}

/// UTF-16 is recognised by its byte-order mark or by NUL bytes in every other position.
pub(super) fn sniff_encoding(bytes: &[u8]) -> Option<SyntaxProblem> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some(SyntaxProblem::Utf16 { bom: true });
    }
    if bytes.len() >= 6 {
        let le = bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0;
        let be = bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0;
        if le || be {
            return Some(SyntaxProblem::Utf16 { bom: false });
        }
    }
    None
}

/// Why a file without any ISA is not X12: empty, binary or just other text.
pub(super) fn classify_non_x12(rest: &[u8], base: usize) -> SyntaxProblem {
    if rest.iter().all(u8::is_ascii_whitespace) {
        return SyntaxProblem::Empty;
    }
    let binary = rest
        .iter()
        .position(|&b| b == 0 || (b.is_ascii_control() && !b.is_ascii_whitespace()));
    match binary {
        Some(offset) => SyntaxProblem::Binary {
            offset: base + offset,
        },
        None => SyntaxProblem::NoInterchange,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-byte test never says skimmable where [`skimmable`], after the line breaks,
    /// does not: at every position of segments that start like envelope ones or not.
    #[test]
    fn surely_skimmable_is_skimmable() {
        let d = Delimiters {
            element: b'*',
            component: b':',
            repetition: Some(b'^'),
            segment: b'~',
        };
        let text = b"GS*1~ST*8~SE~GE*1~IEA~TA1~ISA*0~SBR*P~SV1*HC~S~T*1~I~G~~\r\n\nNM1*41~\
                     SEQ~STX~GSA~IEAX~TA1X~REF*EI~\rDTP~\nCLM*1~HI*ABK~";
        let mut surely = 0;
        for cut in 0..=text.len() {
            let bytes = &text[..cut];
            for at in 0..=bytes.len() + 1 {
                if surely_skimmable(bytes, at) {
                    surely += 1;
                    assert!(
                        skimmable(bytes, skip_newlines(bytes, at), d),
                        "{at} of {cut}"
                    );
                }
            }
        }
        assert!(surely > 1000, "{surely}");
        for b in 0..=u8::MAX {
            let plain = !matches!(b, b'I' | b'G' | b'S' | b'T' | b'\r' | b'\n');
            assert_eq!(surely_skimmable(&[b], 0), plain, "{b}");
        }
    }
}
