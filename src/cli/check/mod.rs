//! `claimlint check`: lint every input in parallel, write each one's report in input order
//! as soon as it is its turn, set the exit code.

mod emit;
mod one;
mod summary;

use super::ExitStatus;
use super::args::{CheckArgs, Format};
use super::config::{Overrides, Resolved, Resolver};
use super::inputs::{self, Input, ReadOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use one::{How, Outcome};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    let how = How {
        format: args.format,
        color: args.format == Format::Human
            && !args.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal(),
        redact: args.redact,
        read: ReadOptions { mmap: args.mmap },
    };

    let inputs = inputs::collect(&args.paths);
    // Every input's configuration is read before anything is checked: a broken one stops
    // the run with its error instead of a report that mixes settings.
    let resolved = match resolve_all(&mut resolver, &inputs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    // `--control-number` was checked when the arguments were read.
    let Some(numbers) = claimlint::report::ack::ControlNumbers::starting_at(args.control_number)
    else {
        return ExitStatus::Error;
    };
    let mut emitter = emit::Emitter::new(args.format, numbers);
    let mut totals = check_all(&inputs, &resolved, &resolver, &how, &mut emitter);
    totals.summary.elapsed_ms = started.elapsed().as_millis() as u64;
    if args.stats {
        eprint!(
            "{}",
            summary::stats_table(&totals.phases, &totals.summary, started.elapsed())
        );
    }
    let footer = (!args.quiet)
        .then(|| totals.footer(started.elapsed().as_secs_f64(), &code_sets_lines(&resolved)));
    let status = totals.status();
    emitter
        .finish(std::mem::take(&mut totals.summary), footer)
        .status(status)
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
) -> Totals {
    let progress = progress_bar(inputs);
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let mut totals = Totals::default();
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Outcome)>();
    // The bar moves as each transaction set is done, so one large file shows progress
    // too, not only a batch of files.
    let on_progress = |bytes: u64| {
        if let Some(bar) = &progress {
            bar.inc(bytes);
        }
    };
    std::thread::scope(|scope| {
        let (progress, done, stop) = (&progress, &done, &stop);
        let on_progress = &on_progress;
        scope.spawn(move || {
            inputs.par_iter().zip(resolved).enumerate().for_each_with(
                tx,
                |tx, (i, (input, resolved))| {
                    let outcome = match resolved {
                        _ if stop.load(Ordering::Relaxed) => {
                            Outcome::unchecked(input.name(), one::Status::Checked, how)
                        }
                        Some(r) => one::guarded(input, &r.settings, how, on_progress)
                            .with_config(r.config.as_deref().map(|p| resolver.show(p)), r.fail_on),
                        None => {
                            one::guarded(input, &claimlint::Settings::default(), how, on_progress)
                        }
                    };
                    if let Some(bar) = progress {
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        bar.set_message(format!("{n}/{} files", inputs.len()));
                    }
                    // The receiver only goes away after every sender.
                    let _ = tx.send((i, outcome));
                },
            );
        });
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (i, outcome) in rx {
            pending.insert(i, outcome);
            while let Some(outcome) = pending.remove(&next) {
                next += 1;
                if emitter.stopped() {
                    continue;
                }
                totals.add(&outcome);
                emitter.file(outcome);
                if emitter.stopped() {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    totals
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
