//! S007 `minutes-on-non-anesthesia-code`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S007",
    name: "minutes-on-non-anesthesia-code",
    snip: Snip::Situational,
    severity: Severity::Warning,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV103 `MJ` (minutes) on a code that is not an anesthesia code",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "476",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns when a service line is billed in minutes (SV103 `MJ`) but its procedure code is not
a CPT anesthesia code (`00100` to `01999`). Codes that are not valid CPT or HCPCS codes
are left to the procedure code rules.

## Why does it matter?
Minutes are meant for anesthesia time. Other services, including timed therapy codes, are
billed in units (`UN`) of the size the code's descriptor defines, so a payer reads the
minutes as that many units and over- or underpays the line, or rejects it.

## Example
```text
SV1*HC:97110*120*MJ*30***1~
```
Thirty minutes of a 15-minute therapy code are 2 units.

## How to fix
Send `UN` in SV103 and the number of units in SV104, converting time into the code's units;
or check that the code is the anesthesia code intended.

## References
Loop 2400 SV103 unit or basis for measurement code (data element 355) and SV104 quantity
(data element 380).
"#,
};

/// The unit `MJ` and the code S007 reports on this line: minutes on a CPT or HCPCS code
/// that is not an anesthesia code. S017 leaves such a line's fraction to S007.
pub(crate) fn minutes_on_non_anesthesia<'a>(
    sv1: &Sv1<'a>,
) -> Option<(crate::x12::Element<'a>, crate::x12::Piece<'a>)> {
    // Few lines are in minutes: the unit rules out nearly every line first. The code's
    // class is the model's, not read from the code again.
    let unit = sv1.unit().filter(|u| u.value == b"MJ")?;
    let class = sv1.procedure_class();
    if !(class.is_cpt() || class.is_hcpcs_level2()) || class.is_anesthesia() || !sv1.is_hc() {
        return None;
    }
    Some((unit, sv1.code()?))
}

/// S007
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // Few lines are in minutes: SV103, read once by the model, rules out nearly every line.
    if sv1.in_minutes() {
        report(checker, sv1);
    }
}

/// S007 on a line in minutes. Out of line, so that the check above inlines into the SV1
/// dispatch and a line in units costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let Some((unit, code)) = minutes_on_non_anesthesia(sv1) else {
        return;
    };
    let class = sv1.procedure_class();
    checker
        .report_in(
            Rule::MinutesOnNonAnesthesiaCode,
            &sv1.segment,
            unit.span(),
            format!(
                "line is billed in minutes (`MJ`), but `{}` is not an anesthesia code",
                shown(code.value)
            ),
        )
        .element("SV1", 3, None)
        .label("minutes are for anesthesia time")
        .secondary(code.span(), class.label())
        .help("send `UN` in SV103 with the number of units in SV104, or check the procedure code");
}
