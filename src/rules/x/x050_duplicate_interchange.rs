//! X050 `duplicate-interchange`

use crate::batch::Earlier;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X050",
    name: "duplicate-interchange",
    snip: Snip::Integrity,
    severity: Severity::Error,
    // A run-level check: within one file it runs with the envelope; across the files of a
    // run and against `--seen` it runs in the command line's cross-file pass, which words
    // its findings with this rule's `report`.
    checks: &[Check::Finding(Node::Syntax)],
    summary: "an interchange was sent before: same sender, ISA13 and content",
    ack: Ack::NONE,
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports an interchange whose sender (ISA05, ISA06), control number (ISA13) and content
(every segment after the ISA to the IEA) are those of an interchange seen earlier: earlier
in the same file, in a file checked before it in the same run, or, with `--seen FILE`, in
an earlier run. The finding is on the later copy and names the earlier one.

## Why does it matter?
Receivers keep the control numbers of the interchanges they accepted and reject a
resubmission (TA1 note 025, duplicate interchange control number), or worse, process its
claims twice. Sending a whole file again by mistake is a classic batch error: a job
retried after a time-out, a file copied back into the outbound folder.

## Example
`out/monday.x12` and `out/monday-copy.x12` hold the same interchange `000000101`; the
finding is on ISA13 of the copy: `interchange 000000101 from ZZ CLAIMLINTSUB was sent before`,
labelled `first at segment 1 of out/monday.x12`.

## How to fix
Remove the copy from the outbound folder. If the claims really must be sent again, send
them in a new interchange with a new ISA13, as replacement claims (CLM05-3 `7`) where
the payer already has them.

## References
ISA06 (I07), ISA13 (I12); TA1 note code 025.
"#,
};

/// X050: reports the interchange at `isa`; returns the start of its ISA13 span.
pub fn report(checker: &mut Checker, isa: &Segment<'_>, earlier: &Earlier) -> usize {
    let span = element_span(isa, 13);
    let d = checker
        .report_in(
            Rule::DuplicateInterchange,
            isa,
            span,
            format!(
                "interchange `{}` from `{} {}` was sent before",
                shown(isa.value(13)),
                shown(isa.value(5)),
                shown(isa.value(6)),
            ),
        )
        .element("ISA", 13, None)
        .label(format!(
            "same sender, control number and content as {}",
            earlier.describe()
        ))
        .help(
            "remove the copy; to send its claims again, use a new ISA13 and mark them as \
             replacements (CLM05-3 `7`)",
        );
    if let Some(first) = earlier.span {
        d.secondary(first, "first sent here");
    }
    span.start
}
