//! Checking one input: read it, lint it, render its findings in the output format, and
//! turn a panic inside claimlint into an internal-error outcome for that input alone.

use super::super::args::{FailOn, Format};
use super::super::inputs::{Input, ReadOptions, Skip};
use claimlint::report::json::{JsonDiagnostic, JsonFile};
use claimlint::report::{DisplayIndex, concise, human};
use claimlint::{Diagnostic, Settings, Severity, Stats, Timings, check_with_progress};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How every input is read and rendered.
#[derive(Clone, Copy)]
pub struct How {
    pub format: Format,
    pub color: bool,
    /// Mask personal data in snippets, messages and the 999.
    pub redact: bool,
    pub read: ReadOptions,
}

/// What became of an input.
#[derive(Debug, Clone)]
pub enum Status {
    Checked,
    Skipped(Skip),
    Unreadable(String),
    Internal(String),
}

impl Status {
    /// The status in machine formats.
    pub fn code(&self) -> &'static str {
        match self {
            Status::Checked => "checked",
            Status::Skipped(_) => "skipped",
            Status::Unreadable(_) => "unreadable",
            Status::Internal(_) => "internal-error",
        }
    }
}

/// What one input produced, rendered and ready to print.
pub struct Outcome {
    pub name: String,
    pub status: Status,
    /// The configuration file that applied, as shown.
    pub config: Option<String>,
    pub text: String,
    /// The file's record for the machine formats (JSON, JSON Lines, SARIF).
    pub json: Option<JsonFile>,
    /// Findings by severity: info, warning, error.
    pub counts: [usize; 3],
    pub stats: Stats,
    pub by_rule: BTreeMap<&'static str, usize>,
    pub phases: Phases,
    /// The input's `fail-on` (its configuration's, or the command line's).
    pub fail_on: FailOn,
    /// `--format 999` or `277ca`: the acknowledgment, numbered when it is written.
    pub ack: Option<claimlint::report::ack::Acknowledgment>,
}

/// Time per phase, summed over all inputs and threads.
#[derive(Default, Clone, Copy)]
pub struct Phases {
    pub read: Duration,
    pub lint: Timings,
    pub render: Duration,
}

impl std::ops::AddAssign for Phases {
    fn add_assign(&mut self, o: Phases) {
        self.read += o.read;
        self.lint += o.lint;
        self.render += o.render;
    }
}

impl Outcome {
    /// An input that was not checked: skipped, unreadable, or an internal error.
    pub fn unchecked(name: String, status: Status, how: &How) -> Outcome {
        let (reason, error) = match &status {
            Status::Skipped(why) => (Some(why.code()), None),
            Status::Unreadable(e) | Status::Internal(e) => (None, Some(e.clone())),
            Status::Checked => (None, None),
        };
        let json = machine(how.format).then(|| JsonFile {
            path: name.clone(),
            status: status.code(),
            reason,
            error,
            config: None,
            errors: 0,
            warnings: 0,
            infos: 0,
            stats: Stats::default(),
            diagnostics: Vec::new(),
        });
        Outcome {
            name,
            status,
            config: None,
            text: String::new(),
            json,
            counts: [0; 3],
            stats: Stats::default(),
            by_rule: BTreeMap::new(),
            phases: Phases::default(),
            fail_on: FailOn::Error,
            ack: None,
        }
    }

    /// Names the configuration that applied, in the outcome and its JSON record.
    pub fn with_config(mut self, config: Option<String>, fail_on: FailOn) -> Outcome {
        if let Some(json) = &mut self.json {
            json.config.clone_from(&config);
        }
        self.config = config;
        self.fail_on = fail_on;
        self
    }

    /// The worst severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .find(|sev| self.counts[*sev as usize] > 0)
    }
}

/// Whether the format is an acknowledgment.
pub fn acknowledgment(format: Format) -> Option<super::super::ack::Kind> {
    match format {
        Format::Ack => Some(super::super::ack::Kind::Ack999),
        Format::ClaimAck => Some(super::super::ack::Kind::Ack277),
        _ => None,
    }
}

/// Whether the format is one of the machine formats that keep a record per file.
fn machine(format: Format) -> bool {
    matches!(format, Format::Json | Format::Jsonl | Format::Sarif)
}

