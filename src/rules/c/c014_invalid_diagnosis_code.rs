//! C014 `invalid-diagnosis-code`

use super::service_date::{self, ServiceDate};
use crate::claim::Diagnosis;
use crate::codes::tables::{self, ICD10CM_EFFECTIVE_THROUGH, IcdRelease, IcdStatus};
use crate::rules::prelude::*;
use crate::x12::values::Date;

pub const META: RuleMeta = RuleMeta {
    code: "C014",
    name: "invalid-diagnosis-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "an ICD-10-CM diagnosis code in HI has a decimal point, a wrong shape, or is not a billable code",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "255",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks every ICD-10-CM diagnosis code of the claim's diagnosis HI segment (qualifier
`ABK` or `ABF`):

- the code is sent without its decimal point (`E119`, not `E11.9`);
- it has the ICD-10-CM shape: a letter, then two letters or digits, then up to four more
  (3 to 7 characters, upper case). A code that starts with a digit is usually an ICD-9-CM
  code sent with an ICD-10 qualifier;
- it is a billable code of the ICD-10-CM release in force on the date of service, not a
  category or subcategory that has more specific codes below it (`E11` is a category;
  `E119` is billable), and not a code that release does not have.

ICD-10-CM changes every October 1 (and sometimes on April 1): codes are added, deleted,
and split into more specific ones. claimlint embeds the CDC/NCHS code lists of several
fiscal years and judges each code by the one in force on the claim's dates of service (its
lines' `DTP*472`, or the claim's `DTP*434`; without any, the last check is skipped):

| release | dates of service |
|---|---|
| FY2021 | 2020-10-01 to 2021-09-30 |
| FY2025 | 2024-10-01 to 2025-09-30 |
| FY2026 (April 1, 2026 update) | 2025-10-01 to 2026-09-30 |

- a code that is not billable, or not in the release, for a date one of these releases
  covers is an **error**. A code billable under the release of the first or of the last
  date of service of the claim is fine, so a claim that spans October 1 is judged kindly;
- for other dates (before 2020-10-01, from 2021-10-01 to 2024-09-30, after 2026-09-30)
  the release in force is not embedded: a code billable in the nearest embedded release
  before or after is accepted, and anything else is a **warning** (it may have existed in
  between, or be new). A category after the newest release stays an **error**.

The FY2026 table is the April 1, 2026 update, applied from October 1, 2025: a code added
on April 1, 2026 is accepted from October 1, 2025.

These levels apply while the rule keeps its default severity (error); when the
configuration gives the rule another severity, that severity is used for all of them.
ICD-9-CM codes (`BK`, `BF`) are not checked against ICD-10-CM; C015 checks that the
qualifier fits the dates of service.

## Why does it matter?
Payers reject a claim whose diagnosis is not a valid, billable code for the date of
service (277CA A7), and an element with a decimal point can fail the 999.

## Example
```text
HI*ABK:E11.9*ABF:E11~
```

## How to fix
Send the code without the decimal point, and use the most specific (billable) code of
the ICD-10-CM release in force on the date of service.

## References
Loop 2300 HI, health care diagnosis code (data element 1271, "do not transmit the decimal
point"); ICD-10-CM (CDC/NCHS, public domain).
"#,
};

/// `^[A-Z][0-9A-Z][0-9A-Z][0-9A-Z]{0,4}$`: a letter, then 2 to 6 letters or digits.
/// (ICD-10-CM has letters in the second position too: `QA00`.)
fn is_icd10_shape(v: &[u8]) -> bool {
    (3..=7).contains(&v.len())
        && v[0].is_ascii_uppercase()
        && v[1..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The ICD-10-CM shape once upper-cased.
fn is_icd10_shape_ignoring_case(v: &[u8]) -> bool {
    (3..=7).contains(&v.len())
        && v[0].is_ascii_alphabetic()
        && v[1..].iter().all(u8::is_ascii_alphanumeric)
}

/// Why a value is not of ICD-10-CM shape.
fn shape_label(v: &[u8]) -> &'static str {
    if v.iter().any(u8::is_ascii_lowercase) && is_icd10_shape_ignoring_case(v) {
        "ICD-10-CM codes are upper case"
    } else if v.iter().any(|b| b.is_ascii_whitespace()) {
        "contains spaces"
    } else if v.first().is_some_and(u8::is_ascii_digit) {
        "looks like an ICD-9-CM code"
    } else if v.len() < 3 {
        "too short: ICD-10-CM codes have 3 to 7 characters"
    } else if v.len() > 7 {
        "too long: ICD-10-CM codes have 3 to 7 characters"
    } else {
        "expected a letter, then 2 to 6 letters or digits"
    }
}

/// C014
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    for (i, v) in claim.diagnosis_values().enumerate() {
        // Only the code is read here: a code of ICD-10-CM shape that is billable in every
        // embedded release (most codes) is fine whatever its qualifier, and costs one
        // lookup; the composite, with its qualifier, is built again only for the rest.
        if v.is_empty() || tables::icd10cm_shaped_always_billable(v) == Some(true) {
            continue;
        }
        judge(checker, claim, i);
    }
}

