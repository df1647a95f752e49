//! The segment being checked as bytes: where its element separators are and whether it
//! holds an odd byte, found a word at a time, and codes read from it as whole words.

use crate::grammar::key;
use crate::source::Span;
use crate::x12::Segment;
use crate::x12::delimiters::Delimiters;
use crate::x12::words::{self, byte_bits, zero_bytes};
use wide::u8x16;

/// The segment being checked: its bytes and where they are, so that elements and
/// components travel as offsets into `raw` instead of as slices with their own spans.
pub(super) struct Bytes<'a> {
    pub(super) raw: &'a [u8],
    /// Offset of `raw` in the file.
    start: usize,
    pub(super) delimiters: Delimiters,
    /// The segment holds no control character, no byte from 0x80 up (outside the X12
    /// character sets) and no repetition separator.
    pub(super) clean: bool,
    /// Where its element separators are, for a segment of at most 64 bytes (most are).
    marks: Option<Marks>,
}

impl Bytes<'_> {
    // Kept out of line: it serves the tables and the generated checks' findings, neither
    // of them hot.
    #[inline(never)]
    pub(super) fn new<'a>(segment: &Segment<'a>) -> Bytes<'a> {
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

    pub(super) fn span(&self, begin: usize, end: usize) -> Span {
        Span::new(self.start + begin, self.start + end)
    }

    /// The end of the element that starts at `begin`: the next element separator, or the
    /// end of the segment. Elements are taken in order, the segment ID first, so that
    /// each separator's mark is used up as it is passed.
    #[inline(always)]
    pub(super) fn element_end(&mut self, begin: usize) -> usize {
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
    #[inline(always)]
    pub(super) fn component_end(&self, begin: usize, end: usize) -> usize {
        match &self.marks {
            Some(m) => mark_within(m.components, begin, end),
            None => find(self.raw, begin, end, self.delimiters.component),
        }
    }
}

/// The delimiters sixteen times over, as [`marks`] compares a segment's bytes with them:
/// made once for the segments of a set, which share their interchange's delimiters,
/// rather than for each segment checked.
#[derive(Clone, Copy)]
pub struct Splats {
    element: u8x16,
    component: u8x16,
    /// Without a repetition separator, NUL stands in: it is a control character anyway.
    repetition: u8x16,
}

impl Splats {
    pub fn new(d: &Delimiters) -> Self {
        Splats {
            element: u8x16::splat(d.element),
            component: u8x16::splat(d.component),
            repetition: u8x16::splat(d.repetition.unwrap_or(0)),
        }
    }
}

/// For the generated checks: the separators of a segment they can read, as two masks
/// returned in registers. `elements` has bit `i` set where `raw[i]` is the element
/// separator, and bit `len`, where the last element ends; `pieces` has the same bits and
/// those of the component separators, so that a component ends at the first bit of
/// `pieces` from its start, whether the next component's separator, the element's end or
/// the segment's. `(0, 0)` for a segment left to the tables: empty, of 64 bytes or more
/// (no bit is left for its end) or holding an odd byte. Out of line, as [`Bytes::new`]:
/// one copy for every generated check; a pair of masks in registers spares each check
/// the copy of a whole [`Bytes`] through memory. `splats` are the segment's delimiters.
#[inline(never)]
pub(super) fn marks(segment: &Segment<'_>, splats: &Splats) -> (u64, u64) {
    let raw = segment.raw;
    let len = raw.len();
    if !(16..64).contains(&len) {
        return short_marks(segment, splats);
    }
    let (elements, components, odd) = blocks(raw, splats);
    if odd {
        return (0, 0);
    }
    let end = 1 << len;
    (elements | end, elements | components | end)
}

