//! B002 `zero-claim-charge`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "B002",
    name: "zero-claim-charge",
    snip: Snip::Balancing,
    severity: Severity::Warning,
    checks: &[Check::Claim(check)],
    summary: "CLM02 is zero: a claim that charges nothing is rejected by Medicare and many payers",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "178",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when the total claim charge CLM02 is zero (`0`, `0.00`). A zero line charge is
allowed (quality-data lines, H010); a whole claim of zero is not what payers expect.
A negative total is B003's.

## Why does it matter?
Medicare and many other payers reject a claim whose total charge is zero ("total charge
for the claim cannot be zero"). A claim that only reports quality codes still carries the
charges of the services it reports them with; a claim that charges nothing is usually a
billing system's placeholder sent by mistake.

## Example
```text
CLM*PCN0001*0***11:B:1*Y*A*Y*Y~
...
SV1*HC:3074F*0*UN*1***1~
```

## How to fix
Bill the services the quality codes belong to on the same claim, with their charges, or
do not send the claim; check the billing system's total when the lines are not zero.

## References
Loop 2300 CLM02 (data element 782); CMS claim edits on a zero total charge.
"#,
};

/// B002
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    let Some((total, 0)) = claim.total_charge() else {
        return;
    };
    checker
        .report_in(
            Rule::ZeroClaimCharge,
            &claim.clm,
            total.span(),
            format!("the claim charges nothing: CLM02 is `{}`", shown(total.value)),
        )
        .element("CLM", 2, None)
        .label("nothing is charged")
        .help("bill the services on this claim with their charges, or do not send a claim that charges nothing");
}
