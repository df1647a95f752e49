//! X003 `utf16-input`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X003",
    name: "utf16-input",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::Utf16 { bom } = p {
            report(c, *bom);
        }
    })],
    summary: "the file is encoded as UTF-16",
    ack: Ack {
        ta1: Some("024"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a file encoded as UTF-16 (two bytes per character), with or without a byte-order
mark. Windows tools such as PowerShell's `Out-File` produce it by default.

## Why does it matter?
X12 interchanges are single-byte text. In UTF-16 every other byte is NUL, so the ISA cannot be
read and the file is rejected.

## Example
The bytes `FF FE 49 00 53 00 41 00` (`ISA` in UTF-16LE with a byte-order mark).

## How to fix
Save the file as ASCII or UTF-8 without a byte-order mark (in PowerShell:
`Out-File -Encoding ascii`).

## References
X12.6 character set.
"#,
};

/// X003
pub fn report(checker: &mut Checker, bom: bool) {
    let span = Span::at(0, 2.min(checker.bytes().len()));
    let d = checker.report(
        Rule::Utf16Input,
        span,
        if bom {
            "file is UTF-16 text (it starts with a byte-order mark)"
        } else {
            "file is UTF-16 text (every other byte is NUL)"
        },
    );
    d.label("UTF-16 encoding")
        .help("save the file as ASCII or UTF-8 without a byte-order mark");
}
