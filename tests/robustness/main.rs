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
//!
//! The tests are modules of this one binary: `regressions`, `mutations` (the property
//! tests), `scale` (inputs large enough to show a quadratic step) and `hostile` (bytes and
//! directory entries no claim file holds). The pipeline and the span checks they all use
//! live here.

mod hostile;
mod mutations;
mod regressions;
mod scale;

use claimlint::redact::{Redaction, View};
use claimlint::report::json::{JsonDiagnostic, JsonFile};
use claimlint::report::{DisplayIndex, concise, human, inspect, sarif};
use claimlint::x12::{self, Segments};
use claimlint::{Report, Settings, Severity, SourceFile, lint};
use std::collections::BTreeMap;
use std::path::Path;

const NAME: &str = "input.x12";

/// Default settings without the cap on findings per rule, so counts can be checked in full.
fn uncapped() -> Settings {
    let mut settings = Settings::default();
    settings.set_max_findings_per_rule(0);
    settings
}

/// Lints `bytes` and renders the result in every format, checking the spans on the way.
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

/// The single valid claim the hostile and large variants start from.
fn valid() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/valid/single_claim.x12"))
        .unwrap()
}
