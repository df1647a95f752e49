//! S102 `drug-without-administration`

use super::{ClaimLines, codes, in_line_context};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S102",
    name: "drug-without-administration",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "an injectable drug billed in the office with no administration code on its date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a line billing an injectable drug in the office (place of service `11`, from
SV105, or else from CLM05-1) when no line of the claim on the same date of service reports
giving it. Dates are compared as periods: a D8 date is one day, and an RD8 range matches
every date it overlaps.

The injectable drugs are HCPCS J0000–J7293 and J9000–J9999 (chemotherapy drugs). Not
checked: J7294–J7999 (contraceptive devices and implants, topical drugs, eye and sinus
implants, hyaluronan, immunosuppressive drugs, many of them oral, inhalation solutions and
the not-otherwise-classified codes for equipment and compounded drugs), J8498–J8999
(rectal and oral drugs), and the few codes inside the checked ranges that the CMS file
describes as given another way: by mouth or under the tongue, as a nasal spray, inhaled,
applied to the skin, instilled into a surgical site, or as an eye product (J0013, J0275,
J0571–J0575, J0607, J0615, J0668, J0752, J0889, J0901, J1096, J1097, J1105, J1202,
J2062, J2403, J2787, J3389, J3403, J3530, J3535).

A line reports giving the drug when its code is one of:

- CPT 96360–96549: hydration, injections and infusions, chemotherapy and complex drug
  administration;
- a vaccine administration code: CPT 90460–90461, 90471–90474, 90480, HCPCS G0008–G0010;
- CPT 90760–90779 and, before 2006, 90780–90784, 90788 and 90799: the numbers CPT used
  for injections and infusions before 2009 (the TR3 examples bill `90782`);
- a procedure that gives the drug as part of the service, so that its own code reports
  the administration: anesthesia (00100–01999), intralesional injections (11900–11901),
  drug implants (11981–11983), tendon, ligament and trigger-point injections
  (20526–20553), joint, bursa and ganglion injections (20600–20612), the sacroiliac joint
  (27096), chemodenervation (46505, 52287, 64612–64653), bladder instillation (51720),
  spinal and epidural injections (62320–62327), nerve injections (64400–64530), eye
  injections (67028, 67500–67515, 68200), inhalation treatments (94640–94645) and
  moderate sedation (99151–99157).

Drug lines of one date without an administration are reported together, on the first one.
A line whose procedure cannot be read, or whose date is missing or invalid, keeps the rule
quiet for that date: other rules report it.

## Why does it matter?
The HCPCS Level II drug code (CMS) pays for the drug; the act of giving it is a separate
professional service with its own CPT code (AMA). Both belong on the claim. Billing the
drug without the administration gives away the injection fee (a visit code does not
include it); and a payer that sees a drug given in the office by nobody may question the
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
A visit and a drug, but no injection.

## How to fix
Add the code for how the drug was given on the same date of service: an injection or
infusion code (96360–96379), a chemotherapy administration code (96401–96549), or the
procedure during which it was given. When another provider gave the drug, the drug belongs
on that provider's claim; when it was given elsewhere, correct the place of service.

## References
Loop 2400 SV101-2 procedure code, SV105 place of service code and DTP\*472 service date;
loop 2300 CLM05-1 facility code value; CPT drug administration codes 96360–96549 (AMA);
HCPCS Level II `J` codes (CMS).
"#,
};

/// The office (place of service `11`).
const OFFICE: &[u8] = b"11";

/// S102: runs once per claim, and reports in the context of the line it finds.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    let flagged = |i: usize| {
        let line = &lines.lines[i];
        line.period.is_some()
            && line.code_in(codes::INJECTABLE_DRUG).is_some()
            && line.code_in(codes::NOT_INJECTED).is_none()
            && lines
                .place_of_service(line)
                .is_some_and(|pos| pos.value == OFFICE)
            && !lines.has_partner(i, |other| other.code_in(codes::ADMINISTRATION).is_some())
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
                    "drug `{}` is billed in the office with no administration code on the same date of service",
                    shown(code.value)
                ),
            );
            d.element("SV1", 1, Some(2))
                .label("nothing on this date says how it was given")
                .help("add the code for giving the drug on the same date, e.g. an injection or infusion code from `96360`–`96379`, or correct the place of service");
            if let Some(pos) = lines.place_of_service(first) {
                d.secondary(pos.span(), "place of service `11`, the office");
            }
            for other in others {
                if let Some(c) = other.code {
                    d.secondary(
                        c.span(),
                        format!("`{}` has no administration either", shown(c.value)),
                    );
                }
            }
        });
    });
}
