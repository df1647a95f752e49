//! The walker as it was before placing became table lookups, kept verbatim (but for
//! these lines, the imports, a `..` in one pattern, and the later reading of an `SV1`
//! without its `LX` as a new line: `implied_start`) as the reference the fast one is checked against: see
//! `differential.rs`. Its documentation is the module's.

use super::answer::{Finding, FindingKind, Placement, Structure};
use super::index::{Candidates, INDEX, Subject};

use crate::grammar::{LOOPS, ROOT, Usage, bits, is_known_segment, starts_without_trigger};
use crate::x12::Segment;

/// The most segment uses and child loops a loop of the 837P has (2300: 45 and 8).
const MAX_USES: usize = 48;
const MAX_CHILDREN: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Instance {
    loop_index: usize,
    /// Transaction index of the segment that opened the instance.
    start: usize,
    /// The guide position of the last segment matched in this instance (0 before any).
    position: u16,
    uses: [u16; MAX_USES],
    children: [u16; MAX_CHILDREN],
    /// Transaction index of the first segment of each child loop's first occurrence.
    first: [u32; MAX_CHILDREN],
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
    fn new(loop_index: usize, start: usize) -> Self {
        Instance {
            loop_index,
            start,
            position: 0,
            uses: [0; MAX_USES],
            children: [0; MAX_CHILDREN],
            first: [0; MAX_CHILDREN],
            in_children: false,
            unplaced: None,
            unstarted: 0,
            repeat_reported: 0,
        }
    }
}

/// Places segments one at a time; see the module documentation.
pub struct Walker {
    stack: Vec<Instance>,
    /// Index into `findings` of the unplaced segment the walker is recovering from.
    recovering: Option<usize>,
    pub structure: Structure,
}

