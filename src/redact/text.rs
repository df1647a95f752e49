//! Text that quotes the file: what a rule writes into a message, label or help.
//!
//! A rule quotes a value with [`quote`], which does not copy the value into the text but
//! leaves a mark naming where it is (a slice of the file, or a value the rule computed).
//! The checker turns each mark into a byte range of the file. Nothing but a
//! [`View`](super::View) turns a [`Text`] back into words, and a redacted view holds only
//! the masked copy of the file: output code has no way to an unmasked personal value.

use super::{MAX_QUOTE, View};
use std::fmt;

/// Opens a quote mark. Private-use characters: they never appear in what a rule writes,
/// and one in the file is replaced before it can reach a text.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A value for a message: marks `value` for quoting. The text it returns is only useful
/// inside a [`Text`]; the quote is cut to 40 characters when shown, after masking.
///
/// A value that is a slice of the file being checked is shown from the [`View`], so it
/// is masked or pseudonymised exactly as its element is. A value the rule computed
/// (not a slice of the file) is personal: a redacted view masks it whole.
pub fn quote(value: &[u8]) -> String {
    // Only a computed value needs its text, and only as much as a quote shows: a quote
    // of a 100 MB segment copies 164 bytes, not the segment.
    let shown = &value[..value.len().min((MAX_QUOTE + 1) * 4)];
    let text = String::from_utf8_lossy(shown.trim_ascii_end());
    let mut out = String::with_capacity(MAX_QUOTE + 48);
    out.push(OPEN);
    out.push_str(&format!("{:x}.{:x}.", value.as_ptr() as usize, value.len()));
    push_clean(
        &mut out,
        &text.chars().take(MAX_QUOTE + 1).collect::<String>(),
    );
    out.push(CLOSE);
    out
}

/// Text from a message, label or help, with its quotes as marks.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Text(String);

