//! Code sets: the procedure-code classifier and the embedded public code tables
//! (HCPCS Level II and modifiers, NOC, ICD-10-CM, place of service).

pub mod ncci;
pub mod procedure;
pub mod tables;
