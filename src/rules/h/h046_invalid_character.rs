//! H046 `invalid-character`

use crate::grammar::elements::ElementFinding;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H046",
    name: "invalid-character",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "an element value contains a character outside the X12 character sets (a byte from 0x80 up, such as `É`)",
    ack: Ack {
        ik403: Some("6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports an element value that holds a byte from 0x80 up: a letter with an accent or a tilde
(`É`, `Ñ`), a typographic apostrophe or dash, written in UTF-8 (`É` is the two bytes
0xC3 0x89) or in a one-byte code page such as Latin-1 or Windows-1252 (`É` is 0xC9). The
X12 basic character set (upper-case letters, digits, space and `!"&'()*+,-./:;?=`) and
the extended set of 5010 (lower-case letters, `% @ [ ] _ { } \ | < > ~ ^ # $` and the
grave accent) hold every printable ASCII character and nothing beyond it.

One finding per element or component, however many such characters it holds; the
message names the first by its bytes (a UTF-8 character as the bytes that encode it),
never the value, which is often a name. Control characters are H042's. Like H042, it
looks at the values of the segments from `BHT` on that the guide places, not at the
envelope segments (`ISA`, `GS`, `ST` and their trailers).

## Why does it matter?
Front ends that check the character set reject the transaction set (IK403 `6`, invalid
character), as pyx12 does. X12.6 lets trading partners agree on further "language"
characters, so some receivers accept them; but a receiver that reads the file in
another encoding turns `É` into `Ã‰` or a replacement mark, and the name no longer
matches the member's on file.

## Example
```text
NM1*IL*1*CASTAÑEDA*JANE****MI*XJD000000001~
```

## How to fix
Write the value with the X12 character sets: the letter without its accent (`N` for
`Ñ`), a plain apostrophe (`'`) for a typographic one. Send language characters only to a
receiver that has agreed to take them, and then ignore this rule (`--ignore H046`).

## References
X12.6 Application Control Structure, basic and extended character sets; X12 RFI 2212
(language characters by agreement of the trading partners); pyx12's 5010 character set
check.
"#,
};

/// The first character of `value` outside the X12 character sets, as its bytes (one byte,
/// or the bytes of one UTF-8 character), and how many such characters `value` holds.
fn invalid_characters(value: &[u8]) -> Option<(&[u8], usize)> {
    let mut first = None;
    let mut count = 0;
    let mut at = 0;
    while at < value.len() {
        if value[at] < 0x80 {
            at += 1;
            continue;
        }
        let width = utf8_width(&value[at..]);
        first.get_or_insert(&value[at..at + width]);
        count += 1;
        at += width;
    }
    first.map(|f| (f, count))
}

/// The length of the UTF-8 character `rest` starts with, or 1 when it starts with a
/// byte that does not begin one (a Latin-1 `É`, a stray continuation byte).
fn utf8_width(rest: &[u8]) -> usize {
    (2..=4.min(rest.len()))
        .find(|&n| std::str::from_utf8(&rest[..n]).is_ok())
        .unwrap_or(1)
}

pub fn report<'c>(
    checker: &'c mut Checker,
    segment: &Segment<'_>,
    f: &ElementFinding,
) -> &'c mut Diagnostic {
    let value = checker
        .bytes()
        .get(f.span.start..f.span.end)
        .unwrap_or_default();
    let (character, count) = invalid_characters(value).unwrap_or((&[], 0));
    let hex: Vec<String> = character.iter().map(|b| format!("0x{b:02X}")).collect();
    let what = match hex.as_slice() {
        [one] => format!("the byte {one}"),
        more => format!("the UTF-8 character {}", more.join(" ")),
    };
    let message = match count {
        0 | 1 => format!(
            "{} contains {what}, which is not in the X12 character sets",
            f.def.reference
        ),
        n => format!(
            "{} contains {what} and {} more character{} not in the X12 character sets",
            f.def.reference,
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    checker
        .report_in(Rule::InvalidCharacter, segment, f.span, message)
        .label("not in the X12 basic or extended character set")
        .help("write the value in the X12 character sets (a letter without its accent, a plain apostrophe), or send language characters only to a receiver that agreed to take them")
}

#[cfg(test)]
mod tests {
    use super::invalid_characters;

    #[test]
    fn characters_by_their_bytes() {
        // UTF-8 `É`: one character of two bytes.
        assert_eq!(
            invalid_characters(b"REN\xc3\x89"),
            Some((&b"\xc3\x89"[..], 1))
        );
        // Latin-1 `É` and `Ñ`: one byte each.
        assert_eq!(
            invalid_characters(b"REN\xc9 CASTA\xd1EDA"),
            Some((&b"\xc9"[..], 2))
        );
        // A typographic apostrophe (three bytes), then a stray continuation byte.
        assert_eq!(
            invalid_characters(b"O\xe2\x80\x99BRIEN\x89"),
            Some((&b"\xe2\x80\x99"[..], 2))
        );
        // A UTF-8 lead byte cut off by the end of the value.
        assert_eq!(invalid_characters(b"AB\xc3"), Some((&b"\xc3"[..], 1)));
        assert_eq!(invalid_characters(b"PLAIN ASCII ~^`{}"), None);
    }
}
