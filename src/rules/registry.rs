//! The registry row: everything about a rule, in one `META` constant in the rule's file.
//!
//! [`crate::rule::Rule`] lists the rules; this module attaches each one's row, and builds the
//! [`Plan`] the dispatchers follow: per node, the checks of the enabled rules, and the
//! elements the enabled rules own.

use super::Checker;
use super::nodes::{
    GroupNode, HlNode, InterchangeNode, LineNode, SegmentNode, SetNode, StructureNode, Sv1Node,
};
use super::s::ClaimLines;
use crate::claim::{Claim, Drug, Transaction};
use crate::rule::{Node, Owned, Plan, Rule, RuleBits, Severity, rule_table};
use crate::settings::Settings;
use crate::x12::SyntaxProblem;
use serde::Serialize;

/// The WEDI SNIP type a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snip {
    /// 1: EDI syntax integrity.
    Integrity = 1,
    /// 2: HIPAA implementation-guide requirements.
    Requirements = 2,
    /// 3: balancing.
    Balancing = 3,
    /// 4: situational rules.
    Situational = 4,
    /// 5: external code sets.
    CodeSets = 5,
    /// 7: trading-partner (payer) specific.
    Payer = 7,
}

/// A code family: the letter a rule's code starts with, and the folder its file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Family {
    /// `B`: amounts that must add up.
    B,
    /// `C`: procedure codes, modifiers and other external code sets.
    C,
    /// `H`: implementation-guide requirements.
    H,
    /// `P`: payer profiles.
    P,
    /// `S`: situational requirements.
    S,
    /// `X`: file encoding, delimiters and the ISA/GS/ST envelope.
    X,
}

impl Family {
    pub const ALL: [Family; 6] = [
        Family::X,
        Family::H,
        Family::B,
        Family::S,
        Family::C,
        Family::P,
    ];

    pub fn of(code: &str) -> Option<Family> {
        match code.as_bytes().first()? {
            b'B' => Some(Family::B),
            b'C' => Some(Family::C),
            b'H' => Some(Family::H),
            b'P' => Some(Family::P),
            b'S' => Some(Family::S),
            b'X' => Some(Family::X),
            _ => None,
        }
    }

    pub fn letter(self) -> char {
        match self {
            Family::B => 'B',
            Family::C => 'C',
            Family::H => 'H',
            Family::P => 'P',
            Family::S => 'S',
            Family::X => 'X',
        }
    }

    /// What the family checks, for `claimlint rules` and the README.
    pub fn title(self) -> &'static str {
        match self {
            Family::X => "Syntax and envelope",
            Family::H => "Implementation-guide requirements",
            Family::B => "Balancing",
            Family::S => "Situational",
            Family::C => "Code sets",
            Family::P => "Payer profile",
        }
    }
}

/// The acknowledgment codes a rule maps to, for the 999 and TA1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ack {
    /// TA1 note code (I18).
    pub ta1: Option<&'static str>,
    /// IK304 segment syntax error code.
    pub ik304: Option<&'static str>,
    /// IK403 element syntax error code.
    pub ik403: Option<&'static str>,
    /// IK502 transaction set syntax error code.
    pub ik502: Option<&'static str>,
    /// AK905 functional group syntax error code.
    pub ak905: Option<&'static str>,
}

impl Ack {
    pub const NONE: Ack = Ack {
        ta1: None,
        ik304: None,
        ik403: None,
        ik502: None,
        ak905: None,
    };

    /// Whether any acknowledgment code is set.
    pub fn is_some(&self) -> bool {
        *self != Ack::NONE
    }
}

/// How a 277CA (005010X214) reports a claim this rule rejects: STC01 of the claim status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimStatus {
    /// Claim status category code (STC01-1), e.g. `A7`.
    pub category: &'static str,
    /// Claim status code (STC01-2), e.g. `254`.
    pub status: &'static str,
    /// Entity identifier code (STC01-3), when the status is about an entity, e.g. `85`.
    pub entity: Option<&'static str>,
}

