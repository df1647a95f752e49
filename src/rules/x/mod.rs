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

use super::{Checker, Rule};
pub(crate) use super::{element_span, shown};
use crate::x12::{Document, Interchange, Segment, SyntaxProblem};
use std::collections::HashMap;
use x023_unsupported_implementation_guide::Guide;

/// Runs the envelope rules over a document. Returns, for every transaction set in document
/// order, whether it is an 837P whose content the claim rules should check.
pub fn check(checker: &mut Checker, doc: &Document<'_>) -> Vec<bool> {
    for problem in &doc.problems {
        report_problem(checker, problem);
    }
    let mut is_837p = Vec::new();
    let mut interchanges: HashMap<&[u8], Segment<'_>> = HashMap::new();
    for ic in &doc.interchanges {
        let isa = &ic.isa;
        checker.enter_interchange(isa.value(13));
        if !ic.implicit {
            check_isa(checker, ic, &mut interchanges);
        }

        let mut groups: HashMap<&[u8], Segment<'_>> = HashMap::new();
        for group in &ic.groups {
            let gs = &group.gs;
            checker.enter_group(gs.value(6));
            // An implicit group has no GS to check: its sets are read by their ST03.
            let guide = if group.implicit {
                Guide::Professional
            } else {
                check_gs(checker, gs, &mut groups)
            };

            let mut sets: HashMap<&[u8], Segment<'_>> = HashMap::new();
            for t in &group.transactions {
                let st = &t.st;
                checker.enter_transaction(st);
                if t.implicit {
                    // No ST: the missing header was reported, and the content is read as
                    // the 837P the group says it is.
                    is_837p.push(matches!(
                        guide,
                        Guide::Professional | Guide::ProfessionalOtherRelease
                    ));
                    continue;
                }
                let is_837 = x021_unsupported_transaction_set::check(checker, st);
                let group_ok =
                    matches!(guide, Guide::Professional | Guide::ProfessionalOtherRelease);
                let set_ok = if group.implicit {
                    guide_of_set(checker, st)
                } else {
                    // A wrong GS08 is reported once on the GS; ST03 is compared with it
                    // only when the group itself is an 837P.
                    group_ok && x029_implementation_reference_mismatch::check(checker, gs, st)
                };
                is_837p.push(is_837 && set_ok);
                if let Some(first) = sets.get(st.value(2)) {
                    if checker.enabled(Rule::DuplicateTransactionControlNumber) {
                        x025_duplicate_transaction_control_number::report(checker, st, first);
                    }
                } else {
                    sets.insert(st.value(2), *st);
                }
                if let Some(se) = &t.se {
                    if checker.enabled(Rule::TransactionControlNumberMismatch) {
                        x019_transaction_control_number_mismatch::check(checker, st, se);
                    }
                    if checker.enabled(Rule::SegmentCountMismatch) {
                        x020_segment_count_mismatch::check(checker, st, se, t.segment_count);
                    }
                }
            }
            checker.leave_transaction();
            if let Some(ge) = &group.ge {
                if !group.implicit && checker.enabled(Rule::GroupControlNumberMismatch) {
                    x017_group_control_number_mismatch::check(checker, gs, ge);
                }
                if checker.enabled(Rule::TransactionCountMismatch) {
                    x018_transaction_count_mismatch::check(
                        checker,
                        ge,
                        group.transactions.len() + group.unopened_transactions,
                    );
                }
            }
        }
        checker.leave_group();
        if let Some(iea) = &ic.iea {
            if !ic.implicit && checker.enabled(Rule::InterchangeControlNumberMismatch) {
                x015_interchange_control_number_mismatch::check(checker, isa, iea);
            }
            if checker.enabled(Rule::GroupCountMismatch) {
                x016_group_count_mismatch::check(
                    checker,
                    iea,
                    ic.groups.len() + ic.unopened_groups,
                );
            }
        }
    }
    is_837p
}

fn check_isa<'a>(
    checker: &mut Checker,
    ic: &Interchange<'a>,
    seen: &mut HashMap<&'a [u8], Segment<'a>>,
) {
    let isa = &ic.isa;
    if checker.enabled(Rule::InvalidInterchangeHeader) {
        x012_invalid_interchange_header::check(checker, isa, &ic.header);
    }
    if checker.enabled(Rule::InvalidInterchangeDateTime) {
        x013_invalid_interchange_date_time::check(checker, isa);
    }
    if checker.enabled(Rule::InvalidInterchangeControlNumber) {
        x014_invalid_interchange_control_number::check(checker, isa);
    }
    if let Some(first) = seen.get(isa.value(13)) {
        if checker.enabled(Rule::DuplicateInterchangeControlNumber) {
            x027_duplicate_interchange_control_number::report(checker, isa, first);
        }
    } else {
        seen.insert(isa.value(13), *isa);
    }
}

