//! Byte-level helpers of the envelope pass: finding ISAs, counting runs of content
//! segments, and telling files that are not X12 text apart.

use super::SyntaxProblem;
use crate::source::Span;
use crate::x12::delimiters::{Delimiters, IsaHeader};

pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether ISA12 (right after ISA11) is `00501`.
pub(super) fn isa12_is_5010(isa: &[u8], header: &IsaHeader) -> bool {
    let at = header.isa11_offset + 2;
    isa.get(at..at + 5) == Some(&b"00501"[..])
}

pub(super) fn leading_whitespace(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len())
}

pub(super) fn trim_end(bytes: &[u8], span: Span) -> Span {
    let mut end = span.end;
    while end > span.start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(span.start, end)
}

/// A run of segments inside a transaction set, counted without being looked at one by one.
pub(super) struct Skimmed {
    pub count: usize,
    /// Offset just past the last one (before its terminator).
    pub end: usize,
    /// Where the next segment starts (after the last terminator).
    pub next: usize,
}

/// Counts the segments from `pos` on that cannot be envelope segments: those whose first
/// byte is none of `I`, `G`, `S`, `T` (ISA, IEA, GS, GE, ST, SE, TA1). Most of a
/// transaction set is such segments, and all the envelope pass needs of them is their
/// number and where the last ends; the first segment that might matter, and a last one
/// with no terminator, are left to [`next_segment`].
pub(super) fn skim(bytes: &[u8], pos: usize, d: Delimiters) -> Skimmed {
    let mut body = Skimmed {
        count: 0,
        end: pos,
        next: pos,
    };
    let skip_newlines = |mut at: usize| {
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        at
    };
    let skimmable = |at: usize| at < bytes.len() && !matches!(bytes[at], b'I' | b'G' | b'S' | b'T');
    if matches!(d.segment, b'\r' | b'\n') {
        // Line breaks are terminators here; such files are rare, so read them one by one.
        return body;
    }
    let base = skip_newlines(pos);
    if !skimmable(base) {
        return body;
    }
    // One vectorised search for the terminators of the whole run, not one per segment;
    // newlines between segments are never terminators here, so it never restarts.
    for offset in memchr::memchr_iter(d.segment, &bytes[base..]) {
        let terminator = base + offset;
        body.count += 1;
        body.end = terminator;
        body.next = terminator + 1;
        if !skimmable(skip_newlines(body.next)) {
            return body;
        }
    }
    body
}

/// `ISA` followed by a character that can be an element separator.
pub(super) fn is_isa_at(bytes: &[u8], pos: usize) -> bool {
    bytes.len() > pos + 3
        && &bytes[pos..pos + 3] == b"ISA"
        && !bytes[pos + 3].is_ascii_alphanumeric()
        && !bytes[pos + 3].is_ascii_whitespace()
}

/// The first ISA header at or after `from`.
pub(super) fn find_isa(bytes: &[u8], from: usize) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    memchr::memmem::find_iter(&bytes[from..], b"ISA")
        .map(|p| p + from)
        .find(|&p| is_isa_at(bytes, p))
}

/// UTF-16 is recognised by its byte-order mark or by NUL bytes in every other position.
pub(super) fn sniff_encoding(bytes: &[u8]) -> Option<SyntaxProblem> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some(SyntaxProblem::Utf16 { bom: true });
    }
    if bytes.len() >= 6 {
        let le = bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0;
        let be = bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0;
        if le || be {
            return Some(SyntaxProblem::Utf16 { bom: false });
        }
    }
    None
}

/// Why a file without any ISA is not X12: empty, binary or just other text.
pub(super) fn classify_non_x12(rest: &[u8], base: usize) -> SyntaxProblem {
    if rest.iter().all(u8::is_ascii_whitespace) {
        return SyntaxProblem::Empty;
    }
    let binary = rest
        .iter()
        .position(|&b| b == 0 || (b.is_ascii_control() && !b.is_ascii_whitespace()));
    match binary {
        Some(offset) => SyntaxProblem::Binary {
            offset: base + offset,
        },
        None => SyntaxProblem::NoInterchange,
    }
}
