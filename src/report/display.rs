//! The display view: one segment per line, whatever the file's own line breaks.
//!
//! Many X12 files are a single physical line. For people, each segment gets its own line,
//! so a frame's line number is the segment ordinal that X12 people already use. Text
//! outside any interchange (before the ISA, after the IEA) is split at its own newlines.
//! Byte offsets stay those of the original file; only the rendering maps them.

use crate::source::Span;
use crate::x12;

/// Display lines of a file: each is a byte range of the original, plus whether a segment
/// terminator follows it (shown at the end of the line).
#[derive(Debug, Clone)]
pub struct DisplayIndex {
    /// (start, end, terminator) in original offsets; sorted and non-overlapping.
    lines: Vec<(usize, usize, Option<u8>)>,
}

impl DisplayIndex {
    pub fn new(bytes: &[u8]) -> Self {
        let doc = x12::parse(bytes);
        let mut lines = Vec::new();
        let mut covered = 0;
        for ic in &doc.interchanges {
            let start = ic.isa.start;
            if start > covered {
                push_text_lines(&mut lines, bytes, covered, start);
            }
            let end = ic.iea.map_or_else(
                || interchange_end(&doc, ic),
                |iea| iea.start + iea.raw.len(),
            );
            let d = ic.isa.delimiters;
            for segment in x12::Segments::new(bytes, start, end, 1, d) {
                let raw_end = segment.start + segment.raw.len();
                let term = bytes
                    .get(raw_end)
                    .copied()
                    .filter(|&b| b == d.segment && b != b'\n');
                lines.push((segment.start, raw_end, term));
            }
            covered = (end + 1).min(bytes.len());
            while covered < bytes.len() && matches!(bytes[covered], b'\r' | b'\n') {
                covered += 1;
            }
        }
        if covered < bytes.len() {
            push_text_lines(&mut lines, bytes, covered, bytes.len());
        }
        if lines.is_empty() {
            lines.push((0, 0, None));
        }
        DisplayIndex { lines }
    }

    /// 0-based display line holding `offset` (the nearest one before it when the offset
    /// falls between lines).
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|&(start, _, _)| start <= offset)
            .saturating_sub(1)
    }

    /// 1-based (line, column) of `offset` in the display view.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let i = self.line_of(offset);
        let (start, _, _) = self.lines[i];
        (i + 1, offset.saturating_sub(start) + 1)
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Renders display lines `first..=last` as text with `\n` between them, and a function
    /// that maps original spans into that text.
    pub fn window(&self, bytes: &[u8], first: usize, last: usize) -> Window {
        let last = last.min(self.lines.len() - 1);
        let mut text = String::new();
        let mut starts = Vec::new();
        for &(start, end, term) in &self.lines[first..=last] {
            starts.push((start, end, text.len()));
            text.extend(bytes[start..end].iter().map(|&b| printable(b)));
            if let Some(t) = term {
                text.push(printable(t));
            }
            text.push('\n');
        }
        Window {
            text,
            first_line: first,
            starts,
        }
    }
}

/// Text of a few display lines, with a map from original offsets into it.
#[derive(Debug, Clone)]
pub struct Window {
    pub text: String,
    /// 0-based display line of the first line of `text`.
    pub first_line: usize,
    /// (original start, original end, offset in `text`) per line.
    starts: Vec<(usize, usize, usize)>,
}

impl Window {
    /// Maps an original span into the window text; spans that run past their line are
    /// clipped to it (the terminator included).
    pub fn map(&self, span: Span) -> Option<(usize, usize)> {
        let i = self
            .starts
            .partition_point(|&(start, _, _)| start <= span.start)
            .checked_sub(1)?;
        let (start, end, at) = self.starts[i];
        let offset = at + span.start.min(end + 1) - start;
        let line_end = at + (end - start) + 1;
        let len = span.len().min(line_end.saturating_sub(offset));
        Some((offset, len))
    }
}

fn interchange_end(doc: &x12::Document<'_>, ic: &x12::Interchange<'_>) -> usize {
    // Without an IEA the interchange runs to the next ISA or to the end of the file.
    doc.interchanges
        .iter()
        .map(|other| other.isa.start)
        .find(|&s| s > ic.isa.start)
        .unwrap_or(doc.bytes.len())
}

/// Binary or UTF-16 data outside interchanges has no useful line breaks: such lines are
/// shown in pieces of this many bytes.
const MAX_BINARY_LINE: usize = 80;

fn push_text_lines(
    lines: &mut Vec<(usize, usize, Option<u8>)>,
    bytes: &[u8],
    from: usize,
    to: usize,
) {
    let mut push = |start: usize, end: usize| {
        let mut s = start;
        let binary = bytes[start..end]
            .iter()
            .any(|&b| b.is_ascii_control() && b != b'\t');
        while binary && end - s > MAX_BINARY_LINE {
            lines.push((s, s + MAX_BINARY_LINE, None));
            s += MAX_BINARY_LINE;
        }
        lines.push((s, end, None));
    };
    let mut start = from;
    for nl in memchr::memchr_iter(b'\n', &bytes[from..to]) {
        let end = from + nl;
        let trimmed = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        push(start, trimmed);
        start = end + 1;
    }
    if start < to {
        push(start, to);
    }
}

/// Keeps one display character per byte so offsets map 1:1.
fn printable(b: u8) -> char {
    if b.is_ascii_graphic() || b == b' ' {
        b as char
    } else {
        '.'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~";

    #[test]
    fn one_line_files_get_a_line_per_segment() {
        let text = format!("{ISA}GS*HC~ST*837*0001~SE*2*0001~GE*1*1~IEA*1*000000001~");
        let index = DisplayIndex::new(text.as_bytes());
        assert_eq!(index.line_count(), 6);
        let se = text.find("SE*").unwrap();
        assert_eq!(index.position(se + 3), (4, 4));
        let w = index.window(text.as_bytes(), 2, 4);
        assert_eq!(w.text, "ST*837*0001~\nSE*2*0001~\nGE*1*1~\n");
        assert_eq!(w.map(Span::at(se + 3, 1)), Some((16, 1)));
    }

    #[test]
    fn text_around_interchanges_keeps_its_lines() {
        let text = format!("hello\r\nworld\n{ISA}IEA*1*000000001~\ntrailing junk");
        let index = DisplayIndex::new(text.as_bytes());
        assert_eq!(index.line_count(), 5);
        assert_eq!(index.position(text.len() - 1).0, 5);
        assert_eq!(index.window(text.as_bytes(), 0, 0).text, "hello\n");
    }
}
