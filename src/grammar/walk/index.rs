//! The guide's segment uses and child loops indexed by segment ID, so that placing a
//! segment looks at its own candidates only, and the segment being placed with what the
//! walker asks of it worked out once.

use std::cell::Cell;
use std::sync::LazyLock;

use super::{MAX_CHILDREN, MAX_USES};
use crate::grammar::{LOOPS, Qualifier, ROOT, SegmentDef, Usage, bits, key};
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

/// The bits of a [`Fit::fits`] that hold segment uses; child loops take the 16
/// above them.
pub(super) const USE_BITS: u64 = (1 << MAX_USES) - 1;

/// For each loop and segment ID, which of the loop's segment uses have that ID and which
/// of its child loops start with it, as bit sets; so placing a segment looks at its own
/// candidates only, not at every use of every open loop.
pub(super) struct Index {
    /// How many segment IDs the guide uses.
    ids: usize,
    /// The guide's segment IDs by [`id_key`], each in the slot [`id_hash`] gives it
    /// (with `id_multiplier`), no two in one, so that a lookup is one probe; an empty
    /// slot's key is [`NO_KEY`].
    id_slots: Box<[IdSlot; ID_SLOTS]>,
    id_multiplier: u32,
    /// `[loop * ids.len() + id]`.
    candidates: Vec<Candidates>,
    /// `[loop]`: (required segment uses, required child loops).
    pub(super) required: Vec<(u64, u16)>,
    /// The qualifier codes by (ID, key), open addressing: the code's [`Key`].
    codes: Box<[CodeSlot; CODE_SLOTS]>,
    /// `[key]`: the loops with a segment use (other than the loop's own trigger, which
    /// starts an instance through the parent) or a child loop that a segment with this
    /// ID and qualifier fits, as a bit set: the open loops that can take it are found
    /// without a lookup in each.
    key_loops: Box<[u64; KEYS]>,
    /// `[key << 6 | loop]`: where in `fits` the key's entry for the loop is (0, an entry
    /// of nothing, where the loop has no candidate for it).
    fit_at: Box<[u16; KEYS << 6]>,
    /// The uses (low 48 bits) and child loops (the 16 above) of one loop that accept
    /// one qualifier code of one ID (or any other value of it). With it, what the
    /// qualifier allows is one lookup instead of a search of each candidate's codes.
    fits: Box<[Fit; FITS]>,
    /// `[loop * MAX_USES + use]`: what accepting a segment as that use needs.
    pub(super) uses: Box<[UseStep; MAX_LOOPS * MAX_USES]>,
    /// `[loop * MAX_CHILDREN + child]`: what starting that child loop needs.
    pub(super) children: Vec<ChildStep>,
    /// How many keys there are: the row length of `steps`.
    pub(super) keys: usize,
    /// `[node * MAX_CHILDREN + child]`: the node of the loop tree that child loop `child`
    /// of `node`'s loop is under it (see [`Index::step`]).
    pub(super) node_children: Vec<u8>,
    /// `[node]`: the loop of each node of the loop tree, and the node above it (the root's
    /// own for the root): what the tests walk the tree by.
    #[cfg(test)]
    pub(super) node_loops: Vec<(u8, u8)>,
    /// `[node * keys + key]`: what the search would find for a segment with the key when
    /// the innermost open loop is that node (see [`Step`]).
    steps: Vec<Step>,
}

/// The loop tree's root node (the transaction set's own loop, [`ROOT`]).
pub(super) const ROOT_NODE: u8 = 0;

/// What [`Walker::find_exact`](super::Walker) finds for a segment with one [`Key`] when the
/// innermost open loop is one node of the loop tree, where the answer does not depend on
/// how far the open loops have come. The loop tree, not the loop: 2300 is under 2000B and
/// under 2000C, and what is open above it differs. Worked out once for each node and key,
/// so the common placement is one lookup, not a look at each open loop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Step {
    /// The answer depends on more than the node (several uses of the loop fit, or a use
    /// of a loop below the innermost): the search decides.
    #[default]
    Search,
    /// The one use of the innermost loop the key fits, if the loop has not passed it
    /// (else the search decides).
    Use(u8),
    /// No open loop between the innermost and the loop `up` levels below it (0: the
    /// innermost itself) fits the key, and that loop fits it as the trigger of child
    /// loop `child` and as none of its own uses.
    Child { up: u8, child: u8 },
}

