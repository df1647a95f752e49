//! C019 `unknown-cpt-code`

use super::service_date;
use crate::rules::prelude::*;
use crate::x12::values::Date;

pub const META: RuleMeta = RuleMeta {
    code: "C019",
    name: "unknown-cpt-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.line, n.sv1))],
    summary: "a CPT code in SV101-2 is not in your licensed CPT list (`--cpt`), or not valid on the date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Runs only when you load your own CPT list, with `--cpt FILE` or `[code-sets] cpt` in
`claimlint.toml`: CPT is licensed by the AMA, so claimlint ships no CPT codes and, without
your list, checks CPT codes by their shape and section only.

With a list loaded, every CPT code (SV101-1 `HC`, SV101-2 five digits, or four digits and
`F`, `T`, `U`, `M` or `A`) must be on it. When the list gives the code an add date or a
termination date, the line's date of service (its `DTP*472`, the first date of a range;
without one, the claim's `DTP*434`) must fall between them; without a date of service only
membership is checked.

The list is one code per line, optionally followed by a tab and an add date and another
tab and a termination date (both `YYYYMMDD`, either empty); `#` starts a comment line
(`<TAB>` below stands for a tab character):

```text
# our CPT 2026 list
99213
0042T<TAB>20050101
99201<TAB><TAB>20201231
```

## Why does it matter?
A CPT code that does not exist, was deleted, or did not exist yet on the date of service
cannot be priced: the payer rejects the line (277CA A7, "procedure code invalid") and it
is not paid until a corrected claim is sent. Deleted E/M and laboratory codes are common
on claims built from old fee schedules.

## Example
```text
SV1*HC:99201*75*UN*1***1~
DTP*472*D8*20240110~
```
With `99201` listed as terminated on 2020-12-31, the 2024 date of service is reported.

## How to fix
Bill the code that was valid on the date of service (the CPT book lists deleted codes and
their replacements), correct the date, or add a missing code to your list if the list is
out of date.

## References
Loop 2400 SV101-2 (data element 234) and DTP*472; CPT is maintained and licensed by the
American Medical Association.
"#,
};

/// C019: silent unless the settings carry a CPT list.
pub fn check(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    let Some(list) = checker.settings().code_sets().cpt() else {
        return;
    };
    let source = checker.settings().code_sets().cpt_source().unwrap_or("");
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    if !sv1.procedure_class().is_cpt() {
        return;
    }
    let value = shown(code.value);
    let Some(entry) = list.get(code.value) else {
        checker
            .report_in(
                Rule::UnknownCptCode,
                &sv1.segment,
                code.span(),
                format!("procedure code `{value}` is not in your CPT list"),
            )
            .element("SV1", 1, Some(2))
            .label(format!("not in {source}"))
            .help("check the code in the CPT edition of the date of service; if the code is right, your CPT list is missing it");
        return;
    };
    if entry.add_date.is_none() && entry.term_date.is_none() {
        return;
    }
    let Some(dos) = service_date::of_line(claim, line) else {
        return;
    };
    if entry.active_on(dos.date.0) {
        return;
    }
    let (message, label, help) = match (entry.term_date, entry.add_date) {
        (Some(term), _) if term < dos.date.0 => (
            format!(
                "procedure code `{value}` was deleted on {}, before the date of service",
                Date(term)
            ),
            format!("valid through {} in {source}", Date(term)),
            "bill the code that replaced it for this date of service, or correct the date",
        ),
        (_, add) => (
            format!(
                "procedure code `{value}` was added on {}, after the date of service",
                Date(add.unwrap_or_default())
            ),
            format!("valid from {} in {source}", Date(add.unwrap_or_default())),
            "bill the code that was valid on the date of service, or correct the date",
        ),
    };
    checker
        .report_in(Rule::UnknownCptCode, &sv1.segment, code.span(), message)
        .element("SV1", 1, Some(2))
        .label(label)
        .secondary(dos.span(), format!("date of service {}", dos.date))
        .help(help);
}
