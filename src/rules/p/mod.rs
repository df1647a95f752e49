//! P rules: payer edits (SNIP 7).
//!
//! P001 applies the Medicare coverage status the CMS HCPCS file gives each Level II code.
//!
//! P101–P119 apply CMS's National Correct Coding Initiative (NCCI) edits for practitioner
//! services, which Medicare, every Medicaid program and most commercial payers run after
//! they accept a claim: procedure-to-procedure pairs (P101), medically unlikely edits
//! (P102) and add-on code edits (P103). claimlint ships none of the edit files (they list
//! CPT codes under the AMA's licence): the rules run on the pack the user loads with
//! `--ncci DIR` or `[code-sets] ncci` ([`crate::codes::ncci`]) and are silent without one.
//!
//! They look at the lines of one claim together ([`ClaimLines`]): the same patient, the
//! same rendering provider in the usual case, the same date of service.

pub mod p001_not_payable_by_medicare;
pub mod p101_ncci_unbundled_pair;
pub mod p102_ncci_units_above_mue;
pub mod p103_ncci_add_on_without_primary;

use crate::codes::ncci::{NcciPack, code_key};
use crate::rules::prelude::*;
use crate::rules::s::Line;

/// The NCCI-associated modifiers: the ones that may bypass a PTP edit of modifier indicator
/// 1 when the clinical circumstances justify them (NCCI Policy Manual for Medicare
/// Services, chapter I; the Medicaid NCCI technical guidance lists the same).
pub const NCCI_MODIFIERS: &[&[u8; 2]] = &[
    // Anatomic: eyelids, fingers, toes, sides, coronary arteries.
    b"E1", b"E2", b"E3", b"E4", b"FA", b"F1", b"F2", b"F3", b"F4", b"F5", b"F6", b"F7", b"F8",
    b"F9", b"TA", b"T1", b"T2", b"T3", b"T4", b"T5", b"T6", b"T7", b"T8", b"T9", b"LT", b"RT",
    b"LC", b"LD", b"RC", b"LM", b"RI", // Global surgery.
    b"24", b"25", b"57", b"58", b"78", b"79",
    // Other: distinct procedural service and its X{EPSU} subsets, repeat laboratory test,
    // multiple outpatient hospital E/M encounters.
    b"27", b"59", b"91", b"XE", b"XS", b"XP", b"XU",
];

/// The user's NCCI pack, when one is loaded.
pub fn pack<'s>(checker: &Checker<'s>) -> Option<&'s NcciPack> {
    checker.settings().code_sets().ncci()
}

/// What the NCCI rules need of a line: its code as an NCCI key and its date of service,
/// when the line has one readable code and a one-day period.
#[derive(Debug, Clone, Copy)]
pub struct Dated {
    pub key: u32,
    /// YYYYMMDD.
    pub day: u32,
}

impl Dated {
    pub fn of(line: &Line<'_, '_>) -> Option<Dated> {
        let key = code_key(line.code?.value)?;
        let (from, to) = line.period?;
        (from == to).then_some(Dated { key, day: from.0 })
    }
}

/// The first NCCI-associated modifier of a line (SV101-3 to SV101-6).
pub fn ncci_modifier<'a>(line: &Line<'_, 'a>) -> Option<crate::x12::Piece<'a>> {
    line.sv1?
        .modifiers()
        .find(|m| NCCI_MODIFIERS.iter().any(|n| n[..] == *m.value))
}

/// Codes for a message: `` `a`, `b` or `c` ``, at most `max` of them and a count of the rest.
pub fn codes_listed(codes: impl IntoIterator<Item = String>, max: usize) -> String {
    let codes: Vec<String> = codes.into_iter().map(|c| format!("`{c}`")).collect();
    let shown = &codes[..codes.len().min(max)];
    let rest = codes.len() - shown.len();
    match (shown.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, others)), 0) => format!("{} or {last}", others.join(", ")),
        (Some(_), rest) => format!("{} or one of {rest} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::codes_listed;

    #[test]
    fn lists() {
        let c = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(codes_listed(c(&["A"]), 3), "`A`");
        assert_eq!(codes_listed(c(&["A", "B"]), 3), "`A` or `B`");
        assert_eq!(
            codes_listed(c(&["A", "B", "C", "D"]), 2),
            "`A`, `B` or one of 2 more"
        );
    }
}
