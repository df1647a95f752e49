//! S009 `duplicate-diagnosis-pointer`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S009",
    name: "duplicate-diagnosis-pointer",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "the same diagnosis pointer appears twice in one SV107",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "477",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when one service line points at the same diagnosis twice, e.g. SV107 `1:2:1`.
Pointers that are not `1` to `12` are left to H012.

## Why does it matter?
Each of the four pointer positions can carry a different diagnosis that supports the
line. A repeated pointer wastes one and usually means another diagnosis was meant; some
payers reject the line for it.

## Example
```text
SV1*HC:99213*100*UN*1***1:2:1~
```

## How to fix
Point at each diagnosis once, most important first, and check whether another diagnosis
was intended in the repeated position.

## References
Loop 2400 SV107 composite diagnosis code pointer (data element 1328).
"#,
};

/// S009
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Plain pointers, read by the model, each sent once: no piece to build. Nearly every
    // line leaves here.
    if sv1.plain_pointers().is_some_and(|p| !p.has_repeat()) {
        return;
    }
    report(checker, sv1);
}

/// S009 on a line whose pointers are not plain, or repeat one. Out of line, so that the
/// check above inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let Some(pointers) = sv1.pointers() else {
        return;
    };
    // The first component sent with each pointer value, by the pointer's number.
    let mut first_sent = [None; 13];
    for p in pointers.components() {
        let Some(n) = pointer_number(p.value) else {
            continue;
        };
        let Some(first) = first_sent[n] else {
            first_sent[n] = Some(p);
            continue;
        };
        checker
            .report_in(
                Rule::DuplicateDiagnosisPointer,
                &sv1.segment,
                p.span(),
                format!("diagnosis pointer `{}` is sent twice", shown(p.value)),
            )
            .element("SV1", 7, Some(p.position))
            .label("repeated")
            .secondary(first.span(), "first sent here")
            .help("point at each diagnosis once; check whether another diagnosis was intended");
    }
}

/// The number of a pointer `1` to `12` without leading zeros: the pointers H012 accepts.
fn pointer_number(value: &[u8]) -> Option<usize> {
    match value {
        [d @ b'1'..=b'9'] => Some(usize::from(d - b'0')),
        [b'1', d @ b'0'..=b'2'] => Some(10 + usize::from(d - b'0')),
        _ => None,
    }
}
