//! What identifies an interchange and a claim beyond one file, for the run-level checks
//! X050 `duplicate-interchange` and S120 `duplicate-claim`.
//!
//! [`FileKeys`] holds the keys of one file. Checking a file gathers them as it goes
//! ([`crate::check_keeping_keys`]): each transaction set's claims are read as its model's
//! builder places its segments, on the thread that checks it, so the keys cost no second
//! reading of the set; [`FileKeys::of`] reads them from a parsed file instead. The check
//! reports duplicates inside one file; the command line compares the same keys, hashed,
//! across the files of a run and with the `--seen` state of earlier runs.

use crate::rule::Rule;
use crate::rules::Checker;
use crate::rules::s::s120_duplicate_claim;
use crate::rules::x::x050_duplicate_interchange;
use crate::source::Span;
use crate::x12::{Delimiters, Document, Segment, Segments};
use siphasher::sip128::{Hash128, SipHasher13};
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

mod gather;
mod scan;
#[cfg(test)]
mod tests;

pub(crate) use gather::Gather;
pub(crate) use scan::{ClaimAt, ClaimScan, Joined, Read, ScannedClaims};

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
    /// Service lines: each LX, and each SV1 with no LX of its own before it, as the claim
    /// model counts them.
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

    /// Whether the claim has what a key needs: a claim number.
    pub fn is_keyed(&self) -> bool {
        !self.claim_number.trim_ascii().is_empty()
    }
}

/// Two independent 64-bit hashes of the parts of a claim's key, each after its length,
/// for comparing the claims of one file: SipHash under `key`, and [`folded`]. `buf` is
/// room reused from claim to claim. A length is written in base 128 (seven bits a byte,
/// the high bit set on all but its last byte), still read back whole and so telling keys
/// apart as well as eight bytes did: a key's six parts are mostly under 16 bytes, and
/// eight bytes for each length were half of what was hashed.
fn fingerprint(parts: [&[u8]; 6], key: &FileKey, buf: &mut Vec<u8>) -> (u64, u64) {
    let bytes = encode(parts, buf);
    (key.sip.hash(bytes), folded(bytes))
}

/// The random key of the S120 fingerprints of one file: SipHash-1-3 (64-bit output)
/// under 128 random bits, as [`RunKey`] draws them. The bytes of a key are hashed in one
/// call, where std's hasher kept its state between a `write` and its `finish`.
pub(crate) struct FileKey {
    sip: siphasher::sip::SipHasher13,
}

impl FileKey {
    /// A key drawn at random.
    pub(crate) fn new() -> FileKey {
        let (k0, k1) = random_keys();
        FileKey {
            sip: siphasher::sip::SipHasher13::new_with_keys(k0, k1),
        }
    }
}

/// 128 bits read out of the random keys std draws for hash maps (from the operating
/// system, once per thread, the first then counted on from map to map), through the
/// SipHash they key.
fn random_keys() -> (u64, u64) {
    let state = RandomState::new();
    (state.hash_one(0u8), state.hash_one(1u8))
}

/// The parts of a claim's key, each after its length in base 128, written in `buf`.
///
/// `buf` is made long enough first and written by index, and a part of up to 16 bytes
/// (nearly all are) is copied as two words that overlap: pushed one by one, each byte of
/// a length checked the room left, and each part was a call to `memcpy`, about 200
/// instructions a claim in all.
#[inline(always)]
fn encode<'b>(parts: [&[u8]; 6], buf: &'b mut Vec<u8>) -> &'b [u8] {
    // A length takes at most ten bytes (seven bits each of a 64-bit `usize`).
    let most = parts.iter().map(|p| p.len() + 10).sum();
    if buf.len() < most {
        buf.resize(most, 0);
    }
    let mut at = 0;
    for p in parts {
        let mut len = p.len();
        while len >= 0x80 {
            buf[at] = len as u8 | 0x80;
            at += 1;
            len >>= 7;
        }
        buf[at] = len as u8;
        at += 1;
        copy_short(&mut buf[at..at + p.len()], p);
        at += p.len();
    }
    &buf[..at]
}

