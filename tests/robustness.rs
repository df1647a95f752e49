//! Robustness: whatever the bytes, the whole pipeline (lint, then the human, concise, JSON,
//! SARIF and inspect renderers) finishes without panicking, every span lies inside the
//! file and inside the segment it names, and meaningful damage to a valid file is always
//! reported.
//!
//! * Inputs that once crashed claimlint (found by fuzzing, `fuzz/`, or here) live in
//!   `tests/regressions/*.bin`.
//! * Property tests mutate the valid samples: delete, duplicate, swap or truncate segments,
//!   change a delimiter, insert line breaks, flip bytes.
//! * Hostile inputs: a 100 MB segment, a million empty segments, too many loops, a 20,000
//!   level HL chain, 50,000 unclosed interchanges, NUL bytes, UTF-16, letters as
//!   separators, an interchange that never closes, control characters, and (through the
//!   binary) a directory with symlink loops, a FIFO, a socket, an unreadable file and an
//!   empty file.

use claimlint::redact::{Redaction, View};
use claimlint::report::json::{JsonDiagnostic, JsonFile};
use claimlint::report::{DisplayIndex, concise, human, inspect, sarif};
use claimlint::x12::{self, Segments};
use claimlint::{Report, Settings, Severity, SourceFile, lint};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const NAME: &str = "input.x12";

/// Lints `bytes` and renders the result in every format, checking the spans on the way.
/// Default settings without the cap on findings per rule, so counts can be checked in full.
fn uncapped() -> Settings {
    let mut settings = Settings::default();
    settings.set_max_findings_per_rule(0);
    settings
}

fn pipeline(bytes: &[u8]) -> Report {
    let source = SourceFile::new(NAME, bytes);
    let report = lint(&source, &uncapped());
    check_spans(bytes, &report);
    let plain = View::plain(bytes);
    let redacted = View::redacted(bytes, &Redaction::with_key("robustness"));
    for view in [&plain, &redacted] {
        render_all(bytes, view, &report);
    }
    report
}

/// Renders `report` in every format from `view`, checking what each one must hold.
fn render_all(bytes: &[u8], view: &View<'_>, report: &Report) {
    for d in &report.diagnostics {
        // Messages quote values cut to a few dozen characters, never a whole segment.
        let message = d.message(view);
        assert!(message.len() < 512, "{}: {} bytes", d.code(), message.len());
    }

    let index = DisplayIndex::new(view.bytes());
    let text = human::render(
        NAME,
        view,
        &index,
        &report.diagnostics,
        human::HumanOptions::default(),
    );
    assert_eq!(text.is_empty(), report.diagnostics.is_empty());
    let lines = concise(NAME, view, &index, &report.diagnostics);
    assert_eq!(lines.lines().count(), report.diagnostics.len(), "{lines}");

    let diagnostics = JsonDiagnostic::all(NAME, view, &report.diagnostics);
    for (d, one) in diagnostics.iter().zip(&report.diagnostics).take(64) {
        let one = JsonDiagnostic::new(NAME, view, one);
        assert_eq!((d.line, d.column), (one.line, one.column));
    }
    let file = JsonFile {
        path: NAME.to_string(),
        status: "checked",
        reason: None,
        error: None,
        config: None,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        infos: report.count(Severity::Info),
        stats: report.stats,
        diagnostics,
    };
    let json = serde_json::to_string(&file).expect("the JSON report serializes");
    assert!(json.starts_with('{'));
    let log = sarif::render(std::slice::from_ref(&file));
    let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert_eq!(results, report.diagnostics.len());

    let tree = inspect::render(NAME, view);
    assert!(tree.starts_with(NAME));
    let _ = bytes;
}

