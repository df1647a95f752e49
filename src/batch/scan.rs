//! Reading the claims of a transaction set, segment by segment, for their keys.

use super::*;

/// One claim of a transaction set, as found by [`ClaimScan`]: what [`ClaimKey`] needs,
/// as positions in the file (112 bytes: a file's claims may be held until its end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClaimAt {
    pub(super) clm: At,
    pub(super) ordinal: usize,
    /// NM109 of the billing provider and of the payer in force at the CLM.
    pub(super) billing_npi: InForce,
    pub(super) payer_id: InForce,
    pub(super) first_date: InForce,
    pub(super) last_date: InForce,
    pub(super) lines: usize,
    pub(super) end: usize,
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
/// A set being checked is read by the builder of its model ([`ClaimScan::read`], each
/// segment as it is placed); a set that is not, segment by segment
/// ([`ClaimScan::segment`]). A large set checked in parts is read in parts too: a part
/// after the first starts
/// [`resuming`](ClaimScan::resuming), and [`Joined`] fills in what was in
/// force where it began.
#[derive(Debug, Default)]
pub(crate) struct ClaimScan<'a> {
    billing: InForce,
    payer: InForce,
    found: Vec<ClaimAt>,
    /// The claims opened so far.
    count: usize,
    open: Option<Open<'a>>,
    last_end: usize,
}

/// A span read by a scan, if any (`None`: no such element, or none since the HL that
/// ended the last one), or for an NM109, whichever was in force before the scan began:
/// an `Option<Span>` and more in the room of a [`Span`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    pub(super) fn span(self) -> Option<Span> {
        (self.0.start < InForce::BEFORE).then_some(self.0)
    }

    /// `self`, with `before` for what was in force before.
    fn after(self, before: InForce) -> InForce {
        if self.is_before() { before } else { self }
    }
}

/// The claims a [`ClaimScan`] found, and the billing provider and payer in force at its
/// end.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ScannedClaims {
    pub claims: Vec<ClaimAt>,
    billing: InForce,
    payer: InForce,
}

/// Joins the claims of consecutive parts of one set as one scan of the set finds them:
/// numbered across the set, with the billing provider and payer each part inherited. A
/// part is passed on as it comes and let go, so a large set's keys are never all held.
#[derive(Debug, Default)]
pub(crate) struct Joined {
    /// Claims in the parts before.
    before: usize,
    billing: InForce,
    payer: InForce,
}

impl Joined {
    /// Calls `f` with each claim of `part`, the next part of the set.
    pub(crate) fn push(&mut self, part: ScannedClaims, mut f: impl FnMut(ClaimAt)) {
        let count = part.claims.len();
        for mut c in part.claims {
            c.ordinal += self.before;
            c.billing_npi = c.billing_npi.after(self.billing);
            c.payer_id = c.payer_id.after(self.payer);
            f(c);
        }
        self.before += count;
        self.billing = part.billing.after(self.billing);
        self.payer = part.payer.after(self.payer);
    }

    /// Claims in the parts pushed so far.
    pub(crate) fn count(&self) -> usize {
        self.before
    }
}

/// The segments [`ClaimScan`] reads, by ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    Clm,
    Hl,
    Se,
    Nm1,
    Lx,
    Sv1,
    Dtp,
    Other,
}

