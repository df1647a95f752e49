//! X014 `invalid-interchange-control-number`

use super::element_span;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X014",
    name: "invalid-interchange-control-number",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Interchange(|c, n| check(c, &n.interchange.isa))],
    summary: "ISA13 is not exactly nine digits",
    ack: Ack {
        ta1: Some("018"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that the interchange control number ISA13 is exactly nine digits (leading zeros
included).

## Why does it matter?
ISA13 identifies the interchange in the TA1 and 999 the receiver sends back, and in
duplicate detection. A malformed value is rejected with TA1 note 018.

## Example
```text
ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*00000001A*0*T*:~
```

## How to fix
Write ISA13 as nine digits, zero-padded (`000000101`), and repeat it in IEA02.

## References
ISA13 (I12 interchange control number, N0 9/9).
"#,
};

/// X014
pub fn check(checker: &mut Checker, isa: &Segment<'_>) {
    let value = isa.value(13);
    if value.len() == 9 && value.iter().all(u8::is_ascii_digit) {
        return;
    }
    checker
        .report_in(
            Rule::InvalidInterchangeControlNumber,
            isa,
            element_span(isa, 13),
            format!(
                "interchange control number `{}` is not nine digits",
                shown(value)
            ),
        )
        .element("ISA", 13, None)
        .label("expected nine digits")
        .help("write ISA13 as nine digits with leading zeros, e.g. `000000101`");
}
