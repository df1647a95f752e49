//! The level of an HL segment (HL03: `20` billing provider, `22` subscriber), read where
//! the segment starts: by the envelope pass for each HL of a large file, and by a cut
//! plan's own index of a set.

use crate::x12::segment::next_segment;
use crate::x12::{Delimiters, Segment};
use wide::u8x16;

/// An HL's level, as far as cutting a set at it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    Provider,
    Subscriber,
    #[default]
    Other,
}

pub(crate) fn level_of(hl: &Segment<'_>) -> Level {
    level_of_value(hl.value(3))
}

fn level_of_value(hl03: &[u8]) -> Level {
    match hl03 {
        b"20" => Level::Provider,
        b"22" => Level::Subscriber,
        _ => Level::Other,
    }
}

/// The level (HL03) of the HL segment at `at`, as [`level_of`] reads it from the segment
/// [`next_segment`] reads there. An HL is short (`HL*3061*3060*22*0~`), so it is most
/// often read from one mask of the element separators and one of the terminators in the
/// 32 bytes from `at` (two vector compares each), which costs a fraction of reading the
/// segment and then its third element; an HL not ended within them is read the plain way.
pub(crate) fn level_at(bytes: &[u8], at: usize, end: usize, d: Delimiters) -> Level {
    if let Some(window) = bytes.get(at..end).and_then(|rest| rest.first_chunk::<32>()) {
        let terminators = mask(window, d.segment);
        if terminators != 0 {
            // The segment's bytes are those before its first terminator; when the
            // terminator is a line break, the reader leaves out a carriage return before
            // it, which can only shorten HL03 when HL03 is the segment's last element.
            let stop = terminators.trailing_zeros() as usize;
            let mut separators = mask(window, d.element) & ((1u64 << stop) - 1);
            // Drop the first two separators; the third starts HL03, the fourth ends it.
            separators &= separators.wrapping_sub(1);
            separators &= separators.wrapping_sub(1);
            if separators == 0 {
                return Level::Other;
            }
            let begin = separators.trailing_zeros() as usize + 1;
            let after = separators & (separators - 1);
            let mut value = if after == 0 {
                &window[begin..stop]
            } else {
                &window[begin..after.trailing_zeros() as usize]
            };
            if after == 0 && d.segment == b'\n' {
                value = value.strip_suffix(b"\r").unwrap_or(value);
            }
            return level_of_value(value);
        }
    }
    next_segment(bytes, at, end, 0, d).map_or(Level::Other, |(hl, _)| level_of(&hl))
}

/// Bit `i` set when `window[i]` is `byte`.
fn mask(window: &[u8; 32], byte: u8) -> u64 {
    let pattern = u8x16::splat(byte);
    let half = |from: usize| {
        let block: [u8; 16] = window[from..from + 16].try_into().unwrap_or([0; 16]);
        u64::from(u8x16::new(block).simd_eq(pattern).to_bitmask() as u16)
    };
    half(0) | half(16) << 16
}
