//! What identifies an interchange and a claim beyond one file, for the run-level checks
//! X050 `duplicate-interchange` and S120 `duplicate-claim`.
//!
//! [`FileKeys`] holds the keys of one file. Checking a file gathers them as it goes
//! ([`crate::check_keeping_keys`]): each transaction set's claims are read from the
//! segments its model holds, on the thread that checks it, so the keys cost no second
//! reading of the file; [`FileKeys::of`] reads them from a parsed file instead. The check
//! reports duplicates inside one file; the command line compares the same keys, hashed,
//! across the files of a run and with the `--seen` state of earlier runs.

use crate::rule::Rule;
use crate::rules::Checker;
use crate::rules::s::s120_duplicate_claim;
use crate::rules::x::x050_duplicate_interchange;
use crate::source::Span;
use crate::x12::{Delimiters, Document, Segment, Segments};
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

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

    /// Two independent 64-bit hashes of [`ClaimKey::parts`] (each after its length), for
    /// comparing the claims of one file: SipHash under `state`'s random keys, and FNV-1a.
    /// `buf` is room reused from claim to claim.
    pub fn fingerprint(&self, state: &RandomState, buf: &mut Vec<u8>) -> (u64, u64) {
        buf.clear();
        for p in self.parts() {
            buf.extend_from_slice(&(p.len() as u64).to_le_bytes());
            buf.extend_from_slice(p);
        }
        let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in buf.iter() {
            fnv = (fnv ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        (state.hash_one(&buf[..]), fnv)
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

/// Where a segment is in the file's bytes, to find it again without borrowing them.
#[derive(Debug, Clone, Copy)]
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
        let frequency = clm
            .element(5)
            .and_then(|e| e.component(3))
            .map_or(&b""[..], |p| p.value);
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
            claim_number: clm.value(1),
            total: clm.value(2),
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
}

/// Takes in the claims of a file's transaction sets in file order, as each set is
/// checked, and reports S120 as it goes: the claims of a set are kept only when the keys
/// are ([`crate::check_keeping_keys`]), so a file checked for S120 alone holds two hashes
/// and a position per claim, not its keys.
pub(crate) struct Gather<'c, 'a> {
    doc: &'c Document<'a>,
    /// Every set of the file, in file order, with its interchange's index and its group.
    sets: Vec<(
        usize,
        &'c crate::x12::Group<'a>,
        &'c crate::x12::TransactionSet<'a>,
    )>,
    /// The next set to take in.
    next: usize,
    keep: bool,
    keys: FileKeys,
    claims: Option<DuplicateClaims<'c>>,
    duplicate_interchanges: Vec<bool>,
}

/// S120 as the claims come: the first of each key, and the findings.
struct DuplicateClaims<'c> {
    checker: Checker<'c>,
    state: RandomState,
    buf: Vec<u8>,
    /// Fingerprint → the CLM ordinal and CLM01 of the first claim with it.
    first: HashMap<(u64, u64), (usize, Span), BuildHasherDefault<Hashed>>,
}

impl<'c, 'a> Gather<'c, 'a> {
    /// Gathers the keys of `doc` (kept when `keep`), reporting S120 with `checker` when
    /// it is given and the rule enabled; the claims of interchanges that repeat an
    /// earlier one (`duplicate_interchanges`) are that interchange's X050.
    pub(crate) fn new(
        doc: &'c Document<'a>,
        keep: bool,
        checker: Option<Checker<'c>>,
        duplicate_interchanges: Vec<bool>,
    ) -> Self {
        let mut sets = Vec::new();
        for (index, ic) in doc.interchanges.iter().enumerate() {
            for g in &ic.groups {
                sets.extend(g.transactions.iter().map(|t| (index, g, t)));
            }
        }
        let keys = FileKeys {
            interchanges: interchanges(doc)
                .iter()
                .map(|ic| InterchangeAt {
                    isa: At::of(&ic.isa),
                    delimiters: ic.isa.delimiters,
                    end: ic.end,
                })
                .collect(),
            ..FileKeys::default()
        };
        let claims = checker
            .filter(|c| c.enabled(Rule::DuplicateClaim))
            .map(|checker| DuplicateClaims {
                checker,
                state: RandomState::new(),
                buf: Vec::new(),
                first: HashMap::default(),
            });
        Gather {
            doc,
            sets,
            next: 0,
            keep,
            keys,
            claims,
            duplicate_interchanges,
        }
    }

    /// Takes in the claims of the set whose ST is at `st`, found as it was checked; the
    /// sets before it that were not checked are read from the file.
    pub(crate) fn add(&mut self, st: SetStart, claims: Vec<ClaimAt>) {
        self.take_until(Some(st));
        if self.next < self.sets.len() {
            self.take(self.next, Some(claims));
            self.next += 1;
        }
    }

    /// Reads the sets from the next one up to the one at `st` (excluded; to the end of
    /// the file when `None`).
    fn take_until(&mut self, st: Option<SetStart>) {
        while self.next < self.sets.len()
            && st.is_none_or(|st| SetStart::of(&self.sets[self.next].2.st) != st)
        {
            self.take(self.next, None);
            self.next += 1;
        }
    }

    fn take(&mut self, n: usize, claims: Option<Vec<ClaimAt>>) {
        let (index, g, set) = self.sets[n];
        if set.st.value(1) != b"837" {
            return;
        }
        let bytes = self.doc.bytes;
        let claims = claims.unwrap_or_else(|| {
            let mut scan = ClaimScan::default();
            set.segments(bytes).for_each(|s| scan.segment(&s));
            scan.finish().claims
        });
        if claims.is_empty() {
            return;
        }
        let at = SetAt {
            st: At::of(&set.st),
            gs: At::of(&g.gs),
            isa: At::of(&self.doc.interchanges[index].isa),
            delimiters: set.st.delimiters,
            interchange_index: index,
            first: self.keys.claims.len(),
            of: claims.len(),
        };
        let in_duplicate = self
            .duplicate_interchanges
            .get(index)
            .copied()
            .unwrap_or(false);
        if let Some(d) = &mut self.claims
            && !in_duplicate
        {
            let envelope = at.envelope(bytes);
            for c in &claims {
                d.claim(&at.claim(bytes, &envelope, c));
            }
        }
        if self.keep {
            self.keys.sets.push(at);
            self.keys.claims.extend(claims);
        }
    }

    /// The keys, when kept, and the checker of the S120 findings, when S120 is checked.
    pub(crate) fn finish(mut self) -> (Option<FileKeys>, Option<Checker<'c>>) {
        self.take_until(None);
        (
            self.keep.then_some(self.keys),
            self.claims.map(|d| d.checker),
        )
    }
}

impl DuplicateClaims<'_> {
    /// Reports S120 for `c` if a claim before it has its key: on `c`, with a label on the
    /// first.
    fn claim(&mut self, c: &ClaimKey<'_>) {
        if !c.is_keyed() {
            return;
        }
        // Two independent 64-bit hashes of the key: 200,000 claims in a file are held in
        // a few megabytes, and two different keys do not meet in practice. The first,
        // keyed at random, places the entry: it is not hashed again.
        match self.first.entry(c.fingerprint(&self.state, &mut self.buf)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let (segment, clm01) = *e.get();
                let checker = &mut self.checker;
                checker.enter_interchange(c.interchange);
                checker.enter_group(c.group);
                checker.enter_transaction(&c.st);
                let earlier = Earlier {
                    file: None,
                    segment,
                    span: Some(clm01),
                };
                s120_duplicate_claim::report(checker, c, &earlier);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((c.clm.ordinal, crate::rules::element_span(&c.clm, 1)));
            }
        }
    }
}

