//! S105 `add-on-without-primary`

use super::add_on_pairs::{ADD_ON_PAIRS, AddOnTable, primaries_of};
use super::{ClaimLines, Line, codes, in_line_context, listed};
use crate::rules::prelude::*;
use std::sync::LazyLock;

pub const META: RuleMeta = RuleMeta {
    code: "S105",
    name: "add-on-without-primary",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(|c, lines| check_with(c, lines, &ADD_ONS))],
    summary: "an add-on code with none of its primary codes on the same date of service",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a line whose code is an add-on code when no line of the claim on the same date
of service has one of the primary codes it goes with. Dates are compared as periods: a D8
date is one day, and an RD8 range matches every date it overlaps. The pairs checked:

| Add-on | Needs one of |
|---|---|
| 90461 | 90460 |
| 90472, 90474 | 90460, 90471, 90473 |
| 96361 | 96360, 96365, 96374, 96409, 96413 |
| 96366 | 96365, 96367 |
| 96367 | 96365, 96374, 96409, 96413 |
| 96368 | 96365, 96366, 96374, 96409, 96413, 96415, 96416 |
| 96375, 96376 | 96365, 96374, 96409, 96413 |
| 96411 | 96409, 96413 |
| 96415, 96417 | 96413 |
| 99100–99140 | an anesthesia code, 00100–01999 |

With an NCCI edit pack loaded (`--ncci DIR`) whose add-on code edit file lists a code, P103
judges that code with the file's edits instead of this table, while P103 is enabled.

The table is one data table in the source (`add_on_pairs.rs`), which the configuration file
will be able to extend. A line whose procedure cannot be read, or whose date is missing or
invalid, keeps the rule quiet for that date: other rules report it.

## Why does it matter?
An add-on code reports work done on top of a primary procedure: another hour of infusion,
another vaccine, another push, or a circumstance that makes an anesthetic harder. CPT
(AMA) marks these codes as never reported alone, and payers deny an add-on line whose
primary code is not on the claim for the same date: usually the primary was forgotten,
or the wrong one of a pair was billed (an additional-hour code instead of the first hour).

## Example
```text
SV1*HC:96375*40*UN*1***1~
DTP*472*D8*20240110~
```
A sequential push, with no first push or infusion on that date.

## How to fix
Bill the primary service on the same date of service, on the same claim; or, when the
add-on was the only such service that day, replace it with its primary (initial) code.

## References
Loop 2400 SV101-2 procedure code and DTP\*472 service date; CPT add-on codes and their
usage notes (AMA).
"#,
};

/// S105 with the add-on table `table`.
#[cfg(test)]
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>, table: AddOnTable<'_>) {
    check_with(checker, lines, &AddOns::new(table));
}

/// The built-in add-on table, prepared once.
static ADD_ONS: LazyLock<AddOns<'static>> = LazyLock::new(|| AddOns::new(ADD_ON_PAIRS));

/// An add-on table with the span of its add-on codes, worked out once for all claims.
#[derive(Debug, Clone)]
pub struct AddOns<'t> {
    table: AddOnTable<'t>,
    /// See [`codes::bounds`].
    bounds: Option<(u64, u64)>,
    /// The ends of each row's add-on pattern as keys ([`codes::Key::range_of`]), when every
    /// row is made of 5-character codes: common codes pass `bounds` (90461 to 99140 holds
    /// 93000 and 96372), and comparing integers row by row costs less than matching text.
    keys: Option<Vec<(codes::Key, codes::Key)>>,
    /// The values of `keys`' ranges merged where they overlap or touch, in order: a code
    /// in none of them is in no row. Most codes inside `bounds` are in none (93000, 96372),
    /// and one search of these costs less than trying every row.
    spans: Vec<(u64, u64)>,
}

impl<'t> AddOns<'t> {
    pub fn new(table: AddOnTable<'t>) -> Self {
        let keys: Option<Vec<(codes::Key, codes::Key)>> = table
            .iter()
            .map(|&(add_on, _)| codes::Key::range_of(add_on))
            .collect();
        AddOns {
            table,
            bounds: codes::bounds(table.iter().map(|&(add_on, _)| add_on)),
            spans: keys.as_deref().map_or_else(Vec::new, merged),
            keys,
        }
    }

    /// Whether the code with key `key` may be in a row of `keys`: it is in one of `spans`.
    fn in_spans(&self, key: codes::Key) -> bool {
        let value = key.value();
        let after = self.spans.partition_point(|&(low, _)| low <= value);
        after > 0 && value <= self.spans[after - 1].1
    }

