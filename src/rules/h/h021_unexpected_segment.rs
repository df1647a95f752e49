//! H021 `unexpected-segment`

use super::loop_name;
use crate::grammar::FindingKind;
use crate::grammar::LoopDef;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H021",
    name: "unexpected-segment",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::UnexpectedSegment {
            skipped,
            unstarted,
            opened,
        } = n.finding.kind
        {
            let unstarted = unstarted.map(|l| &crate::grammar::LOOPS[l]);
            report(c, n.segment(), n.loop_def(), skipped, unstarted, opened);
        }
    })],
    summary: "an 837P segment where the implementation guide has no place for it",
    ack: Ack {
        ik304: Some("2"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a segment of the 837P that fits neither the loop it appears in nor any loop that
could start or continue there, for example a `CLM` before any subscriber, or an `SV1`
outside a service line. Segments after it that fit nowhere either are counted in the same
finding until one fits again, so a misplaced block gives one finding.

When the segment belongs to a child loop whose first segment is missing, the finding
names that root cause: the loop never starts. It is then not also reported as a missing
required loop (H025).

An `SV1` with no `LX` before it, in a claim or right after another line, is read as the
start of a new service line (loop 2400): the finding names the missing `LX`, and the
line's own segments are placed and checked as usual. The line is not also reported for
its number (H015), and the claim's lines are counted with it, so the claim total (B001)
and the other line's service date (H013) are not reported because of the missing `LX`.

## Why does it matter?
Receivers place every segment by the guide's loop tree. A segment with no place
makes the loop unreadable and the transaction set is rejected (IK304 `2`, unexpected
segment).

## Example
```text
HL*1**20*1~
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
SV1*HC:99213*100*UN*1***1~
```

## How to fix
Move the segment into the loop it belongs to, or remove it.

## References
The 005010X222A1 loop tree (`grammar/loops/`).
"#,
};

pub fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    l: &LoopDef,
    skipped: usize,
    unstarted: Option<&LoopDef>,
    opened: bool,
) {
    let id = shown(segment.id());
    let message = match unstarted {
        Some(child) if opened => format!(
            "`{id}` has no `{}` before it: it was read as the start of a new loop {} ({}), which starts with `{}`",
            child.trigger().id,
            child.id,
            child.name,
            child.trigger().id,
        ),
        Some(child) => format!(
            "`{id}` belongs to loop {} ({}), which starts with `{}`: without it loop {} never starts here",
            child.id,
            child.name,
            child.trigger().id,
            child.id
        ),
        None => format!("`{id}` is not expected in {}", loop_name(l)),
    };
    let d = checker
        .report_in(Rule::UnexpectedSegment, segment, segment.id_span(), message)
        .label(match unstarted {
            Some(child) => format!("no `{}` before this", child.trigger().id),
            None => "no place for this segment here".to_string(),
        });
    if skipped > 0 {
        d.extend_message(&format!(
            "; the {skipped} segment(s) after it fit nowhere either and were not checked"
        ));
    }
    match unstarted {
        Some(child) => d.help(format!(
            "add the `{}` segment that starts loop {} before `{id}`",
            child.trigger().id,
            child.id
        )),
        None => d.help("move the segment to the loop it belongs to, or remove it"),
    };
}
