//! C006 `outpatient-procedure-code`

use crate::codes::procedure::ProcedureClass;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C006",
    name: "outpatient-procedure-code",
    snip: Snip::Payer,
    severity: Severity::Warning,
    summary: "SV101-2 is a hospital outpatient C code outside an ambulatory surgical center that may bill it",
    checks: &[Check::Sv1(|c, n| check(c, n.claim, n.sv1))],
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Warns about a HCPCS Level II code starting with `C` on a professional claim, unless an
ambulatory surgical center may bill it. The place of service is SV105, or else CLM05-1.

- In an ambulatory surgical center (place of service `24`), which bills Medicare on the
  837P, a C code is accepted when the CMS HCPCS file approves it for ASCs (ASC payment
  group `YY`), and when it is a device, drug or supply (BETOS not a procedure, imaging,
  test or visit), which ASCs report with the procedure that used it. What remains is a
  procedure the file does not approve for ASCs, such as a hospital outpatient service.
- Anywhere else, every C code is reported.

The `medicare` profile makes the rule an error.

## Why does it matter?
C codes exist for the Medicare hospital outpatient prospective payment system: devices,
drugs, new technology and services billed by the hospital outpatient department on the
institutional claim, and, for those CMS approves, by ambulatory surgical centers on the
professional claim. A physician's office or a hospital-based physician billing a C code
on the 837P is denied by Medicare and by most other payers.

## Example
```text
CLM*PCN0001*200***11:B:1*Y*A*Y*Y~
...
SV1*HC:C1713*200*UN*1***1~
```

## How to fix
Outside an ASC, bill the professional service with its CPT code; the hospital bills the C
code on its 837I. In an ASC, bill a procedure CMS does not approve for ASCs under the code
the ASC list has for it, or check the place of service.

## References
Loop 2400, SV101-2 and SV105; loop 2300 CLM05-1; CMS MLN Matters on C codes (CR 5027);
CMS HCPCS file record layout (ASC payment group `YY`: approved to be performed in an
ambulatory surgical center; BETOS); Medicare Claims Processing Manual, chapter 14
(ambulatory surgical centers).
"#,
};

/// Place of service `24`, ambulatory surgical center.
const ASC: &[u8] = b"24";

/// C006
pub fn check(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    // The class the model read once rules out nearly every line before SV101 is looked at.
    if sv1.procedure_class() == ProcedureClass::HcpcsLevel2(b'C') {
        report(checker, claim, sv1);
    }
}

/// C006 on a line whose code is a C code. Out of line, so that the check above inlines
/// into the SV1 dispatch and a clean line costs a compare, not a call.
#[inline(never)]
fn report(checker: &mut Checker, claim: &Claim<'_>, sv1: &Sv1<'_>) {
    if !sv1.is_hc() {
        return;
    }
    let Some(code) = sv1.code() else {
        return;
    };
    let pos = place_of_service(claim, sv1);
    let in_asc = pos.is_some_and(|p| p.value == ASC);
    let entry = checker.settings().code_sets().hcpcs().procedure(code.value);
    if in_asc {
        // A code the table lacks may be a newer ASC code: C011 reports it if it is wrong.
        let Some(entry) = entry else {
            return;
        };
        let a = entry.attributes;
        let service = matches!(
            a.betos().as_bytes().first(),
            Some(b'P' | b'I' | b'T' | b'M')
        );
        if a.asc_approved() || !service {
            return;
        }
    }
    let (message, label) = if in_asc {
        (
            format!(
                "`{}` is a hospital outpatient code that CMS does not approve for ambulatory surgical centers",
                shown(code.value)
            ),
            "not approved for ASCs",
        )
    } else {
        (
            format!(
                "`{}` is a hospital outpatient C code, billed by hospitals and ambulatory surgical centers",
                shown(code.value)
            ),
            "C codes are for hospital outpatient departments and ASCs",
        )
    };
    let d = checker.report_in(
        Rule::OutpatientProcedureCode,
        &sv1.segment,
        code.span(),
        message,
    );
    d.element("SV1", 1, Some(2))
        .label(label)
        .help("outside an ASC, bill the professional service with its CPT code and leave the C code to the facility; in an ASC, use the code CMS approves for ASCs");
    if let Some(pos) = pos {
        d.secondary(
            pos.span(),
            format!("place of service `{}`", shown(pos.value)),
        );
    }
}
