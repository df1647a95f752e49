//! Places each segment of a transaction set in the guide's loop tree, and notes where the
//! file departs from it (SNIP 2 structure).
//!
//! The walker keeps a stack of open loop instances. For each segment it looks, from the
//! innermost open loop outwards, for a segment use with the same ID and qualifier at or
//! after the loop's current position, or a child loop that the segment starts. When
//! nothing matches exactly, a use the loop has already passed means the segment is out of
//! order; failing that, the same segment ID with another qualifier is accepted (one
//! finding about the qualifier). A segment that
//! fits nowhere is reported once; the segments after it that fit nowhere either are
//! absorbed into that finding until one fits again. What the loop it appeared in lacks is
//! still reported (a front end reports both), linked to the segment that fit nowhere, which
//! is often the missing one mistyped (`Nd4` for `N4`). A segment of a child loop whose
//! trigger is missing is one finding that names the loop that never started, and that
//! loop is not reported missing again. When the segment is the one that follows the
//! trigger in a loop that repeats (an `SV1` without its `LX`), the loop is opened there as
//! if its trigger had come, so the rest of the line is placed and checked, and a second
//! line is not read as part of the first.
//!
//! The common case is table lookups (`index.rs`): the segment's ID and qualifier value
//! become a key, read from the segment's first bytes and a word of its qualifier element.
//! The open loops are a path in the loop tree, where each place a loop has is a node of its
//! own (2300 under 2000B and under 2000C), and one entry for the innermost loop's node and
//! the key gives the step where the node alone tells it: a use of the innermost loop, if
//! the loop has not passed it, or a child loop of the innermost loop or of one outside it
//! that the loops between have no place for (a line's `LX`, a claim's `CLM`, an `HL`). A
//! use of the innermost loop, the most common step, is then a few updates of its instance.
//! Otherwise one bit set of the key names the loops that have a place for it, so only
//! those of the open loops are looked at, innermost first; for each, one entry gives the
//! uses and child loops the key fits, which a mask of the uses at or after the loop's
//! position narrows. Everything else (a segment no open loop has an exact place for) goes
//! to the search the tables stand for, which a test build checks each lookup against.

mod answer;
#[cfg(test)]
mod differential;
mod index;
#[cfg(test)]
mod reference;

pub use answer::{Finding, FindingKind, Placement, Structure};
use index::{Candidates, Fit, INDEX, Index, Key, ROOT_NODE, Step, Subject, USE_BITS};

use super::{LOOPS, ROOT, SegmentDef, Usage, bits, is_known_segment, starts_without_trigger};
use crate::x12::Segment;

/// The most segment uses and child loops a loop of the 837P has (2300: 45 and 8).
const MAX_USES: usize = 48;
const MAX_CHILDREN: usize = 16;

/// An open loop instance: what the walker reads on every segment, kept small because
/// every loop opened (each HL, CLM, LX and NM1) writes a new one. Its counters are in
/// [`Counts`].
#[derive(Debug, Clone, Copy)]
struct Instance {
    loop_index: usize,
    /// The node of the loop tree the instance is (see [`Step`]).
    node: u8,
    /// Transaction index of the segment that opened the instance.
    start: usize,
    /// The guide position of the last segment matched in this instance (0 before any).
    position: u16,
    /// The loop's segment uses at or after `position`, as a bit set.
    rest: u64,
    /// The segment uses met and the child loops that have begun (`started`), as bit
    /// sets: what a closing instance lacks is a mask, and a child loop's count in
    /// [`Counts`] holds where its `started` bit is set.
    met: u64,
    /// The segment uses met more than once: those whose count [`Counts`] holds (a use
    /// met once, the common case, has only its bit in `met`).
    repeated: u64,
    started: u16,
    /// A child loop has started, so the loop's own segments are over.
    in_children: bool,
    /// The first segment that fit nowhere in this instance (its transaction index).
    unplaced: Option<usize>,
    /// Child loops named by an unexpected segment as never started (one finding).
    unstarted: u16,
    /// Segment uses and child loops already reported as over their maximum.
    repeat_reported: u64,
}

impl Instance {
    /// Counts one more of use `slot`, whose count is in `counts` from its second on; the
    /// new count.
    #[inline]
    fn add_use(&mut self, counts: &mut Counts, slot: usize) -> u16 {
        let bit = 1 << slot;
        let seen = if self.met & bit == 0 {
            1
        } else if self.repeated & bit == 0 {
            2
        } else {
            counts.uses[slot].saturating_add(1)
        };
        self.met |= bit;
        if seen > 1 {
            self.repeated |= bit;
            counts.uses[slot] = seen;
        }
        seen
    }

