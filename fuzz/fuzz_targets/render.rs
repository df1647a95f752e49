//! Bytes → `claimlint::lint` → every output format, each once as it is and once under
//! redaction, as `claimlint check --format F [--redact]` renders it: human (on the masked
//! copy of the file under redaction, with the index of the lines around the findings as
//! well as the full one), concise, JSON, JSON Lines, SARIF, the 999 and `inspect`. Any
//! panic is a bug; spans must lie inside the file, and the masked copy must keep every
//! offset.

#![no_main]

use claimlint::report::ack::{self, AckOptions};
use claimlint::report::json::{JsonDiagnostic, JsonFile, JsonLine};
use claimlint::redact::{Redaction, View};
use claimlint::report::{DisplayIndex, concise, human, inspect, sarif};
use claimlint::{Settings, Severity, SourceFile, lint};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "fuzz.x12";

fuzz_target!(|data: &[u8]| {
    let source = SourceFile::new(NAME, data);
    let bytes = source.bytes();
    let mut settings = Settings::default();
    // A small cap, so the summaries of left-out findings are rendered too.
    settings.set_max_findings_per_rule(3);
    let report = lint(&source, &settings);
    let redaction = Redaction::with_key("fuzz");
    for redacted in [false, true] {
        let view = View::new(bytes, redacted.then_some(&redaction));
        let shown = view.bytes();
        assert_eq!(shown.len(), bytes.len(), "masking keeps every offset");
        for d in &report.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= bytes.len());
            for l in &d.secondary {
                assert!(l.span.start <= l.span.end && l.span.end <= bytes.len());
            }
        }

        let around = DisplayIndex::around(shown, &report.diagnostics);
        let full = DisplayIndex::new(shown);
        assert_eq!(around.line_count(), full.line_count());
        for d in &report.diagnostics {
            assert_eq!(around.position(d.span.start), full.position(d.span.start));
        }
        let options = human::HumanOptions::default();
        let _ = human::render(NAME, &view, &around, &report.diagnostics, options);
        let _ = concise(NAME, &view, &around, &report.diagnostics);

        let diagnostics = JsonDiagnostic::all(NAME, &view, &report.diagnostics);
        for d in &diagnostics {
            let line = JsonLine {
                kind: "diagnostic",
                schema: 1,
                data: d,
            };
            serde_json::to_string(&line).expect("a JSON line serializes");
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
        serde_json::to_string(&file.outcome()).expect("a file record serializes");
        serde_json::to_string(&sarif::log(std::slice::from_ref(&file)))
            .expect("SARIF serializes");

        let options = AckOptions {
            control_number: 1,
            date: "20260101".to_string(),
            time: "0000".to_string(),
        };
        let _ = ack::render(&view, &report.diagnostics, &options);
        let _ = inspect::render(NAME, &view);
    }
});
