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
//! it. The builder then checks what the index promised (the part's segment and HL counts),
//! and a set whose parts do not agree with it is checked whole, so splitting never changes
//! a finding (see [`crate::claim::Transaction::build_part`]).

use crate::x12::segment::next_segment;
use crate::x12::{Delimiters, Segment, Segments, TransactionSet};
use std::ops::Range;

/// Where a part of a transaction set is and what it needs to be read on its own.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone, Copy)]
struct HlAt {
    start: usize,
    level: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Provider,
    Subscriber,
    Other,
}

/// Cuts `set` into parts of about `target` bytes, or `None` when it is not worth cutting
/// (smaller than two parts) or cannot be cut safely (segments ended by a line break,
/// which blank lines make uncountable; no HL to cut at).
pub fn plan(bytes: &[u8], set: &TransactionSet<'_>, target: usize) -> Option<Vec<Part>> {
    let (start, end) = (set.st.start, set.end.min(bytes.len()));
    let target = target.max(1);
    let d = set.st.delimiters;
    if end.saturating_sub(start) < target.saturating_mul(2) || matches!(d.segment, b'\r' | b'\n') {
        return None;
    }
    let hls = index(bytes, start, end, d);
    let header_end = hls.first()?.start;

    // Cut at every eligible HL at least `target` bytes after the current part's start.
    let mut cuts: Vec<(usize, Option<usize>)> = Vec::new(); // (index in hls, provider)
    let mut provider: Option<usize> = None;
    let mut part_start = start;
    for (i, hl) in hls.iter().enumerate() {
        let eligible = match hl.level {
            Level::Provider => true,
            // A subscriber is read inside its billing provider, which must be known.
            Level::Subscriber => provider.is_some(),
            Level::Other => false,
        };
        if i > 0 && eligible && hl.start - part_start >= target {
            let inside = match hl.level {
                Level::Subscriber => provider,
                _ => None,
            };
            cuts.push((i, inside));
            part_start = hl.start;
        }
        if hl.level == Level::Provider {
            provider = Some(i);
        }
    }
    if cuts.is_empty() {
        return None;
    }

    // Ordinals: in a set whose terminator is not a line break, every terminator ends
    // exactly one segment. One sweep counts them up to every place a part needs.
    let mut places: Vec<usize> = cuts.iter().map(|&(i, _)| hls[i].start).collect();
    places.extend(cuts.iter().filter_map(|&(_, p)| p).map(|p| hls[p].start));
    places.sort_unstable();
    places.dedup();
    let mut ordinals = Vec::with_capacity(places.len());
    let (mut at, mut ordinal) = (start, set.st.ordinal);
    for &place in &places {
        ordinal += memchr::memchr_iter(d.segment, &bytes[at..place]).count();
        at = place;
        ordinals.push(ordinal);
    }
    let ordinal_at = |place: usize| ordinals[places.binary_search(&place).expect("counted")];

    let mut parts = Vec::with_capacity(cuts.len() + 1);
    // (first byte, first ordinal, first HL) of the part being laid out.
    let mut from = (start, set.st.ordinal, 0usize);
    for n in 0..=cuts.len() {
        let (hl_end, byte_end, ordinal_end) = match cuts.get(n) {
            Some(&(i, _)) => (i, hls[i].start, ordinal_at(hls[i].start)),
            // The last part may end with a segment that has no terminator.
            None => (
                hls.len(),
                end,
                from.1 + count_segments(bytes, from.0, end, d),
            ),
        };
        let provider = n.checked_sub(1).and_then(|p| cuts[p].1).map(|p| Prefix {
            bytes: hls[p].start..hls[p + 1].start,
            first_ordinal: ordinal_at(hls[p].start),
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
            previous_hl: (n > 0).then(|| hls[from.2 - 1].start),
            suffix: (byte_end != end).then_some(byte_end),
        });
        from = (byte_end, ordinal_end, hl_end);
    }
    Some(parts)
}

/// Segments in `bytes[from..end]`, counted as [`crate::x12::Segments`] reads them.
fn count_segments(bytes: &[u8], from: usize, end: usize, d: Delimiters) -> usize {
    Segments::new(bytes, from, end, 0, d).count()
}

/// The HL segments of `bytes[start..end]`: an `HL` and the element separator right after
/// a segment terminator (and any line breaks after it).
fn index(bytes: &[u8], start: usize, end: usize, d: Delimiters) -> Vec<HlAt> {
    let needle = [b'H', b'L', d.element];
    let finder = memchr::memmem::Finder::new(&needle);
    let mut found = Vec::new();
    for at in finder.find_iter(&bytes[start..end]).map(|p| p + start) {
        let mut before = at;
        while before > start && matches!(bytes[before - 1], b'\r' | b'\n') {
            before -= 1;
        }
        if before == start || bytes[before - 1] != d.segment {
            continue;
        }
        let level =
            next_segment(bytes, at, end, 0, d).map_or(Level::Other, |(hl, _)| level_of(&hl));
        found.push(HlAt { start: at, level });
    }
    found
}

fn level_of(hl: &Segment<'_>) -> Level {
    match hl.value(3) {
        b"20" => Level::Provider,
        b"22" => Level::Subscriber,
        _ => Level::Other,
    }
}