/// One claim of a transaction set, as found by [`ClaimScan`]: what [`ClaimKey`] needs,
/// as positions in the file (112 bytes: a file's claims may be held until its end).
#[derive(Debug, Clone)]
pub(crate) struct ClaimAt {
    clm: At,
    ordinal: usize,
    /// NM109 of the billing provider and of the payer in force at the CLM.
    billing_npi: InForce,
    payer_id: InForce,
    first_date: InForce,
    last_date: InForce,
    lines: usize,
    end: usize,
}

/// The keys of every interchange and claim of one file, without borrowing its bytes:
/// [`FileKeys::interchanges`] and [`FileKeys::each_claim`] read them back from the bytes
/// they were found in.
///
/// [`crate::check_keeping_keys`] gathers them while it checks the file, from the
/// segments each transaction set's model holds, so they cost no second reading of the
/// file; [`FileKeys::of`] reads them from a parsed file.
#[derive(Debug, Clone, Default)]
pub struct FileKeys {
    interchanges: Vec<InterchangeAt>,
    sets: Vec<SetAt>,
    claims: Vec<ClaimAt>,
}

impl FileKeys {
    /// The keys of a parsed file.
    pub fn of(doc: &Document<'_>) -> FileKeys {
        let mut gather = Gather::new(doc, true, None, Vec::new());
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
        for set in &self.sets {
            let claims = self.claims.get(set.first..set.first + set.of);
            let envelope = set.envelope(bytes);
            for c in claims.unwrap_or_default() {
                f(set.claim(bytes, &envelope, c));
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

/// Finds the claims of one 837 transaction set, segment by segment, ST to SE: what
/// identifies each one (see [`ClaimKey`]).
///
/// The billing provider is the latest `NM1*85` since the last billing-provider HL
/// (HL03 `20`), the payer the latest `NM1*PR` since the last HL; a claim runs from its
/// CLM to the segment before the next CLM, HL or SE. Only element separators are read:
/// composites (CLM05-3) are read when the keys are, with the file's own delimiters,
/// whatever separator X032 found the set's composites written with.
///
/// A large set checked in parts is scanned in parts too: a part after the first starts
/// [`resuming`](ClaimScan::resuming), and [`ScannedClaims::join`] fills in what was in
/// force where it began.
#[derive(Debug, Default)]
pub(crate) struct ClaimScan<'a> {
    billing: InForce,
    payer: InForce,
    found: Vec<ClaimAt>,
    open: Option<Open<'a>>,
    last_end: usize,
}

/// A span read by a scan, if any (`None`: no such element, or none since the HL that
/// ended the last one), or for an NM109, whichever was in force before the scan began:
/// an `Option<Span>` and more in the room of a [`Span`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct InForce(Span);

impl Default for InForce {
    fn default() -> Self {
        InForce::read(None)
    }
}

impl InForce {
    /// Starts no span can have (a file is shorter than `usize::MAX` bytes).
    const NONE: usize = usize::MAX;
    const BEFORE: usize = usize::MAX - 1;

    fn read(span: Option<Span>) -> InForce {
        InForce(span.unwrap_or(Span {
            start: InForce::NONE,
            end: InForce::NONE,
        }))
    }

    fn before() -> InForce {
        InForce(Span {
            start: InForce::BEFORE,
            end: InForce::BEFORE,
        })
    }

    fn is_before(self) -> bool {
        self.0.start == InForce::BEFORE
    }

    fn span(self) -> Option<Span> {
        (self.0.start < InForce::BEFORE).then_some(self.0)
    }

    /// `self`, with `before` for what was in force before.
    fn after(self, before: InForce) -> InForce {
        if self.is_before() { before } else { self }
    }
}

/// The claims a [`ClaimScan`] found, and the billing provider and payer in force at its
/// end.
#[derive(Debug, Default)]
pub(crate) struct ScannedClaims {
    pub claims: Vec<ClaimAt>,
    billing: InForce,
    payer: InForce,
}

impl ScannedClaims {
    /// The claims of consecutive parts of one set, as one scan of the set finds them:
    /// numbered across the set, with the billing provider and payer each part inherited.
    pub(crate) fn join(parts: impl IntoIterator<Item = ScannedClaims>) -> ScannedClaims {
        let mut joined = ScannedClaims::default();
        for part in parts {
            let before = joined.claims.len();
            for mut c in part.claims {
                c.ordinal += before;
                c.billing_npi = c.billing_npi.after(joined.billing);
                c.payer_id = c.payer_id.after(joined.payer);
                joined.claims.push(c);
            }
            joined.billing = part.billing.after(joined.billing);
            joined.payer = part.payer.after(joined.payer);
        }
        joined
    }
}

/// The segments [`ClaimScan`] reads, by ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    Clm,
    Hl,
    Se,
    Nm1,
    Lx,
    Dtp,
    Other,
}

impl Read {
    /// What `seg.id()` says, without searching the segment for its first separator:
    /// most segments are told apart by their first byte.
    fn of(seg: &Segment<'_>) -> Read {
        let raw = seg.raw;
        let separator = seg.delimiters.element;
        let is = |id: &[u8]| {
            raw.starts_with(id)
                && raw.get(id.len()).is_none_or(|&b| b == separator)
                && !id.contains(&separator)
        };
        match raw.first() {
            Some(b'C') if is(b"CLM") => Read::Clm,
            Some(b'H') if is(b"HL") => Read::Hl,
            Some(b'S') if is(b"SE") => Read::Se,
            Some(b'N') if is(b"NM1") => Read::Nm1,
            Some(b'L') if is(b"LX") => Read::Lx,
            Some(b'D') if is(b"DTP") => Read::Dtp,
            _ => Read::Other,
        }
    }
}

/// The claim being read, with its dates of service as read so far.
#[derive(Debug)]
struct Open<'a> {
    claim: ClaimAt,
    first_date: Option<&'a [u8]>,
    last_date: Option<&'a [u8]>,
}

impl<'a> ClaimScan<'a> {
    /// A scan that starts inside a set, after segments another scan reads.
    pub(crate) fn resuming() -> Self {
        ClaimScan {
            billing: InForce::before(),
            payer: InForce::before(),
            ..ClaimScan::default()
        }
    }

