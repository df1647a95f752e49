//! Builds the model of one transaction set, segment by segment, as the grammar's walker
//! places each one.

use super::bits;
use super::views::{
    DiagnosisAt, DiagnosisList, claim_values, composites, composites_marked, first_values, period,
};
use super::*;
use crate::batch::{ClaimScan, Read, ScannedClaims};
use crate::grammar::Walker;
use crate::x12::segment::{ID_LEN_CAP, Segments};

#[cfg(test)]
pub(super) mod reference;

/// How many service lines a claim's first allocation holds: as many as fit in 1 KB, the
/// largest block mimalloc serves from its fast path (the `mimalloc` crate allocates with
/// an alignment, and the aligned fast path stops there). A `Vec`'s first four lines took a
/// larger block, and its slow path, for every claim.
const FIRST_LINES: usize = {
    let fit = 1024 / std::mem::size_of::<ServiceLine<'static>>();
    if fit == 0 { 1 } else { fit }
};

// A claim's usual lines (up to three) fit in the first block: a field that makes a line
// larger than a third of it costs every claim of three lines a second block.
const _: () = assert!(FIRST_LINES >= 3);

/// Appends the line `line` makes to a claim's `lines`, the first one in a block of
/// [`FIRST_LINES`]. The line is made once there is room for it, in its place: a line
/// made first and pushed after was copied there whole.
#[inline(always)]
fn push_line<'a>(lines: &mut Vec<ServiceLine<'a>>, line: impl FnOnce() -> ServiceLine<'a>) {
    if lines.capacity() == 0 {
        lines.reserve_exact(FIRST_LINES);
    }
    lines.extend(std::iter::once_with(line));
}