/// [`marks`] of a segment of other than 16 to 63 bytes: apart, so that the registers its
/// eight-byte words take cost nothing to the longer segments, which most are.
#[inline(never)]
fn short_marks(segment: &Segment<'_>, splats: &Splats) -> (u64, u64) {
    let raw = segment.raw;
    let len = raw.len();
    if (8..16).contains(&len) {
        // As sixteen bytes: the first eight, and the rest (the top bytes of the last
        // eight), zeros after them.
        let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
        let rest = word(len - 8)
            .checked_shr(8 * (16 - len as u32))
            .unwrap_or(0);
        let mut block = [0; 16];
        block[..8].copy_from_slice(&word(0).to_le_bytes());
        block[8..].copy_from_slice(&rest.to_le_bytes());
        let (elements, components, odd) = block_marks(block, splats);
        let inside = (1 << len) - 1;
        if odd & inside != 0 {
            return (0, 0);
        }
        let (elements, end) = (elements & inside, 1 << len);
        return (elements | end, elements | components & inside | end);
    }
    match Marks::of(raw, &segment.delimiters) {
        Some(m) if !m.odd && raw.len() < 64 => {
            let end = 1 << raw.len();
            (m.elements | end, m.elements | m.components | end)
        }
        _ => (0, 0),
    }
}

/// [`Marks::of`] a segment of 16 to 63 bytes, sixteen at a time: the first sixteen, those
/// from 16 and 32 when the segment reaches past them, and the last sixteen, overlapping
/// bytes already marked (a mark is the same twice), in straight-line code.
#[inline(always)]
fn blocks(raw: &[u8], splats: &Splats) -> (u64, u64, bool) {
    let len = raw.len();
    debug_assert!((16..64).contains(&len));
    let (element, component, repetition) = (splats.element, splats.component, splats.repetition);
    let (space, printable) = (u8x16::splat(0x20), u8x16::splat(0x7e - 0x20));
    let mut elements = 0;
    let mut components = 0;
    let mut odd = u8x16::splat(0);
    let mut mark = |at: usize| {
        let v = u8x16::new(raw[at..at + 16].try_into().unwrap_or([0; 16]));
        elements |= u64::from(v.simd_eq(element).to_bitmask() as u16) << at;
        components |= u64::from(v.simd_eq(component).to_bitmask() as u16) << at;
        // Not zero where the byte, less 0x20 (wrapping), is above 0x7e - 0x20.
        odd |= (v - space).saturating_sub(printable) | v.simd_eq(repetition);
    };
    mark(0);
    if len > 32 {
        mark(16);
        if len > 48 {
            mark(32);
        }
    }
    mark(len - 16);
    let odd = odd.simd_eq(u8x16::splat(0)).to_bitmask() != 0xffff;
    (elements, components, odd)
}

/// The element separators, the component separators and the odd bytes (as
/// [`Marks::odd`] counts them) of sixteen bytes, a bit each.
#[inline(always)]
fn block_marks(block: [u8; 16], splats: &Splats) -> (u64, u64, u64) {
    let v = u8x16::new(block);
    // Not zero where the byte, less 0x20 (wrapping), is above 0x7e - 0x20.
    let odd = (v - u8x16::splat(0x20)).saturating_sub(u8x16::splat(0x7e - 0x20))
        | v.simd_eq(splats.repetition);
    let bits = |m: u8x16| u64::from(m.to_bitmask() as u16);
    (
        bits(v.simd_eq(splats.element)),
        bits(v.simd_eq(splats.component)),
        !bits(odd.simd_eq(u8x16::splat(0))) & 0xffff,
    )
}

/// The end of the element that starts after the last one taken from `marks` (of
/// [`marks`]): its next bit. Takes the bit.
#[inline(always)]
pub(super) fn next_mark(marks: &mut u64) -> usize {
    let next = marks.trailing_zeros() as usize;
    *marks &= marks.wrapping_sub(1);
    next
}

/// The end of the component that starts at `begin` (below 64), of `pieces` (of
/// [`marks`]): the first bit from `begin`.
#[inline(always)]
pub(super) fn piece_end(pieces: u64, begin: usize) -> usize {
    begin + pieces.wrapping_shr(begin as u32).trailing_zeros() as usize
}

