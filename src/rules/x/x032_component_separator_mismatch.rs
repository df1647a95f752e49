//! X032 `component-separator-mismatch`

use crate::rules::prelude::*;
use crate::x12::TransactionSet;

pub const META: RuleMeta = RuleMeta {
    code: "X032",
    name: "component-separator-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Syntax)],
    summary: "the composites of a transaction set use another component separator than ISA16",
    ack: Ack {
        ik403: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Looks at the composites every claim writes, `CLM05` (place of service, `11:B:1`), the
diagnosis `HI` (`ABK:J029`) and `SV101` (`HC:99213`), and reports a transaction set whose
composites are all written with another character than the component separator the ISA
declares (ISA16), for example `11>B>1` where ISA16 is `:`. The finding is given once per
transaction set, on the first such composite. claimlint then reads the transaction set
with the separator its composites use, so the values are still checked and the code-set
rules do not report each garbled value again.

## Why does it matter?
A receiver splits composites on ISA16 only: `HC>99213` is one value, neither the
qualifier `HC` nor the code `99213`, so every composite of every claim is invalid and the
transaction set is rejected.

## Example
```text
ISA*00*...*^*00501*000000101*0*T*:~
...
CLM*PCN0001*150***11>B>1*Y*A*Y*Y~
HI*ABK>J029~
SV1*HC>99213*100*UN*1***1~
```

## How to fix
Write composites with the ISA16 character, or declare the character the composites use
in ISA16.

## References
ISA16 (component element separator); X12.6 composite data structures.
"#,
};

/// How many segments of a set are looked at for composites: every claim writes CLM, HI
/// and SV1 within its first few dozen segments.
const LOOK_AT: usize = 400;

/// The component separator the composites of `set` use, when it is not the declared one and
/// no composite uses the declared one: `(separator, first segment using it, its element)`.
pub fn detect<'a>(bytes: &'a [u8], set: &TransactionSet<'a>) -> Option<(u8, Segment<'a>, usize)> {
    let d = set.st.delimiters;
    let mut found: Option<(u8, Segment<'a>, usize)> = None;
    let mut evidence = 0;
    for segment in set.segments(bytes).take(LOOK_AT) {
        let (element, qualifier_len): (usize, &[usize]) = match segment.id() {
            b"CLM" => (5, &[2]),
            b"SV1" => (1, &[2]),
            b"HI" => (1, &[2, 3]),
            _ => continue,
        };
        let value = segment.value(element);
        if value.contains(&d.component) {
            // The declared separator is in use: nothing to recover.
            return None;
        }
        let separator = qualifier_len.iter().find_map(|&n| {
            let b = *value.get(n)?;
            let prefix_ok = value[..n].iter().all(u8::is_ascii_alphanumeric);
            let plausible = !b.is_ascii_alphanumeric()
                && !b.is_ascii_whitespace()
                && !b.is_ascii_control()
                && b != d.element
                && b != d.segment
                && Some(b) != d.repetition
                && b.is_ascii();
            (prefix_ok && plausible && value.len() > n + 1).then_some(b)
        });
        match (separator, found) {
            (Some(b), None) => found = Some((b, segment, element)),
            (Some(b), Some((first, ..))) if b != first => return None,
            _ => {}
        }
        if separator.is_some() {
            evidence += 1;
            if evidence == 3 {
                break;
            }
        }
    }
    found
}

/// X032, once per transaction set.
pub fn report(checker: &mut Checker, segment: &Segment<'_>, element: usize, separator: u8) {
    let declared = segment.delimiters.component;
    let (used, declared) = (
        char::from(separator).to_string(),
        char::from(declared).to_string(),
    );
    let id = segment.id_str();
    checker
        .report_in(
            Rule::ComponentSeparatorMismatch,
            segment,
            element_span(segment, element),
            format!(
                "composites in this transaction set are written with `{used}`, but the component separator (ISA16) is `{declared}`"
            ),
        )
        .element(&id, element, None)
        .label(format!("split with `{used}`"))
        .help(format!(
            "write composites with `{declared}`, or declare `{used}` in ISA16; claimlint read this transaction set with `{used}`"
        ));
}
