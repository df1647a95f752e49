//! The walker's answer: where each segment was placed, and where the transaction set
//! departs from the guide's structure.

use crate::grammar::{LOOPS, SegmentDef};

/// Where one segment of the transaction set was placed. Four bytes: the model keeps one
/// per segment, and a large transaction set has hundreds of thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    loop_index: u8,
    /// [`NO_USE`] when the segment matched no use.
    use_index: u8,
    /// False when the segment was placed by its ID alone and its qualifier fits none of
    /// the uses here (reported once, as [`FindingKind::UnexpectedQualifier`]).
    pub qualified: bool,
    /// The segment opened its loop instance although it is not the loop's trigger (an
    /// `SV1` with no `LX` before it starts a new service line).
    pub opened: bool,
}

const NO_USE: u8 = u8::MAX;

impl Placement {
    pub(super) fn new(loop_index: usize, segment: Option<usize>, qualified: bool) -> Self {
        // The grammar has 39 loops of at most 48 uses (see the tests below).
        Placement {
            loop_index: loop_index as u8,
            use_index: segment.map_or(NO_USE, |u| u as u8),
            qualified,
            opened: false,
        }
    }

    /// The same placement, for a segment that opened its loop instance in place of the
    /// missing trigger.
    pub(super) fn opening(self) -> Self {
        Placement {
            opened: true,
            ..self
        }
    }

    /// Index into [`LOOPS`] of the loop the segment belongs to.
    pub fn loop_index(&self) -> usize {
        self.loop_index.into()
    }

    /// Index into that loop's segments of the use it matched; `None` when it matched
    /// none (unknown, unexpected, or an envelope segment).
    pub fn segment(&self) -> Option<usize> {
        (self.use_index != NO_USE).then_some(self.use_index.into())
    }

    pub fn loop_id(&self) -> &'static str {
        LOOPS[self.loop_index()].id
    }

    pub fn definition(&self) -> Option<&'static SegmentDef> {
        LOOPS[self.loop_index()].segments.get(self.segment()?)
    }
}

/// A departure from the guide's structure. `segment` is the index of the segment it is
/// about in the transaction set (ST = 0): for a missing segment or loop, the first
/// segment of the loop instance that lacks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub segment: usize,
    /// The loop the finding is about (for a missing loop: its parent).
    pub loop_index: usize,
    /// For a missing segment or loop: the first segment of the loop instance that fit
    /// nowhere (an unknown or misplaced segment standing where the missing one would be).
    pub near: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// The segment ID is not one of the 837P.
    UnknownSegment { skipped: usize },
    /// An 837P segment where the guide has no place for it. `unstarted` is a child loop of
    /// an open loop that has this segment but whose trigger never came (an `SV1` without
    /// its `LX`: loop 2400).
    /// `opened`: the segment started that loop in place of its trigger, and the loop was
    /// read from there on (see [`crate::grammar::Walker`]).
    UnexpectedSegment {
        skipped: usize,
        unstarted: Option<usize>,
        opened: bool,
    },
    /// A segment of the loop that comes before the loop's current position, or after its
    /// child loops have begun.
    OutOfOrder,
    /// A loop that starts after a sibling loop the guide places later (a 2410 after its
    /// line's 2430). `segment` is the loop's first segment; `before` is the sibling (an
    /// index into [`LOOPS`]) whose first occurrence it should precede, and `before_segment`
    /// where that occurrence starts. The loop is still placed in its parent.
    LoopOutOfOrder {
        before: usize,
        before_segment: usize,
    },
    /// The segment's ID fits here, but its qualifier (`NM101`, `REF01`, `HL03` ...) is
    /// none of those the guide allows for it here.
    UnexpectedQualifier,
    /// A segment use occurs more often than its maximum use (reported once per loop).
    SegmentRepeat { max: u32 },
    /// A loop occurs more often than its repeat (reported once per parent).
    LoopRepeat { child: usize, max: u32 },
    /// A required segment of the loop instance is absent.
    MissingSegment { use_index: usize },
    /// A required child loop of the loop instance is absent.
    MissingLoop { child: usize },
}

/// The walker's answer for one transaction set.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub findings: Vec<Finding>,
}
