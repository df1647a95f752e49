//! S017 `fractional-minutes`

use crate::rules::h::h011_invalid_service_units::unit_digits;
use crate::rules::prelude::*;
use crate::rules::s::s007_minutes_on_non_anesthesia_code as s007;

pub const META: RuleMeta = RuleMeta {
    code: "S017",
    name: "fractional-minutes",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "minutes (SV103 `MJ`) with a fraction in SV104, e.g. `45.5`",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "251",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when a service line is billed in minutes (SV103 `MJ`) and the count SV104 has a
fraction: `45.5`, `60.25`. A whole number written with zero decimals (`45.0`) is not
reported. A line in minutes whose code is not an anesthesia code is S007's warning, which
this rule leaves the line to, and a count of more than 8 digits before the decimal point
is S016's.

## Why does it matter?
Anesthesia time is reported in whole minutes: the payer converts the minutes into time
units itself. A fraction is usually a conversion error (hours or time units sent as
minutes), and payers reject the line or round the time.

## Example
```text
SV1*HC:00142*500*MJ*45.5***1~
```

## How to fix
Send the total anesthesia time in whole minutes, e.g. `46`, or check whether the value
was meant as minutes at all.

## References
Loop 2400 SV103 unit or basis for measurement code (data element 355) and SV104 quantity
(data element 380).
"#,
};

/// S017
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Most lines count units (`UN`), not minutes.
    if sv1.in_minutes() {
        report(checker, sv1);
    }
}

/// S017 on a line that counts minutes. Out of line, so that the check above inlines into
/// the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let Some(digits) = unit_digits(sv1).filter(|d| d.fraction) else {
        return;
    };
    // One finding per line: S016 for a count too long anyway, S007 for minutes that
    // should be units.
    if digits.before > super::s016_excess_unit_precision::BEFORE
        && checker.enabled(Rule::ExcessUnitPrecision)
    {
        return;
    }
    if checker.enabled(Rule::MinutesOnNonAnesthesiaCode)
        && s007::minutes_on_non_anesthesia(sv1).is_some()
    {
        return;
    }
    let Some(quantity) = sv1.quantity() else {
        return;
    };
    checker
        .report_in(
            Rule::FractionalMinutes,
            &sv1.segment,
            quantity.span(),
            format!(
                "minutes count `{}` is not a whole number",
                shown(quantity.value)
            ),
        )
        .element("SV1", 4, None)
        .label("minutes (`MJ`) are whole numbers")
        .help("send the total time in whole minutes");
}
