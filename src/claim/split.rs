//! Cuts a large transaction set into parts that are modelled and checked on their own, on
//! any core, with memory bounded by the part rather than the set.
//!
//! X12 has no escaping, so every segment terminator is a safe place to cut; the 837P adds
//! one condition: a part must be readable without the ones before it. A part therefore
//! starts at a billing provider (`HL*…*20`) or subscriber (`HL*…*22`) HL, and is modelled
//! with a *prefix* of what the guide's walker and the rules need to know at that point:
//! the set's header (ST, BHT, 1000A, 1000B) and, for a subscriber cut, the leading
//! segments of the billing provider loop (2000A) it sits in. It also reads one segment
//! past its end, the next part's first HL, so what that HL closes (a subscriber loop's
//! missing segments) and what it tells about the HL before it (HL04, the child code) is
//! seen by the part that owns those segments. Findings on prefix and suffix segments are
//! left to the parts that own them.
//!
//! The cut points come from a light index of the set's HL segments (a substring search
//! for `HL` and the element separator at the start of a segment), not from tokenizing the
//! whole set; a part's first segment ordinal is the number of segment terminators before
//! it, counted for each few kilobytes of the set as each piece is searched, while the
//! piece is in cache. In a large file the envelope pass has found the HLs already, with
//! the segments before each, as it counted the set's segments ([`plan_with`]): the set
//! is then not read again. The builder then checks what the plan promised (the part's
//! segment and HL counts), and a set whose parts do not agree with it is checked whole,
//! so splitting never changes a finding (see [`crate::claim::Transaction::build_part`]).

use crate::x12::envelope::HlStart;
use crate::x12::hl::{Level, level_at};
use crate::x12::segment::line_break_ends_segment;
use crate::x12::{Delimiters, TransactionSet};
use std::ops::Range;

/// Where a part of a transaction set is and what it needs to be read on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The bytes the part reports on: from its first segment to the next part's first
    /// segment (the end of the set for the last part).
    pub own: Range<usize>,
    /// File ordinal of the part's first own segment.
    pub first_ordinal: usize,
    /// How many segments the part owns.
    pub segments: usize,
    /// 0-based position among the set's HLs of the part's first HL.
    pub first_hl: usize,
    /// How many HLs the part owns.
    pub hls: usize,
    /// The set's header (ST up to its first HL), read before the part's own segments
    /// unless the part starts with it.
    pub header: Option<Range<usize>>,
    /// The billing provider loop the part starts inside: its HL and the segments up to
    /// its first child HL.
    pub provider: Option<Prefix>,
    /// The HL just before the part's first HL (the last HL of the part before).
    pub previous_hl: Option<usize>,
    /// The next part's first HL, read after the part's own segments.
    pub suffix: Option<usize>,
}

/// Segments read before a part's own, for context only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix {
    pub bytes: Range<usize>,
    pub first_ordinal: usize,
    /// Position among the set's HLs of the HL that starts it.
    pub hl: usize,
}

impl Part {
    pub fn is_last(&self) -> bool {
        self.suffix.is_none()
    }
}

/// One HL segment found by the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HlAt {
    start: usize,
    level: Level,
}

/// Bytes of a set whose segment terminators the index counts as one: a piece is a whole
/// number of them.
const BLOCK: usize = 4 << 10;

/// How many segment terminators a set has before each [`BLOCK`] of it, counted by the
/// index: the terminators before any offset are then those before its block and the few
/// in its block before it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Terminators {
    start: usize,
    terminator: u8,
    /// `before[k]`: the terminators in `start..start + k * BLOCK`.
    before: Vec<usize>,
}

impl Terminators {
    /// The terminators in the whole set.
    fn total(&self) -> usize {
        self.before.last().copied().unwrap_or(0)
    }

    /// The terminators in `bytes[start..at]`.
    fn before(&self, bytes: &[u8], at: usize) -> usize {
        let k = (at - self.start) / BLOCK;
        let block = self.start + k * BLOCK;
        self.before[k] + terminators_in(bytes, self.start, block..at, self.terminator)
    }
}

