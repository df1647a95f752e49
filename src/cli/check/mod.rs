//! `claimlint check`: lint every input in parallel, write each one's report in input order
//! as soon as it is its turn, set the exit code.

mod cross;
mod emit;
mod one;
mod summary;

pub use cross::{ByPrefix, First, Hash, Ledger};

use super::ExitStatus;
use super::args::{CheckArgs, Format};
use super::config::{Overrides, Resolved, Resolver};
use super::inputs::{self, Input, ReadOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use one::{How, Outcome};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use summary::Totals;

pub fn run(args: &CheckArgs) -> ExitStatus {
    let started = Instant::now();
    let overrides = Overrides {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on,
        profile: args.profile,
        code_sets: args.code_sets.clone(),
        discovery: args.code_sets.discovery(),
        max_findings_per_rule: Some(args.max_findings_per_rule),
        max_set_bytes: Some(args.max_set_mb.saturating_mul(1_000_000)),
        max_claims_per_set: args.max_claims_per_set,
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
    let seen = match &args.seen {
        Some(path) => match super::seen::Seen::open(path) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("claimlint: --seen {e}");
                return ExitStatus::Error;
            }
        },
        None => None,
    };
    // The keys the `--seen` state records are the same from run to run; a run that
    // records none compares its keys within the run only, under keys of its own.
    let keyed = match &seen {
        Some(s) => cross::Keyed::new(&s.key),
        None => cross::Keyed::for_run(),
    };
    let to_terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let mut how = How {
        format: args.format,
        color: args.format == Format::Human
            && super::color_wanted(args.color, args.no_color, to_terminal),
        read: ReadOptions {
            mapping: inputs::Mapping::of(args.mmap, args.no_mmap),
        },
        cross: false,
        claim_rows: args.claim_report.is_some(),
        keyed,
        width: super::width(to_terminal),
    };

    let exclude = match resolver.for_dir(None).and_then(|r| {
        let mut patterns = args.exclude.clone();
        patterns.extend(r.exclude.iter().cloned());
        inputs::Exclude::new(&patterns)
    }) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    let inputs = inputs::collect(&args.paths, &exclude);
    // Every input's configuration is read before anything is checked: a broken one stops
    // the run with its error instead of a report that mixes settings.
    let resolved = match resolve_all(&mut resolver, &inputs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    // Duplicates across files need another file, or the `--seen` state, to be compared
    // with: a single input's own duplicates are its lint's.
    let several = inputs
        .iter()
        .filter(|i| !matches!(i, Input::Skipped(..)))
        .nth(1)
        .is_some();
    how.cross = seen.is_some()
        || several
            && resolved.iter().flatten().any(|r| {
                r.settings.is_enabled(claimlint::Rule::DuplicateInterchange)
                    || r.settings.is_enabled(claimlint::Rule::DuplicateClaim)
            });
    // `--control-number` was checked when the arguments were read.
    let Some(numbers) = claimlint::report::ack::ControlNumbers::starting_at(args.control_number)
    else {
        return ExitStatus::Error;
    };
    let mut emitter = match emit::Emitter::new(args.format, numbers, args.output_file.as_deref()) {
        Ok(e) => e.statistics(args.statistics),
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    let mut run = Run {
        ledger: Ledger::default(),
        claim_report: args
            .claim_report
            .as_deref()
            .map(super::claim_report::Writer::create),
        recorded: Vec::new(),
        today: Arc::from(super::seen::today()),
        record: seen.is_some(),
    };
    if let Some(seen) = &seen {
        seen.fill(&mut run.ledger);
    }
    let mut totals = check_all(&inputs, &resolved, &resolver, &how, &mut emitter, &mut run);
    totals.summary.elapsed_ms = started.elapsed().as_millis() as u64;
    let mut failed_write = false;
    if let Some(path) = &args.claim_report
        && let Some(Err(e)) = run.claim_report.take().map(|w| w.finish())
    {
        eprintln!("claimlint: --claim-report {}: {e}", path.display());
        failed_write = true;
    }
    if let Some(seen) = seen
        && !emitter.stopped()
        && let Err(e) = seen.save(std::mem::take(&mut run.recorded))
    {
        eprintln!("claimlint: --seen: {e}");
        failed_write = true;
    }
    if args.stats {
        eprint!(
            "{}",
            summary::stats_table(&totals.phases, &totals.summary, started.elapsed())
        );
    }
    let footer = (!args.quiet)
        .then(|| totals.footer(started.elapsed().as_secs_f64(), &code_sets_lines(&resolved)));
    let status = if failed_write {
        ExitStatus::Error
    } else {
        totals.status()
    };
    let statistics = summary::statistics(&totals.summary);
    emitter
        .finish(std::mem::take(&mut totals.summary), footer, statistics)
        .status(status)
}

/// What the run keeps across files: the keys seen, the claim report being written, the
/// keys to record.
struct Run {
    ledger: Ledger,
    claim_report: Option<super::claim_report::Writer>,
    /// Keys of this run that passed, for `--seen`.
    recorded: Vec<(Hash, bool, First)>,
    today: Arc<str>,
    /// Whether the keys that passed are recorded (`--seen`).
    record: bool,
}

impl Run {
    /// The cross-file pass for one outcome, in input order (see [`cross`]), and its claim
    /// rows written.
    fn pass(&mut self, o: &mut Outcome, input: &Input, settings: Option<&Resolved>, how: &How) {
        self.cross_file(o, input, settings, how);
        if let Some(report) = &mut self.claim_report {
            report.write(&o.rows);
        }
        o.rows = Default::default();
    }

    fn cross_file(
        &mut self,
        o: &mut Outcome,
        input: &Input,
        settings: Option<&Resolved>,
        how: &How,
    ) {
        let Some(keys) = o.keys.take() else {
            return;
        };
        let found = self.ledger.enter(&o.name, &keys);
        if !found.is_empty()
            && let Some(resolved) = settings
        {
            let bytes = match o.stdin.take() {
                Some(source) => Ok(source),
                None => input.open(how.read),
            };
            let made = bytes.ok().and_then(|source| {
                let new = cross::diagnostics(
                    &how.keyed,
                    &resolved.settings,
                    source.bytes(),
                    &keys,
                    &found,
                )?;
                Some((source, new))
            });
            match made {
                Some((source, new)) => {
                    let settings = &resolved.settings;
                    for f in &found {
                        let (rule, hit): (claimlint::Rule, Box<dyn Fn(usize, usize) -> bool>) =
                            match f {
                                cross::Found::Claim(c, _) => (
                                    claimlint::Rule::DuplicateClaim,
                                    Box::new(move |n, _| n == *c),
                                ),
                                cross::Found::Interchange(i, _) => (
                                    claimlint::Rule::DuplicateInterchange,
                                    Box::new(move |_, ic| ic == *i),
                                ),
                            };
                        if !settings.is_enabled(rule) {
                            continue;
                        }
                        for (n, row) in o.rows.rows_mut().enumerate() {
                            if hit(n, row.interchange_index) {
                                super::claim_report::add(
                                    row,
                                    rule.meta().code,
                                    settings.severity(rule),
                                );
                            }
                        }
                    }
                    o.add_findings(source.bytes(), resolved.redaction.as_ref(), new, how);
                }
                None => eprintln!(
                    "claimlint: {}: changed since it was checked; its duplicates are not reported",
                    o.name
                ),
            }
        }
        if !self.record {
            o.diagnostics = Vec::new();
            return;
        }
        // Record what passed, for the next runs.
        let dup_ic: Vec<usize> = found
            .iter()
            .filter_map(|f| match f {
                cross::Found::Interchange(i, _) => Some(*i),
                _ => None,
            })
            .collect();
        let (file, today) = (Arc::<str>::from(o.name.as_str()), Arc::clone(&self.today));
        let first = |segment: usize| First {
            file: Arc::clone(&file),
            segment,
            day: Some(Arc::clone(&today)),
        };
        for (i, (hash, segment, errors)) in keys.interchanges.iter().enumerate() {
            if !errors && !dup_ic.contains(&i) {
                self.recorded.push((*hash, true, first(*segment)));
            }
        }
        for (hash, segment, ic, n, accepted) in &keys.claims {
            let dup = dup_ic.contains(ic)
                || found
                    .iter()
                    .any(|f| matches!(f, cross::Found::Claim(c, _) if c == n));
            if *accepted && !dup {
                self.recorded.push((*hash, false, first(*segment)));
            }
        }
        o.diagnostics = Vec::new();
    }
}

/// Every input's settings (none for an entry the walk skipped).
fn resolve_all(
    resolver: &mut Resolver,
    inputs: &[Input],
) -> Result<Vec<Option<Arc<Resolved>>>, String> {
    inputs
        .iter()
        .map(|input| match input {
            Input::Skipped(..) => Ok(None),
            _ => resolver
                .for_dir(input.path().and_then(std::path::Path::parent))
                .map(Some),
        })
        .collect()
}

/// Checks the inputs on all cores and hands each outcome to `emitter` in input order as
/// soon as the ones before it are done. When the output is gone, the inputs not yet
/// started are not checked.
fn check_all(
    inputs: &[Input],
    resolved: &[Option<Arc<Resolved>>],
    resolver: &Resolver,
    how: &How,
    emitter: &mut emit::Emitter,
    run: &mut Run,
) -> Totals {
    let progress = progress_bar(inputs);
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // The bar moves as each transaction set is done, so one large file shows progress
    // too, not only a batch of files.
    let on_progress = |bytes: u64| {
        if let Some(bar) = &progress {
            bar.inc(bytes);
        }
    };
    // The outcomes are handed on in input order by whichever worker finishes the one
    // that is next: no thread waits to be woken for each file (a batch of small files
    // spent about a tenth of its time switching to such a thread and back). See
    // [`HandOn`] for why the queue and the handing on have a lock each.
    let queue = Mutex::new(Queue {
        pending: BTreeMap::new(),
        next: 0,
    });
    let handing = Mutex::new(HandOn {
        emitter,
        run,
        totals: Totals::default(),
    });
    let check_one = |(i, (input, settings)): (usize, (&Input, &Option<Arc<Resolved>>))| {
        let outcome = match settings {
            _ if stop.load(Ordering::Relaxed) => {
                Outcome::unchecked(input.name(), one::Status::Checked, how)
            }
            Some(r) => one::guarded(input, &r.settings, r.redaction.as_ref(), how, &on_progress)
                .with_config(r.config.as_deref().map(|p| resolver.show(p)), r.fail_on),
            None => one::guarded(
                input,
                &claimlint::Settings::default(),
                None,
                how,
                &on_progress,
            ),
        };
        if let Some(bar) = &progress {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{n}/{} files", inputs.len()));
        }
        // Handing on cannot panic on an input (the check itself is guarded), so the
        // locks are not poisoned by one; if they were, what they hold is still whole.
        lock(&queue).pending.insert(i, outcome);
        HandOn::hand_on(&queue, &handing, inputs, resolved, how, &stop);
    };
    if inputs.len() > 1 {
        inputs
            .par_iter()
            .zip(resolved)
            .enumerate()
            .for_each(check_one);
    } else {
        // One input: its check uses all cores itself if it is large; a small one starts
        // no thread (starting two was a fifth of a 1 KB file's time: README, Performance).
        inputs.iter().zip(resolved).enumerate().for_each(check_one);
    }
    debug_assert!(lock(&queue).pending.is_empty(), "every outcome handed on");
    let state = handing.into_inner().unwrap_or_else(|e| e.into_inner());
    let totals = state.totals;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    totals
}

/// The outcomes waiting for the ones before them.
struct Queue {
    pending: BTreeMap<usize, Outcome>,
    /// The input whose outcome goes next.
    next: usize,
}

/// Where the outcomes go, in input order: the cross-file pass, the totals, the report.
///
/// One worker at a time hands on, holding this lock; the queue has a lock of its own,
/// held only to put an outcome in or take one out. Handing on may work on all cores (a
/// large file read again for its duplicates, its 277CA written in parts), and a worker
/// waiting for that work takes other work meanwhile, a file's check among it: when that
/// check ends, the worker finds the hand-on taken (by itself) and leaves its outcome in
/// the queue for the loop it is in. Waiting for the hand-on lock there, instead of trying
/// it, would wait for itself.
struct HandOn<'e> {
    emitter: &'e mut emit::Emitter,
    run: &'e mut Run,
    totals: Totals,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl HandOn<'_> {
    /// Hands on every outcome whose turn it is, unless another worker (or this one,
    /// further up its stack) is doing it; that one then hands on the outcome just queued.
    fn hand_on(
        queue: &Mutex<Queue>,
        handing: &Mutex<HandOn<'_>>,
        inputs: &[Input],
        resolved: &[Option<Arc<Resolved>>],
        how: &How,
        stop: &AtomicBool,
    ) {
        loop {
            let mut state = match handing.try_lock() {
                Ok(state) => state,
                Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => return,
            };
            loop {
                let next = {
                    let mut q = lock(queue);
                    let n = q.next;
                    q.pending.remove(&n).map(|o| {
                        q.next += 1;
                        (n, o)
                    })
                };
                let Some((n, mut outcome)) = next else {
                    break;
                };
                if state.emitter.stopped() {
                    continue;
                }
                state
                    .run
                    .pass(&mut outcome, &inputs[n], resolved[n].as_deref(), how);
                state.totals.add(&outcome);
                state.emitter.file(outcome);
                if state.emitter.stopped() {
                    stop.store(true, Ordering::Relaxed);
                }
            }
            drop(state);
            // An outcome queued while the hand-on was taken, by a worker that then left
            // it, is handed on here.
            let q = lock(queue);
            if !q.pending.contains_key(&q.next) {
                return;
            }
        }
    }
}

/// `HCPCS 2026-01, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02`, once for each different
/// set of tables the inputs were checked with.
fn code_sets_lines(resolved: &[Option<Arc<Resolved>>]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for r in resolved.iter().flatten() {
        let text = r.settings.code_sets().describe();
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    if seen.is_empty() {
        seen.push(claimlint::settings::embedded_releases());
    }
    seen
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
