//! X015 `interchange-control-number-mismatch`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X015",
    name: "interchange-control-number-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Interchange(|c, n| {
        if let Some(iea) = &n.interchange.iea {
            check(c, &n.interchange.isa, iea);
        }
    })],
    summary: "IEA02 does not equal ISA13",
    ack: Ack {
        ta1: Some("001"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that the interchange trailer repeats the control number of its header: IEA02 = ISA13.

## Why does it matter?
The matching pair proves the interchange arrived whole. A mismatch is rejected with TA1
note 001, usually because two files were concatenated or one was edited by hand.

## Example
```text
ISA*...*000000101*0*T*:~
...
IEA*1*000000102~
```

## How to fix
Write the same nine digits in IEA02 as in ISA13.

## References
ISA13 (I12), IEA02 (I12).
"#,
};

/// X015
pub fn check(checker: &mut Checker, isa: &Segment<'_>, iea: &Segment<'_>) {
    let (header, trailer) = (isa.value(13), iea.value(2));
    if header == trailer {
        return;
    }
    checker
        .report_in(
            Rule::InterchangeControlNumberMismatch,
            iea,
            element_span(iea, 2),
            format!(
                "IEA02 `{}` does not match ISA13 `{}`",
                shown(trailer),
                shown(header)
            ),
        )
        .element("IEA", 2, None)
        .label("trailer control number")
        .secondary(element_span(isa, 13), "header control number")
        .help(format!("write `{}` in IEA02", shown(header)));
}
