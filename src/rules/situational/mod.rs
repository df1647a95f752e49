//! S rules: situational requirements of service lines (SNIP 4).

pub mod anesthesia_without_minutes;
pub mod charged_quality_code;
pub mod drug_without_ndc;
pub mod duplicate_diagnosis_pointer;
pub mod duplicate_procedure_modifier;
pub mod minutes_on_non_anesthesia_code;
pub mod missing_noc_description;
pub mod procedure_modifier_gap;
pub mod unlisted_procedure_without_description;
pub mod unmatched_diagnosis_pointer;
