//! The guide's segment uses and child loops indexed by segment ID and by the nodes of the
//! loop tree, so that placing a segment looks at its own candidates only, and the segment
//! being placed with what the walker asks of it worked out once. The tables are worked out
//! when compiling, by constant evaluation of [`LOOPS`]: a run builds nothing.

use std::cell::Cell;

use super::{MAX_CHILDREN, MAX_USES};
use crate::grammar::{LOOPS, ROOT, SegmentDef, Usage, key};
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
    /// The guide's segment IDs by [`id_key`], each in the slot [`id_hash`] gives it
    /// (with `id_multiplier`), no two in one, so that a lookup is one probe; an empty
    /// slot's key is [`NO_KEY`].
    id_slots: [IdSlot; ID_SLOTS],
    id_multiplier: u32,
    /// `[loop * IDS + id]`.
    candidates: [Candidates; LOOP_COUNT * IDS],
    /// `[loop]`: (required segment uses, required child loops).
    pub(super) required: [(u64, u16); LOOP_COUNT],
    /// The qualifier codes by (ID, key), open addressing: the code's [`Key`].
    codes: [CodeSlot; CODE_SLOTS],
    /// `[key]`: the loops with a segment use (other than the loop's own trigger, which
    /// starts an instance through the parent) or a child loop that a segment with this
    /// ID and qualifier fits, as a bit set: the open loops that can take it are found
    /// without a lookup in each.
    key_loops: [u64; KEYS],
    /// `[key << 6 | loop]`: where in `fits` the key's entry for the loop is (0, an entry
    /// of nothing, where the loop has no candidate for it).
    fit_at: [u16; KEYS << 6],
    /// The uses (low 48 bits) and child loops (the 16 above) of one loop that accept
    /// one qualifier code of one ID (or any other value of it). With it, what the
    /// qualifier allows is one lookup instead of a search of each candidate's codes.
    fits: [Fit; FITS],
    /// `[loop * MAX_USES + use]`: what accepting a segment as that use needs.
    pub(super) uses: [UseStep; MAX_LOOPS * MAX_USES],
    /// `[node]`: what starting the loop of that node of the loop tree needs (the
    /// root's entry is not used): the node, not the parent's loop and child, so that a
    /// [`Step::Child`] finds it in one lookup.
    pub(super) children: [ChildStep; NODES],
    /// `[node * MAX_CHILDREN + child]`: the node of the loop tree that child loop `child`
    /// of `node`'s loop is under it (see [`Index::step`]).
    pub(super) node_children: [u8; NODES * MAX_CHILDREN],
    /// `[node]`: the loop of each node of the loop tree, and the node above it (the root's
    /// own for the root): what the tests walk the tree by.
    #[cfg(test)]
    pub(super) node_loops: [(u8, u8); NODES],
    /// `[node * KEY_COUNT + key]`: what the search would find for a segment with the key
    /// when the innermost open loop is that node (see [`Step`]).
    steps: [Step; NODES * KEY_COUNT],
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
    /// loop `child` and as none of its own uses; `node` is that child loop's node.
    Child { up: u8, child: u8, node: u8 },
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

