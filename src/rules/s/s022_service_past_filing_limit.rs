//! S022 `service-past-filing-limit`

use crate::claim::LoopId;
use crate::rules::c::service_date;
use crate::rules::prelude::*;
use crate::rules::registry::ClaimStatus;
use crate::rules::s::s020_date_after_creation::creation_date;
use crate::x12::values::Date;

pub const META: RuleMeta = RuleMeta {
    code: "S022",
    name: "service-past-filing-limit",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Transaction(check)],
    summary: "a service date more than 12 months before the file's creation date (BHT04): past Medicare's timely filing limit",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "187",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Compares the claim's earliest date of service with the date the transaction set was
created, `BHT04`, and warns when it is more than 12 months earlier: a service on
2023-01-14 in a file created on 2024-01-15. The date of service is each line's first
readable `DTP*472` (the first day of an `RD8` range, the "from" date Medicare uses for a
professional claim's span of dates), or the claim's `DTP*434` when no line has one. One
finding per claim, on the earliest date, with BHT04 as a label.

Replacement and void claims (CLM05-3 `7` or `8`) are not compared: they correct or cancel
a claim sent earlier, and payers give them their own deadlines. Values that are not valid
dates are H014's and H043's; a date after BHT04 is S020's.

## Why does it matter?
Medicare pays a claim only when it is filed within one calendar year (12 months) of the
date of service, and denies it otherwise; many other payers' limits are shorter. A claim
this old is either late, and will be denied for timely filing, or carries a wrong date.

## Example
```text
BHT*0019*00*BATCH0001*20240115*1030*CH~
...
DTP*472*D8*20221210~
```

## How to fix
Check the service date. If it is right, and the claim is late for a reason the payer
accepts (a retroactive eligibility decision, an earlier claim filed in time), follow the
payer's exception process; otherwise the service can no longer be billed to Medicare.

## References
BHT04 (transaction set creation date); loop 2400 `DTP*472`; Medicare Claims Processing
Manual (Pub. 100-04), chapter 1, section 70 (time limitation for filing claims).
"#,
};

/// S022
pub fn check(checker: &mut Checker, t: &Transaction<'_>) {
    let Some((created, bht)) = creation_date(t) else {
        return;
    };
    // The same month and day a year before BHT04; a date of service before it is more
    // than 12 months old (for 2024-02-29, 2023-02-28 is).
    let limit = Date(created.0.saturating_sub(10000));
    for claim in &t.claims {
        // The earliest date of the lines first, as `service_date::of_claim` finds it:
        // nearly every claim is recent, and leaves before its frequency is read.
        if claim.earliest_line_date().is_some_and(|d| d >= limit) {
            continue;
        }
        if matches!(claim.frequency(), b"7" | b"8") {
            continue;
        }
        let Some((first, _)) = service_date::of_claim(claim) else {
            continue;
        };
        if first.date >= limit {
            continue;
        }
        let line = claim.lines.iter().find(|l| {
            l.date_of_service
                .is_some_and(|d| d.dtp.start == first.dtp.start)
        });
        match line {
            Some(line) => {
                checker.set_claim(Some(claim.ordinal), line.number());
                checker.set_loop(Some(LoopId::L2400.as_str()));
            }
            None => {
                checker.set_claim(Some(claim.ordinal), None);
                checker.set_loop(Some(LoopId::L2300.as_str()));
            }
        }
        checker
            .report_in(
                Rule::ServicePastFilingLimit,
                &first.dtp,
                first.span(),
                format!(
                    "service date {} is more than 12 months before the file's creation date {created} (BHT04)",
                    first.date
                ),
            )
            .element("DTP", 3, None)
            .label("more than 12 months old")
            .secondary(
                element_span(&bht, 4),
                "the transaction set was created on this date",
            )
            .help("check the service date; Medicare denies claims filed more than one year after the date of service");
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
}

#[cfg(test)]
mod tests {
    use crate::{Settings, SourceFile, lint};

    /// S022's findings on the valid sample with BHT04 `created`, both service dates
    /// `served` and CLM05-3 `frequency`.
    fn findings(created: &str, served: &str, frequency: &str) -> usize {
        let path = format!(
            "{}/samples/valid/single_claim.x12",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let text = text
            .replace("*BATCH0001*20240115*", &format!("*BATCH0001*{created}*"))
            .replace("DTP*472*D8*20240110", &format!("DTP*472*D8*{served}"))
            .replace("11:B:1", &format!("11:B:{frequency}"));
        let settings = Settings::select(&["S022".to_string()], &[]).unwrap();
        lint(&SourceFile::new("t.x12", text.into_bytes()), &settings)
            .diagnostics
            .len()
    }

    #[test]
    fn twelve_months_to_the_day_is_in_time() {
        assert_eq!(findings("20240115", "20230115", "1"), 0);
        assert_eq!(findings("20240115", "20230114", "1"), 1);
        // A year before 2024-02-29 is 2023-02-28 at the latest: the 28th is more than
        // 12 months before the 29th, the 1st of March is not.
        assert_eq!(findings("20240229", "20230228", "1"), 1);
        assert_eq!(findings("20240229", "20230301", "1"), 0);
        assert_eq!(findings("20250228", "20240229", "1"), 0);
        assert_eq!(findings("20250301", "20240229", "1"), 1);
    }

    #[test]
    fn one_finding_per_claim_and_none_for_replacements_or_voids() {
        assert_eq!(findings("20240115", "20200101", "1"), 1);
        assert_eq!(findings("20240115", "20200101", "7"), 0);
        assert_eq!(findings("20240115", "20200101", "8"), 0);
    }
}
