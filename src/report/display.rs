//! The display view: one segment per line, whatever the file's own line breaks.
//!
//! Many X12 files are a single physical line. For people, each segment gets its own line,
//! so a frame's line number is the segment ordinal that X12 people already use. Text
//! outside any interchange (before the ISA, after the IEA) is split at its own newlines.
//! Byte offsets stay those of the original file; only the rendering maps them.

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::x12;

/// A display line: its number, start, end and terminator.
type Line = (usize, usize, usize, Option<u8>);

/// Display lines of a file: each is a byte range of the original, plus whether a segment
/// terminator follows it (shown at the end of the line).
///
/// [`DisplayIndex::new`] keeps every line; [`DisplayIndex::around`] only the lines a report
/// shows, so the human report of a 5 GB file costs memory for its findings, not for its
/// segments.
#[derive(Debug, Clone)]
pub struct DisplayIndex {
    /// (line number, start, end, terminator) in original offsets; sorted and
    /// non-overlapping. Line numbers are 0-based and may skip lines not kept.
    lines: Vec<Line>,
    /// How many display lines the index reaches: all of the file's for
    /// [`DisplayIndex::new`]; for [`DisplayIndex::around`], the file's up to [`NEAR`] lines
    /// past the last offset it was given (all of them when that is near the end).
    count: usize,
}

/// Where a file's interchanges are, as the display view cuts them into lines: each one's
/// start (its ISA), end and delimiters, in file order. The check reads them as it reads
/// the envelope ([`crate::Report::interchanges`]): the report of the same bytes takes them
/// from there instead of reading the file's envelope a second time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interchanges(Vec<(usize, usize, x12::Delimiters)>);

impl Interchanges {
    /// The interchanges of a file whose envelope is `doc`.
    pub fn of(doc: &x12::Document<'_>) -> Self {
        let all = &doc.interchanges;
        Interchanges(
            all.iter()
                .enumerate()
                .map(|(i, ic)| {
                    // Without an IEA the interchange runs to the next one (interchanges
                    // come in file order) or to the end of the file.
                    let end = ic.iea.map_or_else(
                        || {
                            all.get(i + 1)
                                .map_or(doc.bytes.len(), |next| next.isa.start)
                        },
                        |iea| iea.start + iea.raw.len(),
                    );
                    (ic.isa.start, end, ic.isa.delimiters)
                })
                .collect(),
        )
    }

    /// The interchanges of `bytes`, read from its envelope.
    pub fn read(bytes: &[u8]) -> Self {
        Self::of(&x12::parse(bytes))
    }
}

/// Labels at most this many display lines from their diagnostic's primary span share its
/// frame (see the human report); the lines between must be in the index.
pub(crate) const NEAR: usize = 8;

/// The display lines [`DisplayIndex::around`] holds back until no later offset can want
/// them.
const RING: usize = NEAR + 1;

impl DisplayIndex {
    /// Every display line of the file.
    pub fn new(bytes: &[u8]) -> Self {
        let mut lines = Vec::new();
        let count = for_each_line(bytes, &Interchanges::read(bytes), |n, start, end, term| {
            lines.push((n, start, end, term));
        });
        DisplayIndex::from_lines(lines, count)
    }

    /// The display lines the reports of `diagnostics` need: each one holding a primary
    /// span or a label, and the [`NEAR`] lines on either side of a primary span. Positions
    /// of other offsets are not exact. The file is read no further than those lines: the
    /// report of a large file whose findings are near its start does not count the lines
    /// after them.
    pub fn around(bytes: &[u8], diagnostics: &[Diagnostic]) -> Self {
        Self::around_in(bytes, diagnostics, &Interchanges::read(bytes))
    }

