//! H029 `trailing-separator`

use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H029",
    name: "trailing-separator",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a segment or composite ends with empty elements or components",
    ack: Ack {
        ik304: Some("8"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports separators at the end of a segment or composite with nothing after them:
`NM1*41*2*SUBMITTER*****46*TGJ23**~` or `SV1*HC:99213:~`. Empty elements in the middle are
how X12 skips an element and are fine; at the end they must be left out.

## Why does it matter?
X12 requires trailing empty elements and components to be omitted. Strict receivers
reject the segment (reported in the 999 as a segment error, IK304 `8`).

## Example
```text
REF*EI*123456789**~
```

## How to fix
Delete the separators after the last element (or component) that has a value.

## References
X12.6 rules for omitted data elements.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    checker
        .report_in(
            Rule::TrailingSeparator,
            segment,
            f.span,
            if f.def.component > 0 {
                format!(
                    "composite {} ends with empty components after {}",
                    &f.def.reference[..f.def.reference.find('-').unwrap_or(f.def.reference.len())],
                    f.def.reference
                )
            } else {
                format!(
                    "`{}` segment ends with empty elements after {}",
                    shown(segment.id()),
                    f.def.reference
                )
            },
        )
        .label("trailing separators")
        .help("delete the separators after the last value")
}