/// A segment ID in the tables.
#[derive(Clone, Copy)]
struct IdSlot {
    /// [`id_key`] of the ID; [`NO_KEY`] for an empty slot.
    key: u32,
    /// The ID's index among the guide's.
    id: u8,
    /// Where every use of the ID keeps its qualifier (element 0: none has one).
    element: u8,
    component: u8,
    /// The ID's first [`Key`]: one for each qualifier code, in the order met, then one
    /// for any other value (the only one of an ID without a qualifier).
    first: u16,
    /// How many distinct qualifier codes the ID has.
    codes: u16,
}

/// What one loop's uses and child loops make of a segment with one [`Key`].
#[derive(Clone, Copy, Default)]
pub(super) struct Fit {
    pub(super) fits: u64,
    /// Two of the uses may accept the same qualifier value (or one has no qualifier),
    /// so the qualifier alone may not tell them apart.
    pub(super) overlapping: bool,
}

/// A segment use as the walker takes it.
#[derive(Clone, Copy, Default)]
pub(super) struct UseStep {
    /// The loop's uses whose position is at or after this use's, so "at or after the
    /// loop's position" is a mask too.
    pub(super) rest: u64,
    /// [`SegmentDef::order`] and [`SegmentDef::max_use`] (`u32::MAX` for unbounded: no
    /// count exceeds it).
    pub(super) order: u16,
    pub(super) max_use: u32,
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
    /// The code as a [`short_key`].
    value: u64,
    id: u8,
    key: u16,
}

/// Slots of the code table: a power of two, a few times the guide's qualifier codes.
const CODE_SLOTS: usize = 1 << 10;

fn code_hash(id: usize, k: u64) -> usize {
    let x = k.wrapping_add((id as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - CODE_SLOTS.trailing_zeros())) as usize
}

/// A value of at most 7 bytes as one integer, its length in the top byte (qualifier codes
/// are two or three characters); `None` for a longer one.
#[inline]
pub(super) fn short_key(value: &[u8]) -> Option<u64> {
    // A qualifier code the caller read (HL03, DTP01) is two or three bytes: one pattern,
    // not a loop.
    let k = |bytes: u64, len: u64| Some(bytes | len << 56);
    match *value {
        [] => k(0, 0),
        [a, b] => k(u64::from(a) | u64::from(b) << 8, 2),
        [a, b, c] => k(u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16, 3),
        _ => short_key_plain(value),
    }
}

/// [`short_key`] a byte at a time.
fn short_key_plain(value: &[u8]) -> Option<u64> {
    if value.len() > 7 {
        return None;
    }
    let mut k = (value.len() as u64) << 56;
    for (i, &b) in value.iter().enumerate() {
        k |= u64::from(b) << (8 * i);
    }
    Some(k)
}

/// Room for the guide's loops (39), its keys (an ID's qualifier codes and one more, each
/// ID), and the entries of [`Index::fits`]: sizes known when compiling, so a lookup
/// checks its index against a constant.
const MAX_LOOPS: usize = 64;
const KEYS: usize = 512;
const FITS: usize = 2048;

/// A table of `N` copies of `value`, built on the heap.
fn boxed<T: Clone, const N: usize>(value: T) -> Box<[T; N]> {
    vec![value; N]
        .into_boxed_slice()
        .try_into()
        .ok()
        .expect("N entries")
}

