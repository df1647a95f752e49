//! The diagnosis codes of a claim's diagnosis HI segments, with where each one sits, for
//! the diagnosis rules (C014–C016). Not a rule.

use crate::claim::Claim;
use crate::x12::{Piece, Segment};

/// One composite of a diagnosis HI segment: `ABK:J029`.
#[derive(Debug, Clone, Copy)]
pub struct Diagnosis<'a> {
    pub hi: Segment<'a>,
    /// Element position in the HI segment (1 for HI01).
    pub position: usize,
    /// HIxx-1, the code list qualifier (`ABK`, `ABF`, `BK`, `BF`, or anything sent).
    pub qualifier: Piece<'a>,
    /// HIxx-2, the code, when present.
    pub code: Option<Piece<'a>>,
}

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
    claim.diagnoses.iter().flat_map(|hi| {
        hi.elements().filter(|e| !e.is_empty()).filter_map(|e| {
            let mut c = e.components();
            Some(Diagnosis {
                hi: *hi,
                position: e.position,
                qualifier: c.next()?,
                code: c.next(),
            })
        })
    })
}
