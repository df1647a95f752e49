//! Real 837 files from ten public X12 projects (`tests/corpus/`, provenance in
//! `tests/corpus/PROVENANCE.md`), linted with the default settings.
//!
//! One reviewed snapshot holds a compact summary per file: the claims and service lines
//! read, and each finding's code with the ordinal of its segment, so any change in what
//! claimlint reads or reports on real files shows up in review. Two facts are also asserted
//! outright: every 5010 professional file with claims has its claims read, and the X222A1
//! examples of the guide get no error but the check digit of their placeholder NPIs (C010).

use claimlint::{Severity, SourceFile, lint};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().unwrap() != "LICENSES" {
                    walk(&path, out);
                }
            } else if path.file_name().unwrap() != "PROVENANCE.md" {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// `ordinals` as `#3 #9 #14`, at most ten, then how many more.
fn ordinals(list: &[Option<usize>]) -> String {
    let mut text = String::new();
    for o in list.iter().take(10) {
        match o {
            Some(o) => write!(text, " #{o}").unwrap(),
            None => text.push_str(" #-"),
        }
    }
    if list.len() > 10 {
        write!(text, " … (+{})", list.len() - 10).unwrap();
    }
    text
}

#[test]
fn corpus_summary() {
    let files = corpus_files();
    assert!(files.len() >= 100, "{} corpus files", files.len());
    let mut summary = String::new();
    for path in &files {
        let name = relative(path);
        let source = SourceFile::new(name.clone(), std::fs::read(path).unwrap());
        let report = lint(&source, &claimlint::Settings::default());
        let mut by_code: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
        for d in &report.diagnostics {
            by_code
                .entry(d.code())
                .or_default()
                .push(d.location.segment_ordinal);
        }
        writeln!(
            summary,
            "{name}: {} claims, {} lines",
            report.stats.claims, report.stats.service_lines
        )
        .unwrap();
        for (code, list) in by_code {
            writeln!(summary, "  {code} ×{}:{}", list.len(), ordinals(&list)).unwrap();
        }
    }
    insta::assert_snapshot!("corpus_summary", summary);
}

/// Every 5010 professional file (GS08 or ST03 `005010X222…`) with a CLM segment gets its
/// claims read, whatever its layout or broken envelope.
#[test]
fn every_professional_5010_file_with_claims_is_read() {
    let mut checked = 0;
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let has_claim = text
            .split(['~', '\n', '\r'])
            .any(|s| s.trim_start().starts_with("CLM*"));
        if !text.contains("005010X222") || !has_claim {
            continue;
        }
        let source = SourceFile::new(relative(&path), bytes.clone());
        let report = lint(&source, &claimlint::Settings::default());
        assert!(
            report.stats.claims > 0,
            "{}: no claims read",
            relative(&path)
        );
        checked += 1;
    }
    assert!(checked >= 50, "{checked}");
}

/// The guide's own X222A1 examples are valid but for their placeholder NPIs.
#[test]
fn the_guide_examples_get_no_error_but_placeholder_npis() {
    let mut checked = 0;
    for path in corpus_files() {
        if !relative(&path).contains("/X222A1/pass/") {
            continue;
        }
        let source = SourceFile::new(relative(&path), std::fs::read(&path).unwrap());
        let report = lint(&source, &claimlint::Settings::default());
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.code() != "C010")
            .map(|d| {
                let view = claimlint::redact::View::plain(source.bytes());
                format!("{} {}", d.code(), d.message(&view))
            })
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", relative(&path));
        checked += 1;
    }
    assert_eq!(checked, 16);
}
