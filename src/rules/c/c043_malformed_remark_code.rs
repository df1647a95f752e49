//! C043 `malformed-remark-code`

use super::external::{self, List};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C043",
    name: "malformed-remark-code",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[Check::Segment {
        ids: &["MOA"],
        check,
    }],
    summary: "an MOA03–MOA07 remark code does not have the shape of a remittance advice remark code",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "21",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Checks the shape of the remittance advice remark codes (RARC) a claim passes on from an
earlier payer's adjudication, MOA03 to MOA07 in loop 2320: `M` or `N` and one to three
digits (`M15`, `N130`), or `MA` and two or three digits (`MA01`, `MA130`). Only the shape is
checked: the RARC list itself is maintained for CMS and published by X12 under X12's terms,
and claimlint does not embed it, so a well-formed code that was never assigned or has been
deactivated is not reported.

## Why does it matter?
The next payer reads these codes to coordinate benefits. A value that cannot be a remark
code (a claim adjustment reason code such as `45`, a code with a space or in lower case)
means the earlier payer's remittance was copied wrongly, and the claim is rejected or
priced without the earlier payment.

## Example
```text
MOA***45~
```

## How to fix
Copy the remark codes exactly as the earlier payer's 835 gives them (its MOA or LQ*HE
segments). Claim adjustment reason codes belong in CAS, not in MOA.

## References
Loop 2320 MOA03–MOA07 (data element 127), code source 411 (Remittance Advice Remark
Codes); `@remark_code` in `grammar/loops/2320.toml`.
"#,
};

/// `M` or `N` and 1–3 digits, or `MA` and 2–3 digits.
fn is_remark_code(v: &[u8]) -> bool {
    let (digits, min) = match v {
        [b'M', b'A', rest @ ..] => (rest, 2),
        [b'M' | b'N', rest @ ..] => (rest, 1),
        _ => return false,
    };
    (min..=3).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
}

pub fn check(checker: &mut Checker, node: &SegmentNode<'_, '_>) {
    external::each_invalid(
        checker,
        node,
        List::RemarkCode,
        is_remark_code,
        |checker, found| {
            let v = found.value.value;
            let (id, element, component) = found.element();
            let upper = v.to_ascii_uppercase();
            let help = if is_remark_code(&upper) {
                format!("write `{}`: remark codes are in capitals", shown(&upper))
            } else if v.iter().all(u8::is_ascii_digit) {
                "a number alone is a claim adjustment reason code, which belongs in CAS; send the remark code (`M15`, `N130`, `MA01`) from the earlier payer's 835".to_string()
            } else {
                "send the remark code as the earlier payer's 835 gives it: `M` or `N` and digits, or `MA` and digits".to_string()
            };
            checker
                .report_in(
                    Rule::MalformedRemarkCode,
                    found.segment,
                    found.value.span(),
                    format!(
                        "`{}` in {} is not a remittance advice remark code",
                        shown(v),
                        found.def.reference
                    ),
                )
                .element(&id, element, component)
                .label("not M, MA or N followed by digits")
                .help(help);
        },
    );
}

#[cfg(test)]
mod tests {
    use super::is_remark_code;

    #[test]
    fn remark_code_shapes() {
        for ok in ["M1", "M15", "M144", "MA01", "MA130", "N1", "N130", "N890"] {
            assert!(is_remark_code(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "45", "m15", "MA1", "M", "N", "MA", "M1234", "N 30", "CO45", "", "A1",
        ] {
            assert!(!is_remark_code(bad.as_bytes()), "{bad}");
        }
    }
}
