//! What identifies an interchange and a claim beyond one file, for the run-level checks
//! X050 `duplicate-interchange` and S120 `duplicate-claim`.
//!
//! [`interchanges`] and [`claims`] read the keys from a parsed file without building the
//! loop model: they walk each transaction set's segments once. [`check_file`] reports
//! duplicates inside one file (called by [`crate::lint`]); the command line compares the
//! same keys, hashed, across the files of a run and with the `--seen` state of earlier runs.

use crate::rule::Rule;
use crate::rules::Checker;
use crate::rules::s::s120_duplicate_claim;
use crate::rules::x::x050_duplicate_interchange;
use crate::x12::{Document, Segment, Segments};
use std::collections::HashMap;

/// One interchange: who sent it, its control number and where its content is.
#[derive(Debug, Clone, Copy)]
pub struct InterchangeKey<'a> {
    pub isa: Segment<'a>,
    /// ISA05 and ISA06 (interchange sender qualifier and ID), padding removed.
    pub sender: (&'a [u8], &'a [u8]),
    /// ISA13.
    pub control: &'a [u8],
    /// Offset just past the last segment of the interchange (its IEA when present).
    pub end: usize,
}

impl<'a> InterchangeKey<'a> {
    /// The segments after the ISA, to the IEA: the content that makes two interchanges the
    /// same (line breaks between segments and the ISA's date and time do not count).
    pub fn content(&self, bytes: &'a [u8]) -> Segments<'a> {
        let after = (self.isa.start + self.isa.raw.len() + 1).min(self.end);
        Segments::new(
            bytes,
            after,
            self.end,
            self.isa.ordinal + 1,
            self.isa.delimiters,
        )
    }
}

/// One claim (loop 2300) and what identifies it: billing provider, claim number, dates
/// of service, total charge and frequency.
#[derive(Debug, Clone, Copy)]
pub struct ClaimKey<'a> {
    pub clm: Segment<'a>,
    /// The ST of its transaction set.
    pub st: Segment<'a>,
    /// ISA13, GS06 and ST02 of the envelope.
    pub interchange: &'a [u8],
    pub group: &'a [u8],
    pub transaction: &'a [u8],
    /// 1-based ordinal of the claim in its transaction set.
    pub ordinal: usize,
    /// NM109 of the billing provider (2010AA `NM1*85`).
    pub billing_npi: &'a [u8],
    /// NM109 of the payer (2010BB `NM1*PR`).
    pub payer_id: &'a [u8],
    /// CLM01.
    pub claim_number: &'a [u8],
    /// CLM02.
    pub total: &'a [u8],
    /// CLM05-3: 1 original, 7 replacement, 8 void.
    pub frequency: &'a [u8],
    /// The earliest and latest service date (DTP*472) of its lines.
    pub first_date: Option<&'a [u8]>,
    pub last_date: Option<&'a [u8]>,
    /// Service lines (LX).
    pub lines: usize,
    /// Claims in its transaction set.
    pub of: usize,
    /// Where its billing provider NPI and payer ID are.
    pub billing_npi_span: Option<crate::Span>,
    pub payer_id_span: Option<crate::Span>,
    /// Offset just past its last segment.
    pub end: usize,
    /// Whether the claim is inside the interchange at this index of [`interchanges`].
    pub interchange_index: usize,
}

impl ClaimKey<'_> {
    /// The parts of the key, in a fixed order: billing NPI, claim number, first and last
    /// date of service, total charge (as a number: `150` and `150.00` are the same),
    /// frequency.
    pub fn parts(&self) -> [&[u8]; 6] {
        [
            self.billing_npi,
            self.claim_number.trim_ascii(),
            self.first_date.unwrap_or_default(),
            self.last_date.unwrap_or_default(),
            amount(self.total),
            self.frequency,
        ]
    }

    /// Two independent 64-bit hashes (SipHash and FNV-1a) of [`ClaimKey::parts`], for
    /// comparing the claims of one file.
    pub fn fingerprint(&self) -> (u64, u64) {
        use std::hash::{Hash, Hasher};
        let parts = self.parts();
        let mut sip = std::collections::hash_map::DefaultHasher::new();
        parts.hash(&mut sip);
        let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
        for p in &parts {
            for &b in (p.len() as u64).to_le_bytes().iter().chain(p.iter()) {
                fnv = (fnv ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        (sip.finish(), fnv)
    }

    /// Whether the claim has what a key needs: a claim number.
    pub fn is_keyed(&self) -> bool {
        !self.claim_number.trim_ascii().is_empty()
    }
}

/// An amount written the same way whatever its form: `150`, `150.0` and `150.00` give
/// `150`.
fn amount(value: &[u8]) -> &[u8] {
    let v = value.trim_ascii();
    let mut v = v.strip_prefix(b"+").unwrap_or(v);
    if !v.contains(&b'.') {
        return v;
    }
    while let Some(rest) = v.strip_suffix(b"0") {
        v = rest;
    }
    v.strip_suffix(b".").unwrap_or(v)
}

/// The interchanges of a file, in file order.
pub fn interchanges<'a>(doc: &Document<'a>) -> Vec<InterchangeKey<'a>> {
    doc.interchanges
        .iter()
        .map(|ic| {
            let end = ic
                .iea
                .map(|iea| iea.start + iea.raw.len())
                .or_else(|| {
                    ic.groups
                        .iter()
                        .flat_map(|g| g.ge.map(|ge| ge.start + ge.raw.len()))
                        .chain(
                            ic.groups
                                .iter()
                                .flat_map(|g| g.transactions.iter().map(|t| t.end)),
                        )
                        .max()
                })
                .unwrap_or(ic.isa.start + ic.isa.raw.len());
            InterchangeKey {
                isa: ic.isa,
                sender: (ic.isa.value(5).trim_ascii(), ic.isa.value(6).trim_ascii()),
                control: ic.isa.value(13),
                end,
            }
        })
        .collect()
}

