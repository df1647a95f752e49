//! X005 `truncated-interchange-header`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X005",
    name: "truncated-interchange-header",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::TruncatedIsa { span } = p {
            report(c, *span);
        }
    })],
    summary: "the file ends inside the ISA segment",
    ack: Ack {
        ta1: Some("023"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports an ISA segment that is cut off before its 16th element and terminator: the file ends
within the 106-character interchange header.

## Why does it matter?
The component separator and the segment terminator are the last two characters of the ISA.
Without them the interchange cannot be read at all.

## Example
```text
ISA*00*          *00*          *ZZ*SUBMITTER
```

## How to fix
The transfer was interrupted: send the complete file again.

## References
X12.5 ISA segment: 16 fixed-width elements, 106 characters with the terminator.
"#,
};

/// X005
pub fn report(checker: &mut Checker, span: Span) {
    checker
        .report(
            Rule::TruncatedInterchangeHeader,
            span,
            format!(
                "file ends inside the `ISA` segment ({} of 106 bytes)",
                span.len()
            ),
        )
        .label("incomplete interchange header")
        .help("the transfer was cut off; send the complete file again");
}
