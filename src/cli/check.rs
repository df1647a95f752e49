//! `claimlint check`: lint every input in parallel, print in input order, set the exit code.

use super::args::{CheckArgs, FailOn, Format};
use super::config::{Overrides, Resolved, Resolver};
use super::inputs::{self, Input};
use super::{ExitStatus, write_json_stdout, write_stdout};
use claimlint::redact::{Redaction, View};
use claimlint::report::json::{
    JsonDiagnostic, JsonFile, JsonLine, JsonReport, JsonSummary, SCHEMA,
};
use claimlint::report::{DisplayIndex, concise, human};
use claimlint::{Diagnostic, Settings, Severity, Stats, Timings, lint};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one input produced, rendered and ready to print.
struct Outcome {
    name: String,
    error: Option<String>,
    text: String,
    json: Option<JsonFile>,
    counts: [usize; 3],
    stats: Stats,
    by_rule: BTreeMap<&'static str, usize>,
    phases: Phases,
    /// The input's `fail-on` (its configuration's, or the command line's).
    fail_on: FailOn,
}

/// Time per phase, summed over all inputs and threads.
#[derive(Default, Clone, Copy)]
struct Phases {
    read: Duration,
    lint: Timings,
    render: Duration,
}

impl std::ops::AddAssign for Phases {
    fn add_assign(&mut self, o: Phases) {
        self.read += o.read;
        self.lint += o.lint;
        self.render += o.render;
    }
}

