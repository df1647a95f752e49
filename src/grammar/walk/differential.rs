//! The walker against the search it replaced ([`super::reference`]): every segment of
//! every sample, every corpus copy and generated files with injected errors and damaged
//! structure gets the same placement from both, and every transaction set (whole, or read
//! as a part from one of its HLs on) the same structure findings. Inside the walker, a
//! test build also checks each table lookup against the search it stands for.

use std::collections::BTreeSet;

use super::index::{qualifier_key, qualifier_value, short_key};
use super::reference;
use super::{Structure, Walker};
use crate::grammar::{LOOPS, Qualifier};
use crate::x12::{self, Segment};

/// One qualifier for each element (and component) the guide's qualifiers are read from.
fn qualifiers() -> Vec<&'static Qualifier> {
    let mut qualifiers: Vec<&Qualifier> = Vec::new();
    for q in LOOPS
        .iter()
        .flat_map(|l| l.segments)
        .filter_map(|s| s.qualifier.as_ref())
    {
        if !qualifiers
            .iter()
            .any(|o| (o.element, o.component) == (q.element, q.component))
        {
            qualifiers.push(q);
        }
    }
    qualifiers
}

/// Feeds `segments` to the walker and to the reference, segment by segment.
fn compare(
    name: &str,
    segments: &[Segment<'_>],
    part: bool,
    closed: bool,
    seen: &mut BTreeSet<String>,
) -> usize {
    let mut walker = Walker::new();
    let mut old = reference::Walker::new();
    for (index, segment) in segments.iter().enumerate() {
        let (new_placement, old_placement) =
            (walker.place(index, segment), old.place(index, segment));
        assert_eq!(
            new_placement,
            old_placement,
            "{name}: segment {index} ({})",
            segment.id_str()
        );
    }
    let (a, b): (Structure, Structure) = if part {
        (walker.finish_part(), old.finish_part())
    } else {
        (walker.finish(closed), old.finish(closed))
    };
    assert_eq!(a.findings, b.findings, "{name}: findings");
    for finding in &a.findings {
        let kind = format!("{:?}", finding.kind);
        seen.insert(kind[..kind.find([' ', '{']).unwrap_or(kind.len())].to_string());
    }
    segments.len()
}

/// Walks every transaction set of `bytes` whole, and as parts: the set's segments before
/// its first HL, then those from one of its first HLs on (as a set read in parts is).
fn compare_file(name: &str, raw: &[u8], seen: &mut BTreeSet<String>) -> usize {
    let unwrapped = x12::unwrap::prepare(raw);
    let bytes = unwrapped.as_ref().map_or(raw, |u| &u.bytes[..]);
    let doc = x12::parse(bytes);
    let qualifiers = qualifiers();
    let mut count = 0;
    for (s, set) in doc
        .interchanges
        .iter()
        .flat_map(|i| &i.groups)
        .flat_map(|g| &g.transactions)
        .enumerate()
    {
        let segments: Vec<Segment<'_>> = set.segments(bytes).collect();
        let name = format!("{name}, set {s}");
        for (index, segment) in segments.iter().enumerate() {
            for q in &qualifiers {
                let value = qualifier_value(segment, segment.id().len(), q.element, q.component);
                assert_eq!(
                    value,
                    q.value(segment),
                    "{name}: segment {index}, element {}",
                    q.element
                );
                assert_eq!(
                    qualifier_key(segment, segment.id().len(), q.element, q.component),
                    short_key(value),
                    "{name}: segment {index}, element {}",
                    q.element
                );
            }
        }
        count += compare(&name, &segments, false, set.se.is_some(), seen);
        let hls: Vec<usize> = (0..segments.len())
            .filter(|&i| segments[i].is(b"HL"))
            .collect();
        let Some(&first) = hls.first() else { continue };
        for &from in hls.iter().skip(1).take(6) {
            let part: Vec<Segment<'_>> = segments[..first]
                .iter()
                .chain(&segments[from..])
                .copied()
                .collect();
            let name = format!("{name} from segment {from}");
            count += compare(&name, &part, true, true, seen);
        }
    }
    count
}

/// The walk reached every kind of structure finding, so every path of the walker was
/// compared with the search.
fn assert_every_kind(seen: &BTreeSet<String>, what: &str) {
    let every = [
        "UnknownSegment",
        "UnexpectedSegment",
        "OutOfOrder",
        "LoopOutOfOrder",
        "UnexpectedQualifier",
        "SegmentRepeat",
        "LoopRepeat",
        "MissingSegment",
        "MissingLoop",
    ];
    let missing: Vec<_> = every.iter().filter(|k| !seen.contains(**k)).collect();
    assert!(missing.is_empty(), "{what}: no {missing:?}");
}

#[test]
fn every_sample_and_corpus_file_is_placed_as_the_search_placed_it() {
    let all = crate::test_files::samples_and_corpus();
    assert!(all.len() > 500, "{} files", all.len());
    let mut segments = 0;
    let mut seen = BTreeSet::new();
    for path in &all {
        let bytes = std::fs::read(path).expect("read");
        segments += compare_file(&path.display().to_string(), &bytes, &mut seen);
    }
    assert!(segments > 100_000, "{segments} segments walked");
    assert_every_kind(&seen, "the samples and corpus copies");
}

#[test]
fn generated_files_with_injected_errors_are_placed_as_the_search_placed_them() {
    for seed in 1..=6u64 {
        let options = claimlint_synth::Options {
            claims: 150,
            lines_per_claim: 1 + seed as usize % 4,
            seed,
            error_rate: 0.3,
            claims_per_st: 60,
            claims_per_provider: 1 + seed as usize * 3,
            dependent_rate: 0.4,
            ..claimlint_synth::Options::default()
        };
        let bytes = claimlint_synth::generate(&options).0;
        let segments = compare_file(&format!("seed {seed}"), &bytes, &mut BTreeSet::new());
        assert!(segments > 2_000, "seed {seed}: {segments} segments");
    }
}

/// Segments lost, repeated, moved, or taken from elsewhere in the file: the unusual
/// paths (out of order, another qualifier, unexpected and unknown segments, recovery).
#[test]
fn damaged_files_are_placed_as_the_search_placed_them() {
    let options = claimlint_synth::Options {
        claims: 40,
        lines_per_claim: 3,
        claims_per_provider: 5,
        dependent_rate: 0.5,
        ..claimlint_synth::Options::default()
    };
    let clean = claimlint_synth::generate(&options).0;
    let segments: Vec<&[u8]> = clean.split_inclusive(|&b| b == b'~').collect();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    // Keep the envelope (ISA, GS, ST first; SE, GE, IEA last) so the set is walked.
    let (head, tail) = (3, 3);
    let mut seen = BTreeSet::new();
    for round in 0..400 {
        let mut damaged: Vec<Vec<u8>> = segments.iter().map(|s| s.to_vec()).collect();
        for _ in 0..1 + next(4) {
            let inner = damaged.len() - head - tail;
            let at = head + next(inner);
            match next(7) {
                0 => {
                    damaged.remove(at);
                }
                1 => {
                    let copy = damaged[at].clone();
                    damaged.insert(at, copy);
                }
                2 => {
                    let moved = damaged.remove(at);
                    damaged.insert(head + next(inner - 1), moved);
                }
                3 => {
                    // Another segment's qualifier: REF*XX, NM1*ZZ, DTP*999.
                    let segment = &mut damaged[at];
                    if let Some(p) = segment.iter().position(|&b| b == b'*') {
                        let end = segment[p + 1..]
                            .iter()
                            .position(|&b| b == b'*' || b == b'~')
                            .map_or(segment.len(), |e| p + 1 + e);
                        segment.splice(p + 1..end, *b"ZZ");
                    }
                }
                4 => damaged[at] = b"NX4*X~".to_vec(),
                5 => {
                    let from = head + next(inner);
                    let copy = damaged[from].clone();
                    damaged.insert(at, copy);
                }
                _ => {
                    let hl: &[&[u8]] = &[b"HL*9*1*22*1~", b"HL*3**20*1~", b"HL*2*77*23*0~"];
                    damaged[at] = hl[next(hl.len())].to_vec();
                }
            }
        }
        compare_file(
            &format!("damaged file {round}"),
            &damaged.concat(),
            &mut seen,
        );
    }
    assert_every_kind(&seen, "the damaged files");
}

/// The qualifier read for the tables is [`Qualifier::value`]'s, for every element and
/// component the guide's qualifiers name, on short and odd segments (the files above
/// check it on every segment they hold).
#[test]
fn the_qualifier_is_read_as_the_guide_reads_it() {
    let qualifiers = qualifiers();
    assert!(qualifiers.iter().any(|q| q.component > 0), "HI01-1");
    let texts: &[&[u8]] = &[
        b"HL*1**20*1",
        b"HL*1**20",
        b"HL*1*",
        b"HL",
        b"HL*",
        b"HI*ABK:J449*ABF:E119",
        b"HI*ABK",
        b"HI*:J449",
        b"HI**ABK:J449",
        b"HI*ABK:J449:D8:20240101",
        b"NM1*85*2*CLINIC",
        b"NM1**2",
        b"REF*EI*123456789",
        b"REF*0123456789ABCDEFGH*1",
        b"PWK*OZ*BM***AC*123",
        b"X",
        b"HLL*1*2*22",
        b"HL*12345678*1*22",
        b"HL*1234567*12345678*22*1",
        b"HL*1*2*1234567",
        b"HL*1*2*12345678",
        b"HL*1*2*1234567*",
        b"NM1*1234567",
        b"NM1*12345678*2",
        b"NM1*",
        b"NM1*IL",
        b"HI*ABCDEFG:X",
        b"HI*ABCDEFGH:X",
        b"HI*ABCDEFG*X",
        b"HI*AB",
        b"HI*",
        b"HI*:",
    ];
    for text in texts {
        let segment = Segment {
            raw: text,
            start: 0,
            ordinal: 1,
            delimiters: crate::x12::Delimiters::default(),
        };
        for q in &qualifiers {
            let value = qualifier_value(&segment, segment.id().len(), q.element, q.component);
            assert_eq!(
                value,
                q.value(&segment),
                "{} element {} component {}",
                String::from_utf8_lossy(text),
                q.element,
                q.component
            );
            // The word-at-a-time reading of the tables, at every length around a word.
            assert_eq!(
                qualifier_key(&segment, segment.id().len(), q.element, q.component),
                short_key(value),
                "{} element {} component {}",
                String::from_utf8_lossy(text),
                q.element,
                q.component
            );
        }
    }
}
