//! Renderers: human (miette), concise (one line each) and JSON.
//!
//! Renderers take the original bytes and the diagnostics of one file and return text; they
//! never write to a terminal themselves.

pub mod ack;
pub mod claim_ack;
mod display;
pub mod human;
pub mod inspect;
pub mod json;
pub mod sarif;

pub use display::{DisplayIndex, Interchanges};

use crate::diagnostic::Diagnostic;
use crate::redact::View;
use std::borrow::Cow;

/// One line per diagnostic: `file:SEGMENT:COLUMN: CODE [severity] message`, and for a
/// finding inside a claim ` · claim ID (N of M), payer PAYER, billing NPI NPI` after the
/// message.
///
/// The position is the segment ordinal (the line of the human view, where every segment
/// has its own line) and the 1-based byte column inside that segment.
pub fn concise(
    name: &str,
    view: &View<'_>,
    index: &DisplayIndex,
    diagnostics: &[Diagnostic],
) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (line, column) = index.position(d.span.start);
        let claim = d
            .location
            .claim_keys
            .as_ref()
            .map(|k| format!(" · {}", claim_keys(&view.claim(k))))
            .unwrap_or_default();
        out.push_str(&format!(
            "{name}:{line}:{column}: {} [{}] {}{}\n",
            d.code(),
            d.severity,
            terminal_safe(&d.message(view)),
            terminal_safe(&claim)
        ));
    }
    out
}

/// `claim PCN0001 (1 of 12), payer 87726, billing NPI 1234567893`, with whichever keys
/// the claim has.
pub fn claim_keys(c: &crate::redact::ShownClaim) -> String {
    let mut out = match &c.id {
        Some(id) => format!("claim {id} ({} of {})", c.ordinal, c.of),
        None => format!("claim {} of {}", c.ordinal, c.of),
    };
    if let Some(payer) = &c.payer {
        out.push_str(&format!(", payer {payer}"));
    }
    if let Some(npi) = &c.billing_npi {
        out.push_str(&format!(", billing NPI {npi}"));
    }
    out
}

/// Text for a terminal: control characters (a line break or an escape sequence quoted
/// from the file into a message) are written as escapes such as `\n` or `\u{1b}`, so a
/// finding stays on its line and the file cannot drive the terminal.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped_for_terminals() {
        assert_eq!(super::terminal_safe("`a\nb`"), "`a\\nb`");
        assert_eq!(super::terminal_safe("\u{1b}[2J\u{85}"), "\\u{1b}[2J\\u{85}");
        assert!(matches!(
            super::terminal_safe("plain `x`"),
            super::Cow::Borrowed(_)
        ));
    }
}
