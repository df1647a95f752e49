//! X024 `non-hipaa-guide-version`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X024",
    name: "non-hipaa-guide-version",
    snip: Snip::Integrity,
    severity: Severity::Warning,
    checks: &[Check::Group(|c, n| check(c, &n.group.gs, 8))],
    summary: "GS08 is 005010X222A2 or 005010X222, not the HIPAA version 005010X222A1",
    ack: Ack {
        ik502: Some("I6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Warns when GS08 is `005010X222A2`, a later X12 errata release, or the bare
`005010X222`. claimlint then checks the file as `005010X222A1`.

## Why does it matter?
HIPAA adopted the 5010 professional guide with its first errata, `005010X222A1`. Later
releases are not the mandated version, and many payers reject them. A non-HIPAA trading
partner may ask for one: the `non-hipaa` profile lowers this rule to info.

## Example
```text
GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X222A2~
```

## How to fix
Send `005010X222A1` in GS08 and ST03 unless your trading partner asked for another release.

## References
GS08, ST03; 75 FR 62684 (adoption of 5010 with errata).
"#,
};

/// X024 on `element` (GS08 or ST03).
pub fn check(checker: &mut Checker, segment: &Segment<'_>, n: usize) {
    let value = segment.value(n);
    if !matches!(value, b"005010X222A2" | b"005010X222") {
        return;
    }
    let id = segment.id_str();
    checker
        .report_in(
            Rule::NonHipaaGuideVersion,
            segment,
            element_span(segment, n),
            format!(
                "`{}` is not the HIPAA-adopted release `005010X222A1`",
                shown(value)
            ),
        )
        .element(&id, n, None)
        .label("checked as `005010X222A1`")
        .help(format!(
            "write `005010X222A1` in {id}{n:02} unless your trading partner asked for this release"
        ));
}
