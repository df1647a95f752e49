//! The X12 syntax layer: delimiters, segments, data types and the interchange envelope.
//!
//! Knows nothing of the 837P: it reads any X12 interchange. Everything is borrowed from the
//! input bytes; spans are offsets into the original file.

pub mod delimiters;
pub mod envelope;
pub mod hl;
pub mod segment;
pub mod unwrap;
pub mod values;
pub(crate) mod words;

pub use delimiters::Delimiters;
pub use envelope::{Document, Group, Interchange, Level, SyntaxProblem, TransactionSet, parse};
pub use segment::{Element, Piece, Segment, Segments, Separators};
