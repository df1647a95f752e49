//! The 837P loop model: which loop each segment belongs to, the HL hierarchy, and typed,
//! borrowed views of claims (2300) and service lines (2400).
//!
//! The model is built from the segments of one transaction set. The grammar's walker
//! ([`crate::grammar::Walker`]) places each segment in the guide's loop tree, so the loops
//! here are the guide's loops with no second opinion; a segment the walker cannot place
//! never hides the claims after it, since placement resumes at the next segment that fits.
//! Knows nothing of rules.

mod sv1;

pub use sv1::Sv1;

use crate::grammar::{Placement, Structure, Walker};
use crate::x12::values::{Date, date_range, date8};
use crate::x12::{Segment, TransactionSet};

/// A loop of the 837P (or the transaction set's header and trailer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoopId {
    Header,
    L1000A,
    L1000B,
    L2000A,
    L2010AA,
    L2010AB,
    L2010AC,
    L2000B,
    L2010BA,
    L2010BB,
    L2000C,
    L2010CA,
    L2300,
    L2310A,
    L2310B,
    L2310C,
    L2310D,
    L2310E,
    L2310F,
    L2320,
    L2330A,
    L2330B,
    L2330C,
    L2330D,
    L2330E,
    L2330F,
    L2330G,
    L2400,
    L2410,
    L2420A,
    L2420B,
    L2420C,
    L2420D,
    L2420E,
    L2420F,
    L2420G,
    L2420H,
    L2430,
    L2440,
    Trailer,
}

impl LoopId {
    /// The loop ID as the implementation guide and the 999 (IK303) write it.
    pub fn as_str(self) -> &'static str {
        use LoopId::*;
        match self {
            Header => "HEADER",
            L1000A => "1000A",
            L1000B => "1000B",
            L2000A => "2000A",
            L2010AA => "2010AA",
            L2010AB => "2010AB",
            L2010AC => "2010AC",
            L2000B => "2000B",
            L2010BA => "2010BA",
            L2010BB => "2010BB",
            L2000C => "2000C",
            L2010CA => "2010CA",
            L2300 => "2300",
            L2310A => "2310A",
            L2310B => "2310B",
            L2310C => "2310C",
            L2310D => "2310D",
            L2310E => "2310E",
            L2310F => "2310F",
            L2320 => "2320",
            L2330A => "2330A",
            L2330B => "2330B",
            L2330C => "2330C",
            L2330D => "2330D",
            L2330E => "2330E",
            L2330F => "2330F",
            L2330G => "2330G",
            L2400 => "2400",
            L2410 => "2410",
            L2420A => "2420A",
            L2420B => "2420B",
            L2420C => "2420C",
            L2420D => "2420D",
            L2420E => "2420E",
            L2420F => "2420F",
            L2420G => "2420G",
            L2420H => "2420H",
            L2430 => "2430",
            L2440 => "2440",
            Trailer => "TRAILER",
        }
    }

    /// The loop with the ID the guide (and `grammar/`) gives it.
    pub fn from_id(id: &str) -> Option<LoopId> {
        use LoopId::*;
        Some(match id {
            "HEADER" => Header,
            "1000A" => L1000A,
            "1000B" => L1000B,
            "2000A" => L2000A,
            "2010AA" => L2010AA,
            "2010AB" => L2010AB,
            "2010AC" => L2010AC,
            "2000B" => L2000B,
            "2010BA" => L2010BA,
            "2010BB" => L2010BB,
            "2000C" => L2000C,
            "2010CA" => L2010CA,
            "2300" => L2300,
            "2310A" => L2310A,
            "2310B" => L2310B,
            "2310C" => L2310C,
            "2310D" => L2310D,
            "2310E" => L2310E,
            "2310F" => L2310F,
            "2320" => L2320,
            "2330A" => L2330A,
            "2330B" => L2330B,
            "2330C" => L2330C,
            "2330D" => L2330D,
            "2330E" => L2330E,
            "2330F" => L2330F,
            "2330G" => L2330G,
            "2400" => L2400,
            "2410" => L2410,
            "2420A" => L2420A,
            "2420B" => L2420B,
            "2420C" => L2420C,
            "2420D" => L2420D,
            "2420E" => L2420E,
            "2420F" => L2420F,
            "2420G" => L2420G,
            "2420H" => L2420H,
            "2430" => L2430,
            "2440" => L2440,
            "TRAILER" => Trailer,
            _ => return None,
        })
    }

    /// The loop of a grammar loop index ([`crate::grammar::LOOPS`]).
    pub fn of_grammar(index: usize) -> LoopId {
        static TABLE: std::sync::OnceLock<Vec<LoopId>> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            crate::grammar::LOOPS
                .iter()
                .map(|l| LoopId::from_id(l.id).expect("every grammar loop has a LoopId"))
                .collect()
        })[index]
    }
}

