//! B rules: the claim's total charge, and amounts that must add up (SNIP 3).

pub mod b001_claim_charge_mismatch;
pub mod b002_zero_claim_charge;
pub mod b003_negative_claim_charge;

use crate::claim::Claim;
use crate::x12::Element;
use crate::x12::values::decimal;

/// CLM02 and its amount in cents, when it is a number (H034 reports it when it is not).
pub(crate) fn claim_total<'a>(claim: &Claim<'a>) -> Option<(Element<'a>, i128)> {
    let total = claim.clm.element(2)?;
    let cents = decimal(total.value).ok()?.cents()?;
    Some((total, cents))
}
