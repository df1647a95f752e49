//! H027 `segment-repeat-exceeded`

use super::loop_name;
use crate::grammar::FindingKind;
use crate::grammar::LoopDef;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H027",
    name: "segment-repeat-exceeded",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::SegmentRepeat { max } = n.finding.kind {
            report(c, n.segment(), n.loop_def(), max);
        }
    })],
    summary: "a segment occurs in its loop more often than its maximum use",
    ack: Ack {
        ik304: Some("5"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports the first occurrence of a segment beyond its maximum use in one loop instance,
for example a second `REF*EI` in the billing provider's loop or a third `PER` in the
submitter's. Each segment of the loop has its own maximum; `DTP*472` in a service line is
H013's.

## Why does it matter?
Maximum use is syntax: the 999 rejects the transaction set with IK304 `5` (segment
exceeds maximum use).

## Example
```text
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
N3*100 SAMPLE ROAD~
N4*SPRINGFIELD*IL*627010000~
REF*EI*123456789~
REF*EI*987654321~
```

## How to fix
Remove the extra segment, keeping the one with the right value.

## References
Segment maximum use (`max`) in `grammar/loops/`.
"#,
};

pub fn report(checker: &mut Checker, segment: &Segment<'_>, l: &LoopDef, max: u32) {
    // Name the use by its qualifier when the loop has several (`REF*EI`).
    let id = match l
        .segments
        .iter()
        .find(|s| s.id.as_bytes() == segment.id())
        .and_then(|s| s.qualifier.as_ref())
    {
        Some(q) if q.component == 0 => format!(
            "{}*{}",
            shown(segment.id()),
            shown(segment.value(q.element.into()))
        ),
        _ => shown(segment.id()),
    };
    checker
        .report_in(
            Rule::SegmentRepeatExceeded,
            segment,
            segment.id_span(),
            format!("`{id}` occurs more than {} in {}", times(max), loop_name(l)),
        )
        .label(format!("occurrence {} in this loop", max + 1))
        .help(format!("keep at most {max} `{id}` in each loop {}", l.id));
}

fn times(n: u32) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    }
}
