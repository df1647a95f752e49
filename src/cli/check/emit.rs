//! Writing the report: each input's part as soon as it is its turn (inputs are written in
//! input order whatever finished first), the run's totals at the end.
//!
//! Human, concise, JSON Lines and 999 output stream: an interrupted run has everything up
//! to the last finished file. JSON and SARIF are one document each, written at the end.

use super::super::args::Format;
use super::super::output::AtomicFile;
use super::super::{Written, output_ok, write_json_stdout, write_stdout};
use super::one::{Outcome, Status};
use claimlint::report::json::{JsonFile, JsonLine, JsonReport, JsonSummary, SCHEMA};
use std::path::Path;

pub struct Emitter {
    format: Format,
    /// The acknowledgments' control numbers, handed out in input order.
    numbers: claimlint::report::ack::ControlNumbers,
    /// The records of JSON and SARIF, kept for the document at the end.
    files: Vec<JsonFile>,
    written: Written,
    /// `--output-file`: the report goes there (renamed into place at the end) instead of
    /// standard output.
    file: Option<AtomicFile>,
    /// `--statistics`: one line per rule instead of the findings (human and concise).
    statistics: bool,
}

impl Emitter {
    pub fn new(
        format: Format,
        numbers: claimlint::report::ack::ControlNumbers,
        output: Option<&Path>,
    ) -> Result<Self, String> {
        let file = output
            .map(|p| AtomicFile::create(p).map_err(|e| format!("{}: {e}", p.display())))
            .transpose()?;
        Ok(Emitter {
            format,
            numbers,
            files: Vec::new(),
            written: Written::Ok,
            file,
            statistics: false,
        })
    }

    pub fn statistics(mut self, on: bool) -> Self {
        self.statistics = on && matches!(self.format, Format::Human | Format::Concise);
        self
    }

    fn write_json(&mut self, value: &impl serde::Serialize) -> Written {
        match &mut self.file {
            None => write_json_stdout(value),
            Some(f) => {
                use std::io::Write;
                let mut w = std::io::BufWriter::new(f.file());
                let done = serde_json::to_writer_pretty(&mut w, value)
                    .map_err(std::io::Error::from)
                    .and_then(|()| w.write_all(b"\n"))
                    .and_then(|()| w.flush());
                output_ok(done)
            }
        }
    }

    /// Whether the output is gone (closed or failed): the rest of the run is not needed.
    pub fn stopped(&self) -> bool {
        !self.written.is_ok()
    }

    fn write(&mut self, text: &str) {
        if self.written.is_ok() && !text.is_empty() {
            self.written = match &mut self.file {
                None => write_stdout(text),
                Some(f) => output_ok(std::io::Write::write_all(f.file(), text.as_bytes())),
            };
        }
    }

    /// Writes (or keeps) one input's part of the report.
    pub fn file(&mut self, o: Outcome) {
        match self.format {
            Format::Json | Format::Sarif => self.files.extend(o.json),
            Format::Jsonl => {
                let Some(file) = &o.json else { return };
                let mut text = String::new();
                for d in &file.diagnostics {
                    push_line(&mut text, "diagnostic", d);
                }
                push_line(&mut text, "file", &file.outcome());
                self.write(&text);
            }
            Format::Ack | Format::ClaimAck => {
                say_unchecked(&o);
                if matches!(o.status, Status::Checked) && o.ack.is_none() {
                    let why = if o.by_rule.contains_key("X040") {
                        "it changed while it was read"
                    } else if self.format == Format::Ack {
                        "no interchange to acknowledge"
                    } else {
                        "no claim in a transaction set the 999 accepts"
                    };
                    eprintln!("claimlint: {}: {why}", o.name);
                }
                if let Some(ack) = &o.ack {
                    let text = ack.write(&mut self.numbers);
                    self.write(&text);
                }
            }
            Format::Human | Format::Concise => {
                say_unchecked(&o);
                if !self.statistics {
                    self.write(&o.text);
                }
            }
        }
    }

    /// Writes the end of the report: the JSON or SARIF document, the JSON Lines summary
    /// or (unless `quiet`) the human footer.
    pub fn finish(
        mut self,
        summary: JsonSummary,
        footer: Option<String>,
        statistics: String,
    ) -> Written {
        match self.format {
            Format::Json => {
                if self.written.is_ok() {
                    let report = JsonReport {
                        schema: SCHEMA,
                        tool: "claimlint",
                        version: env!("CARGO_PKG_VERSION"),
                        files: std::mem::take(&mut self.files),
                        summary,
                    };
                    self.written = self.write_json(&report);
                }
            }
            Format::Sarif => {
                if self.written.is_ok() {
                    let files = std::mem::take(&mut self.files);
                    let log = claimlint::report::sarif::log(&files);
                    self.written = self.write_json(&log);
                }
            }
            Format::Jsonl => {
                let mut text = String::new();
                push_line(&mut text, "summary", &summary);
                self.write(&text);
            }
            Format::Human | Format::Concise => {
                if self.statistics {
                    self.write(&statistics);
                }
                if let Some(footer) = footer {
                    self.write(&footer);
                }
            }
            Format::Ack | Format::ClaimAck => {}
        }
        if let Some(file) = self.file.take() {
            if self.written.is_ok() {
                if let Err(e) = file.commit() {
                    eprintln!("claimlint: cannot write the output file: {e}");
                    self.written = Written::Failed;
                }
            } else {
                // The report is incomplete: the temporary file goes, the target stays as
                // it was.
                self.written = Written::Failed;
            }
        }
        self.written
    }
}

/// Says on standard error why an input was not checked (skipped inputs are only counted).
fn say_unchecked(o: &Outcome) {
    match &o.status {
        Status::Unreadable(e) => eprintln!("claimlint: {}: cannot read: {e}", o.name),
        Status::Internal(e) => eprintln!("claimlint: {}: {e}", o.name),
        Status::Checked | Status::Skipped(_) => {}
    }
}

fn push_line<T: serde::Serialize>(out: &mut String, kind: &'static str, data: &T) {
    let line = JsonLine {
        kind,
        schema: SCHEMA,
        data,
    };
    out.push_str(&serde_json::to_string(&line).unwrap_or_default());
    out.push('\n');
}
