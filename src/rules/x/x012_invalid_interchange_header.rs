//! X012 `invalid-interchange-header`

use super::element_span;
use crate::rules::prelude::*;
use crate::x12::delimiters::{ISA_WIDTHS, IsaHeader};

pub const META: RuleMeta = RuleMeta {
    code: "X012",
    name: "invalid-interchange-header",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Interchange(|c, n| {
        check(c, &n.interchange.isa, &n.interchange.header)
    })],
    summary: "an ISA element has the wrong width or a value outside its code list",
    ack: Ack {
        ta1: Some("022"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks the fixed layout of the ISA (16 elements, each padded to its fixed width) and the
code values of ISA01 (`00`, `03`), ISA03 (`00`, `01`), ISA05 and ISA07 (`01 14 20 27 28 29 30
33 ZZ`), ISA12 (`00501`), ISA14 (`0`, `1`) and ISA15 (`P`, `T`). ISA09/ISA10 and ISA13 have
rules of their own (X013, X014).

## Why does it matter?
Receivers read the ISA by position. A trimmed element shifts every later field, and a wrong
version or qualifier gets the interchange rejected with a TA1 before any claim is looked at.

## Example
```text
ISA*00*          *00*          *ZZ*SUBMITTER01*ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~
```
ISA06 is not padded to 15 characters.

## How to fix
Pad every ISA element with spaces to its fixed width (ISA02/04: 10, ISA06/08: 15,
ISA13: 9 digits) and use the 5010 code values.

## References
ISA segment, elements ISA01–ISA16 (I01–I16, I65); TA1 notes 005–020, 022.
"#,
};

const QUALIFIERS: &[&[u8]] = &[
    b"01", b"14", b"20", b"27", b"28", b"29", b"30", b"33", b"ZZ",
];

/// (element, allowed values, what the element is)
const CODE_LISTS: &[(usize, &[&[u8]], &str)] = &[
    (1, &[b"00", b"03"], "authorization information qualifier"),
    (3, &[b"00", b"01"], "security information qualifier"),
    (5, QUALIFIERS, "interchange ID qualifier"),
    (7, QUALIFIERS, "interchange ID qualifier"),
    (12, &[b"00501"], "interchange control version number"),
    (14, &[b"0", b"1"], "acknowledgment requested flag"),
    (15, &[b"P", b"T"], "usage indicator"),
];

/// X012
pub fn check(checker: &mut Checker, isa: &Segment<'_>, header: &IsaHeader) {
    let count = isa.element_count();
    if count != 16 {
        checker
            .report_in(
                Rule::InvalidInterchangeHeader,
                isa,
                isa.id_span(),
                format!("`ISA` has {count} elements instead of 16"),
            )
            .label("interchange header")
            .help("the ISA has exactly 16 fixed-width elements");
        return;
    }
    if !header.fixed_layout {
        // One finding for the first element off its width: the rest shift with it.
        if let Some(e) = isa
            .elements()
            .find(|e| e.value.len() != ISA_WIDTHS[e.position - 1])
        {
            let width = ISA_WIDTHS[e.position - 1];
            checker
                .report_in(
                    Rule::InvalidInterchangeHeader,
                    isa,
                    e.span(),
                    format!(
                        "ISA{:02} is {} characters wide instead of {width}",
                        e.position,
                        e.value.len()
                    ),
                )
                .element("ISA", e.position, None)
                .label(format!("must be padded to {width} characters"))
                .help("the ISA is fixed-width: pad each element with trailing spaces to its width");
        }
    }
    for &(n, allowed, what) in CODE_LISTS {
        let value = isa.value(n);
        let trimmed = value.trim_ascii_end();
        if allowed.contains(&trimmed) {
            continue;
        }
        let shown = shown(value);
        let list: Vec<String> = allowed
            .iter()
            .map(|v| format!("`{}`", String::from_utf8_lossy(v)))
            .collect();
        let message = if n == 12 {
            format!("ISA12 `{shown}` is not the 5010 version `00501`")
        } else {
            format!("ISA{n:02} `{shown}` is not a valid {what}")
        };
        checker
            .report_in(
                Rule::InvalidInterchangeHeader,
                isa,
                element_span(isa, n),
                message,
            )
            .element("ISA", n, None)
            .label(match list.as_slice() {
                [one] => format!("expected {one}"),
                _ => format!("expected one of {}", list.join(", ")),
            })
            .help(format!("use one of {} in ISA{n:02}", list.join(", ")));
    }
}
