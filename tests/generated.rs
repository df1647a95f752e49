//! Synthetic files with known injected errors: every injected error is reported on its
//! segment, once, and nothing else is reported; clean files get no finding at all.

use claimlint::{Settings, SourceFile, lint};
use claimlint_synth::{self as synth, ErrorKind, Options};
use std::collections::BTreeMap;

/// The rule each injected kind must be reported by.
fn expected_code(kind: ErrorKind, value: &str) -> &'static str {
    match kind {
        ErrorKind::BadQualifier => "C001",
        ErrorKind::MalformedCode => "C003",
        ErrorKind::HcpcsLevel3 => "C004",
        // `WK` is retired (an error); `ER` and `IV` are code sets outside HIPAA (a warning).
        ErrorKind::CptWrongQualifier if value == "WK" => "C001",
        ErrorKind::CptWrongQualifier => "C002",
        ErrorKind::Modifier3Char => "C008",
        ErrorKind::DxPointerMissing => "S003",
        ErrorKind::Clm02Mismatch => "B001",
    }
}

fn check(options: &Options) -> usize {
    let (bytes, summary) = synth::generate(options);
    let source = SourceFile::new("generated.837", bytes);
    let report = lint(&source, &Settings::default());

    // Findings per segment ordinal, as codes.
    let mut found: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for d in &report.diagnostics {
        let ordinal = d
            .location
            .segment_ordinal
            .unwrap_or_else(|| panic!("finding without a segment: {d:?}"));
        found.entry(ordinal).or_default().push(d.code());
    }
    let mut expected: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for e in &summary.errors {
        expected
            .entry(e.file_segment)
            .or_default()
            .push(expected_code(e.kind, &e.value));
    }
    for codes in found.values_mut().chain(expected.values_mut()) {
        codes.sort_unstable();
    }
    for (ordinal, codes) in &found {
        assert_eq!(
            Some(codes),
            expected.get(ordinal),
            "segment {ordinal}: found {codes:?}, injected {:?}",
            summary
                .errors
                .iter()
                .filter(|e| e.file_segment == *ordinal)
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(
        found.len(),
        expected.len(),
        "every injected error is reported"
    );
    assert_eq!(report.stats.claims as usize, summary.claims);
    assert_eq!(report.stats.service_lines as usize, summary.service_lines);
    summary.errors.len()
}

#[test]
fn clean_files_get_no_findings() {
    for seed in 1..=5 {
        let options = Options {
            claims: 400,
            lines_per_claim: 4,
            seed,
            claims_per_st: 150,
            st_per_gs: 2,
            ..Options::default()
        };
        assert_eq!(check(&options), 0);
    }
}

/// Several groups of several sets: five sets of 25 claims, two per group (the last group
/// holds one), all read and none with a finding.
#[test]
fn a_clean_file_of_five_sets_in_three_groups_has_no_findings() {
    let (bytes, _) = synth::generate(&Options {
        claims: 120,
        claims_per_st: 25,
        st_per_gs: 2,
        seed: 3,
        ..Options::default()
    });
    let report = lint(&SourceFile::new("synth.837", bytes), &Settings::default());
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.stats.transactions, 5);
    assert_eq!(report.stats.groups, 3);
}

#[test]
fn every_injected_error_is_reported_on_its_segment_and_nothing_else() {
    let mut injected = 0;
    for seed in 1..=8 {
        let options = Options {
            claims: 300,
            lines_per_claim: 3,
            seed,
            error_rate: 0.2,
            newline: seed % 2 == 0,
            claims_per_st: 120,
            ..Options::default()
        };
        injected += check(&options);
    }
    assert!(injected > 1000, "the test covers many errors ({injected})");
}

/// A progress bar on one large file moves set by set, and ends at the file's length: the
/// calls of `check_with_progress` add up to the bytes of the file, one per transaction
/// set and one for the rest (envelope segments between and around the sets).
#[test]
fn progress_is_reported_set_by_set_and_adds_up_to_the_file() {
    use std::sync::Mutex;
    for newline in [false, true] {
        let options = Options {
            claims: 40,
            claims_per_st: 10,
            newline,
            ..Options::default()
        };
        let (bytes, _) = synth::generate(&options);
        let length = bytes.len() as u64;
        let source = SourceFile::new("generated.837", bytes);
        let calls = Mutex::new(Vec::new());
        let report = claimlint::check_with_progress(&source, &Settings::default(), &|n| {
            calls.lock().unwrap().push(n)
        });
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let calls = calls.into_inner().unwrap();
        assert_eq!(
            calls.iter().sum::<u64>(),
            length,
            "newline {newline}: {calls:?}"
        );
        // Four sets, each well over a tenth of the file, then the envelope's remainder.
        assert_eq!(calls.len(), 5, "newline {newline}: {calls:?}");
        assert!(calls[..4].iter().all(|&n| n > length / 10), "{calls:?}");
    }
}
