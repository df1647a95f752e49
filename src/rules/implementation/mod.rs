//! H rules: implementation-guide requirements (SNIP 2).

pub mod hl_child_code_mismatch;
pub mod hl_id_sequence;
pub mod invalid_diagnosis_pointer;
pub mod invalid_hl_level;
pub mod invalid_hl_parent;
pub mod invalid_line_charge;
pub mod invalid_service_date;
pub mod invalid_service_units;
pub mod line_number_sequence;
pub mod missing_service_date;
pub mod patient_relationship_mismatch;
pub mod too_many_service_lines;
