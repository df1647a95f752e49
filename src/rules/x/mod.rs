//! X rules: file encoding, delimiters and the ISA/GS/ST envelope (SNIP 1).

pub mod x001_empty_input;
pub mod x002_binary_input;
pub mod x003_utf16_input;
pub mod x004_missing_interchange;
pub mod x005_truncated_interchange_header;
pub mod x006_invalid_delimiters;
pub mod x007_content_before_interchange;
pub mod x008_content_after_interchange;
pub mod x009_unexpected_end_of_file;
pub mod x010_missing_trailer;
pub mod x011_segment_outside_envelope;
pub mod x012_invalid_interchange_header;
pub mod x013_invalid_interchange_date_time;
pub mod x014_invalid_interchange_control_number;
pub mod x015_interchange_control_number_mismatch;
pub mod x016_group_count_mismatch;
pub mod x017_group_control_number_mismatch;
pub mod x018_transaction_count_mismatch;
pub mod x019_transaction_control_number_mismatch;
pub mod x020_segment_count_mismatch;
pub mod x021_unsupported_transaction_set;
pub mod x022_unsupported_functional_group;
pub mod x023_unsupported_implementation_guide;
pub mod x024_non_hipaa_guide_version;
pub mod x025_duplicate_transaction_control_number;
pub mod x026_duplicate_group_control_number;
pub mod x027_duplicate_interchange_control_number;
pub mod x028_invalid_group_header;
pub mod x029_implementation_reference_mismatch;
pub mod x030_whitespace_before_segment;
pub mod x031_line_break_inside_segment;
pub mod x032_component_separator_mismatch;
pub mod x033_invalid_transaction_set_control_number;
pub mod x040_changed_while_read;
pub mod x041_transaction_set_too_large;
pub mod x050_duplicate_interchange;

use super::Checker;
use super::nodes::{GroupNode, InterchangeNode, SetNode};
use super::registry::each_check;
pub(crate) use super::{element_span, shown};
use crate::x12::{Document, Segment, SyntaxProblem};
use std::collections::HashMap;
use x023_unsupported_implementation_guide::Guide;

/// Runs the envelope rules over a document. Returns, for every transaction set in document
/// order, whether it is an 837P whose content the claim rules should check.
pub fn check(checker: &mut Checker, doc: &Document<'_>) -> Vec<bool> {
    for problem in &doc.problems {
        report_problem(checker, problem);
    }
    let mut is_837p = Vec::new();
    let mut interchanges: HashMap<&[u8], &Segment<'_>> = HashMap::new();
    for ic in &doc.interchanges {
        let isa = &ic.isa;
        checker.enter_interchange(isa.value(13));
        // An implicit interchange, group or set has no header of its own to check: the
        // missing header is its one finding (X004, X011).
        if !ic.implicit {
            let node = InterchangeNode {
                interchange: ic,
                earlier: first_of(&mut interchanges, isa, 13),
            };
            each_check!(checker, Interchange, |f| f(checker, &node));
        }

        let mut groups: HashMap<&[u8], &Segment<'_>> = HashMap::new();
        for group in &ic.groups {
            let gs = &group.gs;
            checker.enter_group(gs.value(6));
            // A group without its GS is read as the 837P its sets say they are.
            let guide = if group.implicit {
                Guide::Professional
            } else {
                x023_unsupported_implementation_guide::classify(gs.value(8))
            };
            if !group.implicit {
                let node = GroupNode {
                    group,
                    earlier: first_of(&mut groups, gs, 6),
                };
                each_check!(checker, Group, |f| f(checker, &node));
            }

            let mut sets: HashMap<&[u8], &Segment<'_>> = HashMap::new();
            for set in &group.transactions {
                let st = &set.st;
                checker.enter_transaction(st);
                if set.implicit {
                    is_837p.push(guide.is_professional());
                    continue;
                }
                // ST03 missing or naming no guide: checked by GS08's guide (X029 says
                // so); ST03 naming another guide: not checked (X029 says so).
                let set_ok = !matches!(
                    x023_unsupported_implementation_guide::classify(st.value(3)),
                    Guide::Other(_)
                );
                is_837p.push(
                    x021_unsupported_transaction_set::is_837(st)
                        && guide.is_professional()
                        && set_ok,
                );
                let node = SetNode {
                    group,
                    set,
                    guide,
                    earlier: first_of(&mut sets, st, 2),
                };
                each_check!(checker, TransactionSet, |f| f(checker, &node));
            }
            checker.leave_transaction();
        }
        checker.leave_group();
    }
    is_837p
}

/// The first segment seen with the same control number (element `n`) as `segment`, or
/// `None` when `segment` is the first.
fn first_of<'s, 'a>(
    seen: &mut HashMap<&'a [u8], &'s Segment<'a>>,
    segment: &'s Segment<'a>,
    n: usize,
) -> Option<&'s Segment<'a>> {
    match seen.entry(segment.value(n)) {
        std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(segment);
            None
        }
    }
}

fn report_problem(checker: &mut Checker, problem: &SyntaxProblem) {
    each_check!(checker, Syntax, |f| f(checker, problem));
}
