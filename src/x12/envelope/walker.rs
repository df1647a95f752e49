//! The envelope pass itself: one walk over the segment IDs of the file.

use super::scan::{
    RUNS_MIN_BYTES, RUNS_PIECE, Runs, UTF8_BOM, classify_non_x12, find_isa, is_isa_at,
    isa12_is_5010, leading_whitespace, skim, sniff_encoding, trim_end,
};
use super::{Document, Group, Interchange, Level, SyntaxProblem, TransactionSet};
use crate::source::Span;
use crate::x12::delimiters::{self, BareHeader, Delimiters, IsaError, IsaHeader};
use crate::x12::segment::{Segment, next_segment};
use crate::x12::unwrap::Probe;

pub(super) fn run(bytes: &[u8]) -> Document<'_> {
    run_probing(bytes, None).0
}

/// [`run`], answering `probe` in the pieces the runs are found in, when they are: then
/// with the answer, else with `None` (the probe is left to its own pass).
pub(super) fn run_probing<'a>(
    bytes: &'a [u8],
    probe: Option<&Probe>,
) -> (Document<'a>, Option<bool>) {
    run_with(
        bytes,
        (bytes.len() >= RUNS_MIN_BYTES).then_some(RUNS_PIECE),
        probe,
    )
}

/// The envelope pass, with the runs between envelope segments found beforehand in pieces
/// of `runs` bytes, on all cores when the file is split (see [`Runs`]), or as it goes
/// when `None`.
pub(super) fn run_with<'a>(
    bytes: &'a [u8],
    runs: Option<usize>,
    probe: Option<&Probe>,
) -> (Document<'a>, Option<bool>) {
    let mut walker = Walker {
        doc: Document {
            bytes,
            ..Document::default()
        },
        outside: None,
        interchange_closed: true,
        runs_piece: runs,
        runs: None,
        probe: probe.copied(),
    };
    walker.run();
    let mut probed = None;
    if let Some(runs) = walker.runs.take() {
        probed = probe.map(|_| runs.unwrap_found);
        walker.doc.hls = runs.into_hls();
    }
    (walker.doc, probed)
}

/// A run of segments outside the envelope, collected into one problem.
struct Outside {
    first: Span,
    /// File ordinal of its first segment.
    ordinal: usize,
    id: String,
    count: usize,
    missing: Level,
}

