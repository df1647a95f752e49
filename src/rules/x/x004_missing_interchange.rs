//! X004 `missing-interchange`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X004",
    name: "missing-interchange",
    snip: Snip::Integrity,
    severity: Severity::Error,
    summary: "the file contains no ISA interchange header",
    ack: Ack {
        ta1: Some("024"),
        ..Ack::NONE
    },
    doc: r#"## What it does
Reports a text file with no `ISA` segment anywhere: a CSV export, an error page saved by a
download script, or a report that was picked up by mistake.

## Why does it matter?
Every X12 interchange starts with ISA, and its delimiters come from the ISA. Without it
nothing in the file can be read.

## Example
```text
Claim,Patient,Amount
```

## How to fix
Check that the right file was picked up; export the claims again as an X12 837P.

## References
X12.5 interchange control structure (ISA/IEA).
"#,
};

/// X004
pub fn report(checker: &mut Checker) {
    let len = checker.bytes().len();
    let end = checker.bytes()[..len.min(80)]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(len.min(80));
    checker
        .report(
            Rule::MissingInterchange,
            Span::new(0, end),
            "no `ISA` interchange header in the file",
        )
        .label("an X12 file starts with `ISA`")
        .help("check that this is the 837P file you meant to send");
}
