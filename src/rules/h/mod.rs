//! H rules: implementation-guide requirements (SNIP 2).
//!
//! H001–H018 check the hierarchy, the service lines and the number of claims in a set;
//! H020 onwards are the guide's structure and element requirements, driven by `grammar/`:
//! where the walker could not place a segment, what a loop lacks, and what is wrong with
//! each element of a placed segment.
//!
//! The checks themselves are in [`crate::grammar`]; each rule here words its finding.
//! Findings that a dedicated rule already reports with more to say are left to it (the
//! SV1 elements, HL03, the `DTP*472` service date, more than 50 lines), and element
//! findings of one rule in one segment become one diagnostic.

pub mod h001_hl_id_sequence;
pub mod h002_invalid_hl_parent;
pub mod h003_invalid_hl_level;
pub mod h004_hl_child_code_mismatch;
pub mod h005_patient_relationship_mismatch;
pub mod h010_invalid_line_charge;
pub mod h011_invalid_service_units;
pub mod h012_invalid_diagnosis_pointer;
pub mod h013_missing_service_date;
pub mod h014_invalid_service_date;
pub mod h015_line_number_sequence;
pub mod h016_too_many_service_lines;
pub mod h017_subscriber_without_claim;
pub mod h018_too_many_claims_in_set;
pub mod h020_unknown_segment;
pub mod h021_unexpected_segment;
pub mod h022_segment_out_of_order;
pub mod h023_unexpected_qualifier;
pub mod h024_missing_required_segment;
pub mod h025_missing_required_loop;
pub mod h026_loop_repeat_exceeded;
pub mod h027_segment_repeat_exceeded;
pub mod h028_empty_segment;
pub mod h029_trailing_separator;
pub mod h030_missing_required_element;
pub mod h031_not_used_element;
pub mod h032_element_too_short;
pub mod h033_element_too_long;
pub mod h034_malformed_number;
pub mod h035_invalid_code_value;
pub mod h036_invalid_date;
pub mod h037_invalid_time;
pub mod h038_too_many_elements;
pub mod h039_too_many_components;
pub mod h040_too_many_repetitions;
pub mod h041_syntax_note_violation;
pub mod h042_control_character;
pub mod h043_invalid_qualified_date;
pub mod h044_split_composite;
pub mod h045_trailing_spaces;
pub mod h046_invalid_character;
pub mod h060_incomplete_zip_code;
pub mod h061_missing_claim_filing_indicator;
pub mod h070_loop_out_of_order;

use super::nodes::StructureNode;
use super::registry::{UseEntry, each_check, plan};
use super::{Checker, Rule};
use crate::claim::Transaction;
use crate::diagnostic::Diagnostic;
use crate::grammar::elements::{self, ElementFinding, Problem};
use crate::grammar::{DataType, ElementDef, Finding, FindingKind, LOOPS, LoopDef, Placement};
use crate::rule::{Node, Part, Plan};
use crate::source::Span;
use crate::x12::Segment;

/// Runs the structure rules over one transaction set: the loop walker's findings.
pub fn check_structure(checker: &mut Checker, t: &Transaction<'_>) {
    let plan = plan(checker.settings());
    if plan.any(Node::Structure) {
        // A part's model kept only the structure findings that are its own, some of them
        // (what the set's own loop lacks) found on its header.
        let own = checker.set_own(None);
        for f in &t.structure.findings {
            structure_finding(checker, plan, t, f);
        }
        checker.set_own(own);
    }
}

/// The element rules over the segments of one transaction set, a segment at a time in
/// file order ([`Elements::segment`]), in the dispatcher's one pass over the set.
pub(crate) struct Elements {
    /// The findings of the segment being checked, kept for the next one's room.
    found: Vec<ElementFinding>,
    clean: elements::CleanSegments,
    /// The set's delimiters as the element checks compare bytes with them: one
    /// interchange's, the same for all its segments.
    splats: elements::Splats,
    /// The index of the segment a set cut off by the end of the file ends in, which is
    /// cut too (X009); `usize::MAX` for a set that ends with its SE.
    cut: usize,
}

impl Elements {
    pub(crate) fn new(t: &Transaction<'_>) -> Self {
        Elements {
            found: Vec::new(),
            clean: elements::CleanSegments::for_segments(t.segments.len()),
            splats: elements::Splats::new(
                &t.segments.first().map(|s| s.delimiters).unwrap_or_default(),
            ),
            cut: match t.closed {
                true => usize::MAX,
                false => t.segments.len().wrapping_sub(1),
            },
        }
    }

