//! S010 `drug-without-ndc`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S010",
    name: "drug-without-ndc",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.line, n.sv1))],
    summary: "a HCPCS J-code drug line without loop 2410 drug identification (NDC)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "218",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about service lines with a HCPCS `J` code (drugs administered other than by mouth,
chemotherapy and some oral drugs) that have no drug identification loop 2410, so no
National Drug Code. When the claim's filing indicator SBR09 is `MC` (Medicaid), the
message says so. A not-otherwise-classified drug code without a description is left to
S004.

## Why does it matter?
Medicaid programs must collect the NDC of physician-administered drugs to claim
manufacturer rebates, and deny drug lines without one (the `medicaid` profile makes this
rule an error); many other payers require it too.
The J code says what kind of drug it is, the NDC says which product and package.

## Example
```text
SBR*P*18*GRP01234******MC~
...
SV1*HC:J1885*50*UN*2***1~
DTP*472*D8*20240110~
```

## How to fix
Add loop 2410 after the line's dates: `LIN**N4*<11-digit NDC>~` and
`CTP****<quantity>*<unit>~`, e.g. `LIN**N4*00409379501~CTP****2*UN~`.

## References
Loop 2410 LIN03 National Drug Code and CTP; loop 2000B SBR09 claim filing indicator code
(data element 1032); HCPCS Level II J codes (CMS).
"#,
};

/// S010
pub fn check(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    if sv1.qualifier().map(|q| q.value) != Some(b"HC") || !line.drugs.is_empty() {
        return;
    }
    let Some(code) = sv1
        .code()
        .filter(|_| sv1.procedure_class() == ProcedureClass::HcpcsLevel2(b'J'))
    else {
        return;
    };
    // A NOC drug code without a description is reported by S004, whose fix (an NDC in
    // loop 2410) also settles this one.
    let described = sv1
        .description()
        .is_some_and(|d| !d.value.trim_ascii().is_empty());
    if super::s004_missing_noc_description::is_non_specific(code.value) && !described {
        return;
    }
    let message = if claim.is_medicaid() {
        format!(
            "drug code `{}` has no NDC in loop 2410; Medicaid (SBR09 `MC`) requires it",
            shown(code.value)
        )
    } else {
        format!("drug code `{}` has no NDC in loop 2410", shown(code.value))
    };
    let d = checker.report_in(Rule::DrugWithoutNdc, &sv1.segment, code.span(), message);
    d.element("SV1", 1, Some(2))
        .label("J code without loop 2410")
        .help("add loop 2410 after the line's dates: `LIN**N4*<11-digit NDC>` and `CTP****<quantity>*<unit>`");
    if let Some(sbr) = claim.sbr.filter(|_| claim.is_medicaid()) {
        d.secondary(element_span(&sbr, 9), "the claim goes to Medicaid");
    }
}
