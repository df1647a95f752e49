//! S004 `missing-noc-description`

use crate::codes::procedure::ProcedureClass;
use crate::codes::tables;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S004",
    name: "missing-noc-description",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.line, n.sv1))],
    summary: "a not-otherwise-classified HCPCS code (CMS NOC list) without an SV101-7 description",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "306",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks service lines whose procedure code is on the CMS list of not-otherwise-classified
(NOC) HCPCS codes, such as `J3490` (unclassified drugs), `E1399` (miscellaneous durable
medical equipment) or `A9999`. Such a line needs a description of the item or service in
SV101-7, unless the line identifies the drug in loop 2410.

The CMS list also holds drug codes that name one drug and are "not otherwise specified"
only as to its form or brand, such as `J3301` (triamcinolone acetonide, per 10 mg). Those
say what was given, so they are not reported.

## Why does it matter?
A NOC code says only that no specific code exists; the description (or the NDC) is the
only thing that tells the payer what was provided. Without it the line cannot be priced
and is rejected.

## Example
```text
SV1*HC:E1399*150*UN*1***1~
```

## How to fix
Describe the item or service in SV101-7 (up to 80 characters), e.g.
`HC:E1399:::::PATIENT LIFT SLING`, or, for a drug, send its NDC in loop 2410.

## References
Loop 2400 SV101-7 description (data element 352); CMS HCPCS NOC code list; loop 2410 LIN.
"#,
};

/// Codes on the CMS NOC list (2026-01) that name one drug, with a dose unit: the
/// "not otherwise specified" in their descriptor is about the drug's form or brand, so the
/// code itself says what was given.
const NAMED_DRUGS: &[&[u8]] = &[
    b"J0165", b"J0220", b"J0256", b"J0612", b"J0641", b"J0650", b"J0665", b"J0833", b"J1566",
    b"J1599", b"J1729", b"J2312", b"J3301", b"J7178", b"J7192", b"J7195", b"J9020", b"J9044",
    b"J9075", b"J9201", b"J9245", b"J9305", b"J9342", b"Q2050", b"Q9985",
];

/// Whether an `HC` procedure code is non-specific enough to need SV101-7 (or loop 2410).
pub(crate) fn is_non_specific(code: &[u8]) -> bool {
    tables::is_noc(code) && !NAMED_DRUGS.contains(&code)
}

/// S004
pub fn check(checker: &mut Checker, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    // Every NOC code is HCPCS Level II (see the test below): other codes, most lines,
    // leave on the class the model read, before the qualifier is looked at.
    if matches!(sv1.procedure_class(), ProcedureClass::HcpcsLevel2(_)) {
        report(checker, line, sv1);
    }
}

/// S004 on a HCPCS Level II line. Out of line, so that the check above inlines into the
/// SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    if !sv1.is_hc() || !line.drugs.is_empty() {
        return;
    }
    let Some(code) = sv1.code().filter(|c| is_non_specific(c.value)) else {
        return;
    };
    if sv1
        .description()
        .is_some_and(|d| !d.value.trim_ascii().is_empty())
    {
        return;
    }
    checker
        .report_in(
            Rule::MissingNocDescription,
            &sv1.segment,
            code.span(),
            format!(
                "`{}` is a not-otherwise-classified code, but the line has no description",
                shown(code.value)
            ),
        )
        .element("SV1", 1, Some(2))
        .label("not otherwise classified: needs SV101-7")
        .help(format!(
            "describe what was provided in SV101-7, e.g. `{}`{}",
            sv1.with_description("DESCRIPTION"),
            if code.value.starts_with(b"J") {
                ", or identify the drug by NDC in loop 2410"
            } else {
                ""
            }
        ));
}

#[cfg(test)]
mod tests {
    use super::{NAMED_DRUGS, is_non_specific};
    use crate::codes::tables;

    #[test]
    fn named_drugs_are_on_the_noc_list() {
        for code in NAMED_DRUGS {
            assert!(tables::is_noc(code), "{}", String::from_utf8_lossy(code));
            assert!(!is_non_specific(code));
        }
        assert!(is_non_specific(b"J3490"));
        assert!(is_non_specific(b"E1399"));
        assert!(!is_non_specific(b"J1885"));
    }

    /// The check looks a code up only when it is HCPCS Level II.
    #[test]
    fn every_noc_code_is_hcpcs_level_2() {
        use crate::codes::procedure::{ProcedureClass, classify};
        for code in tables::noc_codes() {
            let class = classify(code.as_bytes());
            assert!(matches!(class, ProcedureClass::HcpcsLevel2(_)), "{code}");
        }
    }
}
