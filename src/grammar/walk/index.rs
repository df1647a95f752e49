//! The guide's segment uses and child loops indexed by segment ID, so that placing a
//! segment looks at its own candidates only, and the segment being placed with what the
//! walker asks of it worked out once.

use std::cell::Cell;
use std::sync::LazyLock;

use super::{MAX_CHILDREN, MAX_USES};
use crate::grammar::{LOOPS, Qualifier, SegmentDef, Usage, bits, key};
use crate::x12::Segment;

/// The segment uses and child loops of one loop that a segment ID may be.
#[derive(Clone, Copy, Default)]
pub(super) struct Candidates {
    pub(super) uses: u64,
    pub(super) children: u16,
    /// Two of `uses` may accept the same qualifier value (or one has no qualifier), so a
    /// segment's qualifier alone may not tell them apart.
    pub(super) overlapping: bool,
    /// Where this loop's row of [`Index::fits`] for the ID begins (the row of nothing,
    /// at 0, when the loop has no candidate for it).
    row: u32,
}

/// The bits of a [`Index::fits`] entry that hold segment uses; child loops take the 16
/// above them.
pub(super) const USE_BITS: u64 = (1 << MAX_USES) - 1;

/// For each loop and segment ID, which of the loop's segment uses have that ID and which
/// of its child loops start with it, as bit sets; so placing a segment looks at its own
/// candidates only, not at every use of every open loop.
pub(super) struct Index {
    /// How many segment IDs the guide uses.
    ids: usize,
    /// The guide's segment IDs by [`id_key`], open addressing: the key in the low 32
    /// bits, the ID's index above them; 0 for an empty slot.
    id_slots: Vec<u64>,
    /// `[loop * ids.len() + id]`.
    candidates: Vec<Candidates>,
    /// `[loop]`: (required segment uses, required child loops).
    pub(super) required: Vec<(u64, u16)>,
    /// `[id]`: the qualifier of the ID's uses. Every use of one segment ID that has a
    /// qualifier keeps it in the same element (checked when the index is built).
    qualifiers: Vec<Option<&'static Qualifier>>,
    /// `[id]`: how many distinct codes the ID's qualifiers have.
    code_counts: Vec<u8>,
    /// The qualifier codes by (ID, key), open addressing: a code's number among its ID's.
    codes: Vec<CodeSlot>,
    /// For each loop and segment ID with candidates, a row with one entry per qualifier
    /// code of the ID, and one more for any other value: the candidate uses (low 48
    /// bits) and child loops (the 16 above) that accept the code. With it, what the
    /// qualifier allows is one lookup instead of a search of each candidate's codes.
    fits: Vec<u64>,
    /// `[loop * MAX_USES + use]`: what accepting a segment as that use needs.
    pub(super) uses: Vec<UseStep>,
    /// `[loop * MAX_CHILDREN + child]`: what starting that child loop needs.
    pub(super) children: Vec<ChildStep>,
}

/// A segment use as the walker takes it.
#[derive(Clone, Copy, Default)]
pub(super) struct UseStep {
    /// The loop's uses whose position is at or after this use's, so "at or after the
    /// loop's position" is a mask too.
    pub(super) rest: u64,
    /// [`SegmentDef::order`] and [`SegmentDef::max_use`].
    pub(super) order: u16,
    pub(super) max_use: Option<u32>,
}

/// A child loop as its parent starts it.
#[derive(Clone, Copy, Default)]
pub(super) struct ChildStep {
    /// Index into [`LOOPS`], and [`ChildLoop::repeat`](crate::grammar::ChildLoop).
    pub(super) loop_index: usize,
    pub(super) repeat: Option<u32>,
    /// The child's trigger as a use of the child ([`UseStep`] of its use 0).
    pub(super) trigger: UseStep,
}

#[derive(Clone, Copy)]
struct CodeSlot {
    key: u64,
    id: u8,
    code: u8,
}

/// Slots of the code table: a power of two, a few times the guide's qualifier codes.
const CODE_SLOTS: usize = 1 << 10;

fn code_hash(id: usize, k: u64) -> usize {
    let x = k.wrapping_add((id as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - CODE_SLOTS.trailing_zeros())) as usize
}

/// A value of at most 7 bytes as one integer, its length in the top byte (qualifier codes
/// are two or three characters); `None` for a longer one.
fn short_key(value: &[u8]) -> Option<u64> {
    if value.len() > 7 {
        return None;
    }
    let mut k = (value.len() as u64) << 56;
    for (i, &b) in value.iter().enumerate() {
        k |= u64::from(b) << (8 * i);
    }
    Some(k)
}

