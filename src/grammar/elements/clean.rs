//! The segments of a transaction set already found clean by their element checks, so that
//! a segment repeated byte for byte (`LX*1`, a line's `DTP*472`, the same `SV1` on many
//! claims, a payer's `NM1`) is not checked again: four segments in ten of the public
//! corpus's sets, and half of a generated file's, repeat one before them in their set.
//!
//! An element check reads nothing but the segment's bytes, its delimiters and the use it
//! was placed as, and a clean segment has no finding whose place could differ; only a
//! clean result is kept. The segment checks of the rules promise the same (the
//! registry's `Check::Segment`), so the dispatcher remembers a segment only once those
//! found nothing in it either, and skips them too on its repeats. The table is direct-mapped and small: a newer segment takes the
//! slot of an older one, and a repeat whose slot was taken is checked again. Nothing is
//! held but hashes and indices into the set's own segments.
//!
//! A use whose segments have not repeated lately (a subscriber's `NM1*IL`, `N3`, `DMG`,
//! most `SV1`s of a generated file) is not looked for: its segments are checked as they
//! come, and every so often one is looked for again, so that a use whose segments start
//! repeating is found out.

use crate::x12::Segment;

/// The most slots a table has (a power of two): the distinct segments of a few claims.
const SLOTS: usize = 1024;

/// How many uses have a count of misses of their own (a power of two): more than the
/// guide has. Two uses whose numbers share a count would cost each other a look at most.
/// Small, as the table is cleared for each set: 4,096 counts were 4,000 instructions more
/// on a one-set file.
const USES: usize = 1024;

/// The misses in a row after which a use's segments are no longer looked for. A look that
/// misses costs 30 to 40 instructions, a repeat found spares a check of 100 to 300 (an
/// SV1's): a use whose segments repeat one time in four or more (a line's `DTP*472`, most
/// `HI`s of real files) seldom misses sixteen times in a row.
const COLD: u8 = 16;

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    hash: u64,
    /// The number of the use the segment was checked as.
    number: u32,
    /// 1 + the segment's index in the set; 0 for an empty slot.
    index: u32,
}

/// See the module documentation.
pub struct CleanSegments {
    slots: Vec<Slot>,
    /// Per use number (modulo [`USES`]), the looks in a row that missed: from [`COLD`]
    /// on, the segments skipped since, until the count wraps to 0 and the use is looked
    /// for again.
    misses: [u8; USES],
    /// How far a hash is shifted for its slot: 64 less the bits of the slot count.
    shift: u32,
}

thread_local! {
    /// The last table's room, kept for the next set checked on the thread: a fresh table
    /// per part of a large set was memory the allocator kept apart (peak anonymous memory
    /// on a 102 MB single set, one thread, 42.9 -> 49.9 MB).
    static SPARE: std::cell::Cell<Vec<Slot>> = const { std::cell::Cell::new(Vec::new()) };
}

impl CleanSegments {
    /// How many use numbers have a count of misses of their own ([`USES`]).
    pub const USES: usize = USES;

    /// A table for a set of `segments` segments: no more slots than it has segments (a
    /// small file's set is cleared in a few hundred bytes) but two, and at most 1,024
    /// (`SLOTS`).
    pub fn for_segments(segments: usize) -> Self {
        // Two slots at least: a hash is shifted by less than its 64 bits.
        let count = segments.clamp(2, SLOTS).next_power_of_two();
        let mut slots = SPARE.take();
        slots.clear();
        slots.resize(count, Slot::default());
        CleanSegments {
            slots,
            misses: [0; USES],
            shift: 64 - count.trailing_zeros(),
        }
    }
}

impl Drop for CleanSegments {
    fn drop(&mut self) {
        SPARE.set(std::mem::take(&mut self.slots));
    }
}

/// A segment's place in the table: its hash, for [`CleanSegments::remember`].
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    hash: u64,
    number: u32,
}

