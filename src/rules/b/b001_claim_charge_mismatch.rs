//! B001 `claim-charge-mismatch`

use crate::rules::prelude::*;
use crate::x12::values::Decimal;

pub const META: RuleMeta = RuleMeta {
    code: "B001",
    name: "claim-charge-mismatch",
    snip: Snip::Balancing,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "CLM02 does not equal the sum of the claim's SV102 line charges (exact cents)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "400",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks that the total claim charge CLM02 equals the sum of the line item charges SV102 of
all service lines of the claim, compared exactly in cents. Lines whose charge is not a
number are left to the charge rule (H010), and then no total is checked; so are lines
whose `SV101` is written with the element separator (H044), where SV102 holds the
procedure code. A negative total is left to B003.

## Why does it matter?
A claim that does not balance is rejected by clearinghouses and payers (277CA A7): the
payer cannot tell whether a line is missing or the total is wrong.

## Example
```text
CLM*PCN0001*155***11:B:1*Y*A*Y*Y~
...
SV1*HC:99213*100*UN*1***1~
...
SV1*HC:87880*50*UN*1***1~
```
The lines add up to 150.

## How to fix
Make CLM02 the sum of SV102 over all service lines, or correct the line charges.

## References
Loop 2300 CLM02 (data element 782); loop 2400 SV102 (data element 782).
"#,
};

/// B001
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    let Some((total, total_cents)) = claim.total_charge() else {
        return;
    };
    // A negative total is wrong whatever the lines hold: B003 says so.
    if total_cents < 0 && checker.enabled(Rule::NegativeClaimCharge) {
        return;
    }
    let mut sum: i128 = 0;
    for line in &claim.lines {
        // The amount the model read from SV102; an absent SV102 reads as empty, and one
        // shifted out of place by a split SV101 (H044) is not the charge.
        let Some(cents) = line
            .sv1
            .as_ref()
            .filter(|s| s.charge().is_none_or(|c| !checker.shadowed(c.span().start)))
            .and_then(|s| s.charge_amount().ok())
            .and_then(|d| cents(&d))
        else {
            return;
        };
        let Some(total) = sum.checked_add(cents) else {
            return;
        };
        sum = total;
    }
    if claim.lines.is_empty() || sum == total_cents {
        return;
    }
    let expected = money(sum);
    let d = checker.report_in(
        Rule::ClaimChargeMismatch,
        &claim.clm,
        total.span(),
        format!(
            "claim total `{}` does not equal the sum of its {} service lines `{expected}`",
            shown(total.value),
            claim.lines.len()
        ),
    );
    d.element("CLM", 2, None)
        .label(format!("the lines add up to `{expected}`"))
        .help("make CLM02 the sum of SV102 over all service lines, or correct the line charges");
    for line in &claim.lines {
        if let Some(charge) = line.sv1.as_ref().and_then(|s| s.charge()) {
            d.secondary(charge.span(), "line charge");
        }
    }
}

/// [`Decimal::cents`], worked out in place for a charge of at most two decimals and far
/// below the largest amount (every charge of a real file), where it is one multiplication.
#[inline(always)]
fn cents(d: &Decimal) -> Option<i128> {
    // Below 10^16, a hundredfold is still far below `MAX_CENTS`: nothing to refuse.
    // Narrowed first: a 64-bit comparison, not a 128-bit one.
    const SMALL: u64 = 10u64.pow(16);
    if let Ok(m) = i64::try_from(d.mantissa)
        && m.unsigned_abs() < SMALL
    {
        // Fits an `i64` a hundredfold: a 64-bit multiplication.
        match d.scale {
            0 => return Some(i128::from(m * 100)),
            1 => return Some(i128::from(m * 10)),
            2 => return Some(i128::from(m)),
            _ => {}
        }
    }
    d.cents()
}

/// Cents as an X12 decimal: no trailing zeros.
fn money(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    match c % 100 {
        0 => format!("{sign}{}", c / 100),
        r if r % 10 == 0 => format!("{sign}{}.{}", c / 100, r / 10),
        r => format!("{sign}{}.{r:02}", c / 100),
    }
}

#[cfg(test)]
mod tests {
    use crate::x12::values::{Decimal, MAX_CENTS};

    #[test]
    fn cents_in_place_are_decimal_cents() {
        let mut mantissas = vec![0i128, 1, 9, 10, 99, 100, 12345, MAX_CENTS, MAX_CENTS / 10];
        for p in [15u32, 16, 17, 28, 29, 30, 31, 36] {
            let m = 10i128.pow(p);
            mantissas.extend([m - 1, m, m + 1, m * 3 + 7]);
        }
        let all: Vec<i128> = mantissas.iter().flat_map(|&m| [m, -m]).collect();
        for mantissa in all {
            for scale in 0..6 {
                let d = Decimal {
                    mantissa,
                    scale,
                    digits: 1,
                };
                assert_eq!(super::cents(&d), d.cents(), "{mantissa} {scale}");
            }
        }
    }

    #[test]
    fn money_has_no_trailing_zeros() {
        assert_eq!(super::money(15000), "150");
        assert_eq!(super::money(15050), "150.5");
        assert_eq!(super::money(15005), "150.05");
        assert_eq!(super::money(-250), "-2.5");
    }
}