/// C014 for the `i`th diagnosis of the claim, a code that is not of ICD-10-CM shape or
/// not billable in every embedded release, when its qualifier makes it an ICD-10-CM code.
/// Out of line, so that the lookup above inlines into the loop.
#[inline(never)]
fn judge(checker: &mut Checker, claim: &Claim<'_>, i: usize) {
    let Some(dx) = claim.diagnosis_list().nth(i) else {
        return;
    };
    if !dx.is_icd10() {
        return;
    }
    let Some(code) = dx.code.filter(|c| !c.is_empty()) else {
        return;
    };
    let v = code.value;
    // Most codes have the shape, which rules out a decimal point: the code is searched
    // for one only when it has not.
    if is_icd10_shape(v) {
        // Parsed only for the rare code that is not billable in every embedded release.
        if let Some(dates) = service_date::of_claim(claim) {
            not_billable(checker, &dx, code, dates);
        }
    } else if v.contains(&b'.') {
        decimal_point(checker, &dx, code);
    } else {
        bad_shape(checker, &dx, code);
    }
}

fn decimal_point(checker: &mut Checker, dx: &Diagnosis<'_>, code: crate::x12::Piece<'_>) {
    let without: Vec<u8> = code.value.iter().copied().filter(|&b| b != b'.').collect();
    let help = if is_icd10_shape(&without) {
        format!(
            "send the code without the decimal point: `{}`",
            shown(&without)
        )
    } else {
        "send the code without the decimal point".to_string()
    };
    checker
        .report_in(
            Rule::InvalidDiagnosisCode,
            &dx.hi,
            code.span(),
            format!(
                "diagnosis code `{}` contains a decimal point",
                shown(code.value)
            ),
        )
        .element("HI", dx.position, Some(2))
        .label("remove the decimal point")
        .help(help);
}

fn bad_shape(checker: &mut Checker, dx: &Diagnosis<'_>, code: crate::x12::Piece<'_>) {
    let label = shape_label(code.value);
    let icd9 = label == "looks like an ICD-9-CM code";
    let help = if icd9 {
        "send the ICD-10-CM code with `ABK`/`ABF`; for dates of service before 2015-10-01, send the ICD-9-CM code with `BK`/`BF`"
    } else {
        "send an ICD-10-CM code: 3 to 7 characters, a letter first, upper case, no decimal point (e.g. `J029`)"
    };
    let d = checker.report_in(
        Rule::InvalidDiagnosisCode,
        &dx.hi,
        code.span(),
        format!(
            "diagnosis code `{}` is not an ICD-10-CM code",
            shown(code.value)
        ),
    );
    d.element("HI", dx.position, Some(2))
        .label(label)
        .help(help);
    if icd9 {
        d.secondary(
            dx.qualifier.span(),
            format!("`{}` is for ICD-10-CM codes", shown(dx.qualifier.value)),
        );
    }
}