/// The claims of a file's 837 transaction sets, in file order.
pub fn claims<'a>(doc: &Document<'a>) -> Vec<ClaimKey<'a>> {
    let mut out = Vec::new();
    each_claim(doc, |c| out.push(c));
    out
}

/// Calls `f` with each claim of the file's 837 transaction sets, in file order, without
/// holding them all.
pub fn each_claim<'a>(doc: &Document<'a>, mut f: impl FnMut(ClaimKey<'a>)) {
    let bytes = doc.bytes;
    for (index, ic) in doc.interchanges.iter().enumerate() {
        for g in &ic.groups {
            for set in &g.transactions {
                if set.st.value(1) != b"837" {
                    continue;
                }
                let mut billing: (&[u8], Option<crate::Span>) = (b"", None);
                let mut payer: (&[u8], Option<crate::Span>) = (b"", None);
                // The set's claims, handed on at its end when their number is known.
                let mut found: Vec<ClaimKey<'a>> = Vec::new();
                let mut ordinal = 0;
                let mut open: Option<ClaimKey<'a>> = None;
                let mut last_end = set.st.start;
                for seg in set.segments(bytes) {
                    let id = seg.id();
                    let ends_claim = matches!(id, b"CLM" | b"HL" | b"SE");
                    if ends_claim && let Some(mut c) = open.take() {
                        c.end = last_end;
                        found.push(c);
                    }
                    last_end = seg.start + seg.raw.len();
                    match id {
                        b"NM1" if seg.value(1) == b"85" => {
                            billing = (seg.value(9), seg.element(9).map(|e| e.span()))
                        }
                        b"NM1" if seg.value(1) == b"PR" => {
                            payer = (seg.value(9), seg.element(9).map(|e| e.span()))
                        }
                        b"HL" if seg.value(3) == b"20" => {
                            billing = (b"", None);
                            payer = (b"", None);
                        }
                        b"HL" => payer = (b"", None),
                        b"CLM" => {
                            ordinal += 1;
                            let frequency = seg
                                .element(5)
                                .and_then(|e| e.component(3))
                                .map_or(&b""[..], |p| p.value);
                            open = Some(ClaimKey {
                                clm: seg,
                                st: set.st,
                                interchange: ic.isa.value(13),
                                group: g.gs.value(6),
                                transaction: set.st.value(2),
                                ordinal,
                                billing_npi: billing.0,
                                payer_id: payer.0,
                                billing_npi_span: billing.1,
                                payer_id_span: payer.1,
                                of: 0,
                                claim_number: seg.value(1),
                                total: seg.value(2),
                                frequency,
                                first_date: None,
                                last_date: None,
                                lines: 0,
                                end: last_end,
                                interchange_index: index,
                            });
                        }
                        b"LX" => {
                            if let Some(c) = &mut open {
                                c.lines += 1;
                            }
                        }
                        b"DTP" if seg.value(1) == b"472" => {
                            if let Some(c) = &mut open {
                                let v = seg.value(3);
                                // D8 `CCYYMMDD` or RD8 `CCYYMMDD-CCYYMMDD`: both sort as text.
                                let (from, to) = match v.iter().position(|&b| b == b'-') {
                                    Some(p) => (&v[..p], &v[p + 1..]),
                                    None => (v, v),
                                };
                                if c.first_date.is_none_or(|d| from < d) {
                                    c.first_date = Some(from);
                                }
                                if c.last_date.is_none_or(|d| to > d) {
                                    c.last_date = Some(to);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(mut c) = open.take() {
                    c.end = last_end;
                    found.push(c);
                }
                let of = found.len();
                for mut c in found {
                    c.of = of;
                    f(c);
                }
            }
        }
    }
}

/// Whether two interchanges of one file have the same content.
fn same_content(bytes: &[u8], a: &InterchangeKey<'_>, b: &InterchangeKey<'_>) -> bool {
    let mut x = a.content(bytes);
    let mut y = b.content(bytes);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(s), Some(t)) if s.raw == t.raw => {}
            _ => return false,
        }
    }
}

/// Reports X050 and S120 for duplicates inside one file: each on the later occurrence,
/// with a label on the earlier one. Returns the ISA13 spans of the X050 findings (their
/// X027 is the same problem, said less precisely, and is dropped by the caller).
pub(crate) fn check_file(checker: &mut Checker<'_>, doc: &Document<'_>) -> Vec<usize> {
    let want_ic = checker.enabled(Rule::DuplicateInterchange);
    let want_claim = checker.enabled(Rule::DuplicateClaim);
    if !want_ic && !want_claim {
        return Vec::new();
    }
    let bytes = doc.bytes;
    let ics = interchanges(doc);
    let mut duplicate_ic = vec![false; ics.len()];
    let mut spans = Vec::new();
    if want_ic {
        // (sender qualifier, sender ID, ISA13) → the interchanges with that header.
        type Header<'h> = (&'h [u8], &'h [u8], &'h [u8]);
        let mut first: HashMap<Header<'_>, Vec<usize>> = HashMap::new();
        for (i, ic) in ics.iter().enumerate() {
            let earlier = first
                .entry((ic.sender.0, ic.sender.1, ic.control))
                .or_default();
            if let Some(&j) = earlier.iter().find(|&&j| same_content(bytes, &ics[j], ic)) {
                duplicate_ic[i] = true;
                checker.enter_interchange(ic.control);
                // No second snippet: an ISA line is long, and the label names the segment.
                let earlier = Earlier {
                    file: None,
                    segment: ics[j].isa.ordinal,
                    span: None,
                };
                let d = x050_duplicate_interchange::report(checker, &ic.isa, &earlier);
                spans.push(d);
            } else {
                earlier.push(i);
            }
        }
    }
    if want_claim {
        // Two independent 64-bit hashes of the key: 200,000 claims in a file are held in a
        // few megabytes, and two different keys do not meet in practice.
        let mut first: HashMap<(u64, u64), Segment<'_>> = HashMap::new();
        each_claim(doc, |c| {
            if !c.is_keyed() || duplicate_ic[c.interchange_index] {
                return;
            }
            match first.entry(c.fingerprint()) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    let clm = *e.get();
                    checker.enter_interchange(c.interchange);
                    checker.enter_group(c.group);
                    checker.enter_transaction(&c.st);
                    let earlier = Earlier {
                        file: None,
                        segment: clm.ordinal,
                        span: Some(crate::rules::element_span(&clm, 1)),
                    };
                    s120_duplicate_claim::report(checker, &c, &earlier);
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(c.clm);
                }
            }
        });
    }
    spans
}

