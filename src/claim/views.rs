//! Typed, borrowed views of what the model holds: HLs, claims (2300), service lines
//! (2400) and their drugs (2410).

use super::Sv1;
use crate::x12::values::{Date, date_range, date8, decimal};
use crate::x12::{Element, Segment};

/// One HL segment and what it says.
#[derive(Debug, Clone, Copy)]
pub struct Hl<'a> {
    pub segment: Segment<'a>,
    /// Index of the HL in [`Transaction::segments`].
    pub index: usize,
    /// 0-based position of the HL among all HLs of its transaction set (its index in
    /// [`Transaction::hls`], unless the set is read in parts).
    pub position: usize,
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
    #[inline(always)]
    pub fn push(&mut self, segment: Segment<'a>) {
        if let Listed::None = self.0 {
            // Nothing to drop in an empty list: an assignment called the drop of the
            // old value on every line's first date.
            std::mem::forget(std::mem::replace(&mut self.0, Listed::One(segment)));
            return;
        }
        self.push_more(segment);
    }

    /// [`SegmentList::push`] to a list that has a segment already.
    #[inline(never)]
    fn push_more(&mut self, segment: Segment<'a>) {
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
#[inline(always)]
pub(super) fn period(format: &[u8], value: &[u8]) -> Option<(Date, Date)> {
    match format {
        b"D8" => date8(value).map(|d| (d, d)),
        b"RD8" => date_range(value).filter(|(from, to)| from <= to),
        _ => None,
    }
}

/// CLM02 of `clm` with its amount in cents, when it is a number (see
/// [`Claim::total_charge`]), and CLM05 (see [`Claim::service_location`]), from one
/// marking of the segment's separators.
pub(super) fn claim_values<'a>(
    clm: &Segment<'a>,
) -> (Option<(Element<'a>, i128)>, Option<Element<'a>>) {
    let separators = clm.separators();
    let total = separators
        .element(2)
        .and_then(|total| Some((total, decimal(total.value).ok()?.cents()?)));
    (total, separators.element(5))
}

/// The values of elements 1 to `N` of a segment, as [`Segment::value`] gives them (empty
/// when absent), read in one pass instead of one pass each. Inlined: the model reads an
/// LX, HL and DTP of every claim with it, and a call returning the slices through memory
/// cost as much as reading them.
#[inline(always)]
pub(super) fn first_values<'a, const N: usize>(s: &Segment<'a>) -> [&'a [u8]; N] {
    let mut values = [&[][..]; N];
    let raw = s.raw;
    let separator = s.delimiters.element;
    let Some(mut separators) = super::bits::positions(raw, separator) else {
        // The first piece is the segment ID.
        for (value, piece) in values
            .iter_mut()
            .zip(raw.split(|&b| b == separator).skip(1))
        {
            *value = piece;
        }
        return values;
    };
    for value in &mut values {
        if separators == 0 {
            break;
        }
        let begin = separators.trailing_zeros() as usize + 1;
        separators &= separators - 1;
        let end = match separators {
            0 => raw.len(),
            rest => rest.trailing_zeros() as usize,
        };
        *value = &raw[begin..end];
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
    /// The line's LX; for a line whose LX is missing, the SV1 that started it (see
    /// [`ServiceLine::has_lx`]).
    pub lx: Segment<'a>,
    /// LX01 as a number, read once when the model is built, see [`ServiceLine::number`].
    pub(super) number: Option<usize>,
    /// False for a line started by an SV1 with no LX before it (H021 reports it).
    pub(super) has_lx: bool,
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
    /// A line started by its LX, whose LX01 reads as `number`.
    pub(super) fn new(lx: Segment<'a>, number: Option<usize>) -> Self {
        ServiceLine {
            lx,
            number,
            has_lx: true,
            sv1: None,
            service_dates: SegmentList::default(),
            date_of_service: None,
            drugs: Vec::new(),
        }
    }

    /// A line started by an SV1 with no LX before it: the SV1 stands in for the LX.
    pub(super) fn without_lx(sv1: Sv1<'a>) -> Self {
        ServiceLine {
            has_lx: false,
            sv1: Some(sv1),
            ..ServiceLine::new(sv1.segment, None)
        }
    }

    /// LX01 as a number, when it is one.
    pub fn number(&self) -> Option<usize> {
        self.number
    }

    /// Whether the line has its LX; a line without one was started by its SV1.
    pub fn has_lx(&self) -> bool {
        self.has_lx
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
    /// SBR09 of `sbr`, read once when the model is built: rules ask for it on every line.
    pub(super) filing_indicator: &'a [u8],
    /// CLM02 and its amount in cents, read once when the model is built: three rules
    /// judge the total (B001, B002, B003).
    pub(super) total_charge: Option<(Element<'a>, i128)>,
    /// CLM05, read once when the model is built: C017 and C023 judge its place of service,
    /// and the claim's frequency is its third component.
    pub(super) service_location: Option<Element<'a>>,
    /// The patient's DMG (2010CA, or 2010BA when the patient is the subscriber).
    pub patient_dmg: Option<Segment<'a>>,
    pub lines: Vec<ServiceLine<'a>>,
    /// NM109 of the billing provider (2010AA): the claim's billing NPI.
    pub billing_id: Option<crate::source::Span>,
    /// NM109 of the payer (2010BB): the payer ID.
    pub payer_id: Option<crate::source::Span>,
    /// Whether the claim has its ambulance transport details: CR1 in loop 2300, the
    /// pick-up location (loop 2310E) and the drop-off location (loop 2310F).
    pub transport: TransportDetails,
    /// Where the composites of `diagnoses` are (see [`Claim::diagnosis_list`]), read as
    /// the model is built: four rules read them. Kept as offsets, not pieces, so that
    /// the model's lifetime stays free to shorten.
    pub(super) diagnosis_list: DiagnosisList,
}

/// A claim's part of the composites of its transaction set's diagnosis HIs: one list
/// for the set's claims, not an allocation for each claim.
#[derive(Clone, Default)]
pub(super) struct DiagnosisList {
    /// Every claim's composites, in order; `None` until the model is built, and in a set
    /// with none.
    all: Option<std::sync::Arc<Vec<DiagnosisAt>>>,
    /// The claim's, as a range of `all`.
    start: u32,
    end: u32,
}

impl DiagnosisList {
    /// A claim's list that starts after the `before` composites of the claims before it.
    pub(super) fn starting_at(before: usize) -> Self {
        DiagnosisList {
            all: None,
            start: before as u32,
            end: before as u32,
        }
    }

    /// The claim's list ends after the first `count` composites of the set.
    pub(super) fn end_at(&mut self, count: usize) {
        self.end = count as u32;
    }

    /// Gives the list the set's composites, once all are read.
    pub(super) fn read_from(&mut self, all: &std::sync::Arc<Vec<DiagnosisAt>>) {
        self.all = Some(all.clone());
    }

    fn as_slice(&self) -> &[DiagnosisAt] {
        let range = self.start as usize..self.end as usize;
        self.all
            .as_deref()
            .and_then(|all| all.get(range))
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for DiagnosisList {
    /// The claim's composites only, not the set's.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// Appends the non-empty composites of diagnosis HI segment `hi` (the `n`th of its claim)
/// to `list`: qualifier and code, as offsets in the segment.
pub(super) fn composites(n: usize, hi: &Segment<'_>, list: &mut Vec<DiagnosisAt>) {
    let at = |p: crate::x12::Piece<'_>| ((p.start - hi.start) as u32, p.value.len() as u32);
    for e in hi.elements().filter(|e| !e.is_empty()) {
        let mut c = e.components();
        if let Some(qualifier) = c.next() {
            list.push(DiagnosisAt {
                hi: n as u32,
                position: e.position as u32,
                qualifier: at(qualifier),
                code: c.next().map(at),
            });
        }
    }
}

/// [`composites`] for a segment of up to 64 bytes, its separators marked a word at a
/// time; `false`, with nothing appended, for a longer one.
#[cfg(test)]
fn composites_by_bits(n: usize, hi: &Segment<'_>, list: &mut Vec<DiagnosisAt>) -> bool {
    let raw = hi.raw;
    let (Some(elements), Some(components)) = (
        super::bits::positions(raw, hi.delimiters.element),
        super::bits::positions(raw, hi.delimiters.component),
    ) else {
        return false;
    };
    composites_marked(n, raw.len(), (elements, components), list);
    true
}

/// [`composites`] of a segment of `len` bytes (at most 64) whose element and component
/// separators are marked in `elements` and `components`.
#[inline(always)]
pub(super) fn composites_marked(
    n: usize,
    len: usize,
    (elements, components): (u64, u64),
    list: &mut Vec<DiagnosisAt>,
) {
    // The ID ends at the first element separator; without one, there are no elements.
    let mut rest = super::bits::within(elements, 0, len);
    if rest == 0 {
        return;
    }
    let mut begin = rest.trailing_zeros() as usize + 1;
    rest &= rest - 1;
    let mut position = 1;
    loop {
        let end = if rest == 0 {
            len
        } else {
            rest.trailing_zeros() as usize
        };
        if end > begin {
            let mut separators = super::bits::within(components, begin, end);
            let first_end = if separators == 0 {
                end
            } else {
                separators.trailing_zeros() as usize
            };
            let code = (separators != 0).then(|| {
                separators &= separators - 1;
                let code_end = if separators == 0 {
                    end
                } else {
                    separators.trailing_zeros() as usize
                };
                ((first_end + 1) as u32, (code_end - first_end - 1) as u32)
            });
            list.push(DiagnosisAt {
                hi: n as u32,
                position,
                qualifier: (begin as u32, (first_end - begin) as u32),
                code,
            });
        }
        if rest == 0 {
            return;
        }
        rest &= rest - 1;
        begin = end + 1;
        position += 1;
    }
}

/// Where one diagnosis composite is: its HI among the claim's diagnosis HIs, its element
/// position, and its qualifier and code as (offset in the segment, length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DiagnosisAt {
    hi: u32,
    position: u32,
    qualifier: (u32, u32),
    code: Option<(u32, u32)>,
}

/// One composite of a diagnosis HI segment: `ABK:J029`.
#[derive(Debug, Clone, Copy)]
pub struct Diagnosis<'a> {
    pub hi: Segment<'a>,
    /// Element position in the HI segment (1 for HI01).
    pub position: usize,
    /// HIxx-1, the code list qualifier (`ABK`, `ABF`, `BK`, `BF`, or anything sent).
    pub qualifier: crate::x12::Piece<'a>,
    /// HIxx-2, the code, when present.
    pub code: Option<crate::x12::Piece<'a>>,
}

impl Diagnosis<'_> {
    /// `ABK` or `ABF`: an ICD-10-CM code.
    pub fn is_icd10(&self) -> bool {
        matches!(self.qualifier.value, b"ABK" | b"ABF")
    }

    /// `BK` or `BF`: an ICD-9-CM code.
    pub fn is_icd9(&self) -> bool {
        matches!(self.qualifier.value, b"BK" | b"BF")
    }

    /// The code's value, empty when absent.
    pub fn value(&self) -> &[u8] {
        self.code.map_or(&[][..], |c| c.value)
    }
}

/// Which of the ambulance transport details a claim carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransportDetails {
    pub cr1: bool,
    pub pick_up: bool,
    pub drop_off: bool,
}

impl<'a> Claim<'a> {
    /// The earliest of the lines' dates of service (the first day of each line's
    /// [`ServiceLine::date_of_service`]); `None` when no line has one. Several rules rule
    /// a claim out on it before reading anything else.
    #[inline]
    pub fn earliest_line_date(&self) -> Option<Date> {
        self.lines
            .iter()
            .filter_map(|line| Some(line.date_of_service.as_ref()?.from))
            .min()
    }

    /// CLM05-3, the claim frequency code (`1` original, `7` replacement, `8` void); empty
    /// when absent.
    pub fn frequency(&self) -> &'a [u8] {
        self.service_location
            .and_then(|e| e.component(3))
            .map_or(&[][..], |p| p.value)
    }

    /// CLM05, the health care service location: place of service (CLM05-1), facility code
    /// qualifier (CLM05-2) and claim frequency (CLM05-3); `None` when absent.
    pub fn service_location(&self) -> Option<Element<'a>> {
        self.service_location
    }

    /// SBR09, the claim filing indicator (`MB` Medicare Part B, `MC` Medicaid…).
    pub fn filing_indicator(&self) -> &'a [u8] {
        self.filing_indicator
    }

    /// CLM02, the total claim charge, and its amount in cents; `None` when it is absent or
    /// not a number (H034 reports it).
    pub fn total_charge(&self) -> Option<(Element<'a>, i128)> {
        self.total_charge
    }

    pub fn is_medicare(&self) -> bool {
        matches!(self.filing_indicator(), b"MA" | b"MB")
    }

    pub fn is_medicaid(&self) -> bool {
        self.filing_indicator() == b"MC"
    }

    /// Every non-empty composite of the claim's diagnosis HI segments, in pointer order.
    /// The segments were read as the model was built; this only slices them.
    pub fn diagnosis_list(&self) -> impl Iterator<Item = Diagnosis<'a>> + '_ {
        // The segments as a slice once, not a match on the list for each composite.
        let his = self.diagnoses.as_slice();
        self.diagnoses_at().iter().map(move |d| {
            let hi = his[d.hi as usize];
            let piece = |(offset, len): (u32, u32), position| {
                let (offset, len) = (offset as usize, len as usize);
                crate::x12::Piece {
                    value: hi.raw.get(offset..offset + len).unwrap_or_default(),
                    start: hi.start + offset,
                    position,
                }
            };
            Diagnosis {
                hi,
                position: d.position as usize,
                qualifier: piece(d.qualifier, 1),
                code: d.code.map(|c| piece(c, 2)),
            }
        })
    }

    /// The code of each composite of [`Claim::diagnosis_list`], in the same order (empty when
    /// absent): for comparing codes without building each composite.
    pub fn diagnosis_values(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let his = self.diagnoses.as_slice();
        self.diagnoses_at().iter().map(move |d| {
            let hi = &his[d.hi as usize];
            d.code.map_or(&[][..], |(offset, len)| {
                let (offset, len) = (offset as usize, len as usize);
                hi.raw.get(offset..offset + len).unwrap_or_default()
            })
        })
    }

    /// Where each composite of the diagnosis HI segments is.
    fn diagnoses_at(&self) -> &[DiagnosisAt] {
        self.diagnosis_list.as_slice()
    }

    /// Diagnosis codes of the claim in pointer order: HI01 of the first diagnosis HI is
    /// position 1, and so on, as (qualifier, code) pieces.
    pub fn diagnosis_codes(
        &self,
    ) -> impl Iterator<Item = (crate::x12::Piece<'a>, Option<crate::x12::Piece<'a>>)> + '_ {
        self.diagnosis_list().map(|d| (d.qualifier, d.code))
    }
}

