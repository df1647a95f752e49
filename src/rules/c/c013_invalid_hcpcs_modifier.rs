//! C013 `invalid-hcpcs-modifier`

use super::service_date::{self, Coverage};
use crate::rules::prelude::*;
use crate::x12::values::Date;

pub const META: RuleMeta = RuleMeta {
    code: "C013",
    name: "invalid-hcpcs-modifier",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.line, n.sv1))],
    summary: "a HCPCS Level II modifier in SV101-3..6 is not in the CMS list or not valid on the date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "453",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Looks up every modifier SV101-3 to SV101-6 that starts with a letter (a HCPCS Level II
modifier such as `LT`, `JW` or `XS`) in the CMS modifier list of the Alpha-Numeric HCPCS
file embedded in claimlint (`HCPCS 2026-01`; a newer quarter can be loaded with
`--hcpcs FILE` or `[code-sets] hcpcs` in `claimlint.toml`), and checks that it was valid on the line's date of service (the
`DTP*472` date or the first date of a range; without one, the claim's `DTP*434`; without
either, the modifier is not checked). Numeric modifiers are CPT modifiers, licensed by the
AMA: claimlint checks only their shape (C008), as it does for every modifier that is not
two upper-case letters or digits.

A modifier missing from the list is judged like an unknown procedure code (C011): an
**error** for dates of service from 2012-03-31 (the oldest termination date the list
still holds) to 2026-03-31 (the last day of the release's quarter), a **warning** for
later dates (CMS may have added it since) and **info** for earlier ones (CMS drops ended
modifiers after some years). These levels apply while the rule keeps its default
severity (error); when the configuration gives the rule another severity, that severity
is used for all three. A modifier that is in the list but was terminated before the date
of service, or added after it, is always an error.

Two exceptions, because CMS publishes these modifiers elsewhere:

- Ambulance origin and destination modifiers are two letters from `D`, `E`, `G`, `H`,
  `I`, `J`, `N`, `P`, `R`, `S`, `X` (`RH`: residence to hospital). CMS lists them in its
  ambulance fee schedule instructions, not in the HCPCS file. They are never reported on
  an ambulance code (`A0021`–`A0999`), and a pair missing from the HCPCS list is never
  reported at all.
- The anesthesia physical status modifiers `P1`–`P6` come from the ASA and were in use
  long before CMS added them to the HCPCS file (2006-01-01), so their add date is not
  checked.

## Why does it matter?
Payers price and edit lines by their modifiers (laterality, distinct service, discarded
drug, liability notices). An unknown or ended modifier is rejected (277CA A7) or the line
is denied.

## Example
```text
SV1*HC:70450:QQ*250*UN*1***1~
DTP*472*D8*20250301~
```
`QQ` (clinical decision support consulted) was terminated on 2024-12-31.

## How to fix
Send a modifier valid on the date of service, or drop a modifier that is no longer
required.

## References
Loop 2400 SV101-3 to SV101-6 (data element 1339); CMS Alpha-Numeric HCPCS file, modifier
records (RIC 7), fields ADD_DT and TERM_DT (public domain); CMS Medicare Claims
Processing Manual, chapter 15 (ambulance origin and destination modifiers).
"#,
};

/// Letters of the ambulance origin and destination modifiers.
const ORIGIN_DESTINATION: &[u8] = b"DEGHIJNPRSX";

fn is_origin_destination(m: &[u8]) -> bool {
    m.len() == 2 && m.iter().all(|b| ORIGIN_DESTINATION.contains(b))
}

/// `A0021`–`A0999`: ambulance and other transport codes.
fn is_ambulance_code(code: Option<&[u8]>) -> bool {
    matches!(code, Some([b'A', b'0', rest @ ..]) if rest.len() == 3 && rest.iter().all(u8::is_ascii_digit))
}

/// C013
pub fn check(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    // Most lines send no modifier (SV101-3): nothing to look up.
    if sv1.modifiers().next().is_some() {
        report(checker, claim, line, sv1);
    }
}

