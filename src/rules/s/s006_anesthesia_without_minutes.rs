//! S006 `anesthesia-without-minutes`

use crate::codes::procedure;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S006",
    name: "anesthesia-without-minutes",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "an anesthesia code (00100–01999) not billed in minutes (SV103 `MJ`)",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "251",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks service lines with a CPT anesthesia code (`00100` to `01999`): the unit of measure
SV103 must be `MJ` (minutes), with the anesthesia time in SV104. Code `01996` (daily
management of epidural or subarachnoid drug administration) is skipped, because its
descriptor is already a daily service rather than a time.

## Why does it matter?
Anesthesia is paid by base units plus time units, and the payer derives the time units
from the minutes. A line in service units (`UN`) gives no time, so payers reject or
underpay it.

## Example
```text
SV1*HC:00142:QK*827*UN*1***1~
```

## How to fix
Send `MJ` in SV103 and the total anesthesia minutes in SV104, e.g.
`SV1*HC:00142:QK*827*MJ*61***1~`.

## References
Loop 2400 SV103 unit or basis for measurement code (data element 355) and SV104 quantity
(data element 380); CPT anesthesia section (AMA).
"#,
};

/// Daily epidural management: time is in its descriptor, not in minutes.
const DAILY_MANAGEMENT: &[u8] = b"01996";

/// S006
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    if sv1.qualifier().map(|q| q.value) != Some(b"HC") {
        return;
    }
    let Some(code) = sv1
        .code()
        .filter(|c| procedure::is_anesthesia(c.value) && c.value != DAILY_MANAGEMENT)
    else {
        return;
    };
    let unit = sv1.unit().map(|u| u.value).unwrap_or_default();
    if unit == b"MJ" {
        return;
    }
    let message = if unit.is_empty() {
        format!(
            "anesthesia code `{}` has no unit of measure; anesthesia is billed in minutes",
            shown(code.value)
        )
    } else {
        format!(
            "anesthesia code `{}` is billed in `{}`; anesthesia is billed in minutes",
            shown(code.value),
            shown(unit)
        )
    };
    let segment = &sv1.segment;
    checker
        .report_in(
            Rule::AnesthesiaWithoutMinutes,
            segment,
            element_span(segment, 3),
            message,
        )
        .element("SV1", 3, None)
        .label("expected `MJ` (minutes)")
        .secondary(code.span(), "anesthesia code")
        .help("send `MJ` in SV103 and the anesthesia time in minutes in SV104");
}
