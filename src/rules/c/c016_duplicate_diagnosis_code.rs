//! C016 `duplicate-diagnosis-code`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C016",
    name: "duplicate-diagnosis-code",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    checks: &[Check::Claim(check)],
    summary: "the same diagnosis code appears twice in the claim's HI",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "255",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a diagnosis code that the claim's diagnosis HI segment lists again: the second
and any later copy of the same code, whatever its qualifier.

## Why does it matter?
Each of the at most 12 diagnosis positions is a place a line can point to (SV107). A
repeated code wastes a position and makes the pointers ambiguous; some payers reject the
claim (277CA), others drop the copy and shift the positions the lines point to.

## Example
```text
HI*ABK:J029*ABF:R509*ABF:J029~
```

## How to fix
List each diagnosis once, and point the lines at that one position.

## References
Loop 2300 HI, health care diagnosis code (data elements 1270, 1271); loop 2400 SV107
diagnosis code pointers.
"#,
};

/// C016
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    if claim.diagnosis_count < 2 {
        return;
    }
    // Each code is compared with those before it, by value: a claim has a few codes, and
    // the composites are only built for a finding.
    for (i, value) in claim.diagnosis_values().enumerate() {
        if value.is_empty() {
            continue;
        }
        let Some(n) = claim.diagnosis_values().take(i).position(|v| v == value) else {
            continue;
        };
        // A finding: the two composites, for its wording.
        let (Some(dx), Some(first)) =
            (claim.diagnosis_list().nth(i), claim.diagnosis_list().nth(n))
        else {
            continue;
        };
        let Some(code) = dx.code else {
            continue;
        };
        let first_code = first.code.map_or(first.qualifier.span(), |c| c.span());
        checker
            .report_in(
                Rule::DuplicateDiagnosisCode,
                &dx.hi,
                code.span(),
                format!("diagnosis code `{}` is listed twice", shown(code.value)),
            )
            .element("HI", dx.position, Some(2))
            .label(format!("same code as diagnosis {}", n + 1))
            .secondary(first_code, "first listed here")
            .help("list each diagnosis once and point the service lines at that position");
    }
}