/// The first marked position in `begin..end`, or `end` (`begin` at most 64).
#[inline(always)]
fn mark_within(marks: u64, begin: usize, end: usize) -> usize {
    let after = marks.checked_shr(begin as u32).unwrap_or(0);
    (begin + after.trailing_zeros() as usize).min(end)
}

/// The first `separator` in `raw[from..end]`, or `end`. Out of line: the compiler unrolls
/// the search, and it is called from every component the tables read in a long segment.
#[inline(never)]
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
    /// Bit `i` is set when `raw[i]` is the component separator.
    components: u64,
    /// The segment holds a control character, a byte from 0x80 up or a repetition
    /// separator.
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
        // Without a repetition separator, NUL stands in: it is a control character anyway.
        let repetition = delimiters.repetition.unwrap_or(0);
        if len >= 16 {
            let (elements, components, odd) = words::separators_and_odd(
                raw,
                delimiters.element,
                delimiters.component,
                repetition,
            );
            return Some(Marks {
                elements,
                components,
                odd,
            });
        }
        // Below sixteen bytes, eight at a time.
        let element = ONES * u64::from(delimiters.element);
        let component = ONES * u64::from(delimiters.component);
        let repetition = ONES * u64::from(repetition);
        // Flags bytes outside 0x20..0x7f: below 0x20 (a borrow out of `byte - 0x20`), DEL
        // (a carry into the top bit of `byte + 1`) and from 0x80 up (the top bit itself);
        // and bytes equal to the repetition separator (any byte below `n` for
        // `less(word, n)`). A flag may be false only above a true one, borrows and carries
        // running upwards, so whether any flag is set is exact, also when padding is cut
        // off.
        let less = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGHS;
        let odd_flags = |word: u64| {
            (word.wrapping_sub(ONES * 0x20) | word.wrapping_add(ONES) | word) & HIGHS
                | less(word ^ repetition, 1)
        };
        let mut elements = 0;
        let mut components = 0;
        let mut odd = 0;
        if len < 8 {
            // Padded with NULs, whose marks are cut off.
            let word = raw
                .iter()
                .rev()
                .fold(0u64, |word, &b| word << 8 | u64::from(b));
            let padding = u64::MAX >> (8 * (8 - len));
            elements = byte_bits(zero_bytes(word ^ element)) & (u64::MAX >> (64 - len));
            components = byte_bits(zero_bytes(word ^ component)) & (u64::MAX >> (64 - len));
            odd = odd_flags(word) & padding;
        } else {
            let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
            let mut at = 0;
            while at + 8 < len {
                let w = word(at);
                elements |= byte_bits(zero_bytes(w ^ element)) << at;
                components |= byte_bits(zero_bytes(w ^ component)) << at;
                odd |= odd_flags(w);
                at += 8;
            }
            // The last eight bytes, overlapping bytes already marked.
            let w = word(len - 8);
            elements |= byte_bits(zero_bytes(w ^ element)) << (len - 8);
            components |= byte_bits(zero_bytes(w ^ component)) << (len - 8);
            odd |= odd_flags(w);
        }
        Some(Marks {
            elements,
            components,
            odd: odd != 0,
        })
    }
}

/// Whether `bytes` hold a byte no value may: a control character, a byte from 0x80 up
/// (outside the X12 character sets: UTF-8 or Latin-1 letters such as `É`), or the
/// repetition separator (no element of the 837P repeats). Most segments hold none, so one
/// pass over the whole segment, without an early exit so that the compiler can unroll it,
/// spares a scan of each of its values.
fn has_odd_byte(bytes: &[u8], repetition: Option<u8>) -> bool {
    // Without a repetition separator, NUL stands in: it is a control character anyway.
    let repetition = repetition.unwrap_or(0);
    // Outside 0x20..0x7f, DEL and all: one comparison.
    bytes.iter().fold(0u8, |odd, &b| {
        odd | u8::from(b.wrapping_sub(0x20) >= 0x5f) | u8::from(b == repetition)
    }) != 0
}

