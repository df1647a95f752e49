//! H038 `too-many-elements`

use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H038",
    name: "too-many-elements",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a segment has more elements than its definition",
    ack: Ack {
        ik403: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a segment with more elements than the segment has in X12 (`LX*1*2`, or a
`NM1` with thirteen elements). The extra elements are underlined.

## Why does it matter?
Receivers reject the transaction set (IK403 `3`, too many data elements); the extra
data usually means a separator is in the wrong place.

## Example
```text
LX*1*1~
```

## How to fix
Remove the extra elements, or fix the separator that split a value in two.

## References
The segment dictionary, `grammar/segments.toml`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let id = shown(segment.id());
    let count = segment.element_count();
    checker
        .report_in(
            Rule::TooManyElements,
            segment,
            f.span,
            format!(
                "`{id}` has {count} elements; the segment has {}",
                f.def.position
            ),
        )
        .label("extra elements")
        .help("remove the extra elements, or fix the separator that split a value")
}
