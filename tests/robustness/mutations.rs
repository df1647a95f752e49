//! Property tests: random bytes, X12-shaped noise, and the valid samples mutated (segments
//! deleted, duplicated, swapped or cut off, a delimiter changed, line breaks inserted,
//! bytes flipped). Nothing panics, and meaningful damage is always reported.

use crate::{NAME, codes, has, pipeline, segment_ranges};
use claimlint::x12;
use claimlint::{Settings, SourceFile, lint};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A valid sample: its bytes and what makes it up.
struct Seed {
    name: String,
    bytes: Vec<u8>,
    codes: Vec<&'static str>,
}

/// `samples/valid/*.x12` and `samples/rules/*/ok_*.x12` that lint without any finding
/// (some `ok_` samples are clean only for their own rule).
fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("valid"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        for rule in std::fs::read_dir(root.join("rules")).unwrap().flatten() {
            for f in std::fs::read_dir(rule.path()).unwrap().flatten() {
                let name = f.file_name();
                let name = name.to_string_lossy();
                if name.starts_with("ok_") && name.ends_with(".x12") {
                    paths.push(f.path());
                }
            }
        }
        paths.sort();
        let seeds: Vec<Seed> = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "x12"))
            .map(|p| {
                let bytes = std::fs::read(p).unwrap();
                let report = lint(&SourceFile::new(NAME, bytes.clone()), &Settings::default());
                Seed {
                    name: p.display().to_string(),
                    bytes,
                    codes: codes(&report),
                }
            })
            .filter(|s| s.codes.is_empty())
            .collect();
        assert!(seeds.len() >= 20, "only {} clean samples", seeds.len());
        seeds
    })
}

/// A segment of a seed: byte range (terminator included) and ID.
#[derive(Debug, Clone)]
struct Seg {
    start: usize,
    end: usize,
    id: Vec<u8>,
}

/// The segments of every transaction set of a seed, ST and SE included, per set.
fn transaction_sets(bytes: &[u8]) -> Vec<Vec<Seg>> {
    let ranges = segment_ranges(bytes);
    let doc = x12::parse(bytes);
    let mut sets = Vec::new();
    for ic in &doc.interchanges {
        for g in &ic.groups {
            for t in &g.transactions {
                if t.se.is_none() {
                    continue;
                }
                sets.push(
                    t.segments(bytes)
                        .map(|s| Seg {
                            start: s.start,
                            end: ranges[&s.ordinal].1,
                            id: s.id().to_vec(),
                        })
                        .collect(),
                );
            }
        }
    }
    sets
}

/// All segments of a seed in order.
fn all_segments(bytes: &[u8]) -> Vec<Seg> {
    segment_ranges(bytes)
        .values()
        .map(|&(start, end)| {
            let raw = &bytes[start..end];
            let id_len = raw
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(raw.len());
            Seg {
                start,
                end,
                id: raw[..id_len].to_vec(),
            }
        })
        .collect()
}

fn splice(bytes: &[u8], from: usize, to: usize, insert: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + insert.len());
    out.extend_from_slice(&bytes[..from]);
    out.extend_from_slice(insert);
    out.extend_from_slice(&bytes[to..]);
    out
}

/// Picks an element of a non-empty slice with a proptest index.
fn pick<'a, T>(items: &'a [T], i: &prop::sample::Index) -> &'a T {
    &items[i.index(items.len())]
}

const ENVELOPE: &[&[u8]] = &[b"GS", b"GE", b"ST", b"SE", b"IEA"];

