//! C020 `external-cause-first-listed`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C020",
    name: "external-cause-first-listed",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "an ICD-10-CM external cause code (V00–Y99) is the first-listed diagnosis",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "255",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a claim whose first-listed diagnosis (HI01-2 of the diagnosis HI, qualifier `ABK`)
is an external cause code: ICD-10-CM chapter 20, codes V00–Y99, which start with `V`,
`W`, `X` or `Y`. External cause codes anywhere else on the claim are fine.

## Why does it matter?
External cause codes say how an injury or health condition happened (a fall from stairs,
a car accident), where and during what activity. The ICD-10-CM Official Guidelines for
Coding and Reporting say they are never sequenced first: they go with the code of the
injury or condition they explain. Payers' front ends reject a claim whose principal or
first-listed diagnosis is an external cause code.

## Example
```text
HI*ABK:W010XXA*ABF:S301XXA~
```
The fall is listed before the contusion it caused.

## How to fix
List the injury or condition first (here `S301XXA`) and the external cause code after it:
`HI*ABK:S301XXA*ABF:W010XXA~`, and point the service lines at the injury.

## References
Loop 2300 HI01-2 health care code information (data element 1271); ICD-10-CM Official
Guidelines for Coding and Reporting, section I.C.20 (external causes of morbidity: "an
external cause code can never be a principal (first-listed) diagnosis").
"#,
};

/// Whether an ICD-10-CM code is in chapter 20 (V00–Y99): its first letter says so.
pub fn is_external_cause(code: &[u8]) -> bool {
    matches!(code.first(), Some(b'V' | b'W' | b'X' | b'Y'))
        && code.get(1).is_some_and(u8::is_ascii_digit)
}

/// C020
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    // Only the first composite's qualifier and code are read here; the composite is built
    // again for a finding.
    if claim.diagnosis_list().next().is_some_and(|first| {
        first.is_icd10() && first.code.is_some_and(|c| is_external_cause(c.value))
    }) {
        report(checker, claim);
    }
}

/// C020 for a claim whose first-listed diagnosis is an external cause code.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>) {
    let Some(first) = claim.diagnosis_list().next() else {
        return;
    };
    let Some(code) = first
        .code
        .filter(|c| first.is_icd10() && is_external_cause(c.value))
    else {
        return;
    };
    let d = checker.report_in(
        Rule::ExternalCauseFirstListed,
        &first.hi,
        code.span(),
        format!(
            "external cause code `{}` is the first-listed diagnosis",
            shown(code.value)
        ),
    );
    d.element("HI", first.position, Some(2))
        .label("says how it happened, not what it is")
        .help("list the injury or condition first and the external cause code after it, and point the service lines at the injury or condition");
    // Name the condition it most likely belongs to, when the claim has one.
    if let Some(other) = claim
        .diagnosis_list()
        .skip(1)
        .filter_map(|dx| dx.code)
        .find(|c| !c.is_empty() && !is_external_cause(c.value))
    {
        d.secondary(
            other.span(),
            format!(
                "`{}` may be the condition to list first",
                shown(other.value)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_external_cause;

    #[test]
    fn chapter_20_by_first_letter() {
        for code in ["V0001XA", "W010XXA", "X58XXXA", "Y929", "Y99"] {
            assert!(is_external_cause(code.as_bytes()), "{code}");
        }
        for code in ["S3011XA", "T3120", "Z2389", "U071", "", "VA"] {
            assert!(!is_external_cause(code.as_bytes()), "{code}");
        }
    }
}
