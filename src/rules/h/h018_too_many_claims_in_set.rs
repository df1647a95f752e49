//! H018 `too-many-claims-in-set`

use crate::rules::prelude::*;
use crate::settings::DEFAULT_MAX_CLAIMS_PER_SET;

pub const META: RuleMeta = RuleMeta {
    code: "H018",
    name: "too-many-claims-in-set",
    snip: Snip::Requirements,
    severity: Severity::Warning,
    // Reported by the engine once a set's claims are all counted: a large set is checked
    // in parts, each of which sees only its own claims.
    checks: &[Check::Finding(Node::TransactionSet)],
    summary: "a transaction set holds more than 5,000 claims, the most the guide recommends",
    ack: Ack::NONE,
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Counts the claims (loop 2300, `CLM`) of each transaction set (`ST` to `SE`) and warns when
there are more than 5,000: one finding per set, whatever its size, with the set's claim
count. The finding is on the set's `ST`, with a label on the 5,001st `CLM`, where a
second set could start. It is not on that claim: the claim itself is fine, and a finding
on it would name it (CLM01, payer, billing NPI) in every machine format, so that an
integrator routing findings by claim would hold it, or its sender, at fault.

The count is the whole set's, also for a set checked in parts on several threads, and the
finding is the same whatever the size of the parts or the number of threads.

## Why does it matter?
The implementation guide recommends at most 5,000 claims per transaction set, a size
every receiver can take in and acknowledge; a receiver that holds senders to it may
reject a larger set. And since a 999 accepts or rejects a transaction set as a whole, one
error it finds in a set of many claims sends all of them back.

## Example
```text
ST*837*0001*005010X222A1~
...
CLM*PCN5001*150***11:B:1*Y*A*Y*Y~
```
The 5,001st claim of the set.

## How to fix
Split the claims into transaction sets of at most 5,000 claims each (several `ST`…`SE`
in the group, GE01 counting them); most translators have a setting for the number of
claims per transaction set.

## References
005010X222A1 front matter (transaction set size recommendation); loop 2300 `CLM`;
`ST`/`SE` transaction set header and trailer.
"#,
};

/// H018 for the set that `st` starts, holding `claims` claims, more than `limit` (5,000
/// unless the settings ask for fewer); `over` is the ID of its first claim over it (its
/// 5,001st `CLM`).
pub fn report(checker: &mut Checker, st: &Segment<'_>, claims: u64, limit: usize, over: Span) {
    let limit = limit as u64;
    let most = if limit == DEFAULT_MAX_CLAIMS_PER_SET as u64 {
        format!("the {} the implementation guide recommends", grouped(limit))
    } else {
        format!("the {} the settings allow", grouped(limit))
    };
    checker
        .report_in(
            Rule::TooManyClaimsInSet,
            st,
            st.id_span(),
            format!(
                "transaction set holds {} claims, more than {most}",
                grouped(claims),
            ),
        )
        .label(format!("{} claims from here to its SE", grouped(claims)))
        .secondary(
            over,
            format!(
                "claim {}: a new transaction set could start here",
                grouped(limit + 1)
            ),
        )
        .help(format!(
            "split the claims into transaction sets of at most {} claims each",
            grouped(limit)
        ));
}

/// `12345` as `12,345`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(5001), "5,001");
        assert_eq!(grouped(1234567), "1,234,567");
    }
}
