//! Byte-level helpers of the envelope pass: finding ISAs, counting runs of content
//! segments, and telling files that are not X12 text apart.

use super::{HlStart, SyntaxProblem};
use crate::source::Span;
use crate::x12::delimiters::{Delimiters, IsaHeader};
use crate::x12::hl::level_at;
use crate::x12::segment::{line_break_ends_segment, segment_end};
use crate::x12::unwrap::{Probe, Seen, is_blank};

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
#[inline(always)]
fn skimmable(bytes: &[u8], at: usize, d: Delimiters) -> bool {
    if at >= bytes.len() {
        return false;
    }
    if !matches!(bytes[at], b'I' | b'G' | b'S' | b'T') {
        return true;
    }
    // What ends an ID: the element separator, or the segment's end (for a line feed
    // terminator, a carriage return before it, which the reader leaves out).
    let ends_id = |at: usize| {
        bytes.get(at).is_none_or(|&b| {
            b == d.element
                || b == d.segment
                || (b == b'\r' && d.segment == b'\n' && bytes.get(at + 1) == Some(&b'\n'))
        })
    };
    let envelope = (matches!(bytes.get(at..at + 2), Some(b"GS" | b"ST" | b"SE" | b"GE"))
        && ends_id(at + 2))
        || (matches!(bytes.get(at..at + 3), Some(b"IEA" | b"TA1")) && ends_id(at + 3))
        || bytes.get(at..at + 3) == Some(b"ISA");
    !envelope
}

