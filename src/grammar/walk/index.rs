//! The guide's segment uses and child loops indexed by segment ID, so that placing a
//! segment looks at its own candidates only, and the segment being placed with what the
//! walker asks of it worked out once.

use std::cell::Cell;
use std::sync::LazyLock;

use crate::grammar::{LOOPS, SegmentDef, Usage, bits, key};
use crate::x12::Segment;

/// The segment uses and child loops of one loop that a segment ID may be.
#[derive(Clone, Copy, Default)]
pub(super) struct Candidates {
    pub(super) uses: u64,
    pub(super) children: u16,
    /// Two of `uses` may accept the same qualifier value (or one has no qualifier), so a
    /// segment's qualifier alone may not tell them apart.
    pub(super) overlapping: bool,
}

/// For each loop and segment ID, which of the loop's segment uses have that ID and which
/// of its child loops start with it, as bit sets; so placing a segment looks at its own
/// candidates only, not at every use of every open loop.
pub(super) struct Index {
    /// How many segment IDs the guide uses.
    ids: usize,
    /// The index of each of those IDs, by [`id_slot`]; [`NO_ID`] for the other slots.
    id_index: Vec<u8>,
    /// `[loop * ids.len() + id]`.
    candidates: Vec<Candidates>,
    /// `[loop]`: (required segment uses, required child loops).
    pub(super) required: Vec<(u64, u16)>,
}

pub(super) static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut ids: Vec<u128> = LOOPS
        .iter()
        .flat_map(|l| l.segments.iter().map(|s| s.key))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut id_index = vec![NO_ID; ID_SLOTS];
    for (i, &k) in ids.iter().enumerate() {
        let id = &k.to_le_bytes()[..(k >> 120) as usize];
        id_index[id_slot(id).expect("the guide's IDs are two or three letters and digits")] =
            u8::try_from(i).expect("fewer than 255 segment IDs");
    }
    let mut candidates = vec![Candidates::default(); LOOPS.len() * ids.len()];
    let mut required = vec![(0u64, 0u16); LOOPS.len()];
    let slot = |l: usize, k: u128| l * ids.len() + ids.binary_search(&k).expect("indexed");
    for (l, def) in LOOPS.iter().enumerate() {
        for (u, s) in def.segments.iter().enumerate() {
            let c = &mut candidates[slot(l, s.key)];
            let overlaps = |other: &SegmentDef| match (&s.qualifier, &other.qualifier) {
                (Some(a), Some(b)) => a.keys.iter().any(|k| b.keys.contains(k)),
                _ => true,
            };
            c.overlapping |= bits(c.uses).any(|o| overlaps(&def.segments[o]));
            c.uses |= 1 << u;
            if s.usage == Usage::Required {
                required[l].0 |= 1 << u;
            }
        }
        for (c, child) in def.children.iter().enumerate() {
            candidates[slot(l, LOOPS[child.index].trigger().key)].children |= 1 << c;
            if child.usage == Usage::Required {
                required[l].1 |= 1 << c;
            }
        }
    }
    Index {
        ids: ids.len(),
        id_index,
        candidates,
        required,
    }
});

const NO_ID: u8 = u8::MAX;
/// Two or three characters from `0-9A-Z`, the third possibly absent.
const ID_SLOTS: usize = 36 * 36 * 37;

/// A slot for every possible segment ID of two or three digits and capital letters, so
/// a segment's ID is found with one array access instead of a search.
fn id_slot(id: &[u8]) -> Option<usize> {
    let code = |b: u8| match b {
        b'0'..=b'9' => Some(usize::from(b - b'0')),
        b'A'..=b'Z' => Some(usize::from(b - b'A') + 10),
        _ => None,
    };
    let third = match id.len() {
        2 => 0,
        3 => code(id[2])? + 1,
        _ => return None,
    };
    Some((code(id[0])? * 36 + code(id[1])?) * 37 + third)
}

/// The segment being placed, with what the walker asks of it worked out once.
pub(super) struct Subject<'s, 'a> {
    pub(super) segment: &'s Segment<'a>,
    /// Index of its ID among the guide's segment IDs; `None` for an ID the guide does
    /// not use.
    id: Option<usize>,
    /// The last qualifier value looked up: (element, component, key of the value).
    qualifier: Cell<(u8, u8, u128)>,
}

impl<'s, 'a> Subject<'s, 'a> {
    pub(super) fn new(segment: &'s Segment<'a>) -> Self {
        Subject {
            segment,
            id: id_slot(segment.id())
                .map(|slot| INDEX.id_index[slot])
                .filter(|&i| i != NO_ID)
                .map(usize::from),
            qualifier: Cell::new((0, 0, 0)),
        }
    }

    /// The segment uses and child loops of loop `loop_index` with this segment's ID.
    pub(super) fn candidates(&self, loop_index: usize) -> Candidates {
        self.id.map_or(Candidates::default(), |id| {
            INDEX.candidates[loop_index * INDEX.ids + id]
        })
    }

    /// Whether the segment's qualifier is one `def` accepts. Uses of one segment ID
    /// keep their qualifier in the same element, so the value is read once.
    pub(super) fn qualifies(&self, def: &SegmentDef) -> bool {
        let Some(q) = &def.qualifier else {
            return true;
        };
        let (element, component, cached) = self.qualifier.get();
        let value = if (element, component) == (q.element, q.component) {
            cached
        } else {
            let value = key(q.value(self.segment));
            self.qualifier.set((q.element, q.component, value));
            value
        };
        q.keys.contains(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_ids_are_found_by_slot() {
        // The same index for every use of one ID, a different one for each ID.
        let mut index_of = std::collections::HashMap::new();
        for s in LOOPS.iter().flat_map(|l| l.segments) {
            let segment = Segment {
                raw: s.id.as_bytes(),
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            let id = Subject::new(&segment).id.expect("a guide ID is indexed");
            assert_eq!(*index_of.entry(s.id).or_insert(id), id, "{}", s.id);
        }
        let distinct: std::collections::HashSet<_> = index_of.values().collect();
        assert_eq!(distinct.len(), index_of.len());
        for other in [&b"hl"[..], b"H", b"HLLL", b"H-1", b"", b"ZZ9"] {
            let segment = Segment {
                raw: other,
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            assert_eq!(Subject::new(&segment).id, None, "{other:?}");
        }
        assert_ne!(id_slot(b"HL"), id_slot(b"HL0"));
    }
}