impl CleanSegments {
    /// Whether `segment`, placed as the use numbered `number` (any number that tells the
    /// uses of the guide apart), is byte for byte a segment of `segments` (the set it is
    /// in) found clean as the same use; if not, where to remember it, or `None` for a
    /// segment of a use not looked for lately (see the module documentation).
    #[inline]
    pub fn find(
        &mut self,
        segments: &[Segment<'_>],
        segment: &Segment<'_>,
        number: u32,
    ) -> Result<(), Option<Probe>> {
        let misses = &mut self.misses[number as usize % USES];
        if *misses >= COLD {
            // Wraps to 0 after 240 segments skipped: the next ones are looked for again.
            *misses = misses.wrapping_add(1);
            return Err(None);
        }
        let hash = hash(segment.raw, number);
        // Not `slot_of`, a borrow of the whole table while `misses` is held.
        let slot = self.slots[(hash >> self.shift) as usize];
        let repeat = slot.index != 0
            && slot.hash == hash
            && slot.number == number
            && segments
                .get(slot.index as usize - 1)
                .is_some_and(|s| same_bytes(s.raw, segment.raw));
        // A set is read with its interchange's delimiters, the same for all its segments.
        debug_assert!(
            !repeat || segments[slot.index as usize - 1].delimiters == segment.delimiters
        );
        if repeat {
            *misses = 0;
            Ok(())
        } else {
            *misses += 1;
            Err(Some(Probe { hash, number }))
        }
    }

    #[inline]
    fn slot_of(&self, hash: u64) -> usize {
        (hash >> self.shift) as usize
    }

    /// Remembers the segment at `index` of the set, probed as `probe`, as clean.
    #[inline]
    pub fn remember(&mut self, probe: Probe, index: usize) {
        // A set of more than four billion segments is not remembered past that.
        let Ok(index) = u32::try_from(index + 1) else {
            return;
        };
        let at = self.slot_of(probe.hash);
        self.slots[at] = Slot {
            hash: probe.hash,
            number: probe.number,
            index,
        };
    }
}

/// A hash of a segment's use, its length and its first and last eight bytes: where most
/// segments of one use differ (an `SV1`'s code is at its start, the `DTP`'s date at its
/// end). Segments that differ only in between share a hash, and are told apart byte for
/// byte ([`same_bytes`]); not a defence against chosen collisions, nor needed as one, since
/// a collision only costs a check.
#[inline]
fn hash(raw: &[u8], number: u32) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |a: u64, b: u64| (a.wrapping_mul(K).rotate_left(23) ^ b).wrapping_mul(K);
    let len = raw.len();
    let (first, last) = if len >= 8 {
        (word(raw, 0), word(raw, len - 8))
    } else if len >= 4 {
        (u64::from(half(raw, 0)), u64::from(half(raw, len - 4)))
    } else if len > 0 {
        let (a, b, c) = (raw[0], raw[len / 2], raw[len - 1]);
        (u64::from(a) << 16 | u64::from(b) << 8 | u64::from(c), 0)
    } else {
        (0, 0)
    };
    // The slot is the top bits of the last product, where every bit of the words counts.
    step(first ^ (u64::from(number) << 32 | len as u64), last)
}

/// Whether two segments of the same length have the same bytes, compared a word at a
/// time (a call to the C library's `memcmp` cost more than most segments' whole check).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        // Two overlapping four-byte words, or bytes: the slices' `==` is a call to
        // `memcmp`, which most `LX` segments would pay on every repeat.
        if len >= 4 {
            return half(a, 0) == half(b, 0) && half(a, len - 4) == half(b, len - 4);
        }
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let as_word = |w: &[u8]| u64::from_le_bytes(w.try_into().expect("eight bytes"));
    a[..len - 1]
        .chunks_exact(8)
        .zip(b[..len - 1].chunks_exact(8))
        .all(|(x, y)| as_word(x) == as_word(y))
        && word(a, len - 8) == word(b, len - 8)
}

#[inline(always)]
fn word(raw: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(raw[at..at + 8].try_into().expect("eight bytes"))
}

