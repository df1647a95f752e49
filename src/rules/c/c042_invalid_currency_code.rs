//! C042 `invalid-currency-code`

use super::external;
use crate::codes::external::{CURRENCIES, is_currency, neighbours};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C042",
    name: "invalid-currency-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Transaction(check)],
    summary: "CUR02 is not an ISO 4217 currency code",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "21",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks the billing provider's foreign currency, CUR02 in loop 2000A, against the ISO 4217
alphabetic currency codes in current use embedded in claimlint (`CAD`, `EUR`, `MXN` ...).
Codes are case-sensitive; the help names the codes one slip away.

## Why does it matter?
The currency tells the payer how to read every amount of the billing provider's claims;
one it cannot read makes all of them unpayable, and the claims are rejected at the front
end.

## Example
```text
CUR*85*CDN~
```

## How to fix
Send the three-letter ISO 4217 code (`CAD` for Canadian dollars). Send CUR only when the
amounts are not in U.S. dollars.

## References
Loop 2000A CUR02 (data element 100), code source 5 (ISO 4217); `@currency` in
`grammar/loops/2000A.toml`. The embedded list comes from the Debian `iso-codes` package
4.15.0 (codes only).
"#,
};

pub fn check(checker: &mut Checker, t: &Transaction<'_>) {
    external::each_invalid(checker, t, "currency", is_currency, |checker, found| {
        let v = found.value.value;
        let (id, element, component) = found.element();
        // `CDN` is the everyday abbreviation of the Canadian dollar, not its ISO code.
        let near = match v {
            b"CDN" => vec!["CAD"],
            _ => neighbours(CURRENCIES.iter().copied(), v, 8),
        };
        let help = if near.is_empty() {
            "send the three-letter ISO 4217 code of the currency (`CAD`, `EUR`, `MXN`)".to_string()
        } else {
            format!(
                "did you mean {}? send the three-letter ISO 4217 code",
                near.iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        checker
            .report_in(
                Rule::InvalidCurrencyCode,
                found.segment,
                found.value.span(),
                format!(
                    "`{}` in {} is not an ISO 4217 currency code",
                    shown(v),
                    found.def.reference
                ),
            )
            .element(&id, element, component)
            .label("not an ISO 4217 code")
            .help(help);
    });
}
