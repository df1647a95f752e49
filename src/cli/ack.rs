//! `claimlint ack`: the acknowledgments a receiver would send back for each input, the 999
//! or the 277CA, on standard output or one file per input (`--ack-dir`).
//!
//! The answer depends on the input and the code tables only: the findings come from every
//! rule at its default severity, whatever `claimlint.toml` selects, ignores or re-grades,
//! so `ack` and `check --format 999` write the same bytes (apart from date and time).

use super::args::{AckArgs, AckFormat};
use super::config::{Overrides, Resolver};
use super::inputs::{self, Input, ReadOptions};
use super::{ExitStatus, write_stdout};
use claimlint::report::ack::{self, AckOptions, Acknowledgment, ControlNumbers};
use claimlint::report::claim_ack;
use claimlint::{Settings, lint};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Which acknowledgment to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ack999,
    Ack277,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Ack999 => "999",
            Kind::Ack277 => "277",
        }
    }
}

/// Lints one input with the acknowledgment settings and builds its acknowledgment.
pub(crate) fn build(
    source: &claimlint::SourceFile,
    settings: &Settings,
    kind: Kind,
    redaction: Option<&claimlint::redact::Redaction>,
    options: &AckOptions,
) -> Option<Acknowledgment> {
    let report = lint(source, &ack::settings(settings));
    let bytes = source.bytes();
    match kind {
        Kind::Ack999 => {
            let view = claimlint::redact::View::new(bytes, redaction);
            ack::render(&view, &report.diagnostics, options)
        }
        Kind::Ack277 => claim_ack::render(bytes, &report.diagnostics, options),
    }
}

/// What became of one input.
enum Built {
    Ack(Option<Acknowledgment>),
    Unreadable(String),
    /// The file changed while it was read.
    Changed,
}

pub fn run(args: &AckArgs) -> ExitStatus {
    let kind = match args.format {
        AckFormat::Ack999 => Kind::Ack999,
        AckFormat::Claim277 => Kind::Ack277,
    };
    let overrides = Overrides {
        code_sets: args.code_sets.clone(),
        ..Overrides::default()
    };
    let mut resolver = match Resolver::new(overrides) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    // The configuration's `exclude` patterns leave paths out of folder walks, as in `check`.
    let exclude = match resolver
        .for_dir(None)
        .and_then(|r| inputs::Exclude::new(&r.exclude))
    {
        Ok(e) => e,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    // Entries a folder walk skips (hidden, not X12) are not inputs to answer.
    let inputs: Vec<Input> = inputs::collect(&args.paths, &exclude)
        .into_iter()
        .filter(|i| !matches!(i, Input::Skipped(..)))
        .collect();
    let mut settings = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let dir = input.path().and_then(Path::parent);
        match resolver.for_dir(dir) {
            Ok(r) => settings.push(r),
            Err(e) => {
                eprintln!("claimlint: {e}");
                return ExitStatus::Error;
            }
        }
    }
    if let Some(dir) = &args.ack_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("claimlint: {}: cannot create: {e}", dir.display());
        return ExitStatus::Error;
    }
    let options = options(args.redact);
    let redaction = args.redact.then(|| super::config::redaction(None));
    let built: Vec<Built> = inputs
        .par_iter()
        .zip(&settings)
        .map(
            |(input, resolved)| match input.open(ReadOptions::default()) {
                Err(e) => Built::Unreadable(e),
                // The bytes read are not the file: no acknowledgment is made of them.
                Ok(source) if source.change().is_some() => Built::Changed,
                Ok(source) => Built::Ack(build(
                    &source,
                    &resolved.settings,
                    kind,
                    redaction.as_ref(),
                    &options,
                )),
            },
        )
        .collect();

    let Some(mut numbers) = ControlNumbers::starting_at(args.control_number) else {
        eprintln!("claimlint: --control-number must be 1–999999999");
        return ExitStatus::Error;
    };
    let mut status = ExitStatus::Success;
    let mut written: HashSet<PathBuf> = HashSet::new();
    let input_paths: HashSet<PathBuf> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(canonical(p)),
            _ => None,
        })
        .collect();
    for (input, result) in inputs.iter().zip(built) {
        let name = input.name();
        let ack = match result {
            Built::Ack(Some(ack)) => ack,
            Built::Changed => {
                eprintln!("claimlint: {name}: no acknowledgment: it changed while it was read");
                status = status.max(ExitStatus::Failure);
                continue;
            }
            Built::Ack(None) => {
                let what = match kind {
                    Kind::Ack999 => "no interchange to acknowledge",
                    Kind::Ack277 => "no claim in a transaction set the 999 accepts",
                };
                eprintln!("claimlint: {name}: {what} (run `claimlint check` for the reason)");
                status = status.max(ExitStatus::Failure);
                continue;
            }
            Built::Unreadable(e) => {
                eprintln!("claimlint: {name}: cannot read: {e}");
                status = ExitStatus::Error;
                continue;
            }
        };
        let text = ack.write(&mut numbers);
        let s = &ack.summary;
        let (unit, verdict) = match kind {
            Kind::Ack999 => ("transaction sets", s.rejected == 0),
            Kind::Ack277 => ("claims", s.rejected == 0),
        };
        eprintln!(
            "claimlint: {name}: {}: {} of {} {unit} accepted",
            if verdict { "accepted" } else { "rejected" },
            s.accepted,
            s.transactions
        );
        if !verdict {
            status = status.max(ExitStatus::Failure);
        }
        match &args.ack_dir {
            None => {
                let written = write_stdout(&text);
                if !written.is_ok() {
                    return written.status(status);
                }
            }
            Some(dir) => {
                let path = output_path(dir, input, kind, &input_paths, &written);
                match std::fs::write(&path, &text) {
                    Ok(()) => {
                        written.insert(canonical(&path));
                    }
                    Err(e) => {
                        eprintln!("claimlint: {}: cannot write: {e}", path.display());
                        status = ExitStatus::Error;
                    }
                }
            }
        }
    }
    status
}

