//! S120 within a file: each set's claims taken in, in file order, as the sets are merged.

use super::*;

/// Takes in the claims of a file's transaction sets in file order, as each set is
/// checked, and reports S120 once they are all in: the claims of a set are kept only when
/// the keys are ([`crate::check_keeping_keys`]), so a file checked for S120 alone holds
/// two hashes and a number per claim, not its keys.
pub(crate) struct Gather<'c, 'a> {
    doc: &'c Document<'a>,
    /// Every set of the file, in file order.
    sets: Vec<FileSet<'c, 'a>>,
    /// The next set to take in.
    next: usize,
    keep: bool,
    pub(super) keys: FileKeys,
    claims: Option<DuplicateClaims<'c>>,
    duplicate_interchanges: Vec<bool>,
    /// The set being taken in, when its parts come one by one.
    open: Option<OpenSet>,
}

/// A transaction set of a file, with its interchange's index and its group.
type FileSet<'c, 'a> = (
    usize,
    &'c crate::x12::Group<'a>,
    &'c crate::x12::TransactionSet<'a>,
);

/// Where the set `file_set` of `doc` is, its claims starting at `first` in
/// [`FileKeys::claims`] (when kept) and numbering `of`.
fn set_at(doc: &Document<'_>, file_set: FileSet<'_, '_>, first: usize, of: usize) -> SetAt {
    let (index, g, set) = file_set;
    SetAt {
        st: At::of(&set.st),
        gs: At::of(&g.gs),
        isa: At::of(&doc.interchanges[index].isa),
        delimiters: set.st.delimiters,
        interchange_index: index,
        first,
        of,
    }
}

/// S120 as the claims come: each keyed claim's fingerprint, in file order; the first of
/// each key and its copies are found once the file's claims are all in.
struct DuplicateClaims<'c> {
    checker: Checker<'c>,
    key: FileKey,
    /// The run's key, when the cross-file pass takes each claim's fingerprint from S120:
    /// then the fingerprint is [`RunKey::claim`]'s instead of one under `key`.
    run: Option<&'c RunKey>,
    buf: Vec<u8>,
    /// The fingerprint of each keyed claim of the sets taken in, in file order.
    prints: Vec<Print>,
    /// The sets with a print, in file order.
    sets: Vec<PrintedSet>,
}

/// A keyed claim's fingerprint, and its number in its set ([`ClaimAt`]'s `ordinal`).
struct Print {
    fingerprint: Fingerprint,
    claim: usize,
}

/// A set whose claims' prints start at `first` in [`DuplicateClaims::prints`]: `n` is
/// its index in [`Gather::sets`], and `of` its claim count. (Its [`SetAt`] is made again
/// for its findings: a file of a million one-claim sets would hold 100 MB of them.)
struct PrintedSet {
    first: usize,
    n: usize,
    of: usize,
}

