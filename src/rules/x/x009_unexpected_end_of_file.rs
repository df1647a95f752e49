//! X009 `unexpected-end-of-file`

use crate::rules::prelude::*;
use crate::x12::Level;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X009",
    name: "unexpected-end-of-file",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::UnexpectedEnd { at, open } = p {
            report(c, *at, open);
        }
    })],
    summary: "the file ends inside an interchange (SE, GE or IEA missing)",
    ack: Ack {
        ta1: Some("023"),
        ik502: Some("2"),
        ak905: Some("3"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a file that ends while an interchange, a functional group or a transaction set is
still open: the trailers `SE`, `GE` and `IEA` that should close them never come. All missing
trailers are named in one diagnostic, because they have one cause.

## Why does it matter?
A file cut off mid-interchange is the classic sign of an interrupted transfer. Front ends
reject it (TA1 023, premature end of file), and the claims at the end of the file may be
incomplete.

## Example
```text
LX*2~
SV1*HC:87880*50*UN*1***1~
DTP*472*D8*2024
```

## How to fix
Send the complete file again.

## References
X12.5: SE closes ST, GE closes GS, IEA closes ISA.
"#,
};

/// X009
pub fn report(checker: &mut Checker, at: usize, open: &[(Level, Span)]) {
    let trailers: Vec<String> = open
        .iter()
        .map(|(l, _)| format!("`{}`", l.trailer()))
        .collect();
    let len = checker.bytes().len();
    let primary = if at > 0 {
        Span::at(at.min(len) - 1, 1)
    } else {
        Span::new(0, 0)
    };
    let d = checker.report(
        Rule::UnexpectedEndOfFile,
        primary,
        format!("file ends before {}", join(&trailers)),
    );
    d.label("the file ends here");
    for (level, span) in open {
        d.secondary(
            *span,
            format!("`{}` opened here is never closed", level.header()),
        );
    }
    d.help("the file looks cut off; send the complete file again");
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