#[derive(Default)]
pub(super) struct Builder<'a> {
    segments: Vec<Segment<'a>>,
    loops: Vec<LoopId>,
    placements: Vec<Placement>,
    hls: Vec<Hl<'a>>,
    claims: Vec<Claim<'a>>,
    /// The composites of every claim's diagnosis HIs, in order: each claim's list is a
    /// range of it.
    diagnosis_at: Vec<DiagnosisAt>,
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
    /// The claims' keys (S120, `--seen`), read from the segments as they are placed,
    /// while they are gathered.
    keys: Option<ClaimScan<'a>>,
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
        builder.diagnosis_at.reserve(set.segment_count / 4);
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
        builder.diagnosis_at.reserve(room / 4);
        builder
    }

    pub(super) fn run(mut self, segments: Segments<'a>) -> Transaction<'a> {
        self.feed(segments);
        self.finish()
    }

    /// Ends a set read whole.
    pub(super) fn finish(mut self) -> Transaction<'a> {
        let structure = std::mem::take(&mut self.walker).finish(self.closed);
        self.into_transaction(structure)
    }

    /// Reads the keys of the claims of the segments fed from now on with `keys`.
    pub(super) fn read_keys(&mut self, mut keys: ClaimScan<'a>) {
        // As many claims as the model made room for.
        keys.reserve(self.claims.capacity() - self.claims.len());
        self.keys = Some(keys);
    }

    /// The keys read since [`Builder::read_keys`], which stops reading them.
    pub(super) fn take_keys(&mut self) -> Option<ScannedClaims> {
        let end = self.segments.last().map_or(0, |s| s.start + s.raw.len());
        self.keys.take().map(|keys| keys.finish_at(end))
    }

    /// Places `segments` after the ones fed before.
    pub(super) fn feed(&mut self, segments: Segments<'a>) {
        // Each segment comes with the length of its ID, found as its end was.
        self.feed_with_ids(segments.with_id_lens());
    }

    /// Places `segment` after the ones fed before.
    pub(super) fn feed_one(&mut self, segment: Segment<'a>) {
        let id_len = segment.id().len().min(ID_LEN_CAP);
        self.feed_with_ids(std::iter::once((segment, id_len)));
    }

    /// [`Builder::feed`] of segments each with the length of its ID, capped at
    /// [`ID_LEN_CAP`].
    #[inline(always)]
    fn feed_with_ids(&mut self, segments: impl Iterator<Item = (Segment<'a>, usize)>) {
        // Held outside the builder while the segments are placed, and a set modelled
        // without keys does not look for them at every segment.
        match self.keys.take() {
            Some(mut keys) => {
                self.place(segments, &mut keys);
                self.keys = Some(keys);
            }
            None => self.place(segments, &mut NoKeys),
        }
    }

    /// [`Builder::feed`], passing each segment to `keys` as it is placed.
    #[inline(always)]
    fn place(
        &mut self,
        segments: impl Iterator<Item = (Segment<'a>, usize)>,
        keys: &mut impl Keys<'a>,
    ) {
        let loops = LoopId::grammar_table();
        for (segment, id_len) in segments {
            let key = ids::key_of(segment.raw, id_len);
            // One match on the ID per segment: each arm places the segment with its ID
            // known when compiled, so that what the model and the keys read of it, and
            // the qualifier the walker is given, are that ID's code alone. Matched
            // again in each of the three, the ID cost 1.0 M instructions more on the
            // 1 MB file. Every ID the three match on has its arm: one left to `OTHER`
            // would be placed but not modelled (the tests against the reference
            // model, which reads the ID itself, fail then).
            match key {
                ids::ST => self.place_one::<{ ids::ST }>(segment, key, loops, keys),
                ids::SE => self.place_one::<{ ids::SE }>(segment, key, loops, keys),
                ids::HL => self.place_one::<{ ids::HL }>(segment, key, loops, keys),
                ids::CLM => self.place_one::<{ ids::CLM }>(segment, key, loops, keys),
                ids::LX => self.place_one::<{ ids::LX }>(segment, key, loops, keys),
                ids::LIN => self.place_one::<{ ids::LIN }>(segment, key, loops, keys),
                ids::SBR => self.place_one::<{ ids::SBR }>(segment, key, loops, keys),
                ids::NM1 => self.place_one::<{ ids::NM1 }>(segment, key, loops, keys),
                ids::DMG => self.place_one::<{ ids::DMG }>(segment, key, loops, keys),
                ids::HI => self.place_one::<{ ids::HI }>(segment, key, loops, keys),
                ids::DTP => self.place_one::<{ ids::DTP }>(segment, key, loops, keys),
                ids::CR1 => self.place_one::<{ ids::CR1 }>(segment, key, loops, keys),
                ids::SV1 => self.place_one::<{ ids::SV1 }>(segment, key, loops, keys),
                ids::CTP => self.place_one::<{ ids::CTP }>(segment, key, loops, keys),
                _ => self.place_one::<{ ids::OTHER }>(segment, key, loops, keys),
            }
        }
    }

    /// Places `segment`, whose ID has the key `key`, as one of the segments the model
    /// records by their `ID` ([`ids::OTHER`] for the others, which it only places).
    #[inline(always)]
    fn place_one<const ID: u32>(
        &mut self,
        segment: Segment<'a>,
        key: u32,
        loops: &[LoopId],
        keys: &mut impl Keys<'a>,
    ) {
        let index = self.segments.len();
        let values = Values::of(ID, &segment);
        let placement = self
            .walker
            .place_by_qualifier(index, &segment, key, values.qualifier());
        keys.placed(ID, &segment, &self.segments, values);
        #[cfg(test)]
        let id = if reference::enabled() {
            self.assign_reference(index, &segment, placement)
        } else {
            self.assign(index, &segment, placement, loops, ID, values)
        };
        #[cfg(not(test))]
        let id = self.assign(index, &segment, placement, loops, ID, values);
        self.segments.push(segment);
        self.loops.push(id);
        self.placements.push(placement);
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

    fn into_transaction(mut self, structure: Structure) -> Transaction<'a> {
        if !self.diagnosis_at.is_empty() {
            let all = std::sync::Arc::new(self.diagnosis_at);
            for claim in &mut self.claims {
                claim.diagnosis_list.read_from(&all);
            }
        }
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
    #[inline(always)]
    fn assign(
        &mut self,
        index: usize,
        s: &Segment<'a>,
        placement: Placement,
        loops: &[LoopId],
        id: u32,
        values: Values<'a>,
    ) -> LoopId {
        use LoopId::*;
        use ids::*;
        let loop_id = match id {
            ST => Header,
            SE => Trailer,
            _ => loops[placement.loop_index()],
        };
        match (loop_id, id) {
            (_, HL) => {
                if let Values::Hl(values) = values {
                    self.hl(index, s, values);
                }
            }
            (L2300, CLM) => self.claim(s),
            (L2400, LX) => {
                if let Some(claim) = self.claims.last_mut() {
                    let number = line_number(lx01(s));
                    push_line(&mut claim.lines, || ServiceLine::new(*s, number));
                }
            }
            (L2410, LIN) => {
                if let Some(line) = self.line() {
                    line.drugs.push(Drug { lin: *s, ctp: None });
                }
            }
            (L2000B, SBR) => self.sbr = Some(*s),
            (L2010AA, NM1) => self.billing_id = nm109(s, values),
            (L2010BB, NM1) => self.payer_id = nm109(s, values),
            (L2010BA, DMG) => self.subscriber_dmg = Some(*s),
            (L2010CA, DMG) => self.patient_dmg = Some(*s),
            (L2300, HI) => self.hi(s),
            (L2300, DTP) => {
                if let Some(c) = self.claims.last_mut() {
                    c.dates.push(*s);
                }
            }
            (L2300, CR1) => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.cr1 = true;
                }
            }
            (L2310E, NM1) => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.pick_up = true;
                }
            }
            (L2310F, NM1) => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.drop_off = true;
                }
            }
            (L2400, SV1) => {
                if placement.opened {
                    if let Some(claim) = self.claims.last_mut() {
                        push_line(&mut claim.lines, || ServiceLine::without_lx(Sv1::new(*s)));
                    }
                } else if let Some(line) = self.line()
                    && line.sv1.is_none()
                {
                    Sv1::read_into(&mut line.sv1, *s);
                }
            }
            (L2400, DTP) => {
                if let Values::Dtp(values) = values {
                    self.service_date(s, values);
                }
            }
            (L2410, CTP) => {
                if let Some(drug) = self.line().and_then(|l| l.drugs.last_mut())
                    && drug.ctp.is_none()
                {
                    drug.ctp = Some(*s);
                }
            }
            _ => {}
        }
        loop_id
    }

    fn claim(&mut self, s: &Segment<'a>) {
        let (total_charge, service_location) = claim_values(s);
        let (ordinal, sbr, billing_id, payer_id) = (
            self.claims.len() + 1,
            self.sbr,
            self.billing_id,
            self.payer_id,
        );
        let patient_dmg = if self.level == Some(LoopId::L2000C) {
            self.patient_dmg
        } else {
            self.subscriber_dmg
        };
        let diagnosis_list = DiagnosisList::starting_at(self.diagnosis_at.len());
        // Made once there is room for it, in its place, not made first and copied there.
        self.claims.extend(std::iter::once_with(|| Claim {
            ordinal,
            clm: *s,
            diagnoses: SegmentList::default(),
            diagnosis_count: 0,
            dates: SegmentList::default(),
            sbr,
            filing_indicator: sbr.map_or(&[][..], |s| element_value(&s, 9)),
            total_charge,
            service_location,
            patient_dmg,
            lines: Vec::new(),
            billing_id,
            payer_id,
            transport: TransportDetails::default(),
            diagnosis_list,
        }));
    }

    /// An HI of loop 2300: a diagnosis HI (HI01-1 `ABK`, `BK`, `ABF` or `BF`) is kept,
    /// with the count of its codes (its non-empty elements) and where its composites are.
    fn hi(&mut self, s: &Segment<'a>) {
        let Some(claim) = self.claims.last_mut() else {
            return;
        };
        let raw = s.raw;
        let d = s.delimiters;
        // The element and component separators marked at once: the qualifier, the count
        // and the composites are read from the two marks.
        let Some(marks @ (elements, components)) =
            bits::positions_of_two(raw, d.element, d.component)
        else {
            return self.long_hi(s);
        };
        let qualifier = bits::element(elements, raw.len(), 1).map(|(begin, end)| {
            let cut = bits::within(components, begin, end);
            let hi01_1_end = if cut == 0 {
                end
            } else {
                cut.trailing_zeros() as usize
            };
            &raw[begin..hi01_1_end]
        });
        if !is_diagnosis(qualifier) {
            return;
        }
        claim.diagnoses.push(*s);
        let before = self.diagnosis_at.len();
        composites_marked(
            claim.diagnoses.len() - 1,
            raw.len(),
            marks,
            &mut self.diagnosis_at,
        );
        // One composite for each non-empty element: the codes the claim counts.
        claim.diagnosis_count += self.diagnosis_at.len() - before;
        claim.diagnosis_list.end_at(self.diagnosis_at.len());
    }

    /// [`Builder::hi`] of an HI longer than 64 bytes, read element by element.
    #[cold]
    #[inline(never)]
    fn long_hi(&mut self, s: &Segment<'a>) {
        let Some(claim) = self.claims.last_mut() else {
            return;
        };
        if !is_diagnosis(s.element(1).and_then(|e| e.component(1)).map(|p| p.value)) {
            return;
        }
        claim.diagnoses.push(*s);
        let before = self.diagnosis_at.len();
        composites(claim.diagnoses.len() - 1, s, &mut self.diagnosis_at);
        claim.diagnosis_count += self.diagnosis_at.len() - before;
        claim.diagnosis_list.end_at(self.diagnosis_at.len());
    }

    /// A DTP of loop 2400: a service date (DTP01 `472`) is kept, and the first readable
    /// one is the line's date of service.
    fn service_date(&mut self, s: &Segment<'a>, [qualifier, format, value]: [&'a [u8]; 3]) {
        if matches!(qualifier, [b'4', b'7', b'2'])
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

    fn hl(&mut self, index: usize, s: &Segment<'a>, [hl01, hl02, hl03, hl04]: [&'a [u8]; 4]) {
        let level = match hl03 {
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
        let parent_hl = match hl02 {
            b"" => None,
            parent => self.latest_hl(parent),
        };
        let enclosing = match hl03 {
            b"22" => self.open_provider,
            b"23" => self.open_subscriber,
            _ => None,
        };
        match hl03 {
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
        if line_number(hl01) != Some(position + 1) {
            self.hl_ids.insert(hl01, me);
        }
        self.hls.push(Hl {
            segment: *s,
            index,
            position,
            id: hl01,
            parent: hl02,
            level: hl03,
            child_code: hl04,
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
            .and_then(|position| self.hl_at(position))
            .filter(|&i| self.hls[i].id == id);
        numbered.max(self.hl_ids.get(id).copied())
    }

    /// Index in `hls` of the HL at `position` among the set's HLs, if it was fed.
    fn hl_at(&self, position: usize) -> Option<usize> {
        // Read whole, an HL's index is its position.
        if let Some(hl) = self.hls.get(position)
            && hl.position == position
        {
            return Some(position);
        }
        // Read in parts, positions are ascending but start later, and after the part's
        // billing provider they follow on: the HL at `position` is as many places before
        // the last one as its position is before the last one's.
        let last = self.hls.len().checked_sub(1)?;
        let back = self.hls[last].position.checked_sub(position)?;
        if let Some(i) = last.checked_sub(back)
            && self.hls[i].position == position
        {
            return Some(i);
        }
        self.hls
            .binary_search_by_key(&position, |hl| hl.position)
            .ok()
    }

    /// The service line being built.
    fn line(&mut self) -> Option<&mut ServiceLine<'a>> {
        self.claims.last_mut()?.lines.last_mut()
    }
}

/// Whether HI01-1, `qualifier`, names a diagnosis code list: `ABK` or `ABF` (ICD-10-CM),
/// `BK` or `BF` (ICD-9-CM). Byte patterns, not slices compared with `==` (each a call to
/// `memcmp`).
#[inline(always)]
fn is_diagnosis(qualifier: Option<&[u8]>) -> bool {
    matches!(
        qualifier,
        Some([b'A', b'B', b'K' | b'F'] | [b'B', b'K' | b'F'])
    )
}

/// The first values of a segment that both the model and the claims' keys read (an HL's
/// four, a DTP's three, the NM109 of a billing provider's or payer's NM1), read once for
/// the two; with them the segment's qualifier (HL03, DTP01, NM101), which the walker
/// takes from here instead of reading it again.
#[derive(Clone, Copy)]
enum Values<'a> {
    Hl([&'a [u8]; 4]),
    Dtp([&'a [u8]; 3]),
    /// An NM1 whose NM101 is `85` or, when `payer`, `PR`, and where its NM109 is.
    Nm1 {
        payer: bool,
        nm109: Option<crate::source::Span>,
    },
    /// Another NM1 with an NM101 of two bytes: the NM101, for the walker.
    Nm101(&'a [u8]),
    None,
}

impl<'a> Values<'a> {
    #[inline(always)]
    fn of(id: u32, s: &Segment<'a>) -> Self {
        match id {
            // Taken apart and put back: the array copied whole read 16 bytes back that
            // two 8-byte stores had just written (a store-forwarding stall on every HL
            // and DTP, in perf's samples); its parts are read as they were written.
            ids::HL => {
                let [hl01, hl02, hl03, hl04] = first_values(s);
                Values::Hl([hl01, hl02, hl03, hl04])
            }
            ids::DTP => {
                let [dtp01, dtp02, dtp03] = first_values(s);
                Values::Dtp([dtp01, dtp02, dtp03])
            }
            ids::NM1 => Self::nm1(s),
            _ => Values::None,
        }
    }

    /// The segment's qualifier among the values read (HL03, DTP01), for the walker,
    /// which would otherwise read it again; `None` where they do not hold it.
    #[inline(always)]
    fn qualifier(self) -> Option<&'a [u8]> {
        match self {
            Values::Hl([_, _, hl03, _]) => Some(hl03),
            Values::Dtp([dtp01, _, _]) => Some(dtp01),
            Values::Nm1 { payer: true, .. } => Some(b"PR"),
            Values::Nm1 { payer: false, .. } => Some(b"85"),
            Values::Nm101(nm101) => Some(nm101),
            Values::None => None,
        }
    }

    /// [`Values::Nm1`] of an NM1 (its ID and separator are its first four bytes): NM101
    /// is read in place, and most NM1s are neither a billing provider's nor a payer's.
    #[inline(always)]
    fn nm1(s: &Segment<'a>) -> Self {
        let raw = s.raw;
        let separator = s.delimiters.element;
        if raw.get(6).is_some_and(|&b| b != separator) {
            return Values::None;
        }
        let payer = match raw.get(4..6) {
            Some(b"85") => false,
            Some(b"PR") => true,
            // Most NM1s' NM101 is two bytes too (`IL`, `QC`, `DN`, ...).
            Some(nm101 @ [a, b]) if *a != separator && *b != separator => {
                return Values::Nm101(nm101);
            }
            _ => return Values::None,
        };
        Values::Nm1 {
            payer,
            nm109: element_span(s, 9),
        }
    }
}

/// LX01 of `s`, an LX, as [`first_values`] reads it: the ID is two bytes, so LX01 starts
/// after the separator at the third, and runs to the next one. A line's LX is a few
/// bytes, where marking its separators cost more than looking at them; and
/// [`Segment::value`], which reads from the ID on and builds the whole element, cost
/// 0.23 M instructions more on the 1 MB file.
#[inline(always)]
fn lx01<'a>(s: &Segment<'a>) -> &'a [u8] {
    let separator = s.delimiters.element;
    let rest = s.raw.get(3..).unwrap_or_default();
    let end = rest
        .iter()
        .position(|&b| b == separator)
        .unwrap_or(rest.len());
    &rest[..end]
}

/// NM109's span in `s`, an NM1, from `values` when they hold it.
#[inline(always)]
fn nm109(s: &Segment<'_>, values: Values<'_>) -> Option<crate::source::Span> {
    match values {
        Values::Nm1 { nm109, .. } => nm109,
        _ => element_span(s, 9),
    }
}

/// What reads the claims' keys from the segments as the model places them: a
/// [`ClaimScan`], or [`NoKeys`] for a set modelled without them. A trait, not a closure:
/// the compiler left the closure's reading of a DTP out of line, a call for every
/// service date.
trait Keys<'a> {
    /// Reads `s`, whose ID has the key `id`, as it is placed; `fed` are the segments
    /// fed before it, `values` what the model read of it.
    fn placed(&mut self, id: u32, s: &Segment<'a>, fed: &[Segment<'a>], values: Values<'a>);
}

/// Passes each segment the keys are read from to the scan. The ID was read to place the
/// segment: the keys cost no second look at every segment of the set.
impl<'a> Keys<'a> for ClaimScan<'a> {
    #[inline(always)]
    fn placed(&mut self, id: u32, s: &Segment<'a>, fed: &[Segment<'a>], values: Values<'a>) {
        // Where the segment before ends, which only a segment that closes a claim needs:
        // found then, not for every segment.
        let before = || fed.last().map_or(0, |p| p.start + p.raw.len());
        match (id, values) {
            (ids::CLM, _) => self.read(Read::Clm, s, before()),
            (ids::HL, Values::Hl([_, _, hl03, _])) => self.read_hl(hl03, before()),
            (ids::SE, _) => self.read(Read::Se, s, before()),
            (ids::NM1, Values::Nm1 { payer, nm109 }) => self.read_nm1(payer, nm109),
            (ids::LX, _) => self.read(Read::Lx, s, 0),
            (ids::SV1, _) => self.read(Read::Sv1, s, 0),
            (ids::DTP, Values::Dtp([dtp01, _, dtp03])) => self.read_dtp(s, dtp01, dtp03),
            _ => {}
        }
    }
}