    fn new(loop_index: usize, node: u8, start: usize) -> Self {
        Instance {
            loop_index,
            node,
            start,
            position: 0,
            rest: u64::MAX,
            met: 0,
            repeated: 0,
            started: 0,
            in_children: false,
            unplaced: None,
            unstarted: 0,
            repeat_reported: 0,
        }
    }
}

/// The counters of the instance open at the same depth. They are not cleared when an
/// instance is opened over an earlier one's: a count holds only where the instance's
/// `repeated` (uses) or `started` (child loops) bit is set, so opening a loop writes its
/// header, not these 192 bytes.
#[derive(Debug, Clone, Copy)]
struct Counts {
    uses: [u16; MAX_USES],
    children: [u16; MAX_CHILDREN],
    /// Transaction index of the first segment of each child loop's first occurrence.
    first: [u32; MAX_CHILDREN],
}

impl Counts {
    const ZERO: Counts = Counts {
        uses: [0; MAX_USES],
        children: [0; MAX_CHILDREN],
        first: [0; MAX_CHILDREN],
    };

    /// How many of child loop `slot` an instance that has started the loops in
    /// `started` has seen.
    #[inline]
    fn child(&self, started: u16, slot: usize) -> u16 {
        if started >> slot & 1 == 0 {
            0
        } else {
            self.children[slot]
        }
    }
}

/// Places segments one at a time; see the module documentation.
pub struct Walker {
    /// The guide's tables ([`INDEX`]), taken once.
    index: &'static Index,
    stack: Vec<Instance>,
    /// `[depth]`: the counters of the instance open there (at least one per instance;
    /// those past the stack's top are kept for the next instances opened there).
    counts: Vec<Counts>,
    /// Index into `findings` of the unplaced segment the walker is recovering from.
    recovering: Option<usize>,
    pub structure: Structure,
}

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Segment { depth: usize, use_index: usize },
    Child { depth: usize, child: usize },
}

impl Default for Walker {
    fn default() -> Self {
        Self::new()
    }
}

impl Walker {
    pub fn new() -> Self {
        let mut stack = Vec::with_capacity(8);
        stack.push(Instance::new(ROOT, ROOT_NODE, 0));
        let mut counts = Vec::with_capacity(8);
        counts.push(Counts::ZERO);
        Walker {
            index: &INDEX,
            stack,
            counts,
            recovering: None,
            structure: Structure::default(),
        }
    }

    /// Places segment `index` (ST = 0) of the transaction set.
    pub fn place(&mut self, index: usize, segment: &Segment<'_>) -> Placement {
        let id = index::segment_id_key(segment.raw, segment.delimiters.element).unwrap_or(0);
        self.place_by_id(index, segment, id)
    }

    /// [`Walker::place`] of a segment whose ID the caller has read already: its bytes
    /// (the third 0 for a two-byte ID) and its length in the top byte, as one number; 0
    /// for an ID that is not two or three bytes long. The claim model reads each ID so,
    /// and one reading serves both.
    #[inline]
    pub fn place_by_id(&mut self, index: usize, segment: &Segment<'_>, id: u32) -> Placement {
        self.place_by_qualifier(index, segment, id, None)
    }

    /// [`Walker::place_by_id`] of a segment whose qualifier the caller has read too:
    /// `qualifier` is the value of the element where the guide keeps the qualifier of
    /// the segment's ID (`HL03`, `DTP01`), or `None` to have it read here. The claim
    /// model reads an HL's and a DTP's first values, and one reading serves both.
    ///
    /// Inlined into the caller's loop with the common steps (a use of the innermost loop,
    /// the start of a child loop): every segment of a well-formed file is placed without
    /// a call, nor the registers a call saves (on the 1 MB file, 66.21 M instructions
    /// with none of it inlined, 65.58 M with the use of the innermost loop, 65.12 M
    /// with the child loop's start too). The rest is a call.
    #[inline(always)]
    pub fn place_by_qualifier(
        &mut self,
        index: usize,
        segment: &Segment<'_>,
        id: u32,
        qualifier: Option<&[u8]>,
    ) -> Placement {
        #[cfg(test)]
        assert_eq!(
            id,
            index::segment_id_key(segment.raw, segment.delimiters.element).unwrap_or(0),
            "the ID passed is the segment's"
        );
        // The guide's segment IDs are neither the envelope's nor empty (see the tests).
        let Some(key) = self.index.key_by_id(id, segment, qualifier) else {
            return self.place_otherwise(index, segment.id(), &Subject::new(segment));
        };
        let inst = self.top();
        // The common steps, one lookup by the loop tree's node: a use of the innermost
        // loop, or the start of a child loop of an open one.
        match self.index.step(inst.node, key) {
            Step::Use(u) if inst.rest >> u & 1 != 0 => {
                #[cfg(test)]
                self.assert_step(key, segment);
                self.recovering = None;
                self.accept_in_top(u.into(), index)
            }
            Step::Child { up, child, node } => {
                #[cfg(test)]
                self.assert_step(key, segment);
                self.recovering = None;
                self.close_to(self.stack.len() - 1 - usize::from(up));
                let loop_index = self.open_child(child.into(), node, index, false);
                Placement::new(loop_index, Some(0), true)
            }
            _ => self.place_searched(index, segment, key),
        }
    }

