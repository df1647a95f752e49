//! H039 `too-many-components`

use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H039",
    name: "too-many-components",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a composite element has more components than its definition",
    ack: Ack {
        ik403: Some("13"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a composite element with more components than the composite has, for example
`CLM05` (`11:B:1:9`) or an `HI01` with ten. The extra components are
underlined.

## Why does it matter?
Receivers reject the transaction set (IK403 `13`, too many components).

## Example
```text
CLM*PCN0001*150***11:B:1:9*Y*A*Y*Y~
```

## How to fix
Remove the extra components.

## References
Composites in `grammar/segments.toml`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    checker
        .report_in(
            Rule::TooManyComponents,
            segment,
            f.span,
            format!(
                "{} has more than its {} components",
                f.def.reference,
                f.def.components.len()
            ),
        )
        .label("extra components")
        .help("remove the extra components")
}
