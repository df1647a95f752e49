//! The 837P loop model: which loop each segment belongs to, the HL hierarchy, and typed,
//! borrowed views of claims (2300) and service lines (2400).
//!
//! The model is built from the segments of one transaction set. The grammar's walker
//! ([`crate::grammar::Walker`]) places each segment in the guide's loop tree, so the loops
//! here are the guide's loops with no second opinion; a segment the walker cannot place
//! never hides the claims after it, since placement resumes at the next segment that fits.
//! Knows nothing of rules.

mod bits;
mod builder;
mod loop_id;
pub mod split;
mod sv1;
mod views;

pub use loop_id::LoopId;
pub use sv1::{PlainPointers, Sv1};
pub use views::*;

use crate::batch::{ClaimScan, ScannedClaims};
use crate::grammar::{Placement, Structure};
use crate::x12::Segments;
use crate::x12::segment::next_segment;
use crate::x12::{Segment, TransactionSet};
use builder::Builder;
use split::Part;

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
    /// For one part of a set read in parts: which of the segments are the part's own.
    pub part: Option<PartView<'a>>,
}

/// What a model of one part of a transaction set knows about its place in the set.
#[derive(Debug, Clone)]
pub struct PartView<'a> {
    /// Indices in [`Transaction::segments`] of the part's own segments; the others are
    /// read for context only and are reported on by the parts that own them.
    pub own: std::ops::Range<usize>,
    /// The HL before the part's first HL, which belongs to the part before.
    pub previous_hl: Option<Segment<'a>>,
    /// Whether the part's own segments and HLs are the ones the cut promised, and every HL
    /// parent it names was found: when not, the set is checked whole instead.
    pub consistent: bool,
    /// Where the walker placed the next part's first HL (read past the end), and where it
    /// placed this part's own first segment: parts fit together when each part's first
    /// placement equals the one the part before saw for it.
    pub suffix_placement: Option<(Placement, LoopId)>,
    pub first_placement: Option<(Placement, LoopId)>,
}

/// How a part of a set meets its neighbours: whether it is consistent, and where the
/// walker placed its own first segment and the next part's first HL (read past its end).
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    pub consistent: bool,
    pub first: Option<(Placement, LoopId)>,
    pub suffix: Option<(Placement, LoopId)>,
}

impl PartView<'_> {
    pub fn fit(&self) -> Fit {
        Fit {
            consistent: self.consistent,
            first: self.first_placement,
            suffix: self.suffix_placement,
        }
    }
}

/// Whether the parts of a set, in order, fit together: each is consistent and starts
/// where the part before saw it start. `None` is a model that is not a part. When they
/// do not, the set is modelled whole: its parts would not give what the whole gives.
pub fn parts_fit<'f>(fits: impl IntoIterator<Item = Option<&'f Fit>>) -> bool {
    let mut before: Option<&Fit> = None;
    for fit in fits {
        let Some(fit) = fit.filter(|f| f.consistent) else {
            return false;
        };
        if before.is_some_and(|b| b.suffix != fit.first) {
            return false;
        }
        before = Some(fit);
    }
    true
}

impl<'a> Transaction<'a> {
    /// Builds the model of one transaction set.
    pub fn build(bytes: &'a [u8], set: &TransactionSet<'a>) -> Self {
        Builder::for_set(set).run(Segments::new(
            bytes,
            set.st.start,
            set.end,
            set.st.ordinal,
            set.st.delimiters,
        ))
    }

    /// [`Transaction::build`], reading the keys of its claims (S120, `--seen`) with
    /// `keys` from the segments as they are placed.
    pub(crate) fn build_keyed(
        bytes: &'a [u8],
        set: &TransactionSet<'a>,
        keys: ClaimScan<'a>,
    ) -> (Self, ScannedClaims) {
        let mut builder = Builder::for_set(set);
        builder.read_keys(keys);
        builder.feed(Segments::new(
            bytes,
            set.st.start,
            set.end,
            set.st.ordinal,
            set.st.delimiters,
        ));
        let keys = builder.take_keys().unwrap_or_default();
        (builder.finish(), keys)
    }

    /// Models one part of a large transaction set (see [`split`]): its own segments,
    /// read after the prefix it needs and before the next part's first HL.
    pub fn build_part(bytes: &'a [u8], set: &TransactionSet<'a>, part: &Part) -> Self {
        Self::build_part_keyed(bytes, set, part, None).0
    }

