//! What a rule is, below everything that reports or selects rules.
//!
//! [`Rule`] names every rule claimlint knows, in code order. [`Diagnostic`](crate::Diagnostic)
//! and [`Settings`](crate::Settings) hold rules and depend on this module only; each rule's
//! facts (its registry row: code, name, severity, node, acknowledgment codes, owned elements,
//! documentation and checks) are in its own file under `src/rules/`, attached to the
//! variant by `rules::registry`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is.
///
/// * `Error`: a clearinghouse or payer front end rejects the claim (TA1, 999 or 277CA).
/// * `Warning`: some payers reject or deny it, or it is very likely a mistake.
/// * `Info`: a classification or a hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The registry: one line per rule, in code order, naming its variant and its file under
/// `src/rules/` (`c::c001_invalid_procedure_qualifier` is
/// `src/rules/c/c001_invalid_procedure_qualifier.rs`). Everything else about a rule is in
/// that file's `META` row.
macro_rules! rule_table {
    ($callback:ident) => {
        $callback! {
            ClaimChargeMismatch => b::b001_claim_charge_mismatch,
            ZeroClaimCharge => b::b002_zero_claim_charge,
            NegativeClaimCharge => b::b003_negative_claim_charge,
            InvalidProcedureQualifier => c::c001_invalid_procedure_qualifier,
            NonHipaaProcedureQualifier => c::c002_non_hipaa_procedure_qualifier,
            InvalidProcedureCode => c::c003_invalid_procedure_code,
            LocalProcedureCode => c::c004_local_procedure_code,
            DentalProcedureCode => c::c005_dental_procedure_code,
            OutpatientProcedureCode => c::c006_outpatient_procedure_code,
            NonMedicareProcedureCode => c::c007_non_medicare_procedure_code,
            InvalidProcedureModifier => c::c008_invalid_procedure_modifier,
            InvalidNdc => c::c009_invalid_ndc,
            InvalidNpi => c::c010_invalid_npi,
            UnknownHcpcsCode => c::c011_unknown_hcpcs_code,
            InactiveHcpcsCode => c::c012_inactive_hcpcs_code,
            InvalidHcpcsModifier => c::c013_invalid_hcpcs_modifier,
            InvalidDiagnosisCode => c::c014_invalid_diagnosis_code,
            Icd9QualifierAfterCutover => c::c015_icd9_qualifier_after_cutover,
            DuplicateDiagnosisCode => c::c016_duplicate_diagnosis_code,
            InvalidPlaceOfService => c::c017_invalid_place_of_service,
            RedundantLinePlaceOfService => c::c018_redundant_line_place_of_service,
            UnknownCptCode => c::c019_unknown_cpt_code,
            ExternalCauseFirstListed => c::c020_external_cause_first_listed,
            Icd10QualifierBeforeCutover => c::c021_icd10_qualifier_before_cutover,
            CptCodeOutsideKnownSections => c::c022_cpt_code_outside_known_sections,
            PlaceOfServiceBeforeEffective => c::c023_place_of_service_before_effective,
            InvalidStateCode => c::c040_invalid_state_code,
            InvalidCountryCode => c::c041_invalid_country_code,
            InvalidCurrencyCode => c::c042_invalid_currency_code,
            MalformedRemarkCode => c::c043_malformed_remark_code,
            HlIdSequence => h::h001_hl_id_sequence,
            InvalidHlParent => h::h002_invalid_hl_parent,
            InvalidHlLevel => h::h003_invalid_hl_level,
            HlChildCodeMismatch => h::h004_hl_child_code_mismatch,
            PatientRelationshipMismatch => h::h005_patient_relationship_mismatch,
            InvalidLineCharge => h::h010_invalid_line_charge,
            InvalidServiceUnits => h::h011_invalid_service_units,
            InvalidDiagnosisPointer => h::h012_invalid_diagnosis_pointer,
            MissingServiceDate => h::h013_missing_service_date,
            InvalidServiceDate => h::h014_invalid_service_date,
            LineNumberSequence => h::h015_line_number_sequence,
            TooManyServiceLines => h::h016_too_many_service_lines,
            SubscriberWithoutClaim => h::h017_subscriber_without_claim,
            TooManyClaimsInSet => h::h018_too_many_claims_in_set,
            UnknownSegment => h::h020_unknown_segment,
            UnexpectedSegment => h::h021_unexpected_segment,
            SegmentOutOfOrder => h::h022_segment_out_of_order,
            UnexpectedQualifier => h::h023_unexpected_qualifier,
            MissingRequiredSegment => h::h024_missing_required_segment,
            MissingRequiredLoop => h::h025_missing_required_loop,
            LoopRepeatExceeded => h::h026_loop_repeat_exceeded,
            SegmentRepeatExceeded => h::h027_segment_repeat_exceeded,
            EmptySegment => h::h028_empty_segment,
            TrailingSeparator => h::h029_trailing_separator,
            MissingRequiredElement => h::h030_missing_required_element,
            NotUsedElement => h::h031_not_used_element,
            ElementTooShort => h::h032_element_too_short,
            ElementTooLong => h::h033_element_too_long,
            MalformedNumber => h::h034_malformed_number,
            InvalidCodeValue => h::h035_invalid_code_value,
            InvalidDate => h::h036_invalid_date,
            InvalidTime => h::h037_invalid_time,
            TooManyElements => h::h038_too_many_elements,
            TooManyComponents => h::h039_too_many_components,
            TooManyRepetitions => h::h040_too_many_repetitions,
            SyntaxNoteViolation => h::h041_syntax_note_violation,
            ControlCharacter => h::h042_control_character,
            InvalidQualifiedDate => h::h043_invalid_qualified_date,
            SplitComposite => h::h044_split_composite,
            TrailingSpaces => h::h045_trailing_spaces,
            InvalidCharacter => h::h046_invalid_character,
            IncompleteZipCode => h::h060_incomplete_zip_code,
            MissingClaimFilingIndicator => h::h061_missing_claim_filing_indicator,
            LoopOutOfOrder => h::h070_loop_out_of_order,
            NotPayableByMedicare => p::p001_not_payable_by_medicare,
            NcciUnbundledPair => p::p101_ncci_unbundled_pair,
            NcciUnitsAboveMue => p::p102_ncci_units_above_mue,
            NcciAddOnWithoutPrimary => p::p103_ncci_add_on_without_primary,
            ProcedureModifierGap => s::s001_procedure_modifier_gap,
            DuplicateProcedureModifier => s::s002_duplicate_procedure_modifier,
            UnmatchedDiagnosisPointer => s::s003_unmatched_diagnosis_pointer,
            MissingNocDescription => s::s004_missing_noc_description,
            UnlistedProcedureWithoutDescription => s::s005_unlisted_procedure_without_description,
            AnesthesiaWithoutMinutes => s::s006_anesthesia_without_minutes,
            MinutesOnNonAnesthesiaCode => s::s007_minutes_on_non_anesthesia_code,
            ChargedQualityCode => s::s008_charged_quality_code,
            DuplicateDiagnosisPointer => s::s009_duplicate_diagnosis_pointer,
            DrugWithoutNdc => s::s010_drug_without_ndc,
            AmbulanceWithoutTransportDetails => s::s011_ambulance_without_transport_details,
            VaccineCounselingForAdult => s::s012_vaccine_counseling_for_adult,
            PerformanceModifierOnNonQualityCode => s::s013_performance_modifier_on_non_quality_code,
            FacilityOnlyCodeInOffice => s::s014_facility_only_code_in_office,
            NocDrugWithoutDescription => s::s015_noc_drug_without_description,
            ExcessUnitPrecision => s::s016_excess_unit_precision,
            FractionalMinutes => s::s017_fractional_minutes,
            DailyAnesthesiaWithoutMinutes => s::s018_daily_anesthesia_without_minutes,
            DateAfterCreation => s::s020_date_after_creation,
            ServiceBeforeBirth => s::s021_service_before_birth,
            ServicePastFilingLimit => s::s022_service_past_filing_limit,
            OnsetOnServiceDate => s::s023_onset_on_service_date,
            AdministrationWithoutDrug => s::s101_administration_without_drug,
            DrugWithoutAdministration => s::s102_drug_without_administration,
            VaccineAdministrationWithoutVaccine => s::s103_vaccine_administration_without_vaccine,
            VaccineWithoutAdministration => s::s104_vaccine_without_administration,
            AddOnWithoutPrimary => s::s105_add_on_without_primary,
            DuplicateServiceLine => s::s106_duplicate_service_line,
            DuplicateClaim => s::s120_duplicate_claim,
            EmptyInput => x::x001_empty_input,
            BinaryInput => x::x002_binary_input,
            Utf16Input => x::x003_utf16_input,
            MissingInterchange => x::x004_missing_interchange,
            TruncatedInterchangeHeader => x::x005_truncated_interchange_header,
            InvalidDelimiters => x::x006_invalid_delimiters,
            ContentBeforeInterchange => x::x007_content_before_interchange,
            ContentAfterInterchange => x::x008_content_after_interchange,
            UnexpectedEndOfFile => x::x009_unexpected_end_of_file,
            MissingTrailer => x::x010_missing_trailer,
            SegmentOutsideEnvelope => x::x011_segment_outside_envelope,
            InvalidInterchangeHeader => x::x012_invalid_interchange_header,
            InvalidInterchangeDateTime => x::x013_invalid_interchange_date_time,
            InvalidInterchangeControlNumber => x::x014_invalid_interchange_control_number,
            InterchangeControlNumberMismatch => x::x015_interchange_control_number_mismatch,
            GroupCountMismatch => x::x016_group_count_mismatch,
            GroupControlNumberMismatch => x::x017_group_control_number_mismatch,
            TransactionCountMismatch => x::x018_transaction_count_mismatch,
            TransactionControlNumberMismatch => x::x019_transaction_control_number_mismatch,
            SegmentCountMismatch => x::x020_segment_count_mismatch,
            UnsupportedTransactionSet => x::x021_unsupported_transaction_set,
            UnsupportedFunctionalGroup => x::x022_unsupported_functional_group,
            UnsupportedImplementationGuide => x::x023_unsupported_implementation_guide,
            NonHipaaGuideVersion => x::x024_non_hipaa_guide_version,
            DuplicateTransactionControlNumber => x::x025_duplicate_transaction_control_number,
            DuplicateGroupControlNumber => x::x026_duplicate_group_control_number,
            DuplicateInterchangeControlNumber => x::x027_duplicate_interchange_control_number,
            InvalidGroupHeader => x::x028_invalid_group_header,
            ImplementationReferenceMismatch => x::x029_implementation_reference_mismatch,
            WhitespaceBeforeSegment => x::x030_whitespace_before_segment,
            LineBreakInsideSegment => x::x031_line_break_inside_segment,
            ComponentSeparatorMismatch => x::x032_component_separator_mismatch,
            InvalidTransactionSetControlNumber => x::x033_invalid_transaction_set_control_number,
            ChangedWhileRead => x::x040_changed_while_read,
            TransactionSetTooLarge => x::x041_transaction_set_too_large,
            DuplicateInterchange => x::x050_duplicate_interchange,
        }
    };
}
pub(crate) use rule_table;

