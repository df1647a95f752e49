//! H032 `element-too-short`

use super::name;
use crate::grammar::elements::ElementFinding;
use crate::grammar::{DataType, ElementDef};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H032",
    name: "element-too-short",
    snip: Snip::Requirements,
    severity: Severity::Error,
    summary: "an element value is shorter than its minimum length",
    ack: Ack {
        ik403: Some("4"),
        ..Ack::NONE
    },
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
                name(f.def),
                f.def.min
            ),
        )
        .label("too short")
        .help(describe(f.def))
}

/// The value a finding is about, for the message.
fn value_at(checker: &Checker, f: &ElementFinding) -> String {
    shown(
        checker
            .bytes()
            .get(f.span.start..f.span.end)
            .unwrap_or_default(),
    )
}

/// What the element holds: `NM109 is AN, 2 to 80 characters`.
fn describe(def: &ElementDef) -> String {
    match def.data_type {
        DataType::Composite => format!("{} is a composite", def.reference),
        t if def.min == def.max => format!(
            "{} is {}, {} characters",
            def.reference,
            t.as_str(),
            def.min
        ),
        t => format!(
            "{} is {}, {} to {} characters",
            def.reference,
            t.as_str(),
            def.min,
            def.max
        ),
    }
}