/// `to.copy_from_slice(from)` (the two of the same length), without a call to `memcpy`
/// for up to 16 bytes: two copies of a fixed size, the second ending where the first
/// would have, overlapping it.
#[inline(always)]
fn copy_short(to: &mut [u8], from: &[u8]) {
    let n = from.len();
    match n {
        0 => {}
        1..=3 => {
            to[0] = from[0];
            to[n / 2] = from[n / 2];
            to[n - 1] = from[n - 1];
        }
        4..=7 => {
            to[..4].copy_from_slice(&from[..4]);
            to[n - 4..].copy_from_slice(&from[n - 4..]);
        }
        8..=16 => {
            to[..8].copy_from_slice(&from[..8]);
            to[n - 8..].copy_from_slice(&from[n - 8..]);
        }
        _ => to.copy_from_slice(from),
    }
}

/// A claim's 128-bit hash under a [`RunKey`], as its two 64-bit halves.
pub type Fingerprint = (u64, u64);

/// The random key of one run that compares claims across its files (without `--seen`):
/// a claim's fingerprint under it ([`RunKey::claim`]) is both its S120 key inside its
/// file and its key across files, so a claim is hashed once for the two. SipHash-1-3
/// with a 128-bit output under a key of 128 random bits, where S120 alone takes a 64-bit
/// SipHash and [`folded`]: across files the keys are many more, and a fingerprint that
/// could be made to collide without the key would let a crafted file hide a duplicate.
/// One pass over the bytes, where two 64-bit SipHashes under two keys took two.
#[derive(Clone)]
pub struct RunKey {
    /// SipHash-1-3 (128-bit output) under the run's key, nothing written yet.
    sip: SipHasher13,
}

impl Default for RunKey {
    fn default() -> Self {
        RunKey::new()
    }
}

impl RunKey {
    /// A key drawn at random ([`random_keys`]).
    pub fn new() -> RunKey {
        let (k0, k1) = random_keys();
        RunKey {
            sip: SipHasher13::new_with_keys(k0, k1),
        }
    }

    /// A hasher under the run's key, nothing written yet: its
    /// [`finish128`](siphasher::sip128::Hasher128::finish128) is the hash of the bytes
    /// written.
    pub fn hasher(&self) -> SipHasher13 {
        self.sip
    }

    /// The fingerprint of [`ClaimKey::parts`], each after its length.
    pub fn claim(&self, c: &ClaimKey<'_>) -> Fingerprint {
        BUF.with_borrow_mut(|buf| self.parts(c.parts(), buf))
    }

    pub(crate) fn parts(&self, parts: [&[u8]; 6], buf: &mut Vec<u8>) -> Fingerprint {
        let Hash128 { h1, h2 } = self.sip.hash(encode(parts, buf));
        (h1, h2)
    }
}

thread_local! {
    /// Room for the parts of [`RunKey::claim`], kept from claim to claim.
    static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A hash of `bytes` eight at a time, each word folded in by a 64 × 64 → 128-bit
/// multiply (the halves of the product xored): the second half of a claim's fingerprint,
/// checked only when the first (SipHash) has met. A byte-at-a-time hash (FNV-1a) waited
/// for one multiply per byte, about 90 per claim.
fn folded(bytes: &[u8]) -> u64 {
    const SEED: u64 = 0x243f_6a88_85a3_08d3;
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let fold = |a: u64, b: u64| {
        let product = u128::from(a) * u128::from(b);
        (product as u64) ^ ((product >> 64) as u64)
    };
    let mut h = SEED ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = fold(h ^ u64::from_le_bytes(w), K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = fold(h ^ u64::from_le_bytes(w), K);
    }
    fold(h, K ^ SEED)
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

/// Where a segment is in the file's bytes, to find it again without borrowing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    start: usize,
    len: usize,
    ordinal: usize,
}

impl At {
    fn of(segment: &Segment<'_>) -> At {
        At {
            start: segment.start,
            len: segment.raw.len(),
            ordinal: segment.ordinal,
        }
    }

    fn segment<'a>(&self, bytes: &'a [u8], delimiters: Delimiters) -> Segment<'a> {
        Segment {
            raw: slice(bytes, Span::at(self.start, self.len)),
            start: self.start,
            ordinal: self.ordinal,
            delimiters,
        }
    }
}