/// Checks one input; a bug in claimlint (a panic) becomes an `internal-error` outcome for
/// that input, and the run goes on with the others (exit code 2).
///
/// `on_progress` is told the bytes checked as the check goes (see
/// [`claimlint::check_with_progress`]).
pub fn guarded(
    input: &Input,
    settings: &Settings,
    how: &How,
    on_progress: &(dyn Fn(u64) + Sync),
) -> Outcome {
    let run = std::panic::AssertUnwindSafe(|| check(input, settings, how, on_progress));
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Outcome::unchecked(
            input.name(),
            Status::Internal(format!(
                "internal error in claimlint: {what}; please report it with the file's structure (never its data)"
            )),
            how,
        )
    })
}

fn check(
    input: &Input,
    settings: &Settings,
    how: &How,
    on_progress: &(dyn Fn(u64) + Sync),
) -> Outcome {
    let name = input.name();
    if let Input::Skipped(_, why) = input {
        return Outcome::unchecked(name, Status::Skipped(*why), how);
    }
    let read_started = Instant::now();
    let source = match input.open(how.read) {
        Ok(s) => s,
        Err(e) => return Outcome::unchecked(name, Status::Unreadable(e), how),
    };
    let read = read_started.elapsed();
    // Lets the test suite prove the guard above (the `test-hooks` feature is on only in
    // claimlint's own test builds).
    #[cfg(feature = "test-hooks")]
    if std::env::var_os("CLAIMLINT_TEST_PANIC_ON")
        .is_some_and(|v| name.ends_with(&*v.to_string_lossy()))
    {
        panic!("panic requested by CLAIMLINT_TEST_PANIC_ON");
    }
    let mut report = check_with_progress(&source, settings, on_progress);
    // The acknowledgment answers the file, not these settings: it is built from its own
    // lint (see `ack::build`). The bytes of a file that changed while it was read are not
    // the file: no acknowledgment is made of them.
    let ack = acknowledgment(how.format)
        .filter(|_| source.change().is_none())
        .and_then(|kind| {
            super::super::ack::build(
                &source,
                settings,
                kind,
                &super::super::ack::options(how.redact),
            )
        });
    if how.redact {
        claimlint::report::redact::diagnostics(source.bytes(), &mut report.diagnostics);
    }
    let counts = [
        report.count(Severity::Info),
        report.count(Severity::Warning),
        report.count(Severity::Error),
    ];
    let render_started = Instant::now();
    let (text, json) = render(&name, source.bytes(), &report.diagnostics, how);
    let json = json.map(|diagnostics| JsonFile {
        path: name.clone(),
        status: "checked",
        reason: None,
        error: None,
        config: None,
        errors: counts[2],
        warnings: counts[1],
        infos: counts[0],
        stats: report.stats,
        diagnostics,
    });
    let mut by_rule = BTreeMap::new();
    for d in &report.diagnostics {
        *by_rule.entry(d.code()).or_default() += 1;
    }
    Outcome {
        name,
        status: Status::Checked,
        config: None,
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
        ack,
    }
}

/// The findings of one file as text (human, concise, 999) or as JSON records.
fn render(
    name: &str,
    bytes: &[u8],
    diagnostics: &[Diagnostic],
    how: &How,
) -> (String, Option<Vec<JsonDiagnostic>>) {
    match how.format {
        Format::Json | Format::Jsonl | Format::Sarif => (
            String::new(),
            Some(JsonDiagnostic::all(name, bytes, diagnostics)),
        ),
        Format::Ack | Format::ClaimAck => (String::new(), None),
        _ if diagnostics.is_empty() => (String::new(), None),
        Format::Concise => {
            let index = DisplayIndex::around(bytes, diagnostics);
            (concise(name, &index, diagnostics), None)
        }
        Format::Human => {
            let options = human::HumanOptions {
                color: how.color,
                width: terminal_width(),
            };
            // Snippets come from a masked copy of the file: same length, same spans.
            let masked;
            let shown = if how.redact {
                masked = claimlint::report::redact::mask_file(bytes);
                &masked[..]
            } else {
                bytes
            };
            let index = DisplayIndex::around(shown, diagnostics);
            (
                human::render(name, shown, &index, diagnostics, options),
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
