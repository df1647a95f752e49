//! S106 `duplicate-service-line`

use super::{ClaimLines, Line, codes, in_line_context};
use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S106",
    name: "duplicate-service-line",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "two lines of a claim bill the same code, modifiers and date of service without a repeat modifier",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "247",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a service line that repeats an earlier line of the same claim: the same
procedure code (SV101-2, qualifier `HC`), the same modifiers in any order, the same date of
service (the same D8 date, or the same RD8 range), the same drug (the NDC in loop 2410, when
there is one) and the same description (SV101-7, when there is one), when the later line
has none of the modifiers that say a service was really done again:

- `76` and `77`: repeat procedure by the same or another physician;
- `91`: repeat clinical laboratory test;
- `59`, `XE`, `XS`, `XP`, `XU`: distinct procedural service (separate encounter,
  structure, practitioner, or non-overlapping service).

The finding is on the later line, with the first one labelled. CPT Category II codes
(`1036F`…) are not checked: they track quality measures and are not paid. Lines whose
procedure or date cannot be read are skipped: other rules report them.

Vaccine administration codes (CPT 90460–90461, 90471–90474, 90480, HCPCS G0008–G0010)
are reported per vaccine, and many payers want one administration line next to each
vaccine: a repeated administration line is not reported while the date has at least as
many vaccine product lines as lines of that administration code.

## Why does it matter?
Payers read two identical lines as the same service billed twice and deny the second one
as a duplicate, sometimes the whole claim. When the service really was done twice, only a
repeat or distinct-service modifier tells the payer so; when it was done once, the second
line is an overpayment to return later.

## Example
```text
LX*1~
SV1*HC:99213*125*UN*1***1~
DTP*472*D8*20240110~
LX*2~
SV1*HC:99213*125*UN*1***1~
DTP*472*D8*20240110~
```

## How to fix
If the service was done once, delete the repeated line, or bill all units on one line.
If it was done again, add the modifier that says why to the later line: `76` or `77` for
a repeated procedure, `91` for a repeated laboratory test, `59` or one of `XE`, `XS`,
`XP`, `XU` for a distinct service.

## References
Loop 2400 SV101-2 procedure code, SV101-3 to SV101-6 procedure modifiers, SV101-7
description and DTP\*472 service date; loop 2410 LIN03 National Drug Code; CPT modifiers
(AMA); HCPCS Level II modifiers `XE`, `XS`, `XP`, `XU` (CMS).
"#,
};

/// At most four modifiers (SV101-3 to SV101-6), sorted, without repeats.
type Modifiers<'a> = ([&'a [u8]; 4], usize);

fn modifiers<'a>(sv1: &Sv1<'a>) -> Modifiers<'a> {
    let mut set: [&[u8]; 4] = [&[]; 4];
    let mut n = 0;
    for m in sv1.modifiers().filter(|m| !m.value.is_empty()) {
        if n < set.len() && !set[..n].contains(&m.value) {
            set[n] = m.value;
            n += 1;
        }
    }
    set[..n].sort_unstable();
    (set, n)
}

/// What makes two lines the same service, when the line can be checked.
#[derive(PartialEq)]
struct Service<'a> {
    code: &'a [u8],
    modifiers: Modifiers<'a>,
    period: (crate::x12::values::Date, crate::x12::values::Date),
    ndc: Option<&'a [u8]>,
    description: &'a [u8],
}

fn service<'a>(line: &Line<'_, 'a>) -> Option<Service<'a>> {
    let sv1 = line.sv1?;
    let code = line.code?;
    if line.class == Some(ProcedureClass::CptCategory2) {
        return None;
    }
    Some(Service {
        code: code.value,
        modifiers: modifiers(sv1),
        period: line.period?,
        ndc: line.service.drugs.first().map(|d| d.lin.value(3)),
        description: sv1.description().map_or(&[][..], |d| d.value.trim_ascii()),
    })
}

