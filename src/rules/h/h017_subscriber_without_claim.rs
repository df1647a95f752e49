//! H017 `subscriber-without-claim`

use crate::claim::LoopId;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H017",
    name: "subscriber-without-claim",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Hl(|c, n| check(c, n.transaction, n.index))],
    summary: "a subscriber HL with no patient HL under it (HL04 `0`) holds no claim",
    ack: Ack {
        ik304: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a subscriber HL (loop 2000B, HL03 `22`) whose HL04 says it has no patient HL under
it (`0`) and that holds no claim: no `CLM` (loop 2300) before the next HL. When the patient
is the subscriber, the claims go in the subscriber's loop; a subscriber with neither
claims nor patients bills nothing. An HL04 `0` over a patient HL is H004's, and so is an
HL04 `1` with nothing under it; a subscriber loop holding segments that fit nowhere (a
line's segments whose `CLM` is missing) is H021's, which names the loop that never
started.

## Why does it matter?
The guide requires loop 2300 under a subscriber who is the patient; front ends reject the
transaction set (IK304 `3`, required segment missing). Usually the claim was lost when the
file was put together, or the claims were written under another HL.

## Example
```text
HL*2*1*22*0~
SBR*P*18*GRP01234******CI~
NM1*IL*1*DOE*JANE****MI*XJD000000001~
NM1*PR*2*EXAMPLE HEALTH PLAN*****PI*66783~
HL*3*1*22*0~
```

## How to fix
Put the subscriber's claims after its payer's `NM1*PR` loops, or leave out a subscriber
who has none.

## References
Loop 2000B HL04 (hierarchical child code) and loop 2300 usage under 2000B.
"#,
};

/// H017
pub fn check(checker: &mut Checker, t: &Transaction<'_>, i: usize) {
    let hl = &t.hls[i];
    if hl.level != b"22" || hl.child_code != b"0" {
        return;
    }
    // A patient HL under it after all, by HL02 or by position: HL04 is wrong (H004).
    let below = t.hls.get(i + 1).filter(|h| h.enclosing == Some(i));
    if hl.first_child.is_some() || below.is_some() {
        return;
    }
    // The claims of the subscriber's loop are its CLMs placed in loop 2300 (each is one
    // of `t.claims`), before the next HL: read in the few segments after the HL, not
    // searched for among a large set's claims, whose search missed the caches.
    let end = t.hls.get(i + 1).map_or(t.segments.len(), |h| h.index);
    let range = hl.index + 1..end.max(hl.index + 1);
    let holds_claim = t.loops[range.clone()]
        .iter()
        .zip(&t.segments[range.clone()])
        .any(|(&l, s)| l == LoopId::L2300 && s.is(b"CLM"));
    if holds_claim {
        return;
    }
    // A segment in the subscriber's loop that fit nowhere (a line's `DTP` with its `CLM`
    // lost, say) is H021's, which names the loop that never started: one finding.
    let stray = t.placements[range.clone()]
        .iter()
        .zip(&t.segments[range])
        .any(|(p, s)| p.definition().is_none() && !s.is(b"SE"));
    if stray {
        return;
    }
    let segment = &hl.segment;
    checker
        .report_in(
            Rule::SubscriberWithoutClaim,
            segment,
            segment.id_span(),
            format!(
                "subscriber HL `{}` has no patient HL under it and holds no claim",
                shown(hl.id)
            ),
        )
        .label("no claim (loop 2300) in this subscriber's loop")
        .help("put the subscriber's claims (loop 2300) after its payer, or leave out a subscriber who has none");
}