/// One HL segment and what it says.
#[derive(Debug, Clone, Copy)]
pub struct Hl<'a> {
    pub segment: Segment<'a>,
    /// Index of the HL in [`Transaction::segments`].
    pub index: usize,
    pub id: &'a [u8],
    pub parent: &'a [u8],
    pub level: &'a [u8],
    pub child_code: &'a [u8],
    /// Index in [`Transaction::hls`] of the HL that HL02 names: the nearest earlier HL
    /// whose HL01 equals this HL02.
    pub parent_hl: Option<usize>,
    /// Index in [`Transaction::hls`] of the HL this one sits in by position: the open
    /// billing provider HL for a subscriber, the open subscriber HL for a patient.
    pub enclosing: Option<usize>,
    /// Index in [`Transaction::hls`] of the first HL whose `parent_hl` is this one.
    pub first_child: Option<usize>,
}

impl Hl<'_> {
    /// What HL03 names, for messages: `billing provider`, `subscriber` or `patient`.
    pub fn level_name(&self) -> Option<&'static str> {
        match self.level {
            b"20" => Some("billing provider"),
            b"22" => Some("subscriber"),
            b"23" => Some("patient"),
            _ => None,
        }
    }
}

/// Segments of one kind in a loop, in order, read as a slice.
///
/// Most service lines have one DTP\*472 and most claims one diagnosis HI, so the first
/// segment is kept inline: a heap allocation for each list was a large part of the cost of
/// building the model.
#[derive(Debug, Clone, Default)]
pub struct SegmentList<'a>(Listed<'a>);

#[derive(Debug, Clone, Default)]
enum Listed<'a> {
    #[default]
    None,
    One(Segment<'a>),
    Many(Vec<Segment<'a>>),
}

impl<'a> SegmentList<'a> {
    pub fn push(&mut self, segment: Segment<'a>) {
        match &mut self.0 {
            Listed::None => self.0 = Listed::One(segment),
            Listed::One(first) => self.0 = Listed::Many(vec![*first, segment]),
            Listed::Many(all) => all.push(segment),
        }
    }

    pub fn as_slice(&self) -> &[Segment<'a>] {
        match &self.0 {
            Listed::None => &[],
            Listed::One(segment) => std::slice::from_ref(segment),
            Listed::Many(all) => all,
        }
    }
}

impl<'a> std::ops::Deref for SegmentList<'a> {
    type Target = [Segment<'a>];

    fn deref(&self) -> &[Segment<'a>] {
        self.as_slice()
    }
}

impl<'l, 'a> IntoIterator for &'l SegmentList<'a> {
    type Item = &'l Segment<'a>;
    type IntoIter = std::slice::Iter<'l, Segment<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// A drug identification (loop 2410).
#[derive(Debug, Clone, Copy)]
pub struct Drug<'a> {
    pub lin: Segment<'a>,
    pub ctp: Option<Segment<'a>>,
}

/// The period a DTP segment gives: a `D8` date (a one-day period), or an `RD8` range whose
/// first date is not after its last. `None` for any other format or a value that does not
/// read.
pub fn dtp_period(dtp: &Segment<'_>) -> Option<(Date, Date)> {
    let [_, format, value] = first_values(dtp);
    period(format, value)
}

/// The period of DTP02 (the format) and DTP03, see [`dtp_period`].
fn period(format: &[u8], value: &[u8]) -> Option<(Date, Date)> {
    match format {
        b"D8" => date8(value).map(|d| (d, d)),
        b"RD8" => date_range(value).filter(|(from, to)| from <= to),
        _ => None,
    }
}

/// The values of elements 1 to `N` of a segment, as [`Segment::value`] gives them (empty
/// when absent), read in one pass instead of one pass each.
fn first_values<'a, const N: usize>(s: &Segment<'a>) -> [&'a [u8]; N] {
    let mut values = [&[][..]; N];
    let separator = s.delimiters.element;
    // The first piece is the segment ID.
    for (value, piece) in values
        .iter_mut()
        .zip(s.raw.split(|&b| b == separator).skip(1))
    {
        *value = piece;
    }
    values
}

/// LX01 (or any count) as `str::parse::<usize>` reads it: an optional `+`, then digits,
/// `None` on overflow. By hand: every service line's number is read for every finding's
/// location.
pub fn line_number(value: &[u8]) -> Option<usize> {
    let digits = value.strip_prefix(b"+").unwrap_or(value);
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0usize, |n, &b| {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n.checked_mul(10)?.checked_add(usize::from(d))
    })
}