pub(super) static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut ids: Vec<u128> = LOOPS
        .iter()
        .flat_map(|l| l.segments.iter().map(|s| s.key))
        .collect();
    ids.sort_unstable();
    ids.dedup();
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
        assert!(q.element > 0, "{}: a qualifier is an element", s.id);
        for code in q.codes {
            if !code_keys[id].contains(&code.as_bytes()) {
                code_keys[id].push(code.as_bytes());
            }
        }
    }
    // Each ID's keys: one per qualifier code, then one for any other value.
    let mut first = Vec::with_capacity(ids.len());
    let mut keys = 0usize;
    for codes in &code_keys {
        first.push(keys);
        keys += codes.len() + 1;
    }
    let id_keys: Vec<u32> = ids
        .iter()
        .map(|&k| {
            let id = &k.to_le_bytes()[..(k >> 120) as usize];
            id_key(id).expect("the guide's IDs are two or three characters")
        })
        .collect();
    let id_multiplier = id_multiplier(&id_keys);
    let mut id_slots = Box::new(
        [IdSlot {
            key: NO_KEY,
            id: NO_ID,
            element: 0,
            component: 0,
            first: 0,
            codes: 0,
        }; ID_SLOTS],
    );
    for (i, &k) in id_keys.iter().enumerate() {
        let at = id_hash(k, id_multiplier);
        let (element, component) = qualifiers[i].map_or((0, 0), |q| (q.element, q.component));
        id_slots[at] = IdSlot {
            key: k,
            id: u8::try_from(i).expect("fewer than 256 segment IDs"),
            element,
            component,
            first: u16::try_from(first[i]).expect("a small table"),
            codes: u16::try_from(code_keys[i].len()).expect("a small table"),
        };
    }
    let mut codes = Box::new(
        [CodeSlot {
            value: 0,
            id: NO_ID,
            key: 0,
        }; CODE_SLOTS],
    );
    for (id, values) in code_keys.iter().enumerate() {
        for (code, value) in values.iter().enumerate() {
            let k = short_key(value).expect("qualifier codes are short");
            let mut at = code_hash(id, k);
            while codes[at].id != NO_ID {
                at = (at + 1) % CODE_SLOTS;
            }
            codes[at] = CodeSlot {
                value: k,
                id: u8::try_from(id).expect("fewer than 255 segment IDs"),
                key: u16::try_from(first[id] + code).expect("a small table"),
            };
        }
    }
    // A code's entry: the uses and child triggers that accept the code; the entry after
    // the ID's codes is for any other value.
    // Each code keyed once ([`Qualifier::accepts`] keys its value on every call, and
    // this asks it for every loop, use and code: most of building the tables).
    let code_guide_keys: Vec<Vec<u128>> = code_keys
        .iter()
        .map(|values| values.iter().map(|value| key(value)).collect())
        .collect();
    let accepts = |s: &SegmentDef, id: usize, code: usize| match &s.qualifier {
        None => true,
        Some(q) => code_guide_keys[id]
            .get(code)
            .is_some_and(|k| q.keys.contains(k)),
    };
    assert!(LOOPS.len() <= MAX_LOOPS, "a loop is a bit of a u64");
    assert!(
        LOOPS
            .iter()
            .all(|l| l.children.iter().all(|c| c.index != ROOT)),
        "the root loop is only ever the bottom of the stack, where its trigger is a use"
    );
    assert!(keys <= KEYS, "{keys} keys");
    let mut key_loops: Box<[u64; KEYS]> = boxed(0);
    let mut fit_at: Box<[u16; KEYS << 6]> = boxed(0);
    let mut fits = vec![Fit::default()];
    // `[loop]`: (key, what the loop's own uses and child loops fit) for each key the loop
    // has a place for, for the loop tree's steps below.
    let mut own_fits: Vec<Vec<(usize, u64)>> = vec![Vec::new(); LOOPS.len()];
    for (l, def) in LOOPS.iter().enumerate() {
        for id in 0..ids.len() {
            let c = candidates[l * ids.len() + id];
            if c.uses == 0 && c.children == 0 {
                continue;
            }
            for code in 0..=code_keys[id].len() {
                let uses = bits(c.uses).filter(|&u| accepts(&def.segments[u], id, code));
                let children = bits(c.children.into())
                    .filter(|&ch| accepts(LOOPS[def.children[ch].index].trigger(), id, code));
                let fit = uses.fold(0, |m, u| m | 1 << u)
                    | children.fold(0, |m, ch| m | 1 << (MAX_USES + ch));
                let key = first[id] + code;
                // Below the root, a loop's trigger starts a new instance through the
                // parent: a key that fits only the trigger fits nothing in the loop.
                let own = if l == ROOT { fit } else { fit & !1 };
                if own != 0 {
                    key_loops[key] |= 1 << l;
                    own_fits[l].push((key, own));
                }
                if fit != 0 {
                    fit_at[key << 6 | l] = u16::try_from(fits.len()).expect("a small table");
                    fits.push(Fit {
                        fits: fit,
                        overlapping: c.overlapping,
                    });
                }
            }
        }
    }
    let mut uses: Box<[UseStep; MAX_LOOPS * MAX_USES]> = boxed(UseStep::default());
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
                max_use: s.max_use.unwrap_or(u32::MAX),
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
    let (node_loops, node_children) = loop_tree();
    // Each node's row: the loops open above it, outermost first, each overriding what
    // the loops outside it fit, as the search, innermost first, stops at the first loop
    // that fits.
    let mut steps = vec![Step::Search; node_loops.len() * keys];
    for (node, row) in steps.chunks_exact_mut(keys).enumerate() {
        let mut path = vec![node];
        while let Some(&n) = path.last()
            && n != usize::from(ROOT_NODE)
        {
            path.push(node_loops[n].1.into());
        }
        for (up, &n) in path.iter().enumerate().rev() {
            for &(key, own) in &own_fits[usize::from(node_loops[n].0)] {
                let uses = own & USE_BITS;
                row[key] = if uses == 0 {
                    let child = (own >> MAX_USES).trailing_zeros();
                    Step::Child {
                        up: u8::try_from(up).expect("a shallow tree"),
                        child: u8::try_from(child).expect("a child loop"),
                    }
                } else if up == 0 && uses.is_power_of_two() {
                    Step::Use(u8::try_from(uses.trailing_zeros()).expect("a use"))
                } else {
                    Step::Search
                };
            }
        }
    }
    Index {
        ids: ids.len(),
        id_slots,
        id_multiplier,
        candidates,
        required,
        codes,
        key_loops,
        fit_at,
        fits: {
            assert!(fits.len() <= FITS, "{} fits", fits.len());
            fits.resize(FITS, Fit::default());
            fits.into_boxed_slice()
                .try_into()
                .ok()
                .expect("FITS entries")
        },
        uses,
        children,
        keys,
        node_children,
        #[cfg(test)]
        node_loops,
        steps,
    }
});

