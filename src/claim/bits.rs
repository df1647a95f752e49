//! Where the separators of a short segment are, found eight bytes at a time: the model
//! reads a few elements of one segment in four, and a byte-by-byte search for each
//! separator was most of what building it cost.

/// Bit `i` set when `raw[i]` is `byte`, for a segment of at most 64 bytes (most are);
/// `None` for a longer one.
#[inline(always)]
pub(super) fn positions(raw: &[u8], byte: u8) -> Option<u64> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    let len = raw.len();
    if len > 64 {
        return None;
    }
    if len < 8 {
        let mut bits = 0;
        for (i, &b) in raw.iter().enumerate() {
            bits |= u64::from(b == byte) << i;
        }
        return Some(bits);
    }
    let pattern = ONES * u64::from(byte);
    let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
    let mut bits = 0;
    let mut at = 0;
    while at + 8 < len {
        bits |= byte_bits(zero_bytes(word(at) ^ pattern)) << at;
        at += 8;
    }
    // The last eight bytes, overlapping bytes already marked.
    bits |= byte_bits(zero_bytes(word(len - 8) ^ pattern)) << (len - 8);
    Some(bits)
}

/// 0x80 in each byte of `word` that is zero, 0 in the others.
#[inline(always)]
fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// The top bits of the bytes of `flags` packed into the low eight bits, byte 0 first.
#[inline(always)]
fn byte_bits(flags: u64) -> u64 {
    (flags >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The bits of `bits` at positions `begin..end` (`end` at most 64).
#[inline(always)]
pub(super) fn within(bits: u64, begin: usize, end: usize) -> u64 {
    let below_end = u64::MAX.checked_shr(64 - end as u32).unwrap_or(0);
    let from_begin = u64::MAX.checked_shl(begin as u32).unwrap_or(0);
    bits & below_end & from_begin
}

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

/// The range of element `n` (1-based) of a segment whose element separators are marked
/// in `bits`, as [`crate::x12::Segment::element`] finds it.
#[inline(always)]
pub(super) fn element(bits: u64, len: usize, n: usize) -> Option<(usize, usize)> {
    if n == 0 {
        return None;
    }
    let mut rest = within(bits, 0, len);
    for _ in 1..n {
        if rest == 0 {
            return None;
        }
        rest &= rest - 1;
    }
    if rest == 0 {
        return None;
    }
    let begin = rest.trailing_zeros() as usize + 1;
    rest &= rest - 1;
    let end = if rest == 0 {
        len
    } else {
        rest.trailing_zeros() as usize
    };
    Some((begin, end))
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
