//! H032 `element-too-short`

use super::{describe, value_at};
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H032",
    name: "element-too-short",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an element value is shorter than its minimum length",
    ack: Ack {
        ik403: Some("4"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a value with fewer characters than the element's minimum length (for numbers,
fewer digits: the sign and decimal point do not count), such as a one-character `NM109`
where the minimum is 2.

## Why does it matter?
Length is part of the element's definition; receivers reject the transaction set
(IK403 `4`, data element too short).

## Example
```text
N4*SPRINGFIELD*IL*62~
```

## How to fix
Send the full value; pad identifiers as their code set requires.

## References
The data element dictionary, `grammar/elements.toml`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let value = value_at(checker, f);
    checker
        .report_in(
            Rule::ElementTooShort,
            segment,
            f.span,
            format!(
                "{} `{value}` is shorter than its minimum of {}",
                f.def.reference, f.def.min
            ),
        )
        .label("too short")
        .help(describe(f.def))
}