    /// Reads the next segment of the set (the ST first).
    pub(crate) fn segment(&mut self, seg: &Segment<'a>) {
        let kind = Read::of(seg);
        if matches!(kind, Read::Clm | Read::Hl | Read::Se) {
            self.close();
        }
        self.last_end = seg.start + seg.raw.len();
        match kind {
            Read::Nm1 if seg.value(1) == b"85" => {
                self.billing = InForce::read(seg.element(9).map(|e| e.span()))
            }
            Read::Nm1 if seg.value(1) == b"PR" => {
                self.payer = InForce::read(seg.element(9).map(|e| e.span()))
            }
            Read::Hl if seg.value(3) == b"20" => {
                self.billing = InForce::read(None);
                self.payer = InForce::read(None);
            }
            Read::Hl => self.payer = InForce::read(None),
            Read::Clm => {
                self.open = Some(Open {
                    claim: ClaimAt {
                        clm: At::of(seg),
                        ordinal: self.found.len() + 1,
                        billing_npi: self.billing,
                        payer_id: self.payer,
                        first_date: InForce::read(None),
                        last_date: InForce::read(None),
                        lines: 0,
                        end: self.last_end,
                    },
                    first_date: None,
                    last_date: None,
                });
            }
            Read::Lx => {
                if let Some(c) = &mut self.open {
                    c.claim.lines += 1;
                }
            }
            Read::Dtp if seg.value(1) == b"472" => {
                if let Some(c) = &mut self.open {
                    let (v, at) = seg.element(3).map_or((&b""[..], 0), |e| (e.value, e.start));
                    // D8 `CCYYMMDD` or RD8 `CCYYMMDD-CCYYMMDD`: both sort as text.
                    let ((from, from_at), (to, to_at)) = match v.iter().position(|&b| b == b'-') {
                        Some(p) => ((&v[..p], at), (&v[p + 1..], at + p + 1)),
                        None => ((v, at), (v, at)),
                    };
                    if c.first_date.is_none_or(|d| from < d) {
                        c.first_date = Some(from);
                        c.claim.first_date = InForce::read(Some(Span::at(from_at, from.len())));
                    }
                    if c.last_date.is_none_or(|d| to > d) {
                        c.last_date = Some(to);
                        c.claim.last_date = InForce::read(Some(Span::at(to_at, to.len())));
                    }
                }
            }
            _ => {}
        }
    }

