//! Checking one input: read it, lint it, render its findings in the output format, and
//! turn a panic inside claimlint into an internal-error outcome for that input alone.

use super::super::args::{FailOn, Format};
use super::super::inputs::{Input, ReadOptions, Skip};
use claimlint::redact::{Redaction, View};
use claimlint::report::json::{JsonDiagnostic, JsonFile};
use claimlint::report::{DisplayIndex, Interchanges, concise, human};
use claimlint::{
    Diagnostic, Settings, Severity, Stats, Timings, check_keeping_keys, check_with_progress,
};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How every input is read and rendered.
#[derive(Clone)]
pub struct How {
    pub format: Format,
    pub color: bool,
    pub read: ReadOptions,
    /// Read the keys of interchanges and claims for the cross-file pass (X050, S120).
    pub cross: bool,
    /// Build the `--claim-report` rows.
    pub claim_rows: bool,
    /// The run's keyed hashes, under the `--seen` state's key or a random one: the key
    /// is taken in once per run, not once per file.
    pub keyed: super::cross::Keyed,
    /// The report's wrap width.
    pub width: usize,
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
    /// The findings, kept while the cross-file pass may add to them.
    pub diagnostics: Vec<Diagnostic>,
    /// The keys of its interchanges and claims, for the cross-file pass.
    pub keys: Option<super::cross::Keys>,
    /// Its `--claim-report` rows.
    pub rows: super::super::claim_report::ClaimRows,
    /// Standard input's bytes (which cannot be read twice), kept for the cross-file pass.
    pub stdin: Option<claimlint::SourceFile>,
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
            diagnostics: Vec::new(),
            keys: None,
            rows: Default::default(),
            stdin: None,
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
/// With `redaction`, every output is rendered from the file masked once; `on_progress`
/// is told the bytes checked as the check goes (see [`claimlint::check_with_progress`]).
pub fn guarded(
    input: &Input,
    settings: &Settings,
    redaction: Option<&Redaction>,
    how: &How,
    on_progress: &(dyn Fn(u64) + Sync),
) -> Outcome {
    let run = std::panic::AssertUnwindSafe(|| check(input, settings, redaction, how, on_progress));
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
    redaction: Option<&Redaction>,
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
    #[cfg(feature = "test-hooks")]
    let (truncated, path) = (std::sync::Once::new(), input.path());
    #[cfg(feature = "test-hooks")]
    let hooked = |bytes: u64| {
        on_progress(bytes);
        if let Some(p) = path {
            truncated.call_once(|| super::super::inputs::truncate_while_checking(p));
        }
    };
    #[cfg(feature = "test-hooks")]
    let on_progress: &(dyn Fn(u64) + Sync) = &hooked;
    // The keys of interchanges and claims are gathered while the file is checked.
    let mut report = if let Some(run) = how.keyed.run_key().filter(|_| how.cross) {
        claimlint::check_keeping_run_keys(&source, settings, on_progress, run)
    } else if how.cross || how.claim_rows {
        check_keeping_keys(&source, settings, on_progress)
    } else {
        check_with_progress(&source, settings, on_progress)
    };
    let counts = [
        report.count(Severity::Info),
        report.count(Severity::Warning),
        report.count(Severity::Error),
    ];
    let render_started = Instant::now();
    // Every output is rendered from this view: under redaction, the file masked once.
    // A file without findings shows nothing of itself, unless an acknowledgment or a
    // claim report quotes it: it is not masked (nor indexed) for nothing.
    let shows_nothing =
        report.diagnostics.is_empty() && acknowledgment(how.format).is_none() && !how.claim_rows;
    let shown = if shows_nothing {
        &[][..]
    } else {
        source.bytes()
    };
    let view = View::new(shown, redaction);
    // The bytes of a file that changed while it was read are not the file: no
    // acknowledgment is made of them.
    let ack = acknowledgment(how.format)
        .filter(|_| source.change().is_none())
        .and_then(|kind| acknowledge(&source, settings, &report.diagnostics, kind, &view));
    // The check's interchanges are the file's: the masked copy is read again.
    let interchanges = report.interchanges.as_ref().filter(|_| !view.is_redacted());
    let (text, json) = render(&name, &view, &report.diagnostics, interchanges, how);
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
    let (keys, rows) = if how.cross || how.claim_rows {
        let keys = report.keys.take();
        keys_and_rows(&name, source.bytes(), keys, &view, &report.diagnostics, how)
    } else {
        (None, Default::default())
    };
    let keep = how.cross && keys.as_ref().is_some_and(|k| !k.interchanges.is_empty());
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
        diagnostics: if keep { report.diagnostics } else { Vec::new() },
        keys,
        rows,
        stdin: (keep && matches!(input, Input::Stdin)).then_some(source),
    }
}