/// `bytes[span]`, or nothing when the span is not in `bytes`.
fn slice(bytes: &[u8], span: Span) -> &[u8] {
    bytes.get(span.start..span.end).unwrap_or_default()
}

/// An interchange of [`FileKeys`].
#[derive(Debug, Clone)]
struct InterchangeAt {
    isa: At,
    delimiters: Delimiters,
    end: usize,
}

/// A transaction set of [`FileKeys`] that holds claims.
#[derive(Debug, Clone)]
struct SetAt {
    st: At,
    gs: At,
    isa: At,
    delimiters: Delimiters,
    interchange_index: usize,
    /// Its claims: `claims[first..first + of]` of [`FileKeys`].
    first: usize,
    of: usize,
}

/// What the claims of one set share: its ST, ISA13, GS06 and ST02.
struct Envelope<'a> {
    st: Segment<'a>,
    interchange: &'a [u8],
    group: &'a [u8],
    transaction: &'a [u8],
}

impl SetAt {
    fn envelope<'a>(&self, bytes: &'a [u8]) -> Envelope<'a> {
        let st = self.st.segment(bytes, self.delimiters);
        Envelope {
            st,
            interchange: self.isa.segment(bytes, self.delimiters).value(13),
            group: self.gs.segment(bytes, self.delimiters).value(6),
            transaction: st.value(2),
        }
    }

    /// The key of its claim `c`, read from `bytes`.
    fn claim<'a>(&self, bytes: &'a [u8], envelope: &Envelope<'a>, c: &ClaimAt) -> ClaimKey<'a> {
        let clm = c.clm.segment(bytes, self.delimiters);
        let (claim_number, total, frequency) = claim_values(&clm);
        let value = |span: Option<Span>| span.map_or(&b""[..], |s| slice(bytes, s));
        let (billing_npi, payer_id) = (c.billing_npi.span(), c.payer_id.span());
        ClaimKey {
            clm,
            st: envelope.st,
            interchange: envelope.interchange,
            group: envelope.group,
            transaction: envelope.transaction,
            ordinal: c.ordinal,
            billing_npi: value(billing_npi),
            payer_id: value(payer_id),
            claim_number,
            total,
            frequency,
            first_date: c.first_date.span().map(|s| slice(bytes, s)),
            last_date: c.last_date.span().map(|s| slice(bytes, s)),
            lines: c.lines,
            of: self.of,
            billing_npi_span: billing_npi,
            payer_id_span: payer_id,
            end: c.end,
            interchange_index: self.interchange_index,
        }
    }

    /// [`ClaimKey::parts`] of its claim `c` and the span of CLM01, read from `bytes`;
    /// `None` for a claim with no claim number ([`ClaimKey::is_keyed`]). S120 within a
    /// file needs no more of a claim than these unless it is a duplicate: the whole
    /// [`ClaimKey`] is made for the few that are.
    fn key_parts<'a>(&self, bytes: &'a [u8], c: &ClaimAt) -> Option<([&'a [u8]; 6], Span)> {
        let clm = c.clm.segment(bytes, self.delimiters);
        let [number, total, frequency] = claim_ranges(&clm);
        let claim_number = clm.raw[number.clone()].trim_ascii();
        if claim_number.is_empty() {
            return None;
        }
        let value = |v: scan::InForce| v.span().map_or(&b""[..], |s| slice(bytes, s));
        let parts = [
            value(c.billing_npi),
            claim_number,
            value(c.first_date),
            value(c.last_date),
            amount(&clm.raw[total]),
            &clm.raw[frequency],
        ];
        Some((parts, Span::at(clm.start + number.start, number.len())))
    }
}

