//! S101 `administration-without-drug`

use super::{ClaimLines, Hcpcs, codes, in_line_context};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S101",
    name: "administration-without-drug",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "a drug administration code (CPT 96365–96379, 96401–96549) on a claim with no drug line",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when a claim bills giving a drug, but no line of the claim bills a drug. The
administration codes are the therapeutic, prophylactic and diagnostic injections and
infusions (CPT 96365–96379) and chemotherapy and other complex drug administration
(CPT 96401–96549). A drug line is any line with a National Drug Code in loop 2410, or with one of these
codes:

- a HCPCS Level II code that the CMS HCPCS file itself classes as a drug: its
  Berenson-Eggers type of service (BETOS) is `O1D` (chemotherapy), `O1E` (other drugs) or
  `O1G` (immunizations), or Medicare prices it as a drug (pricing indicator `51`) or a
  vaccination (`54`). This takes in every drug the file has, whatever its letter: `J`
  codes, `Q` drugs such as `Q3027` (interferon beta-1a), biosimilars, contrast agents and
  radiopharmaceuticals (`A`), pass-through drugs (`C`). The drug-grouped `G` and `M`
  codes (procedures and medical services, e.g. `G0008`, `M0201`) bill giving a product,
  not the product, and do not count;
- a HCPCS Level II code the table does not have (a newer quarter may have added a drug),
  or one the CMS file leaves unclassified (BETOS `Z2`: mostly the non-Medicare `S`, `H`
  and `T` codes, among them the drugs commercial payers code `S0012`–`S0197`);
- the CPT product codes for immune globulins (90281–90399), vaccines and toxoids
  (90476–90759) and COVID-19 vaccines (91300–91399).

The finding is reported once per claim, on the first administration line; the other ones
are labelled. Hydration (96360, 96361) is not checked: the fluid is often not billed on its
own line. Neither are 96521–96523: refilling and maintaining a drug pump, whose drug a
pharmacy often bills, and irrigating an implanted access device, which gives no drug. A
claim with a line whose procedure cannot be read (a qualifier other than `HC`, a malformed
code) is left alone: that line might be the drug, and the code-set rules report it.

## Why does it matter?
CPT (HCPCS Level I, maintained by the AMA) codes the professional service: the act of
giving an injection or running an infusion. HCPCS Level II (maintained by CMS) codes drugs,
supplies and equipment: what was given. Both belong on the same claim. The administration
code pays for the act only, so a claim without the drug line leaves the drug unpaid, and
payers that check the pair deny the administration because nothing says what was given.

## Example
```text
LX*1~
SV1*HC:96372*25*UN*1***1~
DTP*472*D8*20240110~
```
An injection, and no drug anywhere on the claim.

## How to fix
Add the drug as its own line on the same date of service: its HCPCS code (usually a `J`
code) with the units given, and its NDC in loop 2410, e.g.
`SV1*HC:J1885*12*UN*1***1~`, `DTP*472*D8*20240110~`, `LIN**N4*00409379501~`,
`CTP****1*UN~`. When the patient brought the drug, or it cost the practice nothing,
there is no drug to bill and the warning can be ignored (some payers still want the drug
line with a zero charge).

## References
Loop 2400 SV101-2 procedure code (data element 234); loop 2410 LIN03 National Drug Code;
CPT drug administration codes 96360–96549 (AMA); CMS HCPCS file record layout (pricing
indicator, BETOS and type of service fields).
"#,
};

/// S101: runs once per claim, and reports in the context of the line it finds.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    // Most claims give no drug: look for an administration first.
    if !lines.any_in(codes::Groups::ADMINISTRATION_NEEDING_DRUG) {
        return;
    }
    let mut administrations = lines.lines.iter().filter_map(|l| {
        let code = l.code_in(codes::ADMINISTRATION_NEEDING_DRUG)?;
        Some((l, code, l.sv1?))
    });
    let Some((first, code, sv1)) = administrations.next() else {
        return;
    };
    let has_drug = lines
        .lines
        .iter()
        .any(|l| l.is_unreadable() || l.hcpcs == Hcpcs::Unknown || l.is_drug());
    if has_drug {
        return;
    }
    in_line_context(checker, lines.claim, first, |checker| {
        let d = checker.report_in(
            Rule::AdministrationWithoutDrug,
            &sv1.segment,
            code.span(),
            format!(
                "drug administration `{}` is billed, but no line of the claim bills a drug",
                shown(code.value)
            ),
        );
        d.element("SV1", 1, Some(2))
            .label("gives a drug; which one?")
            .help("add the drug given as its own line on the same date: its HCPCS code (usually a `J` code) with the NDC in loop 2410; if the patient supplied the drug, there is nothing to add");
        for (_, other, _) in administrations {
            d.secondary(
                other.span(),
                format!("`{}` gives a drug too", shown(other.value)),
            );
        }
    });
}