    /// [`DisplayIndex::around`] in a file whose interchanges are known: `interchanges`
    /// must be those of `bytes` ([`crate::Report::interchanges`] of its check).
    pub fn around_in(
        bytes: &[u8],
        diagnostics: &[Diagnostic],
        interchanges: &Interchanges,
    ) -> Self {
        let mut offsets: Vec<(usize, bool)> = Vec::new();
        for d in diagnostics {
            offsets.push((d.span.start, true));
            offsets.extend(d.secondary.iter().map(|l| (l.span.start, false)));
        }
        offsets.sort_unstable();
        // One pass over the file: an offset belongs to the last line starting at or before
        // it, so a line's offsets are known when the next line starts. The last lines read
        // wait in a ring until no offset further on can want them.
        let mut ring: [(Line, bool); RING] = [((0, 0, 0, None), false); RING];
        // Lines before this one are wanted by a finding on a line before them.
        let mut wanted_until = 0;
        let mut next = 0;
        // Marks the lines the offsets before `until` want, those offsets being on line
        // `n - 1` (the ring holds lines `n - RING..n`); returns where the lines wanted
        // so far end.
        let mut mark = |n: usize, until: Option<usize>, ring: &mut [(Line, bool); RING]| {
            while n > 0 && next < offsets.len() && until.is_none_or(|u| offsets[next].0 < u) {
                let line = n - 1;
                let around = if offsets[next].1 { NEAR } else { 0 };
                for l in line.saturating_sub(around)..=line {
                    ring[l % RING].1 = true;
                }
                wanted_until = wanted_until.max(line + around + 1);
                next += 1;
            }
            wanted_until
        };
        let mut lines = Vec::new();
        let near: Vec<usize> = offsets.iter().map(|&(offset, _)| offset).collect();
        // The next line number expected: lines counted, not read, make it jump.
        let mut expected = 0;
        let count = lines_near(bytes, interchanges, Some(&near), |n, start, end, term| {
            if n != expected {
                // No offset wants the lines held back any more (the lines counted are
                // more than a ring's length from every offset): they leave the ring now.
                for l in expected.saturating_sub(RING)..expected {
                    if ring[l % RING].1 {
                        lines.push(ring[l % RING].0);
                    }
                }
                ring = [((0, 0, 0, None), false); RING];
            }
            expected = n + 1;
            let wanted = mark(n, Some(start), &mut ring);
            // Line `n - RING` leaves the ring: no offset on line `n - 1` or later wants it.
            let slot = &mut ring[n % RING];
            if n >= RING && slot.1 {
                lines.push(slot.0);
            }
            *slot = ((n, start, end, term), n < wanted);
        });
        mark(count, None, &mut ring);
        for l in count.saturating_sub(RING)..count {
            if ring[l % RING].1 {
                lines.push(ring[l % RING].0);
            }
        }
        DisplayIndex::from_lines(lines, count)
    }

    fn from_lines(mut lines: Vec<Line>, count: usize) -> Self {
        if lines.is_empty() {
            lines.push((0, 0, 0, None));
        }
        DisplayIndex {
            lines,
            count: count.max(1),
        }
    }

    /// Index in `lines` of the kept line holding `offset` (the nearest one before it).
    fn kept_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|&(_, start, _, _)| start <= offset)
            .saturating_sub(1)
    }

    /// 0-based display line holding `offset` (the nearest one before it when the offset
    /// falls between lines).
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines[self.kept_of(offset)].0
    }

    /// 1-based (line, column) of `offset` in the display view.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let (n, start, _, _) = self.lines[self.kept_of(offset)];
        (n + 1, offset.saturating_sub(start) + 1)
    }

    /// How many display lines the index reaches (see [`DisplayIndex::around`]): a line
    /// number past it is past what a report of its findings can show.
    pub fn line_count(&self) -> usize {
        self.count
    }

    /// Renders display lines `first..=last` as text with `\n` between them, and a function
    /// that maps original spans into that text.
    ///
    /// A line longer than [`MAX_SHOWN`] bytes (a segment that never ends, a file that is
    /// one long line of text) is shown in part: [`MAX_SHOWN`] bytes from a little before
    /// the first `focus` offset in it, with `…` where bytes are left out.
    pub fn window(&self, bytes: &[u8], first: usize, last: usize, focus: &[usize]) -> Window {
        let last = last.min(self.count - 1);
        let first = first.min(last);
        let from = self.lines.partition_point(|l| l.0 < first);
        let to = self.lines.partition_point(|l| l.0 <= last).max(from + 1);
        let from = from.min(self.lines.len() - 1);
        let to = to.min(self.lines.len());
        let first = self.lines[from].0;
        let mut text = String::new();
        let mut lines = Vec::new();
        for &(_, start, end, term) in &self.lines[from..to] {
            let (shown_start, shown_end) = if end - start > MAX_SHOWN {
                let at = focus
                    .iter()
                    .copied()
                    .filter(|&f| (start..=end + 1).contains(&f))
                    .min()
                    .unwrap_or(start);
                let from = at.saturating_sub(SHOWN_BEFORE).max(start);
                let from = from.min(end - MAX_SHOWN);
                (from, from + MAX_SHOWN)
            } else {
                (start, end)
            };
            let at = text.len();
            if shown_start > start {
                text.push_str(ELLIPSIS);
            }
            let shown_at = text.len();
            text.extend(bytes[shown_start..shown_end].iter().map(|&b| printable(b)));
            if shown_end < end {
                text.push_str(ELLIPSIS);
            }
            // Spans may cover the terminator, or the line break when there is none.
            let line_end = text.len() + 1;
            if let Some(t) = term {
                text.push(printable(t));
            }
            text.push('\n');
            lines.push(WindowLine {
                start,
                end,
                at,
                shown: (shown_start, shown_end),
                shown_at,
                cut_end: shown_end < end,
                line_end,
            });
        }
        Window {
            text,
            first_line: first,
            lines,
        }
    }
}

