//! X031 `line-break-inside-segment`

use crate::rules::prelude::*;
use crate::x12::unwrap::Found;

pub const META: RuleMeta = RuleMeta {
    code: "X031",
    name: "line-break-inside-segment",
    snip: Snip::Integrity,
    severity: Severity::Warning,
    summary: "line breaks inside segments: a file wrapped at a fixed width, or a stray break",
    checks: &[Check::Finding(Node::Syntax)],
    ack: Ack::NONE,
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports line breaks (CR, LF, CR LF) inside segments, where the segment terminator is not a
line break: a file wrapped at a fixed width (80 columns is common, from old mainframe and
modem transfers), even inside the ISA, or one stray break in a value. claimlint reads the
segments as if the file were unwrapped, so every claim is still checked, and points every
finding at the original bytes. The finding is given once per file, on the first break, and
says how many there are and the width of a wrapped file.

## Why does it matter?
Some receivers unwrap such files (several payers' companion guides allow 80-byte wrapped
records); others read the breaks as data: a break inside the ISA breaks its fixed layout and
the interchange is rejected (TA1), a break inside an element is an invalid character in it.
So the file is accepted by some front ends and rejected by others: a warning.

## Example
```text
ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *2401
15*1030*^*00501*000000001*0*T*:~GS*HC*SUBMITTER01*RECEIVER01*20240115*1030*1*
```

## How to fix
Write the file unwrapped: one segment after another, with at most a line break after each
segment terminator.

## References
X12.5 interchange control structure (the ISA is 106 characters); X12.6 character set.
"#,
};

/// X031, once per file.
pub fn report(checker: &mut Checker, found: &Found) {
    let message = match (found.count, found.width) {
        (1, _) => "a line break inside a segment".to_string(),
        (n, Some(width)) => format!(
            "the file is wrapped at {width} characters: {n} line breaks fall inside segments"
        ),
        (n, None) => format!("{n} line breaks fall inside segments"),
    };
    checker
        .report(Rule::LineBreakInsideSegment, found.first, message)
        .label("the segment goes on after this line break")
        .help("write the file unwrapped; receivers that do not unwrap read the breaks as data and reject the file (claimlint read it unwrapped)");
}
