//! The implementation guide as data: the code twin of the top-level `grammar/` folder.
//!
//! `build.rs` turns `grammar/*.toml` into the static [`LOOPS`] table: every loop of the
//! 005010X222A1 transaction set, its segments in guide order with usage and maximum use,
//! each element's X12 data type, length, usage and code list, and the segment's syntax
//! notes. The structure walker ([`walk`]) and the element checks ([`elements`]) read only
//! this table, and the loop model in [`crate::claim`] is built from the walker's answer,
//! so the guide has one source of truth.

pub mod elements;
mod walk;

pub use walk::{Finding, FindingKind, Placement, Structure, Walker};

mod tables {
    use super::elements::compiled;
    use super::{
        ChildLoop, DataType, ElementDef, LoopDef, Qualifier, SegmentDef, SyntaxKind, SyntaxNote,
        Usage, key,
    };
    include!(concat!(env!("OUT_DIR"), "/grammar.rs"));
}

pub use tables::{LOOPS, SEGMENT_IDS};

/// A short value packed into one integer: its bytes, and its length in the top byte.
/// Segment IDs and the guide's codes (at most 12 characters) are compared as keys, one
/// integer comparison instead of a byte-string comparison per candidate; a value longer
/// than 15 bytes gets a key no code has.
pub const fn key(bytes: &[u8]) -> u128 {
    if bytes.len() > 15 {
        return u128::MAX;
    }
    let mut k = (bytes.len() as u128) << 120;
    let mut i = 0;
    while i < bytes.len() {
        k |= (bytes[i] as u128) << (8 * i);
        i += 1;
    }
    k
}

/// The set bits of `mask`, lowest first: walks the grammar's bit sets (required
/// elements, candidate segment uses) without testing every position.
fn bits(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let bit = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            bit
        })
    })
}

/// The loop every transaction set starts in: `BHT`, then 1000A, 1000B and 2000A.
pub const ROOT: usize = 0;

/// R, S or N in the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    Required,
    Situational,
    NotUsed,
}

/// The X12 data type of a simple element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    /// String.
    An,
    /// Identifier: a value from a code list.
    Id,
    /// Integer without decimal point.
    N0,
    /// Decimal number.
    R,
    /// Date, `CCYYMMDD`.
    Dt,
    /// Time, `HHMM[SS[d..]]`.
    Tm,
    /// A composite: the element is made of components.
    Composite,
}

impl DataType {
    pub fn as_str(self) -> &'static str {
        match self {
            DataType::An => "AN",
            DataType::Id => "ID",
            DataType::N0 => "N0",
            DataType::R => "R",
            DataType::Dt => "DT",
            DataType::Tm => "TM",
            DataType::Composite => "composite",
        }
    }
}

/// An element (or a component of a composite) as one segment use defines it.
#[derive(Debug)]
pub struct ElementDef {
    /// `NM101`, `SV101-2`.
    pub reference: &'static str,
    /// 1-based position in the segment.
    pub position: u8,
    /// 1-based position in the composite; 0 for an element.
    pub component: u8,
    /// X12 data element number (`98`), or the composite's (`C003`).
    pub number: &'static str,
    pub data_type: DataType,
    pub min: u16,
    pub max: u16,
    pub usage: Usage,
    /// An external code list (`pos`, `states`, `country`), checked elsewhere if at all.
    pub external: Option<&'static str>,
    /// The guide's code list for an ID element; empty when it has none.
    pub codes: &'static [&'static str],
    /// `codes` as [`key`]s, for [`ElementDef::accepts`].
    pub keys: &'static [u128],
    pub components: &'static [ElementDef],
    /// Bit `n` is set when component `n` is required.
    pub required: u64,
}

/// The X12 syntax note types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// `P`: all or none of the elements.
    Paired,
    /// `R`: at least one of the elements.
    RequiredOne,
    /// `E`: at most one of the elements.
    Exclusive,
    /// `C`: if the first is present, all the others are required.
    Conditional,
    /// `L`: if the first is present, at least one of the others is required.
    ListConditional,
}

#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxNote {
    /// As the standard writes it: `P0809`.
    pub text: &'static str,
    pub kind: SyntaxKind,
    /// 1-based element positions.
    pub positions: &'static [u8],
}

/// The element that tells apart uses of one segment ID in a loop (`REF01`, `HI01-1`), or
/// loops that start with the same segment (`NM101`, `HL03`), as `grammar/` names it.
#[derive(Debug)]
pub struct Qualifier {
    pub element: u8,
    /// 0 for a simple element.
    pub component: u8,
    pub codes: &'static [&'static str],
    /// `codes` as [`key`]s.
    pub keys: &'static [u128],
}

