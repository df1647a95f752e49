//! S016 `excess-unit-precision`

use crate::rules::h::h011_invalid_service_units::{UnitDigits, unit_digits};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S016",
    name: "excess-unit-precision",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV104 has more than 8 digits before the decimal point or more than 3 after it",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "476",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when the service unit count SV104 has more than 8 digits before the decimal point
or more than 3 after it (`123456789`, `1.2500`). Digits are counted as sent, leading and
trailing zeros included. Counts that are not valid at all, zero or negative, or longer
than the element's 15 digits, are H011's error. Minutes (SV103 `MJ`) with a fraction are
S017's warning, which this rule leaves them to.

## Why does it matter?
The implementation guide limits the unit count to 8 digits before and 3 after the decimal
point. Many payer systems store it in a field of that size: they reject the line, or cut
the value and pay for a different number of units.

## Example
```text
SV1*HC:97110*50*UN*1.2500***1~
```

## How to fix
Send the count with at most 3 decimals and no padding zeros, e.g. `1.25`; check a count
of more than 8 digits, which is almost always a mistake.

## References
Loop 2400 SV104 quantity (data element 380), implementation guide note on its precision.
"#,
};

/// The largest number of digits before and after the decimal point.
pub(crate) const BEFORE: usize = 8;
pub(crate) const AFTER: usize = 3;

/// Whether S016 reports these digits (leaving fractional minutes to S017 when it runs).
pub(crate) fn reports(digits: UnitDigits, minutes: bool, s017_enabled: bool) -> bool {
    if digits.before > BEFORE {
        return true;
    }
    digits.after > AFTER && !(minutes && digits.fraction && s017_enabled)
}

/// S016
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Four characters hold at most 4 digits before the point or 3 after it: within both
    // limits, and most counts are that short.
    if sv1.quantity().is_some_and(|q| q.value.len() > 4) {
        report(checker, sv1);
    }
}

/// S016 on a line whose unit count is longer than four characters. Out of line, so that the
/// check above inlines into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let Some(digits) = unit_digits(sv1) else {
        return;
    };
    let minutes = sv1.in_minutes();
    if !reports(digits, minutes, checker.enabled(Rule::FractionalMinutes)) {
        return;
    }
    let Some(quantity) = sv1.quantity() else {
        return;
    };
    let (message, label) = if digits.before > BEFORE {
        (
            format!(
                "unit count `{}` has {} digits before the decimal point",
                shown(quantity.value),
                digits.before
            ),
            "at most 8 digits before the decimal point",
        )
    } else {
        (
            format!(
                "unit count `{}` has {} digits after the decimal point",
                shown(quantity.value),
                digits.after
            ),
            "at most 3 digits after the decimal point",
        )
    };
    checker
        .report_in(
            Rule::ExcessUnitPrecision,
            &sv1.segment,
            quantity.span(),
            message,
        )
        .element("SV1", 4, None)
        .label(label)
        .help("send the count with at most 8 digits before and 3 after the decimal point, without padding zeros, e.g. `1.25`");
}
