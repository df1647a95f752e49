//! X006 `invalid-delimiters`

use crate::rules::prelude::*;
use crate::x12::SyntaxProblem;
use crate::x12::delimiters::{DelimiterKind, DelimiterProblem, IsaHeader};

pub const META: RuleMeta = RuleMeta {
    code: "X006",
    name: "invalid-delimiters",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Syntax(|c, p| {
        if let SyntaxProblem::InvalidDelimiters {
            isa,
            ordinal,
            header,
            problems,
            fatal,
        } = p
        {
            report(c, *isa, *ordinal, header, problems, *fatal);
        }
    })],
    summary: "the ISA's delimiters collide, or are letters, digits or control characters",
    ack: Ack {
        ta1: Some("026"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks the four delimiters the ISA defines: the element separator (the character after
`ISA`), the repetition separator (ISA11), the component separator (ISA16) and the segment
terminator (the character after ISA16). They must be four different characters, none a
letter or digit, and none a control character (only CR or LF may terminate segments);
ISA11 may not be a space either, which names and addresses hold.

## Why does it matter?
A delimiter that is also data splits values in the wrong places. When the element,
component or segment delimiters are unusable the interchange cannot be read and claimlint
skips it; when only ISA11 is wrong (a 4010-style `U`, or a space), the rest is still
checked, read without a repetition separator, so that no value with a space is reported
as repeated (H040).

## Example
```text
ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*U*00501*000000001*0*T*:~
```
ISA11 is `U`, the 004010 standards identifier (U.S. EDI Community); in 005010 ISA11 is
the repetition separator.

## How to fix
Send a repetition separator in ISA11 (`^`) when the header was written for 004010. Use
distinct punctuation characters, e.g. `*` elements, `^` repetitions, `:` components and
`~` segments.

## References
ISA11 (I65 repetition separator), ISA16 (I15 component element separator).
"#,
};

fn offset(header: &IsaHeader, kind: DelimiterKind) -> usize {
    match kind {
        DelimiterKind::Element => 3,
        DelimiterKind::Repetition => header.isa11_offset,
        DelimiterKind::Component => header.isa16_offset,
        DelimiterKind::Segment => header.isa16_offset + 1,
    }
}

fn show(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("`{}`", byte as char)
    } else {
        format!("0x{byte:02X}")
    }
}

/// X006: `isa` is the ISA segment, the `ordinal`th of the file when its interchange is
/// read.
pub fn report(
    checker: &mut Checker,
    isa: Span,
    ordinal: Option<usize>,
    header: &IsaHeader,
    problems: &[DelimiterProblem],
    fatal: bool,
) {
    let Some(first) = problems.first() else {
        return;
    };
    let consequence = if fatal {
        "; the interchange cannot be read"
    } else {
        ""
    };
    // A 4010 header with a 5010 version: ISA11 still holds the standards identifier.
    let standards_identifier = matches!(
        *first,
        DelimiterProblem::Alphanumeric(DelimiterKind::Repetition, b'U')
    );
    let (kind, message) = match *first {
        _ if standards_identifier => (
            DelimiterKind::Repetition,
            format!(
                "ISA11 is `U`, the 004010 standards identifier; in 005010 ISA11 is the repetition separator (e.g. `^`){consequence}"
            ),
        ),
        DelimiterProblem::Alphanumeric(k, b) => (
            k,
            format!("{} {} is a letter or digit{consequence}", k.name(), show(b)),
        ),
        DelimiterProblem::Control(k, b) => (
            k,
            format!(
                "{} {} is a control character{consequence}",
                k.name(),
                show(b)
            ),
        ),
        DelimiterProblem::Space(k) => (
            k,
            format!(
                "{} is a space, which names and addresses hold: each would read as repeated; read without a repetition separator",
                k.name()
            ),
        ),
        DelimiterProblem::Collision(a, b, byte) => (
            b,
            format!(
                "{} and {} are both {}{consequence}",
                a.name(),
                b.name(),
                show(byte)
            ),
        ),
    };
    let at = |k| Span::at(isa.start + offset(header, k), 1);
    let primary = at(kind);
    let d = checker.report(Rule::InvalidDelimiters, primary, message);
    d.location.segment_id = Some("ISA".into());
    d.location.segment_ordinal = ordinal;
    // The repetition and component separators are elements of the ISA; the element
    // separator and the terminator are the bytes around them.
    match kind {
        DelimiterKind::Repetition => {
            d.element("ISA", 11, None);
        }
        DelimiterKind::Component => {
            d.element("ISA", 16, None);
        }
        DelimiterKind::Element | DelimiterKind::Segment => {}
    }
    d.label(if standards_identifier {
        "standards identifier, not a repetition separator"
    } else {
        "invalid delimiter"
    });
    for p in problems {
        match *p {
            DelimiterProblem::Collision(a, b, _) => {
                if at(a) != primary {
                    d.secondary(at(a), format!("{} defined here", a.name()));
                }
                if at(b) != primary {
                    d.secondary(at(b), format!("{} defined here", b.name()));
                }
            }
            DelimiterProblem::Alphanumeric(k, _)
            | DelimiterProblem::Control(k, _)
            | DelimiterProblem::Space(k) => {
                if at(k) != primary {
                    d.secondary(at(k), format!("{} is also invalid", k.name()));
                }
            }
        }
    }
    let isa11_alone = standards_identifier || matches!(first, DelimiterProblem::Space(_));
    if isa11_alone && problems.len() == 1 {
        d.help("send a repetition separator in ISA11, a punctuation character used nowhere else in the file, e.g. `^`");
    } else {
        d.help("use four distinct punctuation characters, e.g. `*` elements, `^` repetitions (ISA11), `:` components (ISA16) and `~` segments");
    }
}
