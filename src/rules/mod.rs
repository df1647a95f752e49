//! Rules: one file per rule, each with its code, name, severity, documentation and check.
//!
//! The registry below is the one code table: one row per rule. Codes are never reused or
//! renumbered. Families follow the WEDI SNIP types, so a prefix selects a level:
//! `X` syntax and envelope (SNIP 1), `H` implementation-guide requirements (SNIP 2),
//! `B` balancing (SNIP 3), `S` situational (SNIP 4), `C` code sets (SNIP 5),
//! `P` payer profile (SNIP 7).
//!
//! Rules never parse and never print: they receive typed views from the dispatcher and
//! report through the [`Checker`].

pub mod balancing;
pub mod code_sets;
pub mod consistency;
mod context;
mod dispatch;
pub mod envelope;
pub mod implementation;
pub mod situational;
pub mod structure;

pub use context::Checker;
pub use dispatch::check_transaction;

use crate::diagnostic::Severity;
use crate::source::Span;
use crate::x12::Segment;

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
}

/// What a rule is, independent of any finding.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code, e.g. `X020`.
    pub code: &'static str,
    /// Kebab-case name of the bad thing, e.g. `segment-count-mismatch`.
    pub name: &'static str,
    pub snip: Snip,
    pub severity: Severity,
    /// One line for `claimlint rules`.
    pub summary: &'static str,
    pub ack: Ack,
    /// Markdown with the fixed headings `## What it does`, `## Why does it matter?`,
    /// `## Example`, `## How to fix` and `## References`.
    pub doc: &'static str,
}

macro_rules! registry {
    ($($variant:ident => $meta:path,)*) => {
        /// Every rule claimlint knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// All rules, in code-table order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            pub fn meta(self) -> &'static RuleMeta {
                match self {
                    $(Rule::$variant => &$meta,)*
                }
            }
        }
    };
}

