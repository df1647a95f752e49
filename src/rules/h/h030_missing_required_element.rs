//! H030 `missing-required-element`

use super::{describe, loop_name};
use crate::grammar::LoopDef;
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H030",
    name: "missing-required-element",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an element or component the implementation guide requires is empty or absent",
    ack: Ack {
        ik403: Some("1"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports an element or component that the guide marks required in this segment and
loop, but that is empty or absent: `NM102` of the receiver, `CLM05-2` (the facility code
qualifier), `HI01-2` (the diagnosis code). Several in one segment give one finding.
Service-line elements with their own rule (SV101-1, SV102, SV104, SV107) are reported
there.

## Why does it matter?
A required element missing rejects the transaction set in the 999 (IK403 `1`).

## Example
```text
NM1*40*2*EXAMPLE HEALTH PLAN*****46*66783JJT~   (fine)
NM1*40**EXAMPLE HEALTH PLAN*****46*66783JJT~      (NM102 missing)
```

## How to fix
Fill in the element with a value allowed there.

## References
Element usage `R` in `grammar/loops/`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    l: &LoopDef,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    checker
        .report_in(
            Rule::MissingRequiredElement,
            segment,
            f.span,
            format!(
                "{} is required in {} but is missing",
                f.def.reference,
                loop_name(l)
            ),
        )
        .label(format!("{} goes here", f.def.reference))
        .help(describe(f.def))
}