macro_rules! declare_rules {
    ($($variant:ident => $family:ident::$file:ident,)*) => {
        /// Every rule claimlint knows. The order is code order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = concat!("`", stringify!($file), "`")] $variant,)*
        }

        impl Rule {
            /// All rules, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];
        }
    };
}

rule_table!(declare_rules);

impl Rule {
    /// The rule's position in [`Rule::ALL`], for per-rule tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The node of the 837P model (or of the envelope) a check runs on. The dispatchers visit
/// the nodes in file order and run the enabled checks of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// A problem found while reading the file and its envelope (encoding, delimiters,
    /// missing trailers, stray content).
    Syntax,
    /// An interchange: its ISA and IEA.
    Interchange,
    /// A functional group: its GS and GE.
    Group,
    /// A transaction set's envelope: its ST and SE.
    TransactionSet,
    /// A finding of the loop walker: a segment it could not place, a missing segment or
    /// loop, a repeat over the limit.
    Structure,
    /// A segment's elements, as the guide's element table describes them.
    Element,
    /// A whole 837P transaction set.
    Transaction,
    /// One segment of a transaction set, handed only to the checks registered for its
    /// segment ID, in one pass over the set shared by all of them.
    Segment,
    /// An HL (hierarchical level): billing provider, subscriber, patient.
    Hl,
    /// A claim: loop 2300.
    Claim,
    /// A claim with all its service lines read together.
    ClaimLines,
    /// A service line: loop 2400, whether or not it has an SV1.
    Line,
    /// The SV1 of a service line.
    Sv1,
    /// A drug identification: loop 2410.
    Drug,
}

