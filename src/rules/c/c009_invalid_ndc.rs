//! C009 `invalid-ndc`

use crate::claim::Drug;
use crate::rules::prelude::*;
use crate::x12::values::{DecimalError, decimal};

pub const META: RuleMeta = RuleMeta {
    code: "C009",
    name: "invalid-ndc",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Drug(check)],
    summary: "a loop 2410 NDC is not 11 digits, or its CTP quantity or unit is invalid",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "218",
        entity: None,
    }),
    owns: &[
        Owned::missing("CTP"),
        Owned::element("CTP", 4),
        Owned::element("CTP", 5),
    ],
    doc: r#"## What it does
Checks the drug identification of a service line (loop 2410). When LIN02 is `N4`, the
National Drug Code in LIN03 must be exactly 11 digits: the 5-4-2 layout with no hyphens or
spaces. A hyphenated or 10-digit NDC gets a hint on how to pad it. The loop's CTP segment
must be present, with a drug quantity CTP04 greater than zero and a unit CTP05-1 of `F2`
(international unit), `GR` (gram), `ME` (milligram), `ML` (milliliter) or `UN` (unit).

## Why does it matter?
Medicaid programs and many other payers price physician-administered drugs and claim
rebates by NDC and quantity. An NDC in another layout does not match their drug files, and
a missing or unknown quantity cannot be priced: the line is denied.

## Example
```text
SV1*HC:J1885*50*UN*2***1~
DTP*472*D8*20240110~
LIN**N4*0409-3795-01~
CTP****2*MG~
```

## How to fix
Send the 11-digit NDC from the package in 5-4-2 form, adding a leading zero to the short
part of a 10-digit NDC (4-4-2 `0409-3795-01` becomes `00409379501`), and the quantity
given with one of the five units.

## References
Loop 2410 LIN03 National Drug Code (data element 234, qualifier `N4`), CTP04 quantity
(data element 380) and CTP05-1 unit or basis for measurement code (data element 355); FDA
National Drug Code Directory.
"#,
};

/// The CTP05-1 units of the 837P.
const UNITS: &[&[u8]] = &[b"F2", b"GR", b"ME", b"ML", b"UN"];

/// C009
pub fn check(checker: &mut Checker, drug: &Drug<'_>) {
    check_ndc(checker, &drug.lin);
    match &drug.ctp {
        Some(ctp) => check_quantity(checker, ctp),
        None => {
            checker
                .report_in(
                    Rule::InvalidNdc,
                    &drug.lin,
                    drug.lin.id_span(),
                    "drug identification has no CTP drug quantity",
                )
                .label("no CTP after this LIN")
                .help("send the quantity of the drug after the LIN, e.g. `CTP****2*UN`");
        }
    }
}

fn check_ndc(checker: &mut Checker, lin: &Segment<'_>) {
    // LIN02 and LIN03 from one marking of the separators, not a scan from the start each.
    let separators = lin.separators();
    if separators.value(2) != b"N4" {
        return;
    }
    let ndc = separators.value(3);
    if ndc.len() == 11 && ndc.iter().all(u8::is_ascii_digit) {
        return;
    }
    let help = "send the NDC as 11 digits in the 5-4-2 layout, without hyphens or spaces";
    let (message, label, help) = if ndc.is_empty() {
        (
            "LIN03 national drug code is missing".to_string(),
            "expected the 11-digit NDC".to_string(),
            help.to_string(),
        )
    } else {
        let message = format!("NDC `{}` is not 11 digits", shown(ndc));
        match padded(ndc) {
            Some(eleven) if ndc.contains(&b'-') => (
                message,
                format!("hyphenated; in 5-4-2 form it is `{eleven}`"),
                format!("send `{eleven}`: 11 digits in the 5-4-2 layout, without hyphens"),
            ),
            _ if ndc.len() == 10 && ndc.iter().all(u8::is_ascii_digit) => (
                message,
                "10 digits: one of its three parts lacks a leading zero".to_string(),
                "pad the NDC to 11 digits in the 5-4-2 layout: add a leading zero to the part that is short on the package label (4-4-2 `0409-3795-01` becomes `00409379501`)".to_string(),
            ),
            _ => (message, "expected 11 digits".to_string(), help.to_string()),
        }
    };
    checker
        .report_in(Rule::InvalidNdc, lin, element_span(lin, 3), message)
        .element("LIN", 3, None)
        .label(label)
        .help(help);
}

