//! Builds the model of one transaction set, segment by segment, as the grammar's walker
//! places each one.

use super::views::{first_values, period};
use super::*;
use crate::grammar::Walker;

#[derive(Default)]
pub(super) struct Builder<'a> {
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
    subscriber_dmg: Option<Segment<'a>>,
    patient_dmg: Option<Segment<'a>>,
    /// NM109 of the open billing provider (2010AA) and payer (2010BB).
    billing_id: Option<crate::source::Span>,
    payer_id: Option<crate::source::Span>,
    /// Index in `hls` of the latest HL with each HL01, for the HLs whose HL01 is not their
    /// position (1, 2, 3…): those are found by position, which spares hashing every HL01.
    hl_ids: std::collections::HashMap<&'a [u8], usize>,
    /// The open billing provider (20) and subscriber (22) HLs, as indices in `hls`.
    open_provider: Option<usize>,
    open_subscriber: Option<usize>,
    /// Position among the set's HLs of the next HL (its index in `hls` unless the set is
    /// read in parts).
    hl_position: usize,
}

impl<'a> Builder<'a> {
    /// A builder with room for the segments of `set`.
    pub(super) fn for_set(set: &TransactionSet<'a>) -> Self {
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
        builder
    }

    /// A builder for one part of a large set (see [`super::split`]).
    pub(super) fn for_part(part: &super::split::Part) -> Self {
        let mut builder = Builder::default();
        let room = part.segments + 64;
        builder.segments.reserve_exact(room);
        builder.loops.reserve_exact(room);
        builder.placements.reserve_exact(room);
        builder.hls.reserve(room / 8);
        builder.claims.reserve(room / 12);
        builder
    }

    pub(super) fn run(mut self, segments: impl Iterator<Item = Segment<'a>>) -> Transaction<'a> {
        self.feed(segments);
        let structure = std::mem::take(&mut self.walker).finish(self.closed);
        self.into_transaction(structure)
    }

    /// Places `segments` after the ones fed before.
    pub(super) fn feed(&mut self, segments: impl Iterator<Item = Segment<'a>>) {
        for segment in segments {
            let index = self.segments.len();
            let placement = self.walker.place(index, &segment);
            let id = self.assign(index, &segment, placement);
            self.segments.push(segment);
            self.loops.push(id);
            self.placements.push(placement);
        }
    }

    /// The next HL fed is the one at `position` among the set's HLs.
    pub(super) fn set_hl_position(&mut self, position: usize) {
        self.hl_position = position;
    }

    pub(super) fn segment_count(&self) -> usize {
        self.segments.len()
    }

    pub(super) fn hl_count(&self) -> usize {
        self.hls.len()
    }

    /// Ends a part that is not the set's last: the walker closes the loops opened in it
    /// (the header's stays open for the parts after it).
    pub(super) fn finish_part(mut self, last: bool, closed: bool) -> Transaction<'a> {
        let walker = std::mem::take(&mut self.walker);
        let structure = if last {
            walker.finish(closed)
        } else {
            walker.finish_part()
        };
        self.into_transaction(structure)
    }

    fn into_transaction(self, structure: Structure) -> Transaction<'a> {
        Transaction {
            segments: self.segments,
            loops: self.loops,
            placements: self.placements,
            structure,
            closed: self.closed,
            hls: self.hls,
            claims: self.claims,
            part: None,
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
                transport: TransportDetails::default(),
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
            (L2300, b"CR1") => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.cr1 = true;
                }
            }
            (L2310E, b"NM1") => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.pick_up = true;
                }
            }
            (L2310F, b"NM1") => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.drop_off = true;
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
        let position = self.hl_position;
        self.hl_position += 1;
        if line_number(s.value(1)) != Some(position + 1) {
            self.hl_ids.insert(s.value(1), me);
        }
        self.hls.push(Hl {
            segment: *s,
            index,
            position,
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
            .and_then(|position| match self.hls.get(position) {
                // Read whole, an HL's index is its position.
                Some(hl) if hl.position == position => Some(position),
                // Read in parts, positions are ascending but start later.
                _ => self
                    .hls
                    .binary_search_by_key(&position, |hl| hl.position)
                    .ok(),
            })
            .filter(|&i| self.hls[i].id == id);
        numbered.max(self.hl_ids.get(id).copied())
    }

    /// The service line being built.
    fn line(&mut self) -> Option<&mut ServiceLine<'a>> {
        self.claims.last_mut()?.lines.last_mut()
    }
}
