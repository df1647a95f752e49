//! A large transaction set is checked in parts (cut at billing provider and subscriber
//! HLs, on all cores); the findings must be the ones of the set checked whole, and so must
//! its 277CA and `inspect` tree, which model it part by part too. Every
//! sample and corpus copy is checked both ways with the smallest parts there can be (a cut
//! at every billing provider and subscriber HL), and so are generated files with injected
//! errors.

mod common;

use claimlint::{Report, Settings, SourceFile, check};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if !path.extension().is_some_and(|e| e == "md" || e == "snap") {
            out.push(path);
        }
    }
}

/// Settings that show every finding, so the cap cannot keep different ones.
fn settings(part_bytes: usize) -> Settings {
    let mut s = Settings::default();
    s.set_max_findings_per_rule(0);
    s.set_part_bytes(part_bytes);
    s
}

/// Everything a user sees of a finding, in a form that compares.
fn findings(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{d:?}"))
        .collect()
}

fn assert_same(name: &str, bytes: Vec<u8>) {
    let source = SourceFile::new(name, bytes);
    let whole = check(&source, &settings(0));
    let parts = check(&source, &settings(1));
    let (a, b) = (findings(&whole), findings(&parts));
    if a != b {
        let only_whole: Vec<_> = a.iter().filter(|d| !b.contains(d)).collect();
        let only_parts: Vec<_> = b.iter().filter(|d| !a.contains(d)).collect();
        panic!(
            "{name}: checked in parts, the findings differ\nonly whole: {only_whole:#?}\nonly in parts: {only_parts:#?}"
        );
    }
    assert_eq!(whole.stats, parts.stats, "{name}");
    assert_same_277ca(name, &source);
    let view = claimlint::redact::View::new(source.bytes(), None);
    let inspect = |part_bytes| claimlint::report::inspect::render_in_parts(name, &view, part_bytes);
    assert_eq!(inspect(usize::MAX), inspect(1), "{name}: inspect in parts");
}

/// The 277CA of a set answered part by part is the one of the set answered whole.
fn assert_same_277ca(name: &str, source: &SourceFile) {
    use claimlint::redact::View;
    use claimlint::report::{ack, claim_ack};
    let report = claimlint::lint(source, &Settings::default());
    let view = View::new(source.bytes(), None);
    let options = ack::AckOptions {
        control_number: 1,
        date: "20240116".into(),
        time: "0800".into(),
    };
    let written = |part_bytes| {
        claim_ack::render_in_parts(&view, &report.diagnostics, &options, part_bytes).map(|a| {
            let mut numbers = ack::ControlNumbers::starting_at(1).unwrap();
            (a.write(&mut numbers), a.summary)
        })
    };
    let (whole, parts) = (written(usize::MAX), written(1));
    if whole != parts {
        let (a, b) = (whole.unwrap_or_default().0, parts.unwrap_or_default().0);
        let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        panic!(
            "{name}: the 277CA answered in parts differs from the whole set's, first at line {first:?}\nwhole:\n{a}\nparts:\n{b}"
        );
    }
}

#[test]
fn every_sample_and_corpus_file_gets_the_same_findings_in_parts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("samples"), &mut all);
    files(&root.join("tests/corpus"), &mut all);
    assert!(all.len() > 400, "{} files", all.len());
    for path in &all {
        let bytes = std::fs::read(path).expect("read");
        assert_same(&path.display().to_string(), bytes);
    }
}

fn generated(options: &claimlint_synth::Options) -> Vec<u8> {
    claimlint_synth::generate(options).0
}

