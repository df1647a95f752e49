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
    /// The set being taken in, when its parts come one by one.
    open: Option<OpenSet>,
}

/// S120 as the claims come: the first of each key, and the findings.
struct DuplicateClaims<'c> {
    checker: Checker<'c>,
    key: FileKey,
    /// The run's key, when the cross-file pass takes each claim's fingerprint from S120:
    /// then the fingerprint is [`RunKey::claim`]'s instead of one under `key`.
    run: Option<&'c RunKey>,
    buf: Vec<u8>,
    /// The first half of a fingerprint → the index in `firsts` of the first claim with
    /// it. Eight bytes a bucket: the table is most of what S120 holds for a large file,
    /// and is held twice while it grows.
    first: HashMap<u64, usize, BuildHasherDefault<Hashed>>,
    /// The other half of the fingerprint, and the CLM ordinal and CLM01 of that claim.
    firsts: Vec<(u64, usize, Span)>,
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
        run: Option<&'c RunKey>,
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
                key: FileKey::new(),
                run: run.filter(|_| keep),
                buf: Vec::new(),
                first: HashMap::default(),
                firsts: Vec::new(),
            });
        Gather {
            doc,
            sets,
            next: 0,
            keep,
            keys,
            claims,
            duplicate_interchanges,
            open: None,
        }
    }

    /// Takes in the claims of the set whose ST is at `st`, found as it was checked
    /// whole; the sets before it that were not checked are read from the file.
    pub(crate) fn add(&mut self, st: SetStart, claims: ScannedClaims) {
        self.add_part(st, claims, true);
    }

    /// Takes in the claims of the next part of the set whose ST is at `st`, `last` when
    /// the set ends with it. The parts of a set come in order, before any later set.
    pub(crate) fn add_part(&mut self, st: SetStart, claims: ScannedClaims, last: bool) {
        if self.open.is_none() {
            self.take_until(Some(st));
            if self.next >= self.sets.len() {
                return;
            }
            self.open = self.open_set(self.next);
            if self.open.is_none() {
                // Not an 837: no claims to take in.
                if last {
                    self.next += 1;
                }
                return;
            }
        }
        self.take_part(claims);
        if last {
            self.close_set();
        }
    }

    /// Reads the sets from the next one up to the one at `st` (excluded; to the end of
    /// the file when `None`).
    pub(super) fn take_until(&mut self, st: Option<SetStart>) {
        while self.next < self.sets.len()
            && st.is_none_or(|st| SetStart::of(&self.sets[self.next].2.st) != st)
        {
            if let Some(open) = self.open_set(self.next) {
                self.open = Some(open);
                let set = self.sets[self.next].2;
                let mut scan = ClaimScan::default();
                set.segments(self.doc.bytes).for_each(|s| scan.segment(&s));
                self.take_part(scan.finish());
                self.close_set();
            } else {
                self.next += 1;
            }
        }
    }

    /// The set at `n` of [`Gather::sets`] as it starts to be taken in; `None` for a set
    /// of another kind than 837.
    fn open_set(&self, n: usize) -> Option<OpenSet> {
        let (index, g, set) = self.sets[n];
        if set.st.value(1) != b"837" {
            return None;
        }
        let at = SetAt {
            st: At::of(&set.st),
            gs: At::of(&g.gs),
            isa: At::of(&self.doc.interchanges[index].isa),
            delimiters: set.st.delimiters,
            interchange_index: index,
            first: self.keys.claims.len(),
            // Known when the set is closed.
            of: 0,
        };
        let in_duplicate = self
            .duplicate_interchanges
            .get(index)
            .copied()
            .unwrap_or(false);
        Some(OpenSet {
            at,
            joined: Joined::default(),
            in_duplicate,
            repeated: Vec::new(),
        })
    }

    /// Takes in one part of the open set: its claims' keys are looked up and entered
    /// (S120), and kept when the keys are.
    fn take_part(&mut self, claims: ScannedClaims) {
        let Some(open) = &mut self.open else {
            return;
        };
        let bytes = self.doc.bytes;
        let at = &open.at;
        // Without S120 the fingerprints are not made here: the cross-file pass makes them.
        let sharing = self.keep && self.claims.as_ref().is_some_and(|d| d.run.is_some());
        let mut duplicates = self.claims.as_mut().filter(|_| !open.in_duplicate);
        let keys = &mut self.keys.claims;
        let fingerprints = &mut self.keys.fingerprints;
        let keep = self.keep;
        // Room for the part's claims at once: a small file's lists would otherwise grow
        // (and be copied) several times for its dozen claims. Not S120's tables: reserved
        // so, whether for every part or for a file's first only, they raised the peak memory
        // of a set of 235,000 claims from 51.6 to 60.6 MB (one thread), for 2.6 million
        // instructions saved on 2,000 small files.
        let count = claims.claims.len();
        if keep {
            keys.reserve(count);
        }
        if sharing {
            fingerprints.reserve(count);
        }
        let repeated = &mut open.repeated;
        open.joined.push(claims, |c| {
            let mut made = None;
            if let Some(d) = &mut duplicates {
                let (earlier, fingerprint) = d.first_of(at, bytes, &c);
                made = fingerprint;
                if let Some(earlier) = earlier {
                    repeated.push((c.clone(), earlier));
                }
            }
            if keep {
                keys.push(c);
            }
            if sharing {
                fingerprints.push(made);
            }
        });
    }

    /// Ends the open set: its S120 findings are made, now that its claim count is known.
    fn close_set(&mut self) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        self.next += 1;
        open.at.of = open.joined.count();
        if open.at.of == 0 {
            return;
        }
        let bytes = self.doc.bytes;
        if let Some(d) = &mut self.claims {
            let envelope = open.at.envelope(bytes);
            for (c, (segment, clm01)) in open.repeated {
                d.report(&open.at.claim(bytes, &envelope, &c), segment, clm01);
            }
        }
        if self.keep {
            self.keys.sets.push(open.at);
        }
    }

    /// The keys, when kept, and the checker of the S120 findings, when S120 is checked.
    pub(crate) fn finish(mut self) -> (Option<FileKeys>, Option<Checker<'c>>) {
        self.close_set();
        self.take_until(None);
        (
            self.keep.then_some(self.keys),
            self.claims.map(|d| d.checker),
        )
    }
}