#[inline(always)]
fn half(raw: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(raw[at..at + 4].try_into().expect("four bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::Delimiters;

    fn segments(raws: &[&'static [u8]], d: Delimiters) -> Vec<Segment<'static>> {
        let mut start = 0;
        raws.iter()
            .enumerate()
            .map(|(i, raw)| {
                let s = Segment {
                    raw,
                    start,
                    ordinal: i + 1,
                    delimiters: d,
                };
                start += raw.len() + 1;
                s
            })
            .collect()
    }

    #[test]
    fn a_repeat_is_found_only_as_the_same_use_with_the_same_bytes() {
        let d = Delimiters::default();
        let (lx, sv1) = (25 * 64, 25 * 64 + 1);
        let set = segments(&[b"LX*1", b"LX*2", b"LX*1", b"LX*12"], d);
        let mut clean = CleanSegments::for_segments(5000);
        let probe = clean
            .find(&set, &set[0], lx)
            .unwrap_err()
            .expect("looked for");
        clean.remember(probe, 0);
        assert!(clean.find(&set, &set[2], lx).is_ok(), "LX*1 again");
        assert!(clean.find(&set, &set[1], lx).is_err(), "LX*2");
        assert!(clean.find(&set, &set[3], lx).is_err(), "LX*12");
        assert!(clean.find(&set, &set[2], sv1).is_err(), "another use");
    }

    #[test]
    fn bytes_are_compared_whole_at_every_length() {
        for len in 0..40 {
            let a: Vec<u8> = (0..len).map(|i| b'A' + (i % 26) as u8).collect();
            assert!(same_bytes(&a, &a.clone()), "{len}");
            for at in 0..len {
                let mut b = a.clone();
                b[at] = b'*';
                assert!(!same_bytes(&a, &b), "{len} {at}");
            }
            let mut longer = a.clone();
            longer.push(b'A');
            assert!(!same_bytes(&a, &longer), "{len}");
        }
    }

    #[test]
    fn a_use_that_keeps_missing_is_looked_for_again_only_now_and_then() {
        let d = Delimiters::default();
        let (sv1, lx) = (25 * 64 + 1, 25 * 64);
        let raws: Vec<&'static [u8]> = (1..600)
            .map(|n| &*Box::leak(format!("SV1*HC:{n}*1").into_bytes().into_boxed_slice()))
            .collect();
        let set = segments(&raws, d);
        let mut clean = CleanSegments::for_segments(set.len());
        let probe = clean
            .find(&set, &set[0], sv1)
            .unwrap_err()
            .expect("looked for");
        clean.remember(probe, 0);
        // That miss and COLD - 2 more.
        for i in 1..usize::from(COLD) - 1 {
            assert!(
                matches!(clean.find(&set, &set[i], sv1), Err(Some(_))),
                "{i}"
            );
        }
        // A repeat resets the count.
        assert!(clean.find(&set, &set[0], sv1).is_ok());
        for i in 1..=usize::from(COLD) {
            assert!(
                matches!(clean.find(&set, &set[i], sv1), Err(Some(_))),
                "{i}"
            );
        }
        // Cold: not even a repeat is looked for, and another use is not affected.
        assert!(matches!(clean.find(&set, &set[0], sv1), Err(None)));
        assert!(matches!(clean.find(&set, &set[1], lx), Err(Some(_))));
        let skipped = (1..)
            .take_while(|_| matches!(clean.find(&set, &set[0], sv1), Err(None)))
            .count();
        assert_eq!(skipped, 255 - usize::from(COLD), "until the count wraps");
        assert!(clean.find(&set, &set[0], sv1).is_ok(), "looked for again");
    }

    #[test]
    fn a_slot_taken_by_a_newer_segment_forgets_the_older_one() {
        let d = Delimiters::default();
        let lx = 25 * 64;
        // Find two segments of the same slot.
        let raws: Vec<&'static [u8]> = (1..5000)
            .map(|n| &*Box::leak(format!("LX*{n}").into_bytes().into_boxed_slice()))
            .collect();
        let set = segments(&raws, d);
        let mut clean = CleanSegments::for_segments(set.len());
        let first = clean.slot_of(hash(set[0].raw, lx));
        let twin = (1..set.len())
            .find(|&i| clean.slot_of(hash(set[i].raw, lx)) == first)
            .expect("5,000 segments in 1,024 slots");
        let probe = clean
            .find(&set, &set[0], lx)
            .unwrap_err()
            .expect("looked for");
        clean.remember(probe, 0);
        let probe = clean
            .find(&set, &set[twin], lx)
            .unwrap_err()
            .expect("looked for");
        clean.remember(probe, twin);
        assert!(clean.find(&set, &set[0], lx).is_err());
        assert!(clean.find(&set, &set[twin], lx).is_ok());
    }
}