/// The loop tree: each node's loop and the node above it, and each node's child loops'
/// nodes (`[node * MAX_CHILDREN + child]`), depth first from the root, [`ROOT_NODE`].
fn loop_tree() -> (Vec<(u8, u8)>, Vec<u8>) {
    let mut node_loops = vec![(
        u8::try_from(ROOT).expect("a loop index fits a u8"),
        ROOT_NODE,
    )];
    let mut node_children = Vec::new();
    let mut at = 0;
    // Nodes are numbered as they are met; each node's children are given numbers when
    // the node is reached, so every node is reached once.
    while at < node_loops.len() {
        node_children.resize((at + 1) * MAX_CHILDREN, u8::MAX);
        for (c, child) in LOOPS[usize::from(node_loops[at].0)]
            .children
            .iter()
            .enumerate()
        {
            node_children[at * MAX_CHILDREN + c] =
                u8::try_from(node_loops.len()).expect("fewer than 255 nodes");
            node_loops.push((
                u8::try_from(child.index).expect("a loop index fits a u8"),
                u8::try_from(at).expect("fewer than 255 nodes"),
            ));
        }
        at += 1;
    }
    (node_loops, node_children)
}

const NO_ID: u8 = u8::MAX;
/// Slots of the ID table: a power of two, several times the guide's segment IDs.
const ID_SLOTS: usize = 1 << 9;
/// The key of an empty ID slot: no [`id_key`] (its top byte is 2 or 3), and not 0, the
/// key the caller passes for an ID of another length.
const NO_KEY: u32 = u32::MAX;

