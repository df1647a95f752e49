//! H040 `too-many-repetitions`

use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H040",
    name: "too-many-repetitions",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an element that does not repeat holds the repetition separator",
    ack: Ack {
        ik403: Some("12"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports an element containing the repetition separator (ISA11, often `^`): no element
of the 837P repeats, so the value is either split by mistake or uses the repetition
separator as data.

## Why does it matter?
Receivers read the value as several repetitions and reject the transaction set
(IK403 `12`, too many repetitions).

## Example
```text
N3*100 SAMPLE ROAD^SUITE 2~
```

## How to fix
Remove the repetition separator from the value, or choose a repetition separator (ISA11)
that never occurs in the data.

## References
ISA11 repetition separator; element repeat counts in the segment dictionary.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let separator = segment.delimiters.repetition.map_or('^', char::from);
    checker
        .report_in(
            Rule::TooManyRepetitions,
            segment,
            f.span,
            format!(
                "{} holds the repetition separator `{separator}`, but it does not repeat",
                f.def.reference
            ),
        )
        .label("repeated value")
        .help(format!(
            "remove `{separator}` from the value, or use another ISA11 repetition separator"
        ))
}