    /// [`Walker::place_by_qualifier`] of a segment with `key` whose place the loop tree's
    /// node alone does not tell: by [`Walker::find_exact`], else [`Walker::place_otherwise`].
    #[inline(never)]
    fn place_searched(&mut self, index: usize, segment: &Segment<'_>, key: Key) -> Placement {
        let found = self.find_exact(key, segment);
        #[cfg(test)]
        assert_eq!(
            found,
            self.find(&Subject::new(segment), true),
            "the tables answer as the search does"
        );
        if let Some(m) = found {
            self.recovering = None;
            return match m {
                Match::Segment { depth, use_index } if depth + 1 == self.stack.len() => {
                    self.accept_in_top(use_index, index)
                }
                _ => self.accept::<false>(m, index, |_| true),
            };
        }
        self.place_otherwise(index, segment.id(), &Subject::new(segment))
    }

    /// What [`Walker::step`] decides, as [`Walker::find_exact`] and the search find it.
    #[cfg(test)]
    fn assert_step(&self, key: Key, segment: &Segment<'_>) {
        let step = self.step(key);
        assert!(step.is_some(), "a step decided");
        assert_eq!(
            step,
            self.find_exact(key, segment),
            "the step is the lookups'"
        );
        assert_eq!(
            step,
            self.find(&Subject::new(segment), true),
            "the step is the search's"
        );
    }

    /// The match the loop tree's [`Step`] for the innermost open loop gives a segment
    /// with `key`; `None` where it leaves the answer to [`Walker::find_exact`].
    #[cfg(test)]
    fn step(&self, key: Key) -> Option<Match> {
        let top = self.stack.len() - 1;
        let inst = &self.stack[top];
        match self.index.step(inst.node, key) {
            Step::Use(u) if inst.rest >> u & 1 != 0 => Some(Match::Segment {
                depth: top,
                use_index: u.into(),
            }),
            Step::Child { up, child, .. } => Some(Match::Child {
                depth: top - usize::from(up),
                child: child.into(),
            }),
            _ => None,
        }
    }

    /// [`Walker::accept`] of a segment that is a use of the innermost open loop, by its
    /// qualifier: the most common step, kept to a few updates of the instance.
    #[inline]
    fn accept_in_top(&mut self, use_index: usize, index: usize) -> Placement {
        let tables = self.index;
        let inst = self.top_mut();
        let loop_index = inst.loop_index;
        let step = &tables.uses[loop_index * MAX_USES + use_index];
        inst.position = step.order;
        inst.rest = step.rest;
        let bit = 1 << use_index;
        // The first of a use, before the loop's child loops: its bit is its count, and
        // there is nothing to report.
        if inst.met & bit == 0 && !inst.in_children {
            inst.met |= bit;
        } else {
            self.again_in_top(use_index, step.max_use, index);
        }
        Placement::new(loop_index, Some(use_index), true)
    }

    /// The rest of [`Walker::accept_in_top`] for a use met before, or after the loop's
    /// child loops have begun: counts it, and reports a use past its maximum (once per
    /// instance) and a use after the child loops.
    #[inline(never)]
    fn again_in_top(&mut self, use_index: usize, max: u32, index: usize) {
        let (inst, counts) = self.top_parts();
        let seen = inst.add_use(counts, use_index);
        let (loop_index, out_of_order) = (inst.loop_index, inst.in_children);
        if u32::from(seen) > max && inst.repeat_reported & (1 << use_index) == 0 {
            inst.repeat_reported |= 1 << use_index;
            self.report(FindingKind::SegmentRepeat { max }, index, loop_index);
        }
        if out_of_order {
            self.report(FindingKind::OutOfOrder, index, loop_index);
        }
    }

