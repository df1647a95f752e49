//! The acknowledgments: a golden 999 for a broken file, acceptance of a clean one, the 277CA
//! answering claim by claim, and every 999 and 277CA claimlint writes for the samples
//! keeps the structural rules of its guide (X231A1, X214) that the CI also checks with an
//! independent validator (pyx12), so `cargo test` alone catches a regression.
//!
//! The tests are modules of this one binary: `answers` (what claimlint answers to chosen
//! samples), `well_formed` (every sample's 999 and 277CA against the guides' structure)
//! and `command_line` (`claimlint ack` and `check --format 999`/`277ca`).

mod answers;
mod command_line;
mod well_formed;

use claimlint::redact::{Redaction, View};
use claimlint::report::ack::{self, AckOptions};
use claimlint::report::claim_ack;
use claimlint::{Settings, SourceFile, lint};

fn options() -> AckOptions {
    AckOptions {
        control_number: 7,
        date: "20240116".into(),
        time: "0800".into(),
    }
}

fn read(path: &str) -> SourceFile {
    let bytes = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    SourceFile::new(path, bytes)
}

fn acknowledge(path: &str) -> (String, ack::AckSummary) {
    let source = read(path);
    let report = lint(&source, &Settings::default());
    ack::render_numbered(
        &claimlint::redact::View::plain(source.bytes()),
        &report.diagnostics,
        &options(),
    )
    .unwrap()
}

fn claim_acknowledge(path: &str, options: &AckOptions) -> Option<(String, ack::AckSummary)> {
    claim_acknowledge_as(path, options, None)
}

/// The 277CA of `path`, redacted when `redaction` is given.
fn claim_acknowledge_as(
    path: &str,
    options: &AckOptions,
    redaction: Option<&Redaction>,
) -> Option<(String, ack::AckSummary)> {
    let source = read(path);
    let report = lint(&source, &Settings::default());
    let view = View::new(source.bytes(), redaction);
    let built = claim_ack::render(&view, &report.diagnostics, options)?;
    let mut numbers = ack::ControlNumbers::starting_at(1).unwrap();
    Some((built.write(&mut numbers), built.summary))
}
