//! P102 `ncci-units-above-mue`

use super::{Dated, pack};
use crate::codes::ncci::code_key;
use crate::codes::ncci::mue::{MueEdit, MueTable};
use crate::rules::prelude::*;
use crate::rules::s::{ClaimLines, Line, MAX_LINES, in_line_context};
use crate::x12::values::decimal;

pub const META: RuleMeta = RuleMeta {
    code: "P102",
    name: "ncci-units-above-mue",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "more units of a code than its NCCI medically unlikely edit (MUE) allows, per line or per date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "476",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Runs only with an NCCI edit pack loaded (`--ncci DIR` or `ncci` under `[code-sets]` in
`claimlint.toml`) that holds the practitioner MUE file CMS publishes every quarter.

Warns when the units of service (SV104, with SV103 `UN`) of a code are above the code's MUE
value, the most units one patient can get from one provider. How they are counted depends
on the code's MUE adjudication indicator (MAI):

- MAI `1`, line edit: the units of each line on their own.
- MAI `2`, date of service edit, policy: the units of every line of the claim with that
  code on that date of service, added up. The value comes from policy, regulation or the
  code's definition: it is absolute, and no appeal pays units above it.
- MAI `3`, date of service edit, clinical: added up the same way. The value comes from
  clinical data; units above it may be paid on appeal with the medical record.

For MAI 2 and 3 the finding is on the line whose units take the total over the value,
with the claim's other lines of that code and date labelled; those lines need one readable
date of service (a D8 date, or an RD8 range of one day). Lines in minutes (`MJ`) and
units that are not a positive number with at most two decimals (H011's) are not counted.

## Why does it matter?
Payers deny the units above the MUE: the whole line for a line edit (MAI 1), the lines of
the date for a date of service edit (MAI 2 and 3). A count above it is most often a typing
mistake (`10` for `1`), units counted in the wrong measure (milligrams for a 10 mg drug
unit), or the same service entered twice.

## Example
```text
LX*1~
SV1*HC:22222*100*UN*3***1~
DTP*472*D8*20240110~
LX*2~
SV1*HC:22222*100*UN*2***1~
DTP*472*D8*20240110~
```
With a pack whose MUE file gives `22222` the value 4 and MAI 3: five units on one date.

## How to fix
Check the units against the record and the code's unit of measure. For a line edit (MAI
1), services really given more than once (on another site, at another session) go on
separate lines with the modifier that says so (an anatomic modifier, `76`, `77`, `91`,
`XE`, `XS`, `59`). For a date of service edit, bill at most the MUE value; with MAI 3,
units above it that were really given can be appealed with the record; with MAI 2 they are
not paid.

## References
Loop 2400 SV101-2 procedure code, SV103 unit basis, SV104 service unit count, DTP\*472
service date; CMS, Medicare NCCI Medically Unlikely Edits (practitioner services MUE
table) and the NCCI Policy Manual for Medicare Services, chapter I; Medicaid NCCI
Technical Guidance Manual.
"#,
};

/// The units of a line in hundredths, when the line counts them (SV103 `UN`, SV104 a
/// positive number with at most two decimals).
fn units(line: &Line<'_, '_>) -> Option<i128> {
    let sv1 = line.sv1?;
    if sv1.unit()?.value != b"UN" {
        return None;
    }
    let cents = decimal(sv1.quantity()?.value).ok()?.cents()?;
    (cents > 0).then_some(cents)
}

/// `3`, `2.5`.
fn shown_units(cents: i128) -> String {
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{}", cents as f64 / 100.0)
    }
}

/// P102 over the lines of one claim.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    let Some(mue) = pack(checker).and_then(|p| p.mue.as_ref()) else {
        return;
    };
    let n = lines.lines.len();
    let mut edits: [Option<(&MueEdit, i128)>; MAX_LINES] = [None; MAX_LINES];
    let mut dated = [None; MAX_LINES];
    for (i, line) in lines.lines.iter().enumerate() {
        let Some(key) = line.code.and_then(|c| code_key(c.value)) else {
            continue;
        };
        let (Some(edit), Some(units)) = (mue.get(key), units(line)) else {
            continue;
        };
        edits[i] = Some((edit, units));
        dated[i] = Dated::of(line);
    }
    for i in 0..n {
        let Some((edit, units)) = edits[i] else {
            continue;
        };
        let limit = i128::from(edit.value) * 100;
        if edit.mai == 1 {
            if units > limit {
                report(checker, lines, mue, edit, i, units, &[]);
            }
            continue;
        }
        // A date of service edit: once per code and date, from its first line.
        let Some(day) = dated[i] else { continue };
        let same = |j: usize| {
            edits[j].is_some_and(|(e, _)| e.code == edit.code)
                && dated[j].is_some_and(|d| d.day == day.day)
        };
        if (0..i).any(same) {
            continue;
        }
        let group: Vec<usize> = (i..n).filter(|&j| same(j)).collect();
        let mut total = 0;
        let over = group.iter().position(|&j| {
            total += edits[j].map_or(0, |(_, u)| u);
            total > limit
        });
        if let Some(at) = over {
            let total: i128 = group.iter().filter_map(|&j| edits[j]).map(|(_, u)| u).sum();
            let others: Vec<usize> = group.iter().copied().filter(|&j| j != group[at]).collect();
            report(checker, lines, mue, edit, group[at], total, &others);
        }
    }
}

fn report(
    checker: &mut Checker,
    lines: &ClaimLines<'_, '_>,
    mue: &MueTable,
    edit: &MueEdit,
    at: usize,
    total: i128,
    others: &[usize],
) {
    let line = &lines.lines[at];
    let (Some(sv1), Some(code)) = (line.sv1, line.code) else {
        return;
    };
    let Some(quantity) = sv1.quantity() else {
        return;
    };
    let value = edit.value;
    let code = shown(code.value);
    let (message, label, help) = match edit.mai {
        1 => (
            format!(
                "{} units of `{code}` on one line, above its MUE of {value} (MAI 1, line edit)",
                shown_units(total)
            ),
            format!("at most {value} per line"),
            "check the units against the record and the code's unit of measure; a service really given more than once (another site or session) goes on its own line with the modifier that says so".to_string(),
        ),
        2 => (
            format!(
                "{} units of `{code}` on one date of service, above its MUE of {value} (MAI 2, date of service edit: policy)",
                shown_units(total)
            ),
            format!("takes the date over {value}"),
            format!("bill at most {value} units of `{code}` for the date: the MUE comes from policy and is absolute, units above it are not paid even on appeal"),
        ),
        _ => (
            format!(
                "{} units of `{code}` on one date of service, above its MUE of {value} (MAI 3, date of service edit: clinical)",
                shown_units(total)
            ),
            format!("takes the date over {value}"),
            format!("check the units against the record; bill at most {value} units of `{code}` for the date, and appeal with the medical record for units above it that were really given"),
        ),
    };
    let rationale = mue.rationale(edit).to_string();
    in_line_context(checker, lines.claim, line, |checker| {
        let d = checker.report_in(
            Rule::NcciUnitsAboveMue,
            &sv1.segment,
            quantity.span(),
            message,
        );
        d.element("SV1", 4, None)
            .label(label)
            .help(match rationale.as_str() {
                "" => help,
                r => format!("{help} (MUE rationale: {r})"),
            });
        for &j in others {
            if let Some(q) = lines.lines[j].sv1.and_then(|s| s.quantity()) {
                d.secondary(q.span(), format!("{} on the same date", shown(q.value)));
            }
        }
    });
}
