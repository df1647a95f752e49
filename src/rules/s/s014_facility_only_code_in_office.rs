//! S014 `facility-only-code-in-office`

#[cfg(test)]
use super::codes::Codes;
use crate::codes::procedure::{CptSection, ProcedureClass};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S014",
    name: "facility-only-code-in-office",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.sv1))],
    summary: "a code whose description places the service in a facility, billed in the office (place of service 11)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a line billed in the office (place of service `11`, from SV105, or else
CLM05-1) whose code describes a service that by definition happens in a facility:

- evaluation and management services named for a facility setting, by their CPT
  subsection: hospital observation and inpatient care (99217–99239), inpatient
  consultations (99251–99255), emergency department visits (99281–99285), nursing
  facility care (99304–99318), and inpatient neonatal and pediatric critical and
  intensive care (99468–99480);
- the additional sequential intravenous push of the same drug, 96376, whose CPT
  descriptor limits it to a facility setting.

## What it does not know
claimlint ships no CPT data, so it cannot know every code CPT or Medicare limits to a
facility: the complete set is in the AMA's descriptors and in the Medicare Physician Fee
Schedule relative value file, whose non-facility "NA" indicators are CPT content under the
AMA's licence. The rule checks what structure and public facts show, and is silent about
the rest.

## Why does it matter?
The place of service decides where the payer thinks the service happened and which fee
applies. A hospital, emergency department or nursing facility service billed from the
office contradicts itself: either the code or the place of service is wrong, and payers
deny the line as inconsistent with the place of service.

## Example
```text
CLM*PCN0001*65***11:B:1*Y*A*Y*Y~
...
SV1*HC:96374*60*UN*1***1~
SV1*HC:96376*35*UN*1***1~
```
In the office, a repeat push of the same drug is not reported separately.

## How to fix
Use the code for the setting where the service happened (an office visit instead of an
emergency department visit; in the office, no separate code for a sequential push of the
same drug), or correct the place of service.

## References
Loop 2400 SV101-2 and SV105; loop 2300 CLM05-1; CPT evaluation and management
subsections by setting and the descriptor of 96376 (AMA); CMS place of service code set.
"#,
};

/// Codes whose description puts the service in a facility (see the documentation). The
/// check compares the same ranges written out ([`is_facility_only`]); the tests hold them
/// and the documentation to this table.
#[cfg(test)]
const FACILITY_ONLY: &[Codes] = &[
    Codes::new("99217-99239"),
    Codes::new("99251-99255"),
    Codes::new("99281-99285"),
    Codes::new("99304-99318"),
    Codes::new("99468-99480"),
    Codes::new("96376"),
];

/// Whether a code of five digits (a CPT Category I code, as the line's class says) is one
/// of `FACILITY_ONLY`: read as a number and compared with the table's ranges written out,
/// since most E/M and Medicine lines come this far and building a key cost more than the
/// rest of the rule.
fn is_facility_only(code: &[u8]) -> bool {
    let [a, b, c, d, e] = *code else {
        return false;
    };
    // The class says five digits; a code of other bytes must not read as a number in range.
    if !code.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let digit = |x: u8| u32::from(x.wrapping_sub(b'0'));
    let n = (((digit(a) * 10 + digit(b)) * 10 + digit(c)) * 10 + digit(d)) * 10 + digit(e);
    matches!(
        n,
        99217..=99239 | 99251..=99255 | 99281..=99285 | 99304..=99318 | 99468..=99480 | 96376
    )
}

/// The office (place of service `11`).
const OFFICE: &[u8] = b"11";

/// S014
pub fn check(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    // Every facility-only code is a CPT Category I code of the Evaluation and
    // Management or the Medicine section: the class the model read rules out other lines,
    // and the code read as a number the office visits and most others.
    if let ProcedureClass::CptCategory1(CptSection::EvaluationManagement | CptSection::Medicine) =
        sv1.procedure_class()
        && sv1.code().is_some_and(|c| is_facility_only(c.value))
    {
        report(checker, claim, sv1);
    }
}

/// S014 on an E/M or Medicine line of a facility-only code. Out of line, so that the check
/// above inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    let Some(pos) = place_of_service(claim, sv1).filter(|p| p.value == OFFICE) else {
        return;
    };
    checker
        .report_in(
            Rule::FacilityOnlyCodeInOffice,
            &sv1.segment,
            code.span(),
            format!(
                "`{}` describes a service in a facility, but the place of service is the office",
                shown(code.value)
            ),
        )
        .element("SV1", 1, Some(2))
        .label("a facility service")
        .secondary(pos.span(), "place of service `11`, the office")
        .help("use the code for the setting where the service happened, or correct the place of service");
}

#[cfg(test)]
mod tests {
    /// The ranges written out are the table's, for every code of five digits.
    #[test]
    fn facility_only_by_number_is_the_table() {
        use crate::rules::s::codes::{Key, contains};
        for n in 0..100_000 {
            let code = format!("{n:05}");
            let in_table =
                Key::of(code.as_bytes()).is_some_and(|k| contains(super::FACILITY_ONLY, k));
            assert_eq!(super::is_facility_only(code.as_bytes()), in_table, "{code}");
        }
        // Other bytes that a digit-by-digit reading would take for 99227 or 96376.
        for code in ["9921A", "9922:", "963/\u{7f}", "99 27"] {
            assert!(!super::is_facility_only(code.as_bytes()), "{code:?}");
        }
    }

    #[test]
    fn documented() {
        for c in super::FACILITY_ONLY {
            let text = c.pattern.replace('-', "–");
            assert!(super::META.doc.contains(&text), "{text}");
        }
    }
}