/// C013 on a line with modifiers. Out of line, so that the check above inlines into the
/// SV1 dispatch and a line without modifiers costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    let ambulance = is_ambulance_code(sv1.code().map(|c| c.value));
    let sets = checker.settings().code_sets();
    let table = sets.hcpcs();
    let mut dos = None;
    for (i, m) in sv1.modifiers().enumerate() {
        let v = m.value;
        // Empty, numeric (CPT) and malformed modifiers are not looked up.
        if v.len() != 2
            || !v[0].is_ascii_uppercase()
            || !(v[1].is_ascii_uppercase() || v[1].is_ascii_digit())
        {
            continue;
        }
        // The dates alone first: most modifiers are in force on their date, and the rest of
        // the entry is read only for a finding.
        let dates = table.modifier_dates(v);
        if is_origin_destination(v) && (ambulance || dates.is_none()) {
            continue;
        }
        if dos.is_none() {
            dos = service_date::of_line(claim, line);
        }
        let Some(dos) = dos else {
            return;
        };
        let n = i + 3;
        match dates {
            Some(dates) => {
                if dates.active_on(dos.date.0) {
                    continue;
                }
                let Some(entry) = table.modifier(v) else {
                    // Never: the entry is there when its dates are.
                    continue;
                };
                // Quoted only for a finding: most modifiers are active on their date.
                let value = shown(v);
                let (message, label) = match entry.term_date {
                    Some(term) if term < dos.date.0 => (
                        format!(
                            "modifier `{value}` in SV101-{n} was terminated on {}, before the date of service",
                            Date(term)
                        ),
                        format!("{}: valid through {}", entry.short_description, Date(term)),
                    ),
                    _ if matches!(v, b"P1" | b"P2" | b"P3" | b"P4" | b"P5" | b"P6") => continue,
                    _ => (
                        format!(
                            "modifier `{value}` in SV101-{n} was added on {}, after the date of service",
                            Date(entry.add_date)
                        ),
                        format!(
                            "{}: valid from {}",
                            entry.short_description,
                            Date(entry.add_date)
                        ),
                    ),
                };
                checker
                    .report_in(Rule::InvalidHcpcsModifier, &sv1.segment, m.span(), message)
                    .element("SV1", 1, Some(n))
                    .label(label)
                    .secondary(dos.span(), format!("date of service {}", dos.date))
                    .help("send a modifier that was valid on the date of service, or leave it out if it is no longer required");
            }
            None => {
                let value = shown(v);
                // Worked out only for a finding: `hcpcs_file` formats a string.
                let release = sets.hcpcs_label();
                let file = sets.hcpcs_file();
                let covered_through = sets.hcpcs_covered_through();
                let oldest = table.modifier_oldest_termination();
                let (severity, message, label, secondary) = match service_date::hcpcs_coverage(
                    dos.date,
                    oldest,
                    covered_through,
                ) {
                    Coverage::Covered => (
                        Severity::Error,
                        format!("modifier `{value}` in SV101-{n} is not a HCPCS Level II modifier"),
                        format!("not in {release}"),
                        format!("date of service {}", dos.date),
                    ),
                    Coverage::After => (
                        Severity::Warning,
                        format!("modifier `{value}` in SV101-{n} is not in the {file}"),
                        format!("not in {release}; CMS may have added it since"),
                        format!(
                            "date of service {} is after {}, the last day {release} covers",
                            dos.date,
                            Date(covered_through)
                        ),
                    ),
                    Coverage::Before => (
                        Severity::Info,
                        format!(
                            "modifier `{value}` in SV101-{n} is not in {release}, which cannot judge its date of service"
                        ),
                        "not in the table; it may have been valid on that date".to_string(),
                        format!(
                            "date of service {} is before {}: CMS no longer lists modifiers it ended before then",
                            dos.date,
                            Date(oldest)
                        ),
                    ),
                };
                let severity =
                    service_date::table_severity(checker, Rule::InvalidHcpcsModifier, severity);
                let d =
                    checker.report_in(Rule::InvalidHcpcsModifier, &sv1.segment, m.span(), message);
                d.severity = severity;
                d.element("SV1", 1, Some(n))
                    .label(label)
                    .secondary(dos.span(), secondary)
                    .help("check the modifier in the CMS HCPCS file for the date of service; CPT modifiers are two digits, e.g. `25`");
            }
        }
    }
}