/// The first readable service date of a line.
#[derive(Debug, Clone, Copy)]
pub struct DateOfService<'a> {
    /// The period of the DTP, see [`dtp_period`].
    pub from: Date,
    pub to: Date,
    pub dtp: Segment<'a>,
    /// Index of `dtp` in [`ServiceLine::service_dates`].
    pub index: usize,
}

/// One service line: loop 2400 and its children.
#[derive(Debug, Clone)]
pub struct ServiceLine<'a> {
    pub lx: Segment<'a>,
    /// LX01 as a number, read once when the model is built, see [`ServiceLine::number`].
    number: Option<usize>,
    /// The first SV1 of the line.
    pub sv1: Option<Sv1<'a>>,
    /// Every DTP*472 (service date) of the line.
    pub service_dates: SegmentList<'a>,
    /// The first of `service_dates` with a readable period, read once when the model is
    /// built: several rules judge the line's codes on it.
    pub date_of_service: Option<DateOfService<'a>>,
    /// 2410 loops of the line (at most one is allowed).
    pub drugs: Vec<Drug<'a>>,
}

impl<'a> ServiceLine<'a> {
    /// LX01 as a number, when it is one.
    pub fn number(&self) -> Option<usize> {
        self.number
    }
}

/// One claim: loop 2300 with its service lines and the context it sits in.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    /// 1-based ordinal of the claim in its transaction set.
    pub ordinal: usize,
    pub clm: Segment<'a>,
    /// Diagnosis HI segments (HI01-1 `ABK`/`BK`/`ABF`/`BF`), in order.
    pub diagnoses: SegmentList<'a>,
    /// How many codes [`Claim::diagnosis_codes`] gives, counted once: every line's
    /// pointers are checked against it.
    pub diagnosis_count: usize,
    /// Claim-level DTP segments.
    pub dates: SegmentList<'a>,
    /// The subscriber's SBR (loop 2000B).
    pub sbr: Option<Segment<'a>>,
    /// The patient's DMG (2010CA, or 2010BA when the patient is the subscriber).
    pub patient_dmg: Option<Segment<'a>>,
    pub lines: Vec<ServiceLine<'a>>,
    /// NM109 of the billing provider (2010AA): the claim's billing NPI.
    pub billing_id: Option<crate::source::Span>,
    /// NM109 of the payer (2010BB): the payer ID.
    pub payer_id: Option<crate::source::Span>,
}

impl<'a> Claim<'a> {
    /// SBR09, the claim filing indicator (`MB` Medicare Part B, `MC` Medicaid…).
    pub fn filing_indicator(&self) -> &'a [u8] {
        self.sbr.map_or(&[][..], |s| s.value(9))
    }

    pub fn is_medicare(&self) -> bool {
        matches!(self.filing_indicator(), b"MA" | b"MB")
    }

    pub fn is_medicaid(&self) -> bool {
        self.filing_indicator() == b"MC"
    }

    /// Diagnosis codes of the claim in pointer order: HI01 of the first diagnosis HI is
    /// position 1, and so on, as (qualifier, code) pieces.
    pub fn diagnosis_codes(
        &self,
    ) -> impl Iterator<Item = (crate::x12::Piece<'a>, Option<crate::x12::Piece<'a>>)> + '_ {
        self.diagnoses.iter().flat_map(|hi| {
            hi.elements().filter(|e| !e.is_empty()).map(|e| {
                let mut c = e.components();
                let qualifier = c.next().expect("an element has at least one component");
                (qualifier, c.next())
            })
        })
    }
}