    /// [`Walker::place`] for a segment that is no exact fit for an open loop's use or
    /// child loop: an envelope segment, an unusual or a misplaced one.
    #[cold]
    #[inline(never)]
    fn place_otherwise(&mut self, index: usize, id: &[u8], subject: &Subject<'_, '_>) -> Placement {
        let here = self.top().loop_index;
        if matches!(id, b"ST" | b"SE") || subject.segment.raw.is_empty() {
            // The envelope's segments (and empty ones) belong to the X rules.
            return Placement::new(here, None, true);
        }
        // The same ID with another qualifier in the innermost loop, before any other
        // loop's segment: `AMT*F2` in a 2320 is a bad 2320 AMT, not a 2300 one.
        if let Some(m) = self.find_in_top(subject) {
            return self.accept::<true>(m, index, |d| subject.qualifies(d));
        }
        if let Some((depth, child)) = self.implied_start(subject) {
            return self.start_implied(depth, child, index);
        }
        if let Some((depth, use_index)) = self.earlier(subject) {
            let inst = &mut self.stack[depth];
            inst.add_use(&mut self.counts[depth], use_index);
            let loop_index = inst.loop_index;
            self.report(FindingKind::OutOfOrder, index, loop_index);
            return Placement::new(loop_index, Some(use_index), true);
        }
        if let Some(m) = self.find(subject, false) {
            return self.accept::<true>(m, index, |d| subject.qualifies(d));
        }
        match self.recovering {
            Some(f) => match &mut self.structure.findings[f].kind {
                FindingKind::UnknownSegment { skipped }
                | FindingKind::UnexpectedSegment { skipped, .. } => *skipped += 1,
                _ => {}
            },
            None => {
                let kind = if is_known_segment(id) {
                    let unstarted = self.unstarted_child(subject);
                    if let Some((depth, child)) = unstarted {
                        self.stack[depth].unstarted |= 1 << child.min(MAX_CHILDREN - 1);
                    }
                    FindingKind::UnexpectedSegment {
                        skipped: 0,
                        unstarted: unstarted.map(|(depth, child)| {
                            LOOPS[self.stack[depth].loop_index].children[child].index
                        }),
                        opened: false,
                    }
                } else {
                    FindingKind::UnknownSegment { skipped: 0 }
                };
                self.recovering = Some(self.structure.findings.len());
                self.structure.findings.push(Finding {
                    kind,
                    segment: index,
                    loop_index: here,
                    near: None,
                });
                let top = self.top_mut();
                top.unplaced.get_or_insert(index);
            }
        }
        Placement::new(here, None, true)
    }

    /// Closes every open loop at the end of the transaction set. A set cut off before
    /// its SE (reported by the envelope rules) is not also reported for what its open
    /// loops lack.
    pub fn finish(mut self, closed: bool) -> Structure {
        while !self.stack.is_empty() {
            if closed {
                self.close_top();
            }
            self.stack.pop();
        }
        self.structure
    }

    /// Ends one part of a transaction set read in parts: closes every loop opened in it,
    /// but not the set's own (root) loop, which the set's last part closes.
    pub fn finish_part(mut self) -> Structure {
        while self.stack.len() > 1 {
            self.close_top();
            self.stack.pop();
        }
        self.structure
    }

    fn top(&self) -> &Instance {
        self.stack
            .last()
            .expect("the root instance is never popped before finish")
    }

    fn top_mut(&mut self) -> &mut Instance {
        self.stack
            .last_mut()
            .expect("the root instance is never popped before finish")
    }

    /// The innermost open instance and its counters.
    fn top_parts(&mut self) -> (&mut Instance, &mut Counts) {
        let depth = self.stack.len() - 1;
        (&mut self.stack[depth], &mut self.counts[depth])
    }

    fn report(&mut self, kind: FindingKind, segment: usize, loop_index: usize) {
        // Findings that may be consequences of an unplaced segment wait for recovery.
        if self.recovering.is_none() {
            self.structure.findings.push(Finding {
                kind,
                segment,
                loop_index,
                near: None,
            });
        }
    }

    /// A child loop of an open loop (innermost first) that this segment starts although
    /// the loop's trigger is missing: the segment is the loop's required second segment,
    /// used once, and the loop may repeat (an `SV1` with no `LX` before it, in a claim or
    /// after a line that has its `SV1`). An open instance of that loop still waiting for
    /// the segment takes it instead (out of order). HL loops are left to the HL rules.
    fn implied_start(&self, subject: &Subject<'_, '_>) -> Option<(usize, usize)> {
        for depth in (0..self.stack.len()).rev() {
            let def = &LOOPS[self.stack[depth].loop_index];
            for (child, c) in def.children.iter().enumerate() {
                if !starts_without_trigger(c, subject.segment.id(), |s| subject.qualifies(s)) {
                    continue;
                }
                let waiting = self
                    .stack
                    .get(depth + 1)
                    .is_some_and(|open| open.loop_index == c.index && open.met & 2 == 0);
                return (!waiting).then_some((depth, child));
            }
        }
        None
    }

