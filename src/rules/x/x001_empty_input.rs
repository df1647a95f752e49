//! X001 `empty-input`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X001",
    name: "empty-input",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::Empty = p {
            report(c);
        }
    })],
    summary: "the file is empty or holds only whitespace",
    ack: Ack {
        ta1: Some("024"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a file that has no bytes, or nothing but spaces and line breaks.

## Why does it matter?
An empty upload usually means a failed export or a truncated transfer. A clearinghouse
rejects it with a TA1 (invalid interchange content), and the claims it should have carried
were never sent.

## Example
A 0-byte file named `claims_20240115.837`.

## How to fix
Regenerate the file from the billing system and check that the transfer completed.

## References
X12.5 interchange control structure: every interchange starts with ISA.
"#,
};

/// X001
pub fn report(checker: &mut Checker) {
    checker
        .report(Rule::EmptyInput, Span::new(0, 0), "file is empty")
        .help(
            "an 837P file starts with an `ISA` segment; regenerate the file and check the transfer",
        );
}
