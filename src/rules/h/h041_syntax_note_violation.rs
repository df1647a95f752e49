//! H041 `syntax-note-violation`

use crate::grammar::SyntaxKind;
use crate::grammar::elements::{ElementFinding, Problem};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H041",
    name: "syntax-note-violation",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a segment breaks one of its X12 syntax notes (paired, required, exclusive or conditional elements)",
    ack: Ack {
        ik403: Some("2"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a segment that breaks a syntax note of its X12 definition: `P` (the elements
are used together or not at all, as `NM108` and `NM109`), `R` (at least one of them),
`E` (at most one), `C` (if the first is used, the others are required) and `L` (if the
first is used, at least one of the others is). The element the note asks for is named.
A required element that is missing is H030's.

## Why does it matter?
Receivers reject the transaction set (IK403 `2`, conditional required data element
missing, or `10`, exclusion condition violated).

## Example
```text
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX~
```

## How to fix
Send the elements the note asks for together, or drop the one that should not be there.

## References
Syntax notes in `grammar/segments.toml`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let Problem::SyntaxNote(note) = f.problem else {
        unreachable!("H041 reports syntax notes only");
    };
    let id = segment.id_str();
    let names: Vec<String> = note
        .positions
        .iter()
        .map(|p| format!("{id}{p:02}"))
        .collect();
    let (first, rest) = (&names[0], names[1..].join(", "));
    let rule = match note.kind {
        SyntaxKind::Paired => format!("{} must be used together or not at all", names.join(", ")),
        SyntaxKind::RequiredOne => format!("at least one of {} is required", names.join(", ")),
        SyntaxKind::Exclusive => format!("at most one of {} may be used", names.join(", ")),
        SyntaxKind::Conditional => format!("when {first} is used, {rest} must be too"),
        SyntaxKind::ListConditional => {
            format!("when {first} is used, at least one of {rest} must be too")
        }
    };
    let d = checker.report_in(
        Rule::SyntaxNoteViolation,
        segment,
        f.span,
        format!("{rule} (syntax note {})", note.text),
    );
    if note.kind == SyntaxKind::Exclusive {
        // The 999 code for an exclusion, not a missing element.
        d.label(format!("{} is one too many", f.def.reference));
    } else {
        d.label(format!("{} is needed", f.def.reference));
    }
    d.help("send the elements the note asks for, or remove the one that should not be there")
}