/// No keys read: the model alone.
struct NoKeys;

impl<'a> Keys<'a> for NoKeys {
    #[inline(always)]
    fn placed(&mut self, _: u32, _: &Segment<'a>, _: &[Segment<'a>], _: Values<'a>) {}
}

/// The value of element `n` of `s`, as [`Segment::value`] gives it, from one marking of
/// its separators (a call to `Segment::value` built the whole element to keep its value).
#[inline(always)]
fn element_value<'a>(s: &Segment<'a>, n: usize) -> &'a [u8] {
    match bits::positions(s.raw, s.delimiters.element) {
        Some(separators) => bits::element(separators, s.raw.len(), n)
            .map_or(&[][..], |(begin, end)| &s.raw[begin..end]),
        None => s.value(n),
    }
}

/// The span of element `n` of `s`, as `s.element(n).map(|e| e.span())` gives it.
fn element_span(s: &Segment<'_>, n: usize) -> Option<crate::source::Span> {
    match bits::positions(s.raw, s.delimiters.element) {
        Some(separators) => bits::element(separators, s.raw.len(), n)
            .map(|(begin, end)| crate::source::Span::at(s.start + begin, end - begin)),
        None => s.element(n).map(|e| e.span()),
    }
}

/// The segment IDs the model records, each read as one number: the ID's bytes and its
/// length, so that a segment is matched by comparing integers, not byte strings.
mod ids {
    const fn of(id: &[u8]) -> u32 {
        let mut key = [0u8; 4];
        let mut i = 0;
        while i < id.len() {
            key[i] = id[i];
            i += 1;
        }
        key[3] = id.len() as u8;
        u32::from_le_bytes(key)
    }

