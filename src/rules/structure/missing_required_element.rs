//! H030 `missing-required-element`

use super::{loop_name, name};
use crate::grammar::elements::ElementFinding;
use crate::grammar::{DataType, ElementDef, LoopDef};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H030",
    name: "missing-required-element",
    snip: Snip::Requirements,
    severity: Severity::Error,
    summary: "an element or component the implementation guide requires is empty or absent",
    ack: Ack {
        ik403: Some("1"),
        ..Ack::NONE
    },
    doc: r#"## What it does
Reports an element or component that the guide marks required in this segment and
loop, but that is empty or absent: `NM102` of the receiver, `CLM05-2` (the facility code
qualifier), `HI01-2` (the diagnosis code). Several in one segment give one finding.
Service-line elements with their own rule (SV101-1, SV102, SV104, SV107) are reported
there.

## Why does it matter?
A required element missing rejects the transaction set in the 999 (IK403 `1`).

## Example
```text
NM1*40*2*EXAMPLE HEALTH PLAN*****46*66783JJT~   (fine)
NM1*40**EXAMPLE HEALTH PLAN*****46*66783JJT~      (NM102 missing)
```

## How to fix
Fill in the element with a value allowed there.

## References
Element usage `R` in `grammar/loops/`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    l: &LoopDef,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    checker
        .report_in(
            Rule::MissingRequiredElement,
            segment,
            f.span,
            format!(
                "{} is required in {} but is missing",
                name(f.def),
                loop_name(l)
            ),
        )
        .label(format!("{} goes here", name(f.def)))
        .help(describe(f.def))
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