#[test]
fn generated_sets_with_injected_errors_get_the_same_findings_in_parts() {
    use claimlint_synth::Options;
    let layouts = [
        // Many billing providers in one set: parts cut at 2000A.
        (7, 0.3),
        // One billing provider with every subscriber: parts cut at 2000B.
        (10_000, 0.3),
        // Dependents everywhere: every claim under a patient (2000C).
        (3, 1.0),
    ];
    for (seed, (claims_per_provider, dependent_rate)) in layouts.into_iter().enumerate() {
        let options = Options {
            claims: 120,
            lines_per_claim: 3,
            seed: seed as u64 + 1,
            error_rate: 0.2,
            claims_per_st: 1_000,
            claims_per_provider,
            dependent_rate,
            ..Options::default()
        };
        let bytes = generated(&options);
        for (layout, text) in line_break_layouts(&bytes) {
            assert_same(&format!("layout {seed}, {layout}"), text);
        }
        assert_same(&format!("layout {seed}"), bytes);
    }
}

/// `bytes` (a file whose segments end with `~`) with its segments ended by line breaks
/// instead, as some systems write them: by a line feed; by a line feed, with blank lines
/// before some segments and a carriage return before the line feed of others (the
/// segment's last byte, which the reader leaves out); by a carriage return with a line
/// feed after it (skipped).
fn line_break_layouts(bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let text = String::from_utf8(bytes.to_vec()).expect("ASCII");
    let lines = text.replace('~', "\n");
    let uneven = lines
        .replacen("\nHL*", "\n\n\nHL*", 9)
        .replacen("\nNM1*", "\r\nNM1*", 25)
        .replacen("\nDTP*", "\n\r\nDTP*", 9);
    let returns = text.replace('~', "\r\n");
    vec![
        ("ended by line feeds", lines.into_bytes()),
        ("ended by line feeds, with blank lines", uneven.into_bytes()),
        ("ended by carriage returns", returns.into_bytes()),
    ]
}

/// Claims sent twice inside one large set (S120), the copies in other parts than the
/// first: the same findings, each naming its claim as "N of M" for the whole set, as when
/// the set is checked whole.
#[test]
fn duplicate_claims_across_parts_are_found_as_in_the_whole_set() {
    let options = claimlint_synth::Options {
        claims: 90,
        lines_per_claim: 1,
        seed: 7,
        claims_per_st: 1_000,
        claims_per_provider: 4,
        ..claimlint_synth::Options::default()
    };
    let text = String::from_utf8(generated(&options)).unwrap();
    // Every claim gets one of three claim numbers, one total and one date of service:
    // under one billing provider, claims with the same number are copies.
    let mut n = 0;
    let segments: Vec<String> = text
        .split('~')
        .map(|segment| {
            let mut elements: Vec<&str> = segment.split('*').collect();
            let number;
            match elements.as_slice() {
                ["CLM", ..] if elements.len() > 2 => {
                    n += 1;
                    number = format!("DUP{}", n % 3);
                    elements[1] = &number;
                    elements[2] = "100";
                }
                ["DTP", "472", ..] if elements.len() > 3 => elements[3] = "20240102",
                _ => {}
            }
            elements.join("*")
        })
        .collect();
    let bytes = segments.join("~").into_bytes();
    let source = SourceFile::new("copies.x12", bytes.clone());
    let report = check(&source, &settings(1));
    let copies: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == claimlint::Rule::DuplicateClaim)
        .collect();
    assert!(copies.len() > 15, "copies found in parts: {}", copies.len());
    for d in copies {
        let keys = d.location.claim_keys.as_ref().expect("a claim's finding");
        assert_eq!(keys.of, 90, "the set's claims, not the part's");
        assert_eq!(d.location.claim, Some(keys.ordinal));
    }
    assert_same("copies", bytes);
}