/// Byte ranges of the segments of a file, by file ordinal: from the segment ID to just
/// past its terminator (when it has one). Follows the envelope pass: each interchange from
/// its ISA to its IEA, or to the next ISA or the end of the file when it never closes.
///
/// A wrapped or indented file is read unwrapped, as `lint` reads it, and the ranges mapped
/// back to the original bytes.
fn segment_ranges(original: &[u8]) -> BTreeMap<usize, (usize, usize)> {
    let Some(u) = x12::unwrap::prepare(original) else {
        return unwrapped_segment_ranges(original);
    };
    unwrapped_segment_ranges(&u.bytes)
        .into_iter()
        .map(|(ordinal, (start, end))| {
            let span = u.original_span(claimlint::Span::new(start, end));
            (ordinal, (span.start, span.end))
        })
        .collect()
}

fn unwrapped_segment_ranges(bytes: &[u8]) -> BTreeMap<usize, (usize, usize)> {
    let doc = x12::parse(bytes);
    let mut ranges = BTreeMap::new();
    for ic in &doc.interchanges {
        let isa = ic.isa;
        // An implicit interchange (no ISA) starts with its first segment.
        let first = if ic.implicit {
            isa.ordinal
        } else {
            ranges.insert(isa.ordinal, (isa.start, isa.start + ic.header.len));
            isa.ordinal + 1
        };
        let d = isa.delimiters;
        let from = isa.start + ic.header.len;
        for s in Segments::new(bytes, from, bytes.len(), first, d) {
            if is_isa(bytes, s.start) {
                break;
            }
            let raw_end = s.start + s.raw.len();
            let mut end = raw_end;
            if bytes.get(end) == Some(&b'\r') && d.segment == b'\n' {
                end += 1;
            }
            if bytes.get(end) == Some(&d.segment) {
                end += 1;
            }
            ranges.insert(s.ordinal, (s.start, end));
            if s.is(b"IEA") {
                break;
            }
        }
    }
    ranges
}

fn is_isa(bytes: &[u8], at: usize) -> bool {
    bytes.len() > at + 3
        && &bytes[at..at + 3] == b"ISA"
        && !bytes[at + 3].is_ascii_alphanumeric()
        && !bytes[at + 3].is_ascii_whitespace()
}

/// Every span lies inside the file; a diagnostic that names a segment points inside that
/// segment (its terminator included); one that names none starts outside every segment,
/// on a segment boundary, or stays within the segment it starts in.
fn check_spans(bytes: &[u8], report: &Report) {
    let ranges = segment_ranges(bytes);
    let mut by_start: Vec<(usize, usize)> = ranges.values().copied().collect();
    by_start.sort_unstable();
    for d in &report.diagnostics {
        let what = format!(
            "{} {:?} {:?} ({} bytes)",
            d.code(),
            d.span,
            d.message(&View::plain(bytes)),
            bytes.len()
        );
        assert!(d.span.start <= d.span.end, "{what}");
        assert!(d.span.end <= bytes.len(), "span past the end: {what}");
        for l in &d.secondary {
            assert!(
                l.span.start <= l.span.end && l.span.end <= bytes.len(),
                "label {:?} past the end: {what}",
                l.span
            );
        }
        match d.location.segment_ordinal {
            Some(ordinal) => {
                let &(start, end) = ranges
                    .get(&ordinal)
                    .unwrap_or_else(|| panic!("no segment {ordinal}: {what}"));
                assert!(
                    start <= d.span.start && d.span.end <= end,
                    "span outside segment {ordinal} at {start}..{end}: {what}"
                );
            }
            None => {
                // No segment named: the span starts outside every segment, on a segment
                // boundary, or lies within one segment (an ISA delimiter, say).
                let before = by_start.partition_point(|&(start, _)| start < d.span.start);
                if let Some(&(start, end)) = before.checked_sub(1).map(|i| &by_start[i]) {
                    let crosses = start < d.span.start && d.span.start < end && d.span.end > end;
                    assert!(!crosses, "span runs out of its segment: {what}");
                }
            }
        }
    }
}

