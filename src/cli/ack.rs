//! `claimlint ack FILE`: the 999 implementation acknowledgment a receiver would send back.

use super::args::AckArgs;
use super::inputs::Input;
use super::{ExitStatus, write_stdout};
use claimlint::report::ack::{self, AckOptions};
use claimlint::{Settings, lint};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn run(args: &AckArgs) -> ExitStatus {
    let input = Input::single(&args.file);
    let source = match input.open(Default::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("claimlint: {}: cannot read: {e}", input.name());
            return ExitStatus::Error;
        }
    };
    let report = lint(&source, &Settings::default());
    let options = options(args.control_number);
    let redaction = args.redact.then(|| super::config::redaction(None));
    let view = claimlint::redact::View::new(source.bytes(), redaction.as_ref());
    match ack::render(&view, &report.diagnostics, &options) {
        Some((text, summary)) => {
            let written = write_stdout(&text);
            let verdict = if summary.rejected == 0 {
                "accepted"
            } else {
                "rejected"
            };
            eprintln!(
                "claimlint: {}: {verdict}: {} of {} transaction sets accepted",
                input.name(),
                summary.accepted,
                summary.transactions
            );
            written.status(if summary.rejected == 0 {
                ExitStatus::Success
            } else {
                ExitStatus::Failure
            })
        }
        None => {
            eprintln!(
                "claimlint: {}: no interchange to acknowledge (run `claimlint check` for the reason)",
                input.name()
            );
            ExitStatus::Failure
        }
    }
}

/// The 999's own envelope values: its control number and the current UTC date and time.
pub(crate) fn options(control_number: u32) -> AckOptions {
    let (date, time) = utc_now();
    AckOptions {
        control_number,
        date,
        time,
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
