//! P001 `not-payable-by-medicare`

use crate::codes::procedure::ProcedureClass;
use crate::codes::tables::Coverage;
use crate::rules::c::Level2Code;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "P001",
    name: "not-payable-by-medicare",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::Sv1(check)],
    summary: "a HCPCS Level II code the CMS file marks not payable (I) or non-covered (S, M) on a Medicare claim",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
On claims to Medicare (SBR09 `MA` or `MB`), checks each HCPCS Level II code against the
Medicare coverage code the CMS HCPCS file gives it:

- `I`, **not payable by Medicare**: Medicare pays the service under another code (often a
  CPT code or a `G` code), or not at all. Reported always;
- `S`, **non-covered by Medicare statute**, and `M`, **non-covered by Medicare**: reported
  unless the line carries the `GY` modifier, which says the provider knows the item or
  service is excluded and bills it for a denial (for the patient's other insurance).

Codes starting with `S`, `H` or `T` are left to C007, which reports every one of them on a
Medicare claim. The coverage code is the embedded quarter's (or the `--hcpcs` file's),
whatever the date of service. The `medicare` profile makes the rule an error.

## Why does it matter?
A code Medicare does not recognise for payment is rejected or denied on every claim; a
non-covered service billed without `GY` is denied, and the patient cannot be billed
without the notice the modifiers document.

## Example
```text
SBR*P*18*GRP01234******MB~
...
SV1*HC:A0100*45*UN*1***1~
```
A non-emergency taxi: Medicaid pays it, Medicare does not.

## How to fix
For `I`, bill Medicare with the code it pays for the service, or bill the payer that
covers it. For `S` and `M`, add `GY` when the claim is sent for a denial
(`SV1*HC:A0888:GY*20*UN*10***1~`), or do not bill Medicare for it.

## References
Loop 2400 SV101-2 and SV101-3..6; loop 2000B SBR09 claim filing indicator code; CMS HCPCS
file record layout (coverage code: C carrier judgment, D special coverage instructions, I
not payable by Medicare, M non-covered by Medicare, S non-covered by Medicare statute);
Medicare Claims Processing Manual, chapter 1, section 60 (`GY`: statutorily excluded).
"#,
};

/// Modifier for an item or service statutorily excluded or outside any Medicare benefit.
const EXCLUDED: &[u8] = b"GY";

/// P001
pub fn check(checker: &mut Checker, node: &Sv1Node<'_, '_>) {
    // Only a HCPCS Level II code can have a coverage code, and C007 reports the letters
    // `S`, `H` and `T` on a Medicare claim: the class the model read rules out most lines
    // before the code is looked up.
    if let ProcedureClass::HcpcsLevel2(letter) = node.sv1.procedure_class()
        && !matches!(letter, b'S' | b'H' | b'T')
        && node.claim.is_medicare()
    {
        report(checker, node);
    }
}

/// P001 on a Medicare line of a HCPCS Level II code. Out of line, so that the check above
/// inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, node: &Sv1Node<'_, '_>) {
    let (claim, sv1) = (node.claim, node.sv1);
    // A HCPCS Level II code (`HC`) the table has: the dispatcher looks it up once.
    let Some(&Level2Code {
        code,
        entry: Some(entry),
    }) = node.level2()
    else {
        return;
    };
    let (message, label, help) = match entry.attributes.coverage() {
        Some(Coverage::NotPayable) => (
            format!(
                "`{}` is not payable by Medicare (CMS coverage code `I`)",
                shown(code.value)
            ),
            "Medicare pays this service under another code, or not at all",
            "bill Medicare with the code it pays for the service, or bill the payer that covers it",
        ),
        Some(c @ (Coverage::NotCovered | Coverage::StatutoryExclusion)) => {
            if sv1.modifiers().any(|m| m.value == EXCLUDED) {
                return;
            }
            let (letter, why) = if c == Coverage::StatutoryExclusion {
                ("S", "non-covered by Medicare statute")
            } else {
                ("M", "non-covered by Medicare")
            };
            (
                format!(
                    "`{}` is {why} (CMS coverage code `{letter}`), and the line has no `GY`",
                    shown(code.value)
                ),
                "Medicare denies it",
                "add the `GY` modifier when the claim is sent for a denial; otherwise do not bill Medicare for it",
            )
        }
        _ => return,
    };
    let d = checker.report_in(
        Rule::NotPayableByMedicare,
        &sv1.segment,
        code.span(),
        message,
    );
    d.element("SV1", 1, Some(2)).label(label).help(help);
    if let Some(sbr) = claim.sbr {
        d.secondary(element_span(&sbr, 9), "the claim goes to Medicare");
    }
}
