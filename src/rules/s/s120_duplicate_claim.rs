//! S120 `duplicate-claim`

use crate::batch::{ClaimKey, Earlier};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S120",
    name: "duplicate-claim",
    snip: Snip::Situational,
    severity: Severity::Error,
    // A run-level check: within one file it runs with the envelope; across the files of a
    // run and against `--seen` it runs in the command line's cross-file pass, which words
    // its findings with this rule's `report`.
    checks: &[Check::Finding(Node::Syntax)],
    summary: "a claim was sent before: same billing provider, CLM01, dates of service, total and frequency",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "78",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a claim whose billing provider (2010AA NM109), claim number (CLM01), dates of
service (the first and last DTP*472 of its lines), total charge (CLM02, compared as a
number) and frequency code (CLM05-3) are those of a claim seen earlier: earlier in the
same file, in a file checked before it in the same run, or, with `--seen FILE`, in an
earlier run. The finding is on CLM01 of the later copy and names the earlier one. Claims
inside an interchange that is itself a duplicate (X050) are not reported again.

## Why does it matter?
Payers reject or deny a claim they already have (277CA `A7:78`, duplicate of a previously
processed claim). A claim sent twice in one night, or again the next night, costs a
rejection to work, and a payment may be taken back later.

## Example
Claim `PCN0001` of billing provider `1234567893`, service on 20240110, total 150, sent in
`monday.x12` and again in `tuesday.x12`: the finding is on CLM01 in `tuesday.x12`.

## How to fix
Remove the second copy. A corrected claim is sent as a replacement (CLM05-3 `7`) with the
payer's claim number in REF*F8, which is not a duplicate.

## References
Loop 2300 CLM01, CLM02, CLM05-3; loop 2010AA NM109; loop 2400 DTP*472; 277CA claim status
category A7, status code 78.
"#,
};

/// S120
pub fn report(checker: &mut Checker, claim: &ClaimKey<'_>, earlier: &Earlier) {
    let d = checker
        .report_in(
            Rule::DuplicateClaim,
            &claim.clm,
            element_span(&claim.clm, 1),
            format!(
                "claim {} of transaction set `{}` was sent before",
                claim.ordinal,
                shown(claim.transaction)
            ),
        )
        .element("CLM", 1, None)
        .label(format!(
            "same billing provider, claim number, dates of service, total and frequency as {}",
            earlier.describe()
        ))
        .help(
            "remove the copy; a corrected claim is a replacement (CLM05-3 `7`) with the \
             payer's claim number in REF*F8",
        );
    // Made as the file's claims are compared, not while its loops are walked: the CLM
    // is loop 2300's, as for every other finding on it.
    d.location.loop_id = Some(crate::claim::LoopId::L2300.as_str());
    d.location.claim = Some(claim.ordinal);
    d.location.claim_keys = Some(crate::redact::ClaimKeys {
        ordinal: claim.ordinal,
        of: claim.of,
        clm01: claim.clm.element(1).map(|e| e.span()),
        payer: claim.payer_id_span,
        billing_npi: claim.billing_npi_span,
    });
    if let Some(first) = earlier.span {
        d.secondary(first, "first sent here");
    }
}
