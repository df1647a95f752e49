//! H033 `element-too-long`

use super::{describe, value_at};
use crate::grammar::DataType;
use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H033",
    name: "element-too-long",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an element value is longer than its maximum length (monetary amounts: 10 digits)",
    ack: Ack {
        ik403: Some("5"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a value with more characters than the element's maximum length (for numbers,
more digits; the sign and decimal point do not count). Monetary amounts (data element 782)
have at most 10 digits under HIPAA, so `99999999.99` is the largest. `SV102` is H010's.

## Why does it matter?
Receivers reject the transaction set (IK403 `5`, data element too long); a longer
value would be cut and change its meaning.

## Example
```text
CLM*PCN0001*150***11:B:1*Y*A*Y*Y~      (fine)
CLM*PCN0001*12345678901***11:B:1*Y*A*Y*Y~   (CLM02 has 11 digits)
```

## How to fix
Shorten the value to the maximum; for amounts, check the decimal point.

## References
The data element dictionary, `grammar/elements.toml`; the HIPAA limit on monetary amounts.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let value = value_at(checker, f);
    let unit = match f.def.data_type {
        DataType::R | DataType::N0 => "digits",
        _ => "characters",
    };
    checker
        .report_in(
            Rule::ElementTooLong,
            segment,
            f.span,
            format!(
                "{} `{value}` is longer than its maximum of {} {unit}",
                f.def.reference, f.def.max
            ),
        )
        .label("too long")
        .help(describe(f.def))
}
