//! B rules: amounts that must add up (SNIP 3).

pub mod claim_charge_mismatch;
