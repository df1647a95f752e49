//! X040 `changed-while-read`

use crate::rules::prelude::*;
use crate::source::Change;

pub const META: RuleMeta = RuleMeta {
    code: "X040",
    name: "changed-while-read",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Syntax)],
    summary: "the file changed while it was read, so it was not checked",
    ack: Ack::NONE,
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a file whose size or modification time changed between opening it and reading its
last byte: another process truncated, extended or rewrote it while claimlint read it. The
bytes read are then neither the old file nor the new one, so nothing else is checked in
that file; every other input of the run is checked as usual.

## Why does it matter?
A file that is still being uploaded, re-uploaded over SFTP, cut by a retention job or
edited in place is not the file that will be sent. Findings on half a file would be noise,
and a clean result on it would be a lie.

## Example
A 500 MB `batch_0415.837` that a re-upload truncates to 1 MB while the nightly check reads
it: `the file changed while it was read: 524288000 bytes when opened, 1048576 read, 1048576
now`.

## How to fix
Check the file again once whoever writes it has finished (upload into a temporary name and
rename it when complete, so readers never see a partial file).

## References
X12.5 interchange control structure: an interchange runs from ISA to IEA; a file read in
the middle of a change holds neither.
"#,
};

/// X040
pub fn report(checker: &mut Checker, change: Change) {
    checker
        .report(
            Rule::ChangedWhileRead,
            Span::new(0, 0),
            format!(
                "the file changed while it was read: {} bytes when opened, {} read, {} now",
                change.opened, change.read, change.now
            ),
        )
        .help("check the file again when whoever writes it has finished; the other inputs were checked as usual");
}
