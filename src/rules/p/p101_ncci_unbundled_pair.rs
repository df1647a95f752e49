//! P101 `ncci-unbundled-pair`

use super::{Dated, ncci_modifier, pack};
use crate::codes::ncci::key_code;
use crate::codes::ncci::ptp::{Indicator, PtpEdit};
use crate::rules::prelude::*;
use crate::rules::s::{ClaimLines, MAX_LINES, in_line_context};

pub const META: RuleMeta = RuleMeta {
    code: "P101",
    name: "ncci-unbundled-pair",
    snip: Snip::Payer,
    severity: Severity::Warning,
    checks: &[Check::ClaimLines(check)],
    summary: "a column-two code billed with its NCCI column-one code on the same date of service without a modifier that allows it",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "454",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Runs only with an NCCI edit pack loaded (`--ncci DIR` or `ncci` under `[code-sets]` in
`claimlint.toml`): the practitioner procedure-to-procedure (PTP) files CMS publishes every
quarter.

Warns about a service line whose code is the column-two code of a PTP edit when another
line of the same claim, on the same date of service, bills the edit's column-one code, and
the edit is in force on that date (on or after its effective date, and on or before its
deletion date when it has one). What the edit's modifier indicator allows:

- `0`: nothing; the pair is never paid together.
- `1`: the pair is paid when either line carries an NCCI-associated modifier: `59`, `XE`,
  `XS`, `XP`, `XU`; the anatomic modifiers `E1`–`E4`, `FA`, `F1`–`F9`, `TA`, `T1`–`T9`,
  `LT`, `RT`, `LC`, `LD`, `RC`, `LM`, `RI`; the global surgery modifiers `24`, `25`, `57`,
  `58`, `78`, `79`; and `27`, `91`.
- `9`: not applicable; the edit is deleted and never applies.

The finding is on the column-two code (the line the payer denies), with the column-one
code labelled. Both lines need one readable date of service (a D8 date, or an RD8 range of
one day) and the same one; lines with other dates are left to the date rules.

## Why does it matter?
NCCI PTP edits are applied by Medicare, by every Medicaid program and by most commercial
payers after they accept the claim. The column-two service is part of the column-one
service, or the two cannot both have been done: the payer denies the column-two line, and
billing it anyway without cause is unbundling.

## Example
```text
LX*1~
SV1*HC:11111*200*UN*1***1~
DTP*472*D8*20240110~
LX*2~
SV1*HC:22222*80*UN*1***1~
DTP*472*D8*20240110~
```
With a pack whose PTP file has the edit `11111` (column 1), `22222` (column 2), modifier
indicator `1`, in force on 2024-01-10.

## How to fix
When the second service was distinct (another session, another site or organ, a separate
incision or lesion), and the edit's indicator is `1`, add the NCCI-associated modifier
that says so to either line, the most specific one (`XE`, `XS`, `XP`, `XU` or an anatomic
modifier) before `59`. Otherwise remove the column-two line: its payment is included in
the column-one code. Never add a modifier only to get past the edit.

## References
Loop 2400 SV101-2 procedure code, SV101-3 to SV101-6 modifiers, DTP\*472 service date;
CMS, Medicare NCCI Procedure-to-Procedure (PTP) Edits (practitioner files) and the NCCI
Policy Manual for Medicare Services, chapter I; Medicaid NCCI Technical Guidance Manual.
"#,
};

/// P101 over the lines of one claim.
pub fn check(checker: &mut Checker, lines: &ClaimLines<'_, '_>) {
    let Some(ptp) = pack(checker).and_then(|p| p.ptp.as_ref()) else {
        return;
    };
    let mut dated = [None; MAX_LINES];
    let mut modifier = [false; MAX_LINES];
    for (i, line) in lines.lines.iter().enumerate() {
        dated[i] = Dated::of(line);
        modifier[i] = ncci_modifier(line).is_some();
    }
    let n = lines.lines.len();
    for two in 0..n {
        let Some(b) = dated[two] else { continue };
        // The column-one lines this line is bundled into, with their edits.
        let mut found: Vec<(usize, &PtpEdit)> = Vec::new();
        for one in (0..n).filter(|&i| i != two) {
            let Some(a) = dated[one].filter(|a| a.day == b.day) else {
                continue;
            };
            let Some(edit) = ptp.in_force(a.key, b.key, b.day) else {
                continue;
            };
            if edit.indicator == Indicator::Allowed && (modifier[one] || modifier[two]) {
                continue;
            }
            found.push((one, edit));
        }
        let Some(&(first, edit)) = found.first() else {
            continue;
        };
        let line = &lines.lines[two];
        let (Some(sv1), Some(code)) = (line.sv1, line.code) else {
            continue;
        };
        let column1 = key_code(edit.column1);
        let rationale = ptp.rationale(edit);
        in_line_context(checker, lines.claim, line, |checker| {
            let d = checker.report_in(
                Rule::NcciUnbundledPair,
                &sv1.segment,
                code.span(),
                format!(
                    "`{}` is the column-two code of an NCCI PTP edit with `{column1}` on the same date of service (modifier indicator {})",
                    shown(code.value),
                    edit.indicator.digit()
                ),
            );
            d.element("SV1", 1, Some(2));
            match edit.indicator {
                Indicator::Allowed => {
                    d.label("denied unless an NCCI-associated modifier shows a distinct service")
                        .help(format!(
                            "if this service was distinct from `{column1}` (another session, site or organ, a separate incision or lesion), add the modifier that documents it to either line: `XE`, `XS`, `XP`, `XU` or an anatomic modifier, else `59`; otherwise remove this line, its payment is included in `{column1}`"
                        ));
                }
                _ => {
                    d.label("denied: no modifier allows this pair")
                        .help(format!(
                            "remove this line: its payment is included in `{column1}`, and no modifier allows the pair"
                        ));
                }
            }
            for &(one, edit) in &found {
                if let Some(other) = lines.lines[one].code {
                    let what = if one == first {
                        match rationale {
                            "" => "column-one code".to_string(),
                            r => format!("column-one code (PTP rationale: {r})"),
                        }
                    } else {
                        format!(
                            "column-one code of another edit (modifier indicator {})",
                            edit.indicator.digit()
                        )
                    };
                    d.secondary(other.span(), what);
                }
            }
        });
    }
}
