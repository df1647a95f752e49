//! Bytes → `claimlint::lint` with default settings → every renderer: human (miette),
//! concise, JSON, SARIF and the `inspect` tree, from the plain and the redacted view.
//! Any panic is a bug.

#![no_main]

use claimlint::redact::{Redaction, View};
use claimlint::report::json::{JsonDiagnostic, JsonFile};
use claimlint::report::{DisplayIndex, concise, human, inspect, sarif};
use claimlint::{Settings, Severity, SourceFile, check};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "fuzz.x12";

fuzz_target!(|data: &[u8]| {
    let source = SourceFile::new(NAME, data);
    let report = check(&source, &Settings::default());
    let bytes = source.bytes();
    for d in &report.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= bytes.len(),
            "{} span {:?} outside the file of {} bytes",
            d.code(),
            d.span,
            bytes.len()
        );
        for l in &d.secondary {
            assert!(l.span.start <= l.span.end && l.span.end <= bytes.len());
        }
    }

    let plain = View::plain(bytes);
    let redacted = View::redacted(bytes, &Redaction::with_key("fuzz"));
    for view in [&plain, &redacted] {
        assert_eq!(view.bytes().len(), bytes.len(), "masking keeps the length");
        render(view, &report);
    }
});

fn render(view: &View<'_>, report: &claimlint::Report) {
    let index = DisplayIndex::new(view.bytes());
    let _ = human::render(
        NAME,
        view,
        &index,
        &report.diagnostics,
        human::HumanOptions::default(),
    );
    let _ = concise(NAME, view, &index, &report.diagnostics);

    let diagnostics = JsonDiagnostic::all(NAME, view, &report.diagnostics);
    for (d, one) in diagnostics.iter().zip(&report.diagnostics) {
        let one = JsonDiagnostic::new(NAME, view, one);
        assert_eq!((d.line, d.column), (one.line, one.column));
        serde_json::to_string(d).expect("a diagnostic serializes");
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
    serde_json::to_string(&sarif::render(std::slice::from_ref(&file))).expect("SARIF serializes");
    serde_json::to_string(&file).expect("a file serializes");

    let _ = inspect::render(NAME, view);
}
