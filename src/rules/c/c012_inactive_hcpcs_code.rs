//! C012 `inactive-hcpcs-code`

use super::Level2Code;
use super::service_date;
use crate::rules::prelude::*;
use crate::x12::values::Date;

pub const META: RuleMeta = RuleMeta {
    code: "C012",
    name: "inactive-hcpcs-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| {
        check(c, n.claim, n.line, n.sv1, n.level2())
    })],
    summary: "a HCPCS Level II code in SV101-2 was terminated before, or added after, the line's date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Looks up every HCPCS Level II procedure code (SV101-1 `HC`, SV101-2 a letter and four
digits) in the CMS Alpha-Numeric HCPCS file embedded in claimlint (`HCPCS 2026-01`; a
newer quarter can be loaded with `--hcpcs FILE` or `[code-sets] hcpcs` in
`claimlint.toml`) and compares its dates with the
line's date of service: the `DTP*472` date, or the first date of a range; without one,
the claim's `DTP*434`. A code is valid from its add date (ADD_DT) through its termination
date (TERM_DT), the last date of service it may be billed for. The rule reports a code
terminated before the date of service, and a code added after it, and shows the CMS
short description of the code.

A code missing from the file altogether is C011's finding.

## Why does it matter?
Payers edit every line against the HCPCS codes valid on its date of service. A code that
was ended (often replaced by a new HCPCS or CPT code) or did not exist yet is rejected
(277CA A7) and the line is not paid.

## Example
```text
SV1*HC:G0424*80*UN*1***1~
DTP*472*D8*20240110~
```
`G0424` (pulmonary rehabilitation with exercise) was terminated on 2021-12-31.

## How to fix
Bill the code that was valid on the date of service (the CMS quarterly update lists the
replacement of an ended code), or correct the date of service if it is wrong.

## References
Loop 2400 SV101-2 (data element 234) and DTP*472; CMS Alpha-Numeric HCPCS file, record
layout fields ADD_DT and TERM_DT (public domain).
"#,
};

/// C012
pub fn check(
    checker: &mut Checker,
    claim: &Claim<'_>,
    line: &ServiceLine<'_>,
    sv1: &Sv1<'_>,
    level2: Option<&Level2Code<'_, '_>>,
) {
    let Some(&Level2Code {
        code,
        entry: Some(entry),
    }) = level2
    else {
        return;
    };
    // Most lines have a date of their own (what `of_line` reads first), on which the code is
    // in force: compared as it stands, before a date of service is kept.
    if line
        .date_of_service
        .as_ref()
        .is_some_and(|d| entry.active_on(d.from.0))
    {
        return;
    }
    let Some(dos) = service_date::of_line(claim, line) else {
        return;
    };
    if entry.active_on(dos.date.0) {
        return;
    }
    let value = shown(code.value);
    let description = entry.short_description;
    let (message, label, help) = match entry.term_date {
        Some(term) if term < dos.date.0 => (
            format!(
                "procedure code `{value}` was terminated on {}, before the date of service",
                Date(term)
            ),
            format!("{description}: valid through {}", Date(term)),
            "bill the code that replaced it for this date of service (see the CMS HCPCS quarterly update)",
        ),
        _ => (
            format!(
                "procedure code `{value}` was added on {}, after the date of service",
                Date(entry.add_date)
            ),
            format!("{description}: valid from {}", Date(entry.add_date)),
            "bill the code that was valid on the date of service, or correct the date",
        ),
    };
    checker
        .report_in(Rule::InactiveHcpcsCode, &sv1.segment, code.span(), message)
        .element("SV1", 1, Some(2))
        .label(label)
        .secondary(dos.span(), format!("date of service {}", dos.date))
        .help(help);
}
