//! X027 `duplicate-interchange-control-number`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X027",
    name: "duplicate-interchange-control-number",
    snip: Snip::Integrity,
    severity: Severity::Warning,
    checks: &[Check::Interchange(|c, n| {
        if let Some(first) = n.earlier {
            report(c, &n.interchange.isa, first);
        }
    })],
    summary: "two interchanges in one file share an ISA13",
    ack: Ack {
        ta1: Some("025"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that every ISA13 in a file is unique.

## Why does it matter?
Receivers use ISA13 to detect resubmitted files: an interchange whose control number was
seen before may be discarded as a duplicate (TA1 025), and its claims never processed.

## Example
Two interchanges in one file, both with ISA13 `000000101`.

## How to fix
Increment the interchange control number for every interchange you send.

## References
ISA13 (I12).
"#,
};

/// X027
pub fn report(checker: &mut Checker, isa: &Segment<'_>, first: &Segment<'_>) {
    checker
        .report_in(
            Rule::DuplicateInterchangeControlNumber,
            isa,
            element_span(isa, 13),
            format!(
                "interchange control number `{}` is used twice in this file",
                shown(isa.value(13))
            ),
        )
        .element("ISA", 13, None)
        .label("duplicate")
        .secondary(element_span(first, 13), "first used here")
        .help("use a new ISA13 for every interchange");
}