/// The 837P view of one transaction set.
#[derive(Debug, Clone)]
pub struct Transaction<'a> {
    /// Every segment from ST to SE.
    pub segments: Vec<Segment<'a>>,
    /// The loop of each segment, parallel to `segments`.
    pub loops: Vec<LoopId>,
    /// Where the grammar placed each segment, parallel to `segments`.
    pub placements: Vec<Placement>,
    /// Where the transaction set departs from the guide's structure.
    pub structure: Structure,
    /// Whether the set ends with its SE (a set cut off by the end of the file does not).
    pub closed: bool,
    pub hls: Vec<Hl<'a>>,
    pub claims: Vec<Claim<'a>>,
}

impl<'a> Transaction<'a> {
    /// Builds the model of one transaction set.
    pub fn build(bytes: &'a [u8], set: &TransactionSet<'a>) -> Self {
        // The envelope pass counted the segments: allocate once instead of regrowing.
        let mut builder = Builder::default();
        builder.segments.reserve_exact(set.segment_count);
        builder.loops.reserve_exact(set.segment_count);
        builder.placements.reserve_exact(set.segment_count);
        // Claims and HLs are not counted, but each takes several segments (an HL its NM1s
        // and SBR, a claim at least CLM, HI, LX and SV1). Reserving from the segment count
        // spares most of the regrowth, which copies every claim built so far.
        builder.hls.reserve(set.segment_count / 8);
        builder.claims.reserve(set.segment_count / 12);
        builder.closed = set.se.is_some();
        builder.run(set.segments(bytes))
    }

    /// The loop of the segment with this file ordinal.
    pub fn loop_of(&self, segment: &Segment<'_>) -> Option<LoopId> {
        let first = self.segments.first()?.ordinal;
        self.loops.get(segment.ordinal.checked_sub(first)?).copied()
    }

    pub fn service_line_count(&self) -> usize {
        self.claims.iter().map(|c| c.lines.len()).sum()
    }

    /// Indices in [`Transaction::segments`] of the segments of HL `i` (an index in
    /// [`Transaction::hls`]): from the HL up to the next HL, children and claims included.
    pub fn hl_segments(&self, i: usize) -> std::ops::Range<usize> {
        let start = self.hls.get(i).map_or(self.segments.len(), |h| h.index);
        let end = self.hls.get(i + 1).map_or(self.segments.len(), |h| h.index);
        start..end
    }

    /// The SBR of the subscriber HL `i` (loop 2000B), if it has one.
    pub fn subscriber_sbr(&self, i: usize) -> Option<Segment<'a>> {
        self.hl_segments(i)
            .find(|&s| self.loops[s] == LoopId::L2000B && self.segments[s].is(b"SBR"))
            .map(|s| self.segments[s])
    }
}

#[derive(Default)]
struct Builder<'a> {
    segments: Vec<Segment<'a>>,
    loops: Vec<LoopId>,
    placements: Vec<Placement>,
    hls: Vec<Hl<'a>>,
    claims: Vec<Claim<'a>>,
    walker: Walker,
    /// Whether the set ends with its SE.
    closed: bool,
    /// The innermost HL level loop (2000A/B/C) we are in.
    level: Option<LoopId>,
    sbr: Option<Segment<'a>>,
    /// NM109 of the open billing provider (2010AA) and payer (2010BB).
    billing_id: Option<crate::source::Span>,
    payer_id: Option<crate::source::Span>,
    subscriber_dmg: Option<Segment<'a>>,
    patient_dmg: Option<Segment<'a>>,
    /// Index in `hls` of the latest HL with each HL01, for the HLs whose HL01 is not their
    /// position (1, 2, 3…): those are found by position, which spares hashing every HL01.
    hl_ids: std::collections::HashMap<&'a [u8], usize>,
    /// The open billing provider (20) and subscriber (22) HLs, as indices in `hls`.
    open_provider: Option<usize>,
    open_subscriber: Option<usize>,
}