    /// The key of the ID of a segment (its bytes before the first element separator),
    /// or 0 for an ID that is not two or three bytes long (no ID the model records):
    /// what [`key_of`] is held to.
    #[cfg(test)]
    pub(super) fn key(raw: &[u8], separator: u8) -> u32 {
        let not = |b: &u8| *b != separator;
        let (id, len) = match *raw {
            [a, b] | [a, b, _, ..] if not(&a) && not(&b) && raw.get(2).is_none_or(|c| !not(c)) => {
                ([a, b, 0], 2)
            }
            [a, b, c] | [a, b, c, _, ..]
                if not(&a) && not(&b) && not(&c) && raw.get(3).is_none_or(|d| !not(d)) =>
            {
                ([a, b, c], 3)
            }
            _ => return 0,
        };
        u32::from_le_bytes([id[0], id[1], id[2], len])
    }

    /// [`key`] of a segment whose ID is `id_len` bytes long (capped at
    /// [`super::ID_LEN_CAP`]), found as the segment was read.
    #[inline(always)]
    pub(super) fn key_of(raw: &[u8], id_len: usize) -> u32 {
        match (id_len, raw) {
            (2, [a, b, ..]) => u32::from_le_bytes([*a, *b, 0, 2]),
            (3, [a, b, c, ..]) => u32::from_le_bytes([*a, *b, *c, 3]),
            _ => 0,
        }
    }

