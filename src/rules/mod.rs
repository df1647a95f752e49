//! Rules: one file per rule, each with its code, name, severity, documentation and check.
//!
//! The registry is the one code table: [`crate::rule::Rule`] lists the rules in code order,
//! and each rule's file holds its row (`META`): code, name, severity, the nodes it checks,
//! its acknowledgment codes, the elements it owns and its documentation. Codes are never
//! reused or renumbered. Families follow the WEDI SNIP types, so a prefix selects a level:
//! `X` syntax and envelope (SNIP 1), `H` implementation-guide requirements (SNIP 2),
//! `B` balancing (SNIP 3), `S` situational (SNIP 4), `C` code sets (SNIP 5),
//! `P` payer profile (SNIP 7).
//!
//! Rules never parse and never print: they receive typed views from the dispatcher and
//! report through the checker.
//!
//! A check that runs on every service line keeps in `check` only the cheapest test that
//! rules a line out (the code's class and whether SV101-1 is `HC`, both read once by the
//! model; a byte compared in place) and words its finding in a `report` function marked
//! `#[inline(never)]`. The checks on the model's nodes are called directly
//! (`registry::sv1_checks` and its kin); a check that small inlines there and costs a
//! clean line a compare, where a call with its register saves cost 30 to 50 instructions
//! a line whatever it found.

pub(crate) mod b;
pub(crate) mod c;
pub(crate) mod cap;
mod context;
mod dispatch;
pub(crate) mod h;
pub(crate) mod nodes;
pub(crate) mod p;
mod registry;
pub(crate) mod s;
pub(crate) mod x;

pub use crate::rule::{Node, Owned, Part, Rule};
pub(crate) use context::Checker;
pub(crate) use dispatch::check_transaction;
pub use registry::{Ack, ClaimStatus, Family, RuleMeta, Snip};
pub(crate) use registry::{Check, SegmentTable};
/// Run on each transaction set's findings once they are all in (see S020).
pub(crate) use s::s020_date_after_creation::settle as settle_set;

use crate::source::Span;
use crate::x12::Segment;

/// Span of element `n`, or the end of the segment when it is absent.
pub(crate) fn element_span(segment: &Segment<'_>, n: usize) -> Span {
    segment
        .element(n)
        .map_or_else(|| segment.end_span(), |e| e.span())
}

/// An element value for a message, marked as a quote of the file: shown (masked under
/// `--redact`, trailing padding removed, cut to 40 characters) only through a
/// [`crate::redact::View`].
pub(crate) fn shown(value: &[u8]) -> String {
    crate::redact::quote(value)
}

/// The place of service of a line: SV105 when sent, else CLM05-1.
pub fn place_of_service<'a>(
    claim: &crate::claim::Claim<'a>,
    sv1: &crate::claim::Sv1<'a>,
) -> Option<crate::x12::Piece<'a>> {
    sv1.place_of_service()
        .filter(|e| !e.value.is_empty())
        .or_else(|| claim.service_location())?
        .component(1)
}

/// Everything a rule file needs.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub(crate) use super::nodes::{
        GroupNode, HlNode, InterchangeNode, LineNode, SegmentNode, SetNode, StructureNode, Sv1Node,
    };
    pub use super::{Ack, ClaimStatus, Node, Owned, Rule, RuleMeta, Snip};
    pub(crate) use super::{Check, Checker};
    pub(crate) use super::{element_span, place_of_service, shown};
    pub use crate::claim::{Claim, ServiceLine, Sv1, Transaction};
    pub use crate::diagnostic::{Diagnostic, Severity};
    pub use crate::source::Span;
    pub use crate::x12::Segment;
}
