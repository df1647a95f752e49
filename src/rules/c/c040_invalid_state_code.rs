//! C040 `invalid-state-code`

use super::external::{self, List};
use crate::codes::external::{RETIRED_PROVINCES, STATES, is_state, neighbours, state_name};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C040",
    name: "invalid-state-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Segment {
        ids: &["N4", "CLM", "PRV", "PS1"],
        check,
    }],
    summary: "N402 or CLM11-4 is not a USPS state, territory or military-post code, nor a Canadian province code",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "126",
        entity: Some("1P"),
    }),
    owns: &[],
    doc: r#"## What it does
Checks every state or province code the guide ties to its "States and Provinces" code
source: N402 in every address loop (billing provider, pay-to, subscriber, payer, patient,
service facility, ambulance pick-up and drop-off, other subscriber and payer, the line's
providers) and CLM11-4, the state of an auto accident. The value must be one of the
two-letter codes embedded in claimlint: the 50 states and DC, the territories and freely
associated states (`AS` `FM` `GU` `MH` `MP` `PW` `PR` `VI`) and the military-post codes
(`AA` `AE` `AP`) of USPS Publication 28, and the provinces and territories of Canada
(Canada Post: `AB` `BC` `MB` `NB` `NL` `NS` `NT` `NU` `ON` `PE` `QC` `SK` `YT`). Codes are
case-sensitive, as in X12. The retired Canadian codes `NF` and `PQ` are reported with their
replacements. The help names the codes one slip away (`did you mean ...`).

## Why does it matter?
Payers check addresses against the postal lists: an unknown state makes the address
unusable for the provider's enrollment match, for the patient's coverage and for the
accident state that decides which auto insurer pays. Such claims are rejected at the front
end (277CA) or returned unprocessable.

## Example
```text
N4*SPRINGFIELD*11*62701~
N4*CITY*NA*12345~
```

## How to fix
Send the USPS two-letter code of the state, territory or military post (`IL`), or Canada
Post's code for a Canadian province with N404 `CA`. For an address in another country,
leave N402 empty and send the country in N404 and its subdivision in N407.

## References
N402 (data element 156) and CLM11-4 of loops 2010AA–2420H, code source 22 (States and
Provinces); `@states` in `grammar/loops/`. USPS Publication 28, Appendix B; Canada Post
Addressing Guidelines. The table's release is shown by `claimlint --version`.
"#,
};

pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    external::each_invalid(checker, node, List::States, is_state, |checker, found| {
        let v = found.value.value;
        let (id, element, component) = found.element();
        let reference = found.def.reference;
        let retired = RETIRED_PROVINCES
            .iter()
            .find(|(old, _)| old.as_bytes() == v)
            .map(|&(_, new)| new);
        let (message, label, help) = match retired {
            Some(new) => (
                format!(
                    "`{}` in {reference} is a retired Canada Post code",
                    shown(v)
                ),
                format!("retired: {} is now `{new}`", state_name(new).unwrap_or(new)),
                format!("write `{new}`"),
            ),
            None => {
                let near = neighbours(STATES.iter().map(|(c, _)| *c), v, 8);
                let help = if near.is_empty() {
                    // The country goes in the element after the state: N404, CLM11-5.
                    let country = if id == "CLM" { "CLM11-5" } else { "N404" };
                    format!(
                        "send the USPS two-letter code of the state, territory or military post (`IL`), or Canada Post's for a Canadian province; for another country leave {reference} empty and send {country}"
                    )
                } else {
                    format!(
                        "did you mean {}? send the USPS two-letter code (Canada Post's for a Canadian province)",
                        near.iter()
                            .map(|c| format!("`{c}` ({})", state_name(c).unwrap_or("")))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                (
                    format!(
                        "`{}` in {reference} is not a U.S. state, territory or military-post code, nor a Canadian province code",
                        shown(v)
                    ),
                    "not a USPS or Canada Post code".to_string(),
                    help,
                )
            }
        };
        checker
            .report_in(
                Rule::InvalidStateCode,
                found.segment,
                found.value.span(),
                message,
            )
            .element(&id, element, component)
            .label(label)
            .help(help);
    });
}
