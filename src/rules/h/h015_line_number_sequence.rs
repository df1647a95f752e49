//! H015 `line-number-sequence`

use crate::claim::LoopId;
use crate::rules::prelude::*;
use crate::x12::values::integer;

pub const META: RuleMeta = RuleMeta {
    code: "H015",
    name: "line-number-sequence",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "LX01 does not number a claim's service lines 1, 2, 3…",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks the assigned number LX01 of the service lines of each claim: the first line is `1`
and each following line is one more than the one before, starting again at `1` in every
claim. Only the first line out of sequence is reported in each claim. A line number that
is not a number at all (`+1`, `A`) is H034's finding while H034 runs, not this rule's too.

## Why does it matter?
Payers identify lines by this number in their acknowledgments and remittances (the claim
acknowledgment and the 835 refer back to it). Gaps, repeats or numbering carried over from
the previous claim make those references point at the wrong line, and many front ends
reject the claim.

## Example
```text
LX*1~
...
LX*3~
```
The second line is numbered `3`.

## How to fix
Number the lines of each claim `1`, `2`, `3`… in order, starting again at `1` for every
claim.

## References
Loop 2400 LX01 assigned number (data element 554).
"#,
};

/// H015: runs once per claim, and reports in the context of the line it finds.
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    for (i, line) in claim.lines.iter().enumerate() {
        let expected = i + 1;
        // A line with no LX counts, but its missing number is H021's finding.
        if !line.has_lx() {
            continue;
        }
        // LX01 as the model read it: the same number unless it was written with a `+`,
        // which the model reads and this rule does not (`LX*+1`); LX01 starts after `LX*`.
        if line.number() == Some(expected) && line.lx.raw.get(b"LX*".len()) != Some(&b'+') {
            continue;
        }
        if reported(checker, claim, i) {
            return;
        }
    }
}

/// H015 for line `i`, whose number the model read differently: whether LX01 is out of
/// sequence (and reported). Out of line, so that the loop above costs a few compares a line.
#[inline(never)]
fn reported(checker: &mut Checker, claim: &Claim<'_>, i: usize) -> bool {
    let expected = i + 1;
    let line = &claim.lines[i];
    let lx = &line.lx;
    let value = lx.value(1);
    if integer(value).and_then(|n| usize::try_from(n).ok()) == Some(expected) {
        return false;
    }
    checker.set_claim(Some(claim.ordinal), line.number());
    checker.set_loop(Some(LoopId::L2400.as_str()));
    let message = if value.is_empty() {
        format!("LX01 line number is missing; expected `{expected}`")
    } else {
        format!(
            "line number `{}` is out of sequence; expected `{expected}`",
            shown(value)
        )
    };
    let d = checker.report_in(Rule::LineNumberSequence, lx, element_span(lx, 1), message);
    d.element("LX", 1, None)
        .label(if i == 0 {
            "the first line of a claim is `1`".to_string()
        } else {
            format!("expected `{expected}`")
        })
        .help(
            "number the lines of each claim 1, 2, 3… in order, starting again at 1 in every claim",
        );
    if let Some(previous) = i.checked_sub(1).map(|p| &claim.lines[p])
        && previous.has_lx()
    {
        d.secondary(element_span(&previous.lx, 1), "the line before it");
    }
    checker.set_claim(Some(claim.ordinal), None);
    checker.set_loop(Some(LoopId::L2300.as_str()));
    true
}
