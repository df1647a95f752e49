//! H011 `invalid-service-units`

use crate::rules::prelude::*;
use crate::x12::values::{DecimalError, decimal};

pub const META: RuleMeta = RuleMeta {
    code: "H011",
    name: "invalid-service-units",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV104 is missing, not a decimal number, longer than 15 digits, or not greater than zero",
    ack: Ack {
        ik403: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::element("SV1", 4)],
    doc: r#"## What it does
Checks the service unit count SV104 of every service line: the number of units, or of
minutes when SV103 is `MJ`. It must be present, be a plain decimal number (digits with at
most one decimal point, no `+`, exponent or thousands separator) of at most 15 digits (the
element's maximum length, not counting the decimal point), and be greater than zero. A
count within 15 digits but with more than 8 digits before the decimal point or more than 3
after it is S016's warning.

## Why does it matter?
The payer multiplies its rate by this count. A line without a usable count cannot be
priced, and a line of zero or negative units describes no service: both are rejected.

## Example
```text
SV1*HC:99213*100*UN*0***1~
```

## How to fix
Send the number of units (or anesthesia minutes) actually provided, e.g. `1`, `2` or `0.5`.

## References
Loop 2400 SV104 quantity (data element 380, type R); SV103 unit or basis for measurement
code.
"#,
};

/// SV104's maximum length (data element 380, R 1/15): digits, without sign or point.
const MAX_DIGITS: usize = 15;

/// The digits of a unit count that H011 accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitDigits {
    /// Digits before the decimal point, as sent (leading zeros count).
    pub before: usize,
    /// Digits after the decimal point, as sent (trailing zeros count).
    pub after: usize,
    /// Whether a digit after the point is not zero: `45.5`, not `45.0`.
    pub fraction: bool,
}

/// The digits of SV104, when H011 has nothing to say about it.
pub(crate) fn unit_digits(sv1: &Sv1<'_>) -> Option<UnitDigits> {
    let value = sv1.quantity()?.value;
    let d = decimal(value).ok()?;
    if d.is_negative() || d.is_zero() || d.digits > MAX_DIGITS {
        return None;
    }
    let after = d.scale as usize;
    let fraction = value
        .iter()
        .position(|&b| b == b'.')
        .is_some_and(|p| value[p + 1..].iter().any(|&b| b != b'0'));
    Some(UnitDigits {
        before: d.digits - after,
        after,
        fraction,
    })
}

/// H011
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    let value = sv1.quantity().map(|e| e.value).unwrap_or_default();
    // Most lines are one to nine units: a single digit other than `0` is a valid count,
    // accepted without reading it as a decimal.
    if let [b'1'..=b'9'] = value {
        return;
    }
    report(checker, sv1, value);
}

/// [`check`] of a unit count that is not a single digit: what is wrong with it, if
/// anything. Out of line, so that the test above inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>, value: &[u8]) {
    let segment = &sv1.segment;
    let (message, label) = match decimal(value) {
        Err(DecimalError::Empty) => (
            "SV104 service unit count is missing".to_string(),
            "expected the number of units",
        ),
        Err(DecimalError::ForbiddenNotation) => (
            format!(
                "unit count `{}` is not a plain decimal number",
                shown(value)
            ),
            "no `+`, exponent or thousands separator",
        ),
        Err(DecimalError::BarePoint) => (
            format!("unit count `{}` ends in a decimal point", shown(value)),
            "a decimal point with no digit after it",
        ),
        Err(DecimalError::NotANumber) => (
            format!("unit count `{}` is not a number", shown(value)),
            "expected a decimal number",
        ),
        Ok(d) if d.is_negative() || d.is_zero() => (
            format!("unit count `{}` is not greater than zero", shown(value)),
            "expected more than 0",
        ),
        Ok(d) if d.digits > MAX_DIGITS => (
            format!(
                "unit count `{}` is longer than its maximum of {MAX_DIGITS} digits",
                shown(value)
            ),
            "SV104 has at most 15 digits",
        ),
        Ok(_) => return,
    };
    checker
        .report_in(
            Rule::InvalidServiceUnits,
            segment,
            element_span(segment, 4),
            message,
        )
        .element("SV1", 4, None)
        .label(label)
        .help("send the number of units (or anesthesia minutes with `MJ`) provided, e.g. `1` or `0.5`");
}