/// Whether line `i`, a vaccine administration code, can be the administration of its own
/// vaccine: administration codes are reported per vaccine (and per component), so a claim may
/// bill one line for each vaccine given. The repeat is fine while the date has at least as
/// many vaccine product lines as lines of this administration code up to this one.
fn one_per_vaccine(lines: &ClaimLines<'_, '_>, i: usize, line: &Line<'_, '_>) -> bool {
    if line.code_in(codes::VACCINE_ADMINISTRATION).is_none() {
        return false;
    }
    let same_code = |l: &&Line<'_, '_>| l.code.map(|c| c.value) == line.code.map(|c| c.value);
    let administrations = lines.lines[..=i]
        .iter()
        .filter(|l| l.period == line.period)
        .filter(same_code)
        .count();
    let vaccines = lines
        .lines
        .iter()
        .filter(|l| l.period == line.period && l.code_in(codes::ANY_VACCINE_PRODUCT).is_some())
        .count();
    administrations <= vaccines
}

/// S106: runs once per claim, and reports in the context of each repeated line.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    // The first line has no earlier one to repeat.
    for i in 1..lines.lines.len() {
        let (earlier, rest) = lines.lines.split_at(i);
        let (Some(key), Some(period)) = (rest[0].key, rest[0].period) else {
            continue;
        };
        // Compare the code and date first: most lines repeat nothing. The code by its key: a
        // readable code always has one, and two keys are equal exactly when the codes are.
        // A plain scan, and the rest out of line: claims have a few lines, and the iterator
        // chain with the reading and wording inlined cost more than the comparisons.
        if let Some(at) = earlier
            .iter()
            .position(|e| e.key == Some(key) && e.period == Some(period))
        {
            check_repeat(checker, lines, i, &earlier[at..]);
        }
    }
}

/// S106 for line `i`, whose code and date `candidates` (the earlier lines from the first
/// with the same code key and date) may repeat.
#[inline(never)]
fn check_repeat(
    checker: &mut Checker,
    lines: &ClaimLines<'_, '_>,
    i: usize,
    candidates: &[Line<'_, '_>],
) {
    let line = &lines.lines[i];
    let (Some(code), Some(key), Some(period)) = (line.code, line.key, line.period) else {
        return;
    };
    let mut candidates = candidates
        .iter()
        .filter(|e| e.key == Some(key) && e.period == Some(period));
    let Some(this) = service(line) else {
        return;
    };
    let (m, n) = this.modifiers;
    if m[..n].iter().any(|m| codes::REPEAT_MODIFIERS.contains(m)) {
        return;
    }
    let Some(first) = candidates.find(|earlier| service(earlier).is_some_and(|s| s == this)) else {
        return;
    };
    if one_per_vaccine(lines, i, line) {
        return;
    }
    let (Some(sv1), Some(first_code)) = (line.sv1, first.code) else {
        return;
    };
    let first_name = first
        .service
        .number()
        .map_or_else(|| "an earlier line".to_string(), |n| format!("line {n}"));
    let modifiers = if n == 0 {
        "no modifiers"
    } else {
        "the same modifiers"
    };
    in_line_context(checker, lines.claim, line, |checker| {
        checker
            .report_in(
                Rule::DuplicateServiceLine,
                &sv1.segment,
                code.span(),
                format!(
                    "`{}` is billed again with {modifiers} on the same date of service as {first_name}",
                    shown(code.value)
                ),
            )
            .element("SV1", 1, Some(2))
            .label(format!("repeats {first_name}"))
            .secondary(first_code.span(), "first billed here")
            .help("if it was done once, delete this line or bill the units on one line; if it was done again, add `76`, `77`, `91`, `59` or `XE`/`XS`/`XP`/`XU` to say why");
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeat_modifiers_are_two_characters() {
        for m in super::codes::REPEAT_MODIFIERS {
            assert_eq!(m.len(), 2);
        }
    }
}
