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

pub mod b;
pub mod c;
mod context;
mod dispatch;
pub mod h;
pub mod s;
pub mod x;

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
    EmptyInput => x::x001_empty_input::META,
    BinaryInput => x::x002_binary_input::META,
    Utf16Input => x::x003_utf16_input::META,
    MissingInterchange => x::x004_missing_interchange::META,
    TruncatedInterchangeHeader => x::x005_truncated_interchange_header::META,
    InvalidDelimiters => x::x006_invalid_delimiters::META,
    ContentBeforeInterchange => x::x007_content_before_interchange::META,
    ContentAfterInterchange => x::x008_content_after_interchange::META,
    UnexpectedEndOfFile => x::x009_unexpected_end_of_file::META,
    MissingTrailer => x::x010_missing_trailer::META,
    SegmentOutsideEnvelope => x::x011_segment_outside_envelope::META,
    InvalidInterchangeHeader => x::x012_invalid_interchange_header::META,
    InvalidInterchangeDateTime => x::x013_invalid_interchange_date_time::META,
    InvalidInterchangeControlNumber => x::x014_invalid_interchange_control_number::META,
    InterchangeControlNumberMismatch => x::x015_interchange_control_number_mismatch::META,
    GroupCountMismatch => x::x016_group_count_mismatch::META,
    GroupControlNumberMismatch => x::x017_group_control_number_mismatch::META,
    TransactionCountMismatch => x::x018_transaction_count_mismatch::META,
    TransactionControlNumberMismatch => x::x019_transaction_control_number_mismatch::META,
    SegmentCountMismatch => x::x020_segment_count_mismatch::META,
    UnsupportedTransactionSet => x::x021_unsupported_transaction_set::META,
    UnsupportedFunctionalGroup => x::x022_unsupported_functional_group::META,
    UnsupportedImplementationGuide => x::x023_unsupported_implementation_guide::META,
    NonHipaaGuideVersion => x::x024_non_hipaa_guide_version::META,
    DuplicateTransactionControlNumber => x::x025_duplicate_transaction_control_number::META,
    DuplicateGroupControlNumber => x::x026_duplicate_group_control_number::META,
    DuplicateInterchangeControlNumber => x::x027_duplicate_interchange_control_number::META,
    InvalidGroupHeader => x::x028_invalid_group_header::META,
    ImplementationReferenceMismatch => x::x029_implementation_reference_mismatch::META,
    ClaimChargeMismatch => b::b001_claim_charge_mismatch::META,
    InvalidProcedureQualifier => c::c001_invalid_procedure_qualifier::META,
    NonHipaaProcedureQualifier => c::c002_non_hipaa_procedure_qualifier::META,
    InvalidProcedureCode => c::c003_invalid_procedure_code::META,
    LocalProcedureCode => c::c004_local_procedure_code::META,
    DentalProcedureCode => c::c005_dental_procedure_code::META,
    OutpatientProcedureCode => c::c006_outpatient_procedure_code::META,
    NonMedicareProcedureCode => c::c007_non_medicare_procedure_code::META,
    InvalidProcedureModifier => c::c008_invalid_procedure_modifier::META,
    ProcedureModifierGap => s::s001_procedure_modifier_gap::META,
    DuplicateProcedureModifier => s::s002_duplicate_procedure_modifier::META,
    UnmatchedDiagnosisPointer => s::s003_unmatched_diagnosis_pointer::META,
    HlIdSequence => h::h001_hl_id_sequence::META,
    InvalidHlParent => h::h002_invalid_hl_parent::META,
    InvalidHlLevel => h::h003_invalid_hl_level::META,
    HlChildCodeMismatch => h::h004_hl_child_code_mismatch::META,
    PatientRelationshipMismatch => h::h005_patient_relationship_mismatch::META,
    InvalidLineCharge => h::h010_invalid_line_charge::META,
    InvalidServiceUnits => h::h011_invalid_service_units::META,
    InvalidDiagnosisPointer => h::h012_invalid_diagnosis_pointer::META,
    MissingServiceDate => h::h013_missing_service_date::META,
    InvalidServiceDate => h::h014_invalid_service_date::META,
    LineNumberSequence => h::h015_line_number_sequence::META,
    TooManyServiceLines => h::h016_too_many_service_lines::META,
    InvalidNdc => c::c009_invalid_ndc::META,
    InvalidNpi => c::c010_invalid_npi::META,
    MissingNocDescription => s::s004_missing_noc_description::META,
    UnlistedProcedureWithoutDescription => s::s005_unlisted_procedure_without_description::META,
    AnesthesiaWithoutMinutes => s::s006_anesthesia_without_minutes::META,
    MinutesOnNonAnesthesiaCode => s::s007_minutes_on_non_anesthesia_code::META,
    ChargedQualityCode => s::s008_charged_quality_code::META,
    DuplicateDiagnosisPointer => s::s009_duplicate_diagnosis_pointer::META,
    DrugWithoutNdc => s::s010_drug_without_ndc::META,
    // -- cross-line coding rules: append below --
    AdministrationWithoutDrug => s::s101_administration_without_drug::META,
    DrugWithoutAdministration => s::s102_drug_without_administration::META,
    VaccineAdministrationWithoutVaccine => s::s103_vaccine_administration_without_vaccine::META,
    VaccineWithoutAdministration => s::s104_vaccine_without_administration::META,
    AddOnWithoutPrimary => s::s105_add_on_without_primary::META,
    DuplicateServiceLine => s::s106_duplicate_service_line::META,
    // -- end of cross-line coding rules --
    // -- code-set table rules: append below --
    UnknownHcpcsCode => c::c011_unknown_hcpcs_code::META,
    InactiveHcpcsCode => c::c012_inactive_hcpcs_code::META,
    InvalidHcpcsModifier => c::c013_invalid_hcpcs_modifier::META,
    InvalidDiagnosisCode => c::c014_invalid_diagnosis_code::META,
    Icd9QualifierAfterCutover => c::c015_icd9_qualifier_after_cutover::META,
    DuplicateDiagnosisCode => c::c016_duplicate_diagnosis_code::META,
    InvalidPlaceOfService => c::c017_invalid_place_of_service::META,
    RedundantLinePlaceOfService => c::c018_redundant_line_place_of_service::META,
    // -- end of code-set table rules --
    UnknownCptCode => c::c019_unknown_cpt_code::META,
    // -- grammar-driven structure and element rules: append below --
    UnknownSegment => h::h020_unknown_segment::META,
    UnexpectedSegment => h::h021_unexpected_segment::META,
    SegmentOutOfOrder => h::h022_segment_out_of_order::META,
    UnexpectedQualifier => h::h023_unexpected_qualifier::META,
    MissingRequiredSegment => h::h024_missing_required_segment::META,
    MissingRequiredLoop => h::h025_missing_required_loop::META,
    LoopRepeatExceeded => h::h026_loop_repeat_exceeded::META,
    SegmentRepeatExceeded => h::h027_segment_repeat_exceeded::META,
    EmptySegment => h::h028_empty_segment::META,
    TrailingSeparator => h::h029_trailing_separator::META,
    MissingRequiredElement => h::h030_missing_required_element::META,
    NotUsedElement => h::h031_not_used_element::META,
    ElementTooShort => h::h032_element_too_short::META,
    ElementTooLong => h::h033_element_too_long::META,
    MalformedNumber => h::h034_malformed_number::META,
    InvalidCodeValue => h::h035_invalid_code_value::META,
    InvalidDate => h::h036_invalid_date::META,
    InvalidTime => h::h037_invalid_time::META,
    TooManyElements => h::h038_too_many_elements::META,
    TooManyComponents => h::h039_too_many_components::META,
    TooManyRepetitions => h::h040_too_many_repetitions::META,
    SyntaxNoteViolation => h::h041_syntax_note_violation::META,
    ControlCharacter => h::h042_control_character::META,
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
