//! X030 `whitespace-before-segment`

use crate::rules::prelude::*;
use crate::x12::unwrap::Found;

pub const META: RuleMeta = RuleMeta {
    code: "X030",
    name: "whitespace-before-segment",
    snip: Snip::Integrity,
    severity: Severity::Warning,
    summary: "spaces or tabs between a segment terminator and the next segment ID",
    checks: &[Check::Finding(Node::Syntax)],
    ack: Ack::NONE,
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports spaces, tabs, form feeds or vertical tabs between a segment terminator and the
next segment ID, as in a file indented for reading. Plain line breaks there (CR, LF, CR
LF) are tolerated and not reported. claimlint skips the blanks and checks every segment as
usual; the finding is given once per file, on the first blank run, with the number of
segments affected.

## Why does it matter?
Receivers differ. Many translators skip whitespace between segments, but strict ones read
the blanks as part of the segment ID (`   GS` is no segment they know) and reject the
interchange, as pyx12 does ("Segment contains a leading space"). That is why this is a
warning, not an error: some front ends accept the file, some reject all of it.

## Example
```text
ISA*00*...*:~
  GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X222A1~
    ST*837*0001*005010X222A1~
```

## How to fix
Write segments flush, one after the other (a line break after each terminator is fine).

## References
X12.6 segment structure; ENV-006 (line breaks after terminators tolerated).
"#,
};

/// X030, once per file.
pub fn report(checker: &mut Checker, found: &Found) {
    let message = if found.count == 1 {
        "blanks before a segment ID".to_string()
    } else {
        format!(
            "blanks before {} segment IDs (the file is indented)",
            found.count
        )
    };
    checker
        .report(Rule::WhitespaceBeforeSegment, found.first, message)
        .label("whitespace between the terminator and the segment ID")
        .help("write each segment flush after the previous terminator; strict receivers reject the file, claimlint read it with the blanks skipped");
}
