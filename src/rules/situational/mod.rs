//! S rules: situational requirements of service lines (SNIP 4).

pub mod duplicate_procedure_modifier;
pub mod procedure_modifier_gap;
pub mod unmatched_diagnosis_pointer;