/// Lines longer than this many bytes are shown in part; miette cannot draw a label
/// beyond column 65,535, and nobody reads a megabyte-long line.
pub const MAX_SHOWN: usize = 400;

/// Bytes shown before the first span of interest in a line shown in part.
const SHOWN_BEFORE: usize = 80;

const ELLIPSIS: &str = "…";

/// Where one display line sits in a [`Window`].
#[derive(Debug, Clone)]
struct WindowLine {
    /// Original range of the line, terminator excluded.
    start: usize,
    end: usize,
    /// Offset of the line in the window text.
    at: usize,
    /// Original range shown, and where it starts in the text.
    shown: (usize, usize),
    shown_at: usize,
    /// Whether bytes after `shown.1` are left out.
    cut_end: bool,
    /// Offset in the text where spans of this line must end: past the terminator, or
    /// past the line break when there is no terminator.
    line_end: usize,
}

/// Text of a few display lines, with a map from original offsets into it.
#[derive(Debug, Clone)]
pub struct Window {
    pub text: String,
    /// 0-based display line of the first line of `text`.
    pub first_line: usize,
    lines: Vec<WindowLine>,
}

impl Window {
    /// Maps an original span into the window text; spans that run past their line are
    /// clipped to it (the terminator included). Bytes left out of a long line map to the
    /// `…` that stands for them.
    pub fn map(&self, span: Span) -> Option<(usize, usize)> {
        let i = self
            .lines
            .partition_point(|l| l.start <= span.start)
            .checked_sub(1)?;
        let l = &self.lines[i];
        let offset = l.text_start(span.start);
        if span.is_empty() {
            return Some((offset, 0));
        }
        let end = l.text_end(span.end).max(offset);
        Some((offset, end - offset))
    }
}

impl WindowLine {
    /// Where a span starting at original offset `p` starts in the text.
    fn text_start(&self, p: usize) -> usize {
        let (from, to) = self.shown;
        if p < from {
            self.at
        } else if p > to && self.cut_end {
            self.shown_at + (to - from)
        } else {
            (self.shown_at + (p - from)).min(self.line_end)
        }
    }

    /// Where a span ending at original offset `p` ends in the text.
    fn text_end(&self, p: usize) -> usize {
        let (from, to) = self.shown;
        if p <= from {
            self.shown_at
        } else if p > to && self.cut_end {
            // The `…`, and the terminator when the span covers it.
            (self.line_end - 1 + p.saturating_sub(self.end)).min(self.line_end)
        } else {
            (self.shown_at + (p - from)).min(self.line_end)
        }
    }
}

/// Calls `line(n, start, end, terminator)` for every display line of the file in order;
/// returns how many there are.
fn for_each_line(
    bytes: &[u8],
    interchanges: &Interchanges,
    line: impl FnMut(usize, usize, usize, Option<u8>),
) -> usize {
    lines_near(bytes, interchanges, None, line)
}