/// [`key`]`(&raw[begin..end])`, read as one word of the segment where it has room,
/// instead of byte by byte. A code of up to eight bytes is read inline, as the word that
/// starts or ends with it; the others by [`key_at_rest`], out of line, so that each
/// generated check keeps one small copy of this at each coded element.
#[inline(always)]
pub(super) fn key_at(raw: &[u8], begin: usize, end: usize) -> u128 {
    match value_word(raw, begin, end) {
        Some(word) => u128::from(word) | ((end - begin) as u128) << 120,
        None => key_at_rest(raw, begin, end),
    }
}

/// The bytes of `raw[begin..end]`, one to eight of them, as the low bytes of a word (the
/// first lowest), read as one word of the segment; `None` for a longer value, or a
/// shorter one with no eight bytes of the segment starting or ending with it.
#[inline(always)]
pub(super) fn value_word(raw: &[u8], begin: usize, end: usize) -> Option<u64> {
    let len = end - begin;
    if !(1..=8).contains(&len) {
        return None;
    }
    let shift = 8 * (8 - len);
    let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
    if begin + 8 <= raw.len() {
        // The value and what follows it: keep its `len` low bytes.
        Some(word(begin) << shift >> shift)
    } else if end >= 8 {
        // What precedes the value (a code that ends its segment) and the value: its
        // bytes are the high ones.
        Some(word(end - 8) >> shift)
    } else {
        None
    }
}

/// [`key_at`] for a value of nine to fifteen bytes, read as sixteen bytes of the segment,
/// or a shorter one with no eight bytes of the segment starting or ending with it.
#[inline(never)]
fn key_at_rest(raw: &[u8], begin: usize, end: usize) -> u128 {
    let len = end - begin;
    if (9..=15).contains(&len) {
        let shift = 8 * (16 - len);
        let length = (len as u128) << 120;
        let word = |at: usize| u128::from_le_bytes(raw[at..at + 16].try_into().unwrap_or([0; 16]));
        if begin + 16 <= raw.len() {
            return word(begin) << shift >> shift | length;
        } else if end >= 16 {
            return word(end - 16) >> shift | length;
        }
    }
    key(&raw[begin..end])
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
                    assert_eq!(m.components, bits(&|b| b == d.component));
                    for begin in 0..=len {
                        for end in begin..=len {
                            assert_eq!(
                                mark_within(m.components, begin, end),
                                find(raw, begin, end, d.component),
                                "{raw:?} {begin}..{end}"
                            );
                        }
                    }
                    let odd = |b: u8| !(0x20..0x7f).contains(&b) || Some(b) == d.repetition;
                    assert_eq!(m.odd, raw.iter().any(|&b| odd(b)));
                    assert_eq!(has_odd_byte(raw, d.repetition), m.odd);
                    let segment = Segment {
                        raw,
                        start: 0,
                        ordinal: 1,
                        delimiters: d,
                    };
                    let (mut elements, pieces) = marks(&segment, &Splats::new(&d));
                    if m.odd || len == 64 {
                        assert_eq!((elements, pieces), (0, 0));
                        continue;
                    }
                    // Element by element as the tables read them, and each component.
                    let mut begin = 0;
                    loop {
                        let end = next_mark(&mut elements);
                        assert_eq!(end, find(raw, begin, len, d.element), "{raw:?} {begin}");
                        let mut piece = begin;
                        loop {
                            let piece_end = piece_end(pieces, piece);
                            assert_eq!(piece_end, find(raw, piece, end, d.component));
                            if piece_end == end {
                                break;
                            }
                            piece = piece_end + 1;
                        }
                        if end == len {
                            break;
                        }
                        begin = end + 1;
                    }
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