impl<'a> Builder<'a> {
    fn run(mut self, segments: impl Iterator<Item = Segment<'a>>) -> Transaction<'a> {
        for (index, segment) in segments.enumerate() {
            let placement = self.walker.place(index, &segment);
            let id = self.assign(index, &segment, placement);
            self.segments.push(segment);
            self.loops.push(id);
            self.placements.push(placement);
        }
        Transaction {
            segments: self.segments,
            loops: self.loops,
            placements: self.placements,
            structure: self.walker.finish(self.closed),
            closed: self.closed,
            hls: self.hls,
            claims: self.claims,
        }
    }

    /// Takes the loop the walker placed `segment` in and records what the views need.
    fn assign(&mut self, index: usize, s: &Segment<'a>, placement: Placement) -> LoopId {
        use LoopId::*;
        let id = s.id();
        let loop_id = match id {
            b"ST" => Header,
            b"SE" => Trailer,
            _ => LoopId::of_grammar(placement.loop_index()),
        };
        match (loop_id, id) {
            (_, b"HL") => self.hl(index, s),
            (L2300, b"CLM") => self.claims.push(Claim {
                ordinal: self.claims.len() + 1,
                clm: *s,
                diagnoses: SegmentList::default(),
                diagnosis_count: 0,
                dates: SegmentList::default(),
                sbr: self.sbr,
                patient_dmg: if self.level == Some(L2000C) {
                    self.patient_dmg
                } else {
                    self.subscriber_dmg
                },
                lines: Vec::new(),
                billing_id: self.billing_id,
                payer_id: self.payer_id,
            }),
            (L2400, b"LX") => {
                if let Some(claim) = self.claims.last_mut() {
                    claim.lines.push(ServiceLine {
                        lx: *s,
                        number: line_number(s.value(1)),
                        sv1: None,
                        service_dates: SegmentList::default(),
                        date_of_service: None,
                        drugs: Vec::new(),
                    });
                }
            }
            (L2410, b"LIN") => {
                if let Some(line) = self.line() {
                    line.drugs.push(Drug { lin: *s, ctp: None });
                }
            }
            _ => {}
        }
        self.record(loop_id, id, s);
        loop_id
    }

    fn record(&mut self, loop_id: LoopId, id: &[u8], s: &Segment<'a>) {
        use LoopId::*;
        match (loop_id, id) {
            (L2000B, b"SBR") => self.sbr = Some(*s),
            (L2010AA, b"NM1") => self.billing_id = s.element(9).map(|e| e.span()),
            (L2010BB, b"NM1") => self.payer_id = s.element(9).map(|e| e.span()),
            (L2010BA, b"DMG") => self.subscriber_dmg = Some(*s),
            (L2010CA, b"DMG") => {
                self.patient_dmg = Some(*s);
            }
            (L2300, b"HI") => {
                let q = s.element(1).and_then(|e| e.component(1)).map(|p| p.value);
                if matches!(q, Some(b"ABK" | b"BK" | b"ABF" | b"BF"))
                    && let Some(c) = self.claims.last_mut()
                {
                    c.diagnoses.push(*s);
                    c.diagnosis_count += s.elements().filter(|e| !e.is_empty()).count();
                }
            }
            (L2300, b"DTP") => {
                if let Some(c) = self.claims.last_mut() {
                    c.dates.push(*s);
                }
            }
            (L2400, b"SV1") => {
                if let Some(line) = self.line()
                    && line.sv1.is_none()
                {
                    line.sv1 = Some(Sv1::new(*s));
                }
            }
            (L2400, b"DTP") => {
                let [qualifier, format, value] = first_values(s);
                if qualifier == b"472"
                    && let Some(line) = self.line()
                {
                    if line.date_of_service.is_none()
                        && let Some((from, to)) = period(format, value)
                    {
                        line.date_of_service = Some(DateOfService {
                            from,
                            to,
                            dtp: *s,
                            index: line.service_dates.len(),
                        });
                    }
                    line.service_dates.push(*s);
                }
            }
            (L2410, b"CTP") => {
                if let Some(drug) = self.line().and_then(|l| l.drugs.last_mut())
                    && drug.ctp.is_none()
                {
                    drug.ctp = Some(*s);
                }
            }
            _ => {}
        }
    }

    fn hl(&mut self, index: usize, s: &Segment<'a>) {
        let level = match s.value(3) {
            b"20" => LoopId::L2000A,
            b"22" => LoopId::L2000B,
            b"23" => LoopId::L2000C,
            // An unknown level keeps the HL where the others would be: under the
            // subscriber when one is open, else as a billing provider.
            _ => match self.level {
                Some(LoopId::L2000A) | None => LoopId::L2000A,
                Some(_) => LoopId::L2000B,
            },
        };
        let me = self.hls.len();
        let parent_hl = match s.value(2) {
            b"" => None,
            parent => self.latest_hl(parent),
        };
        let enclosing = match s.value(3) {
            b"22" => self.open_provider,
            b"23" => self.open_subscriber,
            _ => None,
        };
        match s.value(3) {
            b"20" => {
                self.open_provider = Some(me);
                self.open_subscriber = None;
            }
            b"22" => self.open_subscriber = Some(me),
            _ => {}
        }
        if let Some(p) = parent_hl
            && self.hls[p].first_child.is_none()
        {
            self.hls[p].first_child = Some(me);
        }
        if line_number(s.value(1)) != Some(me + 1) {
            self.hl_ids.insert(s.value(1), me);
        }
        self.hls.push(Hl {
            segment: *s,
            index,
            id: s.value(1),
            parent: s.value(2),
            level: s.value(3),
            child_code: s.value(4),
            parent_hl,
            enclosing,
            first_child: None,
        });
        if level == LoopId::L2000A {
            self.billing_id = None;
            self.payer_id = None;
        }
        if level == LoopId::L2000B {
            self.sbr = None;
            self.subscriber_dmg = None;
            self.payer_id = None;
        }
        if level != LoopId::L2000C {
            self.patient_dmg = None;
        }
        self.level = Some(level);
    }

    /// Index in `hls` of the latest HL whose HL01 is `id`. An HL numbered by its position
    /// can only be the one at position `id`; any other is in `hl_ids`.
    fn latest_hl(&self, id: &[u8]) -> Option<usize> {
        let numbered = line_number(id)
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| self.hls.get(i).is_some_and(|hl| hl.id == id));
        numbered.max(self.hl_ids.get(id).copied())
    }

