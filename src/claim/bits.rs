//! Where the separators of a short segment are, found eight bytes at a time: the model
//! reads a few elements of one segment in four, and a byte-by-byte search for each
//! separator was most of what building it cost.

pub(super) use crate::x12::words::{element, positions, within};

/// Splits `begin..end` at the separators marked in `bits` into at most `N` ranges, as
/// [`crate::x12::Segment::elements`] and [`crate::x12::Element::components`] split: every
/// separator ends a piece, and the piece after the last separator counts even when
/// empty. Returns how many pieces were kept.
#[inline(always)]
pub(super) fn split<const N: usize>(
    bits: u64,
    begin: usize,
    end: usize,
    out: &mut [(usize, usize); N],
) -> u8 {
    let mut rest = within(bits, begin, end);
    let mut count = 0;
    let mut piece = begin;
    while rest != 0 {
        let at = rest.trailing_zeros() as usize;
        out[count] = (piece, at);
        count += 1;
        if count == N {
            return count as u8;
        }
        piece = at + 1;
        rest &= rest - 1;
    }
    out[count] = (piece, end);
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