/// The segment terminators in `bytes[range]`, of a set that starts at `start`, that end
/// a segment as [`crate::x12::Segments`] reads them. Every one does, unless the terminator
/// is a line break: the reader skips line breaks before a segment, so a line break ends
/// one only when segment bytes come before it, with nothing between them but line breaks
/// of the other kind (a carriage return before a line feed is the segment's last byte,
/// which the reader leaves out).
fn terminators_in(bytes: &[u8], start: usize, range: Range<usize>, terminator: u8) -> usize {
    let other = match terminator {
        b'\n' => b'\r',
        b'\r' => b'\n',
        _ => return crate::x12::words::count(&bytes[range], terminator),
    };
    // Whether the byte before the block is segment data, and whether it is `other`.
    let previous = range
        .start
        .checked_sub(1)
        .filter(|&p| p >= start)
        .map(|p| bytes[p]);
    let mut data = previous.is_some_and(|b| b != terminator && b != other);
    let mut after_other = previous == Some(other);
    let mut count = 0;
    let mut at = range.start;
    while at < range.end {
        let n = (range.end - at).min(64);
        let block = &bytes[at..at + n];
        let mask = |byte: u8| crate::x12::words::positions(block, byte).unwrap_or(0);
        let (t, o) = (mask(terminator), mask(other));
        // Bytes past a short last block are neither: segment data, which nothing follows.
        let content = !(t | o);
        // Right after segment data: a terminator. Right after a terminator: skipped.
        count += (t & (content << 1 | u64::from(data))).count_ones() as usize;
        // Right after `other`: what came before the run of them says (rare).
        let mut unsure = t & (o << 1 | u64::from(after_other));
        while unsure != 0 {
            let j = at + unsure.trailing_zeros() as usize;
            count += usize::from(line_break_ends_segment(bytes, start, j));
            unsure &= unsure - 1;
        }
        data = content >> 63 != 0;
        after_other = o >> 63 != 0;
        at += n;
    }
    count
}

/// A set's HLs, as a plan reads them: found by its own index, with the terminators it
/// counted for the segment ordinals; or found by the envelope pass with the segments
/// before each, read in place (a 100 MB set has half a million).
enum Hls<'k> {
    Indexed(Vec<HlAt>, Terminators),
    Known(&'k [HlStart]),
}

impl Hls<'_> {
    fn len(&self) -> usize {
        match self {
            Hls::Indexed(hls, _) => hls.len(),
            Hls::Known(known) => known.len(),
        }
    }

    fn start(&self, i: usize) -> usize {
        match self {
            Hls::Indexed(hls, _) => hls[i].start,
            Hls::Known(known) => known[i].start,
        }
    }

    fn level(&self, i: usize) -> Level {
        match self {
            Hls::Indexed(hls, _) => hls[i].level,
            Hls::Known(known) => known[i].level,
        }
    }
}

/// Cuts `set` into parts of about `target` bytes, or `None` when it is not worth cutting
/// (smaller than two parts) or cannot be cut (no HL to cut at).
pub fn plan(bytes: &[u8], set: &TransactionSet<'_>, target: usize) -> Option<Vec<Part>> {
    plan_with(bytes, set, target, None)
}