    /// The service line being built.
    fn line(&mut self) -> Option<&mut ServiceLine<'a>> {
        self.claims.last_mut()?.lines.last_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12;

    const FILE: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~\
GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*B1*20240115*1030*CH~\
NM1*41*2*SUBMITTER*****46*X~PER*IC*A*TE*5555550100~NM1*40*2*RECEIVER*****46*Y~\
HL*1**20*1~NM1*85*2*PRACTICE*****XX*1234567893~N3*1 ROAD~N4*CITY*IL*62701~REF*EI*123456789~\
HL*2*1*22*1~SBR*P********MB~NM1*IL*1*DOE*JANE~NM1*PR*2*PLAN*****PI*1~\
HL*3*2*23*0~PAT*19~NM1*QC*1*DOE*JOHN~N3*1 LANE~N4*CITY*IL*62701~DMG*D8*20150101*M~\
CLM*A1*150***11:B:1*Y*A*Y*Y~HI*ABK:J029*ABF:R509~HI*BG:01~NM1*82*1*DOC*ANN****XX*1234567893~\
SBR*S*18*******CI~NM1*IL*1*DOE*JANE~NM1*PR*2*OTHER*****PI*2~\
LX*1~SV1*HC:99213:25*100*UN*1***1:2~DTP*472*D8*20240110~NM1*82*1*DOC*ANN****XX*1234567893~\
LX*2~SV1*HC:J1885*50*UN*2***1~DTP*472*D8*20240110~LIN**N4*00409379501~CTP****2*UN~SVD*PAYER*40*HC:J1885**2~\
SE*38*0001~GE*1*1~IEA*1*000000001~";