/// A set being taken in, part by part.
struct OpenSet {
    /// Its claims are counted (`of`) when it is closed.
    at: SetAt,
    joined: Joined,
    /// Whether its interchange repeats an earlier one (its claims are that X050's).
    in_duplicate: bool,
    /// Its claims whose key an earlier claim has, with where that one is (CLM ordinal and
    /// CLM01): reported when the set is closed, once its claim count is known.
    repeated: Vec<(ClaimAt, (usize, Span))>,
}

impl DuplicateClaims<'_> {
    /// Where the first claim with the key of `c` (a claim of the set `at`, in `bytes`)
    /// is (CLM ordinal and CLM01), if one came before; otherwise `c` is entered as the
    /// first. Also the claim's [`RunKey::claim`] fingerprint, when made under the run's
    /// key.
    fn first_of(
        &mut self,
        at: &SetAt,
        bytes: &[u8],
        c: &ClaimAt,
    ) -> (Option<(usize, Span)>, Option<Fingerprint>) {
        let Some((parts, clm01)) = at.key_parts(bytes, c) else {
            return (None, None);
        };
        // Two independent 64-bit hashes of the key (under the run's key, the halves of
        // one 128-bit hash): 200,000 claims in a file are held in a few megabytes, and
        // two different keys do not meet in practice. The first, keyed at random, places
        // the entry: it is not hashed again.
        let (h1, h2) = match self.run {
            Some(run) => run.parts(parts, &mut self.buf),
            None => fingerprint(parts, &self.key, &mut self.buf),
        };
        let made = self.run.map(|_| (h1, h2));
        let earlier = match self.first.entry(h1) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let (second, segment, clm01) = self.firsts[*e.get()];
                // Keys whose first halves meet and second halves differ are two claims;
                // the later one is not entered (the odds are about one in seven million for
                // the 2.35 million claims of a 1 GB file).
                (second == h2).then_some((segment, clm01))
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(self.firsts.len());
                self.firsts.push((h2, c.clm.ordinal, clm01));
                None
            }
        };
        (earlier, made)
    }

    /// S120 on `c`, with a label on the first claim with its key.
    fn report(&mut self, c: &ClaimKey<'_>, segment: usize, clm01: Span) {
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