fn not_billable(
    checker: &mut Checker,
    dx: &Diagnosis<'_>,
    code: crate::x12::Piece<'_>,
    (first, last): (ServiceDate<'_>, ServiceDate<'_>),
) {
    let v = code.value;
    let value = shown(v);
    let status = |r: &IcdRelease| tables::icd10cm_status(v, r);
    // A claim may span the start of a fiscal year: the code is fine under the release of
    // either end of its dates.
    let in_force = [first, last].map(|d| tables::icd10cm_release_on(d.date.0).map(|r| (r, d)));
    if in_force
        .iter()
        .flatten()
        .any(|(r, _)| status(r) == IcdStatus::Billable)
    {
        return;
    }
    let kind = if v.len() == 3 {
        "a category"
    } else {
        "a subcategory"
    };
    let not_billable = |release: &str| {
        (
            format!("diagnosis code `{value}` is {kind}, not a billable code"),
            format!("not billable in {release}"),
            format!("send the billable code under `{value}` that describes the condition fully"),
        )
    };
    let absent = |release: &str| {
        (
            format!("diagnosis code `{value}` is not in ICD-10-CM"),
            format!("not in {release}"),
            "check the code in the ICD-10-CM release for the date of service".to_string(),
        )
    };
    let (severity, (message, label, help), date, secondary) = if let Some((release, date)) =
        in_force.iter().flatten().next()
    {
        // The release in force on the date of service says it: an error.
        let text = match status(release) {
            IcdStatus::NotBillable => not_billable(release.label),
            _ => absent(release.label),
        };
        (
            Severity::Error,
            text,
            *date,
            format!(
                "date of service {}, under {} ({} to {})",
                date.date,
                release.label,
                Date(release.from),
                Date(release.through)
            ),
        )
    } else {
        // No embedded release applies: judge by the nearest ones, and only warn, since
        // the code may have existed in between (or be new).
        let (before, after) = tables::icd10cm_releases_around(first.date.0);
        let near: Vec<IcdRelease> = before.into_iter().chain(after).collect();
        if near.iter().any(|r| status(r) == IcdStatus::Billable) {
            return;
        }
        let labels = near
            .iter()
            .map(|r| r.label)
            .collect::<Vec<_>>()
            .join(" or ");
        let neither = match near.as_slice() {
            [a, b] => format!("neither {} nor {} has it", a.label, b.label),
            [a] => format!("{} does not have it", a.label),
            _ => "no embedded release has it".to_string(),
        };
        let header = near.iter().all(|r| status(r) == IcdStatus::NotBillable);
        // A category now, with no later release to say otherwise: still a category.
        let severity = if header && after.is_none() {
            Severity::Error
        } else {
            Severity::Warning
        };
        let text = if header {
            not_billable(&labels)
        } else {
            absent(&labels)
        };
        let secondary = match (before, after) {
            (_, None) => format!(
                "date of service {} is after {}, the last day the embedded releases apply to: the code may be new",
                last.date,
                Date(ICD10CM_EFFECTIVE_THROUGH)
            ),
            _ => format!(
                "date of service {}: the ICD-10-CM release in force then is not embedded, and {neither} as a billable code",
                first.date
            ),
        };
        (severity, text, first, secondary)
    };
    let severity = service_date::table_severity(checker, Rule::InvalidDiagnosisCode, severity);
    let d = checker.report_in(Rule::InvalidDiagnosisCode, &dx.hi, code.span(), message);
    d.severity = severity;
    d.element("HI", dx.position, Some(2))
        .label(label)
        .secondary(date.span(), secondary)
        .help(help);
}

#[cfg(test)]
mod tests {
    use super::is_icd10_shape;
    use crate::codes::tables::{
        icd10cm_always_billable, icd10cm_codes, icd10cm_shaped_always_billable,
    };

    /// The one-reading test of the check answers as the shape and the lookup asked apart:
    /// for every embedded code and codes one character away, and for values of other
    /// shapes. Each is asked twice, so that the second answer comes from the codes the
    /// thread remembers, after others have taken their slots.
    #[test]
    fn shape_and_lookup_in_one_reading() {
        let expected = |v: &[u8]| is_icd10_shape(v).then(|| icd10cm_always_billable(v));
        let mut billable = 0;
        for (code, _) in icd10cm_codes()
            .step_by(7)
            .chain(icd10cm_codes().step_by(11))
        {
            let code = code.as_bytes();
            let mut probes = vec![code.to_vec(), code[..code.len() - 1].to_vec()];
            probes.push([code, b"X"].concat());
            for replacement in [b'0', b'Z', b'a', b'.', b' ', 0, 0x80] {
                for at in 0..code.len() {
                    let mut changed = code.to_vec();
                    changed[at] = replacement;
                    probes.push(changed);
                }
            }
            for probe in probes.iter().chain(&probes) {
                let found = icd10cm_shaped_always_billable(probe);
                assert_eq!(found, expected(probe), "{probe:?}");
                billable += usize::from(found == Some(true));
            }
        }
        assert!(billable > 10_000, "{billable}");
        // A code, then the same bytes and a zero byte: the same packed bytes, another
        // length.
        for odd in [
            &b""[..],
            b"E",
            b"E1",
            b"e119",
            b"E11.9",
            b"1190",
            b"ZZZZZZZ",
            b"E1199999",
            b"E11",
            b"E11\0",
            b"E119",
            b"E119\0",
            b"E119\0\0\0",
        ]
        .iter()
        .cycle()
        .take(26)
        {
            assert_eq!(
                icd10cm_shaped_always_billable(odd),
                expected(odd),
                "{odd:?}"
            );
        }
    }
}