/// Whether the segment right after a terminator, at `at`, is surely [`skimmable`]: its
/// first byte is there, is no line break, no blank and none of the letters an envelope ID
/// starts with. One byte tells so for most segments of a claim (NM1, REF, DTP, CLM,
/// HI...); the others (SBR, SV1, line breaks, blanks, the file's end) are left to
/// [`skimmable`] (and a blank to the probe of unwrapping: [`Piece::blank_after`]).
#[inline(always)]
fn surely_skimmable(bytes: &[u8], at: usize) -> bool {
    // One load from a table, where six compares took twice the instructions.
    const SURELY: [bool; 256] = {
        let mut table = [true; 256];
        let mut i = 0;
        let not_surely = [
            b'I', b'G', b'S', b'T', b'\r', b'\n', b' ', b'\t', 0x0B, 0x0C,
        ];
        while i < not_surely.len() {
            table[not_surely[i] as usize] = false;
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
    let base = skip_newlines(bytes, pos);
    if !skimmable(bytes, base, d) {
        return body;
    }
    let (count, last, _) = run_from(bytes, base, bytes.len(), d, &mut |_, _| {}, &mut false);
    if let Some(last) = last {
        body.count = count;
        body.end = segment_end(bytes, last, d);
        body.next = last + 1;
    }
    body
}

/// The terminators from `base` (where a [`skimmable`] segment starts) on, up to the first
/// one after which a segment that may be an envelope one starts, or none starts before
/// `to`: how many, the last, and whether the run stopped there (`false`: the bytes ran out
/// of terminators, and a last segment with none is left to the envelope pass).
///
/// One search for the terminators of the whole run, a mask of each 64 bytes at a time,
/// not one search per segment, so it never restarts; a terminator that is a line break
/// counts where it ends a segment. (Counting whole blocks, with a second mask of the
/// bytes after the terminators that may start an envelope segment, cost more: an SBR or
/// SV1 starts one segment in five.)
///
/// `hl` is told of each segment of the run that is an HL (`HL` and the element
/// separator): where it starts, and how many segments of the run come before it. Most
/// segments start with another letter, and cost one compare more. `blank_after` is set
/// when a blank follows one of the run's terminators, before `to`.
#[inline(always)]
fn run_from(
    bytes: &[u8],
    base: usize,
    to: usize,
    d: Delimiters,
    hl: &mut impl FnMut(usize, usize),
    blank_after: &mut bool,
) -> (usize, Option<usize>, bool) {
    let mut count = 0;
    let mut last = None;
    let is_hl = |at: usize| bytes.get(at..at + 3) == Some(&[b'H', b'L', d.element][..]);
    if is_hl(base) {
        hl(base, 0);
    }
    let mut block = base;
    // A line break that is the terminator is skipped after another one, not counted.
    let line_breaks = matches!(d.segment, b'\r' | b'\n');
    while block < bytes.len() {
        let end = (block + 64).min(bytes.len());
        let mut bits = crate::x12::words::positions(&bytes[block..end], d.segment).unwrap_or(0);
        while bits != 0 {
            let terminator = block + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if line_breaks && !line_break_ends_segment(bytes, base, terminator) {
                continue;
            }
            count += 1;
            last = Some(terminator);
            let at = terminator + 1;
            if at < to && surely_skimmable(bytes, at) {
                if bytes[at] == b'H' && is_hl(at) {
                    hl(at, count);
                }
                continue;
            }
            *blank_after |= at < to && is_blank(bytes[at]);
            let next = skip_newlines(bytes, at);
            if next >= to || !skimmable(bytes, next, d) {
                return (count, last, true);
            }
            if is_hl(next) {
                hl(next, count);
            }
        }
        block = end;
    }
    (count, last, false)
}

/// What [`skim`] finds from `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    from: usize,
    body: Skimmed,
    /// Its HL segments: `Runs::hls[hls.0..hls.1]`.
    hls: (usize, usize),
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
            hls: (0, 0),
        }
    }

    /// This run followed by `after`, which starts where it stops (its HLs right after
    /// this run's).
    fn then(self, after: Run) -> Run {
        let hls = (self.hls.0, after.hls.1);
        if after.body.count == 0 {
            return Run { hls, ..self };
        }
        Run {
            from: self.from,
            body: Skimmed {
                count: self.body.count + after.body.count,
                ..after.body
            },
            hls,
        }
    }

    /// The run with its HLs' range moved by `by`.
    fn hls_moved(self, by: usize) -> Run {
        Run {
            hls: (self.hls.0 + by, self.hls.1 + by),
            ..self
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
    /// The HL segments of the runs, in file order.
    hls: Vec<HlStart>,
    /// Whether they are all there.
    hls_known: bool,
    /// The envelope pass moves forward: runs before this one are behind it.
    cursor: usize,
    /// Whether the probe given to [`Runs::build`] found that the file needs unwrapping.
    pub(super) unwrap_found: bool,
}

/// Files from this size get [`Runs`]: the size from which a transaction set is cut into
/// parts, whose plans take the HLs the runs find (a 1 MB file: 60.68 → 59.93 M
/// instructions, its plan's own search for HLs and the probe's searches gone).
pub(super) const RUNS_MIN_BYTES: usize = 512 << 10;

/// The bytes each core reads at a time to build them.
pub(super) const RUNS_PIECE: usize = 1 << 20;

impl Runs {
    /// The runs of `bytes` read with `d`, in pieces of about `piece` bytes cut after
    /// segment terminators.
    ///
    /// With a `probe`, each piece also answers whether the file needs unwrapping, while
    /// its bytes are in cache ([`Runs::unwrap_found`]).
    pub(super) fn build(bytes: &[u8], d: Delimiters, piece: usize, probe: Option<&Probe>) -> Runs {
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
        let read = |&(from, to): &(usize, usize)| {
            let piece = runs_in(bytes, from, to, d);
            let seen = Seen {
                terminator: d.segment,
                blank_after: piece.blank_after,
            };
            let unwrap = probe.is_some_and(|p| p.finds_in_seen(bytes, from, to, seen));
            (piece, unwrap)
        };
        // A file checked on one thread starts no thread here either.
        #[cfg(feature = "parallel")]
        let mut found: Vec<(Piece, bool)> = match crate::cores::worth_splitting(bytes.len()) {
            false => pieces.iter().map(read).collect(),
            true => {
                use rayon::prelude::*;
                pieces.par_iter().map(read).collect()
            }
        };
        #[cfg(not(feature = "parallel"))]
        let mut found: Vec<(Piece, bool)> = pieces.iter().map(read).collect();
        let unwrap_found = found.iter().any(|&(_, unwrap)| unwrap);
        // A piece's last run goes on into the next piece.
        let mut runs =
            Vec::with_capacity(found.iter().map(|(p, _)| p.runs.len()).sum::<usize>() + 1);
        let mut hls_known = true;
        let mut open: Option<Run> = None;
        // Where each piece's HLs go in the file's list, and how many segments to add to
        // the `before` of those of its first run, which goes on from the pieces before.
        let mut moves = Vec::with_capacity(found.len());
        let mut by = 0;
        for (piece, _) in &mut found {
            let (from, to) = piece.runs.first().unwrap_or(&piece.last).hls;
            let count = open.as_ref().map_or(0, |before| before.body.count);
            moves.push(HlMove {
                by,
                first_run: from..to,
                count: u32::try_from(count).unwrap_or(u32::MAX),
            });
            let moved = by;
            by += piece.hls.len();
            let last = piece.last.hls_moved(moved);
            let mut complete = std::mem::take(&mut piece.runs)
                .into_iter()
                .map(|r| r.hls_moved(moved));
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
        let pieces_hls: Vec<Vec<HlStart>> = found.into_iter().map(|(p, _)| p.hls).collect();
        // On one thread the copy is a plain one.
        #[cfg(feature = "parallel")]
        let on_all_cores =
            crate::cores::worth_splitting(bytes.len()) && rayon::current_num_threads() > 1;
        #[cfg(not(feature = "parallel"))]
        let on_all_cores = false;
        let mut hls = join_hls(&pieces_hls, &moves, by, on_all_cores);
        runs.extend(open);
        // A file of empty transaction sets has millions of empty runs.
        runs.retain(|r| r.body.count > 0);
        // Sixteen bytes an HL, with its count in 32 bits: past that, no HL is known.
        if hls.iter().any(|hl: &HlStart| hl.before == u32::MAX) {
            hls = Vec::new();
            for run in &mut runs {
                run.hls = (0, 0);
            }
            hls_known = false;
        }
        Runs {
            element: d.element,
            segment: d.segment,
            runs,
            hls,
            hls_known,
            cursor: 0,
            unwrap_found,
        }
    }

    /// [`skim`] from `pos`, taken from the runs when one starts there; with where the
    /// run's HL segments are in [`Runs::into_hls`], or `None` when no run starts there
    /// (they are not known).
    pub(super) fn skim(
        &mut self,
        bytes: &[u8],
        pos: usize,
        d: Delimiters,
    ) -> (Skimmed, Option<(usize, usize)>) {
        if (d.element, d.segment) == (self.element, self.segment) {
            while self.runs.get(self.cursor).is_some_and(|r| r.from < pos) {
                self.cursor += 1;
            }
            if let Some(run) = self.runs.get(self.cursor)
                && run.from == pos
            {
                return (run.body, self.hls_known.then_some(run.hls));
            }
        }
        (skim(bytes, pos, d), None)
    }

    /// The HL segments of all the runs, each `before` counted from its run's first
    /// segment.
    pub(super) fn into_hls(self) -> Vec<HlStart> {
        self.hls
    }
}

/// Where one piece's HLs go in the file's list (see [`join_hls`]).
struct HlMove {
    /// The place of its first HL.
    by: usize,
    /// Its first run's HLs, which go on from the pieces before it: their `before` counts
    /// from that run's first segment, `count` segments before the piece.
    first_run: std::ops::Range<usize>,
    count: u32,
}

impl HlMove {
    /// The `at`th HL of the piece, as the file's list holds it.
    #[inline(always)]
    fn moved(&self, hls: &[HlStart], at: usize) -> HlStart {
        let mut hl = hls[at];
        if self.first_run.contains(&at) {
            hl.before = hl.before.saturating_add(self.count);
        }
        hl
    }
}

/// The HLs of all the pieces, `total` of them, in one list in file order. A large file's
/// list is written on every core: the 308,000 HLs of a generated 101 MB file are 5 MB of
/// fresh pages, whose faults kept one core alone for about 3.5 ms after the pieces were
/// read.
fn join_hls(
    pieces: &[Vec<HlStart>],
    moves: &[HlMove],
    total: usize,
    on_all_cores: bool,
) -> Vec<HlStart> {
    #[cfg(feature = "parallel")]
    if on_all_cores {
        use rayon::prelude::*;
        let mut hls = Vec::new();
        // Each job of the pool takes a range of the list in order: the piece of its last
        // HL is looked up again only when the next is past it.
        (0..total)
            .into_par_iter()
            .with_min_len(1 << 14)
            .map_init(
                || 0,
                |piece: &mut usize, i| {
                    let in_piece = |p: usize| moves[p].by <= i && i - moves[p].by < pieces[p].len();
                    if !in_piece(*piece) {
                        // The last piece that starts at or before `i`: of pieces that
                        // start at the same place, all but the last are empty.
                        *piece = moves.partition_point(|m| m.by <= i).saturating_sub(1);
                    }
                    moves[*piece].moved(&pieces[*piece], i - moves[*piece].by)
                },
            )
            .collect_into_vec(&mut hls);
        return hls;
    }
    let _ = on_all_cores;
    let mut hls = Vec::with_capacity(total);
    for (piece, m) in pieces.iter().zip(moves) {
        debug_assert_eq!(hls.len(), m.by, "the pieces' places follow each other");
        hls.extend((0..piece.len()).map(|at| m.moved(piece, at)));
    }
    hls
}

/// What [`runs_in`] finds in one piece: its runs that end in it, the run that goes on past
/// it, and their HLs (each run's `hls` is its range in them).
struct Piece {
    runs: Vec<Run>,
    last: Run,
    hls: Vec<HlStart>,
    /// Whether a blank follows a terminator in it, or starts it.
    blank_after: bool,
}

/// The runs of the segments that start in `bytes[from..to]` (`from` starts a segment;
/// `to` is one too, or the end), each ended by a segment that may be an envelope one, and
/// the run that goes on past `to`.
fn runs_in(bytes: &[u8], from: usize, to: usize, d: Delimiters) -> Piece {
    let mut runs = Vec::new();
    // Room for an HL every 128 bytes, more than claim files have (a generated one has one
    // every 330): grown from empty, a 1 MB piece's list was copied ten times over fresh
    // pages. Room never written is never faulted in.
    let mut hls = Vec::with_capacity(to.saturating_sub(from) / 128);
    let mut run = Run::empty(from);
    let mut blank_after = false;
    // Where the next segment starts, before any line breaks.
    let mut at = from;
    loop {
        if at < to && is_blank(bytes[at]) {
            blank_after = true;
        }
        let start = skip_newlines(bytes, at);
        if start >= to {
            break;
        }
        if skimmable(bytes, start, d) {
            let counted = run.body.count;
            // Each HL's level is read here, on the piece's core, while its bytes are in
            // cache.
            let mut hl = |at, before| {
                hls.push(HlStart {
                    start: at,
                    // Over four billion segments in a run (an 80 GB file): see `build`.
                    before: u32::try_from(counted + before).unwrap_or(u32::MAX),
                    level: level_at(bytes, at, bytes.len(), d),
                })
            };
            let (count, last, stopped) = run_from(bytes, start, to, d, &mut hl, &mut blank_after);
            run.hls.1 = hls.len();
            if let Some(last) = last {
                run.body.count += count;
                run.body.end = segment_end(bytes, last, d);
                run.body.next = last + 1;
                at = last + 1;
            }
            if stopped {
                continue;
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
                run = Run::empty(at).hls_moved(hls.len());
            }
            None => {
                run = Run::empty(bytes.len()).hls_moved(hls.len());
                break;
            }
        }
    }
    Piece {
        runs,
        last: run,
        hls,
        blank_after,
    }
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

    /// [`skim`] as the envelope pass would read the run segment by segment
    /// ([`next_segment`](crate::x12::segment::next_segment)), looking at each one's
    /// follower: the one the runs are held to.
    fn skim_one_by_one(bytes: &[u8], pos: usize, d: Delimiters) -> Skimmed {
        let mut body = Skimmed {
            count: 0,
            end: pos,
            next: pos,
        };
        let read = |at: usize| crate::x12::segment::next_segment(bytes, at, bytes.len(), 0, d);
        // A segment the envelope pass must read: by the ID the reader reads.
        let envelope = |at: usize| {
            read(at).is_none_or(|(segment, _)| {
                matches!(
                    segment.id(),
                    b"GS" | b"ST" | b"SE" | b"GE" | b"IEA" | b"TA1"
                ) || segment.raw.starts_with(b"ISA")
            })
        };
        if envelope(pos) {
            return body;
        }
        let mut at = pos;
        while let Some((segment, next)) = read(at) {
            // A last segment with no terminator is the envelope pass's to read.
            if bytes[next - 1] != d.segment {
                break;
            }
            body.count += 1;
            body.end = segment.start + segment.raw.len();
            body.next = next;
            if envelope(next) {
                break;
            }
            at = next;
        }
        body
    }

    /// Runs skimmed a mask at a time are the runs read one terminator at a time, from
    /// every position of texts with envelope-like IDs, line breaks, empty segments and
    /// runs of every length around 64 bytes.
    #[test]
    fn runs_skimmed_by_masks_are_runs_read_one_by_one() {
        let d = Delimiters {
            element: b'*',
            component: b':',
            repetition: Some(b'^'),
            segment: b'~',
        };
        let mut texts = vec![
            b"ST*837*1~BHT*0019~NM1*41~~PER*IC~SBR*P~HL*1~TOO*JP~N3*X~SE*9*0001~GE*1~".to_vec(),
            b"SEQ*1~STX~GSA*1~GEX~IEAX*1~TA1X~SV1*HC:1~S~T*1~I~G~TA1*1~SE~NM1*41~ST*8~ISA*0~"
                .to_vec(),
            b"NM1*41~\r\nN3*X~\nSBR*P~\r\n\r\nGS*1~REF*1~N4*X".to_vec(),
        ];
        for filler in 0..140 {
            let mut text = Vec::new();
            for n in 0..12 {
                text.extend_from_slice(b"REF*");
                text.extend(std::iter::repeat_n(b'A', (filler + n * 7) % 70));
                text.push(b'~');
                if n % 5 == 4 {
                    text.extend_from_slice(b"SV1*HC:1~");
                }
            }
            text.extend_from_slice(b"SE*14*1~REF*X~");
            texts.push(text);
        }
        let mut skimmed = 0;
        for text in &texts {
            for pos in 0..=text.len() {
                let expected = skim_one_by_one(text, pos, d);
                assert_eq!(
                    skim(text, pos, d),
                    expected,
                    "{pos} of {:?}",
                    String::from_utf8_lossy(text)
                );
                skimmed += expected.count;
            }
        }
        assert!(skimmed > 100_000, "{skimmed}");
        // Segments ended by a line feed or a carriage return: blank lines, a carriage
        // return before a line feed (the segment's last byte, left out of it; after an
        // envelope ID, the ID still ends there) and the other break after a terminator.
        for segment in [b'\n', b'\r'] {
            let d = Delimiters { segment, ..d };
            let mut skimmed = 0;
            // Envelope IDs with nothing after them but a carriage return.
            let ids = b"NM1*41\r\nSE\r\nREF*1\r\nGE\r\n\r\nIEA\r\nN3*X\r\nST\r\nN4\r\n".to_vec();
            for pos in 0..=ids.len() {
                assert_eq!(skim(&ids, pos, d), skim_one_by_one(&ids, pos, d), "{pos}");
            }
            for (n, text) in texts.iter().enumerate() {
                let breaks: [&[u8]; 4] = [b"\n", b"\r\n", b"\n\n", b"\n\r"];
                let mut lines = Vec::new();
                for (i, part) in text.split(|&b| b == b'~').enumerate() {
                    if i > 0 {
                        lines.push(segment);
                        let extra = breaks[(i * 7 + n) % breaks.len()];
                        if (i + n) % 3 == 0 {
                            lines.extend_from_slice(extra);
                        }
                    }
                    lines.extend_from_slice(part);
                    if (i + n) % 4 == 1 {
                        lines.push(b'\r');
                    }
                }
                for pos in 0..=lines.len() {
                    let expected = skim_one_by_one(&lines, pos, d);
                    assert_eq!(
                        skim(&lines, pos, d),
                        expected,
                        "{pos} of {:?}",
                        String::from_utf8_lossy(&lines)
                    );
                    skimmed += expected.count;
                }
            }
            assert!(skimmed > 100_000, "{skimmed}");
        }
    }

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
            let plain = !matches!(
                b,
                b'I' | b'G' | b'S' | b'T' | b'\r' | b'\n' | b' ' | b'\t' | 0x0B | 0x0C
            );
            assert_eq!(surely_skimmable(&[b], 0), plain, "{b}");
        }
    }

    /// The file's HL list, joined on all cores, is the pieces' lists one after the other,
    /// each HL of a piece's first run counted on from the segments before the piece:
    /// pieces empty, short and long (several of the pool's jobs each), in every order.
    #[test]
    fn hls_joined_on_all_cores_are_the_pieces_in_order() {
        use crate::x12::hl::Level;
        use proptest::prelude::*;
        let level = |i: usize| [Level::Provider, Level::Subscriber, Level::Other][i % 3];
        let config = ProptestConfig {
            cases: 48,
            ..ProptestConfig::default()
        };
        proptest!(config, |(pieces in prop::collection::vec((0usize..40_000, 0usize..40, 0u32..9), 1..8))| {
            let mut lists = Vec::new();
            let mut moves = Vec::new();
            let mut by = 0;
            for (n, &(len, first, count)) in pieces.iter().enumerate() {
                let list: Vec<HlStart> = (0..len)
                    .map(|i| HlStart {
                        start: n * 1_000_000 + i,
                        before: if i % 1000 == 7 { u32::MAX - 3 } else { (i % 100) as u32 },
                        level: level(i),
                    })
                    .collect();
                moves.push(HlMove {
                    by,
                    first_run: 0..first.min(len),
                    count: count * 1_000_000,
                });
                by += len;
                lists.push(list);
            }
            let mut expected = Vec::new();
            for (list, m) in lists.iter().zip(&moves) {
                for (i, hl) in list.iter().enumerate() {
                    let mut hl = *hl;
                    if i < m.first_run.end {
                        hl.before = hl.before.saturating_add(m.count);
                    }
                    expected.push(hl);
                }
            }
            prop_assert!(join_hls(&lists, &moves, by, true) == expected);
            prop_assert!(join_hls(&lists, &moves, by, false) == expected);
        });
    }
}
