//! C rules: procedure codes, modifiers and other external code sets (SNIP 5).

pub mod dental_procedure_code;
mod diagnosis;
pub mod duplicate_diagnosis_code;
pub mod icd9_qualifier_after_cutover;
pub mod inactive_hcpcs_code;
pub mod invalid_diagnosis_code;
pub mod invalid_hcpcs_modifier;
pub mod invalid_ndc;
pub mod invalid_npi;
pub mod invalid_place_of_service;
pub mod invalid_procedure_code;
pub mod invalid_procedure_modifier;
pub mod invalid_procedure_qualifier;
pub mod local_procedure_code;
pub mod non_hipaa_procedure_qualifier;
pub mod non_medicare_procedure_code;
pub mod outpatient_procedure_code;
pub mod redundant_line_place_of_service;
mod service_date;
pub mod unknown_cpt_code;
pub mod unknown_hcpcs_code;
