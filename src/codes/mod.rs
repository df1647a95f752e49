//! Code sets: the procedure-code classifier and, later, the embedded public code tables.

pub mod procedure;