/// The GS rules; returns the guide GS08 names.
fn check_gs<'a>(
    checker: &mut Checker,
    gs: &Segment<'a>,
    seen: &mut HashMap<&'a [u8], Segment<'a>>,
) -> Guide {
    if checker.enabled(Rule::UnsupportedFunctionalGroup) {
        x022_unsupported_functional_group::check(checker, gs);
    }
    if checker.enabled(Rule::InvalidGroupHeader) {
        x028_invalid_group_header::check(checker, gs);
    }
    let guide = x023_unsupported_implementation_guide::check(checker, gs);
    if checker.enabled(Rule::NonHipaaGuideVersion) {
        x024_non_hipaa_guide_version::check(checker, gs, 8);
    }
    if let Some(first) = seen.get(gs.value(6)) {
        if checker.enabled(Rule::DuplicateGroupControlNumber) {
            x026_duplicate_group_control_number::report(checker, gs, first);
        }
    } else {
        seen.insert(gs.value(6), *gs);
    }
    guide
}

/// Whether a set with no GS before it is an 837P by its ST03 (read as X222A1 when ST03
/// names no guide; X029 says so).
fn guide_of_set(checker: &mut Checker, st: &Segment<'_>) -> bool {
    x029_implementation_reference_mismatch::check_alone(checker, st)
}

fn report_problem(checker: &mut Checker, problem: &SyntaxProblem) {
    match problem {
        SyntaxProblem::Empty => {
            if checker.enabled(Rule::EmptyInput) {
                x001_empty_input::report(checker);
            }
        }
        SyntaxProblem::Utf16 { bom } => {
            if checker.enabled(Rule::Utf16Input) {
                x003_utf16_input::report(checker, *bom);
            }
        }
        SyntaxProblem::Binary { offset } => {
            if checker.enabled(Rule::BinaryInput) {
                x002_binary_input::report(checker, *offset);
            }
        }
        SyntaxProblem::NoInterchange => {
            if checker.enabled(Rule::MissingInterchange) {
                x004_missing_interchange::report(checker);
            }
        }
        SyntaxProblem::MissingInterchangeHeader { at, no_group } => {
            if checker.enabled(Rule::MissingInterchange) {
                x004_missing_interchange::report_bare(checker, *at, *no_group);
            }
        }
        SyntaxProblem::TruncatedIsa { span } => {
            if checker.enabled(Rule::TruncatedInterchangeHeader) {
                x005_truncated_interchange_header::report(checker, *span);
            }
        }
        SyntaxProblem::InvalidDelimiters {
            isa,
            header,
            problems,
            fatal,
        } => {
            if checker.enabled(Rule::InvalidDelimiters) {
                x006_invalid_delimiters::report(checker, *isa, header, problems, *fatal);
            }
        }
        SyntaxProblem::ContentBeforeInterchange { span } => {
            if checker.enabled(Rule::ContentBeforeInterchange) {
                x007_content_before_interchange::report(checker, *span);
            }
        }
        SyntaxProblem::ContentAfterInterchange { span } => {
            if checker.enabled(Rule::ContentAfterInterchange) {
                x008_content_after_interchange::report(checker, *span);
            }
        }
        SyntaxProblem::MissingTrailers { at, at_id, open } => {
            if checker.enabled(Rule::MissingTrailer) {
                x010_missing_trailer::report(checker, *at, at_id, open);
            }
        }
        SyntaxProblem::UnexpectedEnd { at, open } => {
            if checker.enabled(Rule::UnexpectedEndOfFile) {
                x009_unexpected_end_of_file::report(checker, *at, open);
            }
        }
        SyntaxProblem::OutsideEnvelope {
            first,
            id,
            count,
            missing,
            read,
        } => {
            if checker.enabled(Rule::SegmentOutsideEnvelope) {
                x011_segment_outside_envelope::report(checker, *first, id, *count, *missing, *read);
            }
        }
    }
}
