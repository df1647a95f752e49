//! X041 `transaction-set-too-large`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X041",
    name: "transaction-set-too-large",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Syntax)],
    summary: "a transaction set is larger than the size claimlint checks, so its claims were not checked",
    ack: Ack::NONE,
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a transaction set (ST to SE) larger than the limit set with `--max-set-mb`
(256 MB by default) that cannot be checked in parts: one with no billing provider or
subscriber HL to cut at, or whose parts do not fit together (a damaged HL hierarchy). Its
envelope is checked, its claims are not; the other transaction sets of the file and the
other files are checked as usual. A large set that can be cut is checked in parts of about
256 KB, whatever its size.

## Why does it matter?
A set that cannot be cut is modelled whole, and the model costs about nine times the set's
size in memory: a 1 GB set would need about 9 GB. The limit keeps one outsized set from
exhausting the memory of a batch run. Real sets are far smaller: the implementation guide
recommends at most 5,000 claims per transaction set, a few megabytes.

## Example
A 1 GB file holding one `ST`…`SE` with 2.3 million claims:
`transaction set is 1025197374 bytes, more than the 256000000 checked`.

## How to fix
Split the claims into transaction sets of at most 5,000 claims each, as the guide
recommends; or, on a machine with the memory for it, raise the limit with
`--max-set-mb`.

## References
005010X222A1 section 1.4.3 (transaction set size): a set should hold at most 5,000 claims.
"#,
};

/// X041
pub fn report(checker: &mut Checker, st: &Segment<'_>, size: usize, limit: usize) {
    checker
        .report_in(
            Rule::TransactionSetTooLarge,
            st,
            st.id_span(),
            format!("transaction set is {size} bytes, more than the {limit} checked"),
        )
        .label("its claims were not checked")
        .help(
            "split the claims into transaction sets of at most 5,000 claims, or raise the limit \
             with --max-set-mb",
        );
}