impl Qualifier {
    /// The qualifier's value in `segment` (empty when absent).
    pub fn value<'a>(&self, segment: &crate::x12::Segment<'a>) -> &'a [u8] {
        let element = segment.element(self.element.into());
        match self.component {
            0 => element.map_or(&[][..], |e| e.value),
            c => element
                .and_then(|e| e.component(c.into()))
                .map_or(&[][..], |p| p.value),
        }
    }

    /// Whether `value` is one of the qualifier's codes.
    pub fn accepts(&self, value: &[u8]) -> bool {
        self.keys.contains(&key(value))
    }
}

impl ElementDef {
    /// Whether `value` is in the element's code list (false when it has none).
    pub fn accepts(&self, value: &[u8]) -> bool {
        self.keys.contains(&key(value))
    }
}

/// One use of a segment in a loop.
#[derive(Debug)]
pub struct SegmentDef {
    pub id: &'static str,
    /// `id` as a [`key`].
    pub key: u128,
    /// The guide's position number, e.g. `0150`.
    pub position: &'static str,
    /// `position` as a number, for the walker's comparisons.
    pub order: u16,
    pub usage: Usage,
    /// `None` is unbounded (`>1`).
    pub max_use: Option<u32>,
    pub elements: &'static [ElementDef],
    /// Bit `n` is set when element `n` is required.
    pub required: u64,
    pub syntax: &'static [SyntaxNote],
    pub qualifier: Option<Qualifier>,
    /// The use's element checks, generated from the fields above (see [`elements::check`]).
    pub(crate) check: elements::compiled::Check,
}

/// A loop: its segments in order and its child loops.
#[derive(Debug)]
pub struct LoopDef {
    pub id: &'static str,
    pub name: &'static str,
    pub segments: &'static [SegmentDef],
    pub children: &'static [ChildLoop],
}

/// A child loop as its parent uses it: 2300 is situational under 2000B and required
/// under 2000C.
#[derive(Debug)]
pub struct ChildLoop {
    /// Index into [`LOOPS`].
    pub index: usize,
    pub usage: Usage,
    /// `None` is unbounded (`>1`).
    pub repeat: Option<u32>,
}

impl LoopDef {
    /// The segment that starts the loop.
    pub fn trigger(&self) -> &'static SegmentDef {
        &self.segments[0]
    }
}

impl SegmentDef {
    /// Whether `segment`'s qualifier value is one this use accepts (always, without one).
    pub fn qualifier_matches(&self, segment: &crate::x12::Segment<'_>) -> bool {
        let Some(q) = &self.qualifier else {
            return true;
        };
        q.accepts(q.value(segment))
    }

    /// Whether every simple element with a code list that `segment` sends holds one of
    /// its codes; tells apart uses whose qualifiers overlap (PWK01 `CT` in 2400).
    pub fn codes_match(&self, segment: &crate::x12::Segment<'_>) -> bool {
        segment.elements().all(|e| {
            e.is_empty()
                || self.element(e.position).is_none_or(|d| {
                    d.codes.is_empty() || d.data_type == DataType::Composite || d.accepts(e.value)
                })
        })
    }

    /// The definition of element `position` (1-based).
    pub fn element(&self, position: usize) -> Option<&'static ElementDef> {
        self.elements.get(position.checked_sub(1)?)
    }
}

/// Whether `id` is a segment of the 837P at all.
pub fn is_known_segment(id: &[u8]) -> bool {
    SEGMENT_IDS.iter().any(|s| s.as_bytes() == id)
}

/// Whether a segment with ID `id` (and a qualifier `qualifies` accepts) starts child loop
/// `c` when the loop's trigger is missing: the loop may repeat, is not an HL loop, and the
/// segment is its required second segment, used once. In the 837P that is an `SV1` with
/// no `LX` before it (loop 2400); the walker reads it as a new service line.
pub(crate) fn starts_without_trigger(
    c: &ChildLoop,
    id: &[u8],
    qualifies: impl Fn(&SegmentDef) -> bool,
) -> bool {
    let l = &LOOPS[c.index];
    let [trigger, second, ..] = l.segments else {
        return false;
    };
    c.repeat != Some(1)
        && trigger.id != "HL"
        && second.usage == Usage::Required
        && second.max_use == Some(1)
        && second.id.as_bytes() == id
        && qualifies(second)
}

/// The loop with ID `id`.
pub fn loop_by_id(id: &str) -> Option<usize> {
    LOOPS.iter().position(|l| l.id == id)
}

/// The X12 data element number of element `position` (and component) of segment `id`,
/// for the 999's IK402. The same for every use of the segment.
pub fn data_element_number(
    id: &str,
    position: usize,
    component: Option<usize>,
) -> Option<&'static str> {
    let def = LOOPS
        .iter()
        .flat_map(|l| l.segments.iter())
        .find(|s| s.id == id)?
        .element(position)?;
    match component {
        Some(c) if def.data_type == DataType::Composite => {
            def.components.get(c.checked_sub(1)?).map(|c| c.number)
        }
        _ => Some(def.number),
    }
}
