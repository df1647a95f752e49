//! P103 `ncci-add-on-without-primary`

use super::{codes_listed, pack};
use crate::codes::ncci::aoc::AocTable;
use crate::codes::ncci::{code_key, key_code};
use crate::rules::prelude::*;
use crate::rules::s::{ClaimLines, in_line_context};

pub const META: RuleMeta = RuleMeta {
    code: "P103",
    name: "ncci-add-on-without-primary",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "an add-on code of the NCCI add-on code edits without a primary code it may be paid with on the same date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Runs only with an NCCI edit pack loaded (`--ncci DIR` or `ncci` under `[code-sets]` in
`claimlint.toml`) that holds the add-on code edit file CMS publishes every quarter. For the
add-on codes that file lists, it takes the place of S105's built-in table.

Warns about a line whose code is an add-on code of the file, with edits in force on the
line's date of service, when the claim has no line on that date that the edits accept as
its primary:

- type 1 edits list the only primary codes the add-on is paid with: one of them must be
  on the date;
- type 2 edits name no primary (`CCCCC`), and type 3 edits list some: the Medicare
  contractor decides which other codes count, so the rule only warns when no other
  service at all is on the date.

Dates are compared as S105 compares them: a D8 date is one day, and an RD8 range matches
every date it overlaps. A line whose code or date cannot be read keeps the rule quiet for
that date: other rules report it.

## Why does it matter?
An add-on code describes work done on top of a primary procedure by the same
practitioner, and is not paid alone: payers deny the add-on line when its primary is not
on the claim for the same date. Usually the primary was forgotten, billed on another
claim, or the wrong code of a pair was billed.

## Example
```text
LX*1~
SV1*HC:77771*40*UN*1***1~
DTP*472*D8*20240110~
```
With a pack whose add-on file lists `77771` as a type 1 add-on of `77770` and `77760`.

## How to fix
Bill the primary service on the same claim with the same date of service; or, when the
add-on was the only service of its kind that day, replace it with the primary (initial)
code.

## References
Loop 2400 SV101-2 procedure code, DTP\*472 service date; CMS, Medicare NCCI Add-on Code
Edits and the NCCI Policy Manual for Medicare Services, chapter I.
"#,
};

/// Whether P103 judges `code` in S105's place: it is enabled and the loaded add-on file
/// lists the code.
pub fn covers(checker: &Checker, code: &[u8]) -> bool {
    checker.enabled(Rule::NcciAddOnWithoutPrimary)
        && add_ons(checker).is_some_and(|t| code_key(code).is_some_and(|k| t.contains(k)))
}

fn add_ons<'s>(checker: &Checker<'s>) -> Option<&'s AocTable> {
    pack(checker).and_then(|p| p.aoc.as_ref())
}

/// P103 over the lines of one claim.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    let Some(table) = add_ons(checker) else {
        return;
    };
    for (i, line) in lines.lines.iter().enumerate() {
        let (Some(sv1), Some(code), Some((day, _))) = (line.sv1, line.code, line.period) else {
            continue;
        };
        let Some(key) = code_key(code.value) else {
            continue;
        };
        let rows = table.of(key);
        if rows.is_empty() {
            continue;
        }
        let in_force = || rows.iter().filter(|r| r.in_force(day.0));
        let Some(first) = in_force().next() else {
            continue;
        };
        let primaries: Vec<u32> = in_force().filter_map(|r| r.primary).collect();
        let contractor_decides = in_force().any(|r| r.kind != 1);
        let has_primary = lines.has_partner(i, |other| {
            contractor_decides
                || other
                    .code
                    .and_then(|c| code_key(c.value))
                    .is_some_and(|k| primaries.contains(&k))
        });
        if has_primary {
            continue;
        }
        let kind = if contractor_decides {
            in_force().map(|r| r.kind).max().unwrap_or(first.kind)
        } else {
            1
        };
        in_line_context(checker, lines.claim, line, |checker| {
            let d = checker.report_in(
                Rule::NcciAddOnWithoutPrimary,
                &sv1.segment,
                code.span(),
                if contractor_decides {
                    format!(
                        "add-on code `{}` is the only service on its date of service (NCCI add-on edit type {kind})",
                        shown(code.value)
                    )
                } else {
                    format!(
                        "add-on code `{}` has none of its primary codes on the same date of service (NCCI add-on edit type 1)",
                        shown(code.value)
                    )
                },
            );
            d.element("SV1", 1, Some(2));
            if primaries.is_empty() {
                d.label("needs its primary service on this date");
            } else {
                let listed = codes_listed(primaries.iter().map(|&k| key_code(k)), 6);
                d.label(if contractor_decides {
                    format!("needs a primary service on this date, such as {listed}")
                } else {
                    format!("needs {listed} on this date")
                });
            }
            d.help("bill the primary service on the same claim and date of service, or, when the add-on was the only such service that day, replace it with the primary (initial) code");
        });
    }
}
