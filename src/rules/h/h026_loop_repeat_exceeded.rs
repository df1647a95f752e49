//! H026 `loop-repeat-exceeded`

use super::loop_name;
use crate::grammar::{FindingKind, LOOPS, LoopDef};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H026",
    name: "loop-repeat-exceeded",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::LoopRepeat { child, max } = n.finding.kind {
            report(c, n.segment(), n.loop_def(), &LOOPS[child], max);
        }
    })],
    summary: "a loop occurs more often than the implementation guide allows",
    ack: Ack {
        ik304: Some("4"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports the first occurrence of a loop beyond its repeat in its parent: a second
billing provider name (2010AA) in one billing provider HL, an eleventh other subscriber
(2320), more than 100 claims under one subscriber or patient. The 51st service line of a
claim is H016's.

## Why does it matter?
Repeat limits are syntax: the 999 rejects the transaction set with IK304 `4` (loop
occurs over maximum times).

## Example
```text
HL*1**20*1~
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
...
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
```

## How to fix
Remove the extra loop, or split the data (for example, claims over several subscribers'
HLs or transaction sets).

## References
Loop repeat in the `children` of each loop in `grammar/loops/`.
"#,
};

pub fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    parent: &LoopDef,
    child: &LoopDef,
    max: u32,
) {
    checker
        .report_in(
            Rule::LoopRepeatExceeded,
            segment,
            segment.id_span(),
            format!(
                "loop {} ({}) occurs more than {} in {}",
                child.id,
                child.name,
                if max == 1 {
                    "once".to_string()
                } else {
                    format!("{max} times")
                },
                loop_name(parent)
            ),
        )
        .label(format!("occurrence {} of loop {}", max + 1, child.id))
        .help(format!(
            "keep at most {max} of loop {} in each loop {}",
            child.id, parent.id
        ));
}
