//! S120 within a file: each set's claims taken in, in file order, as the sets are merged.

use super::*;
use std::hash::{BuildHasherDefault, Hasher};

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
    pub(super) keys: FileKeys,
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

    /// Takes in the claims of the set whose ST is at `st`, found as it was checked (in
    /// parts, for a set checked in parts); the sets before it that were not checked are
    /// read from the file.
    pub(crate) fn add(&mut self, st: SetStart, claims: Vec<ScannedClaims>) {
        self.take_until(Some(st));
        if self.next < self.sets.len() {
            self.take(self.next, Some(claims));
            self.next += 1;
        }
    }

    /// Reads the sets from the next one up to the one at `st` (excluded; to the end of
    /// the file when `None`).
    pub(super) fn take_until(&mut self, st: Option<SetStart>) {
        while self.next < self.sets.len()
            && st.is_none_or(|st| SetStart::of(&self.sets[self.next].2.st) != st)
        {
            self.take(self.next, None);
            self.next += 1;
        }
    }

    fn take(&mut self, n: usize, claims: Option<Vec<ScannedClaims>>) {
        let (index, g, set) = self.sets[n];
        if set.st.value(1) != b"837" {
            return;
        }
        let bytes = self.doc.bytes;
        let claims = claims.unwrap_or_else(|| {
            let mut scan = ClaimScan::default();
            set.segments(bytes).for_each(|s| scan.segment(&s));
            vec![scan.finish()]
        });
        let of = claims.iter().map(|part| part.claims.len()).sum();
        if of == 0 {
            return;
        }
        let at = SetAt {
            st: At::of(&set.st),
            gs: At::of(&g.gs),
            isa: At::of(&self.doc.interchanges[index].isa),
            delimiters: set.st.delimiters,
            interchange_index: index,
            first: self.keys.claims.len(),
            of,
        };
        let in_duplicate = self
            .duplicate_interchanges
            .get(index)
            .copied()
            .unwrap_or(false);
        let envelope = at.envelope(bytes);
        let mut duplicates = self.claims.as_mut().filter(|_| !in_duplicate);
        let keys = &mut self.keys.claims;
        let keep = self.keep;
        ScannedClaims::join_each(claims, |c| {
            if let Some(d) = &mut duplicates {
                d.claim(&at.claim(bytes, &envelope, &c));
            }
            if keep {
                keys.push(c);
            }
        });
        if self.keep {
            self.keys.sets.push(at);
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