pub(super) static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut ids: Vec<u128> = LOOPS
        .iter()
        .flat_map(|l| l.segments.iter().map(|s| s.key))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut id_slots = vec![0u64; ID_SLOTS];
    for (i, &k) in ids.iter().enumerate() {
        let id = &k.to_le_bytes()[..(k >> 120) as usize];
        let k = id_key(id).expect("the guide's IDs are two or three characters");
        let mut at = id_hash(k);
        while id_slots[at] != 0 {
            at = (at + 1) % ID_SLOTS;
        }
        id_slots[at] = u64::from(k) | (i as u64) << 32;
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
    // Each ID's qualifier and its codes, numbered in the order met.
    let mut qualifiers: Vec<Option<&'static Qualifier>> = vec![None; ids.len()];
    let mut code_keys: Vec<Vec<&'static [u8]>> = vec![Vec::new(); ids.len()];
    for s in LOOPS.iter().flat_map(|l| l.segments) {
        let Some(q) = &s.qualifier else { continue };
        let id = ids.binary_search(&s.key).expect("indexed");
        let at = qualifiers[id].get_or_insert(q);
        assert!(
            (at.element, at.component) == (q.element, q.component),
            "{}: every use keeps its qualifier in the same element",
            s.id
        );
        for code in q.codes {
            if !code_keys[id].contains(&code.as_bytes()) {
                code_keys[id].push(code.as_bytes());
            }
        }
    }
    let mut codes = vec![
        CodeSlot {
            key: 0,
            id: NO_ID,
            code: 0
        };
        CODE_SLOTS
    ];
    for (id, keys) in code_keys.iter().enumerate() {
        for (code, value) in keys.iter().enumerate() {
            let k = short_key(value).expect("qualifier codes are short");
            let mut at = code_hash(id, k);
            while codes[at].id != NO_ID {
                at = (at + 1) % CODE_SLOTS;
            }
            codes[at] = CodeSlot {
                key: k,
                id: u8::try_from(id).expect("fewer than 255 segment IDs"),
                code: u8::try_from(code).expect("fewer than 255 codes"),
            };
        }
    }
    let code_counts: Vec<u8> = code_keys.iter().map(|k| k.len() as u8).collect();
    // A code's row entry: the uses and child triggers that accept the code; the entry
    // after the ID's codes is for any other value.
    let accepts = |s: &SegmentDef, id: usize, code: usize| match &s.qualifier {
        None => true,
        Some(q) => code_keys[id]
            .get(code)
            .is_some_and(|value| q.accepts(value)),
    };
    // One row of nothing, for every loop and ID without candidates.
    let longest = code_keys.iter().map(Vec::len).max().unwrap_or(0);
    let mut fits = vec![0; longest + 1];
    for (l, def) in LOOPS.iter().enumerate() {
        for id in 0..ids.len() {
            let c = &mut candidates[l * ids.len() + id];
            if c.uses == 0 && c.children == 0 {
                continue;
            }
            c.row = u32::try_from(fits.len()).expect("a small table");
            for code in 0..=code_keys[id].len() {
                let uses = bits(c.uses).filter(|&u| accepts(&def.segments[u], id, code));
                let children = bits(c.children.into())
                    .filter(|&ch| accepts(LOOPS[def.children[ch].index].trigger(), id, code));
                fits.push(
                    uses.fold(0, |m, u| m | 1 << u)
                        | children.fold(0, |m, ch| m | 1 << (MAX_USES + ch)),
                );
            }
        }
    }
    let mut uses = vec![UseStep::default(); LOOPS.len() * MAX_USES];
    for (l, def) in LOOPS.iter().enumerate() {
        for (u, s) in def.segments.iter().enumerate() {
            uses[l * MAX_USES + u] = UseStep {
                rest: def
                    .segments
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.order >= s.order)
                    .fold(0, |m, (v, _)| m | 1 << v),
                order: s.order,
                max_use: s.max_use,
            };
        }
    }
    let mut children = vec![ChildStep::default(); LOOPS.len() * MAX_CHILDREN];
    for (l, def) in LOOPS.iter().enumerate() {
        for (c, child) in def.children.iter().enumerate() {
            children[l * MAX_CHILDREN + c] = ChildStep {
                loop_index: child.index,
                repeat: child.repeat,
                trigger: uses[child.index * MAX_USES],
            };
        }
    }
    Index {
        ids: ids.len(),
        id_slots,
        candidates,
        required,
        qualifiers,
        code_counts,
        codes,
        fits,
        uses,
        children,
    }
});

