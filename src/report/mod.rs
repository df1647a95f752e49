//! Renderers: human (miette), concise (one line each) and JSON.
//!
//! Renderers take the original bytes and the diagnostics of one file and return text; they
//! never write to a terminal themselves.

pub mod ack;
mod display;
pub mod human;
pub mod inspect;
pub mod json;
pub mod sarif;

pub use display::DisplayIndex;

use crate::diagnostic::Diagnostic;

/// One line per diagnostic: `file:SEGMENT:COLUMN: CODE message`.
///
/// The position is the segment ordinal (the line of the human view, where every segment
/// has its own line) and the 1-based byte column inside that segment.
pub fn concise(name: &str, index: &DisplayIndex, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (line, column) = index.position(d.span.start);
        out.push_str(&format!(
            "{name}:{line}:{column}: {} [{}] {}\n",
            d.code(),
            d.severity,
            d.message
        ));
    }
    out
}