fn codes(report: &Report) -> Vec<&'static str> {
    let mut codes: Vec<_> = report.diagnostics.iter().map(|d| d.code()).collect();
    codes.sort_unstable();
    codes
}

fn code_counts(report: &Report) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for d in &report.diagnostics {
        *counts.entry(d.code()).or_insert(0) += 1;
    }
    counts
}

fn has(report: &Report, code: &str) -> bool {
    report.diagnostics.iter().any(|d| d.code() == code)
}

// ---------------------------------------------------------------------------------------
// Regression inputs found by fuzzing.

#[test]
fn fuzz_regressions_go_through_the_whole_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "bin"));
    paths.sort();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let report = pipeline(&bytes);
        assert!(
            !report.diagnostics.is_empty(),
            "{}: a fuzz input is not a valid claim file",
            path.display()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Property tests.

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

// ---------------------------------------------------------------------------------------
// Hostile inputs.

const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000101*0*T*:~";
const GS_ST: &str = "GS*HC*SUBMITTER01*RECEIVER01*20240115*1030*101*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*B1*20240115*1030*CH~";

/// The single valid claim every hostile variant starts from.
fn valid() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/valid/single_claim.x12"))
        .unwrap()
}

fn only(report: &Report, code: &str) -> bool {
    !report.diagnostics.is_empty() && report.diagnostics.iter().all(|d| d.code() == code)
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let out = f();
    eprintln!("{what}: {:.2?}", started.elapsed());
    out
}

/// A 100 MB segment with no terminator: one pass over it, one finding (the file ends inside
/// the interchange), and a human report that shows a part of the line, not 100 MB of it.
#[test]
fn a_100_mb_segment_without_terminator_is_one_finding() {
    let mut bytes = format!("{ISA}{GS_ST}NM1*41*2*").into_bytes();
    bytes.resize(bytes.len() + (100 << 20), b'A');
    let report = timed("100 MB segment", || pipeline(&bytes));
    assert_eq!(codes(&report), ["X009"]);
    let index = DisplayIndex::new(&bytes);
    let text = human::render(
        NAME,
        &View::plain(&bytes),
        &index,
        &report.diagnostics,
        human::HumanOptions::default(),
    );
    assert!(text.len() < 4096, "{} bytes of report", text.len());
    assert!(text.contains("file ends before"), "{text}");
}

/// A long line of text outside any interchange is cut for display too (miette cannot
/// draw a label past column 65,535).
#[test]
fn a_label_far_along_a_long_line_renders() {
    let mut bytes = valid();
    bytes.extend(std::iter::repeat_n(b'x', 70_000));
    bytes.extend_from_slice(b" ISA");
    let report = pipeline(&bytes);
    assert_eq!(codes(&report), ["X008"]);
}

/// A million empty segments (`~~~~`) inside a transaction set: counted as segments, so an
/// SE01 written for the real segments is one X020, in linear time.
#[test]
fn a_million_empty_segments_are_one_count_mismatch() {
    let mut bytes = format!("{ISA}{GS_ST}").into_bytes();
    bytes.extend(std::iter::repeat_n(b'~', 1_000_000));
    bytes.extend_from_slice(b"SE*3*0001~GE*1*101~IEA*1*000000101~");
    let report = timed("a million empty segments", || pipeline(&bytes));
    // One count mismatch, one finding for the run of empty segments, and the loops the
    // set lacks: nothing per empty segment.
    assert_eq!(codes(&report), ["H025", "H025", "H025", "H028", "X020"]);
    let x020 = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "X020")
        .unwrap();
    let plain = View::plain(&bytes);
    assert!(x020.message(&plain).contains("1000003"));
    let h028 = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "H028")
        .unwrap();
    assert!(
        h028.message(&plain).contains("1000000 empty segments"),
        "{}",
        h028.message(&plain)
    );
    assert_eq!(report.stats.segments, 1_000_007);
}