impl<'c, 'a> Gather<'c, 'a> {
    /// Gathers the keys of `doc` (kept when `keep`), reporting S120 with `checker` when
    /// it is given and the rule enabled; the claims of interchanges that repeat an
    /// earlier one (`duplicate_interchanges`) are that interchange's X050. `hl_count`, the
    /// file's HLs, bounds its claims in nearly every file: S120's list of them is made
    /// with that room, not grown by copies.
    pub(crate) fn new(
        doc: &'c Document<'a>,
        keep: bool,
        checker: Option<Checker<'c>>,
        duplicate_interchanges: Vec<bool>,
        run: Option<&'c RunKey>,
        hl_count: usize,
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
                prints: Vec::with_capacity(hl_count),
                sets: Vec::new(),
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
        let (index, _, set) = self.sets[n];
        if set.st.value(1) != b"837" {
            return None;
        }
        // Its claim count is known when it is closed.
        let at = set_at(self.doc, self.sets[n], self.keys.claims.len(), 0);
        let in_duplicate = self
            .duplicate_interchanges
            .get(index)
            .copied()
            .unwrap_or(false);
        Some(OpenSet {
            at,
            joined: Joined::default(),
            in_duplicate,
            first_print: self.claims.as_ref().map_or(0, |d| d.prints.len()),
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
        open.joined.push(claims, |c| {
            let mut made = None;
            if let Some(d) = &mut duplicates {
                made = d.fingerprint(at, bytes, &c);
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
        if let Some(d) = &mut self.claims
            && d.prints.len() > open.first_print
        {
            d.sets.push(PrintedSet {
                first: open.first_print,
                n: self.next - 1,
                of: open.at.of,
            });
        }
        if self.keep {
            self.keys.sets.push(open.at);
        }
    }

    /// The keys, when kept, and the checker of the S120 findings, when S120 is checked.
    pub(crate) fn finish(mut self) -> (Option<FileKeys>, Option<Checker<'c>>) {
        self.close_set();
        self.take_until(None);
        if let Some(d) = &mut self.claims {
            d.report_copies(self.doc, &self.sets);
        }
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
    /// Where its claims' prints start in [`DuplicateClaims::prints`].
    first_print: usize,
}

impl DuplicateClaims<'_> {
    /// Fingerprints the key of `c` (a claim of the set `at`, in `bytes`); a claim with
    /// no key is not. Also the claim's [`RunKey::claim`] fingerprint, when made under the
    /// run's key.
    fn fingerprint(&mut self, at: &SetAt, bytes: &[u8], c: &ClaimAt) -> Option<Fingerprint> {
        let (parts, _) = at.key_parts(bytes, c)?;
        // Two independent 64-bit hashes of the key (under the run's key, the halves of
        // one 128-bit hash): 200,000 claims in a file are held in a few megabytes, and
        // two different keys do not meet in practice.
        let fingerprint = match self.run {
            Some(run) => run.parts(parts, &mut self.buf),
            None => fingerprint(parts, &self.key, &mut self.buf),
        };
        self.prints.push(Print {
            fingerprint,
            claim: c.ordinal,
        });
        self.run.map(|_| fingerprint)
    }

    /// Reports S120 on every copy, in file order, once the file's claims are all in.
    ///
    /// Only two hashes and a number are held for each claim: the claims that the
    /// findings are about, and the first claims they repeat, are read again from the
    /// sets that hold them, one claim at a time. (A table of every key's first claim,
    /// looked up as each claim came, missed the processor's caches between the checks
    /// of the sets: 50 to 80 ms of the 0.72 s of a generated 101 MB file on one core,
    /// where the same look-ups in a row take 17 ms; and it held about 90 bytes a claim.)
    fn report_copies(&mut self, doc: &Document<'_>, sets: &[FileSet<'_, '_>]) {
        let bytes = doc.bytes;
        let copies = copies_among(&self.prints);
        if copies.is_empty() {
            return;
        }
        let mut firsts: Vec<usize> = copies.iter().map(|&(_, first)| first).collect();
        firsts.sort_unstable();
        firsts.dedup();
        // The sets to read again: those with a copy or a first claim, in file order.
        let set_of =
            |print: usize| (self.sets.partition_point(|s| s.first <= print)).saturating_sub(1);
        let mut wanted: Vec<usize> = (copies.iter().map(|&(copy, _)| copy))
            .chain(firsts.iter().copied())
            .map(set_of)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        // CLM's ordinal and CLM01 of each first claim, by its place in `firsts`.
        let mut found = vec![None; firsts.len()];
        let mut copies = copies.into_iter().peekable();
        let checker = &mut self.checker;
        for s in wanted {
            let set = &self.sets[s];
            let end = self
                .sets
                .get(s + 1)
                .map_or(self.prints.len(), |next| next.first);
            let prints = self.prints.get(set.first..end).unwrap_or_default();
            let Some(&file_set) = sets.get(set.n) else {
                continue;
            };
            let at = set_at(doc, file_set, 0, set.of);
            let envelope = at.envelope(bytes);
            scan::each_claim(bytes, file_set.2, |c| {
                // The claim's print, if it has a key.
                let Ok(index) = prints.binary_search_by_key(&c.ordinal, |p| p.claim) else {
                    return;
                };
                let print = set.first + index;
                // (A copy never met would hold back those after it.)
                while copies.next_if(|&(copy, _)| copy < print).is_some() {}
                if let Ok(f) = firsts.binary_search(&print) {
                    found[f] = at
                        .key_parts(bytes, c)
                        .map(|(_, clm01)| (c.clm.ordinal, clm01));
                }
                // A first claim comes before its copies: its place is known by now.
                if let Some((_, first)) = copies.next_if(|&(copy, _)| copy == print)
                    && let Ok(f) = firsts.binary_search(&first)
                    && let Some((segment, clm01)) = found[f]
                {
                    Self::report(checker, &at.claim(bytes, &envelope, c), segment, clm01);
                }
            });
        }
    }

    /// S120 on `c`, with a label on the first claim with its key.
    fn report(checker: &mut Checker<'_>, c: &ClaimKey<'_>, segment: usize, clm01: Span) {
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

/// Of `prints` (in file order), each copy with the print of the first claim with its key,
/// sorted.
///
/// The prints are put in buckets by the top bits of their first halves (about two a
/// bucket: the halves are random), in file order, and each bucket sorted by first half,
/// keeping file order among equal ones: so the claims with one key are next to each
/// other, first the first. (Sorting all the prints took about 570 instructions a claim.)
/// Of claims whose first halves meet, those whose second halves differ from the first
/// claim's are other claims, not copies (the odds are about one in seven million for the
/// 2.35 million claims of a 1 GB file).
///
/// This runs once the file's claims are all in, when nothing else is left to do: a large
/// file's buckets are shared out among the threads, each reading every print but placing
/// only those of its own buckets (on a set of 235,000 claims, about 10 ms on one thread,
/// while the other had nothing to do). A bucket holds each print's first half beside
/// its place, so that it is sorted without reading the prints again out of order.
fn copies_among(prints: &[Print]) -> Vec<(usize, usize)> {
    let n = prints.len();
    if n < 2 {
        return Vec::new();
    }
    let bits = n.ilog2().min(20);
    let buckets = 1usize << bits;
    let shares = shares_for(n).min(buckets);
    let share = buckets / shares;
    let find = |k: usize| copies_in_buckets(prints, bits, k * share..(k + 1) * share);
    #[cfg(feature = "parallel")]
    let found: Vec<Vec<(usize, usize)>> = {
        use rayon::prelude::*;
        (0..shares).into_par_iter().map(find).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let found: Vec<Vec<(usize, usize)>> = (0..shares).map(find).collect();
    let mut copies = found.concat();
    copies.sort_unstable();
    copies
}

/// How many threads share out the buckets of `n` prints: one below 65,536 prints, where
/// the whole search takes about a millisecond.
fn shares_for(n: usize) -> usize {
    #[cfg(feature = "parallel")]
    if n >= 1 << 16 {
        // A power of two, so that the shares divide the buckets evenly.
        let threads = rayon::current_num_threads().clamp(1, 8);
        return 1 << threads.ilog2();
    }
    let _ = n;
    1
}

/// [`copies_among`] for the prints whose buckets (the top `bits` bits of their first
/// halves) are in `range`.
fn copies_in_buckets(
    prints: &[Print],
    bits: u32,
    range: std::ops::Range<usize>,
) -> Vec<(usize, usize)> {
    let bucket = |p: &Print| (p.fingerprint.0 >> (64 - bits)) as usize;
    let own = |p: &Print| range.contains(&bucket(p));
    // Where each bucket starts in `order`, then (as they are filled) where it ends.
    let mut ends = vec![0usize; range.len() + 1];
    for p in prints.iter().filter(|p| own(p)) {
        ends[bucket(p) - range.start + 1] += 1;
    }
    for b in 1..ends.len() {
        ends[b] += ends[b - 1];
    }
    let mut order = vec![(0u64, 0usize); ends[range.len()]];
    for (i, p) in prints.iter().enumerate().filter(|(_, p)| own(p)) {
        let end = &mut ends[bucket(p) - range.start];
        order[*end] = (p.fingerprint.0, i);
        *end += 1;
    }
    let mut copies = Vec::new();
    let mut start = 0;
    for &end in &ends[..range.len()] {
        let same_bucket = &mut order[start..end];
        start = end;
        if same_bucket.len() < 2 {
            continue;
        }
        // By first half, in file order among equal ones (as placed): the first claim of
        // a key comes first.
        same_bucket.sort_by_key(|&(first, _)| first);
        for same in same_bucket.chunk_by(|a, b| a.0 == b.0) {
            let (first, later) = (same[0].1, &same[1..]);
            let second = prints[first].fingerprint.1;
            copies.extend(
                later
                    .iter()
                    .filter(|&&(_, i)| prints[i].fingerprint.1 == second)
                    .map(|&(_, i)| (i, first)),
            );
        }
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    /// S120's copies as the rule defines them, one print at a time: a print is a copy
    /// when its first half is an earlier print's and its second half that earlier
    /// print's, the first print with that first half.
    fn copies_one_by_one(prints: &[Print]) -> Vec<(usize, usize)> {
        let mut first = std::collections::HashMap::new();
        let mut copies = Vec::new();
        for (i, p) in prints.iter().enumerate() {
            let f = *first.entry(p.fingerprint.0).or_insert(i);
            if f != i && prints[f].fingerprint.1 == p.fingerprint.1 {
                copies.push((i, f));
            }
        }
        copies
    }

    /// Prints of the keys `keys` (in file order), each a first half and a second half:
    /// the first half spread over all 64 bits as real hashes are, so that the keys fall
    /// in every bucket.
    fn prints(keys: impl IntoIterator<Item = (u64, u64)>) -> Vec<Print> {
        keys.into_iter()
            .enumerate()
            .map(|(claim, (first, second))| Print {
                fingerprint: (first.wrapping_mul(0x9e37_79b9_7f4a_7c15), second),
                claim,
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Few first halves and three second halves, so that first halves meet often,
        /// and meet with other second halves too.
        #[test]
        fn copies_found_in_buckets_are_the_copies_one_by_one(
            keys in proptest::collection::vec((0u64..40, 0u64..3), 0..400)
        ) {
            let prints = prints(keys);
            proptest::prop_assert_eq!(copies_among(&prints), copies_one_by_one(&prints));
        }
    }

    /// A file with enough claims for the buckets to be shared out among the threads
    /// finds the same copies. The claims `keys` apart share a first half; of those, every
    /// other one has the first one's second half.
    #[test]
    fn copies_found_in_shared_buckets_are_the_copies_one_by_one() {
        for (n, keys) in [(70_000u64, 20_000u64), (140_000, 50_000)] {
            let prints = prints((0..n).map(|i| (i % keys, i / keys % 2)));
            let expected = copies_one_by_one(&prints);
            assert!(
                expected.len() as u64 > (n - keys) / 4,
                "{n}: {}",
                expected.len()
            );
            assert_eq!(copies_among(&prints), expected, "{n} prints of {keys} keys");
        }
    }
}