/// CLM05-3 of a `CLM` segment, the claim frequency code; empty when absent, read from the
/// segment itself: what [`Claim::frequency`] (read with the model) and the duplicate-claim
/// keys (read in one pass over CLM) are held to in tests.
pub fn frequency_code<'a>(clm: &Segment<'a>) -> &'a [u8] {
    clm.element(5)
        .and_then(|e| e.component(3))
        .map_or(&[][..], |p| p.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::Delimiters;

    #[test]
    fn diagnoses_read_by_bits_are_those_read_element_by_element() {
        for text in [
            &b"HI*ABK:R1084*ABF:Z1331*ABF:S93401A"[..],
            b"HI*ABK:J029",
            b"HI*ABK:J029:D8:20240101*ABF:R509**",
            b"HI*ABK:J029**ABF:R509",
            b"HI*ABK*ABF:",
            b"HI*:J029*:*::",
            b"HI**",
            b"HI*",
            b"HI",
            b"",
            b"*ABK:J029",
            // 64 bytes, the longest read by bits.
            b"HI*ABK:J029*ABF:R509*ABF:R05*ABF:R062*ABF:J45909*ABF:Z87891*AB:1",
            b"HI*ABK:J029*ABF:R509*ABF:R05*ABF:R062*ABF:J45909*ABF:Z87891*ABF:E119",
        ] {
            let hi = Segment {
                raw: text,
                start: 1000,
                ordinal: 7,
                delimiters: Delimiters::default(),
            };
            let mut expected = Vec::new();
            composites(3, &hi, &mut expected);
            let mut by_bits = Vec::new();
            if composites_by_bits(3, &hi, &mut by_bits) {
                assert_eq!(by_bits, expected, "{}", String::from_utf8_lossy(text));
            } else {
                assert!(text.len() > 64 && by_bits.is_empty());
            }
        }
    }
}
