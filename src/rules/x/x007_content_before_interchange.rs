//! X007 `content-before-interchange`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X007",
    name: "content-before-interchange",
    snip: Snip::Integrity,
    severity: Severity::Warning,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::ContentBeforeInterchange { span } = p {
            report(c, *span);
        }
    })],
    summary: "text before the first ISA",
    ack: Ack::NONE,
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports anything other than whitespace or a UTF-8 byte-order mark before the first `ISA`:
mail headers, a banner written by a transfer script, a stray line of a log.

## Why does it matter?
Strict front ends require the file to start with `ISA` and reject it otherwise. claimlint
skips the text and checks the interchange that follows.

## Example
```text
From: batch-export@example.invalid
ISA*00*...
```

## How to fix
Strip everything before `ISA` when the file is written.

## References
X12.5 interchange control structure.
"#,
};

/// X007
pub fn report(checker: &mut Checker, span: Span) {
    checker
        .report(
            Rule::ContentBeforeInterchange,
            span,
            format!("{} bytes of text before the first `ISA`", span.len()),
        )
        .label("not part of any interchange")
        .help("make the file start with `ISA`; some front ends reject anything before it");
}
