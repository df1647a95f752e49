//! S011 `ambulance-without-transport-details`

use crate::claim::{LoopId, Transaction};
use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "S011",
    name: "ambulance-without-transport-details",
    snip: Snip::Situational,
    severity: Severity::Error,
    checks: &[Check::Transaction(check)],
    summary: "a transport service (ambulance, HCPCS type of service D) without CR1 or the pick-up and drop-off loops 2310E/2310F",
    ack: Ack::NONE,
    claim_status: None,
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

One finding per claim, on the first transport line, naming everything missing.

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

/// S011: runs once per transaction set, since the claim's 2310E/2310F loops are not part of
/// the claim's model.
pub fn check(checker: &mut Checker, t: &Transaction<'_>) {
    for claim in &t.claims {
        check_claim(checker, t, claim);
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
}

fn check_claim(checker: &mut Checker, t: &Transaction<'_>, claim: &Claim<'_>) {
    let table = checker.settings().code_sets().hcpcs();
    // The transport lines: (code, whether it needs CR1).
    let mut transport = claim.lines.iter().filter_map(|line| {
        let sv1 = line.sv1.as_ref()?;
        if sv1.qualifier().map(|q| q.value) != Some(b"HC")
            || !matches!(sv1.procedure_class(), ProcedureClass::HcpcsLevel2(_))
        {
            return None;
        }
        let code = sv1.code()?;
        let entry = table.procedure(code.value)?;
        if !entry.attributes.is_transport() {
            return None;
        }
        let description = entry.short_description.to_ascii_lowercase();
        let non_emergency = ["nonemerg", "noner", "non er"]
            .iter()
            .any(|w| description.contains(w));
        Some((line, sv1, code, !non_emergency))
    });
    let Some(first) = transport.next() else {
        return;
    };
    let needs_cr1 = first.3 || transport.any(|t| t.3);
    let (mut cr1, mut pick_up, mut drop_off) = (false, false, false);
    for (l, s) in t.claim_segments(claim) {
        match l {
            LoopId::L2300 if s.is(b"CR1") => cr1 = true,
            LoopId::L2310E if s.is(b"NM1") => pick_up = true,
            LoopId::L2310F if s.is(b"NM1") => drop_off = true,
            _ => {}
        }
    }
    let mut missing = Vec::new();
    if needs_cr1 && !cr1 {
        missing.push("CR1 (ambulance transport information)");
    }
    if !pick_up {
        missing.push("loop 2310E (pick-up location)");
    }
    if !drop_off {
        missing.push("loop 2310F (drop-off location)");
    }
    if missing.is_empty() {
        return;
    }
    let (line, sv1, code, _) = first;
    checker.set_claim(Some(claim.ordinal), line.number());
    checker.set_loop(Some(LoopId::L2400.as_str()));
    let list = match missing.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
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
    checker.set_claim(Some(claim.ordinal), None);
    checker.set_loop(Some(LoopId::L2300.as_str()));
}
