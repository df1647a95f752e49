//! The cross-file pass of X050 `duplicate-interchange` and S120 `duplicate-claim`.
//!
//! Each worker hashes the keys of its file (keyed hashes of every interchange and claim,
//! see [`claimlint::batch`]; the check gathered them) while the file is in memory. Outcomes
//! reach the [`Ledger`] in input order, so when a file's keys are looked up, every file
//! before it has been entered: the finding is on the later copy, whatever thread finished
//! first. Duplicates inside one file were reported by the lint itself; here only an
//! earlier file or an earlier run (`--seen`) counts. A file with such a finding is read
//! again to word the finding on its bytes (its keys must match, or the file changed
//! meanwhile and the finding is not made); the findings are few, the reading rare.

use claimlint::batch::{self, ClaimKey, Earlier, FileKeys, InterchangeKey, RunKey};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A keyed hash: a claim number cannot be read back from it, nor guessed by hashing
/// candidates without the key (see [`Keyed`]).
pub type Hash = [u8; 32];

/// Bytes gathered before they are hashed (see [`Keyed::hash`]).
const BLOCK: usize = 64 << 10;

thread_local! {
    /// The block [`Keyed::hash`] gathers parts in, kept from hash to hash on each thread:
    /// made for each hash, an interchange's block grew from 256 bytes by doubling (five or
    /// six copies of a 5 KB file) and a claim's was one allocation more.
    static BLOCK_ROOM: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Hashes byte strings under the run's key: the keys of interchanges and claims the run
/// compares.
#[derive(Clone)]
pub enum Keyed {
    /// HMAC-SHA-256 under the `--seen` state's key, of the kind and each part after its
    /// length: the keys the state records, which must be the same from run to run. The
    /// MAC holds the key taken in: a file's thousands of claim hashes start from a copy
    /// of it instead of hashing the key again for each one.
    Saved(Hmac<Sha256>),
    /// For a run that records nothing (no `--seen`), whose keys are compared within the
    /// run only: SipHash-1-3 with a 128-bit output under a random key of the run (two of
    /// a night's 26,000 keys meet with odds of about 10^-30). Hashing a 5.6 KB interchange
    /// took 1.9 µs with two 64-bit SipHash-1-3 instead of 4.2 µs with the processor's SHA
    /// instructions, and one pass over the bytes with a 128-bit output takes about half
    /// the instructions of those two; an interchange whose segments end with `~` and no
    /// line break is hashed from the file's bytes in place instead of segment by segment
    /// (see [`content`]). A claim's key is its [`RunKey::claim`] fingerprint, which S120
    /// makes as it checks the file (see [`Keyed::claim_made`]).
    Run(RunKey),
}

impl Keyed {
    /// The keys of the `--seen` state (HMAC-SHA-256 under `key`).
    pub fn new(key: &[u8; 32]) -> Keyed {
        Keyed::Saved(
            <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length"),
        )
    }

    /// Keys for this run only, under random keys.
    pub fn for_run() -> Keyed {
        Keyed::Run(RunKey::new())
    }

    /// The hash of `kind` and each part after its length (8 bytes, little-endian).
    pub fn hash<'p>(&self, kind: &[u8], parts: impl Iterator<Item = &'p [u8]>) -> Hash {
        let mut sink = Sink::of(self);
        sink.write(kind);
        // An interchange has a part per segment: gathered into blocks, they cost one
        // update per block instead of two per part. The bytes hashed are the same.
        BLOCK_ROOM.with_borrow_mut(|block| {
            block.clear();
            for p in parts {
                let len = (p.len() as u64).to_le_bytes();
                if block.len() + len.len() + p.len() > BLOCK {
                    sink.write(block);
                    block.clear();
                }
                if len.len() + p.len() > BLOCK {
                    sink.write(&len);
                    sink.write(p);
                } else {
                    block.extend_from_slice(&len);
                    block.extend_from_slice(p);
                }
            }
            sink.write(block);
        });
        sink.finish()
    }

    pub fn interchange(&self, bytes: &[u8], ic: &InterchangeKey<'_>) -> Hash {
        let head = [ic.sender.0, ic.sender.1, ic.control];
        if let Keyed::Run(..) = self {
            let mut sink = Sink::of(self);
            sink.write(b"interchange");
            for p in head {
                sink.write(&(p.len() as u64).to_le_bytes());
                sink.write(p);
            }
            content(bytes, ic, &mut |b| sink.write(b));
            return sink.finish();
        }
        let content = ic.content(bytes).map(|s| s.raw);
        self.hash(b"interchange", head.into_iter().chain(content))
    }

    pub fn claim(&self, claim: &ClaimKey<'_>) -> Hash {
        self.claim_made(claim, None)
    }

    /// [`Keyed::claim`], given the claim's [`RunKey::claim`] fingerprint when S120 made it
    /// under this run's key.
    pub fn claim_made(&self, claim: &ClaimKey<'_>, made: Option<(u64, u64)>) -> Hash {
        match self {
            Keyed::Saved(_) => self.hash(b"claim", claim.parts().into_iter()),
            Keyed::Run(run) => {
                let (a, b) = made.unwrap_or_else(|| run.claim(claim));
                let mut out = [0u8; 32];
                out[..8].copy_from_slice(&a.to_le_bytes());
                out[8..16].copy_from_slice(&b.to_le_bytes());
                // An interchange's hash ends in zeros: the two kinds never meet, however
                // a claim's parts read.
                out[31] = 1;
                out
            }
        }
    }

    /// The run's key that S120 fingerprints claims under, when it is this run's key of
    /// claims (no `--seen`).
    pub fn run_key(&self) -> Option<&RunKey> {
        match self {
            Keyed::Run(run) => Some(run),
            Keyed::Saved(_) => None,
        }
    }
}

