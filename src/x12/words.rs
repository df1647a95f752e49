//! Searches for the short runs of bytes X12 is made of: sixteen bytes at a time with the
//! processor's vector compare (SSE2 on x86-64, NEON on AArch64, through `wide`, which
//! falls back to plain code elsewhere), eight at a time (one `u64`) below sixteen. A
//! segment of a few dozen bytes costs less this way than setting up a general vectorised
//! search, or than a byte-by-byte one. The element checks, the model and the segment
//! reader share these.

use wide::u8x16;

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);

/// 0x80 in each byte of `word` that is zero, 0 in the others (exact: no carry crosses a
/// byte).
#[inline(always)]
pub(crate) fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// The top bits of the bytes of `flags` packed into the low eight bits, byte 0 first.
#[inline(always)]
pub(crate) fn byte_bits(flags: u64) -> u64 {
    (flags >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// `byte` in each of the eight bytes, to compare a word with.
#[inline(always)]
pub(crate) fn pattern(byte: u8) -> u64 {
    ONES * u64::from(byte)
}

/// Bit `i` set when `block[i]` is the byte `pattern` holds sixteen times: one vector
/// compare and one move of its sixteen results into a mask.
#[inline(always)]
fn block_bits(block: [u8; 16], pattern: u8x16) -> u64 {
    u64::from(u8x16::new(block).simd_eq(pattern).to_bitmask() as u16)
}

/// The sixteen bytes of `raw` from `at` (which has room for them).
#[inline(always)]
fn block(raw: &[u8], at: usize) -> [u8; 16] {
    raw[at..at + 16].try_into().unwrap_or([0; 16])
}

/// Bit `i` set when `raw[i]` is `byte`, for at most 64 bytes; `None` for more.
#[inline(always)]
pub(crate) fn positions(raw: &[u8], byte: u8) -> Option<u64> {
    let len = raw.len();
    if len > 64 {
        return None;
    }
    if len >= 16 {
        let pattern = u8x16::splat(byte);
        let mut bits = 0;
        let mut at = 0;
        while at + 16 < len {
            bits |= block_bits(block(raw, at), pattern) << at;
            at += 16;
        }
        // The last sixteen bytes, overlapping bytes already marked.
        bits |= block_bits(block(raw, len - 16), pattern) << (len - 16);
        return Some(bits);
    }
    if len < 8 {
        let mut bits = 0;
        for (i, &b) in raw.iter().enumerate() {
            bits |= u64::from(b == byte) << i;
        }
        return Some(bits);
    }
    // Eight to fifteen bytes: two words, the second overlapping the first.
    let pattern = pattern(byte);
    let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
    Some(
        byte_bits(zero_bytes(word(0) ^ pattern))
            | byte_bits(zero_bytes(word(len - 8) ^ pattern)) << (len - 8),
    )
}

/// For a segment of 16 to 64 bytes: bit `i` of the first mask set when `raw[i]` is
/// `separator`, of the second when it is `component`, and whether any byte is outside
/// 0x20..0x7f (a control character, DEL, or from 0x80 up) or is `other`; one pass of vector
/// compares for all three.
#[inline(always)]
pub(crate) fn separators_and_odd(
    raw: &[u8],
    separator: u8,
    component: u8,
    other: u8,
) -> (u64, u64, bool) {
    let len = raw.len();
    debug_assert!((16..=64).contains(&len));
    let (separator, component, other) = (
        u8x16::splat(separator),
        u8x16::splat(component),
        u8x16::splat(other),
    );
    let (space, printable) = (u8x16::splat(0x20), u8x16::splat(0x7e - 0x20));
    let mut bits = 0;
    let mut component_bits = 0;
    let mut odd = u8x16::splat(0);
    let mut mark = |at: usize| {
        let v = u8x16::new(block(raw, at));
        bits |= u64::from(v.simd_eq(separator).to_bitmask() as u16) << at;
        component_bits |= u64::from(v.simd_eq(component).to_bitmask() as u16) << at;
        // Not zero where the byte, less 0x20 (wrapping), is above 0x7e - 0x20.
        odd |= (v - space).saturating_sub(printable) | v.simd_eq(other);
    };
    let mut at = 0;
    while at + 16 < len {
        mark(at);
        at += 16;
    }
    // The last sixteen bytes, overlapping bytes already marked.
    mark(len - 16);
    (
        bits,
        component_bits,
        odd.simd_eq(u8x16::splat(0)).to_bitmask() != 0xffff,
    )
}

/// How many times `byte` is in `bytes`: counted in blocks the compiler vectorises, which
/// is faster than stopping at each of millions of segment terminators.
pub(crate) fn count(bytes: &[u8], byte: u8) -> usize {
    // A block's count fits a byte.
    const BLOCK: usize = 128;
    bytes
        .chunks(BLOCK)
        .map(|block| usize::from(block.iter().map(|&b| u8::from(b == byte)).sum::<u8>()))
        .sum()
}

/// The bits of `bits` at positions `begin..end` (`end` at most 64).
#[inline(always)]
pub(crate) fn within(bits: u64, begin: usize, end: usize) -> u64 {
    let below_end = u64::MAX.checked_shr(64 - end as u32).unwrap_or(0);
    let from_begin = u64::MAX.checked_shl(begin as u32).unwrap_or(0);
    bits & below_end & from_begin
}

/// The range of element `n` (1-based) of a segment whose element separators are marked
/// in `bits`, as [`crate::x12::Segment::element`] finds it.
#[inline(always)]
pub(crate) fn element(bits: u64, len: usize, n: usize) -> Option<(usize, usize)> {
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

/// The range of element `n` (1-based) of `raw`, a segment of any length whose element
/// separator is `byte`: its separators are marked 64 bytes at a time and whole blocks
/// before the element are skipped by their count, so a long segment (a `CLM`, an `NM1`
/// with a long name) costs a few steps per 64 bytes instead of one per byte.
#[inline]
pub(crate) fn element_anywhere(raw: &[u8], byte: u8, n: usize) -> Option<(usize, usize)> {
    // The separators still to pass before element `n` begins.
    let mut before = n.checked_sub(1)?;
    let mut begin = None;
    for (block, chunk) in raw.chunks(64).enumerate() {
        let base = block * 64;
        let mut bits = positions(chunk, byte).unwrap_or(0);
        if begin.is_none() {
            let count = bits.count_ones() as usize;
            if before >= count {
                before -= count;
                continue;
            }
            for _ in 0..before {
                bits &= bits - 1;
            }
            begin = Some(base + bits.trailing_zeros() as usize + 1);
            bits &= bits - 1;
        }
        if let (Some(begin), true) = (begin, bits != 0) {
            return Some((begin, base + bits.trailing_zeros() as usize));
        }
    }
    begin.map(|begin| (begin, raw.len()))
}

/// Position of the first `byte` in `window`.
#[inline(always)]
pub(crate) fn first<const N: usize>(window: &[u8; N], byte: u8) -> Option<usize> {
    let pattern = u8x16::splat(byte);
    for (n, chunk) in window.chunks_exact(16).enumerate() {
        let bits = block_bits(chunk.try_into().unwrap_or([0; 16]), pattern);
        if bits != 0 {
            return Some(n * 16 + bits.trailing_zeros() as usize);
        }
    }
    window[N - N % 16..]
        .iter()
        .position(|&b| b == byte)
        .map(|p| p + N - N % 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_counted_across_blocks() {
        // Every length around the block size, with the byte everywhere, nowhere, and in
        // between.
        for len in [0, 1, 2, 127, 128, 129, 255, 256, 257, 1000] {
            for every in [1, 2, 3, 7, 128, usize::MAX] {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| if i % every == 0 { b'~' } else { b'A' })
                    .collect();
                let plain = bytes.iter().filter(|&&b| b == b'~').count();
                assert_eq!(count(&bytes, b'~'), plain, "{len} {every}");
            }
        }
    }

    #[test]
    fn every_position_of_every_length_is_found() {
        for len in 0..=64usize {
            for at in 0..len {
                let mut raw = vec![b'A'; len];
                raw[at] = b'~';
                // A byte that differs from the one searched only in its high bit is not it.
                if at + 1 < len {
                    raw[at + 1] = b'~' | 0x80;
                }
                assert_eq!(positions(&raw, b'~'), Some(1 << at), "{len} {at}");
                if len == 64 {
                    let window: &[u8; 64] = raw.as_slice().try_into().unwrap();
                    assert_eq!(first(window, b'~'), Some(at));
                }
            }
        }
        assert_eq!(positions(&[b'~'; 65], b'~'), None);
        assert_eq!(first(&[b'A'; 64], b'~'), None);
        assert_eq!(first(&[b'A'; 12], b'~'), None);
        let mut odd = [b'A'; 12];
        odd[10] = b'~';
        assert_eq!(first(&odd, b'~'), Some(10));
    }
}
