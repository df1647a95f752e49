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

use super::{Checker, Rule};
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
    let mut interchanges: HashMap<&[u8], Segment<'_>> = HashMap::new();
    for ic in &doc.interchanges {
        let isa = &ic.isa;
        checker.enter_interchange(isa.value(13));
        if checker.enabled(Rule::InvalidInterchangeHeader) {
            x012_invalid_interchange_header::check(checker, isa, &ic.header);
        }
        if checker.enabled(Rule::InvalidInterchangeDateTime) {
            x013_invalid_interchange_date_time::check(checker, isa);
        }
        if checker.enabled(Rule::InvalidInterchangeControlNumber) {
            x014_invalid_interchange_control_number::check(checker, isa);
        }
        if let Some(first) = interchanges.get(isa.value(13)) {
            if checker.enabled(Rule::DuplicateInterchangeControlNumber) {
                x027_duplicate_interchange_control_number::report(checker, isa, first);
            }
        } else {
            interchanges.insert(isa.value(13), *isa);
        }

        let mut groups: HashMap<&[u8], Segment<'_>> = HashMap::new();
        for group in &ic.groups {
            let gs = &group.gs;
            checker.enter_group(gs.value(6));
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
            if let Some(first) = groups.get(gs.value(6)) {
                if checker.enabled(Rule::DuplicateGroupControlNumber) {
                    x026_duplicate_group_control_number::report(checker, gs, first);
                }
            } else {
                groups.insert(gs.value(6), *gs);
            }

            let mut sets: HashMap<&[u8], Segment<'_>> = HashMap::new();
            for t in &group.transactions {
                let st = &t.st;
                checker.enter_transaction(st);
                let is_837 = x021_unsupported_transaction_set::check(checker, st);
                // A wrong GS08 is reported once on the GS; ST03 is compared with it only
                // when the group itself is an 837P.
                let group_ok =
                    matches!(guide, Guide::Professional | Guide::ProfessionalOtherRelease);
                if group_ok && checker.enabled(Rule::ImplementationReferenceMismatch) {
                    x029_implementation_reference_mismatch::check(checker, gs, st);
                }
                let set_ok = matches!(
                    x023_unsupported_implementation_guide::classify(st.value(3)),
                    Guide::Professional | Guide::ProfessionalOtherRelease
                ) || st.value(3).is_empty();
                is_837p.push(is_837 && group_ok && set_ok);
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
                if checker.enabled(Rule::GroupControlNumberMismatch) {
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
            if checker.enabled(Rule::InterchangeControlNumberMismatch) {
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
        } => {
            if checker.enabled(Rule::SegmentOutsideEnvelope) {
                x011_segment_outside_envelope::report(checker, *first, id, *count, *missing);
            }
        }
    }
}
