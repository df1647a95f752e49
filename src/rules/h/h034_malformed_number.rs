//! H034 `malformed-number`

use super::value_at;
use crate::grammar::DataType;
use crate::grammar::elements::ElementFinding;
use crate::grammar::elements::values::needless_leading_zero;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H034",
    name: "malformed-number",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a numeric element holds something other than an X12 number (`+`, exponent, separators)",
    ack: Ack {
        ik403: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a decimal (R) or integer (N0) element whose value is not written the X12 way:
digits with an optional leading minus sign, and for R one optional decimal point with a
digit after it. A `+`, an exponent (`1E2`), thousands separators, spaces or letters are
all reported, and so are a decimal point with no fraction (`50.`) and, in an integer, a
leading zero the element's minimum length does not call for (`LX*01`).
`SV102` and `SV104` are H010's and H011's.

## Why does it matter?
Receivers reject the transaction set (IK403 `6`, invalid character); a misread amount
or quantity is paid wrong.

## Example
```text
CLM*PCN0001*1,500.00***11:B:1*Y*A*Y*Y~
```

## How to fix
Write the number with digits, an optional leading `-` and at most one `.` followed by
digits; leave out leading zeros of integers.

## References
X12.6 data types R and N0 in `grammar/elements.toml`.
"#,
};

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let value = value_at(checker, f);
    let raw = checker
        .bytes()
        .get(f.span.start..f.span.end)
        .unwrap_or_default();
    let n0 = f.def.data_type == DataType::N0;
    let kind = if n0 { "an integer" } else { "a decimal number" };
    let (message, label, help) = if raw.ends_with(b".") {
        (
            format!("{} `{value}` ends in a decimal point", f.def.reference),
            "a decimal point with no digit after it",
            "leave out a decimal point that has no fraction after it: `50`, not `50.`",
        )
    } else if n0 && needless_leading_zero(raw, f.def.min.into()) {
        (
            format!("{} `{value}` has a leading zero", f.def.reference),
            "X12 integers drop leading zeros",
            "write the integer without leading zeros: `1`, not `01`",
        )
    } else {
        (
            format!("{} `{value}` is not {kind}", f.def.reference),
            "not a number in X12 notation",
            "write digits with an optional leading `-`, and for decimals at most one `.`; no `+`, exponent or separators",
        )
    };
    checker
        .report_in(Rule::MalformedNumber, segment, f.span, message)
        .label(label)
        .help(help)
}
