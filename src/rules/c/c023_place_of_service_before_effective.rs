//! C023 `place-of-service-before-effective`

use crate::codes::tables;
use crate::rules::c::service_date::{self, ServiceDate};
use crate::rules::prelude::*;
use crate::x12::values::Date;

pub const META: RuleMeta = RuleMeta {
    code: "C023",
    name: "place-of-service-before-effective",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    checks: &[
        Check::Claim(check_claim),
        Check::Sv1(|c, n| check_line(c, n.claim, n.line, n.sv1)),
    ],
    summary: "a place-of-service code on a date of service before CMS made it effective (10, 27, 58, 66)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "249",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a place-of-service code used for a service given before the date CMS made the
code effective. Four codes of the embedded CMS list were added after 5010 came into use:

| code | place of service | effective for services from | source |
|---|---|---|---|
| `58` | Non-residential Opioid Treatment Facility | 2020-01-01 | CMS Transmittal 4486 (Change Request 11353) |
| `10` | Telehealth Provided in Patient's Home | 2022-01-01 | CMS Transmittal 11045 (Change Request 12427); Medicare's systems took it from 2022-04-04 |
| `27` | Outreach Site/Street | 2023-10-01 | CMS Change Request 13314 (Noridian; a State of Maine provider bulletin) |
| `66` | Programs of All-Inclusive Care for the Elderly (PACE) Center | 2024-08-01 | CMS Transmittal 12779; Medicare's systems took it from 2025-01-06 |

A line's own place of service (SV105) is compared with the line's date of service (its
`DTP*472`, the first day of an `RD8` range; the claim's `DTP*434` when the line has none).
The claim's place of service (CLM05-1) is compared with the earliest date of service of
the lines that take their place of service from it, the lines without an SV105: a claim
whose lines each carry their own SV105 places no service at CLM05-1. One finding per
element, on the code, with the date of service as a label. A code outside the CMS list is
C017's; a date that cannot be read is H014's or H043's.

## Why does it matter?
Payers edit the place of service against the date of service: a code that did not exist
on that date is invalid for the service, and the claim is rejected or denied (277CA
`A7:249`, place of service code). Usually the date of service is wrong, or a billing
system sends today's code for an old service that is billed late.

## Example
```text
CLM*PCN0001*150***27:B:1*Y*A*Y*Y~
...
DTP*472*D8*20230915~
```

## How to fix
Check the date of service. If it is right, send the place-of-service code that was in
effect on that date (for telehealth before 2022, `02`), as the payer's billing guidance
for that period says.

## References
Loop 2300 CLM05-1 and loop 2400 SV105 (data element 1331); loop 2400 `DTP*472`; CMS
Place of Service Code Set and the change requests above.
"#,
};

/// A place-of-service code CMS added after 5010 came into use, and the first date of
/// service it may be used for (YYYYMMDD). The rule's documentation gives the source of
/// each date; a test keeps the two in step.
pub(crate) const EFFECTIVE: &[(&str, u32)] = &[
    ("10", 20220101),
    ("27", 20231001),
    ("58", 20200101),
    ("66", 20240801),
];

/// The first date `code` may be used for, when it is one of [`EFFECTIVE`]'s.
fn effective(code: &[u8]) -> Option<Date> {
    // Every code of the list is a place-of-service code, two digits (a test keeps it so): a
    // line without SV105, or with a value of another length, is left on its length alone.
    let &[a, b] = code else {
        return None;
    };
    EFFECTIVE
        .iter()
        .find(|(c, _)| c.as_bytes() == [a, b])
        .map(|&(_, from)| Date(from))
}

/// C023 for the claim: CLM05-1, against the earliest date of service of the lines that
/// take their place of service from it.
pub fn check_claim(checker: &mut Checker, claim: &Claim<'_>) {
    let Some(pos) = claim.service_location().and_then(|e| e.component(1)) else {
        return;
    };
    let Some(from) = effective(pos.value) else {
        return;
    };
    let own_place = |line: &ServiceLine<'_>| {
        line.sv1
            .as_ref()
            .and_then(|s| s.place_of_service())
            .is_some_and(|p| !p.is_empty())
    };
    // The earliest date of service, and the line it is of.
    let first = if claim.lines.is_empty() {
        service_date::of_claim(claim).map(|(first, _)| (first, None))
    } else {
        claim
            .lines
            .iter()
            .filter(|l| !own_place(l))
            .filter_map(|l| service_date::of_line(claim, l).map(|d| (d, l.number())))
            .min_by_key(|(d, _)| d.date)
    };
    let Some((served, line)) = first.filter(|(d, _)| d.date < from) else {
        return;
    };
    let label = match line {
        Some(n) => format!("date of service of line {n}, which has no place of service of its own"),
        None => "date of service".to_string(),
    };
    report(
        checker,
        &claim.clm,
        pos.value,
        pos.span(),
        ("CLM", 5, Some(1)),
        from,
        (&served, label),
    );
}

