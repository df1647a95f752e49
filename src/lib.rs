//! claimlint: a linter for HIPAA X12 837P (005010X222A1) professional claim files.
//!
//! It reads every interchange of a file, builds the implementation guide's loop structure
//! and reports every problem a clearinghouse or payer front end would reject a claim for:
//! envelope and syntax errors, the guide's segment and element requirements, charges that
//! do not add up, situational requirements, and the code sets (CPT and HCPCS Level II
//! procedure codes, modifiers, ICD-10-CM, place of service, NPI, NDC). Each finding points
//! at the exact bytes of the element in the original file.
//!
//! # Checking a file
//!
//! [`check`] is the entry point: give it a [`SourceFile`] and [`Settings`], get a
//! [`Report`] with the [`Diagnostic`]s sorted by position.
//!
//! ```
//! use claimlint::{Settings, Severity, SourceFile};
//!
//! let bytes = b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       \
//! *240101*1200*^*00501*000000001*0*T*:~IEA*1*000000002~".to_vec();
//! let file = SourceFile::new("claims.837", bytes);
//! let report = claimlint::check(&file, &Settings::default());
//! // Messages quote the file: they are read through a view of it (`View::redacted` masks
//! // personal data).
//! let view = claimlint::redact::View::plain(file.bytes());
//! for d in &report.diagnostics {
//!     println!("{} {} at bytes {}..{}: {}", d.code(), d.severity, d.span.start, d.span.end, d.message(&view));
//! }
//! assert!(report.diagnostics.iter().any(|d| d.code() == "X015"));
//! assert!(report.count(Severity::Error) > 0);
//! ```
//!
//! * [`Settings`] choose the rules ([`Settings::select`] by code, prefix or name), their
//!   severities and payer profile ([`settings::Profile`]), and the code tables
//!   ([`settings::CodeSets`], e.g. a newer CMS HCPCS quarter).
//! * [`SourceFile::new`] takes bytes you already have; [`SourceFile::open`] reads a file;
//!   with the `mmap` feature, [`SourceFile::map`] memory-maps one (opt in
//!   only when nothing truncates the file meanwhile).
//! * [`report`] renders diagnostics for people (miette, one line per finding) and machines
//!   (JSON, SARIF), and builds the 999 acknowledgment.
//! * [`Rule::ALL`] and [`Rule::meta`] list the rules: code, name, severity, SNIP type,
//!   acknowledgment codes and documentation.
//!
//! The library never prints, exits or reads the environment; the `claimlint` binary does.
//!
//! # Features
//!
//! Embed with `default-features = false`: the library then has no CLI, no threads and no
//! memory maps. `parallel` checks the transaction sets of one large file on all cores
//! (rayon); `mmap` adds [`SourceFile::map`]; `cli` (the default) builds the `claimlint`
//! binary and turns on both. The synthetic 837P generator behind `claimlint generate` is
//! not part of the library: it is the `claimlint-synth` crate of the workspace, which only
//! the binary, the tests and the benchmarks use.
//!
//! # Lower layers
//!
//! [`x12`] reads any X12 interchange (delimiters from the ISA, segments, elements and
//! components as borrowed slices with byte spans, the ISA/GS/ST envelope); [`grammar`] is
//! the implementation guide as data; [`claim`] is the 837P loop model; [`codes`] holds the
//! procedure-code classifier and the public code tables.

pub mod batch;
pub mod claim;
pub mod codes;
mod cores;
pub mod diagnostic;
mod engine;
pub mod grammar;
pub mod redact;
pub mod report;
mod rule;
pub mod rules;
pub mod settings;
pub mod source;
#[cfg(test)]
mod test_files;
pub mod x12;

pub use diagnostic::{Diagnostic, Severity};
pub use rule::Rule;
pub use settings::Settings;
pub use source::{Change, SourceFile, Span};

use serde::Serialize;

/// The README's Rust examples (the "Use as a library" section) are doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

/// Counts for the run summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub bytes: u64,
    pub segments: u64,
    pub interchanges: u64,
    pub groups: u64,
    pub transactions: u64,
    pub claims: u64,
    pub service_lines: u64,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.bytes += o.bytes;
        self.segments += o.segments;
        self.interchanges += o.interchanges;
        self.groups += o.groups;
        self.transactions += o.transactions;
        self.claims += o.claims;
        self.service_lines += o.service_lines;
    }
}

/// Time spent in each phase of linting one file (summed over threads).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Finding the envelope and checking it.
    pub envelope: std::time::Duration,
    /// Building the loop model of every transaction set (placing each segment in the
    /// guide's loop tree included).
    pub model: std::time::Duration,
    /// Running the rules on the model: structure and element checks, claim and line rules.
    pub rules: std::time::Duration,
}

impl std::ops::AddAssign for Timings {
    fn add_assign(&mut self, o: Timings) {
        self.envelope += o.envelope;
        self.model += o.model;
        self.rules += o.rules;
    }
}

/// The result of linting one file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    pub timings: Timings,
    /// With [`check_keeping_keys`], the keys of the file's interchanges and claims, to
    /// find duplicates across files; `None` otherwise, and for a file read from a copy
    /// (line breaks inside segments) or one that changed while it was read.
    pub keys: Option<batch::FileKeys>,
    /// Where the file's interchanges are, read by the check: the human and concise
    /// reports cut the file into display lines with them
    /// ([`report::DisplayIndex::around_in`]) instead of reading its envelope again.
    /// `None` for a file read from a copy or one that changed while it was read.
    pub interchanges: Option<report::Interchanges>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The former name of [`check`].