    /// Checks the elements of segment `index` of `t`, placed at `placement` as `placed`.
    ///
    /// Inlined into the pass: most segments are clean, or a repeat of one found clean,
    /// and leave here after a few compares; what a finding needs is out of line.
    ///
    /// A segment's elements found clean are not remembered here: its segment checks run
    /// first, and [`Elements::remember`] keeps it only if they found nothing either, so
    /// that a repeat of it ([`Checked::Repeat`]) needs neither.
    #[inline(always)]
    pub(crate) fn segment(
        &mut self,
        checker: &mut Checker,
        t: &Transaction<'_>,
        index: usize,
        segment: &Segment<'_>,
        placement: Placement,
        placed: &UseEntry,
    ) -> Checked {
        if segment.raw.is_empty() {
            empty_segment(checker, t, index);
            return Checked::Other;
        }
        let Some(def) = placed.def else {
            return Checked::Other;
        };
        if index == self.cut {
            return Checked::Other;
        }
        let probe = match placed.unique {
            true => None,
            false => match self.clean.find(&t.segments, segment, placed.number) {
                Ok(()) => return Checked::Repeat,
                Err(probe) => probe,
            },
        };
        debug_assert!(t.segments[0].delimiters == segment.delimiters);
        // Every finding is kept, and those the segment's placement makes moot let go of
        // after the check, so that a clean segment pays for nothing but the push.
        let found = &mut self.found;
        elements::check_with_splats(segment, def, &self.splats, &mut |f| found.push(f));
        if self.found.is_empty() {
            return Checked::Clean(probe);
        }
        if !placement.qualified
            && let Some(q) = &def.qualifier
        {
            // A segment placed by its ID alone (H023) was read as a use whose qualifier it
            // does not have: that use's code lists (DTP02's formats for DTP01 `431`, say)
            // say nothing about it, so its codes are not judged by them either.
            self.found.retain(|f| {
                !((q.element == f.def.position && q.component == f.def.component)
                    || matches!(f.problem, Problem::InvalidCode))
            });
        }
        if !self.found.is_empty() {
            report_elements(checker, t, index, segment, def, &mut self.found);
        }
        Checked::Other
    }

    /// Keeps segment `index`, whose elements [`Elements::segment`] found clean, and whose
    /// segment checks found nothing, for its repeats.
    #[inline(always)]
    pub(crate) fn remember(&mut self, probe: elements::Probe, index: usize) {
        self.clean.remember(probe, index);
    }
}

/// What [`Elements::segment`] found of a segment.
pub(crate) enum Checked {
    /// Byte for byte a segment of the set placed as the same use, whose element checks
    /// and segment checks found nothing: the segment's would find nothing either.
    Repeat,
    /// Its elements are clean; where to remember it, if its use is looked for.
    Clean(Option<elements::Probe>),
    /// It has element findings, or is not checked against a use.
    Other,
}

/// A run of empty segments is one finding, on its first.
#[cold]
#[inline(never)]
fn empty_segment(checker: &mut Checker, t: &Transaction<'_>, index: usize) {
    let segment = &t.segments[index];
    let first_of_run = index == 0 || !t.segments[index - 1].raw.is_empty();
    if first_of_run && checker.enabled(Rule::EmptySegment) {
        let run = t.segments[index..]
            .iter()
            .take_while(|s| s.raw.is_empty())
            .count();
        enter(checker, t, index, t.placements[index].loop_index());
        h028_empty_segment::report(checker, segment, run);
    }
}

