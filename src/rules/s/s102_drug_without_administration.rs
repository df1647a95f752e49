//! S102 `drug-without-administration`

use super::{ClaimLines, Hcpcs, Line, in_line_context};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S102",
    name: "drug-without-administration",
    snip: Snip::Payer,
    severity: Severity::Warning,
    summary: "a drug billed in the office on a date with nothing that gave it (only visits, tests or supplies)",
    checks: &[Check::ClaimLines(check)],
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a line billing a drug given in the office (place of service `11`, from SV105,
or else from CLM05-1) when nothing else the claim bills on the same date of service can
have included giving it. Dates are compared as periods: a D8 date is one day, and an RD8
range matches every date it overlaps.

The drugs are the HCPCS Level II codes the CMS HCPCS file classes as drugs (BETOS `O1D`
chemotherapy or `O1E` other drugs, or Medicare pricing indicator `51`, drugs) that
Medicare prices as a drug given in the practice (pricing indicator `51`), except:

- vaccines (BETOS `O1G`), which S104 pairs with their own administration codes;
- drugs given through equipment (BETOS `D1G`, e.g. inhalation solutions);
- drugs whose CMS description names another route: by mouth, nasal, inhaled, topical,
  ophthalmic, an implant, insert, instillation, patch, film or suppository (the file has no
  route field; its descriptions name the route whenever it is not an injection).

Many services include giving the drug in their own code: a pharmacologic stress test, a
pump refill, a joint or nerve injection, a chemodenervation, an imaging study with
contrast, anesthesia. So any of these on the same date counts as a possible vehicle, and
the rule stays quiet:

- a CPT code of the anesthesia (00100–01999, 99100–99140), surgery (10004–69990),
  radiology (70010–79999) or medicine (90281–99199, 99500–99607) section, including the
  drug administration codes 96360–96549 and the vaccine administration codes, but not the
  product codes (immune globulins 90281–90399, vaccines 90476–90759 except 90480, COVID-19
  vaccines 91300–91399);
- a CPT Category III code (emerging technology procedures) or an administration code
  with an alpha suffix;
- a HCPCS `G` or `M` code that bills giving a drug or vaccine (grouped with drugs in the
  CMS file, e.g. `G0008`), or whose BETOS is a procedure, imaging or test;
- a line whose procedure cannot be read, or a HCPCS code the table does not have or the
  CMS file leaves unclassified (BETOS `Z2`).

What is left is a drug billed on a date with only visits (evaluation and management,
99202–99499), laboratory tests or supplies: nothing there reports how the drug got into
the patient. Drug lines of one date are reported together, on the first one. A line whose
date is missing or invalid is not judged: other rules report it.

## Why does it matter?
The HCPCS Level II drug code (CMS) pays for the drug; giving it is a professional service
of its own: an injection or infusion code, or the procedure it was part of. A visit code
does not include an injection, so billing the drug with only a visit leaves out how it
was given, and a payer that sees a drug given in the office by nobody may question the
drug line itself.

## Example
```text
CLM*PCN0001*137***11:B:1*Y*A*Y*Y~
...
SV1*HC:99213*125*UN*1***1~
DTP*472*D8*20240110~
...
SV1*HC:J1885*12*UN*1***1~
DTP*472*D8*20240110~
LIN**N4*00409379501~
CTP****1*UN~
```
A visit and a drug, and nothing that gave it.

## How to fix
Report how the drug was given on that date: when it was given by an injection or infusion
on its own, that administration service (CPT 96360–96379, or 96401–96549 for
chemotherapy); when it was given during a procedure, the procedure, whose code already
includes giving it (never add an administration code next to such a procedure: that
unbundles it). When another provider gave the drug, the drug belongs on that provider's
claim; when it was given elsewhere, correct the place of service.

## References
Loop 2400 SV101-2 procedure code, SV105 place of service code and DTP\*472 service date;
loop 2300 CLM05-1 facility code value; CMS HCPCS file record layout (BETOS, pricing
indicator); CPT section ranges (AMA).
"#,
};

/// The office (place of service `11`).
const OFFICE: &[u8] = b"11";

/// S102: runs once per claim, and reports in the context of the line it finds.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    let injected_drug = |line: &Line<'_, '_>| {
        line.period.is_some()
            && matches!(
                line.hcpcs,
                Hcpcs::Known {
                    injected_drug: true,
                    ..
                }
            )
    };
    // Most claims bill no drug given by injection: one pass over the lines rules them out
    // before any line is paired with the others.
    if !lines.lines.iter().any(injected_drug) {
        return;
    }
    let flagged = |i: usize| {
        let line = &lines.lines[i];
        injected_drug(line)
            && lines
                .place_of_service(line)
                .is_some_and(|pos| pos.value == OFFICE)
            && !lines.has_partner(i, |other| other.may_give_drug())
    };
    lines.by_date(flagged, |first, others| {
        let (Some(sv1), Some(code)) = (first.sv1, first.code) else {
            return;
        };
        in_line_context(checker, lines.claim, first, |checker| {
            let d = checker.report_in(
                Rule::DrugWithoutAdministration,
                &sv1.segment,
                code.span(),
                format!(
                    "drug `{}` is billed in the office, but nothing on its date of service gave it: no administration, procedure, imaging or anesthesia code",
                    shown(code.value)
                ),
            );
            d.element("SV1", 1, Some(2))
                .label("only visits, tests or supplies on this date")
                .help("report how the drug was given on this date: the injection or infusion service when it was given on its own, or the procedure it was part of (whose code already includes giving it); if another provider gave it, or it was given elsewhere, correct the claim");
            if let Some(pos) = lines.place_of_service(first) {
                d.secondary(pos.span(), "place of service `11`, the office");
            }
            for other in others {
                if let Some(c) = other.code {
                    d.secondary(
                        c.span(),
                        format!("`{}` was not given by anything either", shown(c.value)),
                    );
                }
            }
        });
    });
}
