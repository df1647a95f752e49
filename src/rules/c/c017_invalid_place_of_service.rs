//! C017 `invalid-place-of-service`

use crate::codes::tables;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C017",
    name: "invalid-place-of-service",
    snip: Snip::CodeSets,
    severity: Severity::Error,
    checks: &[
        Check::Claim(check_claim),
        Check::Sv1(|c, n| check(c, n.sv1)),
    ],
    summary: "CLM05-1 or SV105 is not a CMS place-of-service code",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "249",
        entity: None,
    }),
    owns: &[Owned::components("CLM", 5, 1, 1)],
    doc: r#"## What it does
Checks the claim's place of service CLM05-1 and, when sent, each line's place of service
SV105 against the CMS Place of Service code set embedded in claimlint (52 two-digit
codes, CMS database of 2024-05-02, the latest published). Unassigned numbers such as
`28` or `40`, one-digit values such as `1` and anything else are reported. A CLM05
written with another component separator than the interchange declares (`11>B>1` with
ISA16 `:`) is reported as such.

## Why does it matter?
The place of service decides the payment rate (facility or non-facility) and whether the
service is covered where it was given. A code outside the CMS list is rejected by the
payer's front-end edits, claim by claim (277CA), not in the 999: the place of service is
checked against an external code set.

## Example
```text
CLM*PCN0001*150***28:B:1*Y*A*Y*Y~
```

## How to fix
Send the two-digit CMS code of the place where the service was given, e.g. `11` for an
office, `12` for the patient's home, `02` or `10` for telehealth.

## References
Loop 2300 CLM05-1 and loop 2400 SV105 (data element 1331, facility code value, code
source 237); CMS Place of Service Code Set (public domain).
"#,
};

/// C017 for the claim: CLM05-1.
pub fn check_claim(checker: &mut Checker, claim: &Claim<'_>) {
    let Some(pos) = claim.service_location().and_then(|e| e.component(1)) else {
        return;
    };
    // `11>B>1` with ISA16 `:`: the sender used another component separator than the one
    // it declared, so the whole composite reads as the place of service.
    if let [a, b, sep, ..] = pos.value
        && a.is_ascii_digit()
        && b.is_ascii_digit()
        && !sep.is_ascii_alphanumeric()
    {
        let component = claim.clm.delimiters.component;
        checker
            .report_in(
                Rule::InvalidPlaceOfService,
                &claim.clm,
                Span::at(pos.start + 2, 1),
                format!(
                    "CLM05 is split with `{}` but the interchange's component separator (ISA16) is `{}`",
                    *sep as char, component as char
                ),
            )
            .element("CLM", 5, Some(1))
            .label("not the component separator")
            .help(format!(
                "separate the components of composites with `{}`, the character in ISA16, or change ISA16",
                component as char
            ));
        return;
    }
    if is_valid_or_empty(pos.value) {
        return;
    }
    report(
        checker,
        &claim.clm,
        pos.value,
        pos.span(),
        ("CLM", 5, Some(1)),
    );
}

/// C017 for a line: SV105.
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    let Some(pos) = sv1.place_of_service() else {
        return;
    };
    if is_valid_or_empty(pos.value) {
        return;
    }
    report(
        checker,
        &sv1.segment,
        pos.value,
        pos.span(),
        ("SV1", 5, None),
    );
}

/// Whether a place of service needs no finding: a CMS code, or empty (a missing place of
/// service is a requirement of its own, not a code-set finding). Inlined where a line or
/// claim is checked, so that a valid code costs a bit test, not a call.
#[inline(always)]
fn is_valid_or_empty(v: &[u8]) -> bool {
    v.is_empty() || tables::is_pos(v)
}

/// C017 for a place of service that [`is_valid_or_empty`] refused.
#[inline(never)]
fn report(
    checker: &mut Checker,
    segment: &Segment<'_>,
    v: &[u8],
    span: Span,
    (id, element, component): (&str, usize, Option<usize>),
) {
    let name = crate::diagnostic::ElementRef::new(id, element, component).to_string();
    let mut zero_padded = [b'0', 0];
    let suggestion = match v {
        [d] if d.is_ascii_digit() => {
            zero_padded[1] = *d;
            tables::pos(&zero_padded).map(|place| (&zero_padded[..], place))
        }
        _ => None,
    };
    let label = match suggestion {
        Some((code, place)) => format!(
            "place-of-service codes have two digits: `{}` is {place}",
            shown(code)
        ),
        None if v.len() == 2 && v.iter().all(u8::is_ascii_digit) => {
            "not assigned in the CMS place-of-service code set".to_string()
        }
        None => "expected a two-digit CMS place-of-service code".to_string(),
    };
    checker
        .report_in(
            Rule::InvalidPlaceOfService,
            segment,
            span,
            format!(
                "place of service `{}` in {name} is not a CMS place-of-service code",
                shown(v)
            ),
        )
        .element(id, element, component)
        .label(label)
        .help("send the two-digit CMS code of the place of service, e.g. `11` office, `12` home, `10` telehealth in the patient's home");
}