/// Reports the element findings `found` of segment `index` (placed as `def`), one
/// diagnostic per rule; leaves `found` empty.
#[inline(never)]
fn report_elements(
    checker: &mut Checker,
    t: &Transaction<'_>,
    index: usize,
    segment: &Segment<'_>,
    def: &'static crate::grammar::SegmentDef,
    found: &mut Vec<ElementFinding>,
) {
    let plan = plan(checker.settings());
    let loop_index = t.placements[index].loop_index();
    let splits = if checker.enabled(Rule::SplitComposite) {
        split_composites(checker, t, index, segment, def, found)
    } else {
        0
    };
    // Each split makes one element too many as read.
    let too_many_only_as_read = |f: &ElementFinding| {
        splits > 0
            && matches!(f.problem, Problem::TooManyElements)
            && segment.element_count().saturating_sub(splits) <= def.elements.len()
    };
    found.retain(|f| {
        !(checker.shadowed(f.span.start)
            || too_many_only_as_read(f)
            || owned_elsewhere(plan, segment, f.def, &f.problem))
    });
    if found.is_empty() {
        return;
    }
    enter(checker, t, index, loop_index);
    // One diagnostic per rule and segment: the first finding, the rest as labels.
    while let Some(first) = found.first().copied() {
        let rule = rule_of(&first.problem);
        let (same, rest): (Vec<ElementFinding>, Vec<ElementFinding>) =
            found.iter().partition(|f| rule_of(&f.problem) == rule);
        *found = rest;
        if checker.enabled(rule) {
            report_element(checker, rule, segment, &LOOPS[loop_index], &same);
            // A value that is not a number is one finding: the rules that read it as
            // a number later (H015's line numbers, say) let go of it.
            if rule == Rule::MalformedNumber {
                for f in &same {
                    checker.shadow(f.span);
                }
            }
        }
    }
}

/// A composite written with the element separator is one finding (H044) for all that
/// the split causes (returns how many elements too many the splits make): the findings on it and, in a segment whose later elements are
/// shifted out of place by it, on everything after it, this rule's and every other's.
fn split_composites(
    checker: &mut Checker,
    t: &Transaction<'_>,
    index: usize,
    segment: &Segment<'_>,
    def: &'static crate::grammar::SegmentDef,
    found: &[ElementFinding],
) -> usize {
    let splits = h044_split_composite::find(segment, def, found);
    let Some(first) = splits.first() else {
        return 0;
    };
    enter(checker, t, index, t.placements[index].loop_index());
    h044_split_composite::report(checker, segment, &splits);
    // The first component is where it belongs (C015 still judges an ICD-9 qualifier);
    // what follows it is not.
    if h044_split_composite::repeats_from(def, first.position) {
        for split in &splits {
            checker.shadow(Span {
                start: split.first_end,
                end: split.span.end,
            });
        }
    } else {
        checker.shadow(Span {
            start: first.first_end,
            end: segment.span().end,
        });
    }
    splits.iter().map(|s| usize::from(s.elements) - 1).sum()
}

fn rule_of(problem: &Problem) -> Rule {
    match problem {
        Problem::TooManyElements => Rule::TooManyElements,
        Problem::TooManyComponents => Rule::TooManyComponents,
        Problem::TooManyRepetitions => Rule::TooManyRepetitions,
        Problem::Missing => Rule::MissingRequiredElement,
        Problem::NotUsed => Rule::NotUsedElement,
        Problem::TooShort => Rule::ElementTooShort,
        Problem::TooLong => Rule::ElementTooLong,
        Problem::MalformedNumber => Rule::MalformedNumber,
        Problem::ControlCharacter => Rule::ControlCharacter,
        Problem::InvalidCharacter => Rule::InvalidCharacter,
        Problem::InvalidCode => Rule::InvalidCodeValue,
        Problem::InvalidDate => Rule::InvalidDate,
        Problem::InvalidTime => Rule::InvalidTime,
        Problem::SyntaxNote(_) => Rule::SyntaxNoteViolation,
        Problem::TrailingSeparator => Rule::TrailingSeparator,
        Problem::TrailingSpaces => Rule::TrailingSpaces,
    }
}

/// Element findings an enabled rule reports with more to say (its row's `owns`). A
/// trailing separator or an extra element is the segment's, never an element's.
fn owned_elsewhere(
    plan: &Plan,
    segment: &Segment<'_>,
    def: &ElementDef,
    problem: &Problem,
) -> bool {
    if matches!(
        problem,
        Problem::TrailingSeparator | Problem::TooManyElements
    ) {
        return false;
    }
    let part = Part::Element {
        element: def.position,
        components: (def.component, def.component),
    };
    plan.owner(segment.id(), segment.value(1), part).is_some()
}

