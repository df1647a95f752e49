//! Tables (from gen837.py; see the crate documentation for what differs).

pub(super) const MAX_LINES: usize = 50;
pub(super) const YEAR: u32 = 2024;
/// Days of the months of 2024 (a leap year).
pub(super) const MONTH_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// ICD-10-CM codes without the decimal point: `gen837.py`'s list without the non-billable
/// category headers `M545`, `R51` and `R05`.
pub(super) const ICD10: [&str; 27] = [
    "J069", "E119", "I10", "Z00129", "Z0000", "R0602", "Z23", "K219", "F411", "J449", "N390",
    "E785", "M25561", "S8001XA", "R1084", "H6690", "J0190", "L309", "E039", "G4700", "Z1331",
    "M79604", "S93401A", "F329", "R079", "E669", "Z713",
];

pub(super) struct Proc {
    pub(super) cpt: bool,
    pub(super) code: &'static str,
    /// Modifier sets to choose from, uniformly (a repeated set weighs more).
    pub(super) mods: &'static [&'static [&'static str]],
    /// Charge range in whole dollars (per unit, or for the whole line with `MJ`).
    pub(super) lo: u64,
    pub(super) hi: u64,
    pub(super) basis: &'static str,
    pub(super) qlo: u64,
    pub(super) qhi: u64,
    pub(super) ndc: Option<&'static str>,
    /// Relative weight: office visits and labs dominate, as in real professional claims.
    pub(super) weight: u64,
}

#[allow(clippy::too_many_arguments)]
pub(super) const fn p(
    cpt: bool,
    code: &'static str,
    mods: &'static [&'static [&'static str]],
    (lo, hi): (u64, u64),
    basis: &'static str,
    (qlo, qhi): (u64, u64),
    ndc: Option<&'static str>,
    weight: u64,
) -> Proc {
    Proc {
        cpt,
        code,
        mods,
        lo,
        hi,
        basis,
        qlo,
        qhi,
        ndc,
        weight,
    }
}

pub(super) const PROCS: [Proc; 17] = [
    p(
        true,
        "99213",
        &[&[], &[], &["25"]],
        (95, 150),
        "UN",
        (1, 1),
        None,
        18,
    ),
    p(
        true,
        "99214",
        &[&[], &["25"]],
        (140, 220),
        "UN",
        (1, 1),
        None,
        12,
    ),
    p(true, "93000", &[&[], &[]], (45, 80), "UN", (1, 1), None, 6),
    p(true, "90471", &[&[]], (25, 40), "UN", (1, 2), None, 6),
    p(
        true,
        "96110",
        &[&[], &["59"]],
        (15, 30),
        "UN",
        (1, 1),
        None,
        3,
    ),
    p(true, "36415", &[&[]], (10, 20), "UN", (1, 1), None, 8),
    p(
        true,
        "81002",
        &[&[], &["QW"]],
        (8, 15),
        "UN",
        (1, 1),
        None,
        5,
    ),
    p(
        true,
        "00790",
        &[&["AA"], &["QK"], &["AA", "P2"]],
        (800, 2500),
        "MJ",
        (45, 180),
        None,
        3,
    ),
    p(true, "1036F", &[&[]], (0, 0), "UN", (1, 1), None, 5),
    p(
        true,
        "0042T",
        &[&[], &["26"]],
        (300, 600),
        "UN",
        (1, 1),
        None,
        2,
    ),
    p(
        false,
        "J1885",
        &[&[]],
        (12, 30),
        "UN",
        (1, 4),
        Some("00409379501"),
        4,
    ),
    p(
        false,
        "E0114",
        &[&["NU"], &["RR"]],
        (60, 120),
        "UN",
        (1, 1),
        None,
        2,
    ),
    p(
        false,
        "L3908",
        &[&["LT"], &["RT"]],
        (300, 600),
        "UN",
        (1, 1),
        None,
        2,
    ),
    p(
        false,
        "L1833",
        &[&["LT"], &["RT"]],
        (400, 800),
        "UN",
        (1, 1),
        None,
        2,
    ),
    p(false, "G0439", &[&[]], (120, 180), "UN", (1, 1), None, 4),
    // Never drawn (weight 0): the companions billed with J1885 and 90471 (see `companion`).
    p(true, "96372", &[&[]], (20, 30), "UN", (1, 1), None, 0),
    p(true, "90707", &[&[]], (70, 90), "UN", (1, 1), None, 0),
];

pub(super) const PROC_WEIGHT_TOTAL: u64 = {
    let mut total = 0;
    let mut i = 0;
    while i < PROCS.len() {
        total += PROCS[i].weight;
        i += 1;
    }
    total
};

pub(super) const LAST: [&str; 20] = [
    "SMITH",
    "JOHNSON",
    "WILLIAMS",
    "BROWN",
    "JONES",
    "GARCIA",
    "MILLER",
    "DAVIS",
    "RODRIGUEZ",
    "MARTINEZ",
    "HERNANDEZ",
    "LOPEZ",
    "WILSON",
    "ANDERSON",
    "THOMAS",
    "TAYLOR",
    "MOORE",
    "JACKSON",
    "MARTIN",
    "LEE",
];
pub(super) const FIRST: [&str; 20] = [
    "JAMES",
    "MARY",
    "ROBERT",
    "PATRICIA",
    "JOHN",
    "JENNIFER",
    "MICHAEL",
    "LINDA",
    "DAVID",
    "ELIZABETH",
    "WILLIAM",
    "BARBARA",
    "RICHARD",
    "SUSAN",
    "JOSEPH",
    "JESSICA",
    "THOMAS",
    "SARAH",
    "CHARLES",
    "KAREN",
];
pub(super) const STREETS: [&str; 10] = [
    "MAIN ST",
    "OAK AVE",
    "PINE RD",
    "MAPLE DR",
    "CEDAR LN",
    "ELM ST",
    "LAKE BLVD",
    "HILL RD",
    "PARK AVE",
    "RIVER RD",
];
pub(super) const CITIES: [(&str, &str, &str); 8] = [
    ("SPRINGFIELD", "IL", "62701"),
    ("COLUMBUS", "OH", "43215"),
    ("AUSTIN", "TX", "78701"),
    ("DENVER", "CO", "80202"),
    ("RALEIGH", "NC", "27601"),
    ("MADISON", "WI", "53703"),
    ("TAMPA", "FL", "33602"),
    ("BOISE", "ID", "83702"),
];
/// (name, SBR09 claim filing indicator, payer ID). All IDs invented.
pub(super) const PAYERS: [(&str, &str, &str); 5] = [
    ("MEDICARE PART B", "MB", "CMS01"),
    ("BLUE CROSS BLUE SHIELD", "BL", "BCBS1"),
    ("ACME HEALTH PLAN", "CI", "ACME1"),
    ("EXAMPLE CARE NETWORK", "CI", "EXCN1"),
    ("STATE MEDICAID", "MC", "SKMD0"),
];
/// The payers of [`PAYERS`] that cover dependents (not Medicare or Medicaid).
pub(super) const COMMERCIAL_PAYERS: [usize; 3] = [1, 2, 3];
pub(super) const TAXONOMY: [&str; 5] = [
    "207Q00000X",
    "208D00000X",
    "207R00000X",
    "208000000X",
    "207P00000X",
];
pub(super) const ORGS: [&str; 5] = [
    "FAMILY PRACTICE",
    "MEDICAL GROUP",
    "HEALTH ASSOCIATES",
    "CLINIC",
    "PHYSICIANS",
];

pub(super) const SENDER: &str = "SUBMITTER01";
pub(super) const RECEIVER: &str = "RECEIVER01";
/// Flush the output buffer once it holds this much.
pub(super) const FLUSH_AT: usize = 64 * 1024;
