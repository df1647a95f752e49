//! S003 `unmatched-diagnosis-pointer`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S003",
    name: "unmatched-diagnosis-pointer",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.sv1))],
    summary: "an SV107 diagnosis pointer points past the claim's diagnosis codes",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "477",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks that every diagnosis code pointer in SV107 (a number 1–12) points at a diagnosis
code the claim has: pointer `n` needs at least `n` codes in the claim's diagnosis HI
segment (HI01 is position 1, HI02 position 2, …). The pointer's format has its own rule
(H012).

## Why does it matter?
The pointer says which diagnosis justifies the service. A pointer to a diagnosis that does
not exist leaves the line without medical necessity, and payers reject the claim
(277CA A7).

## Example
```text
HI*ABK:J029*ABF:R509~
LX*1~
SV1*HC:99213*100*UN*1***1:3~
```
Pointer `3`, but the claim has two diagnosis codes.

## How to fix
Point at an existing diagnosis, or add the missing diagnosis code to the claim's HI.

## References
Loop 2400 SV107 (data element 1328); loop 2300 HI (health care diagnosis code).
"#,
};

/// S003
pub fn check(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    // Plain pointers, read by the model, none past the last diagnosis: nothing to report
    // whatever the diagnosis HI, and no piece to build. Nearly every line leaves here.
    if sv1
        .plain_pointers()
        .is_some_and(|p| p.highest() <= claim.diagnosis_count)
    {
        return;
    }
    report(checker, claim, sv1);
}

/// S003 on a line whose pointers are not plain, or point past the claim's diagnoses. Out
/// of line, so that the check above inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    let Some(pointers) = sv1.pointers() else {
        return;
    };
    // Without a readable diagnosis HI the missing HI is the finding, not every pointer.
    if claim.diagnoses.is_empty() {
        return;
    }
    let count = claim.diagnosis_count;
    for (i, p) in pointers.components().enumerate() {
        // Pointers that are not digits, or outside 1–12, are a format problem, reported
        // by H012. Leading zeros are read (`012` is 12).
        if p.value.is_empty() || !p.value.iter().all(u8::is_ascii_digit) {
            continue;
        }
        let n = p.value.iter().fold(0usize, |n, &b| {
            n.saturating_mul(10).saturating_add(usize::from(b - b'0'))
        });
        if !(1..=12).contains(&n) || n <= count {
            continue;
        }
        let has = match count {
            1 => "1 diagnosis code".to_string(),
            c => format!("{c} diagnosis codes"),
        };
        let d = checker.report_in(
            Rule::UnmatchedDiagnosisPointer,
            &sv1.segment,
            p.span(),
            format!("diagnosis pointer `{n}` points past the claim's {has}"),
        );
        d.element("SV1", 7, Some(i + 1))
            .label(format!("no diagnosis {n}"))
            .help(
                "point at an existing diagnosis, or add the missing code to the claim's HI segment",
            );
        if let Some(hi) = claim.diagnoses.first() {
            d.secondary(hi.id_span(), format!("the claim has {has}"));
        }
    }
}
