//! H070 `loop-out-of-order`

use crate::grammar::{FindingKind, LOOPS, LoopDef};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H070",
    name: "loop-out-of-order",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::LoopOutOfOrder {
            before,
            before_segment,
        } = n.finding.kind
        {
            report(
                c,
                n.segment(),
                n.loop_def(),
                &LOOPS[before],
                &n.transaction.segments[before_segment],
            );
        }
    })],
    summary: "a loop starts after a sibling loop that the guide puts after it",
    ack: Ack {
        ik304: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a loop that begins after a sibling loop (a loop under the same parent) that the
guide places later: a line's drug identification 2410 after its adjudication 2430, an other
payer's referring provider 2330C after its rendering provider 2330D, a claim's referring
provider 2310A after its rendering provider 2310B. The finding is on the misplaced loop's
first segment and names the sibling it should precede.

The loop is still read where it belongs (the 2410 stays with its service line, and
`claimlint inspect` shows its NDC there), and its segments are checked as usual; nothing
else is reported because of the order.

## Why does it matter?
Loop order is part of the transaction set's syntax. A receiver that reads the guide's
structure cannot place the loop's first segment and rejects the transaction set. In the
005010X231A1 999 this is IK304 `7`, "segment not in proper sequence", on the loop's first
segment (IK304 `I6` is a situational segment that is missing, not one out of order).
pyx12 reports such a segment as "not found" where it appears, and its 999 gives IK304 `1`
(unrecognized segment ID) for it; claimlint's `ack` gives `7`.

## Example
```text
LX*1~
SV1*HC:J3420*100*UN*1***1~
DTP*472*D8*20240110~
SVD*99999*80*HC:J3420**1~
DTP*573*D8*20240201~
LIN**N4*00002143380~
CTP****1*UN~
```

## How to fix
Move the loop up, before the sibling the message names: within a parent loop, child
loops come in the guide's order (2410, 2420A to 2420H, 2430, 2440 in a service line;
2310A to 2310F, 2320, 2400 in a claim; 2330A to 2330G in an other subscriber).

## References
The order of `children` in each loop of `grammar/loops/`, which follows the guide's
position numbers.
"#,
};

pub fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    misplaced: &LoopDef,
    before: &LoopDef,
    before_segment: &Segment<'_>,
) {
    checker
        .report_in(
            Rule::LoopOutOfOrder,
            segment,
            segment.id_span(),
            format!(
                "loop {} ({}) comes after loop {} ({}); the guide puts it before",
                misplaced.id, misplaced.name, before.id, before.name
            ),
        )
        .label(format!("loop {} starts here", misplaced.id))
        .secondary(
            before_segment.id_span(),
            format!("loop {} starts here, earlier", before.id),
        )
        .help(format!(
            "move loop {} up, before loop {}",
            misplaced.id, before.id
        ));
}
