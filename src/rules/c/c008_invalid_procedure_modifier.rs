//! C008 `invalid-procedure-modifier`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C008",
    name: "invalid-procedure-modifier",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "a procedure modifier SV101-3..6 is not two letters or digits",
    ack: Ack {
        ik403: Some("5"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::components("SV1", 1, 3, 6)],
    doc: r#"## What it does
Checks every procedure modifier SV101-3 to SV101-6 that is present: each is exactly two
upper-case letters or digits (CPT modifiers are two digits such as `25`; HCPCS Level II
modifiers start with a letter, such as `LT` or `JW`).

## Why does it matter?
A modifier of the wrong length fails the element's size check in the 999 (IK403 4 or 5),
which rejects the claim; a lower-case modifier is not recognised by the payer.

## Example
```text
SV1*HC:99213:25X*100*UN*1***1~
```

## How to fix
Send each modifier as its two characters in its own component: `HC:99213:25`.

## References
Loop 2400, SV101-3 to SV101-6 (data element 1339, AN 2/2).
"#,
};

/// Whether a modifier as sent is fine for C008: empty, or two upper-case letters or digits.
fn well_formed(v: &[u8]) -> bool {
    v.is_empty()
        || (v.len() == 2
            && v.iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

/// C008
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Most lines send no modifier at all, and the rest well-formed ones.
    if !sv1.modifiers().all(|m| well_formed(m.value)) {
        report(checker, sv1);
    }
}

/// C008 on a line with a malformed modifier. Out of line, so that the check above inlines
/// into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    for (i, m) in sv1.modifiers().enumerate() {
        let v = m.value;
        if well_formed(v) {
            continue;
        }
        let n = i + 3;
        let problem = if v.len() != 2 {
            format!("{} characters long", v.len())
        } else {
            "not upper-case letters or digits".to_string()
        };
        checker
            .report_in(
                Rule::InvalidProcedureModifier,
                &sv1.segment,
                m.span(),
                format!("procedure modifier `{}` in SV101-{n} is {problem}", shown(v)),
            )
            .element("SV1", 1, Some(n))
            .label("expected two letters or digits")
            .help("send each modifier as exactly two characters in its own component, e.g. `HC:99213:25`");
    }
}
