//! Machine-readable output: JSON (one document per run) and JSON Lines.
//!
//! # Schema 1
//!
//! Each diagnostic is an object with `code`, `name`, `severity`, `message`, `help`, `file`,
//! `span` {`offset`, `length`} in original bytes, `line` and `column` (1-based, of the
//! original file), `segment` {`ordinal` in the file, `position` in its transaction set with
//! ST = 1, `id`}, `loop`, `element` (e.g. `SE01`), `claim` {`ordinal`, `of` (claims in
//! the transaction set), `line` (LX01), `id` (CLM01), `payer` (2010BB NM109),
//! `billing_npi` (2010AA NM109)},
//! `interchange`, `group` and `transaction` control numbers, and `labels` (secondary spans).
//! Absent values are `null`. Fields are only ever added within a schema version.

use crate::Stats;
use crate::diagnostic::Diagnostic;
use crate::redact::View;
use crate::source::{LineCursor, line_column};
use serde::Serialize;

pub const SCHEMA: u32 = 1;

#[derive(Debug, Serialize)]
pub struct JsonSpan {
    pub offset: usize,
    pub length: usize,
}

#[derive(Debug, Serialize)]
pub struct JsonSegment {
    pub ordinal: Option<usize>,
    pub position: Option<usize>,
    pub id: Option<String>,
}

/// The claim a finding is in. Under `--redact`, `id` is a pseudonym (`pk_…`) or masked.
#[derive(Debug, Serialize)]
pub struct JsonClaim {
    pub ordinal: usize,
    /// Claims in the transaction set.
    pub of: Option<usize>,
    pub line: Option<usize>,
    /// CLM01, the patient control number.
    pub id: Option<String>,
    /// 2010BB NM109, the payer's identifier.
    pub payer: Option<String>,
    /// 2010AA NM109, the billing provider's NPI.
    pub billing_npi: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel {
    pub span: JsonSpan,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub file: String,
    pub span: JsonSpan,
    pub line: usize,
    pub column: usize,
    pub segment: JsonSegment,
    #[serde(rename = "loop")]
    pub loop_id: Option<&'static str>,
    pub element: Option<String>,
    pub claim: Option<JsonClaim>,
    pub interchange: Option<String>,
    pub group: Option<String>,
    pub transaction: Option<String>,
    pub labels: Vec<JsonLabel>,
}

impl JsonDiagnostic {
    /// One diagnostic. Finding its line scans the file up to it: for all the diagnostics
    /// of a file use [`JsonDiagnostic::all`], which scans the file once.
    pub fn new(file: &str, view: &View<'_>, d: &Diagnostic) -> Self {
        Self::at(file, line_column(view.bytes(), d.span.start), view, d)
    }

    /// All the diagnostics of one file, in one pass over it (they come sorted by offset
    /// from [`crate::lint`]), so a large file with many findings stays linear.
    pub fn all(file: &str, view: &View<'_>, diagnostics: &[Diagnostic]) -> Vec<Self> {
        let mut cursor = LineCursor::new(view.bytes());
        diagnostics
            .iter()
            .map(|d| Self::at(file, cursor.position(d.span.start), view, d))
            .collect()
    }

    fn at(file: &str, (line, column): (usize, usize), view: &View<'_>, d: &Diagnostic) -> Self {
        let l = &d.location;
        let keys = l.claim_keys.as_ref().map(|k| view.claim(k));
        JsonDiagnostic {
            code: d.code(),
            name: d.rule.meta().name,
            severity: d.severity.as_str(),
            message: d.message(view),
            help: d.help_text(view),
            file: file.to_string(),
            span: JsonSpan {
                offset: d.span.start,
                length: d.span.len(),
            },
            line,
            column,
            segment: JsonSegment {
                ordinal: l.segment_ordinal,
                position: l.transaction_position,
                id: l.segment_id.as_ref().map(|id| view.segment_id(id)),
            },
            loop_id: l.loop_id,
            element: l.element.as_ref().and_then(|e| view.element_ref(e)),
            claim: l.claim.map(|ordinal| JsonClaim {
                ordinal,
                of: keys.as_ref().map(|k| k.of),
                line: l.line,
                id: keys.as_ref().and_then(|k| k.id.clone()),
                payer: keys.as_ref().and_then(|k| k.payer.clone()),
                billing_npi: keys.as_ref().and_then(|k| k.billing_npi.clone()),
            }),
            interchange: l.interchange.as_ref().map(|c| view.control(c)),
            group: l.group.as_ref().map(|c| view.control(c)),
            transaction: l.transaction.as_ref().map(|c| view.control(c)),
            labels: d
                .secondary
                .iter()
                .map(|s| JsonLabel {
                    span: JsonSpan {
                        offset: s.span.start,
                        length: s.span.len(),
                    },
                    message: s.message(view),
                })
                .collect(),
        }
    }
}

/// The outcome of one input path.
#[derive(Debug, Serialize)]
pub struct JsonFile {
    pub path: String,
    /// `checked`; `skipped` with `reason` set; `unreadable` or `internal-error` with
    /// `error` set.
    pub status: &'static str,
    /// Why a folder walk did not check the file: `hidden`, `not-x12`,
    /// `directory-link`, `special-file`.
    pub reason: Option<&'static str>,
    pub error: Option<String>,
    /// The configuration file that applied to the input, if any.
    pub config: Option<String>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub stats: Stats,
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// Totals over the run.
#[derive(Debug, Serialize, Default)]
pub struct JsonSummary {
    /// Every input, whatever its status.
    pub files: usize,
    pub checked: usize,
    pub skipped: usize,
    /// Unreadable inputs and internal errors.
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub stats: Stats,
    pub elapsed_ms: u64,
    /// Findings per rule code, e.g. `{"C003": 12}`.
    pub by_rule: std::collections::BTreeMap<&'static str, usize>,
}

/// One line of JSON Lines output: a diagnostic, a file outcome or the run summary, tagged
/// with `type` and the schema version.
#[derive(Debug, Serialize)]
pub struct JsonLine<'a, T: Serialize> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub schema: u32,
    #[serde(flatten)]
    pub data: &'a T,
}

/// A file's outcome without its diagnostics, for JSON Lines.
#[derive(Debug, Serialize)]
pub struct JsonFileOutcome<'a> {
    pub path: &'a str,
    pub status: &'static str,
    pub reason: Option<&'static str>,
    pub error: Option<&'a str>,
    pub config: Option<&'a str>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub stats: Stats,
}

impl JsonFile {
    pub fn outcome(&self) -> JsonFileOutcome<'_> {
        JsonFileOutcome {
            path: &self.path,
            status: self.status,
            reason: self.reason,
            error: self.error.as_deref(),
            config: self.config.as_deref(),
            errors: self.errors,
            warnings: self.warnings,
            infos: self.infos,
            stats: self.stats,
        }
    }
}

/// The whole-run JSON document.
#[derive(Debug, Serialize)]
pub struct JsonReport {
    pub schema: u32,
    pub tool: &'static str,
    pub version: &'static str,
    pub files: Vec<JsonFile>,
    pub summary: JsonSummary,
}
