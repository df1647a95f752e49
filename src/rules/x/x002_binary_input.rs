//! X002 `binary-input`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X002",
    name: "binary-input",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::Binary { offset } = p {
            report(c, *offset);
        }
    })],
    summary: "the file holds binary data, not X12 text",
    ack: Ack {
        ta1: Some("024"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a file that contains NUL or other control bytes and no ISA segment: a zip archive,
a PDF, an encrypted payload or a corrupted download rather than X12 text.

## Why does it matter?
X12 is text. A clearinghouse cannot read a binary file and rejects the whole submission.

## Example
A `.837` file that is really a zip archive (it starts with `PK`).

## How to fix
Unpack or decrypt the file first, or export it again from the billing system as plain text.

## References
X12.6 character set: the basic and extended character sets contain no control characters
other than the segment terminator.
"#,
};

/// X002
pub fn report(checker: &mut Checker, offset: usize) {
    let byte = checker.bytes().get(offset).copied().unwrap_or(0);
    checker
        .report(
            Rule::BinaryInput,
            Span::at(offset, 1),
            format!("file is binary, not X12 text (byte `0x{byte:02X}` at offset {offset})"),
        )
        .label("not a text character")
        .help("unpack or decrypt the file, or export it again as plain X12 text");
}