    /// Opens child loop `child` of the loop open at `depth` at segment `index`, whose
    /// trigger is missing, and places the segment in it as the segment after the trigger.
    /// One finding names the missing trigger; while recovering from a segment that fit
    /// nowhere (often the trigger mistyped, `LXX*2`), that finding stands for both.
    #[cold]
    fn start_implied(&mut self, depth: usize, child: usize, index: usize) -> Placement {
        let here = self.top().loop_index;
        let recovering = self.recovering.take();
        self.accept::<false>(Match::Child { depth, child }, index, |_| true);
        let loop_index = self.top().loop_index;
        if recovering.is_none() {
            self.structure.findings.push(Finding {
                kind: FindingKind::UnexpectedSegment {
                    skipped: 0,
                    unstarted: Some(loop_index),
                    opened: true,
                },
                segment: index,
                loop_index: here,
                near: None,
            });
        }
        let m = Match::Segment {
            depth: depth + 1,
            use_index: 1,
        };
        self.accept::<false>(m, index, |_| true).opening()
    }

    /// A child loop of an open loop (innermost first) that is not open and has a
    /// non-trigger segment use with this segment's ID: the loop whose trigger is missing.
    fn unstarted_child(&self, subject: &Subject<'_, '_>) -> Option<(usize, usize)> {
        (0..self.stack.len()).rev().find_map(|depth| {
            let def = &LOOPS[self.stack[depth].loop_index];
            def.children
                .iter()
                .position(|c| {
                    let child = &LOOPS[c.index];
                    child.segments[1..]
                        .iter()
                        .any(|s| s.id.as_bytes() == subject.segment.id())
                })
                .map(|child| (depth, child))
        })
    }

    /// [`Walker::find`] with `exact`, from the index's tables: for each open loop,
    /// innermost first, one lookup gives the uses and child loops this segment's ID and
    /// qualifier may be, and one mask keeps the uses at or after the loop's position.
    #[inline]
    fn find_exact(&self, key: Key, segment: &Segment<'_>) -> Option<Match> {
        // The innermost loop first, on its own: most segments are its uses or start one of
        // its child loops.
        let top = self.stack.len() - 1;
        if let Some(m) = self.find_exact_in(key, top, segment) {
            return Some(m);
        }
        (0..top)
            .rev()
            .find_map(|depth| self.find_exact_in(key, depth, segment))
    }

    /// [`Walker::find_exact`] in the loop open at `depth`.
    #[inline(always)]
    fn find_exact_in(&self, key: Key, depth: usize, segment: &Segment<'_>) -> Option<Match> {
        let inst = &self.stack[depth];
        // Most open loops have no place for the segment at all: one bit says so.
        if self.index.loops(key) >> inst.loop_index & 1 == 0 {
            return None;
        }
        let Fit { fits, overlapping } = self.index.fit(key, inst.loop_index);
        // A loop's trigger starts a new instance through its parent.
        let trigger = u64::from(depth > 0);
        let uses = fits & USE_BITS & inst.rest & !trigger;
        if uses != 0 {
            let first = uses.trailing_zeros() as usize;
            // Where qualifiers overlap, the use whose other codes fit wins.
            let use_index = if overlapping && uses & (uses - 1) != 0 {
                let def = &LOOPS[inst.loop_index];
                bits(uses)
                    .find(|&u| def.segments[u].codes_match(segment))
                    .unwrap_or(first)
            } else {
                first
            };
            return Some(Match::Segment { depth, use_index });
        }
        let children = fits >> MAX_USES;
        (children != 0).then(|| Match::Child {
            depth,
            child: children.trailing_zeros() as usize,
        })
    }