impl Node {
    pub const COUNT: usize = Node::Drug as usize + 1;

    pub fn as_str(self) -> &'static str {
        match self {
            Node::Syntax => "syntax",
            Node::Interchange => "interchange",
            Node::Group => "group",
            Node::TransactionSet => "transaction-set",
            Node::Structure => "structure",
            Node::Element => "element",
            Node::Transaction => "transaction",
            Node::Segment => "segment",
            Node::Hl => "hl",
            Node::Claim => "claim",
            Node::ClaimLines => "claim-lines",
            Node::Line => "line",
            Node::Sv1 => "sv1",
            Node::Drug => "drug",
        }
    }
}

/// An element or segment whose problems a rule reports itself, with more to say than the
/// guide's generic element and structure rules. While that rule is enabled, the generic
/// rules leave it alone; when it is off, they report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owned {
    /// Segment ID, e.g. `SV1`.
    pub segment: &'static str,
    /// Only segments whose first element holds this qualifier (`DTP*472`).
    pub qualifier: Option<&'static str>,
    pub part: Part,
}

/// Which problems of a segment are owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Element `element`, components `components.0..=components.1` (0 is the element or
    /// composite as a whole).
    Element { element: u8, components: (u8, u8) },
    /// The segment missing where the guide requires it.
    Missing,
    /// The segment (or the loop it starts) repeated over the guide's limit.
    Repeated,
    /// The segment's qualifier not one the guide expects at that place.
    Qualifier,
}