/// A segment ID of two or three bytes as one integer, its length in the top byte (never
/// 0); `None` for another length, which no ID of the guide has.
fn id_key(id: &[u8]) -> Option<u32> {
    match *id {
        [a, b] => Some(u32::from(a) | u32::from(b) << 8 | 2 << 24),
        [a, b, c] => Some(u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16 | 3 << 24),
        _ => None,
    }
}

/// [`id_key`] of the segment's ID, read from its first bytes without a search for the
/// element separator (an ID of another length is none of the guide's).
#[inline]
pub(super) fn segment_id_key(raw: &[u8], separator: u8) -> Option<u32> {
    let (&a, &b) = (raw.first()?, raw.get(1)?);
    if a == separator || b == separator {
        return None;
    }
    let two = u32::from(a) | u32::from(b) << 8;
    match raw.get(2) {
        None => Some(two | 2 << 24),
        Some(&c) if c == separator => Some(two | 2 << 24),
        Some(&c) => match raw.get(3) {
            Some(&d) if d != separator => None,
            _ => Some(two | u32::from(c) << 16 | 3 << 24),
        },
    }
}

fn id_hash(k: u32, multiplier: u32) -> usize {
    (k.wrapping_mul(multiplier) >> (32 - ID_SLOTS.trailing_zeros())) as usize
}

/// The first of a fixed series of odd multipliers with which [`id_hash`] gives each of
/// `keys` a slot of its own (a few hundred tries at most for the guide's IDs).
fn id_multiplier(keys: &[u32]) -> u32 {
    (0..1u32 << 20)
        .map(|i| 0x9E37_79B1_u32.wrapping_add(i.wrapping_mul(0x6A09_E668)))
        .find(|&m| {
            let mut taken = [false; ID_SLOTS];
            keys.iter()
                .all(|&k| !std::mem::replace(&mut taken[id_hash(k, m)], true))
        })
        .expect("a multiplier that gives each of the guide's segment IDs a slot of its own")
}

impl Index {
    /// The slot of the ID with [`id_key`] `k`; `None` for an ID the guide does not use
    /// (and for 0). One probe: no two of the guide's IDs share a slot.
    #[inline]
    fn id_slot(&self, k: u32) -> Option<&IdSlot> {
        let slot = &self.id_slots[id_hash(k, self.id_multiplier)];
        (slot.key == k).then_some(slot)
    }

    /// The index of segment ID `id` among the guide's; `None` for an ID it does not use.
    fn id_index(&self, id: &[u8]) -> Option<usize> {
        self.id_slot(id_key(id)?).map(|slot| slot.id.into())
    }

    /// The segment's ID and qualifier code as the tables know them, its ID read already
    /// as an [`id_key`] (0 for an ID of another length); `None` for an ID the guide does
    /// not use. `qualifier` is the value of the ID's qualifier element when the caller
    /// has read it (see [`Walker::place_by_qualifier`](super::Walker::place_by_qualifier)),
    /// so it is not read again.
    #[inline]
    pub(super) fn key_by_id(
        &self,
        k: u32,
        segment: &Segment<'_>,
        qualifier: Option<&[u8]>,
    ) -> Option<Key> {
        let slot = self.id_slot(k)?;
        let mut key = usize::from(slot.first);
        // Uses of one segment ID keep their qualifier in the same element, so its value
        // is read once, here or by the caller.
        if slot.element > 0 {
            let id_len = (k >> 24) as usize;
            let value = match qualifier {
                Some(value) => {
                    #[cfg(test)]
                    assert_eq!(
                        value,
                        qualifier_value(segment, id_len, slot.element, slot.component),
                        "the qualifier passed is the segment's"
                    );
                    short_key(value)
                }
                None => qualifier_key(segment, id_len, slot.element, slot.component),
            };
            key = match value {
                Some(value) => self.code(slot, value),
                None => key + usize::from(slot.codes),
            };
        }
        Some(Key { key })
    }

