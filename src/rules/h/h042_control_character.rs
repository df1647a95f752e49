//! H042 `control-character`

use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H042",
    name: "control-character",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an element value contains a control character",
    ack: Ack {
        ik403: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a control character (a byte below 0x20, such as a tab, or DEL) inside an element
value. Line breaks after segment terminators are fine and are not element data.

## Why does it matter?
X12's character sets have no control characters; receivers reject the transaction set
(IK403 `6`, invalid character), and a tab or carriage return inside a name often
corrupts downstream files.

## Example
```text
NM1*IL*1*DOE<TAB>*JANE****MI*XJD000000001~
```

## How to fix
Remove the control character; check the program that builds the file for stray tabs
or carriage returns.

## References
X12.6 basic and extended character sets.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let bytes = checker.bytes();
    let byte = bytes
        .get(f.span.start..f.span.end)
        .and_then(|v| v.iter().find(|&&b| b < 0x20 || b == 0x7f))
        .copied()
        .unwrap_or(0);
    checker
        .report_in(
            Rule::ControlCharacter,
            segment,
            f.span,
            format!(
                "{} contains the control character 0x{byte:02X}",
                f.def.reference
            ),
        )
        .label("control character in the value")
        .help("remove the control character from the value")
}