/// A rule's check on one node of the model. The dispatchers call it for every node of its
/// kind while the rule is enabled; the rule never decides whether it runs.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// Reported by the code that meets the problem on that node, through the rule's
    /// `report` function: the element table classifies each element finding into one rule
    /// (H028–H042); reading the file and guarding memory report X040 and X041.
    Finding(Node),
    /// Each problem the envelope reader met (encoding, delimiters, trailers); the check
    /// reports the kinds it is about.
    Syntax(fn(&mut Checker<'_>, &SyntaxProblem)),
    /// Each finding of the loop walker; the check reports the kinds it is about.
    Structure(fn(&mut Checker<'_>, &StructureNode<'_, '_>)),
    Interchange(fn(&mut Checker<'_>, &InterchangeNode<'_, '_>)),
    Group(fn(&mut Checker<'_>, &GroupNode<'_, '_>)),
    TransactionSet(fn(&mut Checker<'_>, &SetNode<'_, '_>)),
    Transaction(fn(&mut Checker<'_>, &Transaction<'_>)),
    /// Each segment of a transaction set whose ID is one of `ids`, in file order, with the
    /// checker's loop, claim and line set for it. One pass over the set serves every such
    /// check, so a rule about a few segment IDs costs nothing on the others.
    ///
    /// What such a check finds depends only on the segment's bytes and the use it is placed
    /// as (the rest of the set may name the claim of a finding, never decide it): a repeat,
    /// byte for byte as the same use, of a segment in which no check found anything is not
    /// checked again (`SEGMENT_CHECKS_READ_ONLY_THEIR_SEGMENT` lists the rules reviewed).
    Segment {
        ids: &'static [&'static str],
        check: SegmentCheck,
    },
    Hl(fn(&mut Checker<'_>, &HlNode<'_, '_>)),
    Claim(fn(&mut Checker<'_>, &Claim<'_>)),
    ClaimLines(fn(&mut Checker<'_>, &ClaimLines<'_, '_>)),
    Line(fn(&mut Checker<'_>, &LineNode<'_, '_>)),
    Sv1(fn(&mut Checker<'_>, &Sv1Node<'_, '_>)),
    Drug(fn(&mut Checker<'_>, &Drug<'_>)),
}

impl Check {
    /// The node the check runs on.
    pub fn node(&self) -> Node {
        match self {
            Check::Finding(node) => *node,
            Check::Syntax(_) => Node::Syntax,
            Check::Structure(_) => Node::Structure,
            Check::Interchange(_) => Node::Interchange,
            Check::Group(_) => Node::Group,
            Check::TransactionSet(_) => Node::TransactionSet,
            Check::Transaction(_) => Node::Transaction,
            Check::Segment { .. } => Node::Segment,
            Check::Hl(_) => Node::Hl,
            Check::Claim(_) => Node::Claim,
            Check::ClaimLines(_) => Node::ClaimLines,
            Check::Line(_) => Node::Line,
            Check::Sv1(_) => Node::Sv1,
            Check::Drug(_) => Node::Drug,
        }
    }
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Check({})", self.node().as_str())
    }
}

/// More than the segment uses of any loop of the guide: the last slot of a loop stands for
/// a segment placed in it as no use.
const MAX_USES: usize = 64;

/// A check on [`Node::Segment`].
pub(crate) type SegmentCheck = fn(&mut Checker<'_>, &SegmentNode<'_, '_>);

/// What the pass over a set needs of a segment placed as one use of the guide, in one
/// look by its placement: the use, and the segment checks that want its ID.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct UseEntry {
    /// The use; `None` for a segment placed as no use (unknown, misplaced, ST and SE).
    pub(crate) def: Option<&'static crate::grammar::SegmentDef>,
    /// The use's number among all uses of the guide (from 1, loop by loop), for
    /// [`CleanSegments`](crate::grammar::elements::CleanSegments).
    pub(crate) number: u32,
    /// The [`id_key`] of the use's ID when a check or count wants it, else 0.
    pub(crate) key: u32,
    /// The checks that want it (the [`segment_bit`]s of their rules).
    pub(crate) wanted: u32,
    /// Its segments are never a repeat of one before them in their set: HL01 and CLM01
    /// tell each HL and each claim apart, so that looking for a repeat is wasted.
    pub(crate) unique: bool,
}

/// The enabled segment checks of a [`Plan`], by segment ID: a hash table without
/// collisions, so that the pass over a set finds a segment's checks with one look
/// however many there are.
#[derive(Debug, Clone, Default)]
pub(crate) struct SegmentTable {
    /// Per segment ID ([`id_key`]), at its [`slot`](Self::slot): the key, and the
    /// [`segment_bit`] of each enabled rule whose segment check wants it; `(0, 0)` in a
    /// slot no ID takes (no key is 0). HL, CLM and LX are always listed: the pass counts
    /// claims and lines with them.
    slots: Vec<(u32, u32)>,
    /// The number of bits of a slot.
    bits: u32,
    /// The same by the guide's segment use a segment was placed in, with the use: `[loop *
    /// MAX_USES + use]` for loop `loop` of [`LOOPS`](crate::grammar::LOOPS), `[loop *
    /// MAX_USES + MAX_USES - 1]` for no use. A placed segment's ID is its use's, so the
    /// pass need not read it. Checks a [`LEFT_TO`] row leaves to another rule are not
    /// wanted by the use the row names.
    by_use: Vec<UseEntry>,
    /// The entries of `by_use` that [`LEFT_TO`] took checks out of, as they were before,
    /// by index, for a segment placed by its ID alone
    /// ([`Placement::qualified`](crate::grammar::Placement) false): its qualifier is not
    /// its use's, so no row can tell it is left to another rule. A handful at most: a
    /// second copy of `by_use` cost every run's start-up a copy of the whole table.
    restored: Vec<(usize, UseEntry)>,
    /// Whether any segment check is enabled.
    any: bool,
}

impl SegmentTable {
    /// The table of the segment checks of the rules of `enabled`, each wanting its IDs
    /// with its [`segment_bit`].
    fn new(enabled: &RuleBits) -> Self {
        let mut table = SegmentTable::default();
        let loops = &crate::grammar::LOOPS;
        table.by_use = vec![UseEntry::default(); loops.len() * MAX_USES];
        // The uses numbered one after another: a few hundred in all, so that the clean
        // segments' count per use is a small table to clear for each set.
        let mut number = 0;
        for (l, def) in loops.iter().enumerate() {
            assert!(def.segments.len() < MAX_USES, "{}", def.id);
            for (u, s) in def.segments.iter().enumerate() {
                number += 1;
                table.by_use[l * MAX_USES + u] = UseEntry {
                    def: Some(s),
                    number,
                    key: 0,
                    wanted: 0,
                    unique: matches!(s.id, "HL" | "CLM"),
                };
            }
        }
        let mut entries: Vec<(u32, u32)> = ["HL", "CLM", "LX"]
            .iter()
            .map(|id| (id_key(id.as_bytes()).expect("a short ID"), 0))
            .collect();
        for &rule in Rule::ALL {
            if !enabled.contains(rule) {
                continue;
            }
            for check in rule.meta().checks {
                let Check::Segment { ids, .. } = *check else {
                    continue;
                };
                table.any = true;
                let bit = segment_bit(rule);
                for id in ids {
                    let key = id_key(id.as_bytes()).expect("segment IDs are 2 or 3 characters");
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, mask)) => *mask |= bit,
                        None => entries.push((key, bit)),
                    }
                }
            }
        }
        if !table.any {
            return table;
        }
        // The smallest table in which no two IDs share a slot.
        table.bits = (4..=16)
            .find(|&bits| {
                let mut taken = vec![false; 1 << bits];
                entries
                    .iter()
                    .all(|&(key, _)| !std::mem::replace(&mut taken[Self::slot(key, bits)], true))
            })
            .expect("a few dozen IDs fit in 65,536 slots");
        table.slots = vec![(0, 0); 1 << table.bits];
        for &(key, mask) in &entries {
            table.slots[Self::slot(key, table.bits)] = (key, mask);
        }
        let mut by_use = std::mem::take(&mut table.by_use);
        for entry in &mut by_use {
            if let Some(def) = entry.def
                && let Some(key) = id_key(def.id.as_bytes())
                && let Some(mask) = table.wanted(key)
            {
                (entry.key, entry.wanted) = (key, mask);
            }
        }
        for (index, entry) in by_use.iter_mut().enumerate() {
            let left = left_to_others(entry.def, enabled);
            if entry.wanted & left != 0 {
                table.restored.push((index, *entry));
                entry.wanted &= !left;
            }
        }
        table.by_use = by_use;
        table
    }

    /// The use a segment was placed as, with the [`id_key`] of its ID and the checks that
    /// want it when any check or count does (`key` and `wanted` 0 when none does, and for
    /// a segment placed as no use).
    #[inline(always)]
    pub(crate) fn placed(&self, placement: crate::grammar::Placement) -> &UseEntry {
        let use_index = placement.segment().unwrap_or(MAX_USES - 1);
        let index = placement.loop_index() * MAX_USES + use_index;
        // Few segments are placed by their ID alone: one well-predicted test.
        match placement.qualified {
            true => &self.by_use[index],
            false => self.placed_by_id(index),
        }
    }

    /// [`SegmentTable::placed`] of a segment placed by its ID alone: its use's entry with
    /// the checks [`LEFT_TO`] took out of it given back.
    #[cold]
    fn placed_by_id(&self, index: usize) -> &UseEntry {
        self.restored
            .iter()
            .find(|(i, _)| *i == index)
            .map_or(&self.by_use[index], |(_, entry)| entry)
    }

    /// Where `key` goes in a table of `bits` bits (Fibonacci hashing).
    fn slot(key: u32, bits: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9) >> (32 - bits)) as usize
    }

    /// Whether any segment check is enabled.
    pub(crate) fn is_empty(&self) -> bool {
        !self.any
    }

    /// The checks that want segment ID `key` (the [`segment_bit`]s of their rules), when
    /// the ID is listed.
    pub(crate) fn wanted(&self, key: u32) -> Option<u32> {
        let (k, mask) = self.slots[Self::slot(key, self.bits)];
        (k == key).then_some(mask)
    }
}

/// Segment uses whose segments a rule's segment check returns from at once while another
/// rule is enabled, because that one checks them: `(rule, ID, qualifier code, other
/// rule)` for a use of ID whose only qualifier code, in element 1, is the code. The
/// check keeps its own test (a segment placed elsewhere or by its ID alone still reaches
/// it); taking its bit out of the use's entry spares the pass the call for each such
/// segment, most of them on a large file (H043 on every service date `DTP*472`, which
/// are H014's).
const LEFT_TO: &[(Rule, &str, &str, Rule)] = &[(
    Rule::InvalidQualifiedDate,
    "DTP",
    "472",
    Rule::InvalidServiceDate,
)];

/// The [`segment_bit`]s of the checks [`LEFT_TO`] takes from the segments placed as use
/// `def` while the rules of `enabled` run.
fn left_to_others(def: Option<&crate::grammar::SegmentDef>, enabled: &RuleBits) -> u32 {
    let Some(def) = def else {
        return 0;
    };
    let Some(q) = &def.qualifier else {
        return 0;
    };
    let mut bits = 0;
    for &(rule, id, code, other) in LEFT_TO {
        if def.id == id
            && q.element == 1
            && q.component == 0
            && q.codes == [code]
            && enabled.contains(other)
        {
            bits |= segment_bit(rule);
        }
    }
    bits
}

/// The bit of `rule`'s segment check in a [`SegmentTable`]'s masks: its place among the
/// rules with one, in code order; 0 for a rule without one. Worked out at compile time,
/// so that [`segment_checks`] tests a constant bit per rule.
const fn segment_bit(rule: Rule) -> u32 {
    let mut bit = 0;
    let mut found = 0;
    let mut r = 0;
    while r < Rule::ALL.len() {
        let checks = Rule::ALL[r].meta().checks;
        let mut count = 0;
        let mut i = 0;
        while i < checks.len() {
            if let Check::Segment { .. } = checks[i] {
                count += 1;
            }
            i += 1;
        }
        assert!(count <= 1, "one segment check per rule");
        if count == 1 {
            if Rule::ALL[r] as usize == rule as usize {
                found = 1 << bit;
            }
            bit += 1;
        }
        r += 1;
    }
    assert!(bit <= 32, "at most 32 segment checks");
    found
}

/// A segment ID of 2 or 3 bytes as one number (its length in the top byte), for
/// [`SegmentTable`]; `None` for an ID of another length, which no check registers.
pub(crate) const fn id_key(id: &[u8]) -> Option<u32> {
    match *id {
        [a, b] => Some(2 << 24 | (a as u32) << 16 | (b as u32) << 8),
        [a, b, c] => Some(3 << 24 | (a as u32) << 16 | (b as u32) << 8 | c as u32),
        _ => None,
    }
}

/// What a rule is, independent of any finding: its registry row.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code, e.g. `X020`. Its letter is the family.
    pub code: &'static str,
    /// Kebab-case name of the bad thing, e.g. `segment-count-mismatch`.
    pub name: &'static str,
    pub snip: Snip,
    pub severity: Severity,
    /// Where the rule runs: its checks, one per node it looks at.
    pub(crate) checks: &'static [Check],
    /// One line for `claimlint rules`.
    pub summary: &'static str,
    /// The 999 and TA1 codes of a finding.
    pub ack: Ack,
    /// The 277CA claim status of a finding, for rules whose findings a front end reports
    /// claim by claim rather than in the 999.
    pub claim_status: Option<ClaimStatus>,
    /// Elements whose problems this rule reports instead of the generic element and
    /// structure rules, while it is enabled.
    pub owns: &'static [Owned],
    /// Markdown with the fixed headings `## What it does`, `## Why does it matter?`,
    /// `## Example`, `## How to fix` and `## References`.
    pub doc: &'static str,
}

impl RuleMeta {
    pub fn family(&self) -> Family {
        Family::of(self.code).expect("codes start with a family letter (tests/registry.rs)")
    }

    /// Whether a finding of this rule belongs in a 999 or TA1: the rule maps to an
    /// acknowledgment code. Code-set and cross-segment findings are answered claim by
    /// claim instead (277CA).
    pub fn in_999(&self) -> bool {
        self.ack.is_some()
    }

    /// The nodes the rule runs on.
    pub fn nodes(&self) -> impl Iterator<Item = Node> + '_ {
        self.checks.iter().map(Check::node)
    }
}

macro_rules! attach_rows {
    ($($variant:ident => $family:ident::$file:ident,)*) => {
        impl Rule {
            /// The rule's registry row.
            pub const fn meta(self) -> &'static RuleMeta {
                match self {
                    $(Rule::$variant => &super::$family::$file::META,)*
                }
            }
        }
    };
}

rule_table!(attach_rows);

impl Rule {
    /// Finds a rule by code (`X020`) or name (`segment-count-mismatch`).
    pub fn from_code_or_name(text: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.meta().code.eq_ignore_ascii_case(text) || r.meta().name == text)
    }
}

macro_rules! direct_checks {
    ($($variant:ident => $family:ident::$file:ident,)*) => {
        direct_checks!(@node transaction_checks, Transaction, Transaction<'_>;
            $($variant => $family::$file,)*);
        direct_checks!(@node hl_checks, Hl, HlNode<'_, '_>; $($variant => $family::$file,)*);
        direct_checks!(@node claim_checks, Claim, Claim<'_>; $($variant => $family::$file,)*);
        direct_checks!(@node claim_lines_checks, ClaimLines, ClaimLines<'_, '_>;
            $($variant => $family::$file,)*);
        direct_checks!(@node line_checks, Line, LineNode<'_, '_>;
            $($variant => $family::$file,)*);
        direct_checks!(@node sv1_checks, Sv1, Sv1Node<'_, '_>; $($variant => $family::$file,)*);
        direct_checks!(@node drug_checks, Drug, Drug<'_>; $($variant => $family::$file,)*);

        /// The segment checks of `wanted` (the [`segment_bit`]s of enabled rules, from a
        /// [`SegmentTable`]) on `node`, in code order, called directly.
        pub(crate) fn segment_checks(
            checker: &mut Checker<'_>,
            node: &SegmentNode<'_, '_>,
            wanted: u32,
        ) {
            $(
                {
                    const CHECKS: &[Check] = super::$family::$file::META.checks;
                    // A rule without a segment check has no bit (and no call here).
                    const BIT: u32 = segment_bit(Rule::$variant).trailing_zeros() % 32;
                    let mut i = 0;
                    while i < CHECKS.len() {
                        if let Check::Segment { check, .. } = CHECKS[i]
                            && wanted >> BIT & 1 != 0
                        {
                            check(checker, node);
                        }
                        i += 1;
                    }
                }
            )*
        }

        /// The rules the direct dispatcher of `node` runs a check of when all are enabled,
        /// once per check, in the order it runs them.
        #[cfg(test)]
        pub(crate) fn direct_check_rules(node: Node) -> Vec<Rule> {
            let mut rules = Vec::new();
            $(
                for check in super::$family::$file::META.checks {
                    if check.node() == node {
                        rules.push(Rule::$variant);
                    }
                }
            )*
            rules
        }
    };
    (@node $name:ident, $kind:ident, $node:ty; $($variant:ident => $family:ident::$file:ident,)*) => {
        /// The checks of the rules of `enabled` (the plan's) on `node`, in code order:
        /// those the plan lists for this kind of node, called directly. Each rule's row is
        /// a constant, so its check is a known function the compiler inlines here, where
        /// the plan's indirect call per rule and node cost more than most checks
        /// themselves.
        pub(crate) fn $name(checker: &mut Checker<'_>, enabled: &RuleBits, node: &$node) {
            $(
                {
                    const CHECKS: &[Check] = super::$family::$file::META.checks;
                    let mut i = 0;
                    while i < CHECKS.len() {
                        if let Check::$kind(f) = CHECKS[i]
                            && enabled.contains(Rule::$variant)
                        {
                            f(checker, node);
                        }
                        i += 1;
                    }
                }
            )*
        }
    };
}

rule_table!(direct_checks);

/// The plan for `settings`, worked out on first use and kept with them.
pub(crate) fn plan(settings: &Settings) -> &Plan {
    settings.plan_cache().get_or_init(|| {
        let mut plan = Plan::default();
        for &rule in Rule::ALL {
            if !settings.is_enabled(rule) {
                continue;
            }
            plan.enabled.insert(rule);
            let meta = rule.meta();
            for check in meta.checks {
                plan.checks[check.node() as usize].push(*check);
            }
            plan.owned.extend(meta.owns.iter().map(|&o| (o, rule)));
        }
        plan.segments = SegmentTable::new(&plan.enabled);
        plan
    })
}

/// Calls `f` with each enabled check on `node`, in code order.
macro_rules! each_check {
    ($checker:expr, $variant:ident, |$f:ident| $body:expr) => {{
        let plan = $crate::rules::registry::plan($checker.settings());
        for check in plan.on($crate::rule::Node::$variant) {
            if let $crate::rules::registry::Check::$variant($f) = *check {
                $body;
            }
        }
    }};
}
pub(crate) use each_check;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Part;

    /// The rules with a segment check, each reviewed: its check reads the segment and the
    /// use it is placed as (its loop among them), and the rest of the set only to name the
    /// claim of a finding. Repeats of a segment found clean are skipped on that promise
    /// (`dispatch::check_segments`): a new segment check is reviewed and added here.
    const SEGMENT_CHECKS_READ_ONLY_THEIR_SEGMENT: &[Rule] = &[
        Rule::InvalidNpi,
        Rule::InvalidStateCode,
        Rule::InvalidCountryCode,
        Rule::InvalidCurrencyCode,
        Rule::MalformedRemarkCode,
        Rule::InvalidQualifiedDate,
        Rule::IncompleteZipCode,
        Rule::MissingClaimFilingIndicator,
    ];

    #[test]
    fn every_segment_check_is_reviewed_as_reading_only_its_segment() {
        let with_segment_checks: Vec<Rule> = Rule::ALL
            .iter()
            .copied()
            .filter(|r| r.meta().nodes().any(|n| n == Node::Segment))
            .collect();
        let mut reviewed = SEGMENT_CHECKS_READ_ONLY_THEIR_SEGMENT.to_vec();
        reviewed.sort();
        let mut found = with_segment_checks.clone();
        found.sort();
        assert_eq!(found, reviewed);
    }

    fn element(element: u8, component: u8) -> Part {
        Part::Element {
            element,
            components: (component, component),
        }
    }

    #[test]
    fn the_direct_dispatchers_run_the_plans_checks_in_its_order() {
        // The plan lists each enabled rule's checks in `Rule::ALL` order; the direct
        // dispatchers are generated from the rule table instead, and must visit the same
        // rules in the same order, so that findings come out as the plan's dispatch made
        // them.
        let settings = Settings::default();
        for node in [
            Node::Segment,
            Node::Transaction,
            Node::Hl,
            Node::Claim,
            Node::ClaimLines,
            Node::Line,
            Node::Sv1,
            Node::Drug,
        ] {
            let mut expected = Vec::new();
            for &rule in Rule::ALL {
                for check in rule.meta().checks {
                    if check.node() == node {
                        expected.push(rule);
                    }
                }
            }
            assert!(!expected.is_empty(), "{}", node.as_str());
            assert_eq!(direct_check_rules(node), expected, "{}", node.as_str());
            let enabled: Vec<Rule> = expected
                .iter()
                .copied()
                .filter(|&r| settings.is_enabled(r))
                .collect();
            let planned: Vec<Node> = plan(&settings).on(node).iter().map(Check::node).collect();
            assert_eq!(planned.len(), enabled.len(), "{}", node.as_str());
        }
        assert!(
            direct_check_rules(Node::Sv1).len() > 30,
            "most code rules check SV1"
        );
        for &rule in Rule::ALL {
            assert_eq!(
                plan(&settings).enabled.contains(rule),
                settings.is_enabled(rule)
            );
        }
    }

    #[test]
    fn each_use_has_a_number_of_its_own_below_the_clean_tables_counts() {
        let settings = Settings::default();
        let table = &plan(&settings).segments;
        let mut numbers: Vec<u32> = table
            .by_use
            .iter()
            .filter(|e| e.def.is_some())
            .map(|e| e.number)
            .collect();
        let uses = numbers.len();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), uses);
        assert!(numbers[0] > 0);
        assert!(
            *numbers.last().unwrap() < crate::grammar::elements::CleanSegments::USES as u32,
            "{uses} uses"
        );
    }

    #[test]
    fn the_service_date_use_leaves_h043_to_h014_while_h014_runs() {
        let h043 = segment_bit(Rule::InvalidQualifiedDate);
        assert_ne!(h043, 0);
        assert_eq!(left_to_others(None, &RuleBits::default()), 0);
        let without_h014 = Settings::select(&[], &["H014".into()]).unwrap();
        for (settings, h014) in [(Settings::default(), true), (without_h014, false)] {
            let enabled = &plan(&settings).enabled;
            assert_eq!(enabled.contains(Rule::InvalidServiceDate), h014);
            let table = &plan(&settings).segments;
            let mut service_dates = 0;
            for (l, def) in crate::grammar::LOOPS.iter().enumerate() {
                for (u, s) in def.segments.iter().enumerate() {
                    let i = l * MAX_USES + u;
                    let (qualified, by_id) = (table.by_use[i], *table.placed_by_id(i));
                    let service_date =
                        s.id == "DTP" && s.qualifier.as_ref().is_some_and(|q| q.codes == ["472"]);
                    service_dates += usize::from(service_date);
                    // A segment placed by its ID alone goes to every check of its ID.
                    assert_eq!(
                        by_id.wanted & h043 != 0,
                        matches!(s.id, "DTP" | "DMG" | "PAT" | "HI")
                    );
                    assert_eq!(qualified.wanted & !h043, by_id.wanted & !h043, "{}", s.id);
                    assert_eq!(
                        qualified.wanted & h043 != 0,
                        by_id.wanted & h043 != 0 && !(service_date && h014),
                        "{} {}",
                        def.id,
                        s.id
                    );
                    assert_eq!(left_to_others(Some(s), enabled) != 0, service_date && h014);
                }
            }
            assert_eq!(service_dates, 1, "loop 2400's DTP*472");
        }
    }

    #[test]
    fn a_bad_service_date_is_h014s_or_h043s_wherever_it_is_placed() {
        // A service date, and the same date with another qualifier (placed by its ID
        // alone in loop 2400), each not a real date.
        let sample = include_str!("../../samples/ack/broken_claim_and_clean_claim.x12");
        assert!(sample.contains("DTP*472*D8*20240110"));
        let codes = |text: String, settings: &Settings| -> Vec<&'static str> {
            let source = crate::SourceFile::new("f", text.into_bytes());
            let report = crate::check(&source, settings);
            let mut codes: Vec<&str> = report
                .diagnostics
                .iter()
                .map(|d| d.rule.meta().code)
                .filter(|&c| matches!(c, "H014" | "H043"))
                .collect();
            codes.dedup();
            codes
        };
        let without_h014 = Settings::select(&[], &["H014".into()]).unwrap();
        let only_h043 = Settings::select(&["H043".into()], &[]).unwrap();
        for (date, default, without) in [
            ("DTP*472*D8*20241399", "H014", "H043"),
            ("DTP*999*D8*20241399", "H043", "H043"),
        ] {
            let text = sample.replacen("DTP*472*D8*20240110", date, 1);
            assert_eq!(
                codes(text.clone(), &Settings::default()),
                [default],
                "{date}"
            );
            assert_eq!(codes(text.clone(), &without_h014), [without], "{date}");
            assert_eq!(codes(text, &only_h043), ["H043"], "{date}");
        }
    }

    #[test]
    fn rows_are_in_code_order_and_the_enum_follows_them() {
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn every_rule_runs_somewhere() {
        for rule in Rule::ALL {
            assert!(!rule.meta().checks.is_empty(), "{}", rule.meta().code);
        }
    }

    #[test]
    fn an_ignored_owner_gives_its_element_back() {
        let all = Settings::default();
        assert_eq!(
            plan(&all).owner(b"SV1", b"ZZ:99213", element(1, 1)),
            Some(Rule::InvalidProcedureQualifier)
        );
        let without = Settings::select(&[], &["C001".into()]).unwrap();
        assert_eq!(
            plan(&without).owner(b"SV1", b"ZZ:99213", element(1, 1)),
            None
        );
        assert_eq!(
            plan(&without).owner(b"SV1", b"ZZ:99213", element(1, 2)),
            Some(Rule::InvalidProcedureCode)
        );
    }
}