/// The acknowledgment of a file. It answers the file, not the check's settings: it is
/// built from the findings of every rule at its default severity (see `ack::build`).
/// Those are the check's own `diagnostics` when its settings are those (the default
/// command line); otherwise the file is linted again with them.
fn acknowledge(
    source: &claimlint::SourceFile,
    settings: &Settings,
    diagnostics: &[Diagnostic],
    kind: super::super::ack::Kind,
    view: &View<'_>,
) -> Option<claimlint::report::ack::Acknowledgment> {
    use super::super::ack::Kind;
    let ack_settings = claimlint::report::ack::settings(settings);
    let again;
    let diagnostics = if lint_alike(settings, &ack_settings) {
        diagnostics
    } else {
        again = claimlint::check(source, &ack_settings);
        &again.diagnostics
    };
    let options = super::super::ack::options();
    match kind {
        Kind::Ack999 => claimlint::report::ack::render(view, diagnostics, &options),
        Kind::Ack277 => claimlint::report::claim_ack::render(view, diagnostics, &options),
    }
}

/// Whether checking a file with `a` and with `b` gives the same findings: the same rules
/// at the same severities, the same caps and the same code tables.
fn lint_alike(a: &Settings, b: &Settings) -> bool {
    std::sync::Arc::ptr_eq(a.code_sets_arc(), b.code_sets_arc())
        && a.max_findings_per_rule() == b.max_findings_per_rule()
        && a.max_set_bytes() == b.max_set_bytes()
        && a.part_bytes() == b.part_bytes()
        && claimlint::Rule::ALL
            .iter()
            .all(|&r| a.is_enabled(r) == b.is_enabled(r) && a.severity(r) == b.severity(r))
}

/// The keys of a file's interchanges and claims, and its claim rows. `keys` are the ones
/// the check gathered, if it did; else they are read from the file.
fn keys_and_rows(
    name: &str,
    bytes: &[u8],
    keys: Option<claimlint::batch::FileKeys>,
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    how: &How,
) -> (
    Option<super::cross::Keys>,
    super::super::claim_report::ClaimRows,
) {
    use super::super::claim_report as report;
    // The keys are of the file itself; what the report shows goes through the view.
    let file_keys =
        keys.unwrap_or_else(|| claimlint::batch::FileKeys::of(&claimlint::x12::parse(bytes)));
    let interchanges = file_keys.interchanges(bytes);
    let keyed = &how.keyed;
    let mut rows = how.claim_rows.then(|| report::ClaimRows::new(name));
    let mut ranges = Vec::new();
    // (hash, CLM ordinal, interchange index, claim index) of the claims with a number.
    let mut hashes = Vec::new();
    let mut n = 0;
    let mut visit = |c: &claimlint::batch::ClaimKey<'_>, made: Option<(u64, u64)>| {
        ranges.push(report::range(c));
        if let Some(rows) = &mut rows {
            rows.push(c, view);
        }
        if how.cross && c.is_keyed() {
            let hash = keyed.claim_made(c, made);
            hashes.push((hash, c.clm.ordinal, c.interchange_index, n));
        }
        n += 1;
    };
    file_keys.each_claim_fingerprinted(bytes, |c, made| visit(&c, made));
    if let Some(rows) = &mut rows {
        rows.add_findings(&interchanges, &ranges, diagnostics);
    }
    let keys = how.cross.then(|| {
        let rejected = report::rejected(&interchanges, &ranges, diagnostics);
        let ic_errors = |i: usize| {
            let ic = &interchanges[i];
            diagnostics.iter().any(|d| {
                d.severity == Severity::Error
                    && (ic.isa.start..ic.end.max(ic.isa.start + 1)).contains(&d.span.start)
            })
        };
        super::cross::Keys {
            interchanges: super::cross::interchange_keys(keyed, bytes, &interchanges, &ic_errors),
            claims: hashes
                .into_iter()
                .map(|(h, ordinal, ic, n)| (h, ordinal, ic, n, !rejected[n]))
                .collect(),
        }
    });
    (keys, rows.unwrap_or_default())
}

