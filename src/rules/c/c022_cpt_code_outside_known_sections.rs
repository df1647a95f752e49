//! C022 `cpt-code-outside-known-sections`

use crate::codes::procedure::{self, CptSection, ProcedureClass};
use crate::rules::prelude::*;
use crate::rules::s::s005_unlisted_procedure_without_description as s005;

pub const META: RuleMeta = RuleMeta {
    code: "C022",
    name: "cpt-code-outside-known-sections",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "a 5-digit CPT code in SV101-2 that falls in no known CPT section range",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about service lines whose procedure code (SV101-1 `HC`) is five digits but falls
outside every CPT Category I section range claimlint knows: anesthesia `00100`–`01999`,
surgery `10004`–`69990`, radiology `70010`–`79999`, pathology and laboratory
`80047`–`89398`, medicine `90281`–`99199` and `99500`–`99607` (with the anesthesia
qualifying circumstances `99100`–`99140`), and evaluation and management
`99202`–`99499`. The gaps reported are `00000`–`00099`, `02000`–`10003`,
`69991`–`70009`, `89399`–`90280` and `99608`–`99999`: so `00050`, `02000`, `69995`,
`89399` and `99608` are reported. Two other numbers outside the sections are not:
`80000`–`80046`, and `99200`–`99201`, since `99201` is a real code deleted in 2021 that
claims for earlier dates of service still carry.

This is a classification, not a check that the code exists: the section boundaries move
with every CPT edition, and only the AMA's licensed data can say whether a code exists
(load your list with `--cpt` for that, C019; with a list loaded, this rule leaves CPT
codes to C019 and stays silent). A code that looks like an unlisted
procedure (ending in `99`) and has no SV101-7 description is left to S005, which reports
the line already.

## Why does it matter?
A number outside all sections is most often a typing error (a digit swapped, dropped or
added) or a code deleted long ago. The payer cannot price it and
rejects the line.

## Example
```text
SV1*HC:02000*100*UN*1***1~
```

## How to fix
Check the code against the CPT edition of the date of service and send the code billed,
e.g. `20000` rather than `02000`.

## References
Loop 2400 SV101-2 (data element 234); CPT Category I section ranges (AMA).
"#,
};

/// The gaps between the section ranges that the rulebook's CODE-016 names. Two more
/// numbers fall in no range, and are left alone: 80000–80046, below the laboratory panels,
/// and 99200–99201, where 99201 is a real code deleted in 2021 that claims for earlier
/// dates of service still carry (C019 judges it against your CPT list).
const GAPS: [(u32, u32); 5] = [
    (0, 99),
    (2000, 10003),
    (69991, 70009),
    (89399, 90280),
    (99608, 99999),
];

/// How a section range reads in a label: "surgery (10004–69990)".
fn range(first: u32, last: u32, section: CptSection) -> String {
    format!("{} ({first:05}–{last:05})", section.name())
}

/// C022
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // The class the model read once rules out nearly every line before SV101 is looked at.
    if sv1.procedure_class() == ProcedureClass::CptCategory1(CptSection::OutsideKnownRanges) {
        report(checker, sv1);
    }
}

/// C022 on a line whose code is five digits outside the section ranges. Out of line, so
/// that the check above inlines into the SV1 dispatch and a clean line costs a compare, not
/// a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    // With the user's licensed CPT list, C019 knows whether the code exists: the section
    // ranges have nothing to add.
    if checker.enabled(Rule::UnknownCptCode) && checker.settings().code_sets().cpt().is_some() {
        return;
    }
    // One finding for one cause: S005 already asks about this code.
    if checker.enabled(Rule::UnlistedProcedureWithoutDescription)
        && s005::unlisted_without_description(sv1).is_some()
    {
        return;
    }
    let Some(n) = std::str::from_utf8(code.value)
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
    else {
        return;
    };
    if !GAPS
        .iter()
        .any(|&(first, last)| (first..=last).contains(&n))
    {
        return;
    }
    let label = match procedure::cpt_neighbours(n) {
        [Some(b), Some(a)] => format!(
            "between {} and {}",
            range(b.0, b.1, b.2),
            range(a.0, a.1, a.2)
        ),
        [None, Some(a)] => format!("below {}", range(a.0, a.1, a.2)),
        [Some(b), None] => format!("above {}", range(b.0, b.1, b.2)),
        [None, None] => "in no CPT section".to_string(),
    };
    checker
        .report_in(
            Rule::CptCodeOutsideKnownSections,
            &sv1.segment,
            code.span(),
            format!(
                "CPT code `{}` is outside every known CPT section range",
                shown(code.value)
            ),
        )
        .element("SV1", 1, Some(2))
        .label(label)
        .help("check the code against the CPT edition of the date of service: a digit may be swapped, missing or extra, or the code deleted");
}
