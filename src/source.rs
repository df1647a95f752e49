//! The input file and byte spans into it.
//!
//! Every diagnostic points into the original bytes with a [`Span`]; lines, columns and
//! segment ordinals are derived only when a report is printed. Offsets are `usize`, so
//! files larger than 4 GiB work on 64-bit hosts.

use serde::Serialize;

#[cfg(all(unix, feature = "mmap"))]
mod guard;

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
    change: Option<Change>,
}

#[derive(Debug)]
enum Bytes {
    Owned(Vec<u8>),
    #[cfg(feature = "mmap")]
    Mapped(Mapped),
}

/// A mapped file, and what tells whether it changed while it was mapped.
#[cfg(feature = "mmap")]
#[derive(Debug)]
struct Mapped {
    /// Dropped before the mapping: the guard is let go before its pages are unmapped.
    #[cfg(unix)]
    guard: Option<guard::Guard>,
    map: memmap2::Mmap,
    file: std::fs::File,
    opened: std::fs::Metadata,
}

/// How a file changed while it was read: another process truncated, extended or rewrote
/// it (an upload still in progress, a retention job, an edit in place). The bytes read are
/// then not the file, and [`crate::lint`] reports X040 instead of checking them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The file's size when it was opened.
    pub opened: u64,
    /// How many bytes were read.
    pub read: u64,
    /// The file's size after reading.
    pub now: u64,
}

/// Files from this size are read in pieces on every core (see [`read_in_pieces`]).
#[cfg(all(unix, feature = "parallel"))]
const PARALLEL_READ_MIN: u64 = 8 << 20;
#[cfg(all(unix, feature = "parallel"))]
const READ_PIECE: usize = 2 << 20;