/// [`for_each_line`], or with `near` (offsets in ascending order) only for the display
/// lines near them: the one holding each offset, at least [`NEAR`] + 1 lines before it
/// and [`NEAR`] after. The segments of an interchange between those are counted by their
/// terminators, not read one by one, so the human report of a large file with a few
/// findings does not read each of its segments again, and none after the last line
/// wanted: the count returned is then of the lines up to there. Line numbers stay exact;
/// an interchange whose terminator is a line break is read whole.
fn lines_near(
    bytes: &[u8],
    interchanges: &Interchanges,
    near: Option<&[usize]>,
    mut line: impl FnMut(usize, usize, usize, Option<u8>),
) -> usize {
    let mut n = 0;
    let mut emit = |n: &mut usize, start: usize, end: usize, term: Option<u8>| {
        line(*n, start, end, term);
        *n += 1;
    };
    // The next offset of `near` not yet passed, and the line up to which lines are read
    // for the offsets passed.
    let mut next = 0;
    let mut read_until = 0;
    let mut covered = 0;
    for &(start, end, d) in &interchanges.0 {
        if start > covered {
            push_text_lines(&mut |s, e, t| emit(&mut n, s, e, t), bytes, covered, start);
        }
        // Each terminator ends exactly one segment (line breaks before a segment are
        // skipped, and are not the terminator here).
        let counted = near.filter(|_| !matches!(d.segment, b'\r' | b'\n'));
        let mut segments = x12::Segments::new(bytes, start, end, 1, d);
        loop {
            if let Some(offsets) = counted {
                let pos = segments.position();
                // An offset before `pos` is on a line before line `n`: it wants lines up
                // to `NEAR` after that one.
                while next < offsets.len() && offsets[next] < pos {
                    next += 1;
                    read_until = n + NEAR;
                }
                if next == offsets.len() && n >= read_until {
                    return n;
                }
                let target = offsets.get(next).map_or(end, |&o| o.min(end));
                if n >= read_until
                    && let Some(to) = counted_until(bytes, pos, target, d.segment)
                {
                    n += x12::words::count(&bytes[pos..to], d.segment);
                    segments = x12::Segments::new(bytes, to, end, 1, d);
                }
            }
            let Some(segment) = segments.next() else {
                break;
            };
            let raw_end = segment.start + segment.raw.len();
            let term = bytes
                .get(raw_end)
                .copied()
                .filter(|&b| b == d.segment && b != b'\n');
            emit(&mut n, segment.start, raw_end, term);
        }
        covered = (end + 1).min(bytes.len());
        while covered < bytes.len() && matches!(bytes[covered], b'\r' | b'\n') {
            covered += 1;
        }
    }
    if covered < bytes.len() {
        push_text_lines(
            &mut |s, e, t| emit(&mut n, s, e, t),
            bytes,
            covered,
            bytes.len(),
        );
    }
    n
}

/// How far from `pos`, a segment's start, the segments may be counted instead of read
/// when the next line wanted holds `target`: to just after the terminator that leaves
/// [`RING`] + 1 segments before `target` to read. `None` when there are not that many.
fn counted_until(bytes: &[u8], pos: usize, target: usize, terminator: u8) -> Option<usize> {
    let mut to = target;
    for _ in 0..RING + 2 {
        to = pos + memchr::memrchr(terminator, &bytes[pos..to])?;
    }
    Some(to + 1)
}

/// Binary or UTF-16 data outside interchanges has no useful line breaks: such lines are
/// shown in pieces of this many bytes.
const MAX_BINARY_LINE: usize = 80;

