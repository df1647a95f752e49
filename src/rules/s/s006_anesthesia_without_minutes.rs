//! S006 `anesthesia-without-minutes`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S006",
    name: "anesthesia-without-minutes",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.line, n.sv1))],
    summary: "an anesthesia code (00100–01999, except 01996: S018) not billed in minutes (SV103 `MJ`)",
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
management of epidural or subarachnoid drug administration) is left to S018, a warning:
the rulebook makes codes whose descriptor already holds the time an exception.

A line in other units is also accepted when another anesthesia line of the claim, on the
same date of service (or one that cannot be read), is in minutes: the case's time is
reported there, and this line counts something else. The burn-excision add-on is one
such code: it is reported in units of total body surface area, and the anesthesia time
goes on its primary code.

## Why does it matter?
Anesthesia is paid by base units plus time units, and the payer derives the time units
from the minutes. A line in service units (`UN`) gives no time, so payers reject or
underpay it.

## Example
```text
SV1*HC:00142:QK*827*UN*1***1~
```

A line whose anesthesia time is on another line of the same date, in `MJ`, is fine:

```text
SV1*HC:01952:AA*900*MJ*95***1~
DTP*472*D8*20240110~
SV1*HC:01953:AA*300*UN*2***1~
DTP*472*D8*20240110~
```

## How to fix
Send `MJ` in SV103 and the total anesthesia minutes in SV104, e.g.
`SV1*HC:00142:QK*827*MJ*61***1~`.

## References
Loop 2400 SV103 unit or basis for measurement code (data element 355) and SV104 quantity
(data element 380); CPT anesthesia section (AMA).
"#,
};

/// Daily epidural management: time is in its descriptor, not in minutes (S018).
pub(crate) const DAILY_MANAGEMENT: &[u8] = b"01996";

/// Whether another line of `claim` than `line` bills an anesthesia code in minutes on a date
/// `line`'s may share: that line carries the case's time.
pub(crate) fn time_on_another_line(claim: &Claim<'_>, line: &ServiceLine<'_>) -> bool {
    let period = |l: &ServiceLine<'_>| l.date_of_service.map(|d| (d.from, d.to));
    claim.lines.iter().any(|other| {
        !std::ptr::eq(other, line)
            && other.sv1.as_ref().is_some_and(|s| {
                s.procedure_class().is_anesthesia()
                    && s.is_hc()
                    && s.unit().is_some_and(|u| u.value == b"MJ")
            })
            && match (period(line), period(other)) {
                (Some(a), Some(b)) => a.0 <= b.1 && b.0 <= a.1,
                _ => true,
            }
    })
}

/// The code and the finding's message when the line's HC code is an anesthesia code
/// `wanted` takes and it is billed in other units than minutes, with no other line carrying
/// the case's time (`kind` names the code in the message: "anesthesia", "daily
/// anesthesia"). S006 and S018 share it.
pub(crate) fn not_in_minutes<'a>(
    claim: &Claim<'_>,
    line: &ServiceLine<'_>,
    sv1: &Sv1<'a>,
    wanted: impl Fn(&[u8]) -> bool,
    kind: &str,
) -> Option<(crate::x12::Piece<'a>, String)> {
    // The class the model read rules out every other line without reading the code again.
    if !sv1.procedure_class().is_anesthesia() || !sv1.is_hc() {
        return None;
    }
    let code = sv1.code().filter(|c| wanted(c.value))?;
    let unit = sv1.unit().map(|u| u.value).unwrap_or_default();
    if unit == b"MJ" || time_on_another_line(claim, line) {
        return None;
    }
    let message = if unit.is_empty() {
        format!(
            "{kind} code `{}` has no unit of measure; anesthesia is billed in minutes",
            shown(code.value)
        )
    } else {
        format!(
            "{kind} code `{}` is billed in `{}`; anesthesia is billed in minutes",
            shown(code.value),
            shown(unit)
        )
    };
    Some((code, message))
}

/// S006
pub fn check(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    // The class the model read rules out every line but an anesthesia one.
    if sv1.procedure_class().is_anesthesia() {
        report(checker, claim, line, sv1);
    }
}

/// S006 on an anesthesia line. Out of line, so that the check above inlines into the
/// SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    let not_daily = |c: &[u8]| c != DAILY_MANAGEMENT;
    let Some((code, message)) = not_in_minutes(claim, line, sv1, not_daily, "anesthesia") else {
        return;
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