    fn close(&mut self) {
        if let Some(mut c) = self.open.take() {
            c.claim.end = self.last_end;
            self.found.push(c.claim);
        }
    }

    /// The claims found, in order.
    pub(crate) fn finish(mut self) -> ScannedClaims {
        self.close();
        ScannedClaims {
            claims: self.found,
            billing: self.billing,
            payer: self.payer,
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

/// Hashes a key that is a random hash already: the first `u64` written.
#[derive(Default)]
struct Hashed(Option<u64>);

impl Hasher for Hashed {
    fn write(&mut self, bytes: &[u8]) {
        // Not used (keys are fingerprints): anything else is hashed byte by byte.
        let mut h = self.0.unwrap_or(0xcbf2_9ce4_8422_2325);
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = Some(h);
    }

    fn write_u64(&mut self, n: u64) {
        self.0.get_or_insert(n);
    }

    fn finish(&self) -> u64 {
        self.0.unwrap_or_default()
    }
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
    use crate::Settings;

    #[test]
    fn amounts_compare_as_numbers() {
        assert_eq!(amount(b"150"), b"150");
        assert_eq!(amount(b"150.00"), b"150");
        assert_eq!(amount(b"150.50"), b"150.5");
        assert_eq!(amount(b"100"), b"100", "zeros before the point stay");
        assert_ne!(amount(b"150.5"), amount(b"15.05"));
    }

    #[test]
    fn segments_are_read_by_their_id() {
        let d = crate::x12::Delimiters::default();
        for (raw, id) in [
            (&b"CLM*A1*150"[..], Read::Clm),
            (b"CLM", Read::Clm),
            (b"CLMX*A1", Read::Other),
            (b"CL*A1", Read::Other),
            (b"HL*1**20*1", Read::Hl),
            (b"HL", Read::Hl),
            (b"HLX", Read::Other),
            (b"SE*38*0001", Read::Se),
            (b"SBR*P", Read::Other),
            (b"NM1*85*2", Read::Nm1),
            (b"N3*1 ROAD", Read::Other),
            (b"LX*1", Read::Lx),
            (b"DTP*472*D8*20240110", Read::Dtp),
            (b"DMG*D8", Read::Other),
            (b"", Read::Other),
        ] {
            let seg = Segment {
                raw,
                start: 0,
                ordinal: 1,
                delimiters: d,
            };
            assert_eq!(Read::of(&seg), id, "{}", seg.id_str());
        }
        // A file whose element separator is a letter of the ID: the ID ends before it.
        let odd = crate::x12::Delimiters { element: b'L', ..d };
        let seg = Segment {
            raw: b"CLM",
            start: 0,
            ordinal: 1,
            delimiters: odd,
        };
        assert_eq!(seg.id(), b"C");
        assert_eq!(Read::of(&seg), Read::Other);
    }

    /// Every `.x12` file under `dir`, recursively.
    fn x12_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                x12_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "x12") {
                out.push(path);
            }
        }
    }