    /// Innermost first: a segment use at or after the loop's position, then a child loop
    /// the segment starts. `exact` also requires the qualifier to match.
    fn find(&self, subject: &Subject<'_, '_>, exact: bool) -> Option<Match> {
        for depth in (0..self.stack.len()).rev() {
            let inst = &self.stack[depth];
            let def = &LOOPS[inst.loop_index];
            let Candidates {
                uses,
                children,
                overlapping,
                ..
            } = subject.candidates(inst.loop_index);
            // A loop's trigger starts a new instance through its parent.
            let uses = if depth > 0 { uses & !1 } else { uses };
            let mut fitting = bits(uses).filter(|&u| {
                let s = &def.segments[u];
                s.order >= inst.position && (!exact || subject.qualifies(s))
            });
            if let Some(first) = fitting.next() {
                // Where qualifiers overlap, the use whose other codes fit wins; with one
                // candidate there is nothing to tell apart, and with disjoint qualifiers
                // there is no second one to look for.
                let second = if overlapping || !exact {
                    fitting.next()
                } else {
                    None
                };
                let chosen = match second {
                    None => first,
                    Some(second) => [first, second]
                        .into_iter()
                        .chain(fitting)
                        .find(|&u| def.segments[u].codes_match(subject.segment))
                        .unwrap_or(first),
                };
                return Some(Match::Segment {
                    depth,
                    use_index: chosen,
                });
            }
            let mut fallback = None;
            for child in bits(children.into()) {
                let c = &def.children[child];
                if exact {
                    if subject.qualifies(LOOPS[c.index].trigger()) {
                        return Some(Match::Child { depth, child });
                    }
                    continue;
                }
                // By ID alone, prefer a required loop not yet seen, then one with room.
                let seen = self.counts[depth].child(inst.started, child.min(MAX_CHILDREN - 1));
                let rank = match (c.usage, seen) {
                    (Usage::Required, 0) => 0,
                    _ if c.repeat.is_none_or(|max| u32::from(seen) < max) => 1,
                    _ => 2,
                };
                if fallback.is_none_or(|(r, _)| rank < r) {
                    fallback = Some((rank, child));
                }
            }
            if let Some((rank, child)) = fallback
                && rank < 2
            {
                return Some(Match::Child { depth, child });
            }
        }
        None
    }

    /// A use of the innermost loop with this ID (any qualifier) at or after its position.
    fn find_in_top(&self, subject: &Subject<'_, '_>) -> Option<Match> {
        let depth = self.stack.len() - 1;
        let inst = self.top();
        let uses = subject.candidates(inst.loop_index).uses;
        let uses = if depth > 0 { uses & !1 } else { uses };
        bits(uses)
            .find(|&u| LOOPS[inst.loop_index].segments[u].order >= inst.position)
            .map(|use_index| Match::Segment { depth, use_index })
    }

    /// A segment use of an open loop, with this ID and qualifier, that the loop has
    /// already passed.
    fn earlier(&self, subject: &Subject<'_, '_>) -> Option<(usize, usize)> {
        (0..self.stack.len()).rev().find_map(|depth| {
            let inst = &self.stack[depth];
            let uses = subject.candidates(inst.loop_index).uses;
            let uses = if depth > 0 { uses & !1 } else { uses };
            bits(uses)
                .find(|&u| subject.qualifies(&LOOPS[inst.loop_index].segments[u]))
                .map(|use_index| (depth, use_index.min(MAX_USES - 1)))
        })
    }

    /// Takes the match: `BY_ID_ONLY` when it was found by the segment's ID alone (its
    /// qualifier may fit none of the uses there).
    fn accept<const BY_ID_ONLY: bool>(
        &mut self,
        m: Match,
        index: usize,
        qualifies: impl Fn(&SegmentDef) -> bool,
    ) -> Placement {
        let by_id_only = BY_ID_ONLY;
        let depth = match m {
            Match::Segment { depth, .. } | Match::Child { depth, .. } => depth,
        };
        self.close_to(depth);
        let tables = self.index;
        let (loop_index, use_index) = match m {
            Match::Segment { use_index, .. } => {
                let (inst, counts) = self.top_parts();
                let out_of_order = inst.in_children;
                let step = tables.uses[inst.loop_index * MAX_USES + use_index];
                let slot = use_index.min(MAX_USES - 1);
                // A segment taken by its ID alone is another use with a bad qualifier
                // (one finding below), not one more of this use.
                let counted = !by_id_only || qualifies(&LOOPS[inst.loop_index].segments[use_index]);
                let mut seen = 0;
                if counted {
                    seen = u32::from(inst.add_use(counts, slot));
                }
                inst.position = step.order;
                inst.rest = step.rest;
                let loop_index = inst.loop_index;
                let max = step.max_use;
                if counted && seen > max && inst.repeat_reported & (1 << slot) == 0 {
                    inst.repeat_reported |= 1 << slot;
                    self.report(FindingKind::SegmentRepeat { max }, index, loop_index);
                }
                if out_of_order {
                    self.report(FindingKind::OutOfOrder, index, loop_index);
                }
                (loop_index, use_index)
            }
            Match::Child { child, .. } => {
                let parent = usize::from(self.top().node);
                let node = tables.node_children[parent * MAX_CHILDREN + child];
                (self.open_child(child, node, index, by_id_only), 0)
            }
        };
        let qualified = !by_id_only || qualifies(&LOOPS[loop_index].segments[use_index]);
        if !qualified {
            self.report(FindingKind::UnexpectedQualifier, index, loop_index);
        }
        Placement::new(loop_index, Some(use_index), qualified)
    }