/// A claim with `n` service lines of 10.00 each, balanced and counted: the same laboratory
/// test, repeated with modifier `91`.
fn claim_with_lines(n: usize) -> Vec<u8> {
    let text = String::from_utf8(valid()).unwrap();
    let head = &text[..text.find("LX*1~").unwrap()];
    let mut out = head.replace("CLM*PCN0001*150*", &format!("CLM*PCN0001*{}*", 10 * n));
    for i in 1..=n {
        let repeat = if i > 1 { ":91" } else { "" };
        out.push_str(&format!(
            "LX*{i}~\nSV1*HC:87880{repeat}*10*UN*1***1~\nDTP*472*D8*20240110~\n"
        ));
    }
    out.push_str(&format!(
        "SE*{}*0001~\nGE*1*101~\nIEA*1*000000101~\n",
        21 + 3 * n
    ));
    out.into_bytes()
}

#[test]
fn loops_repeated_beyond_their_limit_are_reported_once() {
    assert_eq!(codes(&pipeline(&claim_with_lines(50))), Vec::<&str>::new());
    let report = pipeline(&claim_with_lines(60));
    assert_eq!(codes(&report), ["H016"]);
    let report = timed("10,000 service lines", || {
        pipeline(&claim_with_lines(10_000))
    });
    assert_eq!(codes(&report), ["H016"]);
}

#[test]
fn nul_bytes_are_binary_input() {
    for len in [1, 64, 1 << 20] {
        let report = pipeline(&vec![0u8; len]);
        assert!(only(&report, "X002"), "{len}: {:?}", codes(&report));
    }
}

#[test]
fn utf16_is_reported_with_and_without_bom() {
    let text = String::from_utf8(valid()).unwrap();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [le, be, le_no_bom] {
        let report = pipeline(&bytes);
        assert!(only(&report, "X003"), "{:?}", codes(&report));
    }
}

#[test]
fn letters_as_separators_are_invalid_delimiters() {
    let text = String::from_utf8(valid()).unwrap();
    // Letters as the component separator and terminator, used consistently: the
    // interchange cannot be read and is reported once.
    let letters = text.replace(':', "C").replace('~', "Z");
    assert_eq!(codes(&pipeline(letters.as_bytes())), ["X006"]);
    // A letter as the terminator in the ISA only.
    let mut bytes = valid();
    bytes[105] = b'S';
    assert_eq!(codes(&pipeline(&bytes)), ["X006"]);
    // A letter as the element separator: `ISAE00E…` is no ISA (the word `ISAAC` must not
    // start an interchange), so the file has no interchange at all.
    let letters = text.replace('*', "E");
    assert_eq!(codes(&pipeline(letters.as_bytes())), ["X004"]);
}

#[test]
fn an_interchange_that_never_closes_is_unexpected_end() {
    let text = String::from_utf8(valid()).unwrap();
    let no_iea = &text[..text.find("IEA*").unwrap()];
    assert_eq!(codes(&pipeline(no_iea.as_bytes())), ["X009"]);
    let nothing_closed = &text[..text.find("SE*").unwrap()];
    assert_eq!(codes(&pipeline(nothing_closed.as_bytes())), ["X009"]);
    let isa_only = &text[..text.find("GS*").unwrap()];
    assert_eq!(codes(&pipeline(isa_only.as_bytes())), ["X009"]);
}

