//! The input file and byte spans into it.
//!
//! Every diagnostic points into the original bytes with a [`Span`]; lines, columns and
//! segment ordinals are derived only when a report is printed. Offsets are `usize`, so
//! files larger than 4 GiB work on 64-bit hosts.

use serde::Serialize;

/// A half-open byte range `start..end` into the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// A span covering `len` bytes from `start`.
    pub const fn at(start: usize, len: usize) -> Self {
        Span {
            start,
            end: start + len,
        }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A named input: the bytes of one file (or of stdin) and the name to show for it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    bytes: Vec<u8>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            name: name.into(),
            bytes: bytes.into(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// 1-based line and column (in bytes) of `offset`, counting `\n` as the line break.
///
/// Only used for display and JSON; the linter itself never needs lines.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    (line, offset - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_newlines() {
        let text = b"ISA*00~\nGS*HC~\nST*837~";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 8), (2, 1));
        assert_eq!(line_column(text, 11), (2, 4));
        assert_eq!(line_column(text, 1000), (3, 8));
    }

    #[test]
    fn cover_takes_the_union() {
        assert_eq!(Span::new(5, 7).cover(Span::new(2, 6)), Span::new(2, 7));
    }
}