    #[test]
    fn line_numbers_read_as_str_parse_reads_them() {
        for text in [
            "",
            "0",
            "1",
            "007",
            "+3",
            "+",
            "++1",
            "-1",
            "1a",
            " 1",
            "1.0",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
        ] {
            assert_eq!(
                line_number(text.as_bytes()),
                text.parse::<usize>().ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn hl02_names_the_latest_hl_with_that_id() {
        let hls = "HL*1**20*1~HL*2*1*22*0~HL*2*1*22*0~HL*4*2*22*0~HL*01*1*22*0~HL*6*01*22*0~\
HL*7*+4*22*0~HL*8*9*22*0~";
        let file = FILE.replace("HL*1**20*1~", hls);
        let doc = x12::parse(file.as_bytes());
        let set = &doc.interchanges[0].groups[0].transactions[0];
        let t = Transaction::build(file.as_bytes(), set);
        let parents: Vec<_> = t.hls.iter().take(8).map(|h| h.parent_hl).collect();
        assert_eq!(
            parents,
            [
                None,
                Some(0),
                Some(0),
                Some(2),
                Some(0),
                Some(4),
                None,
                None
            ]
        );
    }

    #[test]
    fn loops_and_views() {
        let doc = x12::parse(FILE.as_bytes());
        let set = &doc.interchanges[0].groups[0].transactions[0];
        let t = Transaction::build(FILE.as_bytes(), set);
        let loop_of = |id: &str, n: usize| {
            let (i, _) = t
                .segments
                .iter()
                .enumerate()
                .filter(|(_, s)| s.id_str() == id)
                .nth(n)
                .unwrap();
            t.loops[i].as_str()
        };
        assert_eq!(loop_of("NM1", 0), "1000A");
        assert_eq!(loop_of("PER", 0), "1000A");
        assert_eq!(loop_of("NM1", 1), "1000B");
        assert_eq!(loop_of("NM1", 2), "2010AA");
        assert_eq!(loop_of("REF", 0), "2010AA");
        assert_eq!(loop_of("SBR", 0), "2000B");
        assert_eq!(loop_of("NM1", 3), "2010BA");
        assert_eq!(loop_of("NM1", 4), "2010BB");
        assert_eq!(loop_of("PAT", 0), "2000C");
        assert_eq!(loop_of("DMG", 0), "2010CA");
        assert_eq!(loop_of("HI", 1), "2300");
        assert_eq!(loop_of("NM1", 6), "2310B");
        assert_eq!(loop_of("SBR", 1), "2320");
        assert_eq!(loop_of("NM1", 7), "2330A");
        assert_eq!(loop_of("NM1", 8), "2330B");
        assert_eq!(loop_of("NM1", 9), "2420A");
        assert_eq!(loop_of("LIN", 0), "2410");
        assert_eq!(loop_of("CTP", 0), "2410");
        assert_eq!(loop_of("SVD", 0), "2430");
        assert_eq!(loop_of("SE", 0), "TRAILER");

        assert_eq!(t.hls.len(), 3);
        assert_eq!(t.hls[0].first_child, Some(1));
        assert_eq!(t.hls[1].parent_hl, Some(0));
        assert_eq!(t.hls[1].enclosing, Some(0));
        assert_eq!(t.hls[1].first_child, Some(2));
        assert_eq!(t.hls[2].parent_hl, Some(1));
        assert_eq!(t.hls[2].enclosing, Some(1));
        assert_eq!(t.hls[2].first_child, None);
        assert_eq!(t.hls[1].level_name(), Some("subscriber"));
        assert_eq!(t.subscriber_sbr(1).unwrap().value(9), b"MB");
        assert!(
            t.subscriber_sbr(2).is_none(),
            "the 2320 SBR is not the subscriber's"
        );
        assert_eq!(t.hl_segments(0), t.hls[0].index..t.hls[1].index);
        assert_eq!(t.claims.len(), 1);
        let claim = &t.claims[0];
        assert!(claim.is_medicare());
        assert_eq!(claim.diagnoses.len(), 1, "HI*BG is not a diagnosis HI");
        assert_eq!(claim.diagnosis_codes().count(), 2);
        assert_eq!(claim.diagnosis_count, 2);
        assert_eq!(claim.patient_dmg.unwrap().value(2), b"20150101");
        assert_eq!(claim.lines.len(), 2);
        let line = &claim.lines[1];
        assert_eq!(line.number(), Some(2));
        assert_eq!(line.sv1.as_ref().unwrap().code().unwrap().value, b"J1885");
        assert_eq!(line.drugs.len(), 1);
        assert!(line.drugs[0].ctp.is_some());
        assert_eq!(line.service_dates.len(), 1);
        assert_eq!(t.service_line_count(), 2);
    }
}