/// Control characters in element data (a NUL, an escape sequence, DEL, a bell) do not
/// break anything, and never reach the terminal raw: the human and concise reports hold
/// no control character but the line break.
#[test]
fn control_characters_in_element_data_stay_out_of_the_terminal() {
    let text = String::from_utf8(valid()).unwrap();
    for ctl in ["\0", "\x1b[2J\x1b]0;pwned\x07", "\x7f", "\x08\x08", "\r"] {
        let dirty = text
            .replace("DOE*JANE", &format!("DO{ctl}E*JANE"))
            .replace("SV1*HC:99213", &format!("SV1*HC:992{ctl}13"))
            .replace("GS*HC*CLAIMLINTSUB", &format!("GS*HC*CLAIM{ctl}LINTSUB"))
            .replace("CLM*PCN0001*150", &format!("CLM*PCN0001*15{ctl}0"));
        let bytes = dirty.as_bytes();
        let report = pipeline(bytes);
        if ctl == "\r" {
            // A line break inside segments: reported once, and the values read without it.
            assert!(has(&report, "X031"), "{ctl:?}: {:?}", codes(&report));
        } else {
            assert!(has(&report, "C003"), "{ctl:?}: {:?}", codes(&report));
        }
        let index = DisplayIndex::new(bytes);
        let view = View::plain(bytes);
        let human = human::render(
            NAME,
            &view,
            &index,
            &report.diagnostics,
            human::HumanOptions::default(),
        );
        let concise = concise(NAME, &view, &index, &report.diagnostics);
        for out in [human, concise] {
            let raw = out.chars().find(|&c| c.is_control() && c != '\n');
            assert_eq!(raw, None, "{ctl:?}: {out}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hostile directory entries, through the binary.

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("robustness-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check_json(paths: &[&Path]) -> (i32, serde_json::Value) {
    let out = assert_cmd::Command::cargo_bin("claimlint")
        .unwrap()
        .args(["check", "--format", "json"])
        .args(paths)
        // A FIFO opened for reading waits for a writer forever: fail instead of hanging.
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let code = out.status.code().expect("claimlint finished by itself");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (code, json)
}

/// A directory holding a symlink loop, a FIFO, a socket, an unreadable file, an empty file
/// and a link back to its parent: every claim-named entry appears in the JSON report with
/// its outcome, and the run finishes.
#[cfg(unix)]
#[test]
fn hostile_directory_entries_are_each_reported_and_never_block() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempdir("entries");
    std::fs::write(dir.join("a_valid.x12"), valid()).unwrap();
    std::fs::write(dir.join("b_empty.x12"), "").unwrap();
    symlink("c_loop.x12", dir.join("c_loop.x12")).unwrap();
    symlink("d_pong.x12", dir.join("d_ping.x12")).unwrap();
    symlink("d_ping.x12", dir.join("d_pong.x12")).unwrap();
    let fifo = dir.join("e_pipe.x12");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let locked = dir.join("f_locked.x12");
    std::fs::write(&locked, valid()).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("g_socket.x12")).unwrap();
    symlink("..", dir.join("h_parent")).unwrap();
    std::fs::write(dir.join("i_notes.md"), "not a claim").unwrap();

    let (code, v) = check_json(&[&dir]);
    assert_eq!(code, 2, "unreadable inputs make the exit code 2");
    let files: BTreeMap<String, &serde_json::Value> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            (name.into_owned(), f)
        })
        .collect();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "a_valid.x12",
            "b_empty.x12",
            "c_loop.x12",
            "d_ping.x12",
            "d_pong.x12",
            "e_pipe.x12",
            "f_locked.x12",
            "g_socket.x12",
            "h_parent",
            "i_notes.md"
        ],
    );
    // The link to the parent directory is not followed, and said so; no entry vanishes.
    assert_eq!(files["h_parent"]["status"], "skipped");
    assert_eq!(files["h_parent"]["reason"], "directory-link");
    assert_eq!(files["i_notes.md"]["reason"], "not-x12");
    assert_eq!(files["a_valid.x12"]["status"], "checked");
    assert_eq!(files["a_valid.x12"]["errors"], 0);
    assert_eq!(files["b_empty.x12"]["status"], "checked");
    assert_eq!(files["b_empty.x12"]["diagnostics"][0]["code"], "X001");
    let unreadable = |name: &str| {
        let f = files[name];
        assert_eq!(f["status"], "unreadable", "{name}: {f}");
        f["error"].as_str().unwrap().to_string()
    };
    for name in ["c_loop.x12", "d_ping.x12", "d_pong.x12"] {
        let error = unreadable(name);
        assert!(error.contains("symbolic links"), "{name}: {error}");
    }
    assert_eq!(unreadable("e_pipe.x12"), "not a regular file (FIFO)");
    assert_eq!(unreadable("g_socket.x12"), "not a regular file (socket)");
    // Root reads a file whatever its mode: then the file is simply checked.
    if std::fs::read(&locked).is_err() {
        let error = unreadable("f_locked.x12");
        assert!(error.contains("ermission denied"), "{error}");
    } else {
        assert_eq!(files["f_locked.x12"]["status"], "checked");
    }
    assert_eq!(v["summary"]["files"], 10);
    assert_eq!(v["summary"]["skipped"], 2);

    // Named on the command line, a FIFO is reported without being opened too.
    let (code, v) = check_json(&[&fifo]);
    assert_eq!(code, 2);
    assert_eq!(v["files"][0]["error"], "not a regular file (FIFO)");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Many interchanges that never close: one X010 each, and the reports that map every
