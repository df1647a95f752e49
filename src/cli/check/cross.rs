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

use claimlint::batch::{self, ClaimKey, Earlier, FileKeys, InterchangeKey};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A keyed hash (HMAC-SHA-256): a claim number cannot be read back from it, nor guessed by
/// hashing candidates without the key.
pub type Hash = [u8; 32];

/// Bytes gathered before they are hashed (see [`Keyed::hash`]).
const BLOCK: usize = 64 << 10;

thread_local! {
    /// The block [`Keyed::hash`] gathers parts in, kept from hash to hash on each thread:
    /// made for each hash, an interchange's block grew from 256 bytes by doubling (five or
    /// six copies of a 5 KB file) and a claim's was one allocation more.
    static BLOCK_ROOM: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Hashes byte strings, each with its length, under the run's key.
#[derive(Clone)]
pub struct Keyed {
    /// The MAC with the key taken in: a file's thousands of claim hashes start from a
    /// copy of it instead of hashing the key again for each one.
    mac: Hmac<Sha256>,
}

impl Keyed {
    pub fn new(key: &[u8; 32]) -> Keyed {
        Keyed {
            mac: <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length"),
        }
    }

    pub fn hash<'p>(&self, kind: &[u8], parts: impl Iterator<Item = &'p [u8]>) -> Hash {
        let mut mac = self.mac.clone();
        mac.update(kind);
        // An interchange has a part per segment: gathered into blocks, they cost one
        // update per block instead of two per part. The bytes hashed are the same.
        BLOCK_ROOM.with_borrow_mut(|block| {
            block.clear();
            for p in parts {
                let len = (p.len() as u64).to_le_bytes();
                if block.len() + len.len() + p.len() > BLOCK {
                    mac.update(block);
                    block.clear();
                }
                if len.len() + p.len() > BLOCK {
                    mac.update(&len);
                    mac.update(p);
                } else {
                    block.extend_from_slice(&len);
                    block.extend_from_slice(p);
                }
            }
            mac.update(block);
        });
        mac.finalize().into_bytes().into()
    }

    pub fn interchange(&self, bytes: &[u8], ic: &InterchangeKey<'_>) -> Hash {
        let head = [ic.sender.0, ic.sender.1, ic.control];
        let content = ic.content(bytes).map(|s| s.raw);
        self.hash(b"interchange", head.into_iter().chain(content))
    }

    pub fn claim(&self, claim: &ClaimKey<'_>) -> Hash {
        self.hash(b"claim", claim.parts().into_iter())
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
#[derive(Default)]
pub struct Ledger {
    seen: HashMap<Hash, First, BuildHasherDefault<MacPrefix>>,
}

/// Places a [`Hash`] in the [`Ledger`] by its first eight bytes. A keyed MAC is as good as
/// random to anyone without the key, so hashing it again (SipHash, about 300 instructions
/// for 32 bytes, twice per key entered) bought nothing: a night of 2,000 files enters
/// 26,000 keys.
#[derive(Default)]
struct MacPrefix(u64);

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
    /// Enters a key of an earlier run (`--seen`), unless it is in already.
    pub fn remember(&mut self, hash: &Hash, first: &First) {
        self.seen.entry(*hash).or_insert_with(|| first.clone());
    }

    /// Looks up and enters one file's keys; returns its duplicates of earlier files or
    /// earlier runs. A key from an earlier run of the same file name is the same file
    /// checked again, not a resubmission.
    pub fn enter(&mut self, file: &str, keys: &Keys) -> Vec<Found> {
        let shown: Arc<str> = Arc::from(file);
        let new = |segment: usize| First {
            file: Arc::clone(&shown),
            segment,
            day: None,
        };
        let mut found = Vec::new();
        let mut duplicate_ic = vec![false; keys.interchanges.len()];
        for (i, (hash, segment, _)) in keys.interchanges.iter().enumerate() {
            match self.seen.entry(*hash) {
                Entry::Occupied(e) => {
                    let first = e.get();
                    if *first.file != *file {
                        duplicate_ic[i] = true;
                        found.push(Found::Interchange(i, first.clone()));
                    } else if first.day.is_none() {
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
                    if *e.get().file != *file {
                        found.push(Found::Claim(*n, e.get().clone()));
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
