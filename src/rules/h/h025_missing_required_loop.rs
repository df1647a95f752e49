//! H025 `missing-required-loop`

use super::loop_name;
use crate::grammar::{FindingKind, LOOPS, LoopDef};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H025",
    name: "missing-required-loop",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::MissingLoop { child } = n.finding.kind {
            let near = n.finding.near.and_then(|i| n.transaction.segments.get(i));
            report(c, n.segment(), n.loop_def(), &LOOPS[child], near);
        }
    })],
    summary: "a loop lacks a child loop the implementation guide requires",
    ack: Ack {
        ik304: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a loop instance that ends without a child loop the guide requires in it: a
billing provider HL (2000A) without its name loop 2010AA, a subscriber (2000B) without its
payer 2010BB, a claim (2300) without any service line (2400), an other subscriber (2320)
without its other payer 2330B. The finding points at the segment that starts the parent
loop. When the loop holds a segment that fits nowhere (H020, H021), both are reported,
as a front end does, and linked: a label on that segment asks whether it is the missing
loop's first segment mistyped ("is `NM31` meant to be `NM1`?"). A segment of the missing
loop that comes without the segment starting it (an `SV1` without its `LX`) is one H021
that names the loop, not also this finding.

## Why does it matter?
A required loop missing rejects the transaction set in the 999 (IK304 `3` for the
loop's first segment): the claim cannot be processed without, for example, its payer or
its lines.

## Example
```text
HL*1**20*1~
PRV*BI*PXC*207Q00000X~
HL*2*1*22*0~
```

## How to fix
Add the loop, starting with its first segment (the message names it).

## References
Loop usage `R` in the `children` of each loop in `grammar/loops/`.
"#,
};

pub fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    l: &LoopDef,
    missing: &LoopDef,
    near: Option<&Segment<'_>>,
) {
    let trigger = missing.trigger();
    let which = trigger
        .qualifier
        .as_ref()
        .filter(|q| q.codes.len() == 1)
        .map_or(String::new(), |q| format!("*{}", q.codes[0]));
    let d = checker
        .report_in(
            Rule::MissingRequiredLoop,
            segment,
            segment.id_span(),
            format!(
                "{} has no loop {} ({}), which is required",
                loop_name(l),
                missing.id,
                missing.name
            ),
        )
        .label(format!("loop {} starts here", l.id))
        .help(format!(
            "add loop {}, starting with its `{}{which}` segment",
            missing.id, trigger.id
        ));
    super::link_near(d, near, trigger.id);
    d.location.missing_segment_id = Some(trigger.id.into());
}