/// CLM01, CLM02 and CLM05-3 (the frequency), as `clm.value(1)`, `clm.value(2)` and
/// [`crate::claim::frequency_code`] read them, in one pass over the CLM instead of three
/// (each claim's key is read twice: for S120 in the file, and for the run's checks).
fn claim_values<'a>(clm: &Segment<'a>) -> (&'a [u8], &'a [u8], &'a [u8]) {
    let [claim_number, total, frequency] = claim_ranges(clm).map(|r| &clm.raw[r]);
    (claim_number, total, frequency)
}

/// Elements 1, 2 and 5 of a segment of `len` bytes whose element separators are the
/// bits of `bits`, as [`crate::x12::words::element`] finds each, in one pass over the
/// separators.
fn elements_1_2_5(bits: u64, len: usize) -> [Option<(usize, usize)>; 3] {
    let mut rest = crate::x12::words::within(bits, 0, len);
    // The separators in order: each begins an element, and ends the one before it.
    let mut at = [len; 6];
    for slot in &mut at {
        if rest == 0 {
            break;
        }
        *slot = rest.trailing_zeros() as usize;
        rest &= rest - 1;
    }
    let element = |n: usize| (at[n - 1] < len).then(|| (at[n - 1] + 1, at[n]));
    [element(1), element(2), element(5)]
}

/// Where CLM01, CLM02 and CLM05-3 are in `clm.raw` (empty ranges when absent): the
/// separators of a CLM of up to 64 bytes, most of them, are found eight bytes at a time.
fn claim_ranges(clm: &Segment<'_>) -> [std::ops::Range<usize>; 3] {
    let raw = clm.raw;
    let d = clm.delimiters;
    let [e1, e2, e5] = match crate::x12::words::positions(raw, d.element) {
        Some(bits) => elements_1_2_5(bits, raw.len()),
        None => [1, 2, 5].map(|n| {
            clm.element(n).map(|e| {
                let begin = e.start - clm.start;
                (begin, begin + e.value.len())
            })
        }),
    };
    let range = |e: Option<(usize, usize)>| e.map_or(0..0, |(begin, end)| begin..end);
    // The third component of CLM05: after its second component separator.
    let frequency = e5.and_then(|(begin, end)| {
        let mut at = begin;
        for _ in 0..2 {
            at += raw[at..end].iter().position(|&b| b == d.component)? + 1;
        }
        let to = raw[at..end]
            .iter()
            .position(|&b| b == d.component)
            .map_or(end, |p| at + p);
        Some((at, to))
    });
    [range(e1), range(e2), range(frequency)]
}

/// The keys of every interchange and claim of one file, without borrowing its bytes:
/// [`FileKeys::interchanges`] and [`FileKeys::each_claim`] read them back from the bytes
/// they were found in.
///
/// [`crate::check_keeping_keys`] gathers them while it checks the file, as each
/// transaction set's model places its segments, so they cost no second reading of the
/// set; [`FileKeys::of`] reads them from a parsed file.
#[derive(Debug, Clone, Default)]
pub struct FileKeys {
    interchanges: Vec<InterchangeAt>,
    sets: Vec<SetAt>,
    claims: Vec<ClaimAt>,
    /// Per claim, its [`RunKey::claim`] fingerprint when S120 made it under the run's
    /// key; empty when the keys were gathered without it.
    fingerprints: Vec<Option<Fingerprint>>,
}

impl FileKeys {
    /// The keys of a parsed file.
    pub fn of(doc: &Document<'_>) -> FileKeys {
        let mut gather = Gather::new(doc, true, None, Vec::new(), None, 0);
        gather.take_until(None);
        gather.keys
    }