    /// The loops with a place for a segment with this key ([`Index::key_loops`]).
    #[inline]
    pub(super) fn loops(&self, key: Key) -> u64 {
        // A key is below KEYS (asserted when the tables are built): the mask stands for
        // the bounds check.
        self.key_loops[key.key & (KEYS - 1)]
    }

    /// What a segment with this key is when the innermost open loop is node `node` of the
    /// loop tree, as far as the node alone tells.
    #[inline]
    pub(super) fn step(&self, node: u8, key: Key) -> Step {
        self.steps
            .get(usize::from(node) * self.keys + key.key)
            .copied()
            .unwrap_or_default()
    }

    /// The [`Key`] of qualifier value `value` (a [`short_key`]) of the ID in `slot`.
    #[inline]
    fn code(&self, slot: &IdSlot, value: u64) -> usize {
        let mut at = code_hash(slot.id.into(), value);
        loop {
            let code = &self.codes[at];
            if code.id == slot.id && code.value == value {
                return code.key.into();
            }
            if code.id == NO_ID {
                return usize::from(slot.first) + usize::from(slot.codes);
            }
            at = (at + 1) % CODE_SLOTS;
        }
    }

    /// The segment uses (low [`MAX_USES`] bits) and child loops (the bits above) of loop
    /// `loop_index` that a segment with this key may be, its qualifier considered; and
    /// whether those uses' qualifiers overlap.
    #[inline]
    pub(super) fn fit(&self, key: Key, loop_index: usize) -> Fit {
        // Keys, loops and entries are within the tables (asserted when they are built):
        // the masks stand for the bounds checks.
        let at = self.fit_at[(key.key << 6 | loop_index) & ((KEYS << 6) - 1)];
        self.fits[usize::from(at) & (FITS - 1)]
    }
}

/// A segment as the tables index it: the number of its ID and qualifier value among all
/// the IDs' codes (see [`Index::fit`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    pub(super) key: usize,
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

/// `short_key(qualifier_value(..))`, eight bytes at a time: a qualifier code and the
/// elements before it (`HL01`, `HL02`) are short, so the separator that ends each is
/// found in one word, and the code's key is that word masked.
#[inline]
pub(super) fn qualifier_key(
    segment: &Segment<'_>,
    id_len: usize,
    element: u8,
    component: u8,
) -> Option<u64> {
    if component > 1 {
        return short_key(qualifier_value(segment, id_len, element, component));
    }
    let raw = segment.raw;
    let d = segment.delimiters;
    let elements = ONES * u64::from(d.element);
    // The elements after the ID's separator; none without one.
    let mut at = id_len + 1;
    if at > raw.len() {
        return Some(0);
    }
    for _ in 1..element {
        loop {
            let (word, len) = word_at(raw, at);
            let end = first_equal(word, elements).min(len);
            if end < len {
                at += end + 1;
                break;
            }
            if len < 8 {
                // No separator after it: the element asked for is not there.
                return Some(0);
            }
            at += 8;
        }
    }
    let (word, len) = word_at(raw, at);
    let mut end = first_equal(word, elements);
    if component > 0 {
        end = end.min(first_equal(word, ONES * u64::from(d.component)));
    }
    let end = end.min(len);
    (end < 8).then(|| word & ((1 << (8 * end)) - 1) | (end as u64) << 56)
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// Up to eight bytes of `bytes` from `at` as a little-endian word, and how many there were.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> (u64, usize) {
    match bytes.get(at..at + 8) {
        Some(eight) => (
            u64::from_le_bytes(eight.try_into().expect("eight bytes")),
            8,
        ),
        // Fewer than eight bytes from `at` (a segment's last element): the segment's
        // last eight, shifted down, when it has eight.
        None if at <= bytes.len() && bytes.len() >= 8 => {
            let last = bytes.len() - 8;
            let word = u64::from_le_bytes(bytes[last..].try_into().expect("eight bytes"));
            let len = bytes.len() - at;
            // Two shifts: by 64 for none left would overflow one.
            (word >> (8 * (7 - len)) >> 8, len)
        }
        None => word_at_plain(bytes, at),
    }
}