/// A hyphenated NDC (4-4-2, 5-3-2, 5-4-1 or 5-4-2) padded to 11 digits.
fn padded(ndc: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(ndc).ok()?;
    let parts: Vec<&str> = text.split('-').collect();
    let [labeler, product, package] = parts.as_slice() else {
        return None;
    };
    let widths = [(labeler, 5), (product, 4), (package, 2)];
    if widths
        .iter()
        .any(|(p, w)| p.is_empty() || p.len() > *w || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // Only one part may be short: a 10-digit NDC lacks exactly one zero.
    let short = widths.iter().filter(|(p, w)| p.len() < *w).count();
    if short > 1 {
        return None;
    }
    Some(format!("{labeler:0>5}{product:0>4}{package:0>2}"))
}

fn check_quantity(checker: &mut Checker, ctp: &Segment<'_>) {
    // CTP04 and CTP05 from one marking of the separators.
    let separators = ctp.separators();
    let quantity = separators.value(4);
    let problem = match decimal(quantity) {
        Err(DecimalError::Empty) => Some("CTP04 drug quantity is missing".to_string()),
        Err(_) => Some(format!(
            "drug quantity `{}` is not a number",
            shown(quantity)
        )),
        Ok(d) if d.is_negative() || d.is_zero() => Some(format!(
            "drug quantity `{}` is not greater than zero",
            shown(quantity)
        )),
        Ok(_) => None,
    };
    if let Some(message) = problem {
        checker
            .report_in(Rule::InvalidNdc, ctp, element_span(ctp, 4), message)
            .element("CTP", 4, None)
            .label("expected a quantity greater than 0")
            .help("send the quantity of the drug given, e.g. `2` or `0.5`, with its unit in CTP05");
    }

    let unit = separators.element(5).and_then(|e| e.component(1));
    let value = unit.map(|u| u.value).unwrap_or_default();
    if UNITS.contains(&value) {
        return;
    }
    let span = unit.map_or_else(|| element_span(ctp, 5), |u| u.span());
    let message = if value.is_empty() {
        "CTP05-1 drug unit of measure is missing".to_string()
    } else {
        format!("`{}` is not a drug unit of the 837P", shown(value))
    };
    let label = match value {
        b"MG" => "milligrams are `ME`",
        b"GM" | b"G" => "grams are `GR`",
        b"IU" => "international units are `F2`",
        b"EA" | b"U" => "units are `UN`",
        b"CC" => "milliliters are `ML`",
        _ => "expected `F2`, `GR`, `ME`, `ML` or `UN`",
    };
    checker
        .report_in(Rule::InvalidNdc, ctp, span, message)
        .element("CTP", 5, Some(1))
        .label(label)
        .help(
            "use `F2` international unit, `GR` gram, `ME` milligram, `ML` milliliter or `UN` unit",
        );
}

#[cfg(test)]
mod tests {
    use super::padded;

    #[test]
    fn pads_hyphenated_ndcs() {
        assert_eq!(padded(b"0409-3795-01").as_deref(), Some("00409379501"));
        assert_eq!(padded(b"00409-795-01").as_deref(), Some("00409079501"));
        assert_eq!(padded(b"00409-3795-1").as_deref(), Some("00409379501"));
        assert_eq!(padded(b"00409-3795-01").as_deref(), Some("00409379501"));
        assert_eq!(padded(b"409-3795-1"), None);
        assert_eq!(padded(b"00409379501"), None);
        assert_eq!(padded(b"004093-795-01"), None);
    }
}
