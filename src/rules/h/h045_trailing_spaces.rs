//! H045 `trailing-spaces`

use super::value_at;
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H045",
    name: "trailing-spaces",
    snip: Snip::Requirements,
    severity: Severity::Warning,
    checks: &[Check::Finding(Node::Element)],
    summary: "a string or identifier value ends in spaces",
    ack: Ack {
        ik403: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Warns about a string (AN) or identifier (ID) value outside the ISA that ends in one or
more spaces: `NM1*IL*1*DOE   *JANE~`, a name padded to a fixed width. The ISA's elements
are fixed-width and padded by design, and are not reported. A value that is too long
with its spaces is H033's; a code with spaces after it is not in its code list (H035).
Several in one segment give one finding.

## Why does it matter?
X12 values carry no padding. Strict front ends reject the value (IK403 `6`, as pyx12
does); others keep the spaces, so `DOE   ` no longer matches the member's name on file.

## Example
```text
NM1*IL*1*DOE   *JANE****MI*XJD000000001~
```

## How to fix
Trim the spaces at the end of the value; usually the program that writes the file pads
fields of a fixed width.

## References
X12.6 data types AN and ID; pyx12's check for trailing spaces.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let value = value_at(checker, f);
    let raw = checker
        .bytes()
        .get(f.span.start..f.span.end)
        .unwrap_or_default();
    let spaces = raw.iter().rev().take_while(|&&b| b == b' ').count();
    checker
        .report_in(
            Rule::TrailingSpaces,
            segment,
            f.span,
            format!(
                "{} `{value}` ends in {spaces} space{}",
                f.def.reference,
                if spaces == 1 { "" } else { "s" }
            ),
        )
        .label("spaces at the end")
        .help("trim the spaces at the end of the value")
}