/// A hash being made.
enum Sink {
    Mac(Hmac<Sha256>),
    Sip(SipHasher13),
}

impl Sink {
    fn of(keyed: &Keyed) -> Sink {
        match keyed {
            Keyed::Saved(mac) => Sink::Mac(mac.clone()),
            Keyed::Run(run) => Sink::Sip(run.hasher()),
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        match self {
            Sink::Mac(mac) => mac.update(bytes),
            Sink::Sip(sip) => sip.write(bytes),
        }
    }

    fn finish(self) -> Hash {
        match self {
            Sink::Mac(mac) => mac.finalize().into_bytes().into(),
            Sink::Sip(sip) => {
                let hash = sip.finish128();
                let mut out = [0u8; 32];
                out[..8].copy_from_slice(&hash.h1.to_le_bytes());
                out[8..16].copy_from_slice(&hash.h2.to_le_bytes());
                out
            }
        }
    }
}

/// Writes the content of an interchange (its segments after the ISA, as
/// [`InterchangeKey::content`] reads them) as one string from which they can be read
/// back, whatever the interchange's terminator and line breaks: a first byte `0` and
/// each segment followed by `~` when no segment holds a `~`, else a first byte `1` and
/// each segment after its length. Most interchanges end their segments with `~` and
/// have no line break: their content is then the file's bytes as they are (and a `~`
/// after a last segment with none), written in place without reading the segments one
/// by one.
fn content(bytes: &[u8], ic: &InterchangeKey<'_>, write: &mut impl FnMut(&[u8])) {
    let end = ic.end.min(bytes.len());
    let after = (ic.isa.start + ic.isa.raw.len() + 1).min(end);
    let region = bytes.get(after..end).unwrap_or_default();
    if ic.isa.delimiters.segment == b'~' && memchr::memchr2(b'\r', b'\n', region).is_none() {
        // Every `~` ends a segment, empty ones included; after the last, the rest is a
        // segment unless it is empty or only spaces (as `Segments` reads it).
        let (ended, rest) = match memchr::memrchr(b'~', region) {
            Some(p) => region.split_at(p + 1),
            None => (&b""[..], region),
        };
        write(&[0]);
        write(ended);
        if !rest.iter().all(u8::is_ascii_whitespace) {
            write(rest);
            write(b"~");
        }
        return;
    }
    let segments: Vec<&[u8]> = ic.content(bytes).map(|s| s.raw).collect();
    if segments.iter().all(|s| !s.contains(&b'~')) {
        write(&[0]);
        for s in segments {
            write(s);
            write(b"~");
        }
    } else {
        write(&[1]);
        for s in segments {
            write(&(s.len() as u64).to_le_bytes());
            write(s);
        }
    }
}

/// The keys of one file.
#[derive(Debug, Default, Clone)]
pub struct Keys {
    /// Per interchange: its hash, ISA segment ordinal, and whether it has errors.
    pub interchanges: Vec<(Hash, usize, bool)>,
    /// Per claim with a claim number: its hash, CLM segment ordinal, index of its
    /// interchange, index of its claim (in [`batch::claims`] order) and whether it is
    /// accepted.
    pub claims: Vec<(Hash, usize, usize, usize, bool)>,
}

/// The keyed hashes of a file's interchanges (found in `bytes`), with their ISA
/// ordinals and whether each has error-severity findings (`errors`).
pub fn interchange_keys(
    keyed: &Keyed,
    bytes: &[u8],
    interchanges: &[InterchangeKey<'_>],
    errors: &dyn Fn(usize) -> bool,
) -> Vec<(Hash, usize, bool)> {
    interchanges
        .iter()
        .enumerate()
        .map(|(i, ic)| (keyed.interchange(bytes, ic), ic.isa.ordinal, errors(i)))
        .collect()
}

impl Keys {
    /// The keys of a file (`bytes`), for comparing with the ones found when it was
    /// checked.
    pub fn of(keyed: &Keyed, bytes: &[u8], keys: &FileKeys, claims: &[ClaimKey<'_>]) -> Keys {
        let interchanges = interchange_keys(keyed, bytes, &keys.interchanges(bytes), &|_| false);
        let claims = claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_keyed())
            .map(|(n, c)| (keyed.claim(c), c.clm.ordinal, c.interchange_index, n, false))
            .collect();
        Keys {
            interchanges,
            claims,
        }
    }
}

/// Where a key was first seen. The file and day are shared by every key of a file (a
/// run holds one entry per claim and interchange it read).
#[derive(Debug, Clone)]
pub struct First {
    /// The file (as shown), or for `--seen` the file of an earlier run.
    pub file: Arc<str>,
    pub segment: usize,
    /// `Some(day)` when it comes from the `--seen` state of an earlier run.
    pub day: Option<Arc<str>>,
}

/// A duplicate found for a file: which interchange (by index) or claim (by index in
/// [`batch::claims`] order), and where it was first seen.
#[derive(Debug, Clone)]
pub enum Found {
    Interchange(usize, First),
    Claim(usize, First),
}

/// Every key seen so far in the run, and in earlier runs (`--seen`), and where it was
/// seen first.
///
/// An entry names its file by index (48 bytes an entry, not the 72 of a key and a
/// [`First`]): the table is most of what a run holds and faults in as it grows, about
/// 1,100 pages for a night's 26,000 keys with [`First`]s, and cloning a [`First`]'s file
/// name for each key entered was an atomic count that waits for the table's writes.
#[derive(Default)]
pub struct Ledger {
    seen: HashMap<Hash, Sighting, ByPrefix>,
    /// The files keys were first seen in, with the day of the earlier run that saw them
    /// (`--seen`), by index.
    files: Vec<(Arc<str>, Option<Arc<str>>)>,
}

/// Where a key was seen first: its file, by index in [`Ledger::files`], and its segment
/// there.
#[derive(Debug, Clone, Copy)]
struct Sighting {
    file: u32,
    segment: usize,
}

/// A set or map of [`Hash`]es, each placed by its first eight bytes (see [`MacPrefix`]).
pub type ByPrefix = BuildHasherDefault<MacPrefix>;

/// Places a [`Hash`] in the [`Ledger`] by its first eight bytes. A keyed MAC is as good as
/// random to anyone without the key, so hashing it again (SipHash, about 300 instructions
/// for 32 bytes, twice per key entered) bought nothing: a night of 2,000 files enters
/// 26,000 keys.
#[derive(Default)]
pub struct MacPrefix(u64);

impl Hasher for MacPrefix {
    fn write(&mut self, bytes: &[u8]) {
        // A `Hash` is written as its length, then its 32 bytes: the bytes are the key.
        match bytes.first_chunk::<8>() {
            Some(word) => self.0 ^= u64::from_le_bytes(*word),
            None => {
                for &b in bytes {
                    self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }

    fn write_usize(&mut self, _length: usize) {}

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Ledger {
    /// Makes room for `more` keys.
    pub fn reserve(&mut self, more: usize) {
        self.seen.reserve(more);
    }

    /// The index of a new file in [`Ledger::files`].
    fn add_file(&mut self, file: Arc<str>, day: Option<Arc<str>>) -> u32 {
        self.files.push((file, day));
        u32::try_from(self.files.len() - 1).expect("fewer than 4 billion files")
    }

    /// Enters a key of an earlier run (`--seen`), unless it is in already.
    pub fn remember(&mut self, hash: &Hash, first: &First) {
        if self.seen.contains_key(hash) {
            return;
        }
        // The state's keys come file by file.
        let file = match self.files.last() {
            Some((file, day)) if *file == first.file && *day == first.day => self.files.len() - 1,
            _ => self.add_file(Arc::clone(&first.file), first.day.clone()) as usize,
        };
        let sighting = Sighting {
            file: file as u32,
            segment: first.segment,
        };
        self.seen.insert(*hash, sighting);
    }

    /// Where `sighting` was.
    fn first(&self, sighting: Sighting) -> First {
        let (file, day) = &self.files[sighting.file as usize];
        First {
            file: Arc::clone(file),
            segment: sighting.segment,
            day: day.clone(),
        }
    }

    /// Looks up and enters one file's keys; returns its duplicates of earlier files or
    /// earlier runs. A key from an earlier run of the same file name is the same file
    /// checked again, not a resubmission.
    pub fn enter(&mut self, file: &str, keys: &Keys) -> Vec<Found> {
        let this = self.add_file(Arc::from(file), None);
        let new = |segment: usize| Sighting {
            file: this,
            segment,
        };
        let mut found = Vec::new();
        let mut duplicate_ic = vec![false; keys.interchanges.len()];
        for (i, (hash, segment, _)) in keys.interchanges.iter().enumerate() {
            match self.seen.entry(*hash) {
                Entry::Occupied(e) => {
                    let sighting = *e.get();
                    let (first_file, day) = &self.files[sighting.file as usize];
                    if **first_file != *file {
                        duplicate_ic[i] = true;
                        found.push(Found::Interchange(i, self.first(sighting)));
                    } else if day.is_none() {
                        // A duplicate inside this file: the lint reported it.
                        duplicate_ic[i] = true;
                    }
                }
                Entry::Vacant(e) => {
                    e.insert(new(*segment));
                }
            }
        }
        for (hash, segment, ic, n, _) in &keys.claims {
            if duplicate_ic.get(*ic).copied().unwrap_or(false) {
                continue;
            }
            match self.seen.entry(*hash) {
                Entry::Occupied(e) => {
                    let sighting = *e.get();
                    if *self.files[sighting.file as usize].0 != *file {
                        found.push(Found::Claim(*n, self.first(sighting)));
                    }
                }
                Entry::Vacant(e) => {
                    e.insert(new(*segment));
                }
            }
        }
        found
    }
}

/// The findings for `found`, worded on the file's bytes; `None` when the file no longer
/// has the keys it had (it changed since it was checked).
pub fn diagnostics(
    keyed: &Keyed,
    settings: &claimlint::Settings,
    bytes: &[u8],
    keys: &Keys,
    found: &[Found],
) -> Option<Vec<claimlint::Diagnostic>> {
    let doc = claimlint::x12::parse(bytes);
    let file_keys = FileKeys::of(&doc);
    let claims = file_keys.claims(bytes);
    let again = Keys::of(keyed, bytes, &file_keys, &claims);
    let same = again.interchanges.len() == keys.interchanges.len()
        && again.claims.len() == keys.claims.len()
        && again
            .interchanges
            .iter()
            .zip(&keys.interchanges)
            .all(|(a, b)| a.0 == b.0)
        && again
            .claims
            .iter()
            .zip(&keys.claims)
            .all(|(a, b)| a.0 == b.0);
    if !same {
        return None;
    }
    let ics = file_keys.interchanges(bytes);
    let earlier = |first: &First| Earlier {
        file: Some(match &first.day {
            Some(day) => format!("{} (checked {day})", first.file),
            None => first.file.to_string(),
        }),
        segment: first.segment,
        span: None,
    };
    Some(
        found
            .iter()
            .filter_map(|f| match f {
                Found::Interchange(i, first) => batch::duplicate_interchange(
                    settings,
                    bytes,
                    &ics.get(*i)?.isa,
                    &earlier(first),
                ),
                Found::Claim(n, first) => {
                    batch::duplicate_claim(settings, bytes, claims.get(*n)?, &earlier(first))
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim_keys(hashes: &[Hash]) -> Keys {
        Keys {
            interchanges: Vec::new(),
            claims: hashes
                .iter()
                .enumerate()
                .map(|(n, h)| (*h, 10 + n, 0, n, true))
                .collect(),
        }
    }

    /// Keys that share their first eight bytes (where the ledger places them) are still
    /// told apart, and each is found again in a later file.
    #[test]
    fn the_ledger_tells_apart_keys_with_the_same_first_bytes() {
        let a = [1u8; 32];
        let mut b = a;
        b[31] = 2;
        let mut c = a;
        c[8] = 3;
        let mut ledger = Ledger::default();
        assert!(ledger.enter("one.x12", &claim_keys(&[a, b])).is_empty());
        let found = ledger.enter("two.x12", &claim_keys(&[c, b, a, [9u8; 32]]));
        let found: Vec<(usize, usize)> = found
            .iter()
            .map(|f| match f {
                Found::Claim(n, first) => {
                    assert_eq!(&*first.file, "one.x12");
                    (*n, first.segment)
                }
                Found::Interchange(..) => unreachable!(),
            })
            .collect();
        assert_eq!(found, [(1, 11), (2, 10)]);
        // `c` was entered by the second file.
        let again = ledger.enter("three.x12", &claim_keys(&[c]));
        assert!(matches!(&again[..], [Found::Claim(0, first)] if &*first.file == "two.x12"));
    }

    /// A key of an earlier run is entered once: the first one given stays.
    #[test]
    fn an_earlier_run_s_key_is_remembered_once() {
        let earlier = |file: &str| First {
            file: Arc::from(file),
            segment: 5,
            day: Some(Arc::from("2026-12-04")),
        };
        let mut ledger = Ledger::default();
        ledger.remember(&[4u8; 32], &earlier("monday.x12"));
        ledger.remember(&[4u8; 32], &earlier("tuesday.x12"));
        let found = ledger.enter("wednesday.x12", &claim_keys(&[[4u8; 32]]));
        assert!(matches!(&found[..], [Found::Claim(0, first)] if &*first.file == "monday.x12"));
        // The same file checked again is not a resubmission.
        assert!(
            ledger
                .enter("monday.x12", &claim_keys(&[[4u8; 32]]))
                .is_empty()
        );
    }

    /// Every sample file, and each again with a line break after each terminator, with
    /// CR LF, with another terminator, with another ISA date, with its last segment
    /// unterminated or followed by spaces, and with one byte of a segment changed.
    fn variants() -> Vec<Vec<u8>> {
        fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    collect(&path, out);
                } else if path.extension().is_some_and(|e| e == "x12") {
                    out.push(path);
                }
            }
        }
        let mut paths = Vec::new();
        collect(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
            &mut paths,
        );
        paths.sort();
        let mut out = Vec::new();
        for path in paths {
            let file = std::fs::read(&path).unwrap();
            let replace = |from: &[u8], to: &[u8]| -> Vec<u8> {
                let mut v = Vec::new();
                let mut rest = &file[..];
                while let Some(p) = rest.windows(from.len()).position(|w| w == from) {
                    v.extend_from_slice(&rest[..p]);
                    v.extend_from_slice(to);
                    rest = &rest[p + from.len()..];
                }
                v.extend_from_slice(rest);
                v
            };
            out.push(replace(b"~", b"~\n"));
            out.push(replace(b"~", b"~\r\n"));
            if !file.contains(&b'!') {
                out.push(replace(b"~", b"!"));
            }
            out.push(replace(b"*240115*", b"*250116*"));
            let trimmed = file.trim_ascii_end();
            out.push(trimmed.strip_suffix(b"~").unwrap_or(trimmed).to_vec());
            out.push([trimmed, b"   "].concat());
            if let Some(p) = file.iter().position(|&b| b == b'C') {
                let mut changed = file.clone();
                changed[p] = b'K';
                out.push(changed);
            }
            out.push(file);
        }
        out
    }

    /// A run that records nothing keys interchanges and claims with its own hashes: they
    /// meet exactly when the `--seen` state's keys do, whatever the terminator, the line
    /// breaks and the ISA's date and time.
    #[test]
    fn a_run_s_own_keys_meet_where_the_recorded_keys_meet() {
        let saved = Keyed::new(&[7u8; 32]);
        let run = Keyed::for_run();
        let mut pairs = Vec::new();
        let files = variants();
        for bytes in &files {
            let doc = claimlint::x12::parse(bytes);
            let keys = FileKeys::of(&doc);
            for ic in keys.interchanges(bytes) {
                pairs.push((saved.interchange(bytes, &ic), run.interchange(bytes, &ic)));
            }
            keys.each_claim(bytes, |c| pairs.push((saved.claim(&c), run.claim(&c))));
        }
        assert!(pairs.len() > 5_000, "{}", pairs.len());
        let mut by_saved: HashMap<Hash, Hash> = HashMap::new();
        let mut by_run: HashMap<Hash, Hash> = HashMap::new();
        let mut met = 0;
        for (s, r) in pairs {
            assert_eq!(*by_saved.entry(s).or_insert(r), r, "the same recorded key");
            met += usize::from(by_run.contains_key(&r));
            assert_eq!(*by_run.entry(r).or_insert(s), s, "the same run key");
        }
        assert!(met > 1_000, "{met}");
    }

    /// A run's claim keys taken from S120's fingerprints, made as each file is checked,
    /// are the ones it makes of each claim itself, and meet exactly when the `--seen`
    /// state's keys do, over every sample and variant.
    #[test]
    fn claim_keys_shared_with_s120_meet_where_the_recorded_keys_meet() {
        let saved = Keyed::new(&[7u8; 32]);
        let run = Keyed::for_run();
        let settings = claimlint::Settings::default();
        let mut pairs = Vec::new();
        let mut made = 0;
        for (n, bytes) in variants().into_iter().enumerate() {
            let source = claimlint::SourceFile::new(format!("{n}.x12"), bytes.clone());
            let report = claimlint::check_keeping_run_keys(
                &source,
                &settings,
                &|_| {},
                run.run_key().unwrap(),
            );
            let keys = report
                .keys
                .unwrap_or_else(|| FileKeys::of(&claimlint::x12::parse(&bytes)));
            keys.each_claim_fingerprinted(&bytes, |c, print| {
                if !c.is_keyed() {
                    return;
                }
                made += usize::from(print.is_some());
                let shared = run.claim_made(&c, print);
                assert_eq!(shared, run.claim(&c));
                pairs.push((saved.claim(&c), shared));
            });
        }
        assert!(made > 1_000, "{made}");
        let mut by_saved: HashMap<Hash, Hash> = HashMap::new();
        let mut by_run: HashMap<Hash, Hash> = HashMap::new();
        let mut met = 0;
        for (s, r) in pairs {
            assert_eq!(*by_saved.entry(s).or_insert(r), r, "the same recorded key");
            met += usize::from(by_run.contains_key(&r));
            assert_eq!(*by_run.entry(r).or_insert(s), s, "the same run key");
        }
        assert!(met > 500, "{met}");
    }

    /// An interchange's content, read in place, is the one its segments give.
    #[test]
    fn content_read_in_place_is_the_content_of_its_segments() {
        let mut in_place = 0;
        for bytes in variants() {
            let doc = claimlint::x12::parse(&bytes);
            for ic in FileKeys::of(&doc).interchanges(&bytes) {
                let mut written = Vec::new();
                content(&bytes, &ic, &mut |b| written.extend_from_slice(b));
                let segments: Vec<&[u8]> = ic.content(&bytes).map(|s| s.raw).collect();
                let mut expected = Vec::new();
                if segments.iter().all(|s| !s.contains(&b'~')) {
                    expected.push(0);
                    for s in segments {
                        expected.extend_from_slice(s);
                        expected.push(b'~');
                    }
                } else {
                    expected.push(1);
                    for s in segments {
                        expected.extend_from_slice(&(s.len() as u64).to_le_bytes());
                        expected.extend_from_slice(s);
                    }
                }
                assert_eq!(
                    String::from_utf8_lossy(&written),
                    String::from_utf8_lossy(&expected)
                );
                in_place += usize::from(ic.isa.delimiters.segment == b'~');
            }
        }
        assert!(in_place > 1_000, "{in_place}");
    }

    /// The hash is HMAC-SHA-256 of the kind and each part after its length (8 bytes,
    /// little-endian), however the parts are gathered: keys recorded by `--seen` in
    /// earlier runs are found again.
    #[test]
    fn a_hash_is_the_hmac_of_the_parts_with_their_lengths() {
        let key = [7u8; 32];
        let long = vec![b'x'; 5000];
        let parts: Vec<&[u8]> = vec![
            b"ZZ",
            b"",
            b"SUBMITTER",
            &long,
            b"CLM*A1*150",
            &long[..4090],
        ];
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
        mac.update(b"interchange");
        for p in &parts {
            mac.update(&(p.len() as u64).to_le_bytes());
            mac.update(p);
        }
        let expected: Hash = mac.finalize().into_bytes().into();
        let keyed = Keyed::new(&key);
        assert_eq!(keyed.hash(b"interchange", parts.iter().copied()), expected);
        assert_eq!(
            keyed.hash(b"interchange", parts.iter().copied()),
            expected,
            "again"
        );
        assert_ne!(keyed.hash(b"claim", parts.iter().copied()), expected);
    }
}
