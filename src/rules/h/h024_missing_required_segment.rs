//! H024 `missing-required-segment`

use super::loop_name;
use crate::grammar::FindingKind;
use crate::grammar::{LoopDef, SegmentDef};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H024",
    name: "missing-required-segment",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::MissingSegment { use_index } = n.finding.kind {
            let l = n.loop_def();
            let near = n.finding.near.and_then(|i| n.transaction.segments.get(i));
            report(c, n.segment(), l, &l.segments[use_index], near);
        }
    })],
    summary: "a loop lacks a segment the implementation guide requires",
    ack: Ack {
        ik304: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a loop instance that ends without a segment the guide marks required in it,
such as a billing provider (2010AA) without its `N4`, or a claim (2300) without its
diagnosis `HI`. The finding points at the segment that starts the loop instance. When the
loop holds a segment that fits nowhere (H020, H021), both are reported, as a front end
does, and linked: a label on that segment asks whether it is the missing one mistyped
("is `Nd4` meant to be `N4`?"). A service line without its `DTP*472` is H013's.

## Why does it matter?
A required segment missing is a syntax error in the 999 (IK304 `3`) and rejects the
transaction set; the data it carries (an address, the diagnoses) is needed to pay the
claim.

## Example
```text
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
N3*100 SAMPLE ROAD~
REF*EI*123456789~
```

## How to fix
Add the segment to the loop, in its position.

## References
Segment usage `R` in `grammar/loops/`.
"#,
};

pub fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    l: &LoopDef,
    missing: &SegmentDef,
    near: Option<&Segment<'_>>,
) {
    let id = missing.id;
    let which = missing
        .qualifier
        .as_ref()
        .filter(|q| q.codes.len() == 1)
        .map_or(String::new(), |q| format!("*{}", q.codes[0]));
    let d = checker
        .report_in(
            Rule::MissingRequiredSegment,
            segment,
            segment.id_span(),
            format!(
                "{} has no `{id}{which}` segment, which is required",
                loop_name(l)
            ),
        )
        .label(format!("loop {} starts here", l.id))
        .help(format!(
            "add the `{id}{which}` segment to the loop (guide position {})",
            missing.position
        ));
    super::link_near(d, near, id);
    // The 999 names the missing segment.
    d.location.missing_segment_id = Some(id.into());
}
