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
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    bytes: Bytes,
}

#[derive(Debug)]
enum Bytes {
    Owned(Vec<u8>),
    #[cfg(feature = "mmap")]
    Mapped(memmap2::Mmap),
}

/// Files at least this large are memory-mapped rather than read onto the heap.
#[cfg(feature = "mmap")]
const MMAP_MIN_BYTES: u64 = 1 << 20;

impl SourceFile {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            name: name.into(),
            bytes: Bytes::Owned(bytes.into()),
        }
    }

    /// Reads a file onto the heap.
    pub fn open(name: impl Into<String>, path: &std::path::Path) -> std::io::Result<Self> {
        Ok(SourceFile::new(name, std::fs::read(path)?))
    }

    /// Opens a file read-only and memory-maps it when it is large (1 MiB or more), so
    /// checking a 1 GB file does not need 1 GB of heap; a small file is read, which is
    /// cheaper than a mapping.
    ///
    /// Opt in only when nothing truncates the file while the `SourceFile` lives: reading
    /// pages that another process cut off stops the process with `SIGBUS`. Files that are
    /// written once and then read, as claim files are, are safe; [`SourceFile::open`] is
    /// always safe.
    #[cfg(feature = "mmap")]
    pub fn open_mapped(name: impl Into<String>, path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.len() < MMAP_MIN_BYTES {
            return SourceFile::open(name, path);
        }
        Ok(SourceFile {
            name: name.into(),
            bytes: Bytes::Mapped(map(&file)?),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn bytes(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Owned(b) => b,
            #[cfg(feature = "mmap")]
            Bytes::Mapped(m) => m,
        }
    }

    pub fn len(&self) -> usize {
        self.bytes().len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes().is_empty()
    }
}

/// Maps a file read-only.
#[cfg(feature = "mmap")]
#[allow(unsafe_code)]
fn map(file: &std::fs::File) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: the mapping is read-only and claimlint never writes the file. If another
    // process truncates the file while it is being checked, reading the lost pages raises
    // SIGBUS; claim files are written once and then read, and tools such as ripgrep
    // accept the same trade for the same speed. The caller opted in (`open_mapped`);
    // inputs on which it matters can be piped through standard input, which is always
    // read into memory.
    unsafe { memmap2::Mmap::map(file) }
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

/// [`line_column`] for many offsets of one file, in one pass when they come in order.
///
/// Each call scans only from the previous offset, so the positions of all the diagnostics
/// of a file (sorted by offset) cost one scan of the file instead of one scan per
/// diagnostic. An offset before the previous one starts again from the beginning.
#[derive(Debug, Clone)]
pub struct LineCursor<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> LineCursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        LineCursor {
            bytes,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// 1-based line and column (in bytes) of `offset`, as [`line_column`] gives them.
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.bytes.len());
        if offset < self.offset {
            *self = LineCursor::new(self.bytes);
        }
        let between = &self.bytes[self.offset..offset];
        self.line += memchr::memchr_iter(b'\n', between).count();
        if let Some(p) = memchr::memrchr(b'\n', between) {
            self.line_start = self.offset + p + 1;
        }
        self.offset = offset;
        (self.line, offset - self.line_start + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_cursor_agrees_with_line_column() {
        let text = b"ISA*00~\nGS*HC~\n\nST*837~\r\nSE~";
        let mut cursor = LineCursor::new(text);
        for offset in (0..text.len() + 3).chain([4, 0, 9, 9, 30]) {
            assert_eq!(
                cursor.position(offset),
                line_column(text, offset),
                "{offset}"
            );
        }
    }

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
