//! X010 `missing-trailer`

use crate::rules::prelude::*;
use crate::x12::Level;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X010",
    name: "missing-trailer",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::MissingTrailers { at, at_id, open } = p {
            report(c, *at, at_id, open);
        }
    })],
    summary: "a transaction set, group or interchange is not closed before the next one starts",
    ack: Ack {
        ta1: Some("022"),
        ik502: Some("2"),
        ak905: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports an `ST`, `GS` or `ISA` (or a `GE`/`IEA`) that arrives while a lower envelope level
is still open, i.e. the `SE`, `GE` or `IEA` that should have closed it is missing. All the
trailers missing at that point are reported once, on the segment that forced the close.

## Why does it matter?
Without its trailer the receiver cannot verify the counts and control numbers of the
envelope, and rejects the transaction set (999 IK502 2) or group (AK905 3).

## Example
```text
DTP*472*D8*20240110~
ST*837*0002*005010X222A1~
```
The first transaction set has no `SE`.

## How to fix
Write `SE*<segment count>*<ST02>` after the last segment of each transaction set, and
`GE`/`IEA` after each group and interchange.

## References
X12.5 control structures: ST/SE, GS/GE, ISA/IEA.
"#,
};

/// X010
pub fn report(checker: &mut Checker, at: Span, at_id: &str, open: &[(Level, Span)]) {
    let trailers: Vec<String> = open
        .iter()
        .map(|(l, _)| format!("`{}`", l.trailer()))
        .collect();
    // The ID as a quote of the file: it may be a stray line's text.
    let id_bytes = checker.bytes().get(at.start..at.end).unwrap_or_default();
    let (segment_id, quoted) = (crate::redact::SegmentId::of(id_bytes), shown(id_bytes));
    let _ = at_id;
    let d = checker.report(
        Rule::MissingTrailer,
        at,
        format!("{} missing before `{quoted}`", trailers.join(" and ")),
    );
    d.location.segment_id = Some(segment_id);
    d.label(format!(
        "`{quoted}` arrives while the previous level is still open"
    ));
    for (level, span) in open {
        d.secondary(
            *span,
            format!("`{}` opened here is never closed", level.header()),
        );
    }
    d.help("close each transaction set with `SE`, each group with `GE` and each interchange with `IEA`");
}
