//! X004 `missing-interchange`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X004",
    name: "missing-interchange",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| match p {
        SyntaxProblem::NoInterchange => report(c),
        SyntaxProblem::MissingInterchangeHeader { at, no_group } => report_bare(c, *at, *no_group),
        _ => {}
    })],
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
    if letter_separator(checker) {
        return;
    }
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
    d.location.segment_id = Some(if no_group { "ST" } else { "GS" }.into());
}

/// An `ISA` at the start of the file whose element separator is a letter or digit is an
/// interchange header with a wrong separator, not a missing header: say that.
fn letter_separator(checker: &mut Checker) -> bool {
    let bytes = checker.bytes();
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let at = bytes.len() - text.len() + (text.len() - text.trim_ascii_start().len());
    let Some(&separator) = bytes.get(at + 3) else {
        return false;
    };
    if !bytes[at..].starts_with(b"ISA") || !separator.is_ascii_alphanumeric() {
        return false;
    }
    let kind = if separator.is_ascii_digit() {
        "digit"
    } else {
        "letter"
    };
    checker
        .report(
            Rule::MissingInterchange,
            Span::at(at + 3, 1),
            format!(
                "the file starts with `ISA` but its element separator is the {kind} `{}`, so no interchange header can be read",
                char::from(separator)
            ),
        )
        .label("the byte after `ISA` is the element separator")
        .help(
            "X12 separators are never letters or digits; the sender's translator must use a \
             character that does not occur in the data, usually `*`",
        );
    true
}
