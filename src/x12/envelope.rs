//! The interchange envelope: ISA/IEA, GS/GE and ST/SE, found in one pass over the file.
//!
//! This pass looks only at segment IDs. It records where each transaction set starts and
//! ends, counts its segments (for SE01) and keeps the envelope segments themselves; the
//! content of a transaction set is tokenized again later, one transaction set at a time,
//! so memory stays bounded by the largest transaction set and sets can be checked in
//! parallel. Everything that is wrong with the file as a whole (no ISA, bad delimiters,
//! missing trailers, stray data) is recorded as a [`SyntaxProblem`]; rules turn those into
//! diagnostics.

use super::delimiters::{self, DelimiterProblem, IsaError, IsaHeader};
use super::segment::{Segment, Segments, next_segment};
use crate::source::Span;

/// Everything the envelope pass found in one file.
#[derive(Debug, Default)]
pub struct Document<'a> {
    pub bytes: &'a [u8],
    pub interchanges: Vec<Interchange<'a>>,
    pub problems: Vec<SyntaxProblem>,
    /// Segments seen in the whole file (for statistics).
    pub segment_count: usize,
}

#[derive(Debug)]
pub struct Interchange<'a> {
    pub header: IsaHeader,
    pub isa: Segment<'a>,
    pub iea: Option<Segment<'a>>,
    pub groups: Vec<Group<'a>>,
    /// Groups whose GS was lost (a GE after an ST outside any group).
    pub unopened_groups: usize,
}

#[derive(Debug)]
pub struct Group<'a> {
    pub gs: Segment<'a>,
    pub ge: Option<Segment<'a>>,
    pub transactions: Vec<TransactionSet<'a>>,
    /// Transaction sets whose ST was lost (stray segments ending in an SE).
    pub unopened_transactions: usize,
}

#[derive(Debug)]
pub struct TransactionSet<'a> {
    pub st: Segment<'a>,
    pub se: Option<Segment<'a>>,
    /// Segments from ST to SE inclusive (to the last segment seen when SE is missing).
    pub segment_count: usize,
    /// Offset just past the last segment of the set.
    pub end: usize,
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
    /// The file ends inside the 106-byte ISA.
    TruncatedIsa { span: Span },
    /// Delimiters that collide, are letters or digits, or are control characters.
    InvalidDelimiters {
        isa: Span,
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
    },
}

/// Runs the envelope pass over a whole file.
pub fn parse(bytes: &[u8]) -> Document<'_> {
    let mut walker = Walker {
        doc: Document {
            bytes,
            ..Document::default()
        },
        outside: None,
        orphan_transaction: false,
        orphan_group: false,
        interchange_closed: true,
    };
    walker.run();
    walker.finish()
}