impl Owned {
    const fn new(segment: &'static str, part: Part) -> Self {
        Owned {
            segment,
            qualifier: None,
            part,
        }
    }

    /// An element and every component of it.
    pub const fn element(segment: &'static str, element: u8) -> Self {
        Owned::components(segment, element, 0, u8::MAX)
    }

    /// Components `from..=to` of a composite (0 is the composite as a whole).
    pub const fn components(segment: &'static str, element: u8, from: u8, to: u8) -> Self {
        Owned::new(
            segment,
            Part::Element {
                element,
                components: (from, to),
            },
        )
    }

    /// The segment missing.
    pub const fn missing(segment: &'static str) -> Self {
        Owned::new(segment, Part::Missing)
    }

    /// The segment, or the loop it starts, over its repeat limit.
    pub const fn repeated(segment: &'static str) -> Self {
        Owned::new(segment, Part::Repeated)
    }

    /// The segment's qualifier unexpected.
    pub const fn qualifier(segment: &'static str) -> Self {
        Owned::new(segment, Part::Qualifier)
    }

    /// Only in segments whose first element is `qualifier`.
    pub const fn when(self, qualifier: &'static str) -> Self {
        Owned {
            qualifier: Some(qualifier),
            ..self
        }
    }

    /// Whether this covers `part` of a segment `id` whose first element is `first`; an
    /// element part asks for one component (`components.0`).
    pub fn covers(&self, id: &[u8], first: &[u8], part: Part) -> bool {
        let part_matches = match (self.part, part) {
            (
                Part::Element {
                    element,
                    components: (from, to),
                },
                Part::Element {
                    element: asked,
                    components: (component, _),
                },
            ) => element == asked && (from..=to).contains(&component),
            (owned, asked) => owned == asked,
        };
        part_matches
            && self.segment.as_bytes() == id
            && self.qualifier.is_none_or(|q| q.as_bytes() == first)
    }
}

/// What runs for one set of enabled rules, worked out once per [`Settings`](crate::Settings):
/// for each [`Node`], the enabled rules' checks in code order, and the elements that
/// enabled rules own.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// Per node: the check of each enabled rule with one there, copied out of its row so
    /// that running it is one indirect call.
    pub(crate) checks: [Vec<crate::rules::Check>; Node::COUNT],
    /// The elements owned by enabled rules.
    pub(crate) owned: Vec<(Owned, Rule)>,
    /// The enabled segment checks by segment ID.
    pub(crate) segments: crate::rules::SegmentTable,
    /// The enabled rules, a bit per rule by [`Rule::index`], for the dispatchers that call
    /// the rules' checks directly (see `rules::registry::claim_checks` and its kin).
    pub(crate) enabled: RuleBits,
}

/// A set of rules, a bit each by [`Rule::index`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RuleBits([u64; 4]);

const _: () = assert!(Rule::ALL.len() <= 256, "RuleBits holds 256 rules");

impl RuleBits {
    pub(crate) fn insert(&mut self, rule: Rule) {
        let i = rule.index();
        self.0[i >> 6] |= 1 << (i & 63);
    }

    #[inline(always)]
    pub(crate) fn contains(&self, rule: Rule) -> bool {
        let i = rule.index();
        self.0[i >> 6] >> (i & 63) & 1 != 0
    }
}

impl Plan {
    /// The enabled checks on `node`, in code order.
    pub(crate) fn on(&self, node: Node) -> &[crate::rules::Check] {
        &self.checks[node as usize]
    }

    /// Whether any enabled rule checks `node`.
    pub fn any(&self, node: Node) -> bool {
        !self.checks[node as usize].is_empty()
    }

    /// The enabled rule that owns `part` of segment `id` (first element `first`), if any.
    pub fn owner(&self, id: &[u8], first: &[u8], part: Part) -> Option<Rule> {
        self.owned
            .iter()
            .find(|(o, _)| o.covers(id, first, part))
            .map(|&(_, r)| r)
    }
}
