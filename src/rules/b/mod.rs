//! B rules: amounts that must add up (SNIP 3).

pub mod b001_claim_charge_mismatch;