impl Outcome {
    /// Adds the cross-file pass's findings (worded on `bytes`, the file's content) and
    /// renders the file's report again with them, in position order.
    pub fn add_findings(
        &mut self,
        bytes: &[u8],
        redaction: Option<&claimlint::redact::Redaction>,
        new: Vec<Diagnostic>,
        how: &How,
    ) {
        if new.is_empty() {
            return;
        }
        for d in &new {
            self.counts[d.severity as usize] += 1;
            *self.by_rule.entry(d.code()).or_default() += 1;
        }
        self.diagnostics.extend(new);
        self.diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
        });
        let view = View::new(bytes, redaction);
        let (text, json) = render(&self.name, &view, &self.diagnostics, None, how);
        if !matches!(how.format, Format::Ack | Format::ClaimAck) {
            self.text = text;
        }
        if let (Some(file), Some(diagnostics)) = (&mut self.json, json) {
            file.diagnostics = diagnostics;
            file.errors = self.counts[2];
            file.warnings = self.counts[1];
            file.infos = self.counts[0];
        }
    }
}

/// The findings of one file as text (human, concise, 999) or as JSON records.
fn render(
    name: &str,
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    interchanges: Option<&Interchanges>,
    how: &How,
) -> (String, Option<Vec<JsonDiagnostic>>) {
    let bytes = view.bytes();
    let index = || match interchanges {
        Some(found) => DisplayIndex::around_in(bytes, diagnostics, found),
        None => DisplayIndex::around(bytes, diagnostics),
    };
    match how.format {
        Format::Json | Format::Jsonl | Format::Sarif => (
            String::new(),
            Some(JsonDiagnostic::all(name, view, diagnostics)),
        ),
        Format::Ack | Format::ClaimAck => (String::new(), None),
        _ if diagnostics.is_empty() => (String::new(), None),
        Format::Concise => {
            let index = index();
            (concise(name, view, &index, diagnostics), None)
        }
        Format::Human => {
            let options = human::HumanOptions {
                color: how.color,
                width: how.width,
            };
            let index = index();
            (
                human::render(name, view, &index, diagnostics, options),
                None,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimlint::report::ack;
    use claimlint::settings::{CodeSets, Profile};

    #[test]
    fn the_default_settings_lint_as_the_acknowledgment_does() {
        let mut settings = Settings::default();
        assert!(lint_alike(&settings, &ack::settings(&settings)));
        // The acknowledgment reads the codes in the tables the check was given.
        settings.set_code_sets(std::sync::Arc::new(CodeSets::default()));
        assert!(lint_alike(&settings, &ack::settings(&settings)));
    }

    #[test]
    fn any_other_settings_lint_differently() {
        type Change = fn(&mut Settings);
        let changes: [(&str, Change); 6] = [
            ("a rule ignored", |s| {
                s.apply_selection(None, &["C001".to_string()]).unwrap()
            }),
            ("a severity changed", |s| {
                s.set_severity("H", claimlint::Severity::Info).unwrap()
            }),
            ("a payer profile", |s| s.apply_profile(Profile::Medicare)),
            ("another cap", |s| s.set_max_findings_per_rule(5)),
            ("another set size limit", |s| s.set_max_set_bytes(1_000_000)),
            ("another part size", |s| s.set_part_bytes(1_000)),
        ];
        for (what, change) in changes {
            let mut settings = Settings::default();
            change(&mut settings);
            assert!(
                !lint_alike(&settings, &ack::settings(&settings)),
                "{what}: the acknowledgment needs a lint of its own"
            );
        }
    }
}
