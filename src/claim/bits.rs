//! Where the separators of a short segment are, found eight bytes at a time: the model
//! reads a few elements of one segment in four, and a byte-by-byte search for each
//! separator was most of what building it cost.

pub(super) use crate::x12::words::{element, positions, within};

/// Bit `i` of the first mask set when `raw[i]` is `a`, of the second when it is `b`, for
/// at most 64 bytes (`None` for more): the element and component separators of an SV1
/// marked in one pass over it, not one pass each.
#[inline(always)]
pub(super) fn positions_of_two(raw: &[u8], a: u8, b: u8) -> Option<(u64, u64)> {
    use wide::u8x16;
    let len = raw.len();
    if len > 64 {
        return None;
    }
    if len < 16 {
        return Some((positions(raw, a)?, positions(raw, b)?));
    }
    let (a, b) = (u8x16::splat(a), u8x16::splat(b));
    let (mut a_bits, mut b_bits) = (0, 0);
    let mut mark = |at: usize| {
        let block: [u8; 16] = raw[at..at + 16].try_into().unwrap_or([0; 16]);
        let v = u8x16::new(block);
        a_bits |= u64::from(v.simd_eq(a).to_bitmask() as u16) << at;
        b_bits |= u64::from(v.simd_eq(b).to_bitmask() as u16) << at;
    };
    let mut at = 0;
    while at + 16 < len {
        mark(at);
        at += 16;
    }
    // The last sixteen bytes, overlapping bytes already marked.
    mark(len - 16);
    Some((a_bits, b_bits))
}

/// Splits `begin..end` at the separators marked in `bits` into at most `N` ranges, as
/// [`crate::x12::Segment::elements`] and [`crate::x12::Element::components`] split: every
/// separator ends a piece, and the piece after the last separator counts even when
/// empty. Returns how many pieces were kept. The ranges are written as `u16`, the width
/// [`super::Sv1`] keeps them in (`end` is at most 64).
#[inline(always)]
pub(super) fn split<const N: usize>(
    bits: u64,
    begin: usize,
    end: usize,
    out: &mut [(u16, u16); N],
) -> u8 {
    let mut rest = within(bits, begin, end);
    let mut count = 0;
    let mut piece = begin as u16;
    while rest != 0 {
        let at = rest.trailing_zeros() as u16;
        out[count] = (piece, at);
        count += 1;
        if count == N {
            return count as u8;
        }
        piece = at + 1;
        rest &= rest - 1;
    }
    out[count] = (piece, end as u16);
    count as u8 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(raw: &[u8], byte: u8) -> u64 {
        raw.iter()
            .enumerate()
            .filter(|&(_, &b)| b == byte)
            .fold(0, |bits, (i, _)| bits | 1 << i)
    }

    #[test]
    fn positions_are_the_bytes_equal_to_the_separator() {
        let text =
            b"SV1*HC:99213:25*100*UN*1***1:2*\x80\xff*:**~NM1*85*2*PRACTICE*****XX*1234567893";
        for len in 0..=64 {
            for byte in [b'*', b':', 0x80, 0xff, 0] {
                let raw = &text[..len.min(text.len())];
                assert_eq!(positions(raw, byte), Some(naive(raw, byte)), "{len} {byte}");
            }
        }
        assert_eq!(positions(&[b'*'; 65], b'*'), None);
    }

    #[test]
    fn two_bytes_are_marked_as_each_alone() {
        let text =
            b"SV1*HC:99213:25*100*UN*1***1:2*\x80\xff*:**~NM1*85*2*PRACTICE*****XX*1234567893**";
        for len in 0..=text.len() {
            let raw = &text[..len];
            for (a, b) in [(b'*', b':'), (0x80, 0xff), (b':', b':'), (0, b'~')] {
                let expected = (len <= 64).then(|| (naive(raw, a), naive(raw, b)));
                assert_eq!(positions_of_two(raw, a, b), expected, "{len} {a} {b}");
            }
        }
    }

    #[test]
    fn elements_are_the_segments_elements() {
        use crate::x12::{Delimiters, Segment};
        for text in [
            &b"NM1*85*2*PRACTICE*****XX*1234567893"[..],
            b"NM1*85*2*PRACTICE*****XX*",
            b"NM1",
            b"NM1*",
            b"*",
            b"",
            b"HI*ABK:J029*ABF:R509**",
        ] {
            let segment = Segment {
                raw: text,
                start: 0,
                ordinal: 1,
                delimiters: Delimiters::default(),
            };
            let bits = positions(text, b'*').unwrap();
            for n in 0..12 {
                let expected = segment
                    .element(n)
                    .map(|e| (e.start, e.start + e.value.len()));
                assert_eq!(element(bits, text.len(), n), expected, "{n}");
            }
        }
    }
}