/// [`plan`], with the set's HLs when the envelope pass found them (`Document::hls`, for a
/// set whose [`TransactionSet::hls`] are known): then the set is not searched again, nor
/// its terminators counted.
pub fn plan_with(
    bytes: &[u8],
    set: &TransactionSet<'_>,
    target: usize,
    known: Option<&[HlStart]>,
) -> Option<Vec<Part>> {
    let (start, end) = (set.st.start, set.end.min(bytes.len()));
    let target = target.max(1);
    let d = set.st.delimiters;
    if end.saturating_sub(start) < target.saturating_mul(2) {
        return None;
    }
    let hls = match known {
        Some(known) => Hls::Known(known),
        None => {
            let (hls, terminators) = index(bytes, start, end, d);
            Hls::Indexed(hls, terminators)
        }
    };
    if hls.len() == 0 {
        return None;
    }
    let header_end = hls.start(0);

    // Cut at every eligible HL at least `target` bytes after the current part's start.
    let mut cuts: Vec<(usize, Option<usize>)> = Vec::new(); // (index in hls, provider)
    let mut provider: Option<usize> = None;
    let mut part_start = start;
    for i in 0..hls.len() {
        let (at, level) = (hls.start(i), hls.level(i));
        let eligible = match level {
            Level::Provider => true,
            // A subscriber is read inside its billing provider, which must be known.
            Level::Subscriber => provider.is_some(),
            Level::Other => false,
        };
        if i > 0 && eligible && at - part_start >= target {
            let inside = match level {
                Level::Subscriber => provider,
                _ => None,
            };
            cuts.push((i, inside));
            part_start = at;
        }
        if level == Level::Provider {
            provider = Some(i);
        }
    }
    if cuts.is_empty() {
        return None;
    }

    // Ordinals: the terminators that end a segment before each cut, or as the envelope
    // pass counted them.
    let ordinal_at = |hl: usize| match &hls {
        Hls::Indexed(_, terminators) => set.st.ordinal + terminators.before(bytes, hls.start(hl)),
        // The set's segments after its ST are the run the HLs were counted in.
        Hls::Known(known) => set.st.ordinal + 1 + known[hl].before as usize,
    };

    let mut parts = Vec::with_capacity(cuts.len() + 1);
    // (first byte, first ordinal, first HL) of the part being laid out.
    let mut from = (start, set.st.ordinal, 0usize);
    for n in 0..=cuts.len() {
        let (hl_end, byte_end, ordinal_end) = match cuts.get(n) {
            Some(&(i, _)) => (i, hls.start(i), ordinal_at(i)),
            // The last part may end with a segment that has no terminator.
            None => (
                hls.len(),
                end,
                match &hls {
                    Hls::Indexed(_, terminators) => {
                        from.1
                            + segments_with(
                                bytes,
                                from.0,
                                end,
                                d,
                                terminators.total() - terminators.before(bytes, from.0),
                            )
                    }
                    // One past the set's last segment, as the envelope pass counted them.
                    Hls::Known(_) => set.st.ordinal + set.segment_count,
                },
            ),
        };
        let provider = n.checked_sub(1).and_then(|p| cuts[p].1).map(|p| Prefix {
            bytes: hls.start(p)..hls.start(p + 1),
            first_ordinal: ordinal_at(p),
            hl: p,
        });
        parts.push(Part {
            own: from.0..byte_end,
            first_ordinal: from.1,
            segments: ordinal_end - from.1,
            first_hl: from.2,
            hls: hl_end - from.2,
            header: (n > 0).then_some(start..header_end),
            provider,
            previous_hl: (n > 0).then(|| hls.start(from.2 - 1)),
            suffix: (byte_end != end).then_some(byte_end),
        });
        from = (byte_end, ordinal_end, hl_end);
    }
    Some(parts)
}

/// Segments in `bytes[from..end]`, counted as [`crate::x12::Segments`] reads them: one
/// for each terminator that ends one ([`terminators_in`]), and one for what follows the
/// last, unless it is only blanks and line breaks.
#[cfg(test)]
fn count_segments(bytes: &[u8], from: usize, end: usize, d: Delimiters) -> usize {
    let terminators = terminators_in(bytes, from, from..end, d.segment);
    segments_with(bytes, from, end, d, terminators)
}

/// [`count_segments`] when the terminators in `bytes[from..end]` are counted already.
fn segments_with(
    bytes: &[u8],
    from: usize,
    end: usize,
    d: Delimiters,
    terminators: usize,
) -> usize {
    let range = &bytes[from..end];
    let tail = memchr::memrchr(d.segment, range).map_or(range, |last| &range[last + 1..]);
    terminators + usize::from(tail.iter().any(|b| !b.is_ascii_whitespace()))
}

/// Sets from this size are indexed in pieces on all cores.
const PARALLEL_MIN_BYTES: usize = 4 << 20;
/// The bytes searched at a time: small enough that a piece searched for HLs is still in
/// the core's cache when its terminators are counted. A whole number of [`BLOCK`]s.
const PIECE: usize = 256 << 10;

/// The HL segments of `bytes[start..end]`: an `HL` and the element separator right after
/// a segment terminator (and any line breaks after it); and its terminators, counted in
/// blocks. A large set is searched in pieces, each on any core.
fn index(bytes: &[u8], start: usize, end: usize, d: Delimiters) -> (Vec<HlAt>, Terminators) {
    if end - start < PARALLEL_MIN_BYTES {
        let (hls, counts) = index_piece(bytes, start, start..end, end, d);
        return (hls, Terminators::of(start, d.segment, [counts]));
    }
    index_in_pieces(bytes, start, end, d, PIECE)
}

impl Terminators {
    /// From the terminators in each block, piece by piece.
    fn of(start: usize, terminator: u8, pieces: impl IntoIterator<Item = Vec<usize>>) -> Self {
        let mut before = vec![0];
        let mut total = 0;
        for count in pieces.into_iter().flatten() {
            total += count;
            before.push(total);
        }
        Terminators {
            start,
            terminator,
            before,
        }
    }
}

