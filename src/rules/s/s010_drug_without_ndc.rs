//! S010 `drug-without-ndc`

use crate::codes::procedure::ProcedureClass;
use crate::codes::tables::HcpcsEntry;
use crate::rules::c::Level2Code;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S010",
    name: "drug-without-ndc",
    snip: Snip::Situational,
    severity: Severity::Info,
    summary: "a HCPCS drug line without loop 2410 drug identification (NDC); an error under the medicaid profile",
    checks: &[Check::Sv1(check)],
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "218",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Notes service lines billing a drug with a HCPCS Level II code that have no drug
identification loop 2410, so no National Drug Code. The drugs are the codes the CMS HCPCS
file itself classes as drugs (BETOS `O1D` or `O1E`, or pricing indicator `51`),
whatever their letter: `J` codes, `Q` drugs and biosimilars, contrast agents and
radiopharmaceuticals, pass-through `C` drugs; not the drug-grouped `G` and `M` codes,
which bill giving a product, and not vaccines (BETOS `O1G`, pricing indicator `54`),
which the Medicaid drug rebate program leaves out (a covered outpatient drug is "a
biological product, other than a vaccine", 42 U.S.C. 1396r-8(k)(2)(B)). When the claim's filing
indicator SBR09 is `MC` (Medicaid), the message says so. A not-otherwise-classified drug
code without a description is left to S004.

The severity depends on the payer profile: **info** by default and under the `medicare`
and `commercial` profiles, **error** under the `medicaid` profile.

## Why does it matter?
The Deficit Reduction Act of 2005 requires state Medicaid programs to collect the NDC of
physician-administered drugs to claim manufacturer rebates (42 U.S.C. 1396r-8(a)(7)), and
they deny drug lines without one. Medicare does not require it on the professional claim,
and only some commercial payers do, so elsewhere it is a note.
The HCPCS code says what kind of drug it is, the NDC says which product and package.

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
(data element 1032); CMS HCPCS file record layout (BETOS and pricing indicator fields).
"#,
};

/// S010
pub fn check(checker: &mut Checker, node: &Sv1Node<'_, '_>) {
    // Only a HCPCS Level II line without loop 2410 can be reported: the class the model
    // read and the line's drugs rule out the others before the code is looked up.
    if matches!(node.sv1.procedure_class(), ProcedureClass::HcpcsLevel2(_))
        && node.line.drugs.is_empty()
    {
        report(checker, node);
    }
}

/// Whether the code bills a drug of the Medicaid drug rebate program, which is what asks
/// for the NDC: a drug ([`HcpcsEntry::is_drug`]) but not a vaccine (BETOS `O1G`, pricing
/// `54`), which is outside it. The facts are asked cheapest first and each pricing
/// indicator once, where `is_drug` then the vaccine tests read `54` twice: every line of a
/// Level II code without loop 2410 comes here, most of them no drug at all.
fn is_rebated_drug(entry: &HcpcsEntry<'_>) -> bool {
    let a = entry.attributes;
    let betos = a.betos();
    !entry.is_service_letter()
        && betos != "O1G"
        && (matches!(betos, "O1D" | "O1E") || a.has_pricing("51"))
        && !a.has_pricing("54")
}

/// S010 on a HCPCS Level II line without loop 2410. Out of line, so that the check above
/// inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, node: &Sv1Node<'_, '_>) {
    let (claim, sv1) = (node.claim, node.sv1);
    // A HCPCS Level II code (`HC`) the table has: the dispatcher looks it up once.
    let Some(&Level2Code {
        code,
        entry: Some(entry),
    }) = node.level2()
    else {
        return;
    };
    if !is_rebated_drug(&entry) {
        return;
    }
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
        .label("drug code without loop 2410")
        .help("add loop 2410 after the line's dates: `LIN**N4*<11-digit NDC>` and `CTP****<quantity>*<unit>`");
    if let Some(sbr) = claim.sbr.filter(|_| claim.is_medicaid()) {
        d.secondary(element_span(&sbr, 9), "the claim goes to Medicaid");
    }
}

#[cfg(test)]
mod tests {
    /// The facts asked in another order say what `is_drug` and the vaccine tests say, for
    /// every code of the CMS file.
    #[test]
    fn rebated_drugs_are_the_drugs_that_are_no_vaccine() {
        let table = crate::codes::tables::HcpcsTable::embedded_ref();
        let mut drugs = 0;
        for entry in table.procedures() {
            let expected = entry.is_drug()
                && entry.attributes.betos() != "O1G"
                && !entry.attributes.has_pricing("54");
            assert_eq!(super::is_rebated_drug(&entry), expected, "{}", entry.code);
            drugs += usize::from(expected);
        }
        assert!(drugs > 100, "{drugs}");
    }
}
