//! `claimlint check`: lint every input in parallel, print in input order, set the exit code.

use super::args::{CheckArgs, FailOn, Format};
use super::inputs::{self, Input};
use super::{ExitStatus, write_stdout};
use claimlint::report::json::{
    JsonDiagnostic, JsonFile, JsonLine, JsonReport, JsonSummary, SCHEMA,
};
use claimlint::report::{DisplayIndex, concise, human};
use claimlint::{Diagnostic, Settings, Severity, Stats, lint};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::time::Instant;

/// What one input produced, rendered and ready to print.
struct Outcome {
    name: String,
    error: Option<String>,
    text: String,
    json: Option<JsonFile>,
    counts: [usize; 3],
    stats: Stats,
}

pub fn run(args: &CheckArgs) -> ExitStatus {
    let started = Instant::now();
    let settings = match Settings::select(&args.select, &args.ignore) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    if let Some(jobs) = args.jobs {
        // Only fails when the pool was built already; then the default stays.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let color = args.format == Format::Human
        && !args.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();

    let inputs = inputs::collect(&args.paths);
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .map(|input| check_one(input, &settings, args.format, color))
        .collect();

    let mut summary = JsonSummary {
        files: outcomes.len(),
        ..JsonSummary::default()
    };
    let mut worst: Option<Severity> = None;
    for o in &outcomes {
        summary.errors += o.counts[2];
        summary.warnings += o.counts[1];
        summary.infos += o.counts[0];
        summary.stats += o.stats;
        if o.error.is_some() {
            summary.unreadable += 1;
        }
        for (i, sev) in [Severity::Info, Severity::Warning, Severity::Error]
            .iter()
            .enumerate()
        {
            if o.counts[i] > 0 {
                worst = worst.max(Some(*sev));
            }
        }
    }
    summary.elapsed_ms = started.elapsed().as_millis() as u64;

    let status = exit_status(args.fail_on, worst, summary.unreadable > 0);
    match args.format {
        Format::Json => {
            let report = JsonReport {
                schema: SCHEMA,
                tool: "claimlint",
                version: env!("CARGO_PKG_VERSION"),
                files: outcomes.into_iter().filter_map(|o| o.json).collect(),
                summary,
            };
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            write_stdout(&text);
        }
        Format::Jsonl => {
            for file in outcomes.iter().filter_map(|o| o.json.as_ref()) {
                let mut text = String::new();
                for d in &file.diagnostics {
                    push_line(&mut text, "diagnostic", d);
                }
                push_line(&mut text, "file", &file.outcome());
                if !write_stdout(&text) {
                    return status;
                }
            }
            let mut text = String::new();
            push_line(&mut text, "summary", &summary);
            write_stdout(&text);
        }
        Format::Sarif => {
            let files: Vec<JsonFile> = outcomes.into_iter().filter_map(|o| o.json).collect();
            let mut text = serde_json::to_string_pretty(&claimlint::report::sarif::render(&files))
                .unwrap_or_default();
            text.push('\n');
            write_stdout(&text);
        }
        Format::Human | Format::Concise => {
            for o in &outcomes {
                if let Some(e) = &o.error {
                    eprintln!("claimlint: {}: cannot read: {e}", o.name);
                }
                if !o.text.is_empty() && !write_stdout(&o.text) {
                    return status;
                }
            }
            if !args.quiet {
                write_stdout(&summary_line(&summary, started.elapsed().as_secs_f64()));
            }
        }
    }
    status
}

fn push_line<T: serde::Serialize>(out: &mut String, kind: &'static str, data: &T) {
    let line = JsonLine {
        kind,
        schema: SCHEMA,
        data,
    };
    out.push_str(&serde_json::to_string(&line).unwrap_or_default());
    out.push('\n');
}

fn check_one(input: &Input, settings: &Settings, format: Format, color: bool) -> Outcome {
    let name = input.name();
    let source = match input.open() {
        Ok(s) => s,
        Err(e) => {
            return Outcome {
                json: Some(JsonFile {
                    path: name.clone(),
                    status: "unreadable",
                    error: Some(e.clone()),
                    errors: 0,
                    warnings: 0,
                    infos: 0,
                    stats: Stats::default(),
                    diagnostics: Vec::new(),
                }),
                name,
                error: Some(e),
                text: String::new(),
                counts: [0; 3],
                stats: Stats::default(),
            };
        }
    };
    let report = lint(&source, settings);
    let counts = [
        report.count(Severity::Info),
        report.count(Severity::Warning),
        report.count(Severity::Error),
    ];
    let (text, json) = render(
        &name,
        source.bytes(),
        &report.diagnostics,
        format,
        color,
        counts,
        report.stats,
    );
    Outcome {
        name,
        error: None,
        text,
        json,
        counts,
        stats: report.stats,
    }
}

fn render(
    name: &str,
    bytes: &[u8],
    diagnostics: &[Diagnostic],
    format: Format,
    color: bool,
    counts: [usize; 3],
    stats: Stats,
) -> (String, Option<JsonFile>) {
    match format {
        Format::Json | Format::Jsonl | Format::Sarif => (
            String::new(),
            Some(JsonFile {
                path: name.to_string(),
                status: "checked",
                error: None,
                errors: counts[2],
                warnings: counts[1],
                infos: counts[0],
                stats,
                diagnostics: diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic::new(name, bytes, d))
                    .collect(),
            }),
        ),
        _ if diagnostics.is_empty() => (String::new(), None),
        Format::Concise => (concise(name, &DisplayIndex::new(bytes), diagnostics), None),
        Format::Human => {
            let options = human::HumanOptions {
                color,
                width: terminal_width(),
            };
            (
                human::render(name, bytes, &DisplayIndex::new(bytes), diagnostics, options),
                None,
            )
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

fn exit_status(fail_on: FailOn, worst: Option<Severity>, io_error: bool) -> ExitStatus {
    if io_error {
        return ExitStatus::Error;
    }
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    match (threshold, worst) {
        (Some(t), Some(w)) if w >= t => ExitStatus::Failure,
        _ => ExitStatus::Success,
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary_line(s: &JsonSummary, seconds: f64) -> String {
    let st = &s.stats;
    let mb = st.bytes as f64 / 1_000_000.0;
    let rate = if seconds > 0.0 { mb / seconds } else { 0.0 };
    format!(
        "checked {} ({}, {}, {}, {}): {}, {}, {} in {:.2}s ({:.1} MB/s)\n",
        plural(s.files as u64, "file", "files"),
        plural(st.interchanges, "interchange", "interchanges"),
        plural(st.transactions, "transaction set", "transaction sets"),
        plural(st.claims, "claim", "claims"),
        plural(st.service_lines, "service line", "service lines"),
        plural(s.errors as u64, "error", "errors"),
        plural(s.warnings as u64, "warning", "warnings"),
        plural(s.infos as u64, "info", "infos"),
        seconds,
        rate
    )
}
