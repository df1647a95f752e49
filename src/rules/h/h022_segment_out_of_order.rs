//! H022 `segment-out-of-order`

use super::loop_name;
use crate::grammar::FindingKind;
use crate::grammar::LoopDef;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H022",
    name: "segment-out-of-order",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::OutOfOrder = n.finding.kind {
            report(c, n.segment(), n.loop_def());
        }
    })],
    summary: "a segment comes after a segment or loop that the guide puts after it",
    ack: Ack {
        ik304: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a segment of a loop that appears after a segment the guide places later in the
same loop (`N4` before `N3`), or after the loop's child loops have begun (a `DTP` of the
service line after its rendering provider loop). The segment is still counted in its loop,
so it is not also reported as missing.

## Why does it matter?
X12 segment order is part of the syntax: receivers read a loop in order and reject a
segment out of sequence (IK304 `7`).

## Example
```text
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
N4*SPRINGFIELD*IL*627010000~
N3*100 SAMPLE ROAD~
```

## How to fix
Put the segments of each loop in the guide's order, and a loop's own segments before its
child loops.

## References
The segment positions of each loop in `grammar/loops/`.
"#,
};

pub fn report(checker: &mut Checker, segment: &Segment<'_>, l: &LoopDef) {
    let id = shown(segment.id());
    checker
        .report_in(
            Rule::SegmentOutOfOrder,
            segment,
            segment.id_span(),
            format!("`{id}` is out of order in {}", loop_name(l)),
        )
        .label("comes after a segment or loop that follows it in the guide")
        .help(format!(
            "move `{id}` up to its position in the loop (segments in guide order, before any child loop)"
        ));
}