/// finding to a line (concise, JSON) stay linear in the number of findings.
#[test]
fn many_unclosed_interchanges_render_in_linear_time() {
    let n = 50_000;
    let mut bytes = Vec::new();
    for i in 0..n {
        bytes.extend_from_slice(ISA.replace("000000101", &format!("{i:09}")).as_bytes());
        bytes.push(b'\n');
    }
    let report = timed("50,000 unclosed interchanges", || {
        lint(&SourceFile::new(NAME, bytes.clone()), &uncapped())
    });
    check_spans(&bytes, &report);
    let counts = code_counts(&report);
    assert_eq!(counts, BTreeMap::from([("X009", 1), ("X010", n - 1)]));
    let lines = timed("concise", || {
        concise(
            NAME,
            &View::plain(&bytes),
            &DisplayIndex::new(&bytes),
            &report.diagnostics,
        )
    });
    assert_eq!(lines.lines().count(), n);
    assert!(lines.ends_with(&format!(
        "{NAME}:{n}:107: X009 [error] file ends before `IEA`\n"
    )));
    let json = timed("json", || {
        JsonDiagnostic::all(NAME, &View::plain(&bytes), &report.diagnostics)
    });
    assert_eq!(json.last().map(|d| d.line), Some(n));
}

/// A hierarchy 20,000 HL levels deep, each the parent of the next: no recursion limit,
/// no walk up the chain per HL.
#[test]
fn a_very_deep_hl_chain_is_linear() {
    let n = 20_000;
    let mut text = format!("{ISA}{GS_ST}HL*1**20*1~");
    for i in 2..=n {
        text.push_str(&format!("HL*{i}*{}*22*1~", i - 1));
    }
    text.push_str(&format!("SE*{}*0001~GE*1*101~IEA*1*000000101~", n + 3));
    let report = timed("20,000 nested HL levels", || pipeline(text.as_bytes()));
    let counts = code_counts(&report);
    // Every subscriber HL names another subscriber as its parent (H002) but the first,
    // and the last one says it has children (H004). Each of the n - 1 subscriber loops
    // lacks its SBR (H024) and its two name loops (H025); the header lacks 1000A and
    // 1000B and the billing provider its 2010AA.
    assert_eq!(
        counts,
        BTreeMap::from([
            ("H002", n - 2),
            ("H004", 1),
            ("H024", n - 1),
            ("H025", 2 * (n - 1) + 3)
        ])
    );
    // With the default cap, 100 of each per transaction set and one finding that counts
    // the rest.
    let capped = lint(
        &SourceFile::new(NAME, text.as_bytes()),
        &Settings::default(),
    );
    let counts = code_counts(&capped);
    assert_eq!(
        counts,
        BTreeMap::from([("H002", 101), ("H004", 1), ("H024", 101), ("H025", 101)])
    );
}
