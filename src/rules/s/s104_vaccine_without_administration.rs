//! S104 `vaccine-without-administration`

use super::{ClaimLines, codes, in_line_context};
use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S104",
    name: "vaccine-without-administration",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "a vaccine product code with no vaccine administration code on its date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a vaccine or toxoid product line (CPT 90476–90759 except 90480, or the HCPCS
influenza vaccines Q2034–Q2039) when no line of the claim on the same date of service bills
giving a vaccine: CPT 90460–90461, 90471–90474, 90480, a CPT vaccine administration code
with a letter `A` at the end (`0001A`…), or HCPCS G0008–G0010 for Medicare. Dates are
compared as periods: a D8 date is one day, and an RD8 range matches every date it
overlaps.

Product lines of one date without an administration are reported together, on the first
one. A line whose procedure cannot be read, or whose date is missing or invalid, keeps the
rule quiet for that date: other rules report it.

## Why does it matter?
The product code (a CPT product code, or HCPCS Level II for Medicare influenza vaccines)
pays for the vaccine only; giving it is a professional service with its own CPT or HCPCS
administration code. Without it the administration fee is lost, and when the vaccine came
free of charge (a zero-charge product line) nothing at all is paid for the visit's work.

## Example
```text
SV1*HC:90715*45*UN*1***1~
DTP*472*D8*20240110~
```
A vaccine, but nobody gave it.

## How to fix
Add the vaccine administration code that fits how the vaccine was given, and to whom, on
the same date of service: CPT 90460–90461, 90471–90474 or 90480, or HCPCS G0008–G0010 for
the vaccines Medicare pays that way. Several vaccines on one date take one initial code
and add-on codes for the others (see S105).

## References
Loop 2400 SV101-2 procedure code and DTP\*472 service date; CPT vaccine and toxoid product
codes 90476–90759 and immunization administration codes (AMA); HCPCS Level II G0008–G0010
and Q2034–Q2039 (CMS).
"#,
};

/// S104: runs once per claim, and reports in the context of the line it finds.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    // Most claims bill no vaccine: the lines' groups rule them out at once.
    if !lines.any_in(codes::Groups::VACCINE_PRODUCT) {
        return;
    }
    let flagged = |i: usize| {
        let line = &lines.lines[i];
        line.period.is_some()
            // The lines' groups say it without comparing the codes with the tables again.
            && line.groups.has(codes::Groups::VACCINE_PRODUCT)
            && !lines.has_partner(i, |other| {
                other.groups.has(codes::Groups::VACCINE_ADMINISTRATION)
                    || other.class == Some(ProcedureClass::CptVaccineAlpha)
            })
    };
    lines.by_date(flagged, |first, others| {
        let (Some(sv1), Some(code)) = (first.sv1, first.code) else {
            return;
        };
        in_line_context(checker, lines.claim, first, |checker| {
            let d = checker.report_in(
                Rule::VaccineWithoutAdministration,
                &sv1.segment,
                code.span(),
                format!(
                    "vaccine `{}` has no vaccine administration code on the same date of service",
                    shown(code.value)
                ),
            );
            d.element("SV1", 1, Some(2))
                .label("nothing on this date says it was given")
                .help("add the vaccine administration code on the same date: `90460`–`90461`, `90471`–`90474` or `90480`, or `G0008`–`G0010` for Medicare");
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
