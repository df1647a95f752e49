//! H028 `empty-segment`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H028",
    name: "empty-segment",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an empty segment: two segment terminators in a row",
    ack: Ack {
        ik304: Some("8"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a segment with nothing in it, as in `N3*100 SAMPLE ROAD~~N4*...`; a run of them is
one finding. Line breaks
after terminators are not segments and are not reported.

## Why does it matter?
X12 has no empty segments; receivers count it as a segment with a missing ID and reject
the transaction set. It also throws off SE01's segment count.

## Example
```text
N3*100 SAMPLE ROAD~~
N4*SPRINGFIELD*IL*627010000~
```

## How to fix
Remove the extra segment terminator.

## References
X12.6 segment structure.
"#,
};

/// H028: `run` empty segments start at `segment`.
pub fn report(checker: &mut Checker, segment: &Segment<'_>, run: usize) {
    let at = Span::at(segment.start, 0);
    let message = if run > 1 {
        format!("{run} empty segments in a row")
    } else {
        "empty segment".to_string()
    };
    checker
        .report_in(Rule::EmptySegment, segment, at, message)
        .label("a segment terminator follows another")
        .help(if run > 1 {
            "remove the extra segment terminators"
        } else {
            "remove the extra segment terminator"
        });
}