/// Damaged structure (segments lost, repeated or moved, HL numbers and levels changed)
/// next to the cuts: the parts either fit together and agree with the whole, or the set
/// is checked whole.
#[test]
fn damaged_sets_get_the_same_findings_in_parts() {
    let options = claimlint_synth::Options {
        claims: 30,
        lines_per_claim: 2,
        claims_per_provider: 4,
        dependent_rate: 0.5,
        ..claimlint_synth::Options::default()
    };
    let clean = generated(&options);
    let segments: Vec<&[u8]> = clean.split_inclusive(|&b| b == b'~').collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for round in 0..300 {
        let mut damaged: Vec<Vec<u8>> = segments.iter().map(|s| s.to_vec()).collect();
        for _ in 0..1 + next(3) {
            // Mostly around HLs, where the cuts are.
            let hls: Vec<usize> = (0..damaged.len())
                .filter(|&i| damaged[i].starts_with(b"HL*"))
                .collect();
            let at = if next(4) > 0 && !hls.is_empty() {
                (hls[next(hls.len())] + next(3)).saturating_sub(1)
            } else {
                next(damaged.len())
            }
            .min(damaged.len() - 1);
            match next(6) {
                0 => {
                    damaged.remove(at);
                }
                1 => {
                    let copy = damaged[at].clone();
                    damaged.insert(at, copy);
                }
                2 => {
                    let moved = damaged.remove(at);
                    let to = next(damaged.len());
                    damaged.insert(to, moved);
                }
                3 => damaged[at] = b"HL*9*1*22*1~".to_vec(),
                4 => damaged[at] = b"HL*3**20*1~".to_vec(),
                _ => damaged[at] = b"HL*2*77*23*0~".to_vec(),
            }
        }
        let damaged = damaged.concat();
        if round % 3 == 0 {
            // The same damage in a set whose segments end with line feeds.
            let lines: Vec<u8> = damaged
                .iter()
                .map(|&b| if b == b'~' { b'\n' } else { b })
                .collect();
            assert_same(&format!("damaged file {round}, ended by line feeds"), lines);
        }
        assert_same(&format!("damaged file {round}"), damaged);
    }
}

/// An output without what the clock puts in it: the run's duration (JSON), the date and
/// time of the acknowledgment (ISA09–10, GS04–05).
fn without_clock(output: &str) -> String {
    let lines = output.lines().filter(|l| !l.contains("\"elapsed_ms\""));
    let lines: Vec<String> = lines
        .map(|line| {
            let segments = line.split('~').map(|segment| {
                let mut elements: Vec<&str> = segment.split('*').collect();
                let clock = match elements.first() {
                    Some(&"ISA") => 9..11,
                    Some(&"GS") => 4..6,
                    _ => 0..0,
                };
                for e in clock {
                    if let Some(value) = elements.get_mut(e) {
                        *value = "";
                    }
                }
                elements.join("*")
            });
            segments.collect::<Vec<_>>().join("~")
        })
        .collect();
    lines.join("\n")
}

/// The command line on one large transaction set: every output is the same on one core as
/// on two, the default cap included.
#[test]
fn one_large_set_gets_the_same_report_on_one_core_as_on_two() {
    let options = claimlint_synth::Options {
        claims: 15_000,
        lines_per_claim: 3,
        error_rate: 0.05,
        claims_per_st: 1_000_000,
        claims_per_provider: 5_000,
        ..claimlint_synth::Options::default()
    };
    let bytes = generated(&options);
    assert!(
        bytes.len() > 5 << 20,
        "large enough to be checked on all cores"
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("one-set.837");
    std::fs::write(&path, bytes).expect("write");
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        for format in ["json", "999"] {
            let (code, stdout, stderr) = common::run(common::claimlint().args([
                "check",
                "--jobs",
                jobs,
                "--format",
                format,
                path.to_str().expect("UTF-8 path"),
            ]));
            assert_eq!(code, 1, "{stderr}");
            outputs.push(without_clock(&stdout));
        }
    }
    assert!(outputs[0].contains("\"C001\""), "{}", &outputs[0][..500]);
    assert!(outputs[0] == outputs[2], "JSON, one core against two");
    assert!(outputs[1] == outputs[3], "999, one core against two");
}