#[doc(hidden)]
pub fn lint(source: &SourceFile, settings: &Settings) -> Report {
    check(source, settings)
}

/// Checks one file with the given settings: every enabled rule, every interchange.
///
/// Never panics on any input and never stops at the first problem: a file that is empty,
/// binary, UTF-16 or not an 837P gets a diagnostic saying so. With the `parallel`
/// feature, the transaction sets of a large file are checked on all cores; the result is
/// the same, in the same order, whatever the number of threads.
///
/// Findings are capped per rule: [`Settings::max_findings_per_rule`] per transaction set,
/// [`Settings::max_findings_per_rule_per_file`] per file, each cap followed by one
/// summary finding with the count of the rest.
///
/// A file with blanks before segment IDs or line breaks inside segments is read from a copy
/// with them taken out; each is reported once (X030, X031) and every span still points
/// into the original bytes.
pub fn check(source: &SourceFile, settings: &Settings) -> Report {
    check_with_progress(source, settings, &|_| {})
}

/// [`check`], telling `on_progress` how far it got: it is called with a number of bytes
/// each time a transaction set (or the rest of the file) is done, from whichever thread
/// checked it, and the numbers add up to the length of the file. A progress bar for a
/// large file adds them up; the library itself prints nothing.
pub fn check_with_progress(
    source: &SourceFile,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
) -> Report {
    check_source(source, settings, on_progress, false, None)
}

/// [`check_with_progress`], keeping the keys of the file's interchanges and claims in
/// [`Report::keys`] (what X050 and S120 compare), gathered while the file is checked.
pub fn check_keeping_keys(
    source: &SourceFile,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
) -> Report {
    check_source(source, settings, on_progress, true, None)
}

/// [`check_keeping_keys`] for a run that compares the claims of its files under `run`'s
/// key: S120 fingerprints each claim under it ([`batch::RunKey::claim`]), and the
/// keys kept hold those fingerprints
/// ([`batch::FileKeys::each_claim_fingerprinted`]), so the run does not hash each claim
/// again.
pub fn check_keeping_run_keys(
    source: &SourceFile,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    run: &batch::RunKey,
) -> Report {
    check_source(source, settings, on_progress, true, Some(run))
}

fn check_source(
    source: &SourceFile,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    keep_keys: bool,
    run: Option<&batch::RunKey>,
) -> Report {
    if let Some(change) = source.change() {
        return changed(source, settings, change, on_progress);
    }
    let report = check_unchanged(source, settings, on_progress, keep_keys, run);
    // A mapped file is read while it is checked: it may have changed meanwhile (its
    // progress is reported already).
    match source.change() {
        None => report,
        Some(change) => changed(source, settings, change, &|_| {}),
    }
}

/// The report of a file that changed while it was read: one X040.
fn changed(
    source: &SourceFile,
    settings: &Settings,
    change: Change,
    on_progress: &(dyn Fn(u64) + Sync),
) -> Report {
    let original = source.bytes();
    // The bytes read are neither the old file nor the new one: one finding, no more.
    let mut checker = rules::Checker::new(settings, original);
    if checker.enabled(Rule::ChangedWhileRead) {
        rules::x::x040_changed_while_read::report(&mut checker, change);
    }
    on_progress(original.len() as u64);
    Report {
        diagnostics: checker.into_diagnostics(),
        stats: Stats {
            bytes: original.len() as u64,
            ..Stats::default()
        },
        timings: Timings::default(),
        keys: None,
        interchanges: None,
    }
}

fn check_unchanged(
    source: &SourceFile,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    keep_keys: bool,
    run: Option<&batch::RunKey>,
) -> Report {
    let original = source.bytes();
    let total = original.len() as u64;
    // The bytes of sets not checked count as done too.
    let done = |(report, reported): (Report, u64)| {
        on_progress(total.saturating_sub(reported));
        report
    };
    let as_is = || {
        done(engine::check_bytes(
            original,
            settings,
            on_progress,
            keep_keys,
            run,
        ))
    };
    // Whether the file needs unwrapping is asked of the envelope pass, which reads it
    // anyway: nearly every file does not, and is checked as it is.
    let Some(probe) = x12::unwrap::Probe::of(original) else {
        return as_is();
    };
    let checked =
        engine::check_unless_wrapped(original, &probe, settings, on_progress, keep_keys, run);
    if let Some(checked) = checked {
        return done(checked);
    }
    let Some(unwrapped) = x12::unwrap::unwrap(original, &probe) else {
        return as_is();
    };
    // The keys of the copy are not the file's: they are read from the file when needed.
    let mut report = done(engine::check_bytes(
        &unwrapped.bytes,
        settings,
        on_progress,
        false,
        None,
    ));
    report.stats.bytes = original.len() as u64;
    // The copy's interchanges are not where the file's are.
    report.interchanges = None;
    for d in &mut report.diagnostics {
        // Spans, quotes and claim keys alike point into the original file.
        d.map_spans(|s| unwrapped.original_span(s));
    }
    let mut checker = rules::Checker::new(settings, original);
    if let Some(found) = &unwrapped.padding
        && checker.enabled(Rule::WhitespaceBeforeSegment)
    {
        rules::x::x030_whitespace_before_segment::report(&mut checker, found);
    }
    if let Some(found) = &unwrapped.breaks
        && checker.enabled(Rule::LineBreakInsideSegment)
    {
        rules::x::x031_line_break_inside_segment::report(&mut checker, found);
    }
    report.diagnostics.extend(checker.into_diagnostics());
    sort(&mut report.diagnostics);
    report
}

pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
}
