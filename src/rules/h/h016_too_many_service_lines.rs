//! H016 `too-many-service-lines`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H016",
    name: "too-many-service-lines",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Line(|c, n| check(c, n.claim, n.index, n.line))],
    summary: "a claim has more than 50 service lines",
    ack: Ack {
        ik304: Some("4"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::repeated("LX")],
    doc: r#"## What it does
Counts the service lines (loop 2400) of each claim and reports the 51st: a professional
claim has at most 50 lines.

## Why does it matter?
The implementation guide sets the repeat of loop 2400 at 50 (the paper CMS-1500 form has
room for only six lines, so the limit is the electronic format's own). Receivers enforce it
as the loop's maximum repeat: the claim is rejected in the 999 as a loop that occurs too
many times.

## Example
```text
CLM*PCN0001*5100***11:B:1*Y*A*Y*Y~
...
LX*50~
...
LX*51~
```

## How to fix
Split the services into several claims of at most 50 lines each, keeping the total charge
CLM02 of each claim equal to the sum of its lines.

## References
Loop 2400 service line, repeat 50; LX01 assigned number (data element 554).
"#,
};

/// The most service lines one claim may have.
const MAX_LINES: usize = 50;

/// H016: `index` is the 0-based position of `line` in the claim.
pub fn check(checker: &mut Checker, claim: &Claim<'_>, index: usize, line: &ServiceLine<'_>) {
    if index != MAX_LINES {
        return;
    }
    let count = claim.lines.len();
    checker
        .report_in(
            Rule::TooManyServiceLines,
            &line.lx,
            line.lx.span(),
            format!("claim has {count} service lines; at most {MAX_LINES} are allowed"),
        )
        .label(format!("line {} of the claim", index + 1))
        .secondary(claim.clm.id_span(), "the claim")
        .help(format!(
            "split the services into claims of at most {MAX_LINES} lines, each with CLM02 equal to the sum of its lines"
        ));
}
