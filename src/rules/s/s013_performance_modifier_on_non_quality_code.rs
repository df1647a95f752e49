//! S013 `performance-modifier-on-non-quality-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S013",
    name: "performance-modifier-on-non-quality-code",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "a CPT Category II performance measure modifier (1P, 2P, 3P, 8P) on a code that is not Category II",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "453",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a line that carries one of the CPT performance measure exclusion modifiers
`1P`, `2P`, `3P` or `8P` when its procedure code is not a CPT Category II code (four
digits and `F`, such as `3074F`).

## Why does it matter?
The four modifiers belong to CPT Category II: they say why a quality action was not
performed (`1P` medical reasons, `2P` patient reasons, `3P` system reasons) or was not
performed for an unspecified reason (`8P`), and CPT allows them on Category II codes
only. On a billable service they mean nothing, and payers reject the line as an invalid
procedure and modifier combination; most often the quality code they belonged to was
left out or the modifier landed on the wrong line.

## Example
```text
SV1*HC:99214:1P*160*UN*1***1~
```

## How to fix
Move the modifier to the Category II code it qualifies, as its own line with a zero
charge (`SV1*HC:4086F:1P*0*UN*1***1~`), or remove it.

## References
Loop 2400 SV101-2 and SV101-3..6; CPT Category II codes, performance measure exclusion
modifiers 1P, 2P, 3P and reporting modifier 8P (AMA).
"#,
};

/// The Category II performance measure modifiers.
const PERFORMANCE_MODIFIERS: [&[u8]; 4] = [b"1P", b"2P", b"3P", b"8P"];

/// S013
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Most lines send no modifier (SV101-3), so none of the performance modifiers.
    if sv1.modifier_count() > 0 {
        check_modifiers(checker, sv1);
    }
}

/// S013 on a line with modifiers. Out of line, so that the check above inlines into the
/// SV1 dispatch and a line without modifiers costs a compare, not a call.
#[inline(never)]
fn check_modifiers(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Few lines have a performance modifier: it is looked for first, in a loop kept apart
    // from the wording, and the qualifier and code read only for a line that has one.
    if sv1.modifiers().any(|m| is_performance_modifier(m.value)) {
        report_found(checker, sv1);
    }
}

/// Whether a modifier is one of [`PERFORMANCE_MODIFIERS`]. Every one ends in `P`: most
/// modifiers are ruled out on a byte.
fn is_performance_modifier(m: &[u8]) -> bool {
    matches!(*m, [_, b'P']) && PERFORMANCE_MODIFIERS.contains(&m)
}

/// S013 on a line with a performance modifier.
#[inline(never)]
fn report_found(checker: &mut Checker, sv1: &Sv1<'_>) {
    // SV101-3 is the first modifier.
    let mut found = sv1
        .modifiers()
        .zip(3..)
        .filter(|(m, _)| is_performance_modifier(m.value));
    let Some((modifier, component)) = found.next() else {
        return;
    };
    if !sv1.is_hc() || sv1.procedure_class() == ProcedureClass::CptCategory2 {
        return;
    }
    let Some(code) = sv1.code().filter(|c| !c.is_empty()) else {
        return;
    };
    let d = checker.report_in(
        Rule::PerformanceModifierOnNonQualityCode,
        &sv1.segment,
        modifier.span(),
        format!(
            "performance measure modifier `{}` is on `{}`, which is not a CPT Category II code",
            shown(modifier.value),
            shown(code.value)
        ),
    );
    d.element("SV1", 1, Some(component))
        .label("only for Category II codes")
        .secondary(code.span(), "not a Category II code")
        .help("move the modifier to the Category II code it qualifies (its own line, zero charge), or remove it");
    for (other, _) in found {
        d.secondary(other.span(), format!("`{}` as well", shown(other.value)));
    }
}

#[cfg(test)]
mod tests {
    /// The byte the modifiers are first ruled out on is the last of each.
    #[test]
    fn performance_modifiers_are_two_bytes_ending_in_p() {
        for m in super::PERFORMANCE_MODIFIERS {
            assert!(matches!(*m, [_, b'P']), "{m:?}");
        }
    }
}
