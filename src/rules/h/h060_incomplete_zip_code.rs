//! H060 `incomplete-zip-code`

use crate::claim::{LoopId, Transaction};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H060",
    name: "incomplete-zip-code",
    snip: Snip::Requirements,
    severity: Severity::Warning,
    checks: &[Check::Segment {
        ids: &["N4"],
        check,
    }],
    summary: "the billing provider (2010AA) or service facility (2310C) ZIP code in N403 has 5 digits, not 9",
    ack: Ack {
        ik403: Some("I12"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Warns when N403, the postal code of the billing provider's address (loop 2010AA) or of
the service facility location (loop 2310C), is a 5-digit US ZIP code instead of the full
nine digits (ZIP+4, without the hyphen). Addresses outside the United States (N404
country code present and not `US`) are not checked, nor values of other shapes, which
the element rules report.

## Why does it matter?
The implementation guide asks for the full 9-digit ZIP code in these two loops, because
Medicare prices by the locality and the rural or urban status of the ZIP+4 where the
service was rendered. Many senders still send five digits and many payers accept them,
so this is a warning; Medicare contractors and some other payers reject the claim.

## Example
```text
NM1*85*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
N3*100 SAMPLE ROAD~
N4*SPRINGFIELD*IL*62701~
```

## How to fix
Send the nine digits without a hyphen: `N4*SPRINGFIELD*IL*627010000~`. The USPS ZIP
code lookup gives the +4 of an address.

## References
Loops 2010AA and 2310C, N403 postal code (data element 116): the guide's notes on the
billing provider address and the service facility location ask for the 9-digit ZIP code.
"#,
};

/// Where the check applies, and how it is named.
fn place(l: LoopId) -> Option<&'static str> {
    match l {
        LoopId::L2010AA => Some("billing provider"),
        LoopId::L2310C => Some("service facility"),
        _ => None,
    }
}

/// H060 on each N4 of the transaction set.
pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    let l = node.loop_id();
    let Some(whose) = place(l) else {
        return;
    };
    let segment = node.segment;
    let zip = segment.value(3);
    let country = segment.value(4);
    if zip.len() != 5
        || !zip.iter().all(u8::is_ascii_digit)
        || !(country.is_empty() || country == b"US")
    {
        return;
    }
    let claim = (l == LoopId::L2310C).then(|| claim_of(node.transaction, segment));
    checker.set_claim(claim, None);
    checker
        .report_in(
            Rule::IncompleteZipCode,
            segment,
            element_span(segment, 3),
            format!(
                "the {whose} ZIP code `{}` has 5 digits; the guide asks for all 9 (ZIP+4)",
                shown(zip)
            ),
        )
        .element("N4", 3, None)
        .label("add the +4")
        .help("send the 9-digit ZIP code without a hyphen, e.g. `627010000`");
}

/// The ordinal of the claim a segment of loops 2300–2440 belongs to: the last claim whose
/// CLM comes before it.
pub(crate) fn claim_of(t: &Transaction<'_>, segment: &Segment<'_>) -> usize {
    t.claims
        .partition_point(|c| c.clm.ordinal <= segment.ordinal)
        .max(1)
}
