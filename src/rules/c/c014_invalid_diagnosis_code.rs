//! C014 `invalid-diagnosis-code`

use super::diagnosis::{self, Diagnosis};
use super::service_date::{self, ICD10CM_FISCAL_YEAR_START, ServiceDate};
use crate::codes::tables::{self, ICD10CM_EFFECTIVE_THROUGH, ICD10CM_RELEASE};
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
- it is a billable code of the ICD-10-CM release embedded in claimlint
  (`ICD-10-CM FY2026 2026-04-01`, from the CDC/NCHS code list), not a category or
  subcategory that has more specific codes below it (`E11` is a category; `E119` is
  billable), and not a code the release does not have.

ICD-10-CM changes every October 1 (and sometimes on April 1): codes are added, deleted,
and split into more specific ones. The last check therefore depends on the claim's dates
of service (its lines' `DTP*472`, or the claim's `DTP*434`; without any, it is skipped),
measured against the fiscal year of the release, 2025-10-01 to 2026-09-30:

- a code that is not billable is an **error** for dates of service from 2025-10-01 on.
  Earlier dates are not judged: the code may have been billable before it was split (as
  `R05`, cough, was until 2021-09-30);
- a code the release does not have is an **error** for dates of service in the fiscal
  year, and a **warning** for earlier dates (it may have been deleted since) and for later
  ones (it may be new).

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
    for dx in diagnosis::of_claim(claim) {
        if !dx.is_icd10() {
            continue;
        }
        let Some(code) = dx.code.filter(|c| !c.is_empty()) else {
            continue;
        };
        let v = code.value;
        if v.contains(&b'.') {
            decimal_point(checker, &dx, code);
        } else if !is_icd10_shape(v) {
            bad_shape(checker, &dx, code);
        } else if !tables::icd10cm_billable(v)
            // Parsed only for the rare code that is not billable.
            && let Some(dates) = service_date::of_claim(claim)
        {
            not_billable(checker, &dx, code, dates);
        }
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
    let (severity, message, label, date, secondary, help) = if tables::icd10cm_known(v) {
        // Every October codes are split into more specific ones: before the fiscal year
        // of the release, a code that has children now may have been billable.
        if first.date.0 < ICD10CM_FISCAL_YEAR_START {
            return;
        }
        let kind = if v.len() == 3 {
            "a category"
        } else {
            "a subcategory"
        };
        (
            Severity::Error,
            format!("diagnosis code `{value}` is {kind}, not a billable code"),
            "use a more specific code".to_string(),
            first,
            format!("date of service {}", first.date),
            format!("send the billable code under `{value}` that describes the condition fully"),
        )
    } else {
        let message = format!("diagnosis code `{value}` is not in ICD-10-CM");
        let help = "check the code in the ICD-10-CM release for the date of service".to_string();
        let label = format!("not in {ICD10CM_RELEASE}");
        if first.date.0 < ICD10CM_FISCAL_YEAR_START {
            (
                Severity::Warning,
                message,
                label,
                first,
                format!(
                    "date of service {} is before {}, when this release's fiscal year began: the code may have been deleted since",
                    first.date,
                    Date(ICD10CM_FISCAL_YEAR_START)
                ),
                help,
            )
        } else if last.date.0 > ICD10CM_EFFECTIVE_THROUGH {
            (
                Severity::Warning,
                message,
                label,
                last,
                format!(
                    "date of service {} is after {}, the last day this release applies to: the code may be new",
                    last.date,
                    Date(ICD10CM_EFFECTIVE_THROUGH)
                ),
                help,
            )
        } else {
            (
                Severity::Error,
                message,
                label,
                first,
                format!("date of service {}", first.date),
                help,
            )
        }
    };
    let severity = service_date::table_severity(checker, Rule::InvalidDiagnosisCode, severity);
    let d = checker.report_in(Rule::InvalidDiagnosisCode, &dx.hi, code.span(), message);
    d.severity = severity;
    d.element("HI", dx.position, Some(2))
        .label(label)
        .secondary(date.span(), secondary)
        .help(help);
}
