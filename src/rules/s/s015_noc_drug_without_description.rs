//! S015 `noc-drug-without-description`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S015",
    name: "noc-drug-without-description",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.line, n.sv1))],
    summary: "a not-otherwise-classified drug code with an NDC in loop 2410 but no SV101-7 description",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "306",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a line whose code is a not-otherwise-classified (NOC) drug code, such as
`J3490` (unclassified drugs), `J3590` (unclassified biologics), `J9999` (antineoplastic
drugs) or `C9399`, when the line identifies the drug by NDC in loop 2410 but has no
description in SV101-7. The NOC codes are those on the CMS NOC list that the CMS HCPCS
file classes as drugs (BETOS and pricing fields); codes naming one drug are left alone,
as in S004, and so are codes priced per stated quantity of a kind of drug (`A9579`,
gadolinium-based contrast, per ml: the CMS short description gives a number and a unit),
which with the NDC say what and how much was given. A NOC drug line with neither an NDC nor a description is S004's.

## Why does it matter?
The implementation guide accepts either the NDC or a description for a NOC code, so the
claim passes the 999, but Medicare contractors and many other payers price a NOC drug by
hand from its name, strength and dose, and deny the line without the description in
SV101-7, NDC or not.

## Example
```text
SV1*HC:J3490*120*UN*1***1~
DTP*472*D8*20240110~
LIN**N4*00409379501~
CTP****2*ML~
```

## How to fix
Describe the drug in SV101-7: its name, strength and the dose given, e.g.
`SV1*HC:J3490:::::TRIAMCINOLONE 40MG/ML 1ML*120*UN*1***1~`.

## References
Loop 2400 SV101-7 description (data element 352); loop 2410 LIN03 National Drug Code; CMS
HCPCS NOC code list; Medicare Claims Processing Manual, chapter 17 (unclassified drugs:
the name of the drug, the dosage and the route are required).
"#,
};

/// Whether a CMS short description prices the code per stated quantity (`Gad-base mr
/// contrast nos,1ml`): a number followed by a unit. Such a code, with its NDC, says how much
/// of which kind of drug was given.
fn states_a_dose(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    let b = lower.as_bytes();
    (0..b.len()).any(|i| {
        b[i].is_ascii_digit() && {
            let rest = lower[i + 1..].trim_start();
            ["mg", "mcg", "ml", "gm", "unit", "iu"]
                .iter()
                .any(|u| rest.starts_with(u))
        }
    })
}

/// S015
pub fn check(checker: &mut Checker, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    // Most lines give no drug, and most of those that do are not NOC codes: the line's
    // drugs and the class the model read once rule them out before SV101 is looked at.
    if !line.drugs.is_empty() && matches!(sv1.procedure_class(), ProcedureClass::HcpcsLevel2(_)) {
        report(checker, line, sv1);
    }
}

/// S015 on a line that gives a drug under a HCPCS Level II code. Out of line, so that the
/// check above inlines into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1
        .code()
        .filter(|c| super::s004_missing_noc_description::is_non_specific(c.value))
    else {
        return;
    };
    if sv1
        .description()
        .is_some_and(|d| !d.value.trim_ascii().is_empty())
    {
        return;
    }
    let table = checker.settings().code_sets().hcpcs();
    if !table
        .procedure(code.value)
        .is_some_and(|e| e.is_drug() && !states_a_dose(e.short_description))
    {
        return;
    }
    let d = checker.report_in(
        Rule::NocDrugWithoutDescription,
        &sv1.segment,
        code.span(),
        format!(
            "`{}` is a not-otherwise-classified drug code; the NDC alone does not describe the dose given",
            shown(code.value)
        ),
    );
    d.element("SV1", 1, Some(2))
        .label("needs the drug's name, strength and dose in SV101-7")
        .help(format!(
            "describe the drug in SV101-7, e.g. `{}`",
            sv1.with_description("DRUG NAME STRENGTH DOSE")
        ));
    if let Some(drug) = line.drugs.first() {
        d.secondary(element_span(&drug.lin, 3), "the NDC");
    }
}

#[cfg(test)]
mod tests {
    use super::states_a_dose;

    #[test]
    fn a_dose_is_a_number_and_a_unit() {
        assert!(states_a_dose("Gad-base mr contrast nos,1ml"));
        assert!(states_a_dose("Inj beta interferon im 1 mcg"));
        assert!(!states_a_dose("Drugs unclassified injection"));
        assert!(!states_a_dose("Unclassified drugs or biolog"));
        assert!(!states_a_dose("Hemophilia clot factor noc"));
    }
}
