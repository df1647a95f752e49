//! What a check receives on each node: the node, and what around it the rules of that
//! node need, worked out once by the dispatcher.

use super::c::Level2Code;
use crate::claim::{Claim, Hl, LoopId, ServiceLine, Sv1, Transaction};
use crate::codes::tables::HcpcsTable;
use crate::grammar::{Finding, LOOPS, LoopDef, Placement};
use crate::x12::{Group, Interchange, Segment, TransactionSet};
use std::cell::OnceCell;

pub use super::x::x023_unsupported_implementation_guide::Guide;

/// An interchange, ISA to IEA.
#[derive(Debug, Clone, Copy)]
pub struct InterchangeNode<'n, 'a> {
    pub interchange: &'n Interchange<'a>,
    /// The first earlier ISA of the file with the same control number (ISA13).
    pub earlier: Option<&'n Segment<'a>>,
}

/// A functional group, GS to GE.
#[derive(Debug, Clone, Copy)]
pub struct GroupNode<'n, 'a> {
    pub group: &'n Group<'a>,
    /// The first earlier GS of the interchange with the same control number (GS06).
    pub earlier: Option<&'n Segment<'a>>,
}

/// A transaction set's envelope, ST to SE.
#[derive(Debug, Clone, Copy)]
pub struct SetNode<'n, 'a> {
    pub group: &'n Group<'a>,
    pub set: &'n TransactionSet<'a>,
    /// What the group's GS08 names.
    pub guide: Guide,
    /// The first earlier ST of the group with the same control number (ST02).
    pub earlier: Option<&'n Segment<'a>>,
}

/// A finding of the loop walker in a transaction set.
#[derive(Debug, Clone, Copy)]
pub struct StructureNode<'n, 'a> {
    pub transaction: &'n Transaction<'a>,
    pub finding: &'n Finding,
}

impl<'n, 'a> StructureNode<'n, 'a> {
    /// The segment the finding is about.
    pub fn segment(&self) -> &'n Segment<'a> {
        &self.transaction.segments[self.finding.segment]
    }

    /// The loop the finding is about (for a missing loop: its parent).
    pub fn loop_def(&self) -> &'static LoopDef {
        &LOOPS[self.finding.loop_index]
    }
}

/// One HL of a transaction set.
#[derive(Debug, Clone, Copy)]
pub struct HlNode<'n, 'a> {
    pub transaction: &'n Transaction<'a>,
    /// Index of the HL in [`Transaction::hls`].
    pub index: usize,
}

impl<'n, 'a> HlNode<'n, 'a> {
    pub fn hl(&self) -> &'n Hl<'a> {
        &self.transaction.hls[self.index]
    }
}

/// One segment of a transaction set. The checker's loop, claim and service line are set
/// for it: the claim as the claim model numbers claims (from its CLM in loop 2300 to the
/// next HL), the line by its LX01 (from its LX in loop 2400 to the next CLM or HL).
#[derive(Debug, Clone, Copy)]
pub struct SegmentNode<'n, 'a> {
    pub transaction: &'n Transaction<'a>,
    /// Index of the segment in [`Transaction::segments`].
    pub index: usize,
    pub segment: &'n Segment<'a>,
    /// The segment's ID, as the pass read it.
    pub id: &'a [u8],
    /// The ID as one number ([`id_key`](super::registry::id_key)): told apart from
    /// another ID by one compare.
    pub key: u32,
}

impl SegmentNode<'_, '_> {
    /// The loop the segment is in.
    pub fn loop_id(&self) -> LoopId {
        self.transaction.loops[self.index]
    }

    /// Where the guide's loop tree placed the segment.
    pub fn placement(&self) -> Placement {
        self.transaction.placements[self.index]
    }

    /// Whether element 1 is `value` (`segment.value(1) == value`), compared in place just
    /// after the ID, without looking for the separators: for a check that most of its
    /// segments leave by their first element.
    #[inline(always)]
    pub fn first_value_is(&self, value: &[u8]) -> bool {
        let (raw, separator) = (self.segment.raw, self.segment.delimiters.element);
        // `id` ends at the first separator (or at the end of the segment).
        let rest = raw.get(self.id.len() + 1..).unwrap_or_default();
        rest.get(..value.len()) == Some(value)
            && rest.get(value.len()).is_none_or(|&b| b == separator)
            && value.iter().all(|&b| b != separator)
    }
}

/// One service line (loop 2400) of a claim.
#[derive(Debug, Clone, Copy)]
pub struct LineNode<'n, 'a> {
    pub claim: &'n Claim<'a>,
    /// Index of the line in [`Claim::lines`].
    pub index: usize,
    pub line: &'n ServiceLine<'a>,
}

/// The SV1 of a service line.
#[derive(Debug)]
pub struct Sv1Node<'n, 'a> {
    pub claim: &'n Claim<'a>,
    pub line: &'n ServiceLine<'a>,
    pub sv1: &'n Sv1<'a>,
    hcpcs: &'n HcpcsTable,
    level2: OnceCell<Option<Level2Code<'n, 'a>>>,
}

impl<'n, 'a> Sv1Node<'n, 'a> {
    pub fn new(
        claim: &'n Claim<'a>,
        line: &'n ServiceLine<'a>,
        sv1: &'n Sv1<'a>,
        hcpcs: &'n HcpcsTable,
    ) -> Self {
        Sv1Node {
            claim,
            line,
            sv1,
            hcpcs,
            level2: OnceCell::new(),
        }
    }

    /// [`Sv1Node::new`] of a line whose Level II code was looked up already: `level2` is
    /// what [`Level2Code::of`] gives for `hcpcs` and `sv1`, as the cross-line rules' view
    /// of the line read it.
    pub fn looked_up(
        claim: &'n Claim<'a>,
        line: &'n ServiceLine<'a>,
        sv1: &'n Sv1<'a>,
        hcpcs: &'n HcpcsTable,
        level2: Option<Level2Code<'n, 'a>>,
    ) -> Self {
        Sv1Node {
            level2: OnceCell::from(level2),
            ..Sv1Node::new(claim, line, sv1, hcpcs)
        }
    }

    /// SV101-2 with its HCPCS Level II record, looked up once for all rules that judge it.
    pub fn level2(&self) -> Option<&Level2Code<'n, 'a>> {
        self.level2
            .get_or_init(|| Level2Code::of(self.hcpcs, self.sv1))
            .as_ref()
    }
}