struct Walker<'a> {
    doc: Document<'a>,
    /// The run of out-of-envelope segments being collected into one problem.
    outside: Option<(Span, String, usize, Level)>,
    /// Inside an ST that has no group: its content is skipped without further reports.
    orphan_transaction: bool,
    /// An ST arrived without a GS; the GE that ends this group is not reported again.
    orphan_group: bool,
    /// The last interchange got its IEA or was closed by force; nothing can join it.
    interchange_closed: bool,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl<'a> Walker<'a> {
    fn run(&mut self) {
        let bytes = self.doc.bytes;
        if let Some(problem) = sniff_encoding(bytes) {
            self.doc.problems.push(problem);
            return;
        }
        let mut pos = if bytes.starts_with(UTF8_BOM) { 3 } else { 0 };
        pos += leading_whitespace(&bytes[pos..]);
        let Some(first) = find_isa(bytes, pos) else {
            self.doc.problems.push(classify_non_x12(&bytes[pos..], pos));
            return;
        };
        if first > pos {
            self.doc
                .problems
                .push(SyntaxProblem::ContentBeforeInterchange {
                    span: trim_end(bytes, Span::new(pos, first)),
                });
        }
        let mut next_isa = Some(first);
        while let Some(isa_start) = next_isa.take() {
            next_isa = self.interchange(isa_start);
        }
        self.flush_outside();
    }

    /// Reads one interchange from `start` (an ISA); returns where the next one starts.
    fn interchange(&mut self, start: usize) -> Option<usize> {
        let bytes = self.doc.bytes;
        if !self.interchange_closed {
            let isa_id = Segment {
                raw: &bytes[start..start + 3],
                start,
                ordinal: self.doc.segment_count + 1,
                delimiters: self
                    .doc
                    .interchanges
                    .last()
                    .map_or_else(Default::default, |ic| ic.isa.delimiters),
            };
            self.flush_outside();
            self.report_missing_trailers(&isa_id, Level::Interchange);
        }
        let header = match delimiters::read_isa(&bytes[start..]) {
            Ok(h) => h,
            Err(IsaError::Truncated { available }) => {
                self.close_all_at_end(start);
                self.doc.problems.push(SyntaxProblem::TruncatedIsa {
                    span: Span::at(start, available),
                });
                return None;
            }
        };
        let mut d = header.delimiters;
        let mut problems = delimiters::check_delimiters(&header);
        // Before 5010, ISA11 was the standards identifier (`U`), not a separator; the
        // version itself is reported by the ISA rules, once.
        if !isa12_is_5010(&bytes[start..], &header) {
            problems.retain(|p| !p.involves(delimiters::DelimiterKind::Repetition));
            d.repetition = None;
        }
        let isa_span = Span::at(start, header.len - 1);
        if !problems.is_empty() {
            let fatal = delimiters::problems_are_fatal(&problems);
            self.doc.problems.push(SyntaxProblem::InvalidDelimiters {
                isa: isa_span,
                header,
                problems,
                fatal,
            });
            if fatal {
                self.close_all_at_end(start);
                return find_isa(bytes, start + 3);
            }
            // Only ISA11 is unusable: read on without a repetition separator.
            d.repetition = None;
        }
        self.doc.segment_count += 1;
        let isa = Segment {
            raw: &bytes[start..start + header.len - 1],
            start,
            ordinal: self.doc.segment_count,
            delimiters: d,
        };
        self.open_interchange(header, isa);

        let mut pos = start + header.len;
        loop {
            if !self.orphan_transaction
                && let Some(t) = self.open_transaction()
            {
                let body = skim(bytes, pos, d);
                if body.count > 0 {
                    t.segment_count += body.count;
                    t.end = body.end;
                    self.doc.segment_count += body.count;
                    pos = body.next;
                }
            }
            let Some((segment, next)) =
                next_segment(bytes, pos, bytes.len(), self.doc.segment_count + 1, d)
            else {
                self.close_all_at_end(bytes.len());
                return None;
            };
            if is_isa_at(bytes, segment.start) {
                return Some(segment.start);
            }
            self.doc.segment_count += 1;
            pos = next;
            if segment.is(b"IEA") {
                self.iea(segment);
                // After the IEA only whitespace or another interchange may follow.
                let after = pos + leading_whitespace(&bytes[pos..]);
                if after >= bytes.len() {
                    return None;
                }
                let next_isa = if is_isa_at(bytes, after) {
                    Some(after)
                } else {
                    find_isa(bytes, after)
                };
                if next_isa != Some(after) {
                    let end = next_isa.unwrap_or(bytes.len());
                    self.flush_outside();
                    self.doc
                        .problems
                        .push(SyntaxProblem::ContentAfterInterchange {
                            span: trim_end(bytes, Span::new(after, end)),
                        });
                }
                return next_isa;
            }
            self.segment(segment);
        }
    }

    fn open_interchange(&mut self, header: IsaHeader, isa: Segment<'a>) {
        self.flush_outside();
        self.orphan_group = false;
        self.report_missing_trailers(&isa, Level::Interchange);
        self.doc.interchanges.push(Interchange {
            header,
            isa,
            iea: None,
            groups: Vec::new(),
            unopened_groups: 0,
        });
        self.interchange_closed = false;
    }

    /// Open levels, innermost first, with their header spans.
    fn open_levels(&self, down_to: Level) -> Vec<(Level, Span)> {
        let mut open = Vec::new();
        if self.interchange_closed {
            return open;
        }
        let Some(ic) = self.doc.interchanges.last() else {
            return open;
        };
        if let Some(g) = ic.groups.last().filter(|g| g.ge.is_none()) {
            if let Some(t) = g.transactions.last().filter(|t| t.se.is_none()) {
                open.push((Level::Transaction, t.st.id_span()));
            }
            if down_to != Level::Transaction {
                open.push((Level::Group, g.gs.id_span()));
            }
        }
        if down_to == Level::Interchange {
            open.push((Level::Interchange, ic.isa.id_span()));
        }
        open
    }

    /// Records one problem for all levels (from the transaction set up to `down_to`) that
    /// `at` closes without their trailers. The caller then opens the next level, which
    /// makes the unclosed ones unreachable.
    fn report_missing_trailers(&mut self, at: &Segment<'a>, down_to: Level) {
        self.orphan_transaction = false;
        let open = self.open_levels(down_to);
        if down_to == Level::Interchange {
            self.interchange_closed = true;
        }
        if !open.is_empty() {
            self.doc.problems.push(SyntaxProblem::MissingTrailers {
                at: at.id_span(),
                at_id: at.id_str(),
                open,
            });
        }
    }

    fn close_all_at_end(&mut self, at: usize) {
        self.flush_outside();
        let open = self.open_levels(Level::Interchange);
        self.interchange_closed = true;
        if !open.is_empty() {
            self.doc
                .problems
                .push(SyntaxProblem::UnexpectedEnd { at, open });
        }
    }

    fn segment(&mut self, segment: Segment<'a>) {
        let id = segment.id();
        match id {
            b"GS" => {
                self.flush_outside();
                if self.transaction_open() || self.group_open() {
                    self.report_missing_trailers(&segment, Level::Group);
                }
                if let Some(ic) = self.doc.interchanges.last_mut() {
                    ic.groups.push(Group {
                        gs: segment,
                        ge: None,
                        transactions: Vec::new(),
                        unopened_transactions: 0,
                    });
                }
            }
            b"ST" => {
                self.flush_outside();
                if self.transaction_open() {
                    self.report_missing_trailers(&segment, Level::Transaction);
                }
                match self.open_group() {
                    Some(g) => g.transactions.push(TransactionSet {
                        st: segment,
                        se: None,
                        segment_count: 1,
                        end: segment.start + segment.raw.len(),
                    }),
                    None => {
                        self.doc.problems.push(SyntaxProblem::OutsideEnvelope {
                            first: segment.id_span(),
                            id: "ST".into(),
                            count: 1,
                            missing: Level::Group,
                        });
                        self.orphan_transaction = true;
                        self.orphan_group = true;
                    }
                }
            }
            b"SE" => {
                if self.orphan_transaction {
                    self.orphan_transaction = false;
                    return;
                }
                match self.open_transaction() {
                    Some(t) => {
                        t.segment_count += 1;
                        t.end = segment.start + segment.raw.len();
                        t.se = Some(segment);
                    }
                    None => {
                        // An SE that ends a run of stray segments closes a set whose ST
                        // was lost: it still counts for GE01.
                        if self.outside.is_some()
                            && let Some(g) = self.open_group()
                        {
                            g.unopened_transactions += 1;
                        }
                        self.outside(&segment, Level::Transaction);
                    }
                }
            }
            b"GE" => {
                self.flush_outside();
                if self.transaction_open() {
                    self.report_missing_trailers(&segment, Level::Transaction);
                }
                let orphan = std::mem::take(&mut self.orphan_group);
                match self.open_group() {
                    Some(g) => g.ge = Some(segment),
                    None if orphan => {
                        // The missing GS was reported on the ST that needed it; the group
                        // still counts for IEA01.
                        if let Some(ic) = self.doc.interchanges.last_mut() {
                            ic.unopened_groups += 1;
                        }
                    }
                    None => self.outside(&segment, Level::Group),
                }
            }
            // A TA1 (interchange acknowledgment) sits directly in an interchange.
            b"TA1" if !self.interchange_closed && !self.group_open() => {}
            _ => {
                if self.orphan_transaction {
                    return;
                }
                match self.open_transaction() {
                    Some(t) => {
                        t.segment_count += 1;
                        t.end = segment.start + segment.raw.len();
                    }
                    None => self.outside(&segment, Level::Transaction),
                }
            }
        }
    }

    fn iea(&mut self, segment: Segment<'a>) {
        self.flush_outside();
        if self.transaction_open() || self.group_open() {
            self.report_missing_trailers(&segment, Level::Group);
        }
        if self.interchange_closed {
            self.outside(&segment, Level::Interchange);
        } else if let Some(ic) = self.doc.interchanges.last_mut() {
            ic.iea = Some(segment);
        }
        self.interchange_closed = true;
    }

    fn open_group(&mut self) -> Option<&mut Group<'a>> {
        if self.interchange_closed {
            return None;
        }
        let ic = self.doc.interchanges.last_mut()?;
        ic.groups.last_mut().filter(|g| g.ge.is_none())
    }

    fn open_transaction(&mut self) -> Option<&mut TransactionSet<'a>> {
        self.open_group()?
            .transactions
            .last_mut()
            .filter(|t| t.se.is_none())
    }

    fn transaction_open(&self) -> bool {
        self.open_levels(Level::Transaction)
            .first()
            .is_some_and(|(l, _)| *l == Level::Transaction)
    }

    fn group_open(&self) -> bool {
        !self.interchange_closed
            && self
                .doc
                .interchanges
                .last()
                .and_then(|ic| ic.groups.last())
                .is_some_and(|g| g.ge.is_none())
    }

    /// Collects consecutive out-of-envelope segments into one problem.
    fn outside(&mut self, segment: &Segment<'a>, missing: Level) {
        match &mut self.outside {
            Some((_, _, count, _)) => *count += 1,
            None => self.outside = Some((segment.id_span(), segment.id_str(), 1, missing)),
        }
    }

    fn flush_outside(&mut self) {
        if let Some((first, id, count, missing)) = self.outside.take() {
            self.doc.problems.push(SyntaxProblem::OutsideEnvelope {
                first,
                id,
                count,
                missing,
            });
        }
    }

    fn finish(self) -> Document<'a> {
        self.doc
    }
}

