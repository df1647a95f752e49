//! The segments of a transaction set, read for the model: the terminator is found eight
//! bytes at a time, which for segments of a few dozen bytes costs less than setting up a
//! vectorised search for each one. Reads exactly the segments
//! [`crate::x12::Segments`] reads (see the tests in `builder/reference.rs`).

use crate::x12::segment::next_segment;
use crate::x12::{Delimiters, Segment};

/// Splits `bytes[start..end]` into segments, as [`crate::x12::Segments`] does.
#[derive(Debug, Clone)]
pub(super) struct Segments<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    ordinal: usize,
    delimiters: Delimiters,
}

/// The bytes searched a word at a time before handing over to [`next_segment`].
const WINDOW: usize = 64;

impl<'a> Segments<'a> {
    /// `first_ordinal` is the file ordinal the first segment gets.
    pub(super) fn new(
        bytes: &'a [u8],
        start: usize,
        end: usize,
        first_ordinal: usize,
        delimiters: Delimiters,
    ) -> Self {
        Segments {
            bytes,
            pos: start,
            end: end.min(bytes.len()),
            ordinal: first_ordinal,
            delimiters,
        }
    }
}

/// Position of the first `byte` in `window`, searched a word at a time.
#[inline(always)]
fn find(window: &[u8; WINDOW], byte: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    let pattern = ONES * u64::from(byte);
    for (n, chunk) in window.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ pattern;
        // 0x80 in each byte that is zero, 0 in the others (exact, no false matches).
        let zero = !(((word & LOW7) + LOW7) | word | LOW7);
        if zero != 0 {
            return Some(n * 8 + (zero.trailing_zeros() / 8) as usize);
        }
    }
    None
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    #[inline]
    fn next(&mut self) -> Option<Segment<'a>> {
        let bytes = self.bytes;
        let mut pos = self.pos;
        while pos < self.end && matches!(bytes[pos], b'\r' | b'\n') {
            pos += 1;
        }
        let terminator = self.delimiters.segment;
        let found = bytes
            .get(pos..self.end)
            .and_then(|rest| rest.first_chunk::<WINDOW>())
            .and_then(|window| find(window, terminator));
        let (segment, next) = match found {
            Some(p) => {
                let mut raw_end = pos + p;
                if terminator == b'\n' && raw_end > pos && bytes[raw_end - 1] == b'\r' {
                    raw_end -= 1;
                }
                let segment = Segment {
                    raw: &bytes[pos..raw_end],
                    start: pos,
                    ordinal: self.ordinal,
                    delimiters: self.delimiters,
                };
                (segment, pos + p + 1)
            }
            // Long segments, the end of the set and a last segment with no terminator.
            None => next_segment(bytes, pos, self.end, self.ordinal, self.delimiters)?,
        };
        self.pos = next;
        self.ordinal += 1;
        Some(segment)
    }
}