#[rustfmt::skip]
registry! {
    EmptyInput => envelope::empty_input::META,
    BinaryInput => envelope::binary_input::META,
    Utf16Input => envelope::utf16_input::META,
    MissingInterchange => envelope::missing_interchange::META,
    TruncatedInterchangeHeader => envelope::truncated_interchange_header::META,
    InvalidDelimiters => envelope::invalid_delimiters::META,
    ContentBeforeInterchange => envelope::content_before_interchange::META,
    ContentAfterInterchange => envelope::content_after_interchange::META,
    UnexpectedEndOfFile => envelope::unexpected_end_of_file::META,
    MissingTrailer => envelope::missing_trailer::META,
    SegmentOutsideEnvelope => envelope::segment_outside_envelope::META,
    InvalidInterchangeHeader => envelope::invalid_interchange_header::META,
    InvalidInterchangeDateTime => envelope::invalid_interchange_date_time::META,
    InvalidInterchangeControlNumber => envelope::invalid_interchange_control_number::META,
    InterchangeControlNumberMismatch => envelope::interchange_control_number_mismatch::META,
    GroupCountMismatch => envelope::group_count_mismatch::META,
    GroupControlNumberMismatch => envelope::group_control_number_mismatch::META,
    TransactionCountMismatch => envelope::transaction_count_mismatch::META,
    TransactionControlNumberMismatch => envelope::transaction_control_number_mismatch::META,
    SegmentCountMismatch => envelope::segment_count_mismatch::META,
    UnsupportedTransactionSet => envelope::unsupported_transaction_set::META,
    UnsupportedFunctionalGroup => envelope::unsupported_functional_group::META,
    UnsupportedImplementationGuide => envelope::unsupported_implementation_guide::META,
    NonHipaaGuideVersion => envelope::non_hipaa_guide_version::META,
    DuplicateTransactionControlNumber => envelope::duplicate_transaction_control_number::META,
    DuplicateGroupControlNumber => envelope::duplicate_group_control_number::META,
    DuplicateInterchangeControlNumber => envelope::duplicate_interchange_control_number::META,
    InvalidGroupHeader => envelope::invalid_group_header::META,
    ImplementationReferenceMismatch => envelope::implementation_reference_mismatch::META,
    ClaimChargeMismatch => balancing::claim_charge_mismatch::META,
    InvalidProcedureQualifier => code_sets::invalid_procedure_qualifier::META,
    NonHipaaProcedureQualifier => code_sets::non_hipaa_procedure_qualifier::META,
    InvalidProcedureCode => code_sets::invalid_procedure_code::META,
    LocalProcedureCode => code_sets::local_procedure_code::META,
    DentalProcedureCode => code_sets::dental_procedure_code::META,
    OutpatientProcedureCode => code_sets::outpatient_procedure_code::META,
    NonMedicareProcedureCode => code_sets::non_medicare_procedure_code::META,
    InvalidProcedureModifier => code_sets::invalid_procedure_modifier::META,
    ProcedureModifierGap => situational::procedure_modifier_gap::META,
    DuplicateProcedureModifier => situational::duplicate_procedure_modifier::META,
    UnmatchedDiagnosisPointer => situational::unmatched_diagnosis_pointer::META,
    HlIdSequence => implementation::hl_id_sequence::META,
    InvalidHlParent => implementation::invalid_hl_parent::META,
    InvalidHlLevel => implementation::invalid_hl_level::META,
    HlChildCodeMismatch => implementation::hl_child_code_mismatch::META,
    PatientRelationshipMismatch => implementation::patient_relationship_mismatch::META,
    InvalidLineCharge => implementation::invalid_line_charge::META,
    InvalidServiceUnits => implementation::invalid_service_units::META,
    InvalidDiagnosisPointer => implementation::invalid_diagnosis_pointer::META,
    MissingServiceDate => implementation::missing_service_date::META,
    InvalidServiceDate => implementation::invalid_service_date::META,
    LineNumberSequence => implementation::line_number_sequence::META,
    TooManyServiceLines => implementation::too_many_service_lines::META,
    InvalidNdc => code_sets::invalid_ndc::META,
    InvalidNpi => code_sets::invalid_npi::META,
    MissingNocDescription => situational::missing_noc_description::META,
    UnlistedProcedureWithoutDescription => situational::unlisted_procedure_without_description::META,
    AnesthesiaWithoutMinutes => situational::anesthesia_without_minutes::META,
    MinutesOnNonAnesthesiaCode => situational::minutes_on_non_anesthesia_code::META,
    ChargedQualityCode => situational::charged_quality_code::META,
    DuplicateDiagnosisPointer => situational::duplicate_diagnosis_pointer::META,
    DrugWithoutNdc => situational::drug_without_ndc::META,
    // -- cross-line coding rules: append below --
    AdministrationWithoutDrug => consistency::administration_without_drug::META,
    DrugWithoutAdministration => consistency::drug_without_administration::META,
    VaccineAdministrationWithoutVaccine => consistency::vaccine_administration_without_vaccine::META,
    VaccineWithoutAdministration => consistency::vaccine_without_administration::META,
    AddOnWithoutPrimary => consistency::add_on_without_primary::META,
    DuplicateServiceLine => consistency::duplicate_service_line::META,
    // -- end of cross-line coding rules --
    // -- code-set table rules: append below --
    UnknownHcpcsCode => code_sets::unknown_hcpcs_code::META,
    InactiveHcpcsCode => code_sets::inactive_hcpcs_code::META,
    InvalidHcpcsModifier => code_sets::invalid_hcpcs_modifier::META,
    InvalidDiagnosisCode => code_sets::invalid_diagnosis_code::META,
    Icd9QualifierAfterCutover => code_sets::icd9_qualifier_after_cutover::META,
    DuplicateDiagnosisCode => code_sets::duplicate_diagnosis_code::META,
    InvalidPlaceOfService => code_sets::invalid_place_of_service::META,
    RedundantLinePlaceOfService => code_sets::redundant_line_place_of_service::META,
    // -- end of code-set table rules --
    UnknownCptCode => code_sets::unknown_cpt_code::META,
    // -- grammar-driven structure and element rules: append below --
    UnknownSegment => structure::unknown_segment::META,
    UnexpectedSegment => structure::unexpected_segment::META,
    SegmentOutOfOrder => structure::segment_out_of_order::META,
    UnexpectedQualifier => structure::unexpected_qualifier::META,
    MissingRequiredSegment => structure::missing_required_segment::META,
    MissingRequiredLoop => structure::missing_required_loop::META,
    LoopRepeatExceeded => structure::loop_repeat_exceeded::META,
    SegmentRepeatExceeded => structure::segment_repeat_exceeded::META,
    EmptySegment => structure::empty_segment::META,
    TrailingSeparator => structure::trailing_separator::META,
    MissingRequiredElement => structure::missing_required_element::META,
    NotUsedElement => structure::not_used_element::META,
    ElementTooShort => structure::element_too_short::META,
    ElementTooLong => structure::element_too_long::META,
    MalformedNumber => structure::malformed_number::META,
    InvalidCodeValue => structure::invalid_code_value::META,
    InvalidDate => structure::invalid_date::META,
    InvalidTime => structure::invalid_time::META,
    TooManyElements => structure::too_many_elements::META,
    TooManyComponents => structure::too_many_components::META,
    TooManyRepetitions => structure::too_many_repetitions::META,
    SyntaxNoteViolation => structure::syntax_note_violation::META,
    ControlCharacter => structure::control_character::META,
    // -- end of grammar-driven rules --
}

impl Rule {
    /// Finds a rule by code (`X020`) or name (`segment-count-mismatch`).
    pub fn from_code_or_name(text: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.meta().code.eq_ignore_ascii_case(text) || r.meta().name == text)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Span of element `n`, or the end of the segment when it is absent.
pub fn element_span(segment: &Segment<'_>, n: usize) -> Span {
    segment
        .element(n)
        .map_or_else(|| segment.end_span(), |e| e.span())
}

/// An element value for a message, marked as a quote of the file: shown (masked under
/// `--redact`, trailing padding removed, cut to 40 characters) only through a
/// [`crate::redact::View`].
pub fn shown(value: &[u8]) -> String {
    crate::redact::quote(value)
}

/// Everything a rule file needs.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub use super::{Ack, Checker, Rule, RuleMeta, Snip};
    pub(crate) use super::{element_span, shown};
    pub use crate::claim::{Claim, ServiceLine, Sv1, Transaction};
    pub use crate::diagnostic::{Diagnostic, Severity};
    pub use crate::source::Span;
    pub use crate::x12::Segment;
}