/// `DIR/NAME.999` (or `.277`) for an input `…/NAME.x12`; a second input of the same name,
/// or a name that is one of the inputs, gets `NAME-2.999` and so on: an input is never
/// overwritten and no acknowledgment of this run replaces another.
fn output_path(
    dir: &Path,
    input: &Input,
    kind: Kind,
    inputs: &HashSet<PathBuf>,
    written: &HashSet<PathBuf>,
) -> PathBuf {
    let stem = match input {
        Input::Stdin => "stdin".into(),
        _ => input
            .path()
            .and_then(Path::file_stem)
            .map_or_else(|| "input".into(), |s| s.to_string_lossy().into_owned()),
    };
    let ext = kind.extension();
    (1..)
        .map(|n| {
            if n == 1 {
                dir.join(format!("{stem}.{ext}"))
            } else {
                dir.join(format!("{stem}-{n}.{ext}"))
            }
        })
        .find(|p| {
            let c = canonical(p);
            !inputs.contains(&c) && !written.contains(&c)
        })
        .unwrap_or_else(|| dir.join(format!("{stem}.{ext}")))
}

/// The absolute form of a path that may not exist yet (its directory's canonical form).
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| p.to_path_buf(), |d| d.join(name)),
        _ => p.to_path_buf(),
    }
}

/// The acknowledgment's envelope values: the current UTC date and time.
pub(crate) fn options(redact: bool) -> AckOptions {
    let (date, time) = utc_now();
    AckOptions {
        control_number: 1,
        date,
        time,
        redact,
    }
}

/// The current UTC date (`CCYYMMDD`) and time (`HHMM`).
pub(crate) fn utc_now() -> (String, String) {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc(seconds)
}

/// `CCYYMMDD` and `HHMM` of a Unix time, in UTC (civil-from-days, proleptic Gregorian).
fn utc(seconds: u64) -> (String, String) {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        format!("{year:04}{month:02}{day:02}"),
        format!("{:02}{:02}", rest / 3_600, rest % 3_600 / 60),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), ("19700101".into(), "0000".into()));
        assert_eq!(
            super::utc(951_782_400 + 3_660),
            ("20000229".into(), "0101".into())
        );
        assert_eq!(
            super::utc(1_795_000_000),
            ("20261118".into(), "1106".into())
        );
    }
}