/// [`index`] in pieces of `piece` bytes (a whole number of [`BLOCK`]s).
fn index_in_pieces(
    bytes: &[u8],
    start: usize,
    end: usize,
    d: Delimiters,
    piece: usize,
) -> (Vec<HlAt>, Terminators) {
    debug_assert_eq!(piece % BLOCK, 0);
    let pieces: Vec<Range<usize>> = (start..end)
        .step_by(piece)
        .map(|from| from..(from + piece).min(end))
        .collect();
    let read = |piece: &Range<usize>| index_piece(bytes, start, piece.clone(), end, d);
    #[cfg(feature = "parallel")]
    let found: Vec<(Vec<HlAt>, Vec<usize>)> = {
        use rayon::prelude::*;
        pieces.par_iter().map(read).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let found: Vec<(Vec<HlAt>, Vec<usize>)> = pieces.iter().map(read).collect();
    let mut hls = Vec::with_capacity(found.iter().map(|(hls, _)| hls.len()).sum());
    let mut counts = Vec::with_capacity(found.len());
    for (found, blocks) in found {
        hls.extend(found);
        counts.push(blocks);
    }
    (hls, Terminators::of(start, d.segment, counts))
}

/// The HLs of the set `bytes[start..end]` that start in `piece`, and the segment
/// terminators in each [`BLOCK`] of `piece` (which starts a block).
fn index_piece(
    bytes: &[u8],
    start: usize,
    piece: Range<usize>,
    end: usize,
    d: Delimiters,
) -> (Vec<HlAt>, Vec<usize>) {
    let needle = [b'H', b'L', d.element];
    let finder = memchr::memmem::Finder::new(&needle);
    // A match that starts in the piece may end past it.
    let searched = &bytes[piece.start..(piece.end + needle.len() - 1).min(end)];
    let mut found = Vec::new();
    for at in finder
        .find_iter(searched)
        .map(|p| p + piece.start)
        .filter(|&at| at < piece.end)
    {
        // A segment starts here when the reader skips to it: after a terminator and any
        // line breaks (a line break that ends segments is among them).
        let mut before = at;
        let mut ended = false;
        while before > start && matches!(bytes[before - 1], b'\r' | b'\n') {
            ended |= bytes[before - 1] == d.segment;
            before -= 1;
        }
        if before == start || !(ended || bytes[before - 1] == d.segment) {
            continue;
        }
        found.push(HlAt {
            start: at,
            level: level_at(bytes, at, end, d),
        });
    }
    let blocks = piece
        .clone()
        .step_by(BLOCK)
        .map(|from| terminators_in(bytes, start, from..(from + BLOCK).min(piece.end), d.segment))
        .collect();
    (found, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::hl::level_of;
    use crate::x12::segment::next_segment;

    /// The usual separators, with `segment` for terminator.
    fn delimiters(segment: u8) -> Delimiters {
        Delimiters {
            element: b'*',
            component: b':',
            repetition: Some(b'^'),
            segment,
        }
    }

    /// Counted by terminators, the segments are those the reader reads: with line breaks
    /// and blanks after terminators, empty segments, a last one without a terminator, and
    /// a tail of blanks only.
    #[test]
    fn segments_are_counted_as_they_are_read() {
        let d = delimiters(b'~');
        let texts: [&[u8]; 12] = [
            b"",
            b"~",
            b"~~",
            b"NM1*A~",
            b"NM1*A~\r\n",
            b"NM1*A~\r\n  ",
            b"NM1*A~\r\n  x",
            b"NM1*A~REF*B",
            b"\r\nNM1*A~\nREF*B~\r\n\r\nN3*C~ ~",
            b"   ",
            b"NM1*A~\t\n",
            b"NM1*A~~REF*B~ N4*C",
        ];
        for text in texts {
            for from in 0..=text.len() {
                let read = crate::x12::Segments::new(text, from, text.len(), 0, d).count();
                assert_eq!(
                    count_segments(text, from, text.len(), d),
                    read,
                    "{:?} from {from}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    /// With a line break for terminator, the reader skips line breaks before a segment,
    /// so a line break ends a segment only after its data: counted from the masks, with
    /// blank lines, carriage returns before line feeds and line feeds before carriage
    /// returns, runs of either across the 64-byte blocks, and any start.
    #[test]
    fn segments_ended_by_line_breaks_are_counted_as_they_are_read() {
        let alphabet: &[u8] = b"\n\n\r\rAB*~ ";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut counted = 0;
        for segment in [b'\n', b'\r'] {
            let d = delimiters(segment);
            for _ in 0..3_000 {
                let text: Vec<u8> = (0..next(200))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect();
                for from in (0..=text.len()).step_by(1 + next(9)) {
                    let read = crate::x12::Segments::new(&text, from, text.len(), 0, d).count();
                    assert_eq!(
                        count_segments(&text, from, text.len(), d),
                        read,
                        "{:?} from {from}",
                        String::from_utf8_lossy(&text)
                    );
                    // Counted in two ranges, the second told what came before it.
                    let cut = from + next(text.len() - from + 1);
                    assert_eq!(
                        terminators_in(&text, from, from..cut, segment)
                            + terminators_in(&text, from, cut..text.len(), segment),
                        terminators_in(&text, from, from..text.len(), segment),
                        "{:?} from {from} cut at {cut}",
                        String::from_utf8_lossy(&text)
                    );
                    counted += read;
                }
            }
        }
        assert!(counted > 100_000, "{counted}");
    }

    /// The level read from the masks of a window is the level read from the segment,
    /// over HLs of every length around the window's 32 bytes, with HL03 20, 22, others,
    /// empty or missing, carriage returns and line breaks, for a terminator that is a
    /// tilde or a line break, and at the end of the bytes.
    #[test]
    fn hl_levels_read_from_masks_are_the_levels_read_from_segments() {
        let plain = |bytes: &[u8], at: usize, end: usize, d: Delimiters| {
            next_segment(bytes, at, end, 0, d).map_or(Level::Other, |(hl, _)| level_of(&hl))
        };
        let alphabet: &[u8] = b"HL*~\r\n2022012301*:";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let mut levels = [0usize; 3];
        for segment in [b'~', b'\n'] {
            let d = delimiters(segment);
            for case in 0..20_000 {
                // HL*, then two elements of any length, then HL03 (often 20 or 22),
                // then the rest, each byte random or typical.
                let mut text = b"HL*".to_vec();
                for _ in 0..2 {
                    for _ in 0..next(16) {
                        text.push(if next(4) == 0 {
                            alphabet[next(alphabet.len())]
                        } else {
                            b'1'
                        });
                    }
                    if next(10) > 0 {
                        text.push(b'*');
                    }
                }
                match next(5) {
                    0 => text.extend_from_slice(b"20"),
                    1 => text.extend_from_slice(b"22"),
                    2 => text.extend_from_slice(b"23"),
                    _ => {}
                }
                // Mostly ended right there, as an HL03 is.
                let ends: [&[u8]; 5] = [b"*", b"~", b"\n", b"\r\n", b""];
                text.extend_from_slice(ends[next(ends.len())]);
                for _ in 0..next(40) {
                    text.push(alphabet[next(alphabet.len())]);
                }
                let end = if case % 7 == 0 {
                    next(text.len() + 1)
                } else {
                    text.len()
                };
                let got = level_at(&text, 0, end, d);
                assert_eq!(
                    got,
                    plain(&text, 0, end, d),
                    "{:?} to {end}",
                    String::from_utf8_lossy(&text)
                );
                levels[got as usize] += 1;
            }
            let text = b"HL*1**20*1~HL*2*1*22*0\r\nHL*3*2*22*0\r\n";
            for at in [0, 11, 24] {
                for end in at..=text.len() {
                    assert_eq!(level_at(text, at, end, d), plain(text, at, end, d));
                }
            }
        }
        // Every level is met, often.
        assert!(levels.iter().all(|&n| n > 1000), "{levels:?}");
    }

    #[test]
    fn hls_found_in_pieces_are_the_hls_found_in_one_search() {
        let options = claimlint_synth::Options {
            claims: 40,
            claims_per_provider: 3,
            dependent_rate: 0.5,
            ..claimlint_synth::Options::default()
        };
        let generated = String::from_utf8(claimlint_synth::generate(&options).0).unwrap();
        for text in line_break_layouts(&generated) {
            hls_and_terminators_found_in_pieces(text.as_bytes());
        }
    }

    /// `generated` with line breaks after some terminators (an HL split by a piece
    /// boundary or not), and with its segments ended by line feeds, blank lines and
    /// carriage returns before some (the segment's, left out of it) and after others
    /// (skipped).
    fn line_break_layouts(generated: &str) -> [String; 2] {
        let tilde = generated.replacen("~HL*", "~\r\nHL*", 7);
        let lines = generated
            .replace('~', "\n")
            .replacen("\nHL*", "\n\n\r\nHL*", 7)
            .replacen("\nNM1*", "\r\nNM1*", 30)
            .replacen("\nDTP*", "\n\rDTP*", 10);
        [tilde, lines]
    }

    /// The plan made from the HLs the envelope pass found in its runs is the plan made
    /// from the set's own index, whatever pieces the runs were read in: with line breaks
    /// after terminators, segments ended by line feeds, blank lines and carriage returns,
    /// several sets, and a set cut off by the file's end.
    #[test]
    fn plans_from_the_envelope_pass_are_the_plans_from_the_index() {
        let options = claimlint_synth::Options {
            claims: 60,
            claims_per_provider: 4,
            claims_per_st: 25,
            dependent_rate: 0.5,
            ..claimlint_synth::Options::default()
        };
        let generated = String::from_utf8(claimlint_synth::generate(&options).0).unwrap();
        let [tilde, lines] = line_break_layouts(&generated);
        let cut = generated[..generated.len() * 2 / 3].to_string();
        let mut compared = 0;
        for text in [generated, tilde, lines, cut] {
            let bytes = text.as_bytes();
            for piece in [64, 700, 4096, 1 << 20] {
                let doc = crate::x12::envelope::parse_in_pieces(bytes, piece);
                let sets = doc
                    .interchanges
                    .iter()
                    .flat_map(|ic| &ic.groups)
                    .flat_map(|g| &g.transactions);
                for set in sets {
                    // Every set of these files is read in runs, its HLs all in them.
                    let (from, to) = set.hls.expect("the set's HLs are known");
                    let known = &doc.hls[from..to];
                    for target in [1, 300, 2000, 9000] {
                        assert_eq!(
                            plan_with(bytes, set, target, Some(known)),
                            plan(bytes, set, target),
                            "piece {piece}, target {target}, set at {}",
                            set.st.start
                        );
                        compared += 1;
                    }
                }
            }
        }
        // Three sets in each layout (two in the one cut off), each piece size, each target.
        assert_eq!(compared, (3 + 3 + 3 + 2) * 4 * 4);
    }

    fn hls_and_terminators_found_in_pieces(text: &[u8]) {
        let text = text.to_vec();
        let doc = crate::x12::parse(&text);
        let set = &doc.interchanges[0].groups[0].transactions[0];
        let (start, end, d) = (set.st.start, set.end, set.st.delimiters);
        let (whole, terminators) = index(&text, start, end, d);
        assert!(whole.len() > 60, "{}", whole.len());
        for hl in &whole {
            let (segment, _) = next_segment(&text, hl.start, end, 0, d).unwrap();
            assert_eq!(hl.level, level_of(&segment), "{}", hl.start);
        }
        // Every HL the reader reads, and nothing else.
        let read: Vec<usize> = crate::x12::Segments::new(&text, start, end, 0, d)
            .filter(|s| s.id() == b"HL")
            .map(|s| s.start)
            .collect();
        assert_eq!(whole.iter().map(|hl| hl.start).collect::<Vec<_>>(), read);
        // The segments ended before an offset, as the reader reads them: those whose
        // terminator is before it (a carriage return left out of a segment is between).
        let ended_before = |at: usize| {
            crate::x12::Segments::new(&text, start, at, 0, d)
                .filter(|s| {
                    let end = s.start + s.raw.len();
                    end < at && (text[end] == d.segment || end + 1 < at)
                })
                .count()
        };
        assert_eq!(terminators.total(), ended_before(end));
        for at in (start..end).step_by(97) {
            assert_eq!(terminators.before(&text, at), ended_before(at), "{at}");
        }
        assert!(whole.iter().any(|hl| hl.level == Level::Provider));
        assert!(whole.iter().any(|hl| hl.level == Level::Subscriber));
        // HLs found in pieces of any size, one cut inside an HL or its line breaks.
        for piece in [1, 2, 3, 5, 64, 1000] {
            let found: Vec<HlAt> = (start..end)
                .step_by(piece)
                .flat_map(|from| index_piece(&text, start, from..(from + piece).min(end), end, d).0)
                .collect();
            assert_eq!(found, whole, "{piece}");
        }
        // Terminators counted in pieces of whole blocks.
        assert!(end - start > 4 * BLOCK, "{}", end - start);
        for piece in [BLOCK, 2 * BLOCK, 3 * BLOCK] {
            assert_eq!(
                index_in_pieces(&text, start, end, d, piece),
                (whole.clone(), terminators.clone()),
                "{piece}"
            );
        }
    }
}
