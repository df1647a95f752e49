//! X004 `missing-interchange`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X004",
    name: "missing-interchange",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Syntax)],
    summary: "the file contains no ISA interchange header",
    ack: Ack {
        ta1: Some("024"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a text file with no `ISA` segment anywhere: a CSV export, an error page saved by a
download script, or a report that was picked up by mistake.

When the file has no ISA but starts with a `GS` (an interchange whose ISA was lost) or an
`ST` (a transaction set handed over on its own, as some systems log or pass single
transactions), this is the one finding about the missing envelope: the content is read
with the delimiters the `GS` or `ST` uses (the component separator as the `SV1` and `HI`
segments use it, no repetition separator) and checked as usual.

## Why does it matter?
Every X12 interchange starts with ISA, and its delimiters come from the ISA. A front end
rejects a file without it before reading any claim.

## Example
```text
Claim,Patient,Amount
```

## How to fix
Check that the right file was picked up; export the claims again as an X12 837P, inside
its `ISA`/`GS` envelope.

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

/// X004 for content that starts with a bare `GS` or `ST`.
pub fn report_bare(checker: &mut Checker, at: Span, no_group: bool) {
    let (message, label) = if no_group {
        (
            "no `ISA`/`GS` envelope: the transaction set stands alone and is read with the delimiters of its `ST`",
            "no `ISA` and no `GS` before this `ST`",
        )
    } else {
        (
            "no `ISA` interchange header: the file starts with `GS` and is read with the delimiters it uses",
            "no `ISA` before this `GS`",
        )
    };
    let d = checker
        .report(Rule::MissingInterchange, at, message)
        .label(label)
        .help("send the transaction sets inside an `ISA`…`IEA` interchange and a `GS`…`GE` group");
    d.location.segment_id = Some(if no_group { "ST" } else { "GS" }.to_string());
}
