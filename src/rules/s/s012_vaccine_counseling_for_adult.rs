//! S012 `vaccine-counseling-for-adult`

use crate::codes::procedure::{CptSection, ProcedureClass};
use crate::rules::prelude::*;
use crate::x12::values::{Date, date8};

pub const META: RuleMeta = RuleMeta {
    code: "S012",
    name: "vaccine-counseling-for-adult",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.line, n.sv1))],
    summary: "pediatric vaccine administration with counseling (CPT 90460, 90461) for a patient 19 or older on the date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a line with CPT 90460 or 90461 (immunization administration with counseling
by the physician or other qualified professional, first and each additional vaccine
component) when the patient was 19 or older on the line's date of service. The age comes
from the patient's date of birth (DMG02 in loop 2010CA, or 2010BA when the patient is the
subscriber) and the line's DTP\*472 (the first day of a range). A line without a readable
birth date or date of service is not judged.

## Why does it matter?
CPT limits 90460 and 90461 to patients through 18 years of age: counseling the patient or
family about each vaccine component is a pediatric service. For an adult the
administration codes are 90471–90474 (or the payer's own codes, such as `G0008`–`G0010`
for Medicare), and payers deny 90460/90461 for patients 19 and older as inconsistent
with the patient's age.

## Example
```text
DMG*D8*19800101*F~
...
SV1*HC:90460*25*UN*1***1~
DTP*472*D8*20240110~
```
A 44-year-old patient.

## How to fix
Bill the adult administration codes (90471 for the first injected vaccine, 90472 for each
additional one) or the payer's own administration codes; check the date of birth if the
patient is a child.

## References
Loop 2400 SV101-2 and DTP\*472; loop 2010CA (or 2010BA) DMG02 date of birth; CPT
immunization administration guidelines (90460–90461: patients through 18 years of age).
"#,
};

/// Whether `code` is an administration with counseling, first or each additional
/// component: compared in place, as almost no line has one.
fn is_with_counseling(code: &[u8]) -> bool {
    matches!(code, b"90460" | b"90461")
}

/// The oldest age, in whole years, the codes are for.
const LAST_AGE: u32 = 18;

/// Age in whole years on `on` of a person born on `born`.
fn age(born: Date, on: Date) -> Option<u32> {
    let years = on.year().checked_sub(born.year())?;
    let birthday_passed = (on.month(), on.day()) >= (born.month(), born.day());
    if birthday_passed {
        Some(years)
    } else {
        years.checked_sub(1)
    }
}

/// S012
pub fn check(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    // 90460 and 90461 are in the Medicine section: the class the model read rules out
    // most lines before the code is compared.
    if sv1.procedure_class() == ProcedureClass::CptCategory1(CptSection::Medicine) {
        report(checker, claim, line, sv1);
    }
}

/// S012 on a line of the Medicine section. Out of line, so that the check above inlines
/// into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    // The code first: it rules out nearly every line.
    let Some(code) = sv1.code().filter(|c| is_with_counseling(c.value)) else {
        return;
    };
    if !sv1.is_hc() {
        return;
    }
    let Some(dmg) = claim.patient_dmg.filter(|d| d.value(1) == b"D8") else {
        return;
    };
    let (Some(born), Some(dos)) = (date8(dmg.value(2)), line.date_of_service) else {
        return;
    };
    let Some(years) = age(born, dos.from).filter(|&a| a > LAST_AGE) else {
        return;
    };
    checker
        .report_in(
            Rule::VaccineCounselingForAdult,
            &sv1.segment,
            code.span(),
            format!(
                "`{}` is for patients through 18 years of age; the patient was {years} on the date of service",
                shown(code.value)
            ),
        )
        .element("SV1", 1, Some(2))
        .label("pediatric administration with counseling")
        .secondary(element_span(&dmg, 2), format!("born {born}"))
        .secondary(element_span(&dos.dtp, 3), format!("date of service {}", dos.from))
        .help("bill the adult administration codes (90471, 90472) or the payer's own, or correct the date of birth");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The class the check leaves on first is the class of both codes.
    #[test]
    fn codes_with_counseling_are_in_the_medicine_section() {
        for code in [b"90460", b"90461"] {
            assert!(is_with_counseling(code));
            assert_eq!(
                crate::codes::procedure::classify(code),
                ProcedureClass::CptCategory1(CptSection::Medicine)
            );
        }
    }

    #[test]
    fn age_counts_whole_years() {
        let born = Date(20050615);
        assert_eq!(age(born, Date(20240614)), Some(18));
        assert_eq!(age(born, Date(20240615)), Some(19));
        assert_eq!(age(Date(20040229), Date(20230228)), Some(18));
        assert_eq!(age(Date(20040229), Date(20230301)), Some(19));
        assert_eq!(age(Date(20250101), Date(20240101)), None);
    }
}
