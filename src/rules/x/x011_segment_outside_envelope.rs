//! X011 `segment-outside-envelope`

use crate::rules::prelude::*;
use crate::x12::Level;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X011",
    name: "segment-outside-envelope",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::OutsideEnvelope {
            first,
            id,
            count,
            missing,
            read,
        } = p
        {
            report(c, *first, id, *count, *missing, *read);
        }
    })],
    summary: "segments outside a transaction set, or a trailer with nothing to close",
    ack: Ack {
        ta1: Some("022"),
        ik502: Some("18"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports data segments that sit outside any `ST`…`SE` transaction set (or an `ST` outside a
`GS` group, or a trailer with no header). A run of consecutive stray segments is one
finding.

A lost header does not hide the claims after it: an `ST` with no `GS` before it is read
inside a group of its own, and a run of segments that ends in an `SE` with no `ST` before
it is read as a transaction set; the finding says so. Its segment count (SE01) is then not
compared, since the ST it would count is the one missing.

## Why does it matter?
Segments outside a transaction set belong to no claim and are not processed; usually a
header (`ST` or `GS`) was lost, and with it the claims that follow.

## Example
```text
GS*HC*SENDER*RECEIVER*20240115*1030*1*X*005010X222A1~
NM1*41*2*SYNTHETIC BILLING SERVICE*****46*TGJ23~
ST*837*0001*005010X222A1~
```

## How to fix
Restore the missing `ST` (or `GS`) header, or remove the stray segments.

## References
X12.5 control structures.
"#,
};

/// X011
pub fn report(
    checker: &mut Checker,
    first: Span,
    id: &str,
    count: usize,
    missing: Level,
    read: bool,
) {
    let header = missing.header();
    // The ID as a quote of the file: it may be a stray line's text.
    let id_bytes = checker
        .bytes()
        .get(first.start..first.end)
        .unwrap_or_default();
    let segment_id = crate::redact::SegmentId::of(id_bytes);
    let _ = id;
    let id = shown(id_bytes);
    let message = match (read, missing) {
        (true, Level::Group) => {
            format!(
                "`GS` missing before `{id}`: the transaction set is read without its functional group header"
            )
        }
        (true, _) => format!(
            "`{header}` missing: the {count} segments from `{id}` to `SE` are read as a transaction set without its header"
        ),
        (false, _) => {
            let what = match missing {
                Level::Transaction => "a transaction set (`ST`…`SE`)",
                Level::Group => "a functional group (`GS`…`GE`)",
                Level::Interchange => "an interchange (`ISA`…`IEA`)",
            };
            if count == 1 {
                format!("segment `{id}` is outside {what}")
            } else {
                format!("{count} segments starting with `{id}` are outside {what}")
            }
        }
    };
    let d = checker.report(Rule::SegmentOutsideEnvelope, first, message);
    d.location.segment_id = Some(segment_id);
    d.label(format!("no `{header}` before this")).help(if read {
        format!("restore the missing `{header}` header")
    } else {
        format!("restore the missing `{header}` header, or remove the stray segments")
    });
}
