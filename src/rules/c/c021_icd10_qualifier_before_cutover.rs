//! C021 `icd10-qualifier-before-cutover`

use super::service_date;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C021",
    name: "icd10-qualifier-before-cutover",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "an ICD-10-CM diagnosis qualifier (`ABK`/`ABF`) on a claim with a date of service before 2015-10-01",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "255",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a claim whose diagnoses are ICD-10-CM (`ABK`, `ABF`) while one of its dates of
service (the lines' `DTP*472`, or the claim's `DTP*434`) is before 2015-10-01, the date
HIPAA replaced ICD-9-CM with ICD-10-CM. It is the other side of C015, which reports
ICD-9-CM qualifiers on or after that date; a claim that mixes the two is C015's alone.
Without any date of service nothing is reported.

## Why does it matter?
Services before 2015-10-01 are coded in ICD-9-CM: payers reject a claim for them coded in
ICD-10-CM (277CA A7), and a claim whose services fall on both sides of the date must be
split in two.

## Example
```text
HI*ABK:J029*ABF:R509~
LX*1~
SV1*HC:99213*100*UN*1***1:2~
DTP*472*D8*20150910~
```

## How to fix
Check the dates of service; for services before 2015-10-01, code the diagnoses in
ICD-9-CM (`BK`, `BF`), and bill services before and after that date on separate claims.

## References
Loop 2300 HI, code list qualifier code (data element 1270); 45 CFR 162.1002 (ICD-10-CM
compliance date 2015-10-01).
"#,
};

/// C021
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    // Nearly every claim is dated after the cutover: its dates rule it out before its
    // diagnoses are read, the earliest of its lines' dates (what `of_claim` starts from)
    // before any date is kept.
    if claim
        .earliest_line_date()
        .is_some_and(|first| first.0 >= service_date::ICD10_CUTOVER)
    {
        return;
    }
    let Some((first, _)) =
        service_date::of_claim(claim).filter(|(f, _)| f.date.0 < service_date::ICD10_CUTOVER)
    else {
        return;
    };
    let mut first10 = None;
    for dx in claim.diagnosis_list() {
        if dx.is_icd9() {
            // Mixed code sets, or ICD-9-CM throughout: C015's.
            return;
        }
        if dx.is_icd10() {
            first10.get_or_insert(dx);
        }
    }
    let Some(first10) = first10 else {
        return;
    };
    let qualifier = shown(first10.qualifier.value);
    checker
        .report_in(
            Rule::Icd10QualifierBeforeCutover,
            &first10.hi,
            first10.qualifier.span(),
            format!(
                "diagnosis qualifier `{qualifier}` is ICD-10-CM, but the claim has a date of service before 2015-10-01"
            ),
        )
        .element("HI", first10.position, Some(1))
        .label(format!("`{qualifier}` is for ICD-10-CM codes"))
        .secondary(first.span(), format!("date of service {}", first.date))
        .help("code services before 2015-10-01 in ICD-9-CM (`BK`, `BF`), and bill services before and after that date on separate claims");
}