    /// Closes the open loops inside the one at `depth`, innermost first.
    #[inline]
    fn close_to(&mut self, depth: usize) {
        while self.stack.len() > depth + 1 {
            self.close_top();
            self.stack.pop();
        }
    }

    /// Opens child loop `child` (node `node` of the loop tree) of the innermost open loop
    /// at segment `index`, its trigger; the child's loop index. Child loops are listed in
    /// the guide's order: a sibling listed after this one that has already begun means
    /// this loop is out of order (not reported for a loop taken by its trigger's ID
    /// alone, `by_id_only`, which is reported for its qualifier instead). Inlined in
    /// the step: out of line, its call cost 0.35 M instructions on the 1 MB file.
    #[inline(always)]
    fn open_child(&mut self, child: usize, node: u8, index: usize, by_id_only: bool) -> usize {
        let c = self.index.children[usize::from(node)];
        let (parent, counts) = self.top_parts();
        let slot = child.min(MAX_CHILDREN - 1);
        let mut later: Option<usize> = None;
        for s in bits(u64::from(parent.started) & !((2 << slot) - 1)) {
            if later.is_none_or(|l| counts.first[s] < counts.first[l]) {
                later = Some(s);
            }
        }
        let misplaced = later
            .filter(|_| !by_id_only)
            .map(|s| (LOOPS[parent.loop_index].children[s].index, counts.first[s]));
        let seen = counts.child(parent.started, slot).saturating_add(1);
        if seen == 1 {
            counts.first[slot] = u32::try_from(index).unwrap_or(u32::MAX);
            parent.started |= 1 << slot;
        }
        counts.children[slot] = seen;
        parent.in_children = true;
        let seen = u32::from(seen);
        let parent_index = parent.loop_index;
        let bit = 1u64 << (MAX_USES + slot);
        if let Some(max) = c.repeat
            && seen > max
            && parent.repeat_reported & bit == 0
        {
            parent.repeat_reported |= bit;
            self.report(
                FindingKind::LoopRepeat {
                    child: c.loop_index,
                    max,
                },
                index,
                parent_index,
            );
        }
        if let Some((before, before_segment)) = misplaced {
            self.report(
                FindingKind::LoopOutOfOrder {
                    before,
                    before_segment: before_segment as usize,
                },
                index,
                c.loop_index,
            );
        }
        let mut inst = Instance::new(c.loop_index, node, index);
        inst.met = 1;
        inst.position = c.trigger.order;
        inst.rest = c.trigger.rest;
        self.stack.push(inst);
        let depth = self.stack.len() - 1;
        if self.counts.len() == depth {
            self.grow_counts();
        }
        c.loop_index
    }

    /// Room for the counters of an instance opened deeper than any before it.
    #[cold]
    #[inline(never)]
    fn grow_counts(&mut self) {
        self.counts.push(Counts::ZERO);
    }

    /// Reports what the innermost open loop instance, closing, lacks, linked to the first
    /// segment in it that fit nowhere (if any). A child loop an unexpected segment already
    /// named as never started is not reported again.
    #[inline]
    fn close_top(&mut self) {
        let inst = self
            .stack
            .last()
            .expect("the root instance is never popped before finish");
        let (uses, children) = self.index.required[inst.loop_index];
        let uses = uses & !inst.met;
        let children = children & !(inst.started | inst.unstarted);
        if uses != 0 || children != 0 {
            self.report_missing(uses, children);
        }
    }