    fn shown(keys: &FileKeys, bytes: &[u8]) -> (String, String) {
        (
            format!("{:?}", keys.interchanges(bytes)),
            format!("{:?}", keys.claims(bytes)),
        )
    }

    /// The keys gathered while a file is checked, from the segments of each transaction
    /// set's model, are the keys read from the file itself: with the file's own component
    /// separator where X032 read composites with another, and read from the file for the
    /// sets the check does not model (too large, not 837P).
    #[test]
    fn keys_gathered_while_checking_are_the_keys_read_from_the_file() {
        let mut paths = Vec::new();
        x12_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
            &mut paths,
        );
        let mut files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
            .collect();
        for (seed, version) in [(1, "005010X222A1"), (2, "005010X223A2")] {
            let options = claimlint_synth::Options {
                claims: 120,
                seed,
                error_rate: 0.3,
                claims_per_st: 25,
                claims_per_provider: 7,
                version: version.to_string(),
                ..claimlint_synth::Options::default()
            };
            files.push((
                format!("generated {version}"),
                claimlint_synth::generate(&options).0,
            ));
        }
        assert!(files.len() > 100);
        // Every set too large to model whole: checked in parts, or X041 and read from
        // the file.
        let mut small = Settings::default();
        small.set_max_set_bytes(1);
        small.set_part_bytes(2_000);
        // Sets checked in parts.
        let mut parts = Settings::default();
        parts.set_part_bytes(1_500);
        let without_s120 = Settings::select(&[], &["S120".to_string()]).unwrap();
        let mut gathered = 0;
        for (name, bytes) in &files {
            let source = crate::SourceFile::new(name.clone(), bytes.clone());
            let read = shown(&FileKeys::of(&crate::x12::parse(bytes)), bytes);
            for settings in [&Settings::default(), &small, &parts, &without_s120] {
                let report = crate::check_keeping_keys(&source, settings, &|_| {});
                match &report.keys {
                    Some(keys) => {
                        assert_eq!(shown(keys, bytes), read, "{name}");
                        gathered += keys.claim_count();
                    }
                    None => assert!(
                        crate::x12::unwrap::prepare(bytes).is_some(),
                        "{name}: only a file checked from a copy has no keys"
                    ),
                }
            }
        }
        assert!(gathered > 300, "{gathered}");
    }

    #[test]
    fn keys_are_kept_only_when_asked_for() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/rules/S120/bad_claim_sent_twice.x12"
        );
        let source = crate::SourceFile::new("a.x12", std::fs::read(path).unwrap());
        let settings = Settings::default();
        assert!(crate::check(&source, &settings).keys.is_none());
        let keys = crate::check_keeping_keys(&source, &settings, &|_| {}).keys;
        let claims = keys.unwrap().claims(source.bytes());
        let numbers: Vec<&[u8]> = claims.iter().map(|c| c.claim_number).collect();
        assert_eq!(numbers, [&b"PCN0001"[..], b"PCN0001"]);
    }
}