fn structure_finding(checker: &mut Checker, plan: &Plan, t: &Transaction<'_>, f: &Finding) {
    let segment = &t.segments[f.segment];
    // A finding an enabled rule reports itself (its row's `owns`): the HL level code
    // (H003), the service date missing or repeated (H013), the 51st service line (H016),
    // the drug without its CTP (C009).
    let (id, first, part): (&[u8], &[u8], Part) = match &f.kind {
        FindingKind::UnexpectedQualifier => (segment.id(), segment.value(1), Part::Qualifier),
        FindingKind::SegmentRepeat { .. } => (segment.id(), segment.value(1), Part::Repeated),
        FindingKind::LoopRepeat { .. } => (segment.id(), segment.value(1), Part::Repeated),
        FindingKind::MissingSegment { use_index } => {
            let missing = &LOOPS[f.loop_index].segments[*use_index];
            let qualifier = match missing.qualifier.as_ref().map(|q| q.codes) {
                Some([code]) => code.as_bytes(),
                _ => &[],
            };
            (missing.id.as_bytes(), qualifier, Part::Missing)
        }
        _ => (&[], &[], Part::Missing),
    };
    if !id.is_empty() && plan.owner(id, first, part).is_some() {
        return;
    }
    enter(checker, t, f.segment, f.loop_index);
    let node = StructureNode {
        transaction: t,
        finding: f,
    };
    each_check!(checker, Structure, |check| check(checker, &node));
}

fn report_element(
    checker: &mut Checker,
    rule: Rule,
    segment: &Segment<'_>,
    l: &LoopDef,
    findings: &[ElementFinding],
) {
    let f = &findings[0];
    let d = match rule {
        Rule::TooManyElements => h038_too_many_elements::report(checker, segment, f),
        Rule::TooManyComponents => h039_too_many_components::report(checker, segment, f),
        Rule::TooManyRepetitions => h040_too_many_repetitions::report(checker, segment, f),
        Rule::MissingRequiredElement => {
            h030_missing_required_element::report(checker, segment, l, f)
        }
        Rule::NotUsedElement => h031_not_used_element::report(checker, segment, l, f),
        Rule::ElementTooShort => h032_element_too_short::report(checker, segment, f),
        Rule::ElementTooLong => h033_element_too_long::report(checker, segment, f),
        Rule::MalformedNumber => h034_malformed_number::report(checker, segment, f),
        Rule::ControlCharacter => h042_control_character::report(checker, segment, f),
        Rule::InvalidCharacter => h046_invalid_character::report(checker, segment, f),
        Rule::InvalidCodeValue => h035_invalid_code_value::report(checker, segment, l, f),
        Rule::InvalidDate => h036_invalid_date::report(checker, segment, f),
        Rule::InvalidTime => h037_invalid_time::report(checker, segment, f),
        Rule::SyntaxNoteViolation => h041_syntax_note_violation::report(checker, segment, f),
        Rule::TrailingSpaces => h045_trailing_spaces::report(checker, segment, f),
        _ => h029_trailing_separator::report(checker, segment, f),
    };
    d.element(
        &String::from_utf8_lossy(segment.id()),
        f.def.position.into(),
        (f.def.component > 0).then_some(f.def.component.into()),
    );
    if findings.len() > 1 {
        d.extend_message(&format!(
            " (and {} more in this segment)",
            findings.len() - 1
        ));
        for other in &findings[1..] {
            d.secondary(other.span, format!("{} too", other.def.reference));
        }
    }
}

/// Sets the loop, claim and service line context for findings about segment `index`.
pub(crate) fn enter(checker: &mut Checker, t: &Transaction<'_>, index: usize, loop_index: usize) {
    checker.set_loop(Some(LOOPS[loop_index].id));
    let ordinal = t.segments[index].ordinal;
    // Claims and HLs are in file order: the claim before the segment, unless an HL
    // starts between them.
    let claim = t
        .claims
        .partition_point(|c| c.clm.ordinal <= ordinal)
        .checked_sub(1)
        .filter(|&c| {
            let clm = t.claims[c].clm.ordinal;
            let next_hl = t.hls.partition_point(|h| h.segment.ordinal <= clm);
            t.hls
                .get(next_hl)
                .is_none_or(|h| ordinal < h.segment.ordinal)
        });
    // In a service line's loops (2400 and its children), the line the segment was placed
    // in; a segment placed nowhere (H020, H021) may as well start the next line.
    let placed = t
        .placements
        .get(index)
        .is_some_and(|p| p.definition().is_some());
    let line = claim
        .filter(|_| placed && LOOPS[loop_index].id.starts_with("24"))
        .and_then(|c| {
            let lines = &t.claims[c].lines;
            let after = lines.partition_point(|l| l.lx.ordinal <= ordinal);
            lines[..after].last()?.number()
        });
    checker.set_claim(claim.map(|c| t.claims[c].ordinal), line);
}