    /// Reports required segment uses and child loops the innermost instance lacks.
    #[cold]
    #[inline(never)]
    fn report_missing(&mut self, uses: u64, children: u16) {
        let inst = self
            .stack
            .last()
            .expect("the root instance is never popped before finish");
        let missing = |kind| Finding {
            kind,
            segment: inst.start,
            loop_index: inst.loop_index,
            near: inst.unplaced,
        };
        for use_index in bits(uses) {
            let finding = missing(FindingKind::MissingSegment { use_index });
            self.structure.findings.push(finding);
        }
        for child in bits(children.into()) {
            let child = LOOPS[inst.loop_index].children[child].index;
            let finding = missing(FindingKind::MissingLoop { child });
            self.structure.findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_loop_fits_the_walkers_counters() {
        assert!(
            LOOPS.len() < usize::from(u8::MAX),
            "a loop index fits a Placement"
        );
        for l in LOOPS.iter() {
            assert!(l.segments.len() <= MAX_USES, "{}", l.id);
            // The first of a use is never over its maximum (Walker::accept_in_top).
            assert!(l.segments.iter().all(|s| s.max_use != Some(0)), "{}", l.id);
            assert!(l.children.len() <= MAX_CHILDREN, "{}", l.id);
        }
    }

    /// The loop tree's steps against the lookups they stand for: with every node of the
    /// tree innermost, the loops above it open, for every key, with the innermost loop
    /// before its first use and after each, and the loops outside it anywhere.
    #[test]
    fn every_step_of_the_loop_tree_is_the_lookups_answer() {
        let index = &INDEX;
        let segment = Segment {
            raw: b"",
            start: 0,
            ordinal: 1,
            delimiters: crate::x12::Delimiters::default(),
        };
        let (mut uses, mut children) = (0, 0);
        for node in 0..index.node_loops.len() {
            let mut path = vec![node];
            while let Some(&n) = path.last()
                && n != usize::from(ROOT_NODE)
            {
                path.push(index.node_loops[n].1.into());
            }
            path.reverse();
            let top = usize::from(index.node_loops[node].0);
            let positions = (0..LOOPS[top].segments.len())
                .map(|u| index.uses[top * MAX_USES + u].rest)
                .chain([u64::MAX, 0]);
            for rest in positions {
                for outer in [u64::MAX, 0] {
                    let mut walker = Walker::new();
                    walker.stack.clear();
                    for (depth, &n) in path.iter().enumerate() {
                        let (loop_index, _) = index.node_loops[n];
                        let mut inst = Instance::new(loop_index.into(), n as u8, 0);
                        inst.rest = if depth + 1 == path.len() { rest } else { outer };
                        walker.stack.push(inst);
                        walker.counts.push(Counts::ZERO);
                    }
                    for key in 0..index::KEY_COUNT {
                        let key = Key { key };
                        // The node a child loop's step names is the child's.
                        if let Step::Child { up, child, node: n } = index.step(node as u8, key) {
                            let parent = path[path.len() - 1 - usize::from(up)];
                            let child = usize::from(child);
                            assert_eq!(n, index.node_children[parent * MAX_CHILDREN + child]);
                        }
                        let Some(m) = walker.step(key) else { continue };
                        assert_eq!(
                            Some(m),
                            walker.find_exact(key, &segment),
                            "node {node} ({}), key {}",
                            LOOPS[top].id,
                            key.key
                        );
                        match m {
                            Match::Segment { .. } => uses += 1,
                            Match::Child { .. } => children += 1,
                        }
                    }
                }
            }
        }
        assert!(
            uses > 1000 && children > 1000,
            "{uses} uses, {children} child loops"
        );
    }

    /// Each node of the loop tree is its parent's child loop's: the tree is the loops'.
    #[test]
    fn the_loop_tree_follows_the_loops() {
        let index = &INDEX;
        let mut under = std::collections::HashMap::new();
        for (node, &(loop_index, parent)) in index.node_loops.iter().enumerate() {
            if node == usize::from(ROOT_NODE) {
                assert_eq!(usize::from(loop_index), ROOT);
                continue;
            }
            let parent_loop = usize::from(index.node_loops[usize::from(parent)].0);
            let child = LOOPS[parent_loop]
                .children
                .iter()
                .position(|c| c.index == usize::from(loop_index))
                .expect("a child loop of the parent's");
            assert_eq!(
                usize::from(index.node_children[usize::from(parent) * MAX_CHILDREN + child]),
                node
            );
            // What starting the node's loop needs is the child loop's.
            let def = &LOOPS[parent_loop].children[child];
            let start = &index.children[node];
            assert_eq!(start.loop_index, def.index);
            assert_eq!(start.repeat, def.repeat);
            let trigger = &index.uses[def.index * MAX_USES];
            assert_eq!(start.trigger.rest, trigger.rest);
            assert_eq!(start.trigger.order, trigger.order);
            *under.entry(loop_index).or_insert(0) += 1;
        }
        // 2300 and the loops inside it are under 2000B and under 2000C.
        let claim = crate::grammar::loop_by_id("2300").expect("2300");
        assert_eq!(under[&(claim as u8)], 2);
        assert_eq!(index.node_loops.len(), LOOPS.len() + 27);
    }
}
