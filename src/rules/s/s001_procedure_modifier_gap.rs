//! S001 `procedure-modifier-gap`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S001",
    name: "procedure-modifier-gap",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "a procedure modifier follows an empty modifier position",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "453",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when a later modifier is present while an earlier position is empty, e.g. SV101-4
sent and SV101-3 empty.

## Why does it matter?
The syntax allows it, but it is almost always a mapping bug in the billing system: payers
read the first modifier as the one that prices the line, and an empty first modifier can
change the payment or make the line deny.

## Example
```text
SV1*HC:99213::25*100*UN*1***1~
```

## How to fix
Send modifiers in consecutive positions starting at SV101-3: `HC:99213:25`.

## References
Loop 2400, SV101-3 to SV101-6 (data element 1339).
"#,
};

/// S001
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // A gap needs an empty modifier before a sent one: two at least. Most lines leave
    // here, on the count of SV101's components the model kept.
    if sv1.modifier_count() >= 2 {
        report(checker, sv1);
    }
}

/// S001 on a line of two modifiers or more. Out of line, so that the check above inlines
/// into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let mut empty_before: Option<usize> = None;
    for (i, m) in sv1.modifiers().enumerate() {
        if m.is_empty() {
            empty_before.get_or_insert(i + 3);
            continue;
        }
        let Some(gap) = empty_before else {
            continue;
        };
        let n = i + 3;
        checker
            .report_in(
                Rule::ProcedureModifierGap,
                &sv1.segment,
                m.span(),
                format!(
                    "modifier `{}` is in SV101-{n} but SV101-{gap} is empty",
                    shown(m.value)
                ),
            )
            .element("SV1", 1, Some(n))
            .label(format!("SV101-{gap} before it is empty"))
            .help("send modifiers in consecutive positions starting at SV101-3");
        return;
    }
}