struct Walker<'a> {
    doc: Document<'a>,
    outside: Option<Outside>,
    /// The last interchange got its IEA or was closed by force; nothing can join it.
    interchange_closed: bool,
    /// The size of the pieces [`Runs`] are found in, when they are.
    runs_piece: Option<usize>,
    /// Built with the first interchange's delimiters.
    runs: Option<Runs>,
    /// Answered as the runs are found.
    probe: Option<Probe>,
}

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
            match delimiters::find_bare_header(&bytes[pos..]) {
                Some(h) => self.bare(pos, h),
                None => self.doc.problems.push(classify_non_x12(&bytes[pos..], pos)),
            }
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

    /// Reads X12 content that starts with a `GS` or `ST` instead of an ISA, inside an
    /// implicit interchange (and group), with the delimiters the header uses.
    fn bare(&mut self, pos: usize, h: BareHeader) {
        let bytes = self.doc.bytes;
        let start = pos + h.start;
        if start > pos {
            self.doc
                .problems
                .push(SyntaxProblem::ContentBeforeInterchange {
                    span: trim_end(bytes, Span::new(pos, start)),
                });
        }
        self.doc
            .problems
            .push(SyntaxProblem::MissingInterchangeHeader {
                at: Span::at(start, 2),
                no_group: !h.group,
            });
        let d = h.delimiters;
        let header = IsaHeader {
            delimiters: d,
            isa11: 0,
            isa11_offset: 0,
            isa16_offset: 0,
            len: 0,
            fixed_layout: false,
        };
        let isa = self.implicit_segment(start, d);
        self.doc.interchanges.push(Interchange {
            header,
            isa,
            implicit: true,
            iea: None,
            groups: Vec::new(),
            unopened_groups: 0,
        });
        self.interchange_closed = false;
        if !h.group
            && let Some(ic) = self.doc.interchanges.last_mut()
        {
            ic.groups.push(Group {
                gs: isa,
                implicit: true,
                ge: None,
                transactions: Vec::new(),
                unopened_transactions: 0,
            });
        }
        let mut next_isa = self.body(start, d);
        while let Some(isa_start) = next_isa.take() {
            next_isa = self.interchange(isa_start);
        }
        self.flush_outside();
    }

    /// An empty segment at `start`: the header of an implicit level.
    fn implicit_segment(&self, start: usize, d: Delimiters) -> Segment<'a> {
        Segment {
            raw: &self.doc.bytes[start..start],
            start,
            ordinal: self.doc.segment_count + 1,
            delimiters: d,
        }
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
                ordinal: (!fatal).then_some(self.doc.segment_count + 1),
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
        if let Some(piece) = self.runs_piece.take() {
            self.runs = Some(Runs::build(bytes, d, piece, self.probe.as_ref()));
        }
        self.body(start + header.len, d)
    }

    /// Reads the segments of an open interchange from `pos`; returns where the next
    /// interchange starts.
    fn body(&mut self, mut pos: usize, d: Delimiters) -> Option<usize> {
        let bytes = self.doc.bytes;
        loop {
            if self.open_transaction().is_some() {
                let (body, hls) = match &mut self.runs {
                    Some(runs) => runs.skim(bytes, pos, d),
                    None => (skim(bytes, pos, d), None),
                };
                if body.count > 0
                    && let Some(t) = self.open_transaction()
                {
                    // A set's HLs are known when its segments after the ST are one run.
                    t.hls = match (t.hls, hls) {
                        (Some(_), Some(run)) if t.segment_count == 1 => Some(run),
                        _ => None,
                    };
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
        self.report_missing_trailers(&isa, Level::Interchange);
        self.doc.interchanges.push(Interchange {
            header,
            isa,
            implicit: false,
            iea: None,
            groups: Vec::new(),
            unopened_groups: 0,
        });
        self.interchange_closed = false;
    }

    /// Open levels, innermost first, with their header spans. Implicit levels are left
    /// out: their missing header is already the one problem about them.
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
            if down_to != Level::Transaction && !g.implicit {
                open.push((Level::Group, g.gs.id_span()));
            }
        }
        if down_to == Level::Interchange && !ic.implicit {
            open.push((Level::Interchange, ic.isa.id_span()));
        }
        open
    }

    /// Records one problem for all levels (from the transaction set up to `down_to`) that
    /// `at` closes without their trailers. The caller then opens the next level, which
    /// makes the unclosed ones unreachable.
    fn report_missing_trailers(&mut self, at: &Segment<'a>, down_to: Level) {
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
                        implicit: false,
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
                if self.open_group().is_none() && !self.interchange_closed {
                    // No GS before this ST: one problem, and the set is read inside an
                    // implicit group that its GE (if any) closes.
                    self.doc.problems.push(SyntaxProblem::OutsideEnvelope {
                        first: segment.id_span(),
                        id: segment.id_str(),
                        count: 1,
                        missing: Level::Group,
                        read: true,
                    });
                    let gs = self.implicit_segment(segment.start, segment.delimiters);
                    if let Some(ic) = self.doc.interchanges.last_mut() {
                        ic.groups.push(Group {
                            gs,
                            implicit: true,
                            ge: None,
                            transactions: Vec::new(),
                            unopened_transactions: 0,
                        });
                    }
                }
                // The set's HLs are known if it is read in runs (none yet).
                let hls = self.runs.is_some().then_some((0, 0));
                match self.open_group() {
                    Some(g) => g.transactions.push(TransactionSet {
                        st: segment,
                        implicit: false,
                        se: None,
                        segment_count: 1,
                        end: segment.start + segment.raw.len(),
                        hls,
                    }),
                    None => self.outside(&segment, Level::Interchange),
                }
            }
            b"SE" => match self.open_transaction() {
                Some(t) => {
                    t.segment_count += 1;
                    t.end = segment.start + segment.raw.len();
                    t.se = Some(segment);
                }
                None => self.lost_st(segment),
            },
            b"GE" => {
                self.flush_outside();
                if self.transaction_open() {
                    self.report_missing_trailers(&segment, Level::Transaction);
                }
                match self.open_group() {
                    Some(g) => g.ge = Some(segment),
                    None => self.outside(&segment, Level::Group),
                }
            }
            // A TA1 (interchange acknowledgment) sits directly in an interchange.
            b"TA1" if !self.interchange_closed && !self.group_open() => {}
            _ => match self.open_transaction() {
                Some(t) => {
                    t.segment_count += 1;
                    t.end = segment.start + segment.raw.len();
                    // An HL read here, not in a run, is not among the set's known HLs.
                    if segment.is(b"HL") {
                        t.hls = None;
                    }
                }
                None => self.outside(&segment, Level::Transaction),
            },
        }
    }

    /// An SE with no open transaction set. When it ends a run of stray segments inside a
    /// group, their ST was lost: the run and the SE are read as an implicit set.
    fn lost_st(&mut self, se: Segment<'a>) {
        let run = self
            .outside
            .take_if(|run| run.missing == Level::Transaction);
        let Some(run) = run else {
            self.outside(&se, Level::Transaction);
            return;
        };
        let st = Segment {
            raw: &self.doc.bytes[run.first.start..run.first.start],
            start: run.first.start,
            ordinal: run.ordinal,
            delimiters: se.delimiters,
        };
        let Some(g) = self.open_group() else {
            self.outside = Some(run);
            self.outside(&se, Level::Transaction);
            return;
        };
        g.transactions.push(TransactionSet {
            st,
            implicit: true,
            se: Some(se),
            segment_count: run.count + 1,
            end: se.start + se.raw.len(),
            hls: None,
        });
        self.doc.problems.push(SyntaxProblem::OutsideEnvelope {
            first: run.first,
            id: run.id,
            count: run.count + 1,
            missing: Level::Transaction,
            read: true,
        });
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
            Some(run) => run.count += 1,
            None => {
                self.outside = Some(Outside {
                    first: segment.id_span(),
                    ordinal: segment.ordinal,
                    id: segment.id_str(),
                    count: 1,
                    missing,
                })
            }
        }
    }

    fn flush_outside(&mut self) {
        if let Some(run) = self.outside.take() {
            self.doc.problems.push(SyntaxProblem::OutsideEnvelope {
                first: run.first,
                id: run.id,
                count: run.count,
                missing: run.missing,
                read: false,
            });
        }
    }
}
