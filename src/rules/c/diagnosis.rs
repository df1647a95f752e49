//! The diagnosis codes of a claim's diagnosis HI segments, with where each one sits, for
//! the diagnosis rules (C014–C016). Not a rule.

use crate::claim::Claim;

pub use crate::claim::Diagnosis;

impl Diagnosis<'_> {
    /// `ABK` or `ABF`: an ICD-10-CM code.
    pub fn is_icd10(&self) -> bool {
        matches!(self.qualifier.value, b"ABK" | b"ABF")
    }

    /// `BK` or `BF`: an ICD-9-CM code.
    pub fn is_icd9(&self) -> bool {
        matches!(self.qualifier.value, b"BK" | b"BF")
    }

    /// The code's value, empty when absent.
    pub fn value(&self) -> &[u8] {
        self.code.map_or(&[][..], |c| c.value)
    }
}

/// Every non-empty composite of the claim's diagnosis HI segments, in pointer order.
pub fn of_claim<'a, 'c>(claim: &'c Claim<'a>) -> impl Iterator<Item = Diagnosis<'a>> + 'c {
    claim.diagnosis_list()
}