pub fn run(args: &CheckArgs) -> ExitStatus {
    let started = Instant::now();
    let overrides = Overrides {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on,
        profile: args.profile,
        code_sets: args.code_sets.clone(),
        redact: if args.no_redact {
            Some(false)
        } else if args.redact {
            Some(true)
        } else {
            None
        },
    };
    let mut resolver = match Resolver::new(overrides) {
        Ok(r) => r,
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
    // Every input's configuration is read before anything is checked: a broken one stops
    // the run with its error instead of a report that mixes settings.
    let resolved: Vec<Arc<Resolved>> = match inputs
        .iter()
        .map(|input| resolver.for_dir(input_dir(input)))
        .collect()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    let progress = progress_bar(&inputs);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .zip(&resolved)
        .map(|(input, resolved)| {
            let redaction = resolved.redaction.as_ref();
            let mut outcome = guarded(input, &resolved.settings, args.format, color, redaction);
            outcome.fail_on = resolved.fail_on;
            if let Some(bar) = &progress {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                bar.set_message(format!("{n}/{} files", inputs.len()));
                bar.inc(outcome.stats.bytes);
            }
            outcome
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let mut summary = JsonSummary {
        files: outcomes.len(),
        ..JsonSummary::default()
    };
    let mut failed = false;
    let mut phases = Phases::default();
    for o in &outcomes {
        phases += o.phases;
        for (code, n) in &o.by_rule {
            *summary.by_rule.entry(code).or_default() += n;
        }
        summary.errors += o.counts[2];
        summary.warnings += o.counts[1];
        summary.infos += o.counts[0];
        summary.stats += o.stats;
        if o.error.is_some() {
            summary.unreadable += 1;
        }
        let mut worst: Option<Severity> = None;
        for (i, sev) in [Severity::Info, Severity::Warning, Severity::Error]
            .iter()
            .enumerate()
        {
            if o.counts[i] > 0 {
                worst = worst.max(Some(*sev));
            }
        }
        failed |= exit_status(o.fail_on, worst, false) == ExitStatus::Failure;
    }
    summary.elapsed_ms = started.elapsed().as_millis() as u64;
    if args.stats {
        eprint!("{}", stats_table(&phases, &summary, started.elapsed()));
    }

    let status = if summary.unreadable > 0 {
        ExitStatus::Error
    } else if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    match args.format {
        Format::Json => {
            let report = JsonReport {
                schema: SCHEMA,
                tool: "claimlint",
                version: env!("CARGO_PKG_VERSION"),
                files: outcomes.into_iter().filter_map(|o| o.json).collect(),
                summary,
            };
            write_json_stdout(&report);
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
            write_json_stdout(&claimlint::report::sarif::log(&files));
        }
        Format::Ack => {
            for o in &outcomes {
                if let Some(e) = &o.error {
                    let unreadable = o.json.as_ref().is_some_and(|j| j.status == "unreadable");
                    let what = if unreadable { "cannot read: " } else { "" };
                    eprintln!("claimlint: {}: {what}{e}", o.name);
                } else if o.text.is_empty() {
                    eprintln!("claimlint: {}: no interchange to acknowledge", o.name);
                }
                if !o.text.is_empty() && !write_stdout(&o.text) {
                    return status;
                }
            }
        }
        Format::Human | Format::Concise => {
            for o in &outcomes {
                if let Some(e) = &o.error {
                    let unreadable = o.json.as_ref().is_some_and(|j| j.status == "unreadable");
                    let what = if unreadable { "cannot read: " } else { "" };
                    eprintln!("claimlint: {}: {what}{e}", o.name);
                }
                if !o.text.is_empty() && !write_stdout(&o.text) {
                    return status;
                }
            }
            if !args.quiet {
                let mut text = summary_line(&summary, started.elapsed().as_secs_f64());
                text.push_str(&code_sets_line(&resolved));
                if !summary.by_rule.is_empty() {
                    let mut rules: Vec<_> = summary.by_rule.iter().collect();
                    rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                    let list: Vec<String> = rules
                        .iter()
                        .map(|(code, n)| format!("{code} {n}"))
                        .collect();
                    text.push_str(&format!("by rule: {}\n", list.join(", ")));
                }
                write_stdout(&text);
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

/// Checks one input; a bug in claimlint (a panic) becomes an `internal-error` outcome for
/// that input, and the run goes on with the others (exit code 2).
fn guarded(
    input: &Input,
    settings: &Settings,
    format: Format,
    color: bool,
    redaction: Option<&Redaction>,
) -> Outcome {
    let run = std::panic::AssertUnwindSafe(|| check_one(input, settings, format, color, redaction));
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        failed(
            input.name(),
            "internal-error",
            format!("internal error in claimlint: {what}; please report it with the file's structure (never its data)"),
        )
    })
}

/// The outcome of an input that could not be checked: unreadable, or an internal error.
fn failed(name: String, status: &'static str, error: String) -> Outcome {
    Outcome {
        json: Some(JsonFile {
            path: name.clone(),
            status,
            error: Some(error.clone()),
            errors: 0,
            warnings: 0,
            infos: 0,
            stats: Stats::default(),
            diagnostics: Vec::new(),
        }),
        name,
        error: Some(error),
        text: String::new(),
        counts: [0; 3],
        stats: Stats::default(),
        by_rule: BTreeMap::new(),
        phases: Phases::default(),
        fail_on: FailOn::Error,
    }
}

fn check_one(
    input: &Input,
    settings: &Settings,
    format: Format,
    color: bool,
    redaction: Option<&Redaction>,
) -> Outcome {
    let name = input.name();
    let read_started = Instant::now();
    let source = match input.open() {
        Ok(s) => s,
        Err(e) => return failed(name, "unreadable", e),
    };
    let read = read_started.elapsed();
    // Lets the test suite prove the guard below: debug builds only.
    #[cfg(debug_assertions)]
    if std::env::var_os("CLAIMLINT_TEST_PANIC_ON")
        .is_some_and(|v| name.ends_with(&*v.to_string_lossy()))
    {
        panic!("panic requested by CLAIMLINT_TEST_PANIC_ON");
    }
    let report = lint(&source, settings);
    let counts = [
        report.count(Severity::Info),
        report.count(Severity::Warning),
        report.count(Severity::Error),
    ];
    let render_started = Instant::now();
    // Every output is rendered from this view: under redaction, the file masked once.
    let view = View::new(source.bytes(), redaction);
    let (text, json) = render(
        &name,
        &view,
        &report.diagnostics,
        Rendering { format, color },
        counts,
        report.stats,
    );
    let mut by_rule = BTreeMap::new();
    for d in &report.diagnostics {
        *by_rule.entry(d.code()).or_default() += 1;
    }
    Outcome {
        name,
        error: None,
        text,
        json,
        counts,
        stats: report.stats,
        by_rule,
        phases: Phases {
            read,
            lint: report.timings,
            render: render_started.elapsed(),
        },
        fail_on: FailOn::Error,
    }
}

/// How one file's findings are written.
#[derive(Clone, Copy)]
struct Rendering {
    format: Format,
    color: bool,
}

fn render(
    name: &str,
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    how: Rendering,
    counts: [usize; 3],
    stats: Stats,
) -> (String, Option<JsonFile>) {
    let Rendering { format, color } = how;
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
                diagnostics: JsonDiagnostic::all(name, view, diagnostics),
            }),
        ),
        Format::Ack => {
            let options = super::ack::options(1);
            let text = claimlint::report::ack::render(view, diagnostics, &options)
                .map(|(text, _)| text)
                .unwrap_or_default();
            (text, None)
        }
        _ if diagnostics.is_empty() => (String::new(), None),
        Format::Concise => (
            concise(name, view, &DisplayIndex::new(view.bytes()), diagnostics),
            None,
        ),
        Format::Human => {
            let options = human::HumanOptions {
                color,
                width: terminal_width(),
            };
            let index = DisplayIndex::new(view.bytes());
            (
                human::render(name, view, &index, diagnostics, options),
                None,
            )
        }
    }
}

/// A progress bar on standard error, only for long runs on a terminal: never in pipes, log
/// files or CI.
fn progress_bar(inputs: &[Input]) -> Option<ProgressBar> {
    let stderr_is_terminal = std::io::stderr().is_terminal();
    if !stderr_is_terminal || std::env::var_os("CI").is_some() {
        return None;
    }
    let total: u64 = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            _ => None,
        })
        .sum();
    if inputs.len() < 200 && total < 64 << 20 {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(4));
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} · {bytes}/{total_bytes} · {bytes_per_sec} · {elapsed} (eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn rate(bytes: u64, d: Duration) -> String {
    if d.is_zero() {
        "-".to_string()
    } else {
        format!("{:.1}", bytes as f64 / 1e6 / d.as_secs_f64())
    }
}

/// `--stats`: time per phase (summed over threads) and throughput.
fn stats_table(p: &Phases, s: &JsonSummary, wall: Duration) -> String {
    let bytes = s.stats.bytes;
    let mut out = String::from("phase                     time (s)     MB/s\n");
    for (name, d) in [
        ("read or map", p.read),
        ("envelope", p.lint.envelope),
        ("loop model", p.lint.model),
        ("rules", p.lint.rules),
        ("render", p.render),
    ] {
        out.push_str(&format!(
            "{name:<24} {:>9.3} {:>8}\n",
            seconds(d),
            rate(bytes, d)
        ));
    }
    out.push_str(&format!(
        "{:<24} {:>9.3} {:>8}   ({} threads)\n",
        "wall clock",
        seconds(wall),
        rate(bytes, wall),
        rayon::current_num_threads()
    ));
    out
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

/// The directory whose `claimlint.toml` applies to an input; `None` for standard input
/// (the current directory).
fn input_dir(input: &Input) -> Option<&std::path::Path> {
    match input {
        Input::File(p) | Input::Unreadable(p, _) => p.parent(),
        _ => None,
    }
}

/// `code sets: HCPCS 2026-01, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02`, one line for
/// each different set of tables the inputs were checked with.
fn code_sets_line(resolved: &[Arc<Resolved>]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for r in resolved {
        let text = r.settings.code_sets().describe();
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    if seen.is_empty() {
        seen.push(claimlint::settings::embedded_releases());
    }
    seen.iter().map(|t| format!("code sets: {t}\n")).collect()
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
