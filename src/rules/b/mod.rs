//! B rules: the claim's total charge, and amounts that must add up (SNIP 3).

pub mod b001_claim_charge_mismatch;
pub mod b002_zero_claim_charge;
pub mod b003_negative_claim_charge;
