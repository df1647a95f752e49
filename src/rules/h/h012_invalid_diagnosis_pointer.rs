//! H012 `invalid-diagnosis-pointer`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H012",
    name: "invalid-diagnosis-pointer",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Sv1(|c, n| check(c, n.sv1))],
    summary: "SV107 has no first pointer, a pointer that is not `1`–`12`, or more than 4 pointers",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::element("SV1", 7)],
    doc: r#"## What it does
Checks the format of the composite diagnosis code pointer SV107 of every service line. The
first pointer SV107-1 is required. Each pointer is a whole number from `1` to `12`, written
without leading zeros or decimals (`01` and `1.00` are not valid codes). A line has at most
4 pointers. Whether a pointer matches a diagnosis of the claim is checked by S003.

## Why does it matter?
The pointers link the line to the diagnoses that justify it, and the primary one is
required for payment. Receivers read them as codes from a fixed list, so a pointer in
another form is an invalid code value, and a fifth pointer is a component too many: both
are rejected in the 999.

## Example
```text
SV1*HC:99213*100*UN*1***01:2~
```

## How to fix
Send one to four pointers, most important first, each the position (`1`–`12`) of a
diagnosis in the claim's HI segment, separated by the component separator: `1:2`.

## References
Loop 2400 SV107 composite diagnosis code pointer (data element 1328); loop 2300 HI.
"#,
};

/// H012
pub fn check(checker: &mut Checker, sv1: &Sv1<'_>) {
    // One to four plain pointers, read in place: nothing to report, no piece to build.
    if sv1.plain_pointers().is_some() {
        return;
    }
    report(checker, sv1);
}

/// [`check`] of pointers not in the usual form: what is wrong with them, if anything. Out
/// of line, so that the test above inlines into the SV1 dispatch.
#[inline(never)]
fn report(checker: &mut Checker, sv1: &Sv1<'_>) {
    let segment = &sv1.segment;
    let first = sv1.pointers().and_then(|e| e.component(1));
    if first.is_none_or(|p| p.is_empty()) {
        let span = first.map_or_else(|| element_span(segment, 7), |p| p.span());
        checker
            .report_in(
                Rule::InvalidDiagnosisPointer,
                segment,
                span,
                "SV107-1 primary diagnosis pointer is missing",
            )
            .element("SV1", 7, Some(1))
            .label("expected a pointer from `1` to `12`")
            .help("point SV107-1 at the line's primary diagnosis: `1` for the first code in the claim's HI, `2` for the second…");
    }
    let Some(pointers) = sv1.pointers() else {
        return;
    };
    let mut count = 0;
    for p in pointers.components() {
        count = p.position;
        if p.is_empty() {
            continue;
        }
        let Some((message, label)) = problem(p.value) else {
            continue;
        };
        checker
            .report_in(Rule::InvalidDiagnosisPointer, segment, p.span(), message)
            .element("SV1", 7, Some(p.position))
            .label(label)
            .help("send each pointer as a whole number from `1` to `12`, the position of a diagnosis in the claim's HI segment");
    }
    if count > 4
        && let Some(fifth) = pointers.component(5)
    {
        let end = pointers.start + pointers.value.len();
        checker
            .report_in(
                Rule::InvalidDiagnosisPointer,
                segment,
                Span::at(fifth.start, end - fifth.start),
                format!("SV107 has {count} diagnosis pointers; at most 4 are allowed"),
            )
            .element("SV1", 7, Some(5))
            .label("more than 4 pointers")
            .help("keep the 4 diagnoses that matter most for this line; the claim's HI can still list up to 12");
    }
}

/// What is wrong with a non-empty pointer: the message and the label.
fn problem(value: &[u8]) -> Option<(String, String)> {
    // The happy path: `1`…`12`, decided without allocating.
    if let [b'1'..=b'9'] | [b'1', b'0'..=b'2'] = value {
        return None;
    }
    let text = shown(value);
    let range = "expected `1` to `12`".to_string();
    if value.iter().all(u8::is_ascii_digit) {
        let digits = std::str::from_utf8(value).ok()?.trim_start_matches('0');
        let n: Option<u32> = if digits.len() > 2 {
            None
        } else {
            Some(digits.parse().unwrap_or(0))
        };
        return match n {
            Some(n @ 1..=12) if value[0] == b'0' => Some((
                format!("diagnosis pointer `{text}` has a leading zero"),
                format!("expected `{n}`"),
            )),
            Some(1..=12) => None,
            _ => Some((format!("diagnosis pointer `{text}` is out of range"), range)),
        };
    }
    let whole = value
        .iter()
        .position(|&b| b == b'.')
        .filter(|&dot| {
            dot > 0
                && value[..dot].iter().all(u8::is_ascii_digit)
                && value[dot + 1..].iter().all(|&b| b == b'0')
        })
        .and_then(|dot| std::str::from_utf8(&value[..dot]).ok()?.parse::<u32>().ok())
        .filter(|n| (1..=12).contains(n));
    if let Some(n) = whole {
        return Some((
            format!("diagnosis pointer `{text}` is not a whole number"),
            format!("expected `{n}`"),
        ));
    }
    if value.first().is_some_and(u8::is_ascii_uppercase) {
        return Some((
            format!("diagnosis pointer `{text}` is not a number"),
            "looks like a diagnosis code; SV107 holds positions in HI".to_string(),
        ));
    }
    Some((format!("diagnosis pointer `{text}` is not a number"), range))
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn pointers() {
        for ok in ["1", "9", "10", "12"] {
            assert!(problem(ok.as_bytes()).is_none(), "{ok}");
        }
        for bad in [
            "0", "00", "13", "01", "012", "1.00", "1.5", "A", "J029", "-1", "100",
        ] {
            assert!(problem(bad.as_bytes()).is_some(), "{bad}");
        }
        assert_eq!(problem(b"01").unwrap().1, "expected `1`");
        assert_eq!(problem(b"2.0").unwrap().1, "expected `2`");
    }
}
