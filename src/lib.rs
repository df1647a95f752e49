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
//! (rayon); `mmap` adds [`SourceFile::map`]; `synth` adds the synthetic 837P
//! generator ([`synth`], for benchmarks and tests); `cli` (the default) builds the
//! `claimlint` binary and turns on all three.
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
pub mod diagnostic;
pub mod grammar;
pub mod redact;
pub mod report;
mod rule;
pub mod rules;
pub mod settings;
pub mod source;
#[cfg(feature = "synth")]
pub mod synth;
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
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Files smaller than this are checked on one thread: splitting them costs more than it
/// saves.
#[cfg(feature = "parallel")]
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// What checking one transaction set produced.
struct SetResult {
    diagnostics: Vec<Diagnostic>,
    capped: Vec<rules::cap::Capped>,
    claims: u64,
    service_lines: u64,
    /// The claim keys of an 837 set, when they are gathered.
    claim_keys: Option<(batch::SetStart, Vec<batch::ClaimAt>)>,
    model: std::time::Duration,
    rules: std::time::Duration,
}

/// Transaction sets checked at a time on all cores before their findings are merged, so a
/// file of a million sets never holds the findings of all of them at once.
#[cfg(feature = "parallel")]
const SETS_PER_BATCH: usize = 256;

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
    check_source(source, settings, on_progress, false)
}

/// [`check_with_progress`], keeping the keys of the file's interchanges and claims in
/// [`Report::keys`] (what X050 and S120 compare), gathered while the file is checked.
pub fn check_keeping_keys(
    source: &SourceFile,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
) -> Report {
    check_source(source, settings, on_progress, true)
}

fn check_source(
    source: &SourceFile,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    keep_keys: bool,
) -> Report {
    let original = source.bytes();
    let total = original.len() as u64;
    if let Some(change) = source.change() {
        // The bytes read are neither the old file nor the new one: one finding, no more.
        let mut checker = rules::Checker::new(settings, original);
        if checker.enabled(Rule::ChangedWhileRead) {
            rules::x::x040_changed_while_read::report(&mut checker, change);
        }
        on_progress(total);
        return Report {
            diagnostics: checker.into_diagnostics(),
            stats: Stats {
                bytes: original.len() as u64,
                ..Stats::default()
            },
            timings: Timings::default(),
            keys: None,
        };
    }
    let Some(unwrapped) = x12::unwrap::prepare(original) else {
        let (report, reported) = check_bytes(original, settings, on_progress, keep_keys);
        on_progress(total.saturating_sub(reported));
        return report;
    };
    // The keys of the copy are not the file's: they are read from the file when needed.
    let (mut report, reported) = check_bytes(&unwrapped.bytes, settings, on_progress, false);
    on_progress(total.saturating_sub(reported));
    report.stats.bytes = original.len() as u64;
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

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
}

