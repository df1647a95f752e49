//! C042 `invalid-currency-code`

use super::external::{self, IsoList, List};
use crate::codes::external::{CURRENCIES, is_currency};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C042",
    name: "invalid-currency-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Segment {
        ids: &["CUR"],
        check,
    }],
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

pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    external::check_iso(
        checker,
        node,
        &IsoList {
            rule: Rule::InvalidCurrencyCode,
            list: List::Currency,
            valid: is_currency,
            codes: CURRENCIES,
            // `CDN` is the everyday abbreviation of the Canadian dollar, not its ISO code.
            alias: (b"CDN", "CAD"),
            is: "an ISO 4217 currency code",
            label: "not an ISO 4217 code",
            send: "the three-letter ISO 4217 code",
            help: "send the three-letter ISO 4217 code of the currency (`CAD`, `EUR`, `MXN`)",
        },
    );
}
