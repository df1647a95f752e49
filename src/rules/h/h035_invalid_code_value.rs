//! H035 `invalid-code-value`

use super::{loop_name, value_at};
use crate::grammar::LoopDef;
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H035",
    name: "invalid-code-value",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an identifier element holds a code outside the guide's list for it",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports an ID element whose value is not one of the codes the guide lists for that
element in that segment and loop: `BHT06` other than `CH`/`RP`, `NM102` other than `1`/`2`,
`SBR09` outside the claim filing indicator codes. Qualifiers that tell segments apart are
H023's; HL03 is H003's; SV101-1 is C001's.

## Why does it matter?
Receivers reject the transaction set (IK403 `7`, invalid code value).

## Example
```text
BHT*0019*00*BATCH0001*20240115*1030*XX~
```

## How to fix
Use one of the codes listed in the message.

## References
Code lists in `grammar/loops/`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    l: &LoopDef,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let value = value_at(checker, f);
    let codes = f.def.codes;
    let mut list = codes
        .iter()
        .take(12)
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if codes.len() > 12 {
        list.push_str(&format!(" and {} more", codes.len() - 12));
    }
    checker
        .report_in(
            Rule::InvalidCodeValue,
            segment,
            f.span,
            format!(
                "{} `{value}` is not a code allowed in {}",
                f.def.reference,
                loop_name(l)
            ),
        )
        .label(format!("expected one of {list}"))
        .help(format!("use one of the codes of {}", f.def.reference))
}