/// C023 for a line: SV105, against the line's date of service.
pub fn check_line(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    let Some(pos) = sv1.place_of_service() else {
        return;
    };
    let Some(from) = effective(pos.value) else {
        return;
    };
    let Some(served) = service_date::of_line(claim, line).filter(|d| d.date < from) else {
        return;
    };
    report(
        checker,
        &sv1.segment,
        pos.value,
        pos.span(),
        ("SV1", 5, None),
        from,
        (&served, "date of service".to_string()),
    );
}

fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    code: &[u8],
    span: Span,
    (id, element, component): (&str, usize, Option<usize>),
    from: Date,
    (served, label): (&ServiceDate<'_>, String),
) {
    let name = crate::diagnostic::ElementRef::new(id, element, component).to_string();
    let place = tables::pos(code).unwrap_or("a CMS place of service");
    checker
        .report_in(
            Rule::PlaceOfServiceBeforeEffective,
            segment,
            span,
            format!(
                "place of service `{}` in {name} is effective from {from}, after the date of service {}",
                shown(code),
                served.date
            ),
        )
        .element(id, element, component)
        .label(format!("{place}: effective from {from}"))
        .secondary(served.span(), label)
        .help(format!(
            "check the date of service; a service before {from} is billed with the place-of-service code in effect then"
        ));
}

#[cfg(test)]
mod tests {
    use super::{EFFECTIVE, META};
    use crate::codes::tables;
    use crate::x12::values::Date;
    use crate::{Settings, SourceFile, lint};

    /// C023's findings (their elements) on the valid sample with CLM05-1 `claim`, the two
    /// lines' SV105 `lines` and dates of service `served`.
    fn findings(claim: &str, lines: [&str; 2], served: [&str; 2]) -> Vec<String> {
        let path = format!(
            "{}/samples/valid/single_claim.x12",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let text = text
            .replace("11:B:1", &format!("{claim}:B:1"))
            .replace(
                "SV1*HC:99213*100*UN*1***1:2",
                &format!("SV1*HC:99213*100*UN*1*{}**1:2", lines[0]),
            )
            .replace(
                "SV1*HC:87880*50*UN*1***1",
                &format!("SV1*HC:87880*50*UN*1*{}**1", lines[1]),
            )
            .replacen(
                "DTP*472*D8*20240110",
                &format!("DTP*472*D8*{}", served[0]),
                1,
            )
            .replacen(
                "DTP*472*D8*20240110",
                &format!("DTP*472*D8*{}", served[1]),
                1,
            );
        let settings = Settings::select(&["C023".to_string()], &[]).unwrap();
        lint(&SourceFile::new("t.x12", text.into_bytes()), &settings)
            .diagnostics
            .iter()
            .map(|d| {
                d.location
                    .element
                    .as_ref()
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn the_claim_place_is_judged_by_the_lines_that_use_it() {
        // POS 66 from 2024-08-01 (only C023 runs: the dates after BHT04 are S020's).
        let (before, on) = ("20240731", "20240801");
        assert_eq!(findings("66", ["", ""], [on, before]), ["CLM05-1"]);
        assert!(findings("66", ["", ""], [on, on]).is_empty());
        // Line 2 has a place of its own: CLM05-1 is judged by line 1's date only.
        assert!(findings("66", ["", "11"], [on, before]).is_empty());
        assert_eq!(findings("66", ["11", ""], [on, before]), ["CLM05-1"]);
        // Every line has its own: CLM05-1 places no service.
        assert!(findings("66", ["11", "11"], [before, before]).is_empty());
        // Each line's own place by its own date; the same code on the claim too.
        assert_eq!(findings("11", ["66", "66"], [on, before]), ["SV105"]);
        assert_eq!(
            findings("66", ["66", ""], [before, before]),
            ["CLM05-1", "SV105"]
        );
    }

    #[test]
    fn each_effective_date_is_documented_with_its_code() {
        for &(code, from) in EFFECTIVE {
            assert!(tables::is_pos(code.as_bytes()), "{code}");
            let row = format!(
                "| `{code}` | {} | {} |",
                tables::pos(code.as_bytes()).unwrap(),
                Date(from)
            );
            assert!(META.doc.contains(&row), "{row}");
        }
    }
}