impl Read {
    /// What `seg.id()` says, without searching the segment for its first separator:
    /// most segments are told apart by their first byte.
    pub(super) fn of(seg: &Segment<'_>) -> Read {
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
            Some(b'S') if is(b"SV1") => Read::Sv1,
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
    /// The line being read has its SV1: another SV1 starts a line of its own, as the
    /// claim model reads an SV1 with no LX before it.
    line_has_sv1: bool,
}

impl<'a> Open<'a> {
    /// Widens the claim's dates with a date of service's DTP03, `v`, at `at` in the file.
    #[inline(always)]
    fn widen(&mut self, v: &'a [u8], at: usize) {
        let dash = match crate::x12::words::positions(v, b'-') {
            Some(bits) => (bits != 0).then(|| bits.trailing_zeros() as usize),
            None => v.iter().position(|&b| b == b'-'),
        };
        // D8 `CCYYMMDD` or RD8 `CCYYMMDD-CCYYMMDD`: both sort as text.
        let ((from, from_at), (to, to_at)) = match dash {
            Some(p) => ((&v[..p], at), (&v[p + 1..], at + p + 1)),
            None => ((v, at), (v, at)),
        };
        if self.first_date.is_none_or(|d| sorts_before(from, d)) {
            self.first_date = Some(from);
            self.claim.first_date = InForce::read(Some(Span::at(from_at, from.len())));
        }
        if self.last_date.is_none_or(|d| sorts_before(d, to)) {
            self.last_date = Some(to);
            self.claim.last_date = InForce::read(Some(Span::at(to_at, to.len())));
        }
    }
}

/// `a < b` for text: two dates of 8 bytes (D8 `CCYYMMDD`, as nearly all are) compared as
/// two big-endian words, which sort as their bytes do, instead of by a call to `memcmp`
/// (two per service date).
#[inline(always)]
fn sorts_before(a: &[u8], b: &[u8]) -> bool {
    match (<[u8; 8]>::try_from(a), <[u8; 8]>::try_from(b)) {
        (Ok(a), Ok(b)) => u64::from_be_bytes(a) < u64::from_be_bytes(b),
        _ => a < b,
    }
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

    /// Makes room for `claims` more claims: a part of a large set finds a few hundred,
    /// and a list grown from empty copied them all at each doubling.
    pub(crate) fn reserve(&mut self, claims: usize) {
        self.found.reserve(claims);
    }

    /// Reads the next segment of the set (the ST first).
    pub(crate) fn segment(&mut self, seg: &Segment<'a>) {
        let kind = Read::of(seg);
        if kind != Read::Other {
            self.read(kind, seg, self.last_end);
        }
        self.last_end = seg.start + seg.raw.len();
    }

    /// Reads the next segment of the set, `kind` by its ID, where the one before it
    /// ended at `before`: the claim model's builder names the segments it places by
    /// their ID already, so a set is read for its keys as it is modelled, not again.
    /// A segment of no [`Read`] kind changes nothing and need not be passed.
    #[inline(always)]
    pub(crate) fn read(&mut self, kind: Read, seg: &Segment<'a>, before: usize) {
        match kind {
            Read::Clm => {
                self.close(before);
                self.clm(seg);
            }
            Read::Hl => {
                self.close(before);
                self.hl(seg);
            }
            Read::Se => self.close(before),
            Read::Nm1 => self.nm1(seg),
            Read::Lx => {
                if let Some(c) = &mut self.open {
                    c.claim.lines += 1;
                    c.line_has_sv1 = false;
                }
            }
            Read::Sv1 => {
                if let Some(c) = &mut self.open {
                    c.claim.lines += usize::from(c.line_has_sv1);
                    c.line_has_sv1 = true;
                }
            }
            Read::Dtp => {
                if self.open.is_some() {
                    self.dtp(seg);
                }
            }
            Read::Other => {}
        }
    }

    /// [`ClaimScan::read`] of an NM1 whose NM101 the model has read as the billing
    /// provider's (`85`) or, when `payer`, the payer's (`PR`), and whose NM109 is at
    /// `nm109`. An NM1 of any other NM101 changes nothing and need not be passed.
    #[inline(always)]
    pub(crate) fn read_nm1(&mut self, payer: bool, nm109: Option<Span>) {
        let in_force = InForce::read(nm109);
        if payer {
            self.payer = in_force;
        } else {
            self.billing = in_force;
        }
    }

    /// [`ClaimScan::read`] of an HL whose HL03 the model has read: `before` is where the
    /// segment before it ends.
    #[inline(always)]
    pub(crate) fn read_hl(&mut self, hl03: &[u8], before: usize) {
        self.close(before);
        self.hl_level(hl03);
    }

    /// [`ClaimScan::read`] of a DTP whose DTP01 and DTP03 the model has read (empty when
    /// absent), each a slice of `seg.raw`.
    #[inline(always)]
    pub(crate) fn read_dtp(&mut self, seg: &Segment<'a>, dtp01: &[u8], dtp03: &'a [u8]) {
        // Compared byte by byte: a slice compared with `==` is a call to `memcmp`.
        if !matches!(dtp01, [b'4', b'7', b'2']) {
            return;
        }
        let Some(c) = &mut self.open else {
            return;
        };
        // Where DTP03 is in the file: an absent element is an empty slice of no segment,
        // read at 0 as `dtp` reads it.
        let offset = (dtp03.as_ptr() as usize).wrapping_sub(seg.raw.as_ptr() as usize);
        let at = if offset <= seg.raw.len() {
            seg.start + offset
        } else {
            0
        };
        c.widen(dtp03, at);
    }

    /// An NM1: the billing provider's (NM101 `85`) or the payer's (`PR`) NM109. NM101 is
    /// read in place: most NM1s are neither, and their NM109 is not looked for.
    fn nm1(&mut self, seg: &Segment<'a>) {
        let nm101 = match seg.raw.get(4..6) {
            Some(v) if seg.raw.get(6).is_none_or(|&b| b == seg.delimiters.element) => v,
            _ => return,
        };
        let in_force =
            || InForce::read(seg.separators().range(9).map(|(b, e)| seg_span(seg, b, e)));
        match nm101 {
            b"85" => self.billing = in_force(),
            b"PR" => self.payer = in_force(),
            _ => {}
        }
    }

    /// An HL: a billing provider's (HL03 `20`) ends the billing provider and payer in
    /// force, any other the payer.
    fn hl(&mut self, seg: &Segment<'a>) {
        self.hl_level(seg.separators().value(3));
    }

    fn hl_level(&mut self, hl03: &[u8]) {
        if hl03 == b"20" {
            self.billing = InForce::read(None);
        }
        self.payer = InForce::read(None);
    }

    fn clm(&mut self, seg: &Segment<'a>) {
        self.count += 1;
        self.open = Some(Open {
            claim: ClaimAt {
                clm: At::of(seg),
                ordinal: self.count,
                billing_npi: self.billing,
                payer_id: self.payer,
                first_date: InForce::read(None),
                last_date: InForce::read(None),
                lines: 0,
                // Known when the claim is closed.
                end: 0,
            },
            first_date: None,
            last_date: None,
            // Before any LX, an SV1 starts a line too.
            line_has_sv1: true,
        });
    }

    /// A DTP inside a claim: a date of service (DTP01 `472`) widens the claim's dates.
    fn dtp(&mut self, seg: &Segment<'a>) {
        let Some(c) = &mut self.open else {
            return;
        };
        // DTP01 is read in place (the ID is `DTP` and its separator follows it), and
        // DTP03 and the `-` in it are found eight bytes at a time: a byte-by-byte search
        // of the ten or twenty bytes after DTP01 was most of what a date cost.
        let raw = seg.raw;
        let separator = seg.delimiters.element;
        if raw.get(4..7) != Some(b"472") || raw.get(7).is_some_and(|&b| b != separator) {
            return;
        }
        let dtp03 = seg.separators().range(3);
        let (v, at) = dtp03.map_or((&b""[..], 0), |(b, e)| (&raw[b..e], seg.start + b));
        c.widen(v, at);
    }

    /// [`ClaimScan::segment`] as it was written first, each element found by
    /// [`Segment::value`] and [`Segment::element`]: what the tests hold the reading of
    /// elements in place to.
    #[cfg(test)]
    pub(crate) fn reference(&mut self, seg: &Segment<'a>) {
        let kind = Read::of(seg);
        if matches!(kind, Read::Clm | Read::Hl | Read::Se) {
            self.close(self.last_end);
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
            Read::Clm => self.clm(seg),
            Read::Lx | Read::Sv1 => self.read(kind, seg, 0),
            Read::Dtp if seg.value(1) == b"472" => {
                if let Some(c) = &mut self.open {
                    let (v, at) = seg.element(3).map_or((&b""[..], 0), |e| (e.value, e.start));
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

    /// Closes the open claim, if any, at `end` (just past its last segment).
    fn close(&mut self, end: usize) {
        if let Some(mut c) = self.open.take() {
            c.claim.end = end;
            self.found.push(c.claim);
        }
    }

    /// The claims found, in order.
    pub(crate) fn finish(self) -> ScannedClaims {
        let end = self.last_end;
        self.finish_at(end)
    }

    /// The claims found, in order, the last segment read ending at `end` (as
    /// [`ClaimScan::read`] has no `last_end` of its own).
    pub(crate) fn finish_at(mut self, end: usize) -> ScannedClaims {
        self.close(end);
        ScannedClaims {
            claims: self.found,
            billing: self.billing,
            payer: self.payer,
        }
    }
}

/// Calls `f` with each claim of `set` (in `bytes`), in order, as
/// [`ClaimScan::segment`] finds them reading the set whole, one claim held at a time.
pub(crate) fn each_claim(
    bytes: &[u8],
    set: &crate::x12::TransactionSet<'_>,
    mut f: impl FnMut(&ClaimAt),
) {
    let mut scan = ClaimScan::default();
    for segment in set.segments(bytes) {
        scan.segment(&segment);
        scan.found.drain(..).for_each(|c| f(&c));
    }
    scan.finish().claims.iter().for_each(f);
}

/// The span in the file of `seg.raw[begin..end]`.
fn seg_span(seg: &Segment<'_>, begin: usize, end: usize) -> Span {
    Span::at(seg.start + begin, end - begin)
}

#[cfg(test)]
mod tests {
    use super::sorts_before;

    #[test]
    fn dates_sort_as_their_text() {
        // Dates of 8 bytes and of other lengths, equal, one apart in each place, with
        // bytes above 0x7F (a word compared signed would put them first), and empty.
        let mut texts: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"2024".to_vec(),
            b"2024010".to_vec(),
            b"202401011".to_vec(),
            b"20240101-20240102".to_vec(),
            vec![0xFF; 8],
            vec![0x00; 8],
            vec![0x80, 0, 0, 0, 0, 0, 0, 0],
        ];
        for base in [b"20240101", b"19991231", b"00000000", b"99999999"] {
            texts.push(base.to_vec());
            for i in 0..8 {
                for delta in [1u8, 0x80] {
                    let mut up = base.to_vec();
                    up[i] = up[i].wrapping_add(delta);
                    texts.push(up);
                    let mut down = base.to_vec();
                    down[i] = down[i].wrapping_sub(delta);
                    texts.push(down);
                }
            }
        }
        for a in &texts {
            for b in &texts {
                assert_eq!(sorts_before(a, b), a < b, "{a:?} {b:?}");
            }
        }
    }
}