impl Text {
    /// Appends more words (and quotes) to the text.
    pub fn push_str(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// Appends another text.
    pub fn push_text(&mut self, text: Text) {
        self.0.push_str(&text.0);
    }

    /// Maps the byte range of every quote of the file with `f`.
    pub(crate) fn map_quotes(&mut self, f: &impl Fn(crate::Span) -> crate::Span) {
        if !self.0.contains(OPEN) {
            return;
        }
        let mut out = String::with_capacity(self.0.len());
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find(OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + OPEN.len_utf8()..];
            let Some(close) = after.find(CLOSE) else {
                rest = "";
                break;
            };
            out.push(OPEN);
            match Mark::parse(&after[..close]) {
                Some(Mark::File { offset, len }) => {
                    let s = f(crate::Span::at(offset, len));
                    out.push_str(&format!("@{:x}.{:x}", s.start, s.len()));
                }
                _ => out.push_str(&after[..close]),
            }
            out.push(CLOSE);
            rest = &after[close + CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        self.0 = out;
    }

    /// The text as `view` shows it: each quote from the view's bytes (masked or
    /// pseudonymised under redaction) and cut to 40 characters.
    pub fn show(&self, view: &View<'_>) -> String {
        let mut out = String::with_capacity(self.0.len());
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find(OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + OPEN.len_utf8()..];
            let Some(close) = after.find(CLOSE) else {
                rest = "";
                break;
            };
            match Mark::parse(&after[..close]) {
                Some(Mark::File { offset, len }) => {
                    out.push_str(&view.quote(crate::Span::at(offset, len)));
                }
                Some(Mark::Computed(value)) | Some(Mark::Unresolved(value)) => {
                    out.push_str(&view.computed(value));
                }
                None => {}
            }
            rest = &after[close + CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        out
    }

    /// Turns each quote of a slice of `bytes` into its byte range, and every other quote
    /// into a computed value. Runs once per diagnostic, while the file is at hand.
    pub(crate) fn resolve(&mut self, bytes: &[u8]) {
        if !self.0.contains(OPEN) {
            return;
        }
        let base = bytes.as_ptr() as usize;
        let mut out = String::with_capacity(self.0.len());
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find(OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + OPEN.len_utf8()..];
            let Some(close) = after.find(CLOSE) else {
                rest = "";
                break;
            };
            match Mark::parse(&after[..close]) {
                Some(Mark::Unresolved(value)) => {
                    let (address, len) = address(&after[..close]).unwrap_or((0, 0));
                    out.push(OPEN);
                    match address.checked_sub(base) {
                        Some(offset)
                            if offset
                                .checked_add(len)
                                .is_some_and(|end| end <= bytes.len())
                                && address != 0 =>
                        {
                            out.push_str(&format!("@{offset:x}.{len:x}"));
                        }
                        _ => {
                            out.push('=');
                            out.push_str(value);
                        }
                    }
                    out.push(CLOSE);
                }
                Some(_) => {
                    out.push(OPEN);
                    out.push_str(&after[..close]);
                    out.push(CLOSE);
                }
                None => {}
            }
            rest = &after[close + CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        self.0 = out;
    }

    /// The byte ranges of the file this text quotes.
    pub fn quoted_spans(&self) -> impl Iterator<Item = crate::Span> + '_ {
        self.0
            .split(OPEN)
            .skip(1)
            .filter_map(|m| match Mark::parse(m.split(CLOSE).next()?)? {
                Mark::File { offset, len } => Some(crate::Span::at(offset, len)),
                _ => None,
            })
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(text.to_string())
    }
}

/// Shows the words and where each quote points, never a quoted value.
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = String::new();
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find(OPEN) {
            shown.push_str(&rest[..open]);
            let after = &rest[open + OPEN.len_utf8()..];
            let close = after.find(CLOSE).unwrap_or(after.len());
            match Mark::parse(&after[..close]) {
                Some(Mark::File { offset, len }) => {
                    shown.push_str(&format!("{{{offset}+{len}}}"));
                }
                _ => shown.push_str("{value}"),
            }
            rest = after.get(close + CLOSE.len_utf8()..).unwrap_or("");
        }
        shown.push_str(rest);
        write!(f, "Text({shown:?})")
    }
}

enum Mark<'a> {
    /// `@offset.len`: a slice of the file.
    File { offset: usize, len: usize },
    /// `=value`: a value the rule computed.
    Computed(&'a str),
    /// `address.len.value`: as [`quote`] wrote it, before the checker resolved it.
    Unresolved(&'a str),
}

impl<'a> Mark<'a> {
    fn parse(mark: &'a str) -> Option<Mark<'a>> {
        if let Some(file) = mark.strip_prefix('@') {
            let (offset, len) = file.split_once('.')?;
            return Some(Mark::File {
                offset: usize::from_str_radix(offset, 16).ok()?,
                len: usize::from_str_radix(len, 16).ok()?,
            });
        }
        if let Some(value) = mark.strip_prefix('=') {
            return Some(Mark::Computed(value));
        }
        let mut parts = mark.splitn(3, '.');
        let (_, _, value) = (parts.next()?, parts.next()?, parts.next()?);
        Some(Mark::Unresolved(value))
    }
}

fn address(mark: &str) -> Option<(usize, usize)> {
    let mut parts = mark.splitn(3, '.');
    let address = usize::from_str_radix(parts.next()?, 16).ok()?;
    let len = usize::from_str_radix(parts.next()?, 16).ok()?;
    Some((address, len))
}

/// Copies `text` without the characters that open and close a mark.
fn push_clean(out: &mut String, text: &str) {
    out.extend(text.chars().map(|c| {
        if c == OPEN || c == CLOSE {
            '\u{FFFD}'
        } else {
            c
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::{Redaction, View};

    const FILE: &[u8] = b"NM1*IL*1*DOE*JANE~";

    #[test]
    fn a_quote_of_the_file_becomes_its_byte_range() {
        let mut text = Text::from(format!("name `{}` here", quote(&FILE[9..12])));
        text.resolve(FILE);
        assert_eq!(
            text.quoted_spans().collect::<Vec<_>>(),
            [crate::Span::at(9, 3)]
        );
        assert_eq!(text.show(&View::plain(FILE)), "name `DOE` here");
    }

    #[test]
    fn a_computed_value_is_masked_under_redaction() {
        let computed = b"SMITH".to_vec();
        let mut text = Text::from(format!("`{}`", quote(&computed)));
        text.resolve(FILE);
        assert_eq!(text.show(&View::plain(FILE)), "`SMITH`");
        let redacted = View::redacted(FILE, &Redaction::default());
        assert_eq!(text.show(&redacted), "`#####`");
    }

    #[test]
    fn debug_output_names_positions_not_values() {
        let mut text = Text::from(format!("`{}`", quote(&FILE[9..12])));
        text.resolve(FILE);
        assert_eq!(format!("{text:?}"), "Text(\"`{9+3}`\")");
    }
}