/// Reads the first `len` bytes of `file` in pieces of [`READ_PIECE`], on every core, and
/// leaves the file's position at the end of them. Most of the time of reading a large
/// file onto the heap is the kernel zeroing and filling fresh pages, one core's work when
/// one `read` does it. A piece that comes back short (the file shrank meanwhile) ends the
/// bytes there; the caller compares what was read with the file.
#[cfg(all(unix, feature = "parallel"))]
fn read_in_pieces(file: &std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    use rayon::prelude::*;
    use std::io::{Seek, SeekFrom};
    use std::os::unix::fs::FileExt;
    let Ok(size) = usize::try_from(len) else {
        return Ok(Vec::new());
    };
    let mut bytes = vec![0u8; size];
    let filled: Vec<std::io::Result<usize>> = bytes
        .par_chunks_mut(READ_PIECE)
        .enumerate()
        .map(|(n, piece)| {
            let offset = (n * READ_PIECE) as u64;
            let mut done = 0;
            while done < piece.len() {
                match file.read_at(&mut piece[done..], offset + done as u64) {
                    Ok(0) => break,
                    Ok(k) => done += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(done)
        })
        .collect();
    let mut read = 0;
    for (n, piece) in filled.into_iter().enumerate() {
        let got = piece?;
        read = n * READ_PIECE + got;
        if got < READ_PIECE {
            break;
        }
    }
    bytes.truncate(read);
    (&*file).seek(SeekFrom::Start(read as u64))?;
    Ok(bytes)
}

impl SourceFile {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            name: name.into(),
            bytes: Bytes::Owned(bytes.into()),
            change: None,
        }
    }

    /// Reads a file read-only onto the heap, and notes whether it changed while it was
    /// read (see [`Change`]).
    ///
    /// Reading, unlike memory-mapping, cannot be killed by another process truncating the
    /// file: the worst case is a short read, which is detected and reported.
    pub fn open(name: impl Into<String>, path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let opened = file.metadata()?;
        Self::read_opened(name, file, &opened)
    }

    /// Reads an opened file, comparing what was read and the file afterwards with
    /// `opened`, its metadata taken when it was opened.
    pub fn read_opened(
        name: impl Into<String>,
        mut file: std::fs::File,
        opened: &std::fs::Metadata,
    ) -> std::io::Result<Self> {
        use std::io::Read;
        let mut bytes = Vec::new();
        #[cfg(all(unix, feature = "parallel"))]
        if opened.len() >= PARALLEL_READ_MIN {
            bytes = read_in_pieces(&file, opened.len())?;
        }
        if bytes.is_empty() {
            // One more byte than the size, so reading to the end needs no second
            // allocation.
            let expected = usize::try_from(opened.len()).unwrap_or(0).saturating_add(1);
            let _ = bytes.try_reserve_exact(expected);
        }
        // To the end: all of a small file, or what a large one gained since it was opened.
        // Through `Take`, with no limit that could be reached: `File::read_to_end` would
        // look up the file's size again (`statx` and `lseek`), which `opened` already
        // holds, and a `Read` of our own would have the room it reads into zeroed first
        // (`Take` reads into it as it is, as `File` does): 11 MB of `memset` for a batch
        // of 2,000 files of 5.6 KB.
        (&mut file).take(u64::MAX).read_to_end(&mut bytes)?;
        let now = file.metadata()?;
        let read = bytes.len() as u64;
        let changed = read != opened.len()
            || now.len() != opened.len()
            || now.modified().ok() != opened.modified().ok();
        let mut source = SourceFile::new(name, bytes);
        if changed {
            source.change = Some(Change {
                opened: opened.len(),
                read,
                now: now.len(),
            });
        }
        Ok(source)
    }

    /// Memory-maps a file read-only instead of reading it: no copy on the heap, so a 1 GB
    /// file costs no 1 GB of memory. On Unix, a file that another process truncates while
    /// it is mapped does not kill the process with SIGBUS: the lost pages read as zeros
    /// and [`SourceFile::change`] then tells the file changed, as it does for a file that
    /// shrank while it was read (see `source/guard.rs`). Elsewhere, or when the guard
    /// cannot be set up, reading the lost pages would kill the process, so such a file is
    /// read instead ([`SourceFile::open`]).
    #[cfg(feature = "mmap")]
    pub fn map(name: impl Into<String>, path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let opened = file.metadata()?;
        Self::map_opened(name, file, opened)
    }

    /// [`SourceFile::map`] for an opened file, with its metadata taken when it was opened.
    #[cfg(feature = "mmap")]
    pub fn map_opened(
        name: impl Into<String>,
        file: std::fs::File,
        opened: std::fs::Metadata,
    ) -> std::io::Result<Self> {
        // A file system that cannot map the file (some network and user-space ones) is
        // read from instead, as is a file whose size says nothing of its content (an
        // empty size, as `/proc` gives).
        let map = match map(&file) {
            Ok(map) if opened.len() > 0 => map,
            _ => return Self::read_opened(name, file, &opened),
        };
        #[cfg(unix)]
        let guard = guard::Guard::register(map.as_ptr(), map.len());
        #[cfg(unix)]
        let guarded = guard.is_some();
        #[cfg(not(unix))]
        let guarded = false;
        if !guarded {
            drop(map);
            return Self::read_opened(name, file, &opened);
        }
        Ok(SourceFile {
            name: name.into(),
            bytes: Bytes::Mapped(Mapped {
                #[cfg(unix)]
                guard,
                map,
                file,
                opened,
            }),
            change: None,
        })
    }

    /// Marks the bytes as read from a file that changed while it was read.
    pub fn with_change(mut self, change: Change) -> Self {
        self.change = Some(change);
        self
    }

    /// How the file changed while it was read, if it did. For a mapped file, whether it
    /// changed since it was mapped: asked again after a check, since its bytes are read
    /// until then.
    pub fn change(&self) -> Option<Change> {
        #[cfg(feature = "mmap")]
        if let Bytes::Mapped(m) = &self.bytes {
            return m.change();
        }
        self.change
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn bytes(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Owned(b) => b,
            #[cfg(feature = "mmap")]
            Bytes::Mapped(m) => &m.map,
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
    // process truncates the file while it is mapped, reading the lost pages raises SIGBUS:
    // `SourceFile::map` keeps a mapping only under the guard of `source/guard.rs`, which
    // answers that with zero pages and marks the file changed.
    unsafe { memmap2::Mmap::map(file) }
}

#[cfg(feature = "mmap")]
impl Mapped {
    /// Whether the file lost pages while mapped, or is now of another size or date than
    /// when it was mapped.
    fn change(&self) -> Option<Change> {
        #[cfg(unix)]
        let lost = self.guard.as_ref().is_some_and(guard::Guard::lost);
        #[cfg(not(unix))]
        let lost = false;
        let opened = self.opened.len();
        let now = self.file.metadata().ok();
        let now_len = now.as_ref().map_or(0, std::fs::Metadata::len);
        let changed = lost
            || now_len != opened
            || now.and_then(|m| m.modified().ok()) != self.opened.modified().ok();
        changed.then(|| Change {
            opened,
            // What there was to read: up to where the file now ends, when it is shorter
            // (its pages past that end read as zeros).
            read: now_len.min(opened),
            now: now_len,
        })
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

    /// A file of `len` bytes that are not all alike, at a path of this test's own.
    #[cfg(all(unix, feature = "parallel"))]
    fn big_file(name: &str, len: usize) -> (std::path::PathBuf, Vec<u8>) {
        let path = std::env::temp_dir().join(format!("claimlint-{}-{name}", std::process::id()));
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + i / 4099) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        (path, bytes)
    }

    #[test]
    #[cfg(all(unix, feature = "parallel"))]
    fn a_large_file_read_in_pieces_is_the_file() {
        // Over the threshold, and not a whole number of pieces.
        let len = PARALLEL_READ_MIN as usize + 3 * READ_PIECE + 12_345;
        let (path, bytes) = big_file("pieces", len);
        let source = SourceFile::open("big.x12", &path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(source.change(), None);
        assert!(
            source.bytes() == bytes.as_slice(),
            "the same bytes in the same order"
        );
    }

    /// Another process truncates a mapped file: reading its lost pages would raise SIGBUS
    /// and end the process. They read as zeros, and the file is told changed.
    #[test]
    #[cfg(all(unix, feature = "mmap"))]
    fn a_mapped_file_truncated_while_mapped_reads_zeros_and_is_noticed() {
        let len = 80 * 4096 + 123;
        let path = std::env::temp_dir().join(format!("claimlint-{}-mapped", std::process::id()));
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8 | 1).collect();
        std::fs::write(&path, &bytes).unwrap();
        let source = SourceFile::map("mapped.x12", &path).unwrap();
        assert_eq!(source.change(), None);
        assert!(source.bytes() == bytes.as_slice());
        let kept = 3 * 4096 + 7;
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(kept as u64)
            .unwrap();
        let now = source.bytes();
        assert_eq!(now.len(), len, "the mapping keeps its length");
        assert!(
            now[..kept] == bytes[..kept],
            "what the file kept reads as it was"
        );
        let from = kept.div_ceil(4096) * 4096;
        assert!(
            now[from..].iter().all(|&b| b == 0),
            "the lost pages read as zeros"
        );
        assert_eq!(
            source.change(),
            Some(Change {
                opened: len as u64,
                read: kept as u64,
                now: kept as u64,
            })
        );
        // A check of it is one X040, not findings on the zeros.
        let report = crate::check(&source, &crate::Settings::default());
        let rules: Vec<_> = report.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [crate::Rule::ChangedWhileRead]);
        drop(source);
        std::fs::remove_file(&path).unwrap();
    }

    /// `/proc` files cannot be mapped and give no size: such a file is read, as it would
    /// be without mapping, instead of failing.
    #[test]
    #[cfg(all(target_os = "linux", feature = "mmap"))]
    fn a_file_that_cannot_be_mapped_is_read() {
        let path = std::path::Path::new("/proc/self/status");
        let mapped = SourceFile::map("status", path).expect("read instead");
        assert!(mapped.bytes().starts_with(b"Name:"));
        let read = SourceFile::open("status", path).unwrap();
        assert_eq!(
            mapped.change().map(|c| c.opened),
            read.change().map(|c| c.opened)
        );
    }

    #[test]
    #[cfg(all(unix, feature = "parallel"))]
    fn a_large_file_that_shrinks_or_grows_while_it_is_read_is_noticed() {
        let len = PARALLEL_READ_MIN as usize + READ_PIECE / 2;
        // Truncated after it was opened: the read stops where the file now ends.
        let (path, _) = big_file("shrinks", len);
        let file = std::fs::File::open(&path).unwrap();
        let opened = file.metadata().unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(1 << 20)
            .unwrap();
        let source = SourceFile::read_opened("big.x12", file, &opened).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            source.change(),
            Some(Change {
                opened: len as u64,
                read: 1 << 20,
                now: 1 << 20
            })
        );
        // Extended after it was opened: what was added is read too, and noticed.
        let (path, mut bytes) = big_file("grows", len);
        let file = std::fs::File::open(&path).unwrap();
        let opened = file.metadata().unwrap();
        {
            use std::io::Write;
            let mut append = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .unwrap();
            append.write_all(b"IEA*1*000000001~").unwrap();
        }
        bytes.extend_from_slice(b"IEA*1*000000001~");
        let source = SourceFile::read_opened("big.x12", file, &opened).unwrap();
        std::fs::remove_file(&path).unwrap();
        let grown = len as u64 + 16;
        assert_eq!(
            source.change(),
            Some(Change {
                opened: len as u64,
                read: grown,
                now: grown
            })
        );
        assert!(source.bytes() == bytes.as_slice());
    }

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
