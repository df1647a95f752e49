//! The interchange envelope: ISA/IEA, GS/GE and ST/SE, found in one pass over the file.
//!
//! This pass looks only at segment IDs. It records where each transaction set starts and
//! ends, counts its segments (for SE01) and keeps the envelope segments themselves; the
//! content of a transaction set is tokenized again later, one transaction set at a time,
//! so memory stays bounded by the largest transaction set and sets can be checked in
//! parallel. Everything that is wrong with the file as a whole (no ISA, bad delimiters,
//! missing trailers, stray data) is recorded as a [`SyntaxProblem`]; rules turn those into
//! diagnostics.
//!
//! A missing header does not hide what follows it: a file that starts with `GS` or `ST`
//! (no ISA), an `ST` with no `GS` before it, and segments ending in an `SE` with no `ST`
//! before them are read inside an *implicit* interchange, group or transaction set, which
//! has no header segment of its own; the missing header is one problem.

mod scan;
#[cfg(test)]
mod tests;
mod walker;

use super::delimiters::{DelimiterProblem, IsaHeader};
use super::segment::{Segment, Segments};
use crate::source::Span;

/// Everything the envelope pass found in one file.
#[derive(Debug, Default)]
pub struct Document<'a> {
    pub bytes: &'a [u8],
    pub interchanges: Vec<Interchange<'a>>,
    pub problems: Vec<SyntaxProblem>,
    /// Segments seen in the whole file (for statistics).
    pub segment_count: usize,
    /// The HL segments the envelope pass found as it counted the segments of a large
    /// file in pieces: those of a set whose [`TransactionSet::hls`] are known, and others.
    pub hls: Vec<HlStart>,
}

/// An HL segment, as the envelope pass found it: where it starts, how many segments of
/// its transaction set come before it after the ST, and its level (HL03).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HlStart {
    pub start: usize,
    pub before: u32,
    pub level: crate::x12::hl::Level,
}

#[derive(Debug)]
pub struct Interchange<'a> {
    pub header: IsaHeader,
    /// The ISA; for an implicit interchange, an empty segment where the content starts.
    pub isa: Segment<'a>,
    /// The file has no ISA: the interchange was opened by a bare `GS` or `ST`.
    pub implicit: bool,
    pub iea: Option<Segment<'a>>,
    pub groups: Vec<Group<'a>>,
    /// Groups whose GS was lost (a GE after an ST outside any group).
    pub unopened_groups: usize,
}

#[derive(Debug)]
pub struct Group<'a> {
    /// The GS; for an implicit group, an empty segment at its first `ST`.
    pub gs: Segment<'a>,
    /// No `GS` opened the group: its first `ST` did.
    pub implicit: bool,
    pub ge: Option<Segment<'a>>,
    pub transactions: Vec<TransactionSet<'a>>,
    /// Transaction sets whose ST was lost (stray segments ending in an SE).
    pub unopened_transactions: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct TransactionSet<'a> {
    /// The ST; for an implicit set, an empty segment at its first segment.
    pub st: Segment<'a>,
    /// No `ST` opened the set: its content ran up to an `SE`.
    pub implicit: bool,
    pub se: Option<Segment<'a>>,
    /// Segments from ST to SE inclusive (to the last segment seen when SE is missing).
    pub segment_count: usize,
    /// Offset just past the last segment of the set.
    pub end: usize,
    /// Its HL segments, `Document::hls[from..to]`, when the envelope pass found them all
    /// as it counted the set's segments (one run of a large file read in pieces, from
    /// the segment after its ST on).
    pub hls: Option<(usize, usize)>,
}

impl<'a> TransactionSet<'a> {
    /// All segments of the set, ST and SE included, with their file ordinals.
    pub fn segments(&self, bytes: &'a [u8]) -> Segments<'a> {
        Segments::new(
            bytes,
            self.st.start,
            self.end,
            self.st.ordinal,
            self.st.delimiters,
        )
    }

    /// Bytes of the set, ST to SE.
    pub fn len(&self) -> usize {
        self.end - self.st.start
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An envelope level that was still open when it should have been closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Transaction,
    Group,
    Interchange,
}

impl Level {
    pub fn trailer(self) -> &'static str {
        match self {
            Level::Transaction => "SE",
            Level::Group => "GE",
            Level::Interchange => "IEA",
        }
    }

    pub fn header(self) -> &'static str {
        match self {
            Level::Transaction => "ST",
            Level::Group => "GS",
            Level::Interchange => "ISA",
        }
    }
}

/// Problems with the file as a whole, found by the envelope pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// No bytes, or only whitespace.
    Empty,
    /// UTF-16 text (with or without a byte-order mark).
    Utf16 { bom: bool },
    /// Bytes that are not text, and no ISA anywhere.
    Binary { offset: usize },
    /// Text, but no ISA anywhere.
    NoInterchange,
    /// No ISA, but a bare `GS` or `ST` opens X12 content, read with the delimiters it uses.
    MissingInterchangeHeader {
        /// The `GS` or `ST` segment ID.
        at: Span,
        /// Whether the `GS` is missing too (the content starts with `ST`).
        no_group: bool,
    },
    /// The file ends inside the 106-byte ISA.
    TruncatedIsa { span: Span },
    /// Delimiters that collide, are letters or digits, or are control characters.
    InvalidDelimiters {
        isa: Span,
        /// The ISA's 1-based ordinal among the file's segments, when the interchange is
        /// read (an unreadable one's segments are not counted).
        ordinal: Option<usize>,
        header: IsaHeader,
        problems: Vec<DelimiterProblem>,
        /// The interchange could not be read at all.
        fatal: bool,
    },
    /// Something other than whitespace or a BOM before the first ISA.
    ContentBeforeInterchange { span: Span },
    /// Something other than whitespace after an IEA.
    ContentAfterInterchange { span: Span },
    /// A header arrived while lower levels were still open: their trailers are missing.
    MissingTrailers {
        /// The segment that forced the close.
        at: Span,
        at_id: String,
        /// Innermost first, with the span of each open header.
        open: Vec<(Level, Span)>,
    },
    /// The file ends while envelope levels are still open.
    UnexpectedEnd {
        at: usize,
        /// Innermost first.
        open: Vec<(Level, Span)>,
    },
    /// Segments that belong in a transaction set (or a trailer with nothing to close).
    OutsideEnvelope {
        first: Span,
        id: String,
        count: usize,
        /// The level that is missing around them.
        missing: Level,
        /// The segments were read anyway, inside an implicit group or transaction set.
        read: bool,
    },
}

/// Runs the envelope pass over a whole file.
pub fn parse(bytes: &[u8]) -> Document<'_> {
    walker::run(bytes)
}

/// [`parse`], and whether the file needs unwrapping as `probe` answers it in the pieces
/// the envelope pass of a file of 512 KB or more reads anyway (`None`: the file is too
/// small to be read in pieces, or holds no interchange it could read them with, and the
/// probe is left to its own pass).
pub(crate) fn parse_probing<'a>(
    bytes: &'a [u8],
    probe: &crate::x12::unwrap::Probe,
) -> (Document<'a>, Option<bool>) {
    walker::run_probing(bytes, Some(probe))
}

/// [`parse`], with the segments between envelope segments counted beforehand in pieces
/// of about `piece` bytes, as [`parse`] does for a large file, whatever the file's size.
#[cfg(test)]
pub(crate) fn parse_in_pieces(bytes: &[u8], piece: usize) -> Document<'_> {
    walker::run_with(bytes, Some(piece), None).0
}
