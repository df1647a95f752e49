//! C016 `duplicate-diagnosis-code`

use super::diagnosis;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C016",
    name: "duplicate-diagnosis-code",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    summary: "the same diagnosis code appears twice in the claim's HI",
    ack: Ack::NONE,
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
    for (i, dx) in diagnosis::of_claim(claim).enumerate() {
        let Some(code) = dx.code.filter(|c| !c.is_empty()) else {
            continue;
        };
        let Some((n, first)) = diagnosis::of_claim(claim)
            .take(i)
            .enumerate()
            .find(|(_, earlier)| earlier.value() == code.value)
        else {
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