    /// Any ID the model does not record (no key is 0: its last byte is the ID's length).
    pub(super) const OTHER: u32 = 0;
    pub(super) const ST: u32 = of(b"ST");
    pub(super) const SE: u32 = of(b"SE");
    pub(super) const HL: u32 = of(b"HL");
    pub(super) const CLM: u32 = of(b"CLM");
    pub(super) const LX: u32 = of(b"LX");
    pub(super) const LIN: u32 = of(b"LIN");
    pub(super) const SBR: u32 = of(b"SBR");
    pub(super) const NM1: u32 = of(b"NM1");
    pub(super) const DMG: u32 = of(b"DMG");
    pub(super) const HI: u32 = of(b"HI");
    pub(super) const DTP: u32 = of(b"DTP");
    pub(super) const CR1: u32 = of(b"CR1");
    pub(super) const SV1: u32 = of(b"SV1");
    pub(super) const CTP: u32 = of(b"CTP");

    #[cfg(test)]
    mod tests {
        #[test]
        fn keys_are_the_ids_before_the_separator() {
            let key = |raw: &[u8]| super::key(raw, b'*');
            assert_eq!(key(b"ST*837*0001"), super::ST);
            assert_eq!(key(b"ST"), super::ST);
            assert_eq!(key(b"CLM"), super::CLM);
            assert_eq!(key(b"CLM*A1"), super::CLM);
            assert_eq!(key(b"HI*ABK:J029"), super::HI);
            for other in [
                &b""[..],
                b"S",
                b"*",
                b"S*T",
                b"*ST",
                b"CLMX*A",
                b"CLMX",
                b"HIX",
                b"NM",
                b"NM1X",
            ] {
                assert!(
                    ![super::ST, super::CLM, super::HI, super::NM1].contains(&key(other)),
                    "{other:?}"
                );
            }
            assert_eq!(key(b"CL*M"), super::of(b"CL"));
            assert_ne!(key(b"CL*M"), super::CLM);
        }

