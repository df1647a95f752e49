//! H003 `invalid-hl-level`

use crate::claim::Hl;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H003",
    name: "invalid-hl-level",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Hl(|c, n| check(c, n.hl()))],
    summary: "HL03 is not `20` (billing provider), `22` (subscriber) or `23` (patient)",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::element("HL", 3), Owned::qualifier("HL")],
    doc: r#"## What it does
Checks the hierarchical level code HL03 of every HL segment. The 837P has three levels:
`20` for the billing provider (loop 2000A), `22` for the subscriber (loop 2000B) and `23`
for a patient who is not the subscriber (loop 2000C). Any other code, or no code, is
reported.

## Why does it matter?
The level code says what the HL and the loops under it describe. With another code a
receiver cannot place the provider, subscriber or patient data, and rejects the transaction
set in its 999. Codes such as `19` (provider of service) or `PT` belong to other
transactions.

## Example
```text
HL*2*1*21*0~
```

## How to fix
Use `20` for a billing provider HL, `22` for a subscriber HL and `23` for a patient HL.

## References
HL03 hierarchical level code (data element 735), loops 2000A, 2000B and 2000C.
"#,
};

/// H003
pub fn check(checker: &mut Checker, hl: &Hl<'_>) {
    if hl.level_name().is_none() {
        report(checker, hl);
    }
}

/// [`check`]'s finding, worded out of line.
#[inline(never)]
fn report(checker: &mut Checker, hl: &Hl<'_>) {
    let segment = &hl.segment;
    let message = if hl.level.is_empty() {
        "HL03 hierarchical level code is missing".to_string()
    } else {
        format!(
            "`{}` is not a hierarchical level of the 837P",
            shown(hl.level)
        )
    };
    checker
        .report_in(
            Rule::InvalidHlLevel,
            segment,
            element_span(segment, 3),
            message,
        )
        .element("HL", 3, None)
        .label("expected `20`, `22` or `23`")
        .help("use `20` for the billing provider, `22` for a subscriber and `23` for a patient who is not the subscriber");
}