/// Where a duplicate was seen first.
#[derive(Debug, Clone)]
pub struct Earlier {
    /// The earlier file, when it is another one (or a note such as `sent on 2026-12-04`).
    pub file: Option<String>,
    /// Its segment ordinal in that file.
    pub segment: usize,
    /// Its span, when it is in the same file.
    pub span: Option<crate::Span>,
}

impl Earlier {
    /// `segment 1`, or `segment 1 of in/a.x12`.
    pub fn describe(&self) -> String {
        match &self.file {
            Some(f) => format!("segment {} of {f}", self.segment),
            None => format!("segment {}", self.segment),
        }
    }
}

/// Builds the X050 finding for the interchange at `isa`, first seen at `earlier`, outside
/// the linting of one file (the command line's cross-file pass).
pub fn duplicate_interchange(
    settings: &crate::Settings,
    bytes: &[u8],
    isa: &Segment<'_>,
    earlier: &Earlier,
) -> Option<crate::Diagnostic> {
    let mut checker = Checker::new(settings, bytes);
    if !checker.enabled(Rule::DuplicateInterchange) {
        return None;
    }
    checker.enter_interchange(isa.value(13));
    x050_duplicate_interchange::report(&mut checker, isa, earlier);
    checker.into_diagnostics().into_iter().next()
}

/// Builds the S120 finding for `claim`, first seen at `earlier` (the cross-file pass).
pub fn duplicate_claim(
    settings: &crate::Settings,
    bytes: &[u8],
    claim: &ClaimKey<'_>,
    earlier: &Earlier,
) -> Option<crate::Diagnostic> {
    let mut checker = Checker::new(settings, bytes);
    if !checker.enabled(Rule::DuplicateClaim) {
        return None;
    }
    checker.enter_interchange(claim.interchange);
    checker.enter_group(claim.group);
    checker.enter_transaction(&claim.st);
    s120_duplicate_claim::report(&mut checker, claim, earlier);
    checker.into_diagnostics().into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_compare_as_numbers() {
        assert_eq!(amount(b"150"), b"150");
        assert_eq!(amount(b"150.00"), b"150");
        assert_eq!(amount(b"150.50"), b"150.5");
        assert_eq!(amount(b"100"), b"100", "zeros before the point stay");
        assert_ne!(amount(b"150.5"), amount(b"15.05"));
    }
}