impl Index {
    /// The number of qualifier code `value` among segment ID `id`'s codes; the ID's code
    /// count for any other value.
    fn code(&self, id: usize, value: &[u8]) -> usize {
        let Some(k) = short_key(value) else {
            return self.code_counts[id].into();
        };
        let mut at = code_hash(id, k);
        loop {
            let slot = &self.codes[at];
            if slot.id == NO_ID {
                return self.code_counts[id].into();
            }
            if usize::from(slot.id) == id && slot.key == k {
                return slot.code.into();
            }
            at = (at + 1) % CODE_SLOTS;
        }
    }
}

const NO_ID: u8 = u8::MAX;
/// Slots of the ID table: a power of two, several times the guide's segment IDs.
const ID_SLOTS: usize = 1 << 9;

/// A segment ID of two or three bytes as one integer, its length in the top byte (never
/// 0); `None` for another length, which no ID of the guide has.
fn id_key(id: &[u8]) -> Option<u32> {
    match *id {
        [a, b] => Some(u32::from(a) | u32::from(b) << 8 | 2 << 24),
        [a, b, c] => Some(u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16 | 3 << 24),
        _ => None,
    }
}

fn id_hash(k: u32) -> usize {
    (k.wrapping_mul(0x9E37_79B1) >> (32 - ID_SLOTS.trailing_zeros())) as usize
}

impl Index {
    /// The index of segment ID `id` among the guide's; `None` for an ID it does not use.
    #[inline]
    fn id_index(&self, id: &[u8]) -> Option<usize> {
        let k = id_key(id)?;
        let mut at = id_hash(k);
        loop {
            let slot = self.id_slots[at];
            if slot == 0 {
                return None;
            }
            if slot as u32 == k {
                return Some((slot >> 32) as usize);
            }
            at = (at + 1) % ID_SLOTS;
        }
    }

    /// The segment's ID and qualifier code as the tables know them; `None` for an ID the
    /// guide does not use. `id` is `segment.id()`, already read.
    #[inline]
    pub(super) fn key(&self, segment: &Segment<'_>, id: &[u8]) -> Option<Key> {
        let index = self.id_index(id)?;
        // Uses of one segment ID keep their qualifier in the same element, so its value
        // is read once, here.
        let code = match self.qualifiers[index] {
            Some(q) => self.code(
                index,
                qualifier_value(segment, id.len(), q.element, q.component),
            ),
            None => 0,
        };
        Some(Key { id: index, code })
    }

    /// The segment uses (low [`MAX_USES`] bits) and child loops (the bits above) of loop
    /// `loop_index` that a segment with this key may be, its qualifier considered; and
    /// whether those uses' qualifiers overlap.
    #[inline]
    pub(super) fn fits(&self, key: Key, loop_index: usize) -> (u64, bool) {
        let c = &self.candidates[loop_index * self.ids + key.id];
        (self.fits[c.row as usize + key.code], c.overlapping)
    }
}

/// A segment as the tables index it: its ID among the guide's, and the number of its
/// qualifier value among the ID's codes (see [`Index::fits`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    id: usize,
    code: usize,
}

/// [`Qualifier::value`], read from element `element` (component `component`, 0 for
/// none) of a segment whose ID is `id_len` bytes long: the same value, without a pass
/// over the ID or a search of the elements before it from the start.
pub(super) fn qualifier_value<'a>(
    segment: &Segment<'a>,
    id_len: usize,
    element: u8,
    component: u8,
) -> &'a [u8] {
    let piece = |value: &[u8], separator: u8| {
        value
            .iter()
            .position(|&b| b == separator)
            .unwrap_or(value.len())
    };
    let d = segment.delimiters;
    // The elements after the ID's separator; none without one.
    let Some(mut rest) = segment.raw.get(id_len + 1..) else {
        return &[];
    };
    for _ in 1..element {
        let end = piece(rest, d.element);
        if end == rest.len() {
            return &[];
        }
        rest = &rest[end + 1..];
    }
    let mut value = &rest[..piece(rest, d.element)];
    if component > 0 {
        for _ in 1..component {
            let end = piece(value, d.component);
            if end == value.len() {
                return &[];
            }
            value = &value[end + 1..];
        }
        value = &value[..piece(value, d.component)];
    }
    value
}

/// The segment being placed, with what the search asks of it worked out once.
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
            id: INDEX.id_index(segment.id()),
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
        // The envelope's segments are not the guide's: the walker leaves them to the X rules.
        for other in [&b"hl"[..], b"H", b"HLLL", b"H-1", b"", b"ZZ9", b"ST", b"SE"] {
            let segment = Segment {
                raw: other,
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            assert_eq!(Subject::new(&segment).id, None, "{other:?}");
        }
    }
}
