//! `--claim-report FILE`: one row per claim, for a spreadsheet or a database: CSV, or
//! JSON Lines when the name ends in `.jsonl`.
//!
//! A claim is `rejected` when an error-severity finding lies inside it (CLM to the
//! segment before the next claim, HL or SE), or inside its interchange but outside every
//! claim (an envelope or header problem rejects all the claims under it); `codes` lists the
//! rules found there, each once, in code order.

use claimlint::batch::{ClaimKey, InterchangeKey};
use claimlint::redact::View;
use claimlint::{Diagnostic, Severity};
use std::collections::BTreeSet;
use std::path::Path;

/// One claim's row.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    pub file: String,
    pub interchange: String,
    pub transaction: String,
    /// 1-based ordinal of the claim in its transaction set.
    pub claim: usize,
    /// CLM01, or its pseudonym under `--redact`.
    pub claim_number: String,
    pub payer_id: String,
    pub billing_npi: String,
    pub total_charge: String,
    pub lines: usize,
    pub rejected: bool,
    pub codes: BTreeSet<&'static str>,
    /// Index of its interchange in the file.
    pub interchange_index: usize,
}

fn text(v: &[u8]) -> String {
    String::from_utf8_lossy(v.trim_ascii()).into_owned()
}

/// The rows of one file's claims, with the findings of the lint.
pub fn rows(
    file: &str,
    interchanges: &[InterchangeKey<'_>],
    claims: &[ClaimKey<'_>],
    diagnostics: &[Diagnostic],
    view: &View<'_>,
) -> Vec<ClaimRow> {
    let mut rows: Vec<ClaimRow> = claims
        .iter()
        .map(|c| ClaimRow {
            file: file.to_string(),
            interchange: text(c.interchange),
            transaction: text(c.transaction),
            claim: c.ordinal,
            // Under `--redact`, the view gives the pseudonym (or the mask) every other
            // output shows for this CLM01.
            claim_number: c
                .clm
                .element(1)
                .map(|e| view.value(e.span()).trim().to_string())
                .unwrap_or_default(),
            payer_id: text(c.payer_id),
            billing_npi: text(c.billing_npi),
            total_charge: text(c.total),
            lines: c.lines,
            rejected: false,
            codes: BTreeSet::new(),
            interchange_index: c.interchange_index,
        })
        .collect();
    let ranges: Vec<Range> = claims.iter().map(range).collect();
    each_finding(interchanges, &ranges, diagnostics, |n, d| {
        add(&mut rows[n], d.rule.meta().code, d.severity)
    });
    rows
}

/// Where a claim is: its first byte, the end of its last segment, its interchange's index.
pub type Range = (usize, usize, usize);

pub fn range(c: &ClaimKey<'_>) -> Range {
    (c.clm.start, c.end.max(c.clm.start + 1), c.interchange_index)
}

/// Calls `f` with (claim index, finding) for each finding that concerns a claim: inside
/// it, or inside its interchange and outside every claim.
pub fn each_finding(
    interchanges: &[InterchangeKey<'_>],
    claims: &[Range],
    diagnostics: &[Diagnostic],
    mut f: impl FnMut(usize, &Diagnostic),
) {
    for d in diagnostics {
        let at = d.span.start;
        // Claims are in file order and do not overlap.
        let i = claims.partition_point(|c| c.0 <= at);
        if i > 0 && at < claims[i - 1].1 {
            f(i - 1, d);
            continue;
        }
        if let Some(ic) = interchanges
            .iter()
            .position(|ic| ic.isa.start <= at && at < ic.end.max(ic.isa.start + 1))
        {
            for (n, c) in claims.iter().enumerate() {
                if c.2 == ic {
                    f(n, d);
                }
            }
        }
    }
}

/// Whether each claim is rejected: an error-severity finding concerns it.
pub fn rejected(
    interchanges: &[InterchangeKey<'_>],
    claims: &[Range],
    diagnostics: &[Diagnostic],
) -> Vec<bool> {
    let mut out = vec![false; claims.len()];
    each_finding(interchanges, claims, diagnostics, |n, d| {
        out[n] |= d.severity == Severity::Error
    });
    out
}

pub fn add(row: &mut ClaimRow, code: &'static str, severity: Severity) {
    row.codes.insert(code);
    row.rejected |= severity == Severity::Error;
}

const HEADER: [&str; 11] = [
    "file",
    "interchange",
    "transaction",
    "claim",
    "claim_number",
    "payer_id",
    "billing_npi",
    "total_charge",
    "lines",
    "status",
    "codes",
];

/// `--claim-report FILE` as the run writes it: each input's rows go to a temporary file
/// beside FILE when the input's turn comes (inputs in order), and the file takes FILE's
/// name when the run ends, so the run holds one input's rows at a time, not a night's.
/// JSON Lines when FILE ends in `.jsonl`, else CSV. The first error is kept and told at
/// the end; FILE is then left as it was.
pub struct Writer {
    out: std::io::Result<Open>,
}

struct Open {
    file: super::output::AtomicFile,
    rows: Rows,
}

enum Rows {
    Csv(Box<csv::Writer<std::io::BufWriter<std::fs::File>>>),
    Jsonl(std::io::BufWriter<std::fs::File>),
}

impl Writer {
    pub fn create(path: &Path) -> Writer {
        let jsonl = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
        let out = super::output::AtomicFile::create(path).and_then(|mut file| {
            let w = std::io::BufWriter::new(file.file().try_clone()?);
            let rows = if jsonl {
                Rows::Jsonl(w)
            } else {
                let mut w = csv::Writer::from_writer(w);
                w.write_record(HEADER)?;
                Rows::Csv(Box::new(w))
            };
            Ok(Open { file, rows })
        });
        Writer { out }
    }

    /// Writes the rows of the next input.
    pub fn write(&mut self, rows: &[ClaimRow]) {
        let Ok(open) = &mut self.out else {
            return;
        };
        if let Err(e) = write_rows(&mut open.rows, rows) {
            self.out = Err(e);
        }
    }

    /// Flushes the rows to disk and renames the file over FILE.
    pub fn finish(self) -> std::io::Result<()> {
        let Open { file, rows } = self.out?;
        match rows {
            Rows::Csv(mut w) => w.flush()?,
            Rows::Jsonl(mut w) => std::io::Write::flush(&mut w)?,
        }
        file.commit()
    }
}

fn write_rows(out: &mut Rows, rows: &[ClaimRow]) -> std::io::Result<()> {
    match out {
        Rows::Jsonl(w) => {
            for r in rows {
                let value = serde_json::json!({
                    "file": r.file,
                    "interchange": r.interchange,
                    "transaction": r.transaction,
                    "claim": r.claim,
                    "claim_number": r.claim_number,
                    "payer_id": r.payer_id,
                    "billing_npi": r.billing_npi,
                    "total_charge": r.total_charge,
                    "lines": r.lines,
                    "status": status(r),
                    "codes": r.codes,
                });
                serde_json::to_writer(&mut *w, &value)?;
                std::io::Write::write_all(w, b"\n")?;
            }
        }
        Rows::Csv(w) => {
            for r in rows {
                let codes: Vec<&str> = r.codes.iter().copied().collect();
                w.write_record([
                    r.file.as_str(),
                    &r.interchange,
                    &r.transaction,
                    &r.claim.to_string(),
                    &r.claim_number,
                    &r.payer_id,
                    &r.billing_npi,
                    &r.total_charge,
                    &r.lines.to_string(),
                    status(r),
                    &codes.join(" "),
                ])?;
            }
        }
    }
    Ok(())
}

fn status(r: &ClaimRow) -> &'static str {
    if r.rejected { "rejected" } else { "accepted" }
}