    /// The interchanges, in file order, read from `bytes` (the bytes the keys were found
    /// in).
    pub fn interchanges<'a>(&self, bytes: &'a [u8]) -> Vec<InterchangeKey<'a>> {
        self.interchanges
            .iter()
            .map(|ic| {
                let isa = ic.isa.segment(bytes, ic.delimiters);
                InterchangeKey {
                    isa,
                    sender: (isa.value(5).trim_ascii(), isa.value(6).trim_ascii()),
                    control: isa.value(13),
                    end: ic.end,
                }
            })
            .collect()
    }

    /// How many claims the file's 837 transaction sets hold.
    pub fn claim_count(&self) -> usize {
        self.claims.len()
    }

    /// Calls `f` with each claim, in file order, read from `bytes` (the bytes the keys
    /// were found in).
    pub fn each_claim<'a>(&self, bytes: &'a [u8], mut f: impl FnMut(ClaimKey<'a>)) {
        self.each_claim_fingerprinted(bytes, |c, _| f(c));
    }

    /// [`FileKeys::each_claim`], with each claim's [`RunKey::claim`] fingerprint when S120
    /// made it already (under the key given to [`crate::check_keeping_run_keys`]).
    pub fn each_claim_fingerprinted<'a>(
        &self,
        bytes: &'a [u8],
        mut f: impl FnMut(ClaimKey<'a>, Option<Fingerprint>),
    ) {
        for set in &self.sets {
            let claims = self.claims.get(set.first..set.first + set.of);
            let envelope = set.envelope(bytes);
            for (i, c) in claims.unwrap_or_default().iter().enumerate() {
                let made = self.fingerprints.get(set.first + i).copied().flatten();
                f(set.claim(bytes, &envelope, c), made);
            }
        }
    }

    /// Every claim, in file order, read from `bytes` (the bytes the keys were found in).
    pub fn claims<'a>(&self, bytes: &'a [u8]) -> Vec<ClaimKey<'a>> {
        let mut out = Vec::with_capacity(self.claims.len());
        self.each_claim(bytes, |c| out.push(c));
        out
    }
}

/// A segment's start and ordinal: which transaction set an ST is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SetStart {
    start: usize,
    ordinal: usize,
}

impl SetStart {
    pub(crate) fn of(segment: &Segment<'_>) -> SetStart {
        SetStart {
            start: segment.start,
            ordinal: segment.ordinal,
        }
    }
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
    FileKeys::of(doc).claims(doc.bytes)
}

/// Calls `f` with each claim of the file's 837 transaction sets, in file order.
pub fn each_claim<'a>(doc: &Document<'a>, f: impl FnMut(ClaimKey<'a>)) {
    FileKeys::of(doc).each_claim(doc.bytes, f);
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

/// The interchanges of one file that repeat an earlier one (X050).
#[derive(Debug, Default)]
pub(crate) struct DuplicateInterchanges {
    /// Per interchange, whether it repeats an earlier one.
    pub duplicate: Vec<bool>,
    /// The starts of the ISA13 spans of their X050 findings (their X027 is the same
    /// problem, said less precisely, and is dropped by the caller).
    pub isa13: Vec<usize>,
}

/// Reports X050 for interchanges that repeat an earlier one of the same file: on the
/// later occurrence, naming the earlier one.
pub(crate) fn check_interchanges(
    checker: &mut Checker<'_>,
    doc: &Document<'_>,
) -> DuplicateInterchanges {
    let mut found = DuplicateInterchanges::default();
    if !checker.enabled(Rule::DuplicateInterchange) {
        return found;
    }
    let bytes = doc.bytes;
    let ics = interchanges(doc);
    found.duplicate = vec![false; ics.len()];
    // (sender qualifier, sender ID, ISA13) → the interchanges with that header.
    type Header<'h> = (&'h [u8], &'h [u8], &'h [u8]);
    let mut first: HashMap<Header<'_>, Vec<usize>> = HashMap::new();
    for (i, ic) in ics.iter().enumerate() {
        let earlier = first
            .entry((ic.sender.0, ic.sender.1, ic.control))
            .or_default();
        if let Some(&j) = earlier.iter().find(|&&j| same_content(bytes, &ics[j], ic)) {
            found.duplicate[i] = true;
            checker.enter_interchange(ic.control);
            // No second snippet: an ISA line is long, and the label names the segment.
            let earlier = Earlier {
                file: None,
                segment: ics[j].isa.ordinal,
                span: None,
            };
            let d = x050_duplicate_interchange::report(checker, &ic.isa, &earlier);
            found.isa13.push(d);
        } else {
            earlier.push(i);
        }
    }
    found
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
