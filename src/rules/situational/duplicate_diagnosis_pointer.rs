//! S009 `duplicate-diagnosis-pointer`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S009",
    name: "duplicate-diagnosis-pointer",
    snip: Snip::Situational,
    severity: Severity::Warning,
    summary: "the same diagnosis pointer appears twice in one SV107",
    ack: Ack::NONE,
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
    let Some(pointers) = sv1.pointers() else {
        return;
    };
    let valid: Vec<_> = pointers
        .components()
        .filter(|p| is_pointer(p.value))
        .collect();
    for (i, p) in valid.iter().enumerate() {
        if let Some(first) = valid[..i].iter().find(|q| q.value == p.value) {
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
}

/// `1` to `12` without leading zeros: the pointers H012 accepts.
fn is_pointer(value: &[u8]) -> bool {
    matches!(value, [b'1'..=b'9'] | [b'1', b'0'..=b'2'])
}
