//! B003 `negative-claim-charge`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "B003",
    name: "negative-claim-charge",
    snip: Snip::Balancing,
    severity: Severity::Error,
    checks: &[Check::Claim(check)],
    summary: "CLM02 is negative: a credit is sent as a replacement or void claim, not a negative total",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "178",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a total claim charge CLM02 below zero (`-150`). Negative line charges are H010's;
a total of zero is B002's.

## Why does it matter?
Payers reject a claim with a negative total charge. An overbilled claim is corrected
with a replacement claim (CLM05-3 `7`) or cancelled with a void (CLM05-3 `8`) that
repeats the original claim's charges, not by sending negative amounts.

## Example
```text
CLM*PCN0001*-150***11:B:1*Y*A*Y*Y~
```

## How to fix
Send the claim's real charges; to take back a claim already sent, send a replacement or
void claim with the payer's claim number (`REF*F8`).

## References
Loop 2300 CLM02 (data element 782); CLM05-3 claim frequency codes `7` and `8`.
"#,
};

/// B003
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    let Some((total, cents)) = claim.total_charge() else {
        return;
    };
    if cents >= 0 {
        return;
    }
    checker
        .report_in(
            Rule::NegativeClaimCharge,
            &claim.clm,
            total.span(),
            format!("claim total `{}` is negative", shown(total.value)),
        )
        .element("CLM", 2, None)
        .label("below zero")
        .help("send the claim's charges; take back a claim already sent with a replacement (CLM05-3 `7`) or void (`8`) claim");
}
