//! H010 `invalid-line-charge`

use crate::rules::prelude::*;
use crate::x12::values::{Decimal, DecimalError};

pub const META: RuleMeta = RuleMeta {
    code: "H010",
    name: "invalid-line-charge",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV102 is missing, not a decimal amount, negative, or over the HIPAA maximum",
    ack: Ack {
        ik403: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::element("SV1", 2)],
    doc: r#"## What it does
Checks the line item charge amount SV102 of every service line. It must be present and be
a plain decimal number: digits with at most one decimal point, and a digit after it (`50`,
not `50.`), no `+` sign, no exponent
and no thousands separator. It may not be negative, may not have fractions of a cent, and
may have at most 10 digits, since HIPAA caps monetary amounts at 99999999.99. A charge of
`0` is allowed (quality-reporting lines use it).

## Why does it matter?
A charge that cannot be read leaves the claim total unverifiable (B001 skips such claims)
and is rejected by front ends in their 999. Payers reject negative line charges: credits
are sent as a replacement or void claim, not as a negative line.

## Example
```text
SV1*HC:99213*1,250.00*UN*1***1~
```

## How to fix
Send the amount as digits with an optional decimal point and at most two decimals, e.g.
`1250` or `1250.00`; correct or remove negative lines.

## References
Loop 2400 SV102 monetary amount (data element 782, type R); the HIPAA limit on monetary
amounts.
"#,
};

/// H010
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    let amount = sv1.charge_amount();
    // At most 10 digits and 2 decimals, not negative: whole cents far below the largest
    // amount `cents` takes, so the usual charge is accepted without working them out.
    if amount.is_ok_and(|d| d.scale <= 2 && d.digits <= 10 && !d.is_negative()) {
        return;
    }
    report(checker, sv1, amount);
}

/// [`check`] of a charge that is not the usual one: what is wrong with it, if anything.
/// Out of line, so that the test above inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>, amount: Result<Decimal, DecimalError>) {
    let segment = &sv1.segment;
    let value = sv1.charge().map(|e| e.value).unwrap_or_default();
    let (message, label, help) = match amount {
        Err(DecimalError::Empty) => (
            "SV102 line charge is missing".to_string(),
            "expected an amount",
            "send the line's charge in SV102, e.g. `100` or `100.50` (`0` when nothing is charged)",
        ),
        Err(DecimalError::ForbiddenNotation) => (
            format!(
                "line charge `{}` is not a plain decimal number",
                shown(value)
            ),
            "no `+`, exponent or thousands separator",
            "send digits with an optional decimal point, e.g. `1250.00`",
        ),
        Err(DecimalError::BarePoint) => (
            format!("line charge `{}` ends in a decimal point", shown(value)),
            "a decimal point with no digit after it",
            "leave out a decimal point that has no fraction after it: `50`, not `50.`",
        ),
        Err(DecimalError::NotANumber) => (
            format!("line charge `{}` is not a number", shown(value)),
            "expected a decimal amount",
            "send digits with an optional decimal point, e.g. `100` or `100.50`",
        ),
        Ok(d) if d.is_negative() => (
            format!("line charge `{}` is negative", shown(value)),
            "expected 0 or more",
            "send the charge as a positive amount; credits go in a replacement or void claim",
        ),
        Ok(d) if d.digits > 10 => (
            format!(
                "line charge `{}` has {} digits; HIPAA allows at most 10",
                shown(value),
                d.digits
            ),
            "more than 99999999.99",
            "check the amount; drop insignificant zeros after the decimal point, or split the service over several lines",
        ),
        Ok(d) if d.cents().is_none() => (
            format!("line charge `{}` has fractions of a cent", shown(value)),
            "more than 2 decimals",
            "round the charge to cents, e.g. `100.50`",
        ),
        Ok(_) => return,
    };
    checker
        .report_in(
            Rule::InvalidLineCharge,
            segment,
            element_span(segment, 2),
            message,
        )
        .element("SV1", 2, None)
        .label(label)
        .help(help);
}
