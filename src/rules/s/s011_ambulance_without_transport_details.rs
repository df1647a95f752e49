//! S011 `ambulance-without-transport-details`

use super::{ClaimLines, Hcpcs, Line, Transport, in_line_context};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S011",
    name: "ambulance-without-transport-details",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::ClaimLines(check)],
    summary: "a transport service (ambulance, HCPCS type of service D) without CR1 or the pick-up and drop-off loops 2310E/2310F",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A6",
        status: "21",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks claims that bill a transport service: a HCPCS Level II code whose CMS type of
service is `D` (ambulance), which the CMS file gives to the ambulance codes and to the
non-emergency transport codes alike (`A0021`–`A0999`, some `S` codes). Such a claim needs:

- the ambulance pick-up location, loop 2310E (`NM1*PW`), and the drop-off location, loop
  2310F (`NM1*45`), for ambulance and non-emergency transport alike;
- the ambulance transport information, CR1 in loop 2300 (patient weight, reason for
  transport, distance), unless every transport line is a non-emergency transport: a code
  the CMS short description calls non-emergency (`Nonemergency transport taxi`,
  `Noner transport wheelch van`).

One finding per claim, on the first transport line, naming everything missing. A claim
of more than 50 lines is left to H016.

## Why does it matter?
The implementation guide requires CR1 on claims for ambulance transport, and the pick-up
and drop-off locations on claims for ambulance or non-emergency transportation. Payers
price the trip from them (the loaded miles, the origin and destination modifiers, rural
pick-up ZIP codes) and reject the claim without them.

## Example
```text
CLM*PCN0001*850***41:B:1*Y*A*Y*Y~
HI*ABK:S72001A~
LX*1~
SV1*HC:A0429:RH*700*UN*1***1~
```

## How to fix
Add `CR1*LB*180**A*DH*12~` (the weight in pounds, the transport reason code and the miles)
after CLM, the pick-up location (`NM1*PW*2~`, `N3`, `N4`) and the drop-off location
(`NM1*45*2*GENERAL HOSPITAL~`, `N3`, `N4`) in the 2310 loops.

## References
Loop 2300 CR1 ambulance transport information; loop 2310E ambulance pick-up location;
loop 2310F ambulance drop-off location (005010X222A1); CMS HCPCS file record layout (type
of service `D`, ambulance).
"#,
};

/// S011: runs once per claim, and reports in the context of the first transport line.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    let transport = |l: &Line<'_, '_>| match l.hcpcs {
        Hcpcs::Known { transport, .. } if transport != Transport::None => Some(transport),
        _ => None,
    };
    let Some(first) = lines.lines.iter().find(|l| transport(l).is_some()) else {
        return;
    };
    let claim = lines.claim;
    let details = claim.transport;
    let needs_cr1 = lines
        .lines
        .iter()
        .any(|l| transport(l) == Some(Transport::Ambulance));
    let mut missing = Vec::new();
    if needs_cr1 && !details.cr1 {
        missing.push("CR1 (ambulance transport information)");
    }
    if !details.pick_up {
        missing.push("loop 2310E (pick-up location)");
    }
    if !details.drop_off {
        missing.push("loop 2310F (drop-off location)");
    }
    let (Some(sv1), Some(code)) = (first.sv1, first.code) else {
        return;
    };
    if missing.is_empty() {
        return;
    }
    let list = match missing.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    in_line_context(checker, claim, first, |checker| {
        checker
            .report_in(
                Rule::AmbulanceWithoutTransportDetails,
                &sv1.segment,
                code.span(),
                format!(
                    "transport service `{}` is billed without {list}",
                    shown(code.value)
                ),
            )
            .element("SV1", 1, Some(2))
            .label("a transport: where from, where to?")
            .secondary(
                claim.clm.id_span(),
                "the claim's transport details belong after CLM",
            )
            .help("add CR1 after CLM (weight, transport reason, miles) and the pick-up (2310E, `NM1*PW`) and drop-off (2310F, `NM1*45`) locations with their N3 and N4");
    });
}
