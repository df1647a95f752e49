//! S002 `duplicate-procedure-modifier`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S002",
    name: "duplicate-procedure-modifier",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "the same procedure modifier appears twice on one line",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "453",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when one service line carries the same modifier twice, e.g. `HC:99213:25:25`.

## Why does it matter?
A repeated modifier adds nothing and usually means a different modifier was meant in the
second position; some payers deny the line for it.

## Example
```text
SV1*HC:20610:RT:RT*150*UN*1***1~
```

## How to fix
Send each modifier once, and check whether another modifier was intended.

## References
Loop 2400, SV101-3 to SV101-6 (data element 1339).
"#,
};

/// S002
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // One modifier or none cannot repeat: most lines leave here, on the count of SV101's
    // components the model kept.
    if sv1.modifier_count() >= 2 {
        report(checker, sv1);
    }
}

/// S002 on a line of two modifiers or more. Out of line, so that the check above inlines
/// into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    // SV101-3 to SV101-6 on the stack rather than in a vector: there are at most four.
    let mut modifiers = [None; 4];
    for (slot, m) in modifiers.iter_mut().zip(sv1.modifiers()) {
        *slot = Some(m);
    }
    for (i, m) in modifiers.iter().map_while(|m| *m).enumerate() {
        if m.is_empty() {
            continue;
        }
        if let Some(first) = modifiers[..i].iter().flatten().find(|p| p.value == m.value) {
            checker
                .report_in(
                    Rule::DuplicateProcedureModifier,
                    &sv1.segment,
                    m.span(),
                    format!("modifier `{}` is sent twice", shown(m.value)),
                )
                .element("SV1", 1, Some(i + 3))
                .label("repeated")
                .secondary(first.span(), "first sent here")
                .help("send each modifier once; check whether another modifier was intended");
        }
    }
}
