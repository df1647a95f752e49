//! C041 `invalid-country-code`

use super::external::{self, IsoList, List};
use crate::codes::external::{COUNTRIES, is_country};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C041",
    name: "invalid-country-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Segment {
        ids: &["N4", "CLM"],
        check,
    }],
    summary: "N404 or CLM11-5 is not an ISO 3166-1 alpha-2 country code",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "126",
        entity: Some("1P"),
    }),
    owns: &[],
    doc: r#"## What it does
Checks every country code the guide ties to ISO 3166: N404 in every address loop and
CLM11-5, the country of an auto accident. The value must be one of the 249 ISO 3166-1
alpha-2 codes embedded in claimlint (`US`, `CA`, `MX`, `DE` ...). Three-letter codes
(`USA`), the old `UK` and lower case are reported; the help names the codes one slip away.

## Why does it matter?
The guide sends a country only for an address outside the United States, and a receiver
that cannot read the country cannot route or validate the address: the claim is rejected
at the front end (277CA) or returned unprocessable.

## Example
```text
N4*LONDON**SW1A1AA*UK~
```

## How to fix
Send the two-letter ISO 3166-1 code (`GB` for the United Kingdom). For an address in the
United States, leave N404 empty.

## References
N404 and CLM11-5 (data element 26), code source 5 (Countries, Currencies and Funds: ISO
3166); `@country` in `grammar/loops/`. The embedded list comes from the Debian `iso-codes`
package 4.15.0 (codes only).
"#,
};

pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    external::check_iso(
        checker,
        node,
        &IsoList {
            rule: Rule::InvalidCountryCode,
            list: List::Country,
            valid: is_country,
            codes: COUNTRIES,
            // The United Kingdom's code is `GB`; `UK` is only reserved for it.
            alias: (b"UK", "GB"),
            is: "an ISO 3166-1 alpha-2 country code",
            label: "not an ISO 3166-1 alpha-2 code",
            send: "the two-letter ISO 3166-1 code",
            help: "send the two-letter ISO 3166-1 code of the country (`CA`, `MX`, `GB`); leave it empty for a U.S. address",
        },
    );
}
