//! H061 `missing-claim-filing-indicator`

use crate::claim::LoopId;
use crate::rules::prelude::*;
use crate::x12::words;

pub const META: RuleMeta = RuleMeta {
    code: "H061",
    name: "missing-claim-filing-indicator",
    snip: Snip::Requirements,
    severity: Severity::Warning,
    checks: &[Check::Segment {
        ids: &["SBR"],
        check,
    }],
    summary: "SBR09, the claim filing indicator code, is missing (loop 2000B or 2320)",
    ack: Ack {
        ik403: Some("I9"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Warns when an SBR segment of the subscriber (loop 2000B) or of another payer (loop 2320)
has no SBR09, the claim filing indicator code (`MB` Medicare Part B, `MC` Medicaid, `CI`
commercial insurance, `BL` Blue Cross Blue Shield…).

## Why does it matter?
The guide marks SBR09 as required until the national health plan identifier (PlanID) is
mandated, which has not happened, so in practice it is required, and payers and
clearinghouses route and edit claims by it. claimlint itself uses it to know a Medicare
or Medicaid claim. The grammar records the element as situational, so the element rules
do not report its absence; this rule does, as a warning.

## Example
```text
SBR*P*18*GRP01234******~
```

## How to fix
Send the code of the payer's program in SBR09, e.g. `SBR*P*18*GRP01234******CI~`.

## References
Loops 2000B and 2320, SBR09 claim filing indicator code (data element 1032).
"#,
};

/// H061 on each SBR of the transaction set.
pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    let l = node.loop_id();
    let segment = node.segment;
    // Every SBR of the file is looked at, and few have no SBR09.
    if !matches!(l, LoopId::L2000B | LoopId::L2320) || sbr09_sent(segment) {
        return;
    }
    report(checker, node, l);
}

/// Whether SBR09 is sent. An SBR that ends with SBR09 has nine element separators and
/// SBR09 after the last: told from the separators of a segment of at most 64 bytes,
/// marked in place, without counting them off one by one to the ninth; any other is
/// read from its separators.
fn sbr09_sent(segment: &Segment<'_>) -> bool {
    if let Some(bits) = words::positions(segment.raw, segment.delimiters.element)
        && bits.count_ones() == 9
    {
        let last = 63 - bits.leading_zeros() as usize;
        return last + 1 < segment.raw.len();
    }
    !segment.separators().value(9).is_empty()
}

#[inline(never)]
fn report(checker: &mut Checker, node: &SegmentNode<'_, '_>, l: LoopId) {
    let segment = node.segment;
    let claim = (l == LoopId::L2320)
        .then(|| super::h060_incomplete_zip_code::claim_of(node.transaction, segment));
    checker.set_claim(claim, None);
    checker
            .report_in(
                Rule::MissingClaimFilingIndicator,
                segment,
                element_span(segment, 9),
                "SBR09, the claim filing indicator code, is missing",
            )
            .element("SBR", 9, None)
            .label("which program pays: `MB`, `MC`, `CI`…")
            .help("send the claim filing indicator code of the payer's program in SBR09, e.g. `CI` for commercial insurance or `MB` for Medicare Part B");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sbr09_told_from_the_last_separator_is_sbr09_read_from_the_separators() {
        let mut texts: Vec<String> = Vec::new();
        for stars in 0..=12 {
            for last in ["", "CI", "C"] {
                for filler in ["", "P", "GRP12310"] {
                    let mut text = format!("SBR*{filler}");
                    for _ in 1..stars {
                        text.push('*');
                    }
                    text.push_str(last);
                    texts.push(text);
                }
            }
        }
        texts.push(format!("SBR*P**{}******CI", "G".repeat(60)));
        for text in &texts {
            let segment = Segment {
                raw: text.as_bytes(),
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            assert_eq!(
                sbr09_sent(&segment),
                !segment.separators().value(9).is_empty(),
                "{text}"
            );
        }
    }
}