/// Whether ISA12 (right after ISA11) is `00501`.
fn isa12_is_5010(isa: &[u8], header: &IsaHeader) -> bool {
    let at = header.isa11_offset + 2;
    isa.get(at..at + 5) == Some(&b"00501"[..])
}

fn leading_whitespace(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len())
}

fn trim_end(bytes: &[u8], span: Span) -> Span {
    let mut end = span.end;
    while end > span.start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(span.start, end)
}

/// `ISA` followed by a character that can be an element separator.
/// A run of segments inside a transaction set, counted without being looked at one by one.
struct Skimmed {
    count: usize,
    /// Offset just past the last one (before its terminator).
    end: usize,
    /// Where the next segment starts (after the last terminator).
    next: usize,
}

/// Counts the segments from `pos` on that cannot be envelope segments: those whose first
/// byte is none of `I`, `G`, `S`, `T` (ISA, IEA, GS, GE, ST, SE, TA1). Most of a
/// transaction set is such segments, and all the envelope pass needs of them is their
/// number and where the last ends; the first segment that might matter, and a last one
/// with no terminator, are left to [`next_segment`].
fn skim(bytes: &[u8], pos: usize, d: delimiters::Delimiters) -> Skimmed {
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

fn is_isa_at(bytes: &[u8], pos: usize) -> bool {
    bytes.len() > pos + 3
        && &bytes[pos..pos + 3] == b"ISA"
        && !bytes[pos + 3].is_ascii_alphanumeric()
        && !bytes[pos + 3].is_ascii_whitespace()
}

/// The first ISA header at or after `from`.
fn find_isa(bytes: &[u8], from: usize) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    memchr::memmem::find_iter(&bytes[from..], b"ISA")
        .map(|p| p + from)
        .find(|&p| is_isa_at(bytes, p))
}

