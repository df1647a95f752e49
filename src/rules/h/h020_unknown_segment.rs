//! H020 `unknown-segment`

use super::loop_name;
use crate::grammar::FindingKind;
use crate::grammar::LoopDef;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H020",
    name: "unknown-segment",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::UnknownSegment { skipped } = n.finding.kind {
            report(c, n.segment(), n.loop_def(), skipped);
        }
    })],
    summary: "a segment ID that is not a segment of the 837P",
    ack: Ack {
        ik304: Some("1"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a segment whose ID is not one of the segments the 837P implementation guide
uses: a typing error (`Nd4`, `NM31`), a segment of another transaction, or a segment with
no ID at all (it starts with an element separator: `~*A*B~`, or a stray `*` before a
terminator), which is shown at that separator.
Segments after it that fit nowhere either are counted in the same finding. When the loop
it appears in lacks a required segment, H024 reports that too and asks whether the
unknown segment is the missing one (H024's help: "is `Nd4` meant to be `N4`?").

## Why does it matter?
A receiver cannot place the segment, so it cannot read the loop it is in. The 999
rejects the transaction set with IK304 `1` (unrecognized segment ID).

## Example
```text
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
N3*100 SAMPLE ROAD~
Nd4*SPRINGFIELD*IL*627010000~
```

## How to fix
Correct the segment ID (here `N4`), or remove the segment.

## References
The 005010X222A1 segment list (`grammar/segments.toml`); X12.6 segment identifiers.
"#,
};

pub fn report(checker: &mut Checker, segment: &Segment<'_>, l: &LoopDef, skipped: usize) {
    let d = if segment.id().is_empty() {
        // Nothing before the first element separator (`~*A*B~`, a stray `*~`): the
        // separator itself is shown, as there is no ID to underline.
        checker
            .report_in(
                Rule::UnknownSegment,
                segment,
                Span::at(segment.start, 1),
                "segment has no segment ID: it starts with an element separator",
            )
            .label("no segment ID before this separator")
    } else {
        let id = shown(segment.id());
        checker
            .report_in(
                Rule::UnknownSegment,
                segment,
                segment.id_span(),
                format!("`{id}` is not a segment of the 837P"),
            )
            .label("unknown segment ID")
    };
    if skipped > 0 {
        d.extend_message(&format!(
            "; the {skipped} segment(s) after it fit nowhere either and were not checked"
        ));
    }
    if segment.id().is_empty() {
        d.help(format!(
            "write the segment ID before the separator, or remove the stray separator; it appears in {}",
            loop_name(l)
        ));
    } else {
        d.help(format!(
            "correct the segment ID or remove the segment; it appears in {}",
            loop_name(l)
        ));
    }
}
