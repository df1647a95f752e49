//! H031 `not-used-element`

use super::loop_name;
use crate::grammar::LoopDef;
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H031",
    name: "not-used-element",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an element the implementation guide marks not used has a value",
    ack: Ack {
        ik403: Some("I10"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a value in an element or component that the guide marks not used (N) in this
segment and loop, such as `NM106` (name prefix), `SV106` or `SV101-8`.

## Why does it matter?
The HIPAA guide forbids sending elements it does not use; receivers reject them in
the 999 (IK403 `I10`, implementation "not used" data element present).

## Example
```text
NM1*85*2*EXAMPLE FAMILY PRACTICE***DR**XX*1234567893~
```

## How to fix
Remove the value (keep the separators only if a later element has a value).

## References
Element usage `N` in `grammar/loops/`.
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
            Rule::NotUsedElement,
            segment,
            f.span,
            format!(
                "{} is not used in {} but has a value",
                f.def.reference,
                loop_name(l)
            ),
        )
        .label("not used here")
        .help(format!("remove the value of {}", f.def.reference))
}