    /// [`Transaction::build_part`], reading the keys of the claims of the part's own
    /// segments with `keys`, when given, as they are placed.
    pub(crate) fn build_part_keyed(
        bytes: &'a [u8],
        set: &TransactionSet<'a>,
        part: &Part,
        keys: Option<ClaimScan<'a>>,
    ) -> (Self, Option<ScannedClaims>) {
        let d = set.st.delimiters;
        let mut builder = Builder::for_part(part);
        if let Some(header) = &part.header {
            builder.feed(Segments::new(
                bytes,
                header.start,
                header.end,
                set.st.ordinal,
                d,
            ));
        }
        if let Some(provider) = &part.provider {
            builder.set_hl_position(provider.hl);
            builder.feed(Segments::new(
                bytes,
                provider.bytes.start,
                provider.bytes.end,
                provider.first_ordinal,
                d,
            ));
        }
        let (own_start, hls_before) = (builder.segment_count(), builder.hl_count());
        builder.set_hl_position(part.first_hl);
        if let Some(keys) = keys {
            builder.read_keys(keys);
        }
        builder.feed(Segments::new(
            bytes,
            part.own.start,
            part.own.end,
            part.first_ordinal,
            d,
        ));
        let keys = builder.take_keys();
        let (own_end, own_hls) = (builder.segment_count(), builder.hl_count() - hls_before);
        if let Some(at) = part.suffix
            && let Some((hl, _)) =
                next_segment(bytes, at, set.end, part.first_ordinal + part.segments, d)
        {
            builder.feed_one(hl);
        }
        let mut t = builder.finish_part(part.is_last(), set.se.is_some());
        let last = part.is_last();
        t.structure.findings.retain(|f| {
            (own_start..own_end).contains(&f.segment)
                // What the set's own loop lacks is found at its end, by the last part.
                || (last && f.segment == 0 && own_start > 0 && f.loop_index == crate::grammar::ROOT)
        });
        let consistent = own_end - own_start == part.segments
            && own_hls == part.hls
            && t.hls[hls_before..hls_before + own_hls]
                .iter()
                .all(|hl| hl.parent.is_empty() || hl.parent_hl.is_some());
        let placed = |i: usize| Some((*t.placements.get(i)?, *t.loops.get(i)?));
        t.part = Some(PartView {
            own: own_start..own_end,
            previous_hl: part
                .previous_hl
                .and_then(|at| next_segment(bytes, at, set.end, 0, d))
                .map(|(hl, _)| hl),
            consistent,
            suffix_placement: part.suffix.and_then(|_| placed(own_end)),
            first_placement: placed(own_start),
        });
        (t, keys)
    }

    /// The loop of the segment with this file ordinal.
    pub fn loop_of(&self, segment: &Segment<'_>) -> Option<LoopId> {
        let i = self
            .segments
            .binary_search_by_key(&segment.ordinal, |s| s.ordinal)
            .ok()?;
        self.loops.get(i).copied()
    }

    /// The HL before HL `i` (an index in [`Transaction::hls`]) in the transaction set,
    /// which for the first HL of a part belongs to the part before.
    pub fn previous_hl(&self, i: usize) -> Option<Segment<'a>> {
        let hl = self.hls.get(i)?;
        let before = hl.position.checked_sub(1)?;
        match i.checked_sub(1).map(|p| &self.hls[p]) {
            Some(previous) if previous.position == before => Some(previous.segment),
            _ => self.part.as_ref()?.previous_hl,
        }
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

    /// CLM02's amount in cents read the plain way: an optional minus sign, digits, and at
    /// most two decimals after a point.
    fn plain_cents(text: &[u8]) -> Option<i128> {
        let text = std::str::from_utf8(text).ok()?;
        let (sign, body) = match text.strip_prefix('-') {
            Some(body) => (-1, body),
            None => (1, text),
        };
        let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || whole.len() > 12 || (body.contains('.') && !digits(fraction)) {
            return None;
        }
        if fraction.len() > 2 {
            return None;
        }
        let cents = format!("{whole}{fraction:0<2}").parse::<i128>().ok()?;
        Some(sign * cents)
    }

    #[test]
    fn the_total_charge_and_service_location_read_once_are_clm02_and_clm05() {
        let mut claims = Vec::new();
        for total in [
            "150", "-150.5", "0.00", "0", "12.34", "1.005", "10.500", "", "A1", "1e3",
        ] {
            claims.push(FILE.replace("CLM*A1*150*", &format!("CLM*A1*{total}*")));
        }
        claims.push(FILE.replace("CLM*A1*150***11:B:1*Y*A*Y*Y", "CLM*A1"));
        for path in crate::test_files::samples_and_corpus() {
            claims.push(String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned());
        }
        let (mut read, mut plain) = (0, 0);
        for text in &claims {
            let doc = x12::parse(text.as_bytes());
            let sets = doc
                .interchanges
                .iter()
                .flat_map(|i| &i.groups)
                .flat_map(|g| &g.transactions);
            for set in sets {
                let t = Transaction::build(text.as_bytes(), set);
                for claim in &t.claims {
                    // CLM05 and the frequency in it, read with CLM02.
                    let clm05 = claim.clm.element(5);
                    assert_eq!(
                        claim
                            .service_location()
                            .map(|e| (e.value, e.start, e.position)),
                        clm05.map(|e| (e.value, e.start, e.position))
                    );
                    assert_eq!(claim.frequency(), frequency_code(&claim.clm));
                    let clm02 = claim.clm.element(2);
                    let total = claim.total_charge();
                    if let Some((element, _)) = total {
                        let clm02 = clm02.expect("CLM02 is there");
                        assert_eq!((element.value, element.start), (clm02.value, clm02.start));
                        read += 1;
                    }
                    if let Some(cents) = clm02.and_then(|e| plain_cents(e.value)) {
                        assert_eq!(total.map(|(_, c)| c), Some(cents), "{:?}", claim.clm.raw);
                        plain += 1;
                    }
                }
            }
        }
        assert!(
            read > 1000 && plain > 1000,
            "{read} totals read, {plain} plain"
        );
    }
}
