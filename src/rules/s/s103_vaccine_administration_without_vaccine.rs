//! S103 `vaccine-administration-without-vaccine`

use super::{ClaimLines, codes, in_line_context};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S103",
    name: "vaccine-administration-without-vaccine",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "a vaccine administration code with no vaccine product on its date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a vaccine administration line (CPT 90460–90461, 90471–90474, 90480, or HCPCS
G0008–G0010 for Medicare) when no line of the claim on the same date of service bills a
vaccine or toxoid product: a CPT code from the vaccine and toxoid section (90476–90759,
except the administration code 90480), a CPT COVID-19 vaccine product (913xx), or a HCPCS
influenza vaccine (Q2034–Q2039). Dates are compared as periods: a D8 date is one day, and
an RD8 range matches every date it overlaps.

Administration lines of one date without a product are reported together, on the first
one. A line whose procedure cannot be read, or whose date is missing or invalid, keeps the
rule quiet for that date: other rules report it.

## Why does it matter?
A vaccine is billed in two parts: the CPT administration code (AMA) pays for giving it,
the product code pays for the vaccine itself, and it also says which vaccine was given.
Without the product line the payer cannot tell what was given, denies or holds the
administration, and the vaccine, often the larger amount, is not paid. Programs that
supply vaccines free of charge still expect the product line, with a zero charge.

## Example
```text
SV1*HC:90471*25*UN*1***1~
DTP*472*D8*20240110~
```
An immunization, but which vaccine?

## How to fix
Add one line per vaccine given on the same date of service, with its product code (CPT
90476–90759, or Q2034–Q2039 for influenza vaccines billed to Medicare).

## References
Loop 2400 SV101-2 procedure code and DTP\*472 service date; CPT immunization
administration codes and vaccine and toxoid product codes 90476–90759 (AMA); HCPCS Level II
G0008–G0010 and Q2034–Q2039 (CMS).
"#,
};

/// S103: runs once per claim, and reports in the context of the line it finds.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    // Most claims give no vaccine: the lines' groups rule them out at once.
    if !lines.any_in(codes::Groups::VACCINE_ADMINISTRATION) {
        return;
    }
    let flagged = |i: usize| {
        let line = &lines.lines[i];
        line.period.is_some()
            // The line's groups say it without comparing the code with the table again.
            && line.groups.has(codes::Groups::VACCINE_ADMINISTRATION)
            && !lines.has_partner(i, |other| {
                other.code_in(codes::ANY_VACCINE_PRODUCT).is_some()
            })
    };
    lines.by_date(flagged, |first, others| {
        let (Some(sv1), Some(code)) = (first.sv1, first.code) else {
            return;
        };
        in_line_context(checker, lines.claim, first, |checker| {
            let d = checker.report_in(
                Rule::VaccineAdministrationWithoutVaccine,
                &sv1.segment,
                code.span(),
                format!(
                    "vaccine administration `{}` has no vaccine product on the same date of service",
                    shown(code.value)
                ),
            );
            d.element("SV1", 1, Some(2))
                .label("gives a vaccine; which one?")
                .help("add a line for each vaccine given, with its product code (`90476`–`90759`, or `Q2034`–`Q2039` for influenza with Medicare), on the same date");
            for other in others {
                if let Some(c) = other.code {
                    d.secondary(
                        c.span(),
                        format!("`{}` has no vaccine either", shown(c.value)),
                    );
                }
            }
        });
    });
}