        /// The key read from the length of the ID is the key read from the bytes, for
        /// every segment of up to six bytes made of the separator, ID letters and a zero
        /// byte, its ID's length found as `Segment::id` finds it and capped.
        #[test]
        fn keys_of_the_id_length_are_those_read_from_the_bytes() {
            let alphabet = [b'*', b'S', b'T', 0, 0xff];
            for separator in [b'*', 0, 0xff] {
                for len in 0..=6u32 {
                    for n in 0..5usize.pow(len) {
                        let raw: Vec<u8> =
                            (0..len).map(|i| alphabet[n / 5usize.pow(i) % 5]).collect();
                        let segment = crate::x12::Segment::written_with(&raw, separator);
                        let id_len = segment.id().len().min(super::super::ID_LEN_CAP);
                        assert_eq!(
                            super::key_of(&raw, id_len),
                            super::key(&raw, separator),
                            "{raw:?} {separator}"
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Elements read from one marking are [`Segment::value`]'s and [`Segment::element`]'s
    /// spans, for segments shorter and longer than a word's 64 bytes; and the NM109 read
    /// once for the model and the keys is the billing provider's or payer's alone.
    #[test]
    fn elements_read_from_one_marking_are_the_segments() {
        let long = format!("NM1*PR*2*{}*****PI*12345", "P".repeat(70));
        for text in [
            "SBR*P*18*******MB",
            "SBR*P*18*******",
            "SBR*P",
            "SBR",
            "NM1*85*2*PRACTICE*****XX*1234567893",
            "NM1*PR*2*PLAN*****PI*1",
            "NM1*PRX*2*PLAN*****PI*1",
            "NM1*85",
            "NM1*8",
            "NM1*IL*1*DOE*JANE****MI*1",
            "NM1*IL",
            "NM1**L*1",
            "NM1*I**1",
            "NM1***1",
            "NM1*I:*1",
            "NM1*QC*1*DOE",
            "NM1*QCX*1*DOE",
            long.as_str(),
        ] {
            let s = Segment::written_with(text.as_bytes(), b'*');
            for n in 0..12 {
                assert_eq!(element_value(&s, n), s.value(n), "{text} {n}");
                assert_eq!(
                    element_span(&s, n),
                    s.element(n).map(|e| e.span()),
                    "{text}"
                );
            }
            let read = match Values::nm1(&s) {
                Values::Nm1 { payer, nm109 } => Some((payer, nm109)),
                _ => None,
            };
            let expected = match s.value(1) {
                b"85" => Some((false, s.element(9).map(|e| e.span()))),
                b"PR" => Some((true, s.element(9).map(|e| e.span()))),
                _ => None,
            };
            assert_eq!(read, expected, "{text}");
            // NM101, where it is read, is NM101.
            if let Some(nm101) = Values::nm1(&s).qualifier() {
                assert_eq!(nm101, s.value(1), "{text}");
            }
        }
    }

    /// LX01 read in place is the first value as the model reads it from the marks.
    #[test]
    fn lx01_is_the_first_value() {
        for text in [
            "LX*1",
            "LX*12",
            "LX*",
            "LX",
            "LX**",
            "LX*1*2",
            "LX*+3",
            "LX*123456789012345678",
            "LX*1234567890123456789012345678901234567890123456789012345678901234567890",
        ] {
            for separator in [b'*', b'|', 0x1d] {
                let raw = Segment::text_with_separator(text, separator);
                let s = Segment::written_with(&raw, separator);
                let [first] = first_values(&s);
                assert_eq!(lx01(&s), first, "{text} {separator}");
            }
        }
    }

    /// The HL at a position is found from the end of the list as a binary search finds
    /// it, whether the positions start at 0 (a set read whole) or later with a gap after
    /// the part's billing provider (a part), and not at all for a position not fed.
    #[test]
    fn hls_are_found_by_position_as_a_search_finds_them() {
        let segment = Segment {
            raw: b"HL*1**20*1",
            start: 0,
            ordinal: 1,
            delimiters: crate::x12::Delimiters::default(),
        };
        for positions in [
            &[][..],
            &[0],
            &[0, 1, 2, 3],
            &[7],
            &[3, 9, 10, 11],
            &[3, 4, 9, 10, 11],
            &[0, 5, 6, 20, 21, 22],
        ] {
            let mut builder = Builder::default();
            for &position in positions {
                builder.hls.push(Hl {
                    segment,
                    index: 0,
                    position,
                    id: b"1",
                    parent: b"",
                    level: b"20",
                    child_code: b"1",
                    parent_hl: None,
                    enclosing: None,
                    first_child: None,
                });
            }
            for position in 0..30 {
                let searched = builder
                    .hls
                    .binary_search_by_key(&position, |hl| hl.position)
                    .ok();
                assert_eq!(
                    builder.hl_at(position),
                    searched,
                    "{positions:?} {position}"
                );
            }
        }
    }
}