/// The value a finding is about, for the message.
pub(crate) fn value_at(checker: &Checker, f: &ElementFinding) -> String {
    super::shown(
        checker
            .bytes()
            .get(f.span.start..f.span.end)
            .unwrap_or_default(),
    )
}

/// What the element holds: `NM109 is AN, 2 to 80 characters`.
pub(crate) fn describe(def: &ElementDef) -> String {
    match def.data_type {
        DataType::Composite => format!("{} is a composite", def.reference),
        t if def.min == def.max && def.min == 1 => {
            format!("{} is {}, 1 character", def.reference, t.as_str())
        }
        t if def.min == def.max => {
            format!(
                "{} is {}, {} characters",
                def.reference,
                t.as_str(),
                def.min
            )
        }
        t => format!(
            "{} is {}, {} to {} characters",
            def.reference,
            t.as_str(),
            def.min,
            def.max
        ),
    }
}

/// `loop 2010AA (Billing Provider Name)`.
pub(crate) fn loop_name(l: &LoopDef) -> String {
    if l.id == "HEADER" {
        "the transaction set header".to_string()
    } else {
        format!("loop {} ({})", l.id, l.name)
    }
}

/// Links a missing segment or loop to the segment that fit nowhere in the same loop
/// instance (reported on its own by H020/H021): often it is the missing one, mistyped.
pub(crate) fn link_near(d: &mut Diagnostic, near: Option<&Segment<'_>>, expected: &str) {
    let Some(near) = near else {
        return;
    };
    // Quoted: a segment that fits nowhere may be a stray line.
    let found = super::shown(near.id());
    let question = if near.id().is_empty() {
        Some(format!(
            "is this segment without an ID the missing `{expected}`?"
        ))
    } else if looks_like(near.id(), expected.as_bytes()) {
        Some(format!("is `{found}` meant to be `{expected}`?"))
    } else {
        None
    };
    if let Some(question) = question {
        d.secondary(near.id_span(), question.clone());
        d.prepend_help(&format!("{question} If not, "));
    } else {
        d.secondary(
            near.id_span(),
            format!("`{found}` stands in this loop and fits nowhere"),
        );
    }
}

/// Whether a segment ID that fits nowhere looks like a mistyped `expected`: the same but for
/// case, or one character changed, added or dropped.
fn looks_like(found: &[u8], expected: &[u8]) -> bool {
    let found = found.to_ascii_uppercase();
    if found == expected {
        return true;
    }
    let (short, long) = if found.len() <= expected.len() {
        (&found[..], expected)
    } else {
        (expected, &found[..])
    };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(a, b)| a != b).count() == 1,
        1 => (0..long.len()).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, b)| b)
                .eq(short.iter())
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like;
    use crate::{Rule, Settings, SourceFile, lint};

    /// A segment found clean is not checked again when it repeats; one with a finding is,
    /// and each repeat is reported.
    #[test]
    fn a_repeated_segment_with_a_finding_is_reported_each_time() {
        let path = format!(
            "{}/samples/valid/single_claim.x12",
            env!("CARGO_MANIFEST_DIR")
        );
        let sample = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Both lines' DTP*472 have a fourth element (H038): the same bytes, as the same use.
        let text = sample.replace("DTP*472*D8*20240110", "DTP*472*D8*20240110*");
        let report = lint(
            &SourceFile::new("repeat.x12", text.into_bytes()),
            &Settings::default(),
        );
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.location.segment_ordinal))
            .collect();
        let dtp_ordinals: Vec<usize> = sample
            .split('~')
            .map(str::trim)
            .enumerate()
            .filter(|(_, s)| s.starts_with("DTP*472"))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(dtp_ordinals.len(), 2);
        assert_eq!(
            found,
            dtp_ordinals
                .iter()
                .map(|&n| (Rule::TooManyElements, Some(n)))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn mistyped_segment_ids() {
        for (found, expected) in [("Nd4", "N4"), ("NM31", "NM1"), ("n4", "N4")] {
            assert!(looks_like(found.as_bytes(), expected.as_bytes()), "{found}");
            assert!(!looks_like(found.as_bytes(), b"HI"), "{found}");
        }
        assert!(looks_like(b"PEX", b"PER"));
        assert!(!looks_like(b"", b"PER"));
        assert!(!looks_like(b"DTP", b"N4"));
    }
}
