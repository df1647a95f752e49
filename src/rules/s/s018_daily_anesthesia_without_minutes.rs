//! S018 `daily-anesthesia-without-minutes`

use crate::rules::prelude::*;
use crate::rules::s::s006_anesthesia_without_minutes::{DAILY_MANAGEMENT, not_in_minutes};

pub const META: RuleMeta = RuleMeta {
    code: "S018",
    name: "daily-anesthesia-without-minutes",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.line, n.sv1))],
    summary: "anesthesia code 01996 (daily epidural management) not billed in minutes (SV103 `MJ`)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "251",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when a service line with anesthesia code `01996` (daily management of epidural or
subarachnoid drug administration) is not billed in minutes (SV103 `MJ`). Other anesthesia
codes not in minutes are S006's error; `01996` is the exception: its descriptor is a daily
service, so the time is already in the code and a payer may accept it in units. As with
S006, a line is accepted when another anesthesia line of the claim on the same date of
service is in minutes.

## Why does it matter?
The implementation guide requires minutes for anesthesia claims, and many payers apply
that to every code of the anesthesia section, `01996` included: they reject the line or
return it for the minutes. Others pay `01996` once per day whatever the unit.

## Example
```text
SV1*HC:01996*120*UN*1***1~
```

## How to fix
Check the payer's rule for `01996`. When it asks for minutes, send `MJ` in SV103 and the
time in SV104; otherwise the warning can be ignored for this payer.

## References
Loop 2400 SV103 unit or basis for measurement code (data element 355) and SV104 quantity
(data element 380); CPT anesthesia section (AMA).
"#,
};

/// S018
pub fn check(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    // The class the model read rules out every line but an anesthesia one.
    if sv1.procedure_class().is_anesthesia() {
        report(checker, claim, line, sv1);
    }
}

/// S018 on an anesthesia line. Out of line, so that the check above inlines into the
/// SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    let daily = |c: &[u8]| c == DAILY_MANAGEMENT;
    let Some((code, message)) = not_in_minutes(claim, line, sv1, daily, "daily anesthesia") else {
        return;
    };
    let segment = &sv1.segment;
    checker
        .report_in(
            Rule::DailyAnesthesiaWithoutMinutes,
            segment,
            element_span(segment, 3),
            message,
        )
        .element("SV1", 3, None)
        .label("the guide asks for `MJ` (minutes)")
        .secondary(
            code.span(),
            "daily management code: time is in its descriptor",
        )
        .help("if the payer asks for minutes, send `MJ` in SV103 and the time in SV104");
}