/// [`check`] on bytes whose segments are laid end to end; also returns the bytes it
/// reported to `on_progress` (the transaction sets it checked).
fn check_bytes(
    bytes: &[u8],
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    keep_keys: bool,
) -> (Report, u64) {
    let started = std::time::Instant::now();
    let file_cap = settings.max_findings_per_rule_per_file();
    let doc = x12::parse(bytes);
    let mut checker = rules::Checker::new(settings, bytes).with_cap(file_cap);
    let is_837p = rules::x::check(&mut checker, &doc);
    let duplicates = batch::check_interchanges(&mut checker, &doc);
    // The claim keys (S120) are read from each set's model as it is checked.
    let gather_keys = keep_keys || checker.enabled(Rule::DuplicateClaim);
    let mut timings = Timings {
        envelope: started.elapsed(),
        ..Timings::default()
    };

    let mut stats = Stats {
        bytes: bytes.len() as u64,
        segments: doc.segment_count as u64,
        interchanges: doc.interchanges.len() as u64,
        ..Stats::default()
    };
    let mut sets = Vec::new();
    for ic in &doc.interchanges {
        stats.groups += ic.groups.len() as u64;
        for g in &ic.groups {
            stats.transactions += g.transactions.len() as u64;
            sets.extend(g.transactions.iter().map(|t| (ic, g, t)));
        }
    }
    // Sets of another kind were reported once by the envelope rules.
    let mut flags = is_837p.iter();
    sets.retain(|_| flags.next().copied().unwrap_or(false));
    // A set too large to model within the memory bound gets X041 instead of its checks.
    let limit = settings.max_set_bytes();
    sets.retain(|(ic, g, set)| {
        let size = set.end.saturating_sub(set.st.start);
        if size <= limit {
            return true;
        }
        if checker.enabled(Rule::TransactionSetTooLarge) {
            checker.enter_interchange(ic.isa.value(13));
            checker.enter_group(g.gs.value(6));
            checker.enter_transaction(&set.st);
            rules::x::x041_transaction_set_too_large::report(&mut checker, &set.st, size, limit);
        }
        false
    });
    let set_size = |set: &x12::TransactionSet<'_>| set.end.saturating_sub(set.st.start) as u64;
    let reported = sets.iter().map(|(_, _, set)| set_size(set)).sum();

    let check_set = |&(ic, g, set): &(
        &x12::Interchange<'_>,
        &x12::Group<'_>,
        &x12::TransactionSet<'_>,
    )| {
        let started = std::time::Instant::now();
        let mut checker = rules::Checker::new(settings, bytes);
        checker.enter_interchange(ic.isa.value(13));
        checker.enter_group(g.gs.value(6));
        checker.enter_transaction(&set.st);
        // Composites written with another separator than ISA16 are reported once and
        // read with the one they use, so their values are still checked.
        let mut set = *set;
        if let Some((separator, segment, element)) =
            rules::x::x032_component_separator_mismatch::detect(bytes, &set)
        {
            if checker.enabled(Rule::ComponentSeparatorMismatch) {
                rules::x::x032_component_separator_mismatch::report(
                    &mut checker,
                    &segment,
                    element,
                    separator,
                );
            }
            set.st.delimiters.component = separator;
        }
        let t = claim::Transaction::build(bytes, &set);
        let built = std::time::Instant::now();
        rules::check_transaction(&mut checker, &t);
        let claim_keys = (gather_keys && set.st.value(1) == b"837").then(|| {
            let mut scan = batch::ClaimScan::default();
            t.segments.iter().for_each(|s| scan.segment(s));
            (batch::SetStart::of(&set.st), scan.finish())
        });
        let (mut diagnostics, mut capped) = checker.into_parts();
        name_claims(&mut diagnostics, &t);
        for c in &mut capped {
            name_claims(std::slice::from_mut(&mut c.first), &t);
        }
        on_progress(set_size(&set));
        SetResult {
            diagnostics,
            capped,
            claims: t.claims.len() as u64,
            service_lines: t.service_line_count() as u64,
            claim_keys,
            model: built - started,
            rules: built.elapsed(),
        }
    };

    let (mut diagnostics, envelope_capped) = checker.into_parts();
    // A duplicate interchange (X050) is also a reused ISA13 (X027): one finding, the
    // precise one.
    diagnostics.retain(|d| {
        d.rule != Rule::DuplicateInterchangeControlNumber
            || !duplicates.isa13.contains(&d.span.start)
    });
    // The envelope's findings count against the file's cap first; the sets' are merged in
    // file order, so the same findings are kept whatever the number of threads.
    let mut cap = rules::cap::Cap::new(file_cap);
    for d in &diagnostics {
        cap.admit(d.rule);
    }
    for c in &envelope_capped {
        cap.leave_out(&c.first, c.more);
    }
    let set_cap = settings.max_findings_per_rule();
    let mut scanned = Vec::new();
    let mut merge = |r: SetResult, stats: &mut Stats, timings: &mut Timings| {
        scanned.extend(r.claim_keys);
        stats.claims += r.claims;
        stats.service_lines += r.service_lines;
        timings.model += r.model;
        timings.rules += r.rules;
        for d in r.diagnostics {
            if cap.admit(d.rule) {
                diagnostics.push(d);
            } else {
                cap.leave_out_one(&d);
            }
        }
        for c in r.capped {
            if cap.admit(c.first.rule) {
                diagnostics.push(c.summary("transaction set", set_cap));
            } else {
                cap.leave_out(&c.first, c.more);
            }
        }
    };
    #[cfg(feature = "parallel")]
    if sets.len() > 1 && bytes.len() >= PARALLEL_MIN_BYTES {
        use rayon::prelude::*;
        for batch in sets.chunks(SETS_PER_BATCH) {
            let results: Vec<SetResult> = batch.par_iter().map(check_set).collect();
            for r in results {
                merge(r, &mut stats, &mut timings);
            }
        }
    } else {
        for set in &sets {
            merge(check_set(set), &mut stats, &mut timings);
        }
    }
    #[cfg(not(feature = "parallel"))]
    for set in &sets {
        merge(check_set(set), &mut stats, &mut timings);
    }
    let keys = gather_keys.then(|| {
        let started = std::time::Instant::now();
        let keys = batch::FileKeys::gather(&doc, scanned);
        let mut checker = rules::Checker::new(settings, bytes).with_cap(file_cap);
        batch::check_claims(&mut checker, bytes, &keys, &duplicates.duplicate);
        // Counted against the file's cap as the envelope's findings are.
        let (found, capped) = checker.into_parts();
        for d in found {
            cap.admit(d.rule);
            diagnostics.push(d);
        }
        for c in &capped {
            cap.leave_out(&c.first, c.more);
        }
        timings.envelope += started.elapsed();
        keys
    });
    diagnostics.extend(
        cap.into_capped()
            .iter()
            .map(|c| c.summary("file", file_cap)),
    );
    sort(&mut diagnostics);
    (
        Report {
            diagnostics,
            stats,
            timings,
            keys: keys.filter(|_| keep_keys),
        },
        reported,
    )
}

/// Gives every finding inside a claim the claim's keys: where its CLM01, payer ID and
/// billing NPI are, and its ordinal among the set's claims.
fn name_claims(diagnostics: &mut [Diagnostic], t: &claim::Transaction<'_>) {
    for d in diagnostics {
        let Some(claim) = d
            .location
            .claim
            .and_then(|o| t.claims.get(o.checked_sub(1)?))
        else {
            continue;
        };
        d.location.claim_keys = Some(redact::ClaimKeys {
            ordinal: claim.ordinal,
            of: t.claims.len(),
            clm01: claim.clm.element(1).map(|e| e.span()),
            payer: claim.payer_id,
            billing_npi: claim.billing_id,
        });
    }
}
