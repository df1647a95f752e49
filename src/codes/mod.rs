//! Code sets: the procedure-code classifier and the embedded public code tables
//! (HCPCS Level II and modifiers, NOC, ICD-10-CM, place of service), and the external code
//! lists of addresses and amounts (states and provinces, countries, currencies).

pub mod external;
pub mod ncci;
pub mod procedure;
pub mod tables;