const fn code_hash(id: usize, k: u64) -> usize {
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
/// Room for the guide's segment IDs, one ID's qualifier codes and the loop tree's nodes
/// while the tables are worked out.
const MAX_IDS: usize = 128;
const MAX_CODES: usize = 128;
const MAX_NODES: usize = 255;

/// How many loops the guide has.
const LOOP_COUNT: usize = LOOPS.len();
/// The guide's segment IDs as [`key`]s, sorted, and how many there are.
static GUIDE_IDS: ([u128; MAX_IDS], usize) = guide_ids();
const IDS: usize = GUIDE_IDS.1;
/// `[id]`: the ID's qualifier codes as [`key`]s, in the order met, how many there are, and
/// where every use of the ID keeps its qualifier (element 0: none has one). Statics, not
/// constants, while the tables are worked out: a constant is copied where it is read.
static CODES: Codes = codes();
/// How many keys there are: each ID's codes and one more.
pub(super) const KEY_COUNT: usize = CODES.keys;
/// The loop tree: each node's loop and the node above it, and how many nodes there are.
static TREE: Tree = loop_tree();
const NODES: usize = TREE.count;

/// The tables, worked out when compiling: a run builds nothing (built at first use, they
/// cost a 1 KB file a third of its instructions). The lint guards against an evaluation
/// that never ends; this one ends, and grows with the guide.
#[allow(long_running_const_eval)]
pub(super) static INDEX: Index = Index::build();

/// Each segment ID's qualifier codes, while the tables are worked out.
struct Codes {
    keys_of: [[u128; MAX_CODES]; MAX_IDS],
    count: [usize; MAX_IDS],
    /// `[id]`: (element, component) of the ID's qualifier; (0, 0) for none.
    element: [(u8, u8); MAX_IDS],
    /// `[id]`: the ID's first [`Key`].
    first: [usize; MAX_IDS],
    keys: usize,
}

/// The loop tree, depth first from the root ([`ROOT_NODE`]): a node's children are
/// numbered when the node is reached, so every node is reached once.
struct Tree {
    /// `[node]`: the node's loop and the node above it (the root's own for the root).
    loops: [(u8, u8); MAX_NODES],
    /// `[node * MAX_CHILDREN + child]`: the node of the node's child loop `child`.
    children: [u8; MAX_NODES * MAX_CHILDREN],
    count: usize,
}

const fn guide_ids() -> ([u128; MAX_IDS], usize) {
    let mut ids = [0u128; MAX_IDS];
    let mut n = 0;
    let mut l = 0;
    while l < LOOP_COUNT {
        let segments = LOOPS[l].segments;
        let mut u = 0;
        while u < segments.len() {
            // Insertion into the sorted list, once each.
            let k = segments[u].key;
            let mut at = 0;
            while at < n && ids[at] < k {
                at += 1;
            }
            if at == n || ids[at] != k {
                assert!(n < MAX_IDS, "room for the guide's segment IDs");
                let mut i = n;
                while i > at {
                    ids[i] = ids[i - 1];
                    i -= 1;
                }
                ids[at] = k;
                n += 1;
            }
            u += 1;
        }
        l += 1;
    }
    (ids, n)
}

/// The index among the guide's IDs of the ID with [`key`] `k`.
const fn id_index(k: u128) -> usize {
    let mut i = 0;
    while i < IDS {
        if GUIDE_IDS.0[i] == k {
            return i;
        }
        i += 1;
    }
    panic!("a guide segment ID")
}

const fn codes() -> Codes {
    let mut c = Codes {
        keys_of: [[0; MAX_CODES]; MAX_IDS],
        count: [0; MAX_IDS],
        element: [(0, 0); MAX_IDS],
        first: [0; MAX_IDS],
        keys: 0,
    };
    let mut l = 0;
    while l < LOOP_COUNT {
        let segments = LOOPS[l].segments;
        let mut u = 0;
        while u < segments.len() {
            let s = &segments[u];
            if let Some(q) = &s.qualifier {
                let id = id_index(s.key);
                assert!(q.element > 0, "a qualifier is an element");
                if c.element[id].0 == 0 {
                    c.element[id] = (q.element, q.component);
                }
                assert!(
                    c.element[id].0 == q.element && c.element[id].1 == q.component,
                    "every use of a segment ID keeps its qualifier in the same element"
                );
                let mut k = 0;
                while k < q.keys.len() {
                    let code = q.keys[k];
                    let mut seen = false;
                    let mut i = 0;
                    while i < c.count[id] {
                        seen |= c.keys_of[id][i] == code;
                        i += 1;
                    }
                    if !seen {
                        assert!(c.count[id] < MAX_CODES, "room for an ID's codes");
                        assert!(code >> 120 <= 7, "qualifier codes are short");
                        c.keys_of[id][c.count[id]] = code;
                        c.count[id] += 1;
                    }
                    k += 1;
                }
            }
            u += 1;
        }
        l += 1;
    }
    // Each ID's keys: one per qualifier code, then one for any other value.
    let mut id = 0;
    while id < IDS {
        c.first[id] = c.keys;
        c.keys += c.count[id] + 1;
        id += 1;
    }
    assert!(c.keys <= KEYS, "room for the keys");
    c
}

const fn loop_tree() -> Tree {
    let mut t = Tree {
        loops: [(0, 0); MAX_NODES],
        children: [u8::MAX; MAX_NODES * MAX_CHILDREN],
        count: 1,
    };
    t.loops[0] = (ROOT as u8, ROOT_NODE);
    let mut at = 0;
    while at < t.count {
        let children = LOOPS[t.loops[at].0 as usize].children;
        let mut c = 0;
        while c < children.len() {
            assert!(t.count < MAX_NODES, "room for the loop tree");
            assert!(children[c].index < 255, "a loop index fits a u8");
            t.children[at * MAX_CHILDREN + c] = t.count as u8;
            t.loops[t.count] = (children[c].index as u8, at as u8);
            t.count += 1;
            c += 1;
        }
        at += 1;
    }
    t
}

/// [`short_key`] of a code's [`key`] (of at most seven bytes).
const fn short_of(k: u128) -> u64 {
    (k as u64 & ((1 << 56) - 1)) | ((k >> 120) as u64) << 56
}

/// Whether uses `a` and `b` of one segment ID may accept the same qualifier value.
const fn overlaps(a: &SegmentDef, b: &SegmentDef) -> bool {
    match (&a.qualifier, &b.qualifier) {
        (Some(a), Some(b)) => {
            let mut i = 0;
            while i < a.keys.len() {
                if contains(b.keys, a.keys[i]) {
                    return true;
                }
                i += 1;
            }
            false
        }
        _ => true,
    }
}

const fn contains(keys: &[u128], k: u128) -> bool {
    let mut i = 0;
    while i < keys.len() {
        if keys[i] == k {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether use `s` accepts code `code` of ID `id` (the code after the ID's last: any
/// other value).
const fn accepts(s: &SegmentDef, id: usize, code: usize) -> bool {
    match &s.qualifier {
        None => true,
        Some(q) => code < CODES.count[id] && contains(q.keys, CODES.keys_of[id][code]),
    }
}

/// [`UseStep`] of use `u` of loop `l`.
const fn use_step(l: usize, u: usize) -> UseStep {
    let segments = LOOPS[l].segments;
    let order = segments[u].order;
    let mut rest = 0;
    let mut v = 0;
    while v < segments.len() {
        if segments[v].order >= order {
            rest |= 1 << v;
        }
        v += 1;
    }
    UseStep {
        rest,
        order,
        max_use: match segments[u].max_use {
            Some(max) => max,
            None => u32::MAX,
        },
    }
}

impl Index {
    const fn build() -> Index {
        const { assert!(LOOP_COUNT <= MAX_LOOPS, "a loop is a bit of a u64") };
        let mut candidates = [Candidates {
            uses: 0,
            children: 0,
            overlapping: false,
        }; LOOP_COUNT * IDS];
        let mut required = [(0u64, 0u16); LOOP_COUNT];
        let mut l = 0;
        while l < LOOP_COUNT {
            let def = &LOOPS[l];
            let mut u = 0;
            while u < def.segments.len() {
                let s = &def.segments[u];
                let c = &mut candidates[l * IDS + id_index(s.key)];
                let mut o = 0;
                while o < u {
                    if c.uses >> o & 1 != 0 && overlaps(s, &def.segments[o]) {
                        c.overlapping = true;
                    }
                    o += 1;
                }
                c.uses |= 1 << u;
                if matches!(s.usage, Usage::Required) {
                    required[l].0 |= 1 << u;
                }
                u += 1;
            }
            let mut ch = 0;
            while ch < def.children.len() {
                let child = &def.children[ch];
                assert!(
                    child.index != ROOT,
                    "the root loop is only the bottom of the stack"
                );
                let trigger = &LOOPS[child.index].segments[0];
                candidates[l * IDS + id_index(trigger.key)].children |= 1 << ch;
                if matches!(child.usage, Usage::Required) {
                    required[l].1 |= 1 << ch;
                }
                ch += 1;
            }
            l += 1;
        }

        // The IDs' slots, one each.
        let mut id_keys = [0u32; MAX_IDS];
        let mut id = 0;
        while id < IDS {
            let k = GUIDE_IDS.0[id];
            let len = (k >> 120) as u32;
            assert!(
                len == 2 || len == 3,
                "the guide's IDs are two or three characters"
            );
            id_keys[id] = (k as u32 & 0x00FF_FFFF) | len << 24;
            id += 1;
        }
        let id_multiplier = id_multiplier(id_keys.split_at(IDS).0);
        let mut id_slots = [IdSlot {
            key: NO_KEY,
            id: NO_ID,
            element: 0,
            component: 0,
            first: 0,
            codes: 0,
        }; ID_SLOTS];
        let mut id = 0;
        while id < IDS {
            assert!(id < NO_ID as usize, "fewer than 255 segment IDs");
            id_slots[id_hash(id_keys[id], id_multiplier)] = IdSlot {
                key: id_keys[id],
                id: id as u8,
                element: CODES.element[id].0,
                component: CODES.element[id].1,
                first: CODES.first[id] as u16,
                codes: CODES.count[id] as u16,
            };
            id += 1;
        }
        let mut codes = [CodeSlot {
            value: 0,
            id: NO_ID,
            key: 0,
        }; CODE_SLOTS];
        let mut id = 0;
        while id < IDS {
            let mut code = 0;
            while code < CODES.count[id] {
                let k = short_of(CODES.keys_of[id][code]);
                let mut at = code_hash(id, k);
                while codes[at].id != NO_ID {
                    at = (at + 1) % CODE_SLOTS;
                }
                codes[at] = CodeSlot {
                    value: k,
                    id: id as u8,
                    key: (CODES.first[id] + code) as u16,
                };
                code += 1;
            }
            id += 1;
        }

        // A code's entry: the uses and child triggers that accept the code; the entry
        // after the ID's codes is for any other value.
        let mut key_loops = [0u64; KEYS];
        let mut fit_at = [0u16; KEYS << 6];
        let mut fits = [Fit {
            fits: 0,
            overlapping: false,
        }; FITS];
        let mut fit_count = 1;
        let mut l = 0;
        while l < LOOP_COUNT {
            let def = &LOOPS[l];
            let mut id = 0;
            while id < IDS {
                let c = candidates[l * IDS + id];
                let mut code = 0;
                while (c.uses != 0 || c.children != 0) && code <= CODES.count[id] {
                    let mut fit = 0u64;
                    let mut m = c.uses;
                    while m != 0 {
                        let u = m.trailing_zeros() as usize;
                        m &= m - 1;
                        if accepts(&def.segments[u], id, code) {
                            fit |= 1 << u;
                        }
                    }
                    let mut m = c.children;
                    while m != 0 {
                        let ch = m.trailing_zeros() as usize;
                        m &= m - 1;
                        let trigger = &LOOPS[def.children[ch].index].segments[0];
                        if accepts(trigger, id, code) {
                            fit |= 1 << (MAX_USES + ch);
                        }
                    }
                    let key = CODES.first[id] + code;
                    // Below the root, a loop's trigger starts a new instance through the
                    // parent: a key that fits only the trigger fits nothing in the loop.
                    let own = if l == ROOT { fit } else { fit & !1 };
                    if own != 0 {
                        key_loops[key] |= 1 << l;
                    }
                    if fit != 0 {
                        assert!(fit_count < FITS, "room for the fits");
                        fit_at[key << 6 | l] = fit_count as u16;
                        fits[fit_count] = Fit {
                            fits: fit,
                            overlapping: c.overlapping,
                        };
                        fit_count += 1;
                    }
                    code += 1;
                }
                id += 1;
            }
            l += 1;
        }

        let mut uses = [UseStep {
            rest: 0,
            order: 0,
            max_use: 0,
        }; MAX_LOOPS * MAX_USES];
        let mut l = 0;
        while l < LOOP_COUNT {
            let def = &LOOPS[l];
            let mut u = 0;
            while u < def.segments.len() {
                uses[l * MAX_USES + u] = use_step(l, u);
                u += 1;
            }
            l += 1;
        }
        let mut children = [ChildStep {
            loop_index: 0,
            repeat: None,
            trigger: UseStep {
                rest: 0,
                order: 0,
                max_use: 0,
            },
        }; NODES];
        let mut node = 0;
        while node < NODES {
            let parent_loop = &LOOPS[TREE.loops[node].0 as usize];
            let mut c = 0;
            while c < parent_loop.children.len() {
                let child = &parent_loop.children[c];
                children[TREE.children[node * MAX_CHILDREN + c] as usize] = ChildStep {
                    loop_index: child.index,
                    repeat: child.repeat,
                    trigger: use_step(child.index, 0),
                };
                c += 1;
            }
            node += 1;
        }

        // Each node's row: the loops open above it, outermost first, each overriding
        // what the loops outside it fit, as the search, innermost first, stops at the
        // first loop that fits.
        let mut steps = [Step::Search; NODES * KEY_COUNT];
        let mut node = 0;
        while node < NODES {
            let mut path = [0usize; MAX_NODES];
            let mut depth = 0;
            let mut n = node;
            loop {
                path[depth] = n;
                depth += 1;
                if n == ROOT_NODE as usize {
                    break;
                }
                n = TREE.loops[n].1 as usize;
            }
            let mut up = depth;
            while up > 0 {
                up -= 1;
                let n = path[up];
                let l = TREE.loops[n].0 as usize;
                let mut key = 0;
                while key < KEY_COUNT {
                    let fit = fits[fit_at[key << 6 | l] as usize].fits;
                    let own = if l == ROOT { fit } else { fit & !1 };
                    let uses = own & USE_BITS;
                    if own != 0 {
                        steps[node * KEY_COUNT + key] = if uses == 0 {
                            let child = (own >> MAX_USES).trailing_zeros() as usize;
                            Step::Child {
                                up: up as u8,
                                child: child as u8,
                                node: TREE.children[n * MAX_CHILDREN + child],
                            }
                        } else if up == 0 && uses.is_power_of_two() {
                            Step::Use(uses.trailing_zeros() as u8)
                        } else {
                            Step::Search
                        };
                    }
                    key += 1;
                }
            }
            node += 1;
        }
        let mut node_children = [0u8; NODES * MAX_CHILDREN];
        let mut i = 0;
        while i < NODES * MAX_CHILDREN {
            node_children[i] = TREE.children[i];
            i += 1;
        }
        #[cfg(test)]
        let node_loops = {
            let mut loops = [(0u8, 0u8); NODES];
            let mut i = 0;
            while i < NODES {
                loops[i] = TREE.loops[i];
                i += 1;
            }
            loops
        };
        Index {
            id_slots,
            id_multiplier,
            candidates,
            required,
            codes,
            key_loops,
            fit_at,
            fits,
            uses,
            children,
            node_children,
            #[cfg(test)]
            node_loops,
            steps,
        }
    }
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

const fn id_hash(k: u32, multiplier: u32) -> usize {
    (k.wrapping_mul(multiplier) >> (32 - ID_SLOTS.trailing_zeros())) as usize
}

/// The first of a fixed series of odd multipliers with which [`id_hash`] gives each of
/// `keys` a slot of its own (a few hundred tries at most for the guide's IDs).
const fn id_multiplier(keys: &[u32]) -> u32 {
    let mut try_index = 0u32;
    loop {
        let m = 0x9E37_79B1_u32.wrapping_add(try_index.wrapping_mul(0x6A09_E668));
        let mut taken = [false; ID_SLOTS];
        let mut all = true;
        let mut i = 0;
        while i < keys.len() && all {
            let at = id_hash(keys[i], m);
            all = !taken[at];
            taken[at] = true;
            i += 1;
        }
        if all {
            return m;
        }
        try_index += 1;
        assert!(
            try_index < 1 << 20,
            "a multiplier that gives each of the guide's segment IDs a slot of its own"
        );
    }
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
    #[inline(always)]
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
            .get(usize::from(node) * KEY_COUNT + key.key)
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
/// found in one word, and the code's key is that word masked. Out of line: the claim
/// model reads most qualifiers itself, and the walker's step is inlined in its loop.
#[inline(never)]
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
            INDEX.candidates[loop_index * IDS + id]
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