/// How a candidate was found.
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
        stack.push(Instance::new(ROOT, 0));
        Walker {
            stack,
            recovering: None,
            structure: Structure::default(),
        }
    }

    /// Places segment `index` (ST = 0) of the transaction set.
    pub fn place(&mut self, index: usize, segment: &Segment<'_>) -> Placement {
        let here = self.top().loop_index;
        let id = segment.id();
        if matches!(id, b"ST" | b"SE") || segment.raw.is_empty() {
            // The envelope's segments (and empty ones) belong to the X rules.
            return Placement::new(here, None, true);
        }
        let subject = Subject::new(segment);
        if let Some(m) = self.find(&subject, true) {
            self.recovering = None;
            return self.accept(m, index, &subject, false);
        }
        // The same ID with another qualifier in the innermost loop, before any other
        // loop's segment: `AMT*F2` in a 2320 is a bad 2320 AMT, not a 2300 one.
        if let Some(m) = self.find_in_top(&subject) {
            return self.accept(m, index, &subject, true);
        }
        if let Some((depth, child)) = self.implied_start(&subject) {
            return self.start_implied(depth, child, index, &subject);
        }
        if let Some((depth, use_index)) = self.earlier(&subject) {
            let inst = &mut self.stack[depth];
            inst.uses[use_index] = inst.uses[use_index].saturating_add(1);
            let loop_index = inst.loop_index;
            self.report(FindingKind::OutOfOrder, index, loop_index);
            return Placement::new(loop_index, Some(use_index), true);
        }
        if let Some(m) = self.find(&subject, false) {
            return self.accept(m, index, &subject, true);
        }
        match self.recovering {
            Some(f) => match &mut self.structure.findings[f].kind {
                FindingKind::UnknownSegment { skipped }
                | FindingKind::UnexpectedSegment { skipped, .. } => *skipped += 1,
                _ => {}
            },
            None => {
                let kind = if is_known_segment(id) {
                    let unstarted = self.unstarted_child(&subject);
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
        while let Some(inst) = self.stack.pop() {
            if closed {
                self.close(&inst);
            }
        }
        self.structure
    }

    /// Ends one part of a transaction set read in parts: closes every loop opened in it,
    /// but not the set's own (root) loop, which the set's last part closes.
    pub fn finish_part(mut self) -> Structure {
        while self.stack.len() > 1 {
            let inst = self.stack.pop().expect("more than one open");
            self.close(&inst);
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

    /// The walker's `implied_start`, written again over this walker's counts.
    fn implied_start(&self, subject: &Subject<'_, '_>) -> Option<(usize, usize)> {
        for depth in (0..self.stack.len()).rev() {
            let def = &LOOPS[self.stack[depth].loop_index];
            for (child, c) in def.children.iter().enumerate() {
                if starts_without_trigger(c, subject.segment.id(), |s| subject.qualifies(s)) {
                    let waiting = self
                        .stack
                        .get(depth + 1)
                        .is_some_and(|open| open.loop_index == c.index && open.uses[1] == 0);
                    return if waiting { None } else { Some((depth, child)) };
                }
            }
        }
        None
    }

    /// The walker's `start_implied`, written again.
    fn start_implied(
        &mut self,
        depth: usize,
        child: usize,
        index: usize,
        subject: &Subject<'_, '_>,
    ) -> Placement {
        let here = self.top().loop_index;
        let was_recovering = self.recovering.is_some();
        self.recovering = None;
        self.accept(Match::Child { depth, child }, index, subject, false);
        if !was_recovering {
            let unstarted = self.top().loop_index;
            self.structure.findings.push(Finding {
                kind: FindingKind::UnexpectedSegment {
                    skipped: 0,
                    unstarted: Some(unstarted),
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
        self.accept(m, index, subject, false).opening()
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
                let seen = inst.children[child.min(MAX_CHILDREN - 1)];
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

    fn accept(
        &mut self,
        m: Match,
        index: usize,
        subject: &Subject<'_, '_>,
        by_id_only: bool,
    ) -> Placement {
        let depth = match m {
            Match::Segment { depth, .. } | Match::Child { depth, .. } => depth,
        };
        while self.stack.len() > depth + 1 {
            let inst = self.stack.pop().expect("deeper than depth");
            self.close(&inst);
        }
        let (loop_index, use_index) = match m {
            Match::Segment { use_index, .. } => {
                let inst = self.top_mut();
                let out_of_order = inst.in_children;
                let def = &LOOPS[inst.loop_index].segments[use_index];
                let slot = use_index.min(MAX_USES - 1);
                // A segment taken by its ID alone is another use with a bad qualifier
                // (one finding below), not one more of this use.
                let counted = !by_id_only || subject.qualifies(def);
                if counted {
                    inst.uses[slot] = inst.uses[slot].saturating_add(1);
                }
                inst.position = def.order;
                let seen = u32::from(inst.uses[slot]);
                let loop_index = inst.loop_index;
                if let Some(max) = def.max_use
                    && counted
                    && seen > max
                    && inst.repeat_reported & (1 << slot) == 0
                {
                    inst.repeat_reported |= 1 << slot;
                    self.report(FindingKind::SegmentRepeat { max }, index, loop_index);
                }
                if out_of_order {
                    self.report(FindingKind::OutOfOrder, index, loop_index);
                }
                (loop_index, use_index)
            }
            Match::Child { child, .. } => {
                let parent = self.top_mut();
                let c = &LOOPS[parent.loop_index].children[child];
                let slot = child.min(MAX_CHILDREN - 1);
                // Child loops are listed in the guide's order: a sibling listed after this
                // one that has already begun means this loop is out of order. A loop taken
                // by its trigger's ID alone is reported for its qualifier instead.
                let later = (slot + 1..MAX_CHILDREN)
                    .filter(|&s| parent.children[s] > 0)
                    .min_by_key(|&s| parent.first[s]);
                let misplaced = later
                    .filter(|_| !by_id_only)
                    .map(|s| (LOOPS[parent.loop_index].children[s].index, parent.first[s]));
                if parent.children[slot] == 0 {
                    parent.first[slot] = u32::try_from(index).unwrap_or(u32::MAX);
                }
                parent.children[slot] = parent.children[slot].saturating_add(1);
                parent.in_children = true;
                let seen = u32::from(parent.children[slot]);
                let parent_index = parent.loop_index;
                let bit = 1u64 << (MAX_USES + slot);
                if let Some(max) = c.repeat
                    && seen > max
                    && parent.repeat_reported & bit == 0
                {
                    parent.repeat_reported |= bit;
                    self.report(
                        FindingKind::LoopRepeat {
                            child: c.index,
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
                        c.index,
                    );
                }
                let mut inst = Instance::new(c.index, index);
                inst.uses[0] = 1;
                inst.position = LOOPS[c.index].trigger().order;
                self.stack.push(inst);
                (c.index, 0)
            }
        };
        let qualified = !by_id_only || subject.qualifies(&LOOPS[loop_index].segments[use_index]);
        if !qualified {
            self.report(FindingKind::UnexpectedQualifier, index, loop_index);
        }
        Placement::new(loop_index, Some(use_index), qualified)
    }

    /// Reports what a closing loop instance lacks, linked to the first segment in it that
    /// fit nowhere (if any). A child loop an unexpected segment already named as never
    /// started is not reported again.
    fn close(&mut self, inst: &Instance) {
        let (uses, children) = INDEX.required[inst.loop_index];
        for use_index in bits(uses) {
            if inst.uses[use_index] == 0 {
                self.structure.findings.push(Finding {
                    kind: FindingKind::MissingSegment { use_index },
                    segment: inst.start,
                    loop_index: inst.loop_index,
                    near: inst.unplaced,
                });
            }
        }
        for child in bits(children.into()) {
            if inst.children[child] == 0 && inst.unstarted & (1 << child) == 0 {
                self.structure.findings.push(Finding {
                    kind: FindingKind::MissingLoop {
                        child: LOOPS[inst.loop_index].children[child].index,
                    },
                    segment: inst.start,
                    loop_index: inst.loop_index,
                    near: inst.unplaced,
                });
            }
        }
    }
}
