//! X013 `invalid-interchange-date-time`

use super::element_span;
use crate::rules::prelude::*;
use crate::x12::values;

pub const META: RuleMeta = RuleMeta {
    code: "X013",
    name: "invalid-interchange-date-time",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Interchange(|c, n| check(c, &n.interchange.isa))],
    summary: "ISA09 is not a YYMMDD date or ISA10 is not an HHMM time",
    ack: Ack {
        ta1: Some("014"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that ISA09 is a real calendar date written `YYMMDD` and ISA10 a time written `HHMM`
(hours 00–23, minutes 00–59).

## Why does it matter?
The interchange date and time are part of the envelope a receiver validates first; an
impossible value gets a TA1 rejection (notes 014 and 015).

## Example
```text
ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240230*2460*^*00501*000000001*0*T*:~
```
February 30th and 24:60 do not exist.

## How to fix
Write the date the interchange was created as `YYMMDD` and the time as `HHMM`.

## References
ISA09 (I08 interchange date, DT 6/6), ISA10 (I09 interchange time, TM 4/4).
"#,
};

/// X013
pub fn check(checker: &mut Checker, isa: &Segment<'_>) {
    let date = isa.value(9);
    if values::date6(date).is_none() {
        checker
            .report_in(
                Rule::InvalidInterchangeDateTime,
                isa,
                element_span(isa, 9),
                format!("ISA09 `{}` is not a valid date", shown(date)),
            )
            .element("ISA", 9, None)
            .label("expected a calendar date as YYMMDD")
            .help("write the interchange date as `YYMMDD`, e.g. `240115`");
    }
    let time = isa.value(10);
    if time.len() != 4 || !values::time(time) {
        checker
            .report_in(
                Rule::InvalidInterchangeDateTime,
                isa,
                element_span(isa, 10),
                format!("ISA10 `{}` is not a valid time", shown(time)),
            )
            .element("ISA", 10, None)
            .label("expected a time as HHMM")
            .help("write the interchange time as `HHMM` (00–23 hours, 00–59 minutes), e.g. `1030`");
    }
}