    /// The primary codes of the line's add-on code, when it is one: by its key when the
    /// table has keys, else by its text.
    fn primaries_of(&self, line: &Line<'_, '_>, code: &[u8]) -> Option<&'t [&'t str]> {
        match (&self.keys, line.key) {
            (Some(_), Some(key)) if !self.in_spans(key) => None,
            (Some(keys), Some(key)) => keys
                .iter()
                .position(|&(low, high)| key.within(low, high))
                .map(|row| self.table[row].1),
            _ => primaries_of(self.table, code),
        }
    }
}

/// The values of the ranges `keys`, merged where they overlap or touch, in order.
fn merged(keys: &[(codes::Key, codes::Key)]) -> Vec<(u64, u64)> {
    let mut ranges: Vec<(u64, u64)> = keys
        .iter()
        .map(|&(low, high)| (low.value(), high.value()))
        .collect();
    ranges.sort_unstable();
    let mut spans: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
    for (low, high) in ranges {
        match spans.last_mut() {
            Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
            _ => spans.push((low, high)),
        }
    }
    spans
}

/// S105 with a table prepared by [`AddOns::new`] ([`ADD_ON_PAIRS`], or a table a user
/// extended): runs once per claim, and reports in the context of each line it finds.
pub fn check_with(checker: &mut Checker, lines: &ClaimLines<'_, '_>, add_ons: &AddOns<'_>) {
    let bounds = add_ons.bounds;
    // Most lines are no add-on at all: the table's span rules them out without a lookup.
    for (i, line) in lines.lines.iter().enumerate() {
        // The key first, before the line's other fields are looked at.
        if let (Some((low, high)), Some(key)) = (bounds, line.key)
            && !(low..=high).contains(&key.value())
        {
            continue;
        }
        let (Some(sv1), Some(code), Some(_)) = (line.sv1, line.code, line.period) else {
            continue;
        };
        let Some(primaries) = add_ons.primaries_of(line, code.value) else {
            continue;
        };
        // A loaded NCCI add-on file replaces the table for the codes it lists (P103).
        if crate::rules::p::p103_ncci_add_on_without_primary::covers(checker, code.value) {
            continue;
        }
        if lines.has_partner(i, |other| other.code_matches(primaries).is_some()) {
            continue;
        }
        in_line_context(checker, lines.claim, line, |checker| {
            checker
                .report_in(
                    Rule::AddOnWithoutPrimary,
                    &sv1.segment,
                    code.span(),
                    format!(
                        "add-on code `{}` has no primary code on the same date of service",
                        shown(code.value)
                    ),
                )
                .element("SV1", 1, Some(2))
                .label(format!("needs {} on this date", listed(primaries)))
                .help("bill the primary service on the same date, or replace the add-on with the code for the first (initial) service");
        });
    }
}

#[cfg(test)]
mod tests {
    use super::META;
    use crate::rules::s::add_on_pairs::{ADD_ON_PAIRS, AddOnTable};

    /// The search of the merged spans finds the row the row-by-row search finds, for
    /// every code of five digits and the codes around the table's, in the built-in table
    /// and in tables with overlapping and touching rows.
    #[test]
    fn spans_rule_out_only_codes_in_no_row() {
        use super::{AddOns, codes::Key};
        let tables: [AddOnTable<'static>; 3] = [
            ADD_ON_PAIRS,
            &[
                ("99292", &["99291"]),
                ("99200-99300", &["99291"]),
                ("99301", &["99291"]),
                ("A0001-A0009", &["99291"]),
                ("A0005-A0020", &["99291"]),
                ("0001A", &["99291"]),
            ],
            &[],
        ];
        for table in tables {
            let add_ons = AddOns::new(table);
            let keys = add_ons.keys.as_deref().unwrap_or_default();
            let codes = (0..100_000).map(|n| format!("{n:05}")).chain(
                [
                    "A0000", "A0001", "A0010", "A0021", "0001A", "0002A", "J1885",
                ]
                .map(String::from),
            );
            for code in codes {
                let key = Key::of(code.as_bytes()).unwrap();
                let in_a_row = keys.iter().any(|&(low, high)| key.within(low, high));
                assert!(!in_a_row || add_ons.in_spans(key), "{code}");
            }
        }
    }

    /// The documentation lists the built-in table.
    #[test]
    fn the_documented_table_is_the_built_in_one() {
        let rows: Vec<&str> = META.doc.lines().filter(|l| l.starts_with("| 9")).collect();
        for (add_on, primaries) in ADD_ON_PAIRS {
            let add_on = add_on.replace('-', "–");
            let row = rows
                .iter()
                .find(|r| r.split('|').nth(1).is_some_and(|c| c.contains(&add_on)))
                .unwrap_or_else(|| panic!("{add_on} is not documented"));
            for p in *primaries {
                assert!(row.contains(&p.replace('-', "–")), "{add_on}: {p}");
            }
        }
    }
}