fn seed_index() -> impl Strategy<Value = prop::sample::Index> {
    any::<prop::sample::Index>()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        pipeline(&bytes);
    }

    #[test]
    fn x12_shaped_noise_never_panics(
        seed in seed_index(),
        tokens in prop::collection::vec(
            prop::sample::select(vec![
                "ISA", "IEA", "GS", "GE", "ST", "SE", "HL", "CLM", "LX", "SV1", "NM1", "SBR",
                "DTP", "HI", "LIN", "CTP", "*", "~", ":", "^", "\n", "\r\n", "837", "1", "22",
                "HC", "99213", "D8", "20240110", "", "\0", "\u{7f}", "\u{fffd}",
            ]),
            0..64,
        ),
        at in any::<prop::sample::Index>(),
    ) {
        let seed = pick(seeds(), &seed);
        let noise: Vec<u8> = tokens.concat().into_bytes();
        let at = at.index(seed.bytes.len() + 1);
        pipeline(&splice(&seed.bytes, at, at, &noise));
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Deleting a segment between ST and SE changes the count that SE01 must equal.
    #[test]
    fn deleting_a_segment_inside_a_set_is_a_count_mismatch(
        seed in seed_index(), set in seed_index(), seg in seed_index(),
    ) {
        let seed = pick(seeds(), &seed);
        let sets = transaction_sets(&seed.bytes);
        let set = pick(&sets, &set);
        let s = pick(&set[1..set.len() - 1], &seg);
        let report = pipeline(&splice(&seed.bytes, s.start, s.end, b""));
        prop_assert!(has(&report, "X020"), "{}: {:?}", seed.name, codes(&report));
    }

    /// Duplicating a segment between ST and SE too.
    #[test]
    fn duplicating_a_segment_inside_a_set_is_a_count_mismatch(
        seed in seed_index(), set in seed_index(), seg in seed_index(),
    ) {
        let seed = pick(seeds(), &seed);
        let sets = transaction_sets(&seed.bytes);
        let set = pick(&sets, &set);
        let s = pick(&set[1..set.len() - 1], &seg);
        let copy = seed.bytes[s.start..s.end].to_vec();
        let report = pipeline(&splice(&seed.bytes, s.end, s.end, &copy));
        prop_assert!(has(&report, "X020"), "{}: {:?}", seed.name, codes(&report));
    }

    /// A file cut off after the start of an ISA and before its IEA ends inside the ISA
    /// (X005) or inside the interchange (X009).
    #[test]
    fn truncating_inside_an_interchange_is_reported(
        seed in seed_index(), ic in seed_index(), cut in seed_index(),
    ) {
        let seed = pick(seeds(), &seed);
        let doc = x12::parse(&seed.bytes);
        let ic = pick(&doc.interchanges, &ic);
        let iea = ic.iea.expect("clean samples close their interchanges");
        let first = ic.isa.start + 4;
        let cut = first + cut.index(iea.start - first + 1);
        let report = pipeline(&seed.bytes[..cut]);
        let expected = if cut < ic.isa.start + ic.header.len { "X005" } else { "X009" };
        prop_assert!(has(&report, expected), "{} cut at {cut}: {:?}", seed.name, codes(&report));
    }

    /// Swapping two neighbouring segments never panics; when one of them is an envelope
    /// header or trailer (other than the fixed-width ISA) and their IDs differ, the
    /// envelope is broken and that is reported.
    #[test]
    fn swapping_segments_breaks_the_envelope(seed in seed_index(), seg in seed_index()) {
        let seed = pick(seeds(), &seed);
        let segs = all_segments(&seed.bytes);
        let i = 1 + seg.index(segs.len() - 2);
        let (a, b) = (&segs[i], &segs[i + 1]);
        let mut swapped = seed.bytes[b.start..b.end].to_vec();
        swapped.extend_from_slice(&seed.bytes[a.end..b.start]);
        swapped.extend_from_slice(&seed.bytes[a.start..a.end]);
        let report = pipeline(&splice(&seed.bytes, a.start, b.end, &swapped));
        let envelope = ENVELOPE.contains(&&a.id[..]) || ENVELOPE.contains(&&b.id[..]);
        if envelope && a.id != b.id {
            prop_assert!(
                !report.diagnostics.is_empty(),
                "{}: swapping {} and {}",
                seed.name,
                String::from_utf8_lossy(&a.id),
                String::from_utf8_lossy(&b.id)
            );
        }
    }

    /// Replacing a delimiter everywhere by a punctuation character the file does not use
    /// changes nothing: the same findings at the same spans.
    #[test]
    fn consistent_delimiter_change_keeps_the_findings(
        seed in seed_index(), which in 0..3usize, new in seed_index(),
    ) {
        let seed = pick(seeds(), &seed);
        let doc = x12::parse(&seed.bytes);
        let d = doc.interchanges[0].isa.delimiters;
        let old = [d.element, d.component, d.segment][which];
        let same = doc.interchanges.iter().all(|ic| ic.isa.delimiters == d);
        let free: Vec<u8> = b"!|{}`@#$%"
            .iter()
            .copied()
            .filter(|c| !seed.bytes.contains(c))
            .collect();
        if same && !old.is_ascii_whitespace() && !free.is_empty() {
            let new = *pick(&free, &new);
            let changed: Vec<u8> =
                seed.bytes.iter().map(|&b| if b == old { new } else { b }).collect();
            let report = pipeline(&changed);
            prop_assert_eq!(codes(&report), seed.codes.clone(), "{} {:?}", seed.name, new as char);
        }
    }

    /// Declaring another segment terminator in the ISA without using it leaves the rest
    /// of the interchange as one unterminated segment.
    #[test]
    fn declared_terminator_not_used_is_reported(seed in seed_index(), new in seed_index()) {
        let seed = pick(seeds(), &seed);
        let doc = x12::parse(&seed.bytes);
        let ic = &doc.interchanges[0];
        let free: Vec<u8> =
            b"!|{}`@#$%".iter().copied().filter(|c| !seed.bytes.contains(c)).collect();
        if !free.is_empty() {
            let at = ic.isa.start + ic.header.len - 1;
            let report = pipeline(&splice(&seed.bytes, at, at + 1, &[*pick(&free, &new)]));
            prop_assert!(!report.diagnostics.is_empty(), "{}", seed.name);
        }
    }

    /// Line breaks after a segment terminator are framing, not content.
    #[test]
    fn line_breaks_after_terminators_change_nothing(
        seed in seed_index(), seg in seed_index(), brk in 0..3usize,
    ) {
        let seed = pick(seeds(), &seed);
        let segs = all_segments(&seed.bytes);
        let s = pick(&segs, &seg);
        let brk: &[u8] = [&b"\n"[..], b"\r\n", b"\r"][brk];
        let report = pipeline(&splice(&seed.bytes, s.end, s.end, brk));
        prop_assert_eq!(codes(&report), seed.codes.clone(), "{}", seed.name);
    }

    /// Line breaks anywhere, and flipped bytes, never panic.
    #[test]
    fn line_breaks_and_flipped_bytes_never_panic(
        seed in seed_index(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3usize), 1..8),
    ) {
        let seed = pick(seeds(), &seed);
        let mut bytes = seed.bytes.clone();
        for (at, byte, kind) in edits {
            let at = at.index(bytes.len());
            match kind {
                0 => bytes[at] ^= byte.max(1),
                1 => bytes.insert(at, b'\n'),
                _ => {
                    bytes.splice(at..at, *b"\r\n");
                }
            }
        }
        let _ = pipeline(&bytes);
    }
}