fn push_text_lines(
    line: &mut impl FnMut(usize, usize, Option<u8>),
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
            line(s, s + MAX_BINARY_LINE, None);
            s += MAX_BINARY_LINE;
        }
        line(s, end, None);
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
        let w = index.window(text.as_bytes(), 2, 4, &[]);
        assert_eq!(w.text, "ST*837*0001~\nSE*2*0001~\nGE*1*1~\n");
        assert_eq!(w.map(Span::at(se + 3, 1)), Some((16, 1)));
    }

    #[test]
    fn the_index_around_findings_keeps_only_their_lines_with_the_same_numbers() {
        use crate::rules::Rule;
        let mut text = format!("{ISA}GS*HC~ST*837*0001~");
        for i in 0..200 {
            text.push_str(&format!("REF*EA*{i}~"));
        }
        text.push_str("SE*203*0001~GE*1*1~IEA*1*000000001~");
        let bytes = text.as_bytes();
        let at = text.find("REF*EA*150~").unwrap();
        let label = text.find("REF*EA*3~").unwrap();
        let mut d = Diagnostic::new(Rule::SegmentCountMismatch, Span::at(at + 7, 3), "x");
        d.secondary(Span::at(label, 3), "far away");
        let full = DisplayIndex::new(bytes);
        let around = DisplayIndex::around(bytes, std::slice::from_ref(&d));
        // Read up to NEAR lines past the finding, not to the end of the file.
        let line = full.line_of(at);
        assert_eq!(around.line_count(), line + NEAR + 1);
        assert!(around.line_count() < full.line_count());
        assert!(around.lines.len() <= 2 * NEAR + 2, "{}", around.lines.len());
        for offset in [at + 7, label] {
            assert_eq!(around.position(offset), full.position(offset));
        }
        let line = full.line_of(at);
        assert_eq!(
            around.window(bytes, line - 2, line + 2, &[]).text,
            full.window(bytes, line - 2, line + 2, &[]).text
        );
    }

    /// The lines [`DisplayIndex::around`] keeps are those of the full index within
    /// [`NEAR`] lines of a finding, and the line of each label, on the samples with
    /// their own findings and with offsets everywhere.
    #[test]
    fn the_index_around_findings_keeps_the_lines_near_them() {
        use crate::rules::Rule;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "samples/valid",
            "samples/legitimate",
            "samples/rules/X031",
            "samples/rules/H001",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                files.push(std::fs::read(entry.unwrap().path()).unwrap());
            }
        }
        files.push(format!("junk\n\n{ISA}GS*HC~\r\nST*837*1~SE*2*1~\n\nmore junk\n").into_bytes());
        files.push(Vec::new());
        // Long interchanges, where the lines between findings are counted, not read: line
        // breaks and empty segments between segments, a second interchange, one whose
        // terminator is a line break, text between them.
        let mut long = format!("{ISA}GS*HC~ST*837*1~");
        for n in 0..3000 {
            long.push_str(match n % 7 {
                0 => "REF*EA*1~\r\n",
                3 => "DTP*472*D8*20240101~~",
                _ => "NM1*QC*1*DOE*JANE~",
            });
        }
        long.push_str("SE*3002*1~GE*1*1~IEA*1*000000001~\nbetween\n");
        long.push_str(&long.clone());
        let isa_lf = ISA.replace('~', "\n");
        long.push_str(&format!("{isa_lf}GS*HC\nST*837*1\n"));
        for _ in 0..500 {
            long.push_str("NM1*QC*1*DOE\r\n");
        }
        long.push_str("SE*502*1\nGE*1*1\nIEA*1*000000001");
        files.push(long.into_bytes());
        let settings = crate::Settings::default();
        let mut kept = 0;
        for bytes in &files {
            let full = DisplayIndex::new(bytes);
            let found = crate::check(&crate::SourceFile::new("f", bytes.clone()), &settings);
            // Offsets every 37 bytes, primary and label in turn, past the end too.
            let mut made = Vec::new();
            for (i, at) in (0..bytes.len() + 3).step_by(37).enumerate() {
                let mut d = Diagnostic::new(Rule::SegmentCountMismatch, Span::at(at, 1), "x");
                if i % 2 == 1 {
                    d.secondary(Span::at(at / 2, 1), "label");
                }
                made.push(d);
            }
            // And a few far apart: at the start, here and there, at the end.
            let sparse: Vec<Diagnostic> = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]
                .iter()
                .map(|k| bytes.len() * k / 89)
                .map(|at| {
                    let mut d = Diagnostic::new(Rule::SegmentCountMismatch, Span::at(at, 1), "x");
                    d.secondary(Span::at(at * 3 / 4, 1), "label");
                    d
                })
                .collect();
            let last = sparse.last().into_iter().cloned().collect::<Vec<_>>();
            // The check's interchanges are those the envelope gives, unless the file was
            // read from a copy.
            if let Some(interchanges) = &found.interchanges {
                assert_eq!(interchanges, &Interchanges::read(bytes));
            }
            for diagnostics in [
                &found.diagnostics[..],
                &made[..],
                &made[..1],
                &sparse[..],
                &last[..],
                &[],
            ] {
                let around = DisplayIndex::around(bytes, diagnostics);
                let mut wanted = std::collections::BTreeSet::new();
                for d in diagnostics {
                    let line = full.line_of(d.span.start);
                    wanted.extend(line.saturating_sub(NEAR)..=line + NEAR);
                    wanted.extend(d.secondary.iter().map(|l| full.line_of(l.span.start)));
                }
                let expected: Vec<Line> = full
                    .lines
                    .iter()
                    .filter(|l| wanted.contains(&l.0))
                    .copied()
                    .collect();
                if expected.is_empty() {
                    assert_eq!(around.lines, [(0, 0, 0, None)]);
                } else {
                    assert_eq!(around.lines, expected);
                }
                // The index reaches past every line a frame can show, and its windows
                // are the full index's.
                let reach = wanted.last().map_or(0, |&l| l + 1).min(full.line_count());
                assert!(
                    around.line_count() >= reach,
                    "{} < {reach}",
                    around.line_count()
                );
                assert!(around.line_count() <= full.line_count());
                for d in diagnostics {
                    let line = full.line_of(d.span.start);
                    let (first, last) = (line.saturating_sub(NEAR), line + NEAR);
                    assert_eq!(
                        around.window(bytes, first, last, &[d.span.start]).text,
                        full.window(bytes, first, last, &[d.span.start]).text
                    );
                }
                kept += around.lines.len();
            }
        }
        assert!(kept > 1000, "{kept}");
    }

    /// The offsets of a copy are not the file's: its check gives no interchanges for the
    /// report to cut the file with, and the report reads them from the file.
    #[test]
    fn a_file_read_from_a_copy_gives_no_interchanges() {
        use crate::rules::Rule;
        let text = format!(
            "{ISA}GS*HC~ST*837*0001~BHT*0019*00*1*2024\r\n0101*1030*CH~SE*3*0001~GE*1*1~IEA*1*000000001~"
        );
        let source = crate::SourceFile::new("f", text.clone().into_bytes());
        let found = crate::check(&source, &crate::Settings::default());
        assert!(
            found
                .diagnostics
                .iter()
                .any(|d| d.rule == Rule::LineBreakInsideSegment)
        );
        assert_eq!(found.interchanges, None);
        let plain = text.replace("\r\n", "");
        let found = crate::check(
            &crate::SourceFile::new("f", plain.clone().into_bytes()),
            &crate::Settings::default(),
        );
        assert_eq!(
            found.interchanges,
            Some(Interchanges::read(plain.as_bytes()))
        );
    }

    #[test]
    fn text_around_interchanges_keeps_its_lines() {
        let text = format!("hello\r\nworld\n{ISA}IEA*1*000000001~\ntrailing junk");
        let index = DisplayIndex::new(text.as_bytes());
        assert_eq!(index.line_count(), 5);
        assert_eq!(index.position(text.len() - 1).0, 5);
        assert_eq!(index.window(text.as_bytes(), 0, 0, &[]).text, "hello\n");
    }

    #[test]
    fn long_lines_are_shown_around_the_focus() {
        let mut text = format!("{ISA}GS*HC~ST*837*0001~NM1*");
        let nm1 = text.len() - 4;
        text.push_str(&"A".repeat(100_000));
        text.push_str("*B~SE*3*0001~");
        let bytes = text.as_bytes();
        let index = DisplayIndex::new(bytes);
        let b = text.find("*B~").unwrap() + 1;
        let w = index.window(bytes, 3, 3, &[b]);
        assert_eq!(w.text.len(), 3 + MAX_SHOWN + 2);
        assert!(w.text.starts_with("…AAA") && w.text.ends_with("*B~\n"));
        let (offset, len) = w.map(Span::at(b, 1)).unwrap();
        assert_eq!(&w.text[offset..offset + len], "B");
        // The segment ID was left out: it maps to the leading `…`.
        let (offset, len) = w.map(Span::at(nm1, 3)).unwrap();
        assert_eq!(&w.text[offset..offset + len], "…");
        // Without a focus the line is shown from its start.
        let w = index.window(bytes, 3, 3, &[]);
        assert!(w.text.starts_with("NM1*AAA") && w.text.ends_with("A…~\n"));
        let (offset, len) = w.map(Span::at(b, 0)).unwrap();
        assert_eq!((&w.text[offset..], len), ("…~\n", 0));
        let (offset, len) = w.map(Span::new(nm1, b + 2)).unwrap();
        assert_eq!(&w.text[offset..offset + len], &w.text[..w.text.len() - 1]);
    }
}
