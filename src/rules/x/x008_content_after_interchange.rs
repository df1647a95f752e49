//! X008 `content-after-interchange`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;

pub const META: RuleMeta = RuleMeta {
    code: "X008",
    name: "content-after-interchange",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::ContentAfterInterchange { span } = p {
            report(c, *span);
        }
    })],
    summary: "data after an IEA that is not another interchange",
    ack: Ack {
        ta1: Some("022"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports anything other than whitespace after an `IEA` that does not start another
interchange (`ISA`). Several interchanges in one file are fine.

## Why does it matter?
Data after the interchange trailer belongs to no envelope. Front ends reject the file as an
invalid control structure, and the stray data often is a second interchange whose ISA was
lost, i.e. claims that would never be processed.

## Example
```text
IEA*1*000000001~
CLM*PCN0002*150***11:B:1*Y*A*Y*Y~
```

## How to fix
Remove the stray data, or restore the `ISA`/`GS`/`ST` envelope it belongs to.

## References
X12.5 interchange control structure (IEA ends the interchange).
"#,
};

/// X008
pub fn report(checker: &mut Checker, span: Span) {
    let shown = span.len().min(40);
    let d = checker.report(
        Rule::ContentAfterInterchange,
        Span::at(span.start, shown),
        format!(
            "{} bytes of data after the interchange trailer `IEA`",
            span.len()
        ),
    );
    d.label("not inside any interchange")
        .help("remove the data after `IEA`, or restore the `ISA` envelope it belongs to");
}