/// [`word_at`] a byte at a time.
fn word_at_plain(bytes: &[u8], at: usize) -> (u64, usize) {
    let tail = bytes.get(at..).unwrap_or_default();
    let word = tail
        .iter()
        .rev()
        .fold(0, |word, &b| word << 8 | u64::from(b));
    (word, tail.len())
}

/// The index of the first byte of `word` equal to the byte that `splat` repeats; 8 for
/// none. (Bytes past a match may be misread, but none before it.)
#[inline]
fn first_equal(word: u64, splat: u64) -> usize {
    let x = word ^ splat;
    (x.wrapping_sub(ONES) & !x & ONES << 7).trailing_zeros() as usize / 8
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
    fn the_id_read_from_the_first_bytes_is_the_segments_id() {
        let texts: &[&[u8]] = &[
            b"", b"H", b"HL", b"HLX", b"HLXX", b"*", b"H*", b"*L", b"HL*", b"HL*1", b"HLX*",
            b"HLX*1", b"HLXX*1", b"**", b"H**", b"HL**", b"NM1*IL", b"N4", b"N4*A",
        ];
        for text in texts {
            let segment = Segment {
                raw: text,
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            assert_eq!(
                segment_id_key(text, b'*'),
                id_key(segment.id()),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn a_short_key_is_the_key_read_a_byte_at_a_time() {
        let bytes = b"4722\x80\xff*:ABCDEFGH";
        for begin in 0..bytes.len() {
            for end in begin..=bytes.len() {
                let value = &bytes[begin..end];
                assert_eq!(short_key(value), short_key_plain(value), "{value:?}");
            }
        }
    }

    #[test]
    fn a_word_read_near_the_end_is_the_word_read_a_byte_at_a_time() {
        let bytes: Vec<u8> = (1..=20).collect();
        for len in 0..=bytes.len() {
            for at in 0..=len + 9 {
                let expected = match bytes[..len].get(at..at + 8) {
                    Some(_) => None,
                    None => Some(word_at_plain(&bytes[..len], at)),
                };
                let (word, n) = word_at(&bytes[..len], at);
                if let Some(expected) = expected {
                    assert_eq!((word, n), expected, "len {len}, at {at}");
                } else {
                    assert_eq!(n, 8);
                    assert_eq!(word.to_le_bytes(), bytes[at..at + 8], "len {len}, at {at}");
                }
            }
        }
    }

    #[test]
    fn each_guide_id_has_a_slot_of_its_own() {
        let keys = [
            id_key(b"HL").unwrap(),
            id_key(b"NM1").unwrap(),
            id_key(b"N3").unwrap(),
        ];
        let m = id_multiplier(&keys);
        let slots: std::collections::HashSet<_> = keys.iter().map(|&k| id_hash(k, m)).collect();
        assert_eq!(slots.len(), keys.len());
        // The guide's: each found in one probe, and no other key the caller may pass (an
        // [`id_key`], or 0) found.
        for s in LOOPS.iter().flat_map(|l| l.segments) {
            let k = id_key(s.id.as_bytes()).unwrap();
            assert_eq!(INDEX.id_slot(k).map(|slot| slot.key), Some(k), "{}", s.id);
        }
        for other in [
            0,
            id_key(b"ST").unwrap(),
            id_key(b"ZZ9").unwrap(),
            id_key(b"N9").unwrap(),
        ] {
            assert!(INDEX.id_slot(other).is_none(), "{other:#x}");
        }
    }

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