/// UTF-16 is recognised by its byte-order mark or by NUL bytes in every other position.
fn sniff_encoding(bytes: &[u8]) -> Option<SyntaxProblem> {
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
fn classify_non_x12(rest: &[u8], base: usize) -> SyntaxProblem {
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

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~";

    fn file(body: &str) -> String {
        format!("{ISA}{body}")
    }

    const ONE: &str = "GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019~SE*3*0001~GE*1*1~IEA*1*000000001~";

    #[test]
    fn well_formed_interchange() {
        let text = file(ONE);
        let doc = parse(text.as_bytes());
        assert_eq!(doc.problems, vec![]);
        assert_eq!(doc.interchanges.len(), 1);
        let t = &doc.interchanges[0].groups[0].transactions[0];
        assert_eq!(t.segment_count, 3);
        assert!(t.se.is_some());
        let ids: Vec<_> = t
            .segments(text.as_bytes())
            .map(|s| s.id_str())
            .collect::<Vec<_>>();
        assert_eq!(ids, ["ST", "BHT", "SE"]);
        assert_eq!(doc.segment_count, 7);
    }

    #[test]
    fn counted_runs_agree_with_reading_each_segment() {
        // Segments the envelope pass only counts: line breaks between them, empty
        // segments, a run cut off by the end of the file, and runs broken by segments
        // starting with an envelope letter (SBR, TOO, GS*, IEA) or by an ISA.
        let body = "ST*837*0001~BHT*0019~NM1*41~~PER*IC~SBR*P~HL*1~TOO*JP~N3*X~SE*9*0001~";
        let texts = [
            file(&format!("GS*HC*S*R*1*1*1*X*5~{body}GE*1*1~IEA*1*1~")),
            file(&format!("GS*HC*S*R*1*1*1*X*5~{body}GE*1*1~IEA*1*1~")).replace('~', "~\r\n"),
            file("GS*HC*S*R*1*1*1*X*5~ST*837*1~BHT*0019~NM1*41~N3*X"),
            file("GS*HC*S*R*1*1*1*X*5~ST*837*1~BHT*0019~NM1*41~N3*X~  \n"),
            format!(
                "{}{ISA}GS*HC~ST*837*2~NM1*41~SE*3*2~GE*1*1~IEA*1*1~",
                file("GS*HC*S*R*1*1*1*X*5~ST*837*1~BHT*0019~")
            ),
        ];
        for (i, text) in texts.iter().enumerate() {
            let doc = parse(text.as_bytes());
            if i < 2 {
                assert_eq!(doc.problems, vec![], "{text:?}");
            }
            let mut sets = 0;
            for t in doc
                .interchanges
                .iter()
                .flat_map(|i| &i.groups)
                .flat_map(|g| &g.transactions)
            {
                sets += 1;
                let read: Vec<_> = t.segments(text.as_bytes()).collect();
                assert_eq!(t.segment_count, read.len(), "{text:?}");
                let last = read.last().unwrap();
                assert_eq!(t.end, last.start + last.raw.len(), "{text:?}");
            }
            assert!(sets > 0, "{text:?}");
            let all = Segments::new(
                text.as_bytes(),
                0,
                text.len(),
                1,
                delimiters::Delimiters::default(),
            )
            .count();
            assert_eq!(doc.segment_count, all, "{text:?}");
        }
    }

    #[test]
    fn tolerated_framing_gives_no_problems() {
        let newline = file(ONE).replace('~', "~\r\n");
        let bom = format!("\u{FEFF}  \n{}\n\n  ", file(ONE));
        let two = format!("{}\n{}", file(ONE), file(ONE));
        for text in [newline, bom, two] {
            let doc = parse(text.as_bytes());
            assert_eq!(doc.problems, vec![], "{text:?}");
        }
    }

    #[test]
    fn newline_as_terminator() {
        let text = file(ONE).replace('~', "\n");
        let doc = parse(text.as_bytes());
        assert_eq!(doc.problems, vec![]);
        assert_eq!(
            doc.interchanges[0].groups[0].transactions[0].segment_count,
            3
        );
    }

    #[test]
    fn whole_file_problems() {
        assert_eq!(parse(b"").problems, vec![SyntaxProblem::Empty]);
        assert_eq!(parse(b" \r\n ").problems, vec![SyntaxProblem::Empty]);
        assert_eq!(
            parse(&[0u8; 64]).problems,
            vec![SyntaxProblem::Binary { offset: 0 }]
        );
        assert_eq!(
            parse(b"hello world\n").problems,
            vec![SyntaxProblem::NoInterchange]
        );
        let utf16: Vec<u8> = "ISA*00".bytes().flat_map(|b| [b, 0]).collect();
        assert_eq!(
            parse(&utf16).problems,
            vec![SyntaxProblem::Utf16 { bom: false }]
        );
        assert_eq!(
            parse(b"\xFF\xFEI\0S\0").problems,
            vec![SyntaxProblem::Utf16 { bom: true }]
        );
        assert!(matches!(
            parse(b"ISA*00*  ").problems[..],
            [SyntaxProblem::TruncatedIsa { .. }]
        ));
    }

    #[test]
    fn content_around_the_interchange() {
        let text = format!("From: mailer\n{}garbage\n", file(ONE));
        let doc = parse(text.as_bytes());
        assert_eq!(
            doc.problems,
            vec![
                SyntaxProblem::ContentBeforeInterchange {
                    span: Span::new(0, 12)
                },
                SyntaxProblem::ContentAfterInterchange {
                    span: Span::new(text.len() - 8, text.len() - 1)
                },
            ]
        );
    }

    #[test]
    fn file_cut_off_mid_transaction_is_one_problem() {
        let text = file("GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001~BHT*0019~NM1*41");
        let doc = parse(text.as_bytes());
        assert!(
            matches!(&doc.problems[..], [SyntaxProblem::UnexpectedEnd { open, .. }] if open.len() == 3)
        );
    }

    #[test]
    fn missing_se_is_reported_at_the_next_header() {
        let text = file(
            "GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001~BHT*0019~ST*837*0002~BHT*0019~SE*3*0002~GE*2*1~IEA*1*000000001~",
        );
        let doc = parse(text.as_bytes());
        assert!(
            matches!(&doc.problems[..], [SyntaxProblem::MissingTrailers { at_id, open, .. }] if at_id == "ST" && open.len() == 1),
            "{:?}",
            doc.problems
        );
        assert_eq!(doc.interchanges[0].groups[0].transactions.len(), 2);
    }

    #[test]
    fn stray_segments_are_collapsed() {
        let text = file(
            "GS*HC*S*R*20240115*1030*1*X*005010X222A1~NM1*41~PER*IC~ST*837*0001~SE*2*0001~GE*1*1~IEA*1*000000001~",
        );
        let doc = parse(text.as_bytes());
        assert!(
            matches!(
                &doc.problems[..],
                [SyntaxProblem::OutsideEnvelope { count: 2, .. }]
            ),
            "{:?}",
            doc.problems
        );
    }

    #[test]
    fn lost_headers_are_reported_once_and_still_counted() {
        let no_gs = file("ST*837*0001~BHT*0019~SE*3*0001~GE*1*1~IEA*1*000000001~");
        let doc = parse(no_gs.as_bytes());
        assert!(
            matches!(&doc.problems[..], [SyntaxProblem::OutsideEnvelope { id, missing: Level::Group, .. }] if id == "ST"),
            "{:?}",
            doc.problems
        );
        assert_eq!(doc.interchanges[0].unopened_groups, 1);

        let no_st = file(
            "GS*HC*S*R*20240115*1030*1*X*005010X222A1~BHT*0019~SE*2*0001~GE*1*1~IEA*1*000000001~",
        );
        let doc = parse(no_st.as_bytes());
        assert!(
            matches!(
                &doc.problems[..],
                [SyntaxProblem::OutsideEnvelope { count: 2, .. }]
            ),
            "{:?}",
            doc.problems
        );
        assert_eq!(doc.interchanges[0].groups[0].unopened_transactions, 1);
    }

    #[test]
    fn ta1_belongs_to_the_interchange() {
        let text = file(&format!("TA1*000000001*240115*1030*A*000~{ONE}"));
        assert_eq!(parse(text.as_bytes()).problems, vec![]);
    }

    #[test]
    fn isa11_is_no_separator_before_5010() {
        let text = file(ONE).replacen("*^*00501*", "*U*00401*", 1);
        assert_eq!(parse(text.as_bytes()).problems, vec![]);
        let text = file(ONE).replacen("*^*00501*", "*U*00501*", 1);
        assert!(matches!(
            parse(text.as_bytes()).problems[..],
            [SyntaxProblem::InvalidDelimiters { fatal: false, .. }]
        ));
    }

    #[test]
    fn fatal_delimiters_skip_the_interchange() {
        let mut text = file(ONE);
        text.replace_range(104..105, "*");
        let doc = parse(text.as_bytes());
        assert!(matches!(
            &doc.problems[..],
            [SyntaxProblem::InvalidDelimiters { fatal: true, .. }]
        ));
        assert!(doc.interchanges.is_empty());
    }
}