/// A set over `--max-set-mb` is checked in parts, in bounded memory; one that cannot be
/// cut, or whose parts do not fit together, gets X041 instead.
#[test]
fn a_set_over_the_limit_is_checked_in_parts_and_x041_is_for_one_that_cannot_be() {
    let options = claimlint_synth::Options {
        claims: 60,
        claims_per_st: 1_000,
        claims_per_provider: 10,
        ..claimlint_synth::Options::default()
    };
    let clean = generated(&options);
    let codes = |bytes: &[u8], part_bytes: usize| {
        let mut s = settings(part_bytes);
        s.set_max_set_bytes(2_000);
        let report = check(&SourceFile::new("set.837", bytes.to_vec()), &s);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code()).collect();
        (codes, report.stats.claims)
    };
    assert_eq!(codes(&clean, 1_000), (vec![], 60), "checked in parts");
    assert_eq!(codes(&clean, 0), (vec!["X041"], 0), "never in parts");
    // Segments ended by line breaks are cut as well.
    for (layout, text) in line_break_layouts(&clean) {
        assert_eq!(
            codes(&text, 1_000),
            (vec![], 60),
            "{layout}, checked in parts"
        );
    }
    // An HL whose parent is nowhere: the parts do not fit, and the set may not be
    // modelled whole.
    let text = String::from_utf8(clean).expect("ASCII");
    let at = text.rfind("HL*").expect("an HL");
    let end = at + text[at..].find('~').expect("terminated");
    let damaged = format!("{}HL*99*77*23*0{}", &text[..at], &text[end..]);
    assert_eq!(
        codes(damaged.as_bytes(), 1_000),
        (vec!["X041"], 0),
        "parts that do not fit"
    );
}

/// H018 counts the claims of the whole set, however it is checked: a set of 5,001 claims
/// gets one finding, on its ST, with its 5,001st CLM as a label, and the next set, of
/// exactly 5,000 claims, none; the same finding whole or in parts of any size, on one
/// thread or several.
#[test]
fn claims_over_the_guides_limit_are_counted_over_the_whole_set() {
    let options = claimlint_synth::Options {
        claims: 10_001,
        lines_per_claim: 3,
        claims_per_st: 5_001,
        ..claimlint_synth::Options::default()
    };
    let bytes = generated(&options);
    // Over 4 MB, so that the parts of its sets are checked on all the threads there are.
    assert!(bytes.len() > 4 << 20, "{} bytes", bytes.len());
    let starts = |id: &[u8]| -> Vec<usize> {
        bytes
            .windows(id.len() + 1)
            .enumerate()
            .filter(|(_, w)| w[0] == b'~' && &w[1..] == id)
            .map(|(i, _)| i + 1)
            .collect()
    };
    let (sts, clms) = (starts(b"ST*"), starts(b"CLM*"));
    assert_eq!((sts.len(), clms.len()), (2, 10_001));
    let source = SourceFile::new("claims.x12", bytes.clone());
    let mut seen: Vec<String> = Vec::new();
    let runs = [
        (0, 1),
        (1, 2),
        (100_000, 3),
        (claimlint::settings::DEFAULT_PART_BYTES, 1),
        (claimlint::settings::DEFAULT_PART_BYTES, 2),
    ];
    for (part_bytes, threads) in runs {
        let mut settings = Settings::only(claimlint::Rule::TooManyClaimsInSet);
        settings.set_part_bytes(part_bytes);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let report = pool.install(|| check(&source, &settings));
        let what = format!("parts of {part_bytes} bytes, {threads} threads");
        assert_eq!(report.stats.claims, 10_001, "{what}");
        let [d] = report.diagnostics.as_slice() else {
            panic!("{what}: {:#?}", report.diagnostics);
        };
        assert_eq!(d.span.start, sts[0], "{what}: on the first set's ST");
        assert_eq!(
            d.message(&claimlint::redact::View::plain(&bytes)),
            "transaction set holds 5,001 claims, more than the 5,000 the implementation guide recommends",
            "{what}"
        );
        assert_eq!(d.secondary.len(), 1, "{what}");
        assert_eq!(
            d.secondary[0].span.start, clms[5_000],
            "{what}: the 5,001st CLM"
        );
        seen.push(format!("{d:?}"));
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:#?}");
}
