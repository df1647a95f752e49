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
use std::borrow::Cow;
use std::path::Path;

/// The rows of one file's claims, held from its check until its turn to be written (and
/// its cross-file findings added). Their text is kept in one buffer, so a file of 235,000
/// claims holds about 140 bytes a claim, not a dozen strings each.
#[derive(Debug, Clone, Default)]
pub struct ClaimRows {
    file: String,
    text: String,
    rows: Vec<ClaimRow>,
}

/// One claim's row.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    /// Where its text fields start in [`ClaimRows::text`]: interchange, transaction,
    /// claim number (CLM01, or its pseudonym under `--redact`), payer ID, billing NPI and
    /// total charge, one after the other, with these lengths.
    start: usize,
    lengths: [u32; FIELDS],
    /// 1-based ordinal of the claim in its transaction set.
    pub claim: usize,
    pub lines: usize,
    pub rejected: bool,
    /// The rules found on the claim, each once, in code order.
    codes: Vec<&'static str>,
    /// Index of its interchange in the file.
    pub interchange_index: usize,
}

/// The text fields of a row: interchange, transaction, claim number, payer ID, billing
/// NPI, total charge.
const FIELDS: usize = 6;

impl ClaimRows {
    pub fn new(file: &str) -> ClaimRows {
        ClaimRows {
            file: file.to_string(),
            ..ClaimRows::default()
        }
    }

    /// Adds the row of the file's next claim.
    pub fn push(&mut self, c: &ClaimKey<'_>, view: &View<'_>) {
        let start = self.text.len();
        let mut lengths = [0u32; FIELDS];
        // Under `--redact`, the view gives the pseudonym (or the mask) every other output
        // shows for this CLM01.
        let claim_number = c
            .clm
            .element(1)
            .map(|e| view.value(e.span()))
            .unwrap_or_default();
        let fields = [
            text(c.interchange),
            text(c.transaction),
            Cow::Borrowed(claim_number.trim()),
            text(c.payer_id),
            text(c.billing_npi),
            text(c.total),
        ];
        for (length, field) in lengths.iter_mut().zip(&fields) {
            self.text.push_str(field);
            *length = u32::try_from(field.len()).unwrap_or(u32::MAX);
        }
        self.rows.push(ClaimRow {
            start,
            lengths,
            claim: c.ordinal,
            lines: c.lines,
            rejected: false,
            codes: Vec::new(),
            interchange_index: c.interchange_index,
        });
    }

    /// Adds the findings of the lint to the rows of the claims they concern; `claims` are
    /// the rows' claims' ranges, in the same order.
    pub fn add_findings(
        &mut self,
        interchanges: &[InterchangeKey<'_>],
        claims: &[Range],
        diagnostics: &[Diagnostic],
    ) {
        each_finding(interchanges, claims, diagnostics, |n, d| {
            if let Some(row) = self.rows.get_mut(n) {
                add(row, d.rule.meta().code, d.severity);
            }
        });
    }

    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut ClaimRow> {
        self.rows.iter_mut()
    }

    /// The text fields of `row`, see [`ClaimRow::start`].
    fn fields(&self, row: &ClaimRow) -> [&str; FIELDS] {
        let mut at = row.start;
        row.lengths.map(|length| {
            let end = (at + length as usize).min(self.text.len());
            let field = self.text.get(at..end).unwrap_or_default();
            at = end;
            field
        })
    }
}

fn text(v: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(v.trim_ascii())
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
    if let Err(at) = row.codes.binary_search(&code) {
        row.codes.insert(at, code);
    }
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
    pub fn write(&mut self, rows: &ClaimRows) {
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

fn write_rows(out: &mut Rows, rows: &ClaimRows) -> std::io::Result<()> {
    let file = rows.file.as_str();
    match out {
        Rows::Jsonl(w) => {
            for r in &rows.rows {
                let [
                    interchange,
                    transaction,
                    claim_number,
                    payer_id,
                    billing_npi,
                    total,
                ] = rows.fields(r);
                let value = serde_json::json!({
                    "file": file,
                    "interchange": interchange,
                    "transaction": transaction,
                    "claim": r.claim,
                    "claim_number": claim_number,
                    "payer_id": payer_id,
                    "billing_npi": billing_npi,
                    "total_charge": total,
                    "lines": r.lines,
                    "status": status(r),
                    "codes": r.codes,
                });
                serde_json::to_writer(&mut *w, &value)?;
                std::io::Write::write_all(w, b"\n")?;
            }
        }
        Rows::Csv(w) => {
            for r in &rows.rows {
                let [
                    interchange,
                    transaction,
                    claim_number,
                    payer_id,
                    billing_npi,
                    total,
                ] = rows.fields(r);
                w.write_record([
                    file,
                    interchange,
                    transaction,
                    &r.claim.to_string(),
                    claim_number,
                    payer_id,
                    billing_npi,
                    total,
                    &r.lines.to_string(),
                    status(r),
                    &r.codes.join(" "),
                ])?;
            }
        }
    }
    Ok(())
}

fn status(r: &ClaimRow) -> &'static str {
    if r.rejected { "rejected" } else { "accepted" }
}
