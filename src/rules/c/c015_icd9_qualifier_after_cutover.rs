//! C015 `icd9-qualifier-after-cutover`

use super::service_date;
use crate::claim::Diagnosis;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C015",
    name: "icd9-qualifier-after-cutover",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "an ICD-9-CM diagnosis qualifier (`BK`/`BF`) on a claim dated on or after 2015-10-01, or ICD-9 and ICD-10 qualifiers mixed",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "255",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks the code list qualifiers of the claim's diagnosis HI segment against its dates of
service (the lines' `DTP*472`, or the claim's `DTP*434`):

- `BK` (ICD-9-CM principal diagnosis) and `BF` (ICD-9-CM other diagnosis) are reported
  when any date of service is on or after 2015-10-01, the date HIPAA replaced ICD-9-CM
  with ICD-10-CM (`ABK`, `ABF`). Claims for earlier dates of service correctly use `BK`
  and `BF`, as the implementation guide's own examples (dated 2004–2006) do;
- a claim that mixes ICD-9-CM and ICD-10-CM qualifiers is reported whatever its dates:
  all diagnoses of one claim come from one code set.

Without any date of service only the mixing is checked. The codes themselves are C014's
finding (ICD-10-CM only).

## Why does it matter?
Since 2015-10-01 payers accept only ICD-10-CM diagnoses for services on or after that
date, and reject claims with ICD-9-CM qualifiers or with both (277CA A7).

## Example
```text
HI*BK:4779*BF:2724~
LX*1~
SV1*HC:99213*100*UN*1***1:2~
DTP*472*D8*20240110~
```

## How to fix
Code the diagnoses in ICD-10-CM and send them as `ABK` (principal) and `ABF` (others). A
claim for services before 2015-10-01 keeps ICD-9-CM with `BK` and `BF` throughout.

## References
Loop 2300 HI, code list qualifier code (data element 1270): `ABK`/`ABF` ICD-10-CM,
`BK`/`BF` ICD-9-CM; 45 CFR 162.1002 (ICD-10-CM compliance date 2015-10-01).
"#,
};

/// C015
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    // Nearly every claim is coded in ICD-10-CM throughout: one look for an ICD-9-CM
    // qualifier rules it out before any composite is kept.
    if !claim.diagnosis_list().any(|dx| dx.is_icd9()) {
        return;
    }
    let mut icd9: Option<Diagnosis<'_>> = None;
    let mut icd10: Option<Diagnosis<'_>> = None;
    let mut icd9_count = 0;
    for dx in claim.diagnosis_list() {
        if dx.is_icd9() {
            icd9_count += 1;
            icd9.get_or_insert(dx);
        } else if dx.is_icd10() {
            icd10.get_or_insert(dx);
        }
    }
    let Some(first9) = icd9 else {
        return;
    };
    let after = service_date::of_claim(claim)
        .map(|(first, last)| {
            if first.date.0 >= service_date::ICD10_CUTOVER {
                first
            } else {
                last
            }
        })
        .filter(|d| d.date.0 >= service_date::ICD10_CUTOVER);
    if let Some(dos) = after {
        let qualifier = shown(first9.qualifier.value);
        let label = match icd9_count {
            1 => format!("`{qualifier}` is for ICD-9-CM codes"),
            n => format!("`{qualifier}` is for ICD-9-CM codes ({n} ICD-9-CM codes in this claim)"),
        };
        checker
            .report_in(
                Rule::Icd9QualifierAfterCutover,
                &first9.hi,
                first9.qualifier.span(),
                format!(
                    "diagnosis qualifier `{qualifier}` is ICD-9-CM, but the claim has a date of service on or after 2015-10-01"
                ),
            )
            .element("HI", first9.position, Some(1))
            .label(label)
            .secondary(dos.span(), format!("date of service {}", dos.date))
            .help("code the diagnoses in ICD-10-CM: `ABK` for the principal diagnosis, `ABF` for the others");
        return;
    }
    let Some(first10) = icd10 else {
        return;
    };
    // Point at the composite that breaks with the claim's first code set.
    let (odd, first) = if first9.hi.ordinal < first10.hi.ordinal
        || (first9.hi.ordinal == first10.hi.ordinal && first9.position < first10.position)
    {
        (first10, first9)
    } else {
        (first9, first10)
    };
    let set = |dx: &Diagnosis<'_>| {
        if dx.is_icd9() {
            "ICD-9-CM"
        } else {
            "ICD-10-CM"
        }
    };
    checker
        .report_in(
            Rule::Icd9QualifierAfterCutover,
            &odd.hi,
            odd.qualifier.span(),
            "the claim mixes ICD-9-CM and ICD-10-CM diagnosis qualifiers",
        )
        .element("HI", odd.position, Some(1))
        .label(format!("`{}` is {}", shown(odd.qualifier.value), set(&odd)))
        .secondary(
            first.qualifier.span(),
            format!("`{}` is {}", shown(first.qualifier.value), set(&first)),
        )
        .help("code all diagnoses of a claim in one code set: ICD-10-CM (`ABK`/`ABF`) for dates of service from 2015-10-01, ICD-9-CM (`BK`/`BF`) before");
}
