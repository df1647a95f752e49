//! C011 `unknown-hcpcs-code`

use super::Level2Code;
use super::service_date::{self, Coverage};
use crate::rules::prelude::*;
use crate::x12::values::Date;

pub const META: RuleMeta = RuleMeta {
    code: "C011",
    name: "unknown-hcpcs-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| {
        check(c, n.claim, n.line, n.sv1, n.level2())
    })],
    summary: "a well-formed HCPCS Level II code in SV101-2 is not in the CMS HCPCS file (warning after the embedded quarter, info before its history)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Looks up every HCPCS Level II procedure code (SV101-1 `HC`, SV101-2 a letter and four
digits) in the CMS Alpha-Numeric HCPCS file embedded in claimlint, the January 2026
quarter (`HCPCS 2026-01`). A newer quarter can be loaded with `--hcpcs FILE` or
`[code-sets] hcpcs` in `claimlint.toml`; the dates below are then the loaded file's. CPT
codes are C019's, and only when you load your licensed CPT list: claimlint ships none.

How sure the finding is depends on the line's date of service (its `DTP*472`, the first
date of a range; without one, the claim's `DTP*434`; without either, the code is not
checked):

- from 2014-06-30 (the oldest termination date the file still lists) to 2026-03-31 (the
  last day of the release's quarter): an **error**, since the file knows every code valid
  on those dates;
- after that: a **warning**, since CMS may have added the code in a later quarter;
- before 2014-06-30: **info**, since CMS drops codes some years after ending them, so a
  code missing from the file may have been valid then.

These levels apply while the rule keeps its default severity (error). When the
configuration gives the rule another severity, that severity is used for all three.

A code that is in the file but not valid on the date of service is C012's finding;
malformed codes are C003's, and retired local codes (`W`–`Z`) C004's.

## Why does it matter?
A code that does not exist cannot be priced: the payer rejects the claim (277CA A7,
"procedure code invalid") and the service is not paid until a corrected claim is sent.

## Example
```text
SV1*HC:E0115*75*UN*1***1~
DTP*472*D8*20240110~
```
`E0115` is not a HCPCS code: the crutch codes run from `E0110` to `E0118` and skip it.

## How to fix
Check the code against the CMS HCPCS file for the date of service and send the code that
was billed. If the service is new, the code may be newer than the embedded quarter.

## References
Loop 2400 SV101-2 (data element 234); CMS Alpha-Numeric HCPCS file, quarterly update
(public domain), fields ADD_DT and TERM_DT.
"#,
};

/// C011
pub fn check(
    checker: &mut Checker,
    claim: &Claim<'_>,
    line: &ServiceLine<'_>,
    sv1: &Sv1<'_>,
    level2: Option<&Level2Code<'_, '_>>,
) {
    let Some(&Level2Code { code, entry: None }) = level2 else {
        return;
    };
    let sets = checker.settings().code_sets();
    let table = sets.hcpcs();
    let Some(dos) = service_date::of_line(claim, line) else {
        return;
    };
    let value = shown(code.value);
    let release = sets.hcpcs_label();
    let file = sets.hcpcs_file();
    let covered_through = sets.hcpcs_covered_through();
    let oldest = table.oldest_termination();
    let (severity, message, label, secondary, help) =
        match service_date::hcpcs_coverage(dos.date, oldest, covered_through) {
            Coverage::Covered => (
                Severity::Error,
                format!("procedure code `{value}` is not a HCPCS Level II code"),
                format!("not in {release}"),
                format!("date of service {}", dos.date),
                "check the code in the CMS HCPCS file and send the code that was valid on the date of service".to_string(),
            ),
            Coverage::After => (
                Severity::Warning,
                format!("procedure code `{value}` is not in the {file}"),
                format!("not in {release}; CMS may have added it since"),
                format!(
                    "date of service {} is after {}, the last day {release} covers",
                    dos.date,
                    Date(covered_through)
                ),
                "check the code in the CMS quarterly HCPCS update for the date of service".to_string(),
            ),
            Coverage::Before => (
                Severity::Info,
                format!(
                    "procedure code `{value}` is not in {release}, which cannot judge its date of service"
                ),
                "not in the table; it may have been valid on that date".to_string(),
                format!(
                    "date of service {} is before {}: CMS no longer lists codes it ended before then",
                    dos.date,
                    Date(oldest)
                ),
                "check the code against the HCPCS file of the year of service".to_string(),
            ),
        };
    let severity = service_date::table_severity(checker, Rule::UnknownHcpcsCode, severity);
    let d = checker.report_in(Rule::UnknownHcpcsCode, &sv1.segment, code.span(), message);
    d.severity = severity;
    d.element("SV1", 1, Some(2))
        .label(label)
        .secondary(dos.span(), secondary)
        .help(help);
}
