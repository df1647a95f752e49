//! Deterministic synthetic 837P (005010X222A1) files with an answer key, for tests and
//! benchmarks.
//!
//! # Why
//!
//! The linter has to be proven on files nobody may share: real claims are PHI. This module
//! writes claim files from invented data only, of any size (a few segments for a unit test,
//! hundreds of megabytes for a benchmark), optionally with errors injected at known places,
//! and returns an *answer key* ([`Summary::errors`]) that says exactly which segment and
//! element carries each injected error. A test can then assert that every injected error is
//! reported on its segment and that nothing else is. It is the project's own port of
//! `tools/gen837.py` (same structure, code tables and error kinds), so the test suite and the
//! benchmarks need no Python.
//!
//! # What it writes
//!
//! One ISA/IEA interchange (`*` element, `:` component, `^` repetition separator, `~`
//! terminator, optionally followed by `\n`) with one or more GS groups of one or more ST sets,
//! with correct control numbers and SE01/GE01/IEA01 counts. Each set has BHT, 1000A submitter
//! (NM1\*41, PER), 1000B receiver (NM1\*40), then 2000A billing provider loops (HL\*..\*\*20,
//! PRV, NM1\*85 with a Luhn-valid NPI, N3, N4 with a ZIP+4, REF\*EI), each followed by up to
//! [`Options::claims_per_provider`] claims. Every claim has its own 2000B (HL\*..\*22, SBR,
//! NM1\*IL, and N3/N4/DMG when the subscriber is the patient, SBR02 = `18`), 2010BB NM1\*PR,
//! and for [`Options::dependent_rate`] of the claims a 2000C patient loop (HL\*..\*23, PAT,
//! NM1\*QC, N3, N4, DMG). The 2300 loop is CLM (CLM02 = sum of the SV102 amounts in exact
//! cents, CLM05 `11:B:1`) and HI (ABK first, ABF after; ICD-10-CM without the decimal point);
//! then exactly [`Options::lines_per_claim`] 2400 lines: LX, SV1 (`HC:code[:modifiers]`,
//! charge, unit basis, quantity, SV107 pointers into HI), DTP\*472\*D8 and, for J-codes, a
//! 2410 LIN\*\*N4 (11-digit NDC) with CTP. Amounts are X12 `R` values without trailing zeros.
//! Without injected errors the file is a valid 837P: every SV107 pointer is within the
//! claim's HI list, every date is a real date (dates of service in 2024, never after the
//! BHT04 creation date), and no element ends with an empty trailing element or component.
//!
//! # Determinism
//!
//! The output is a pure function of [`Options`]: the same options give the same bytes on
//! every platform (a built-in splitmix64 generator, integer arithmetic for all amounts).
//! Clean data and error decisions use two separate generators, so a file with errors carries
//! exactly the same claims, payers, codes and amounts as the clean file with the same seed;
//! only the injected elements (and the LIN/CTP of a J-code line whose code was replaced)
//! differ. The bytes are *not* those of `gen837.py` for the same seed (different generator).
//!
//! # Answer key
//!
//! With [`Options::error_rate`] `r`, every service line independently gets, with probability
//! `r`, one error of a kind drawn uniformly from [`Options::kinds`] (see [`ErrorKind`]). At
//! most one [`ErrorKind::Clm02Mismatch`] per claim: a second draw of it on the same claim is
//! replaced by another kind, or dropped when no other kind is allowed. Each injected error
//! is one [`InjectedError`], in file order: `segment_id` is `SV1` (or `CLM` for
//! `clm02_mismatch`), `file_segment` the 1-based ordinal of that segment in the file
//! (ISA = 1; with `newline` also its line number), `st_segment` its position in its
//! transaction set (ST = 1, as an SE01-style count), `byte_offset` the offset of its first
//! byte, and `element` (`SV101-1`, `SV101-2`, `SV101-3`, `SV107-n`, `CLM02`) names the element
//! or component that holds `value` instead of `expected`.
//!
//! # Differences from `gen837.py`
//!
//! * ICD-10-CM `R51`, `M545` and `R05` of the script's list are not used: they are category
//!   headers, not billable codes, for any 2024 date of service (expanded FY2021–FY2023).
//! * Dates of service are any real date of 2024 up to the BHT04 creation date (the script
//!   draws days 1–28 independently of the creation date, so services could follow it).
//! * Medicare (`MB`) and Medicaid (`MC`) claims never have a 2000C loop: with these payers the
//!   patient is always the subscriber. A dependent patient draws a commercial payer.
//! * The script's two commercial payers with real names and payer IDs are replaced by
//!   invented ones.
//! * There is no `.expected.jsonl` sidecar and no `detail` text: the key is returned.
//! * Claims bill consistently across lines (claimlint S101–S106): a J1885 line comes right
//!   after its injection (96372) and a 90471 line after its vaccine (90707), both within
//!   [`Options::lines_per_claim`]; a claim never bills the same code with the same
//!   modifiers twice unless a repeat modifier (`76`, `77`, `59`, `XU`) says so.
//! * The script's `90460` (vaccine administration with counseling, for patients through 18,
//!   S012) is `90471`, since patients of any age are drawn; its `A0428` (an ambulance trip,
//!   which needs CR1 and the pick-up and drop-off loops, S011) is `L3908`, an orthosis.

use std::io::{self, Write};

/// Generator settings. [`Options::default`] is 10 claims of 3 lines, seed 1, no errors.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of claims (CLM segments), at least 1.
    pub claims: usize,
    /// Service lines (LX loops) per claim, `1..=50`.
    pub lines_per_claim: usize,
    /// Seed of the generators; see the module documentation on determinism.
    pub seed: u64,
    /// Probability, per service line, of one injected error (`0.0..=1.0`).
    pub error_rate: f64,
    /// Kinds to draw from, uniformly (a repeated kind weighs more); must not be empty when
    /// `error_rate > 0`.
    pub kinds: Vec<ErrorKind>,
    /// Write `\n` after every segment terminator.
    pub newline: bool,
    /// Claims per ST/SE transaction set, at least 1.
    pub claims_per_st: usize,
    /// Transaction sets per GS/GE group; 0 puts all of them in one group.
    pub st_per_gs: usize,
    /// Claims under one 2000A billing provider loop, at least 1.
    pub claims_per_provider: usize,
    /// Fraction of claims whose patient is a dependent (2000C loop), `0.0..=1.0`.
    pub dependent_rate: f64,
    /// GS08 and ST03, 1 to 12 characters without separators.
    pub version: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            claims: 10,
            lines_per_claim: 3,
            seed: 1,
            error_rate: 0.0,
            kinds: ErrorKind::ALL.to_vec(),
            newline: false,
            claims_per_st: 5000,
            st_per_gs: 10,
            claims_per_provider: 100,
            dependent_rate: 0.3,
            version: "005010X222A1".to_string(),
        }
    }
}

/// The kinds of injected errors, as in `gen837.py` (`ERROR_KINDS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// SV101-1 = `ZZ`, not one of the 837P qualifiers HC/ER/IV/WK.
    BadQualifier,
    /// SV101-2 procedure code cut to 4 characters (`9921`, `J188`, `1036` ...).
    MalformedCode,
    /// SV101-2 replaced by a HCPCS Level III local code (`X1234` ...), retired under HIPAA.
    HcpcsLevel3,
    /// A CPT code with SV101-1 = ER/IV/WK instead of HC (a HCPCS line gets a CPT code first).
    CptWrongQualifier,
    /// SV101-3 (first modifier) of 3 characters; the element is AN 2/2.
    Modifier3Char,
    /// An SV107 pointer to an HI position the claim does not have.
    DxPointerMissing,
    /// CLM02 differs from the sum of the claim's SV102 amounts (by whole dollars).
    Clm02Mismatch,
}

impl ErrorKind {
    /// Every kind, in the order of `gen837.py`'s `ERROR_KINDS`.
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::BadQualifier,
        ErrorKind::MalformedCode,
        ErrorKind::HcpcsLevel3,
        ErrorKind::CptWrongQualifier,
        ErrorKind::Modifier3Char,
        ErrorKind::DxPointerMissing,
        ErrorKind::Clm02Mismatch,
    ];

    /// The name used by `gen837.py` (`bad_qualifier`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::BadQualifier => "bad_qualifier",
            ErrorKind::MalformedCode => "malformed_code",
            ErrorKind::HcpcsLevel3 => "hcpcs_level3",
            ErrorKind::CptWrongQualifier => "cpt_wrong_qualifier",
            ErrorKind::Modifier3Char => "modifier_3char",
            ErrorKind::DxPointerMissing => "dx_pointer_missing",
            ErrorKind::Clm02Mismatch => "clm02_mismatch",
        }
    }

    /// The kind named `name` (as [`ErrorKind::name`] spells it).
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One injected error of the answer key; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InjectedError {
    pub kind: ErrorKind,
    /// `SV1`, or `CLM` for [`ErrorKind::Clm02Mismatch`].
    pub segment_id: &'static str,
    /// 1-based ordinal of the segment in the file (ISA = 1).
    pub file_segment: usize,
    /// 1-based position of the segment in its transaction set (ST = 1).
    pub st_segment: usize,
    /// 0-based offset of the segment's first byte in the file.
    pub byte_offset: usize,
    /// ST02 of the enclosing transaction set.
    pub st_control: String,
    /// GS06 of the enclosing group.
    pub gs_control: String,
    /// CLM01 of the claim.
    pub claim_id: String,
    /// LX number (1-based) of the service line that drew the error (also for `CLM02`).
    pub line: usize,
    /// X12 reference of the bad element: `SV101-1`, `SV101-2`, `SV101-3`, `SV107-n`, `CLM02`.
    pub element: String,
    /// The value written there.
    pub value: String,
    /// What the clean file has there (empty when the element was added, e.g. a new pointer).
    pub expected: String,
}

/// What [`write()`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub bytes: usize,
    pub segments: usize,
    pub claims: usize,
    pub service_lines: usize,
    /// The answer key, in file order.
    pub errors: Vec<InjectedError>,
}

/// Writes one synthetic 837P interchange to `out` and returns its summary and answer key.
///
/// Streams: at most about 64 KiB (plus one claim) is buffered before it is written to `out`,
/// whatever the size of the file; `out` is flushed at the end. Invalid options give an
/// [`io::ErrorKind::InvalidInput`] error before anything is written.
pub fn write<W: Write>(options: &Options, out: &mut W) -> io::Result<Summary> {
    validate(options)?;
    Generator::new(options, out).run()
}

/// [`write()`] into a new vector, for tests.
///
/// # Panics
///
/// When the options are invalid (see [`write()`]).
pub fn generate(options: &Options) -> (Vec<u8>, Summary) {
    let mut bytes = Vec::new();
    let summary = match write(options, &mut bytes) {
        Ok(summary) => summary,
        Err(e) => panic!("synth::generate: {e}"),
    };
    (bytes, summary)
}

fn validate(o: &Options) -> io::Result<()> {
    let bad = |what: &str| {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            what.to_string(),
        ))
    };
    if o.claims == 0 {
        return bad("claims must be at least 1");
    }
    if !(1..=MAX_LINES).contains(&o.lines_per_claim) {
        return bad("lines_per_claim must be in 1..=50");
    }
    if !(0.0..=1.0).contains(&o.error_rate) {
        return bad("error_rate must be in 0.0..=1.0");
    }
    if o.error_rate > 0.0 && o.kinds.is_empty() {
        return bad("kinds must not be empty when error_rate > 0");
    }
    if !(0.0..=1.0).contains(&o.dependent_rate) {
        return bad("dependent_rate must be in 0.0..=1.0");
    }
    if o.claims_per_st == 0 || o.claims_per_provider == 0 {
        return bad("claims_per_st and claims_per_provider must be at least 1");
    }
    let v = o.version.as_bytes();
    if v.is_empty() || v.len() > 12 || !v.iter().all(|b| b.is_ascii_alphanumeric()) {
        return bad("version must be 1 to 12 ASCII letters or digits");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Tables (from gen837.py; see the module documentation for what differs)

const MAX_LINES: usize = 50;
const YEAR: u32 = 2024;
/// Days of the months of 2024 (a leap year).
const MONTH_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// ICD-10-CM codes without the decimal point: `gen837.py`'s list without the non-billable
/// category headers `M545`, `R51` and `R05`.
const ICD10: [&str; 27] = [
    "J069", "E119", "I10", "Z00129", "Z0000", "R0602", "Z23", "K219", "F411", "J449", "N390",
    "E785", "M25561", "S8001XA", "R1084", "H6690", "J0190", "L309", "E039", "G4700", "Z1331",
    "M79604", "S93401A", "F329", "R079", "E669", "Z713",
];

struct Proc {
    cpt: bool,
    code: &'static str,
    /// Modifier sets to choose from, uniformly (a repeated set weighs more).
    mods: &'static [&'static [&'static str]],
    /// Charge range in whole dollars (per unit, or for the whole line with `MJ`).
    lo: u64,
    hi: u64,
    basis: &'static str,
    qlo: u64,
    qhi: u64,
    ndc: Option<&'static str>,
    /// Relative weight: office visits and labs dominate, as in real professional claims.
    weight: u64,
}

#[allow(clippy::too_many_arguments)]
const fn p(
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

const PROCS: [Proc; 17] = [
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

const PROC_WEIGHT_TOTAL: u64 = {
    let mut total = 0;
    let mut i = 0;
    while i < PROCS.len() {
        total += PROCS[i].weight;
        i += 1;
    }
    total
};

const LAST: [&str; 20] = [
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
const FIRST: [&str; 20] = [
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
const STREETS: [&str; 10] = [
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
const CITIES: [(&str, &str, &str); 8] = [
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
const PAYERS: [(&str, &str, &str); 5] = [
    ("MEDICARE PART B", "MB", "CMS01"),
    ("BLUE CROSS BLUE SHIELD", "BL", "BCBS1"),
    ("ACME HEALTH PLAN", "CI", "ACME1"),
    ("EXAMPLE CARE NETWORK", "CI", "EXCN1"),
    ("STATE MEDICAID", "MC", "SKMD0"),
];
/// The payers of [`PAYERS`] that cover dependents (not Medicare or Medicaid).
const COMMERCIAL_PAYERS: [usize; 3] = [1, 2, 3];
const TAXONOMY: [&str; 5] = [
    "207Q00000X",
    "208D00000X",
    "207R00000X",
    "208000000X",
    "207P00000X",
];
const ORGS: [&str; 5] = [
    "FAMILY PRACTICE",
    "MEDICAL GROUP",
    "HEALTH ASSOCIATES",
    "CLINIC",
    "PHYSICIANS",
];

const SENDER: &str = "SUBMITTER01";
const RECEIVER: &str = "RECEIVER01";
/// Flush the output buffer once it holds this much.
const FLUSH_AT: usize = 64 * 1024;

// ---------------------------------------------------------------------------------------
// Random numbers

/// splitmix64 (Steele, Lea & Flood 2014): tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------
// Output

/// The segment being built: append-only helpers that never allocate beyond the buffer.
struct Buf(Vec<u8>);

impl Buf {
    fn s(&mut self, s: &str) -> &mut Self {
        self.0.extend_from_slice(s.as_bytes());
        self
    }

    fn c(&mut self, b: u8) -> &mut Self {
        self.0.push(b);
        self
    }

    /// A decimal number.
    fn n(&mut self, v: u64) -> &mut Self {
        self.z(v, 1)
    }

    /// A decimal number, left-padded with zeros to `width` digits.
    fn z(&mut self, mut v: u64, width: usize) -> &mut Self {
        let mut tmp = [b'0'; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        let start = i.min(tmp.len().saturating_sub(width));
        self.0.extend_from_slice(&tmp[start..]);
        self
    }

    /// An X12 `R` amount from cents: no trailing zeros (`150`, `12.5`, `0.05`).
    fn money(&mut self, cents: u64) -> &mut Self {
        self.n(cents / 100);
        let c = (cents % 100) as u8;
        if c != 0 {
            self.0.push(b'.');
            self.0.push(b'0' + c / 10);
            if !c.is_multiple_of(10) {
                self.0.push(b'0' + c % 10);
            }
        }
        self
    }

    fn date(&mut self, (y, m, d): (u32, u32, u32)) -> &mut Self {
        self.z(y.into(), 4).z(m.into(), 2).z(d.into(), 2)
    }
}

fn money_string(cents: u64) -> String {
    let mut b = Buf(Vec::with_capacity(12));
    b.money(cents);
    String::from_utf8(b.0).unwrap_or_default()
}

/// Where a segment was written.
#[derive(Debug, Clone, Copy, Default)]
struct Pos {
    file_segment: usize,
    st_segment: usize,
    byte_offset: usize,
}

/// Counts segments and bytes and writes them through a reused buffer.
struct Out<'a, W: Write> {
    w: &'a mut W,
    buf: Buf,
    flushed: usize,
    file_seg: usize,
    st_seg: usize,
    newline: bool,
}

impl<W: Write> Out<'_, W> {
    /// Writes one segment: `f` appends its text (without terminator).
    #[inline]
    fn seg(&mut self, f: impl FnOnce(&mut Buf)) -> Pos {
        self.file_seg += 1;
        self.st_seg += 1;
        let pos = Pos {
            file_segment: self.file_seg,
            st_segment: self.st_seg,
            byte_offset: self.flushed + self.buf.0.len(),
        };
        f(&mut self.buf);
        self.buf.0.push(b'~');
        if self.newline {
            self.buf.0.push(b'\n');
        }
        pos
    }

    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.0.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf.0)?;
        self.flushed += self.buf.0.len();
        self.buf.0.clear();
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Claims

/// One service line; `Copy`, so a claim's lines live in a reused vector without allocation.
#[derive(Debug, Clone, Copy)]
struct Line {
    cpt: bool,
    qual: &'static str,
    code: &'static str,
    mods: [&'static str; 2],
    n_mods: usize,
    cents: u64,
    basis: &'static str,
    qty: u64,
    ptrs: [u8; 4],
    n_ptrs: usize,
    ndc: Option<&'static str>,
}

fn build_line(rng: &mut Rng, n_dx: usize) -> Line {
    let mut r = rng.below(PROC_WEIGHT_TOTAL);
    let mut i = 0;
    while r >= PROCS[i].weight {
        r -= PROCS[i].weight;
        i += 1;
    }
    let pr = &PROCS[i];
    let chosen = rng.pick(pr.mods);
    let mut mods = [""; 2];
    mods[..chosen.len()].copy_from_slice(chosen);
    let qty = rng.range(pr.qlo, pr.qhi);
    let cents = if pr.basis == "MJ" {
        // Anesthesia: the charge scales with the minutes.
        rng.range(pr.lo, pr.hi) * 100
    } else {
        let unit = if pr.hi > 0 {
            rng.range(pr.lo * 100, pr.hi * 100)
        } else {
            0
        };
        (unit - unit % 5) * qty
    };
    // Distinct pointers into HI: a partial Fisher-Yates shuffle of 1..=n_dx.
    let n_ptrs = rng.range(1, n_dx.min(4) as u64) as usize;
    let mut pool = [1u8, 2, 3, 4];
    for k in 0..n_ptrs {
        let j = k + rng.below((n_dx - k) as u64) as usize;
        pool.swap(k, j);
    }
    Line {
        cpt: pr.cpt,
        qual: "HC",
        code: pr.code,
        mods,
        n_mods: chosen.len(),
        cents,
        basis: pr.basis,
        qty,
        ptrs: pool,
        n_ptrs,
        ndc: pr.ndc,
    }
}

/// The line billed right before a line of `code` so that the claim is consistent: the
/// injection that gives the drug, the vaccine that the administration gives.
fn companion(code: &str) -> Option<&'static str> {
    match code {
        "J1885" => Some("96372"),
        "90471" => Some("90707"),
        _ => None,
    }
}

fn companion_line(code: &'static str, of: &Line) -> Line {
    let pr = PROCS
        .iter()
        .find(|p| p.code == code)
        .expect("companions are in PROCS");
    Line {
        cpt: pr.cpt,
        qual: "HC",
        code,
        mods: [""; 2],
        n_mods: 0,
        cents: pr.lo * 100,
        basis: pr.basis,
        qty: 1,
        ptrs: of.ptrs,
        n_ptrs: of.n_ptrs,
        ndc: None,
    }
}

/// Modifiers that say a line repeats a service on purpose.
const REPEAT_MODIFIERS: [&str; 4] = ["76", "77", "59", "XU"];

/// Whether `line` bills the same code with the same modifiers as a line of `lines`.
fn repeats(lines: &[Line], line: &Line) -> bool {
    let mods = |l: &Line| {
        let mut m = l.mods;
        m[l.n_mods..].fill("");
        m.sort_unstable();
        m
    };
    lines
        .iter()
        .any(|l| l.code == line.code && mods(l) == mods(line))
}

/// An error decided for a line of the current claim, before the claim is written.
struct Pending {
    line: usize,
    kind: ErrorKind,
    element: String,
    value: String,
    expected: String,
}

/// Mutates a clean line to carry one error of `kind` (not `Clm02Mismatch`); returns
/// (element, value, expected) as `gen837.py`'s `inject`.
fn inject(
    rng: &mut Rng,
    line: &mut Line,
    kind: ErrorKind,
    n_dx: usize,
) -> (String, String, String) {
    let s = |x: &str| x.to_string();
    match kind {
        ErrorKind::BadQualifier => {
            line.qual = "ZZ";
            (s("SV101-1"), s("ZZ"), s("HC"))
        }
        ErrorKind::MalformedCode => {
            let good = line.code;
            line.code = &good[..good.len() - 1];
            (s("SV101-2"), s(line.code), s(good))
        }
        ErrorKind::HcpcsLevel3 => {
            let good = line.code;
            line.code = rng.pick(&["X1234", "X1234", "W4321", "Y0010", "Z9876"]);
            line.cpt = false;
            line.ndc = None;
            (s("SV101-2"), s(line.code), s(good))
        }
        ErrorKind::CptWrongQualifier => {
            if !line.cpt {
                // Replace the HCPCS code with a CPT code so the error is what it says.
                line.code = rng.pick(&["99213", "99214", "93000", "36415", "81002"]);
                line.cpt = true;
                line.n_mods = 0;
                line.ndc = None;
                line.basis = "UN";
                line.qty = 1;
            }
            let q = rng.pick(&["ER", "IV", "WK"]);
            line.qual = q;
            (s("SV101-1"), s(q), s("HC"))
        }
        ErrorKind::Modifier3Char => {
            let bad = rng.pick(&["25X", "RTT", "591", "LTX", "QW1"]);
            let good = if line.n_mods > 0 { line.mods[0] } else { "" };
            line.mods[0] = bad;
            line.n_mods = line.n_mods.max(1);
            (s("SV101-3"), s(bad), s(good))
        }
        ErrorKind::DxPointerMissing => {
            let bad = rng.range(n_dx as u64 + 1, 12) as u8;
            let idx = if line.n_ptrs < 4 {
                rng.below(line.n_ptrs as u64 + 1) as usize
            } else {
                rng.below(4) as usize
            };
            let good = if idx >= line.n_ptrs {
                line.n_ptrs += 1;
                String::new()
            } else {
                line.ptrs[idx].to_string()
            };
            line.ptrs[idx] = bad;
            (format!("SV107-{}", idx + 1), bad.to_string(), good)
        }
        ErrorKind::Clm02Mismatch => unreachable!("clm02_mismatch is not a line error"),
    }
}

/// `(year, month, day)` of day `doy` (1-based) of 2024.
fn date_of_day(mut doy: u32) -> (u32, u32, u32) {
    let mut m = 0;
    while doy > MONTH_DAYS[m] {
        doy -= MONTH_DAYS[m];
        m += 1;
    }
    (YEAR, m as u32 + 1, doy)
}

/// Luhn check digit of a 9-digit NPI base with the `80840` prefix.
fn npi_check_digit(base: &[u8; 9]) -> u8 {
    let mut total = 0u32;
    // The payload is 80840 + base; its rightmost digit is doubled (the check digit follows).
    let payload = b"80840".iter().chain(base.iter());
    for (i, &d) in payload.rev().enumerate() {
        let mut d = u32::from(d - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        total += d;
    }
    b'0' + ((10 - total % 10) % 10) as u8
}

fn make_npi(rng: &mut Rng) -> [u8; 10] {
    let mut npi = [0u8; 10];
    npi[0] = b'1' + rng.below(2) as u8;
    for d in &mut npi[1..9] {
        *d = b'0' + rng.below(10) as u8;
    }
    let base: [u8; 9] = npi[..9].try_into().unwrap_or([b'1'; 9]);
    npi[9] = npi_check_digit(&base);
    npi
}

struct Generator<'a, W: Write> {
    o: &'a Options,
    out: Out<'a, W>,
    rng: Rng,
    erng: Rng,
    /// `kinds` without `Clm02Mismatch`: the replacements for a second mismatch draw.
    line_kinds: Vec<ErrorKind>,
    cdate: (u32, u32, u32),
    ctime: (u32, u32),
    claim_no: usize,
    service_lines: usize,
    errors: Vec<InjectedError>,
    // Reused per claim.
    lines: Vec<Line>,
    pending: Vec<Pending>,
    sv1_pos: Vec<Pos>,
}

impl<'a, W: Write> Generator<'a, W> {
    fn new(o: &'a Options, w: &'a mut W) -> Self {
        let mut rng = Rng::new(o.seed);
        // Error decisions have their own generator so they do not perturb the clean data.
        let erng = Rng::new(o.seed.wrapping_mul(7919).wrapping_add(17));
        let month = rng.range(1, 12) as u32;
        let cdate = (YEAR, month, rng.range(1, 28) as u32);
        let ctime = (rng.range(6, 19) as u32, rng.range(0, 59) as u32);
        Generator {
            o,
            out: Out {
                w,
                buf: Buf(Vec::with_capacity(FLUSH_AT + 16 * 1024)),
                flushed: 0,
                file_seg: 0,
                st_seg: 0,
                newline: o.newline,
            },
            rng,
            erng,
            line_kinds: o
                .kinds
                .iter()
                .copied()
                .filter(|&k| k != ErrorKind::Clm02Mismatch)
                .collect(),
            cdate,
            ctime,
            claim_no: 0,
            service_lines: 0,
            errors: Vec::new(),
            lines: Vec::with_capacity(MAX_LINES),
            pending: Vec::new(),
            sv1_pos: Vec::with_capacity(MAX_LINES),
        }
    }

    fn run(mut self) -> io::Result<Summary> {
        let o = self.o;
        let (cdate, (hh, mm)) = (self.cdate, self.ctime);
        let isa_ctl = match o.seed % 1_000_000_000 {
            0 => 1,
            n => n,
        };
        self.out.seg(|b| {
            b.s("ISA*00*          *00*          *ZZ*")
                .s(SENDER)
                .s(&"               "[SENDER.len()..])
                .s("*ZZ*")
                .s(RECEIVER)
                .s(&"               "[RECEIVER.len()..])
                .c(b'*')
                .z(u64::from(cdate.0 % 100), 2)
                .z(cdate.1.into(), 2)
                .z(cdate.2.into(), 2)
                .c(b'*')
                .z(hh.into(), 2)
                .z(mm.into(), 2)
                .s("*^*00501*")
                .z(isa_ctl, 9)
                .s("*0*T*:");
        });

        let n_st = o.claims.div_ceil(o.claims_per_st);
        let st_per_gs = if o.st_per_gs > 0 { o.st_per_gs } else { n_st };
        let n_gs = n_st.div_ceil(st_per_gs);
        let mut st_no = 0usize;
        for g in 0..n_gs {
            let gs_ctl = (g + 1).to_string();
            self.out.seg(|b| {
                b.s("GS*HC*")
                    .s(SENDER)
                    .c(b'*')
                    .s(RECEIVER)
                    .c(b'*')
                    .date(cdate)
                    .c(b'*')
                    .z(hh.into(), 2)
                    .z(mm.into(), 2)
                    .c(b'*')
                    .s(&gs_ctl)
                    .s("*X*")
                    .s(&o.version);
            });
            let sts_here = st_per_gs.min(n_st - g * st_per_gs);
            for _ in 0..sts_here {
                st_no += 1;
                self.transaction_set(st_no, &gs_ctl)?;
            }
            self.out.seg(|b| {
                b.s("GE*").n(sts_here as u64).c(b'*').s(&gs_ctl);
            });
        }
        self.out.seg(|b| {
            b.s("IEA*").n(n_gs as u64).c(b'*').z(isa_ctl, 9);
        });
        self.out.flush()?;
        self.out.w.flush()?;
        Ok(Summary {
            bytes: self.out.flushed,
            segments: self.out.file_seg,
            claims: self.claim_no,
            service_lines: self.service_lines,
            errors: self.errors,
        })
    }

    fn transaction_set(&mut self, st_no: usize, gs_ctl: &str) -> io::Result<()> {
        let o = self.o;
        let (cdate, (hh, mm)) = (self.cdate, self.ctime);
        let mut st_ctl = Buf(Vec::with_capacity(9));
        st_ctl.z(st_no as u64, 4);
        let st_ctl = String::from_utf8(st_ctl.0).unwrap_or_default();
        self.out.st_seg = 0;
        self.out.seg(|b| {
            b.s("ST*837*").s(&st_ctl).c(b'*').s(&o.version);
        });
        self.out.seg(|b| {
            b.s("BHT*0019*00*BAT")
                .z(st_no as u64, 6)
                .c(b'*')
                .date(cdate)
                .c(b'*')
                .z(hh.into(), 2)
                .z(mm.into(), 2)
                .s("*CH");
        });
        self.out.seg(|b| {
            b.s("NM1*41*2*PREMIER BILLING SERVICE*****46*TGJ23");
        });
        self.out.seg(|b| {
            b.s("PER*IC*JERRY SMITH*TE*3055552222*EM*EDI@EXAMPLE.COM");
        });
        self.out.seg(|b| {
            b.s("NM1*40*2*KEY INSURANCE COMPANY*****46*66783JJT");
        });

        let mut hl = 0u64;
        let claims_here = o.claims_per_st.min(o.claims - self.claim_no);
        let mut done_here = 0;
        while done_here < claims_here {
            hl += 1;
            let hl_a = hl;
            self.billing_provider(hl_a);
            for _ in 0..o.claims_per_provider.min(claims_here - done_here) {
                done_here += 1;
                self.claim(&mut hl, hl_a, &st_ctl, gs_ctl);
                self.out.flush_if_full()?;
            }
        }
        let count = self.out.st_seg as u64 + 1;
        self.out.seg(|b| {
            b.s("SE*").n(count).c(b'*').s(&st_ctl);
        });
        self.out.flush_if_full()
    }

    /// 2000A: HL, PRV, NM1*85, N3, N4, REF*EI.
    fn billing_provider(&mut self, hl_a: u64) {
        let (rng, out) = (&mut self.rng, &mut self.out);
        out.seg(|b| {
            b.s("HL*").n(hl_a).s("**20*1");
        });
        out.seg(|b| {
            b.s("PRV*BI*PXC*").s(rng.pick(&TAXONOMY));
        });
        let (city, state, zip) = rng.pick(&CITIES);
        out.seg(|b| {
            b.s("NM1*85*2*")
                .s(rng.pick(&LAST))
                .c(b' ')
                .s(rng.pick(&ORGS))
                .s("*****XX*");
            b.0.extend_from_slice(&make_npi(rng));
        });
        out.seg(|b| {
            b.s("N3*")
                .n(rng.range(100, 9999))
                .c(b' ')
                .s(rng.pick(&STREETS));
        });
        out.seg(|b| {
            b.s("N4*")
                .s(city)
                .c(b'*')
                .s(state)
                .c(b'*')
                .s(zip)
                .n(rng.range(1000, 9999));
        });
        out.seg(|b| {
            b.s("REF*EI*").n(rng.range(100_000_000, 999_999_999));
        });
    }

    /// 2000B (+ 2000C) + 2300 + 2400/2410 of one claim.
    fn claim(&mut self, hl: &mut u64, hl_a: u64, st_ctl: &str, gs_ctl: &str) {
        let o = self.o;
        self.claim_no += 1;
        let claim_no = self.claim_no as u64;
        let (rng, out) = (&mut self.rng, &mut self.out);

        // 2000B subscriber.
        let dependent = rng.unit() < o.dependent_rate;
        let (payer, filing, payer_id) = if dependent {
            PAYERS[rng.pick(&COMMERCIAL_PAYERS)]
        } else {
            rng.pick(&PAYERS)
        };
        *hl += 1;
        let hl_b = *hl;
        out.seg(|b| {
            b.s("HL*")
                .n(hl_b)
                .c(b'*')
                .n(hl_a)
                .s("*22*")
                .s(if dependent { "1" } else { "0" });
        });
        out.seg(|b| {
            b.s(if dependent {
                "SBR*P**GRP"
            } else {
                "SBR*P*18*GRP"
            })
            .z(rng.range(0, 99_999), 5)
            .s("******")
            .s(filing);
        });
        let last = rng.pick(&LAST);
        out.seg(|b| {
            b.s("NM1*IL*1*")
                .s(last)
                .c(b'*')
                .s(rng.pick(&FIRST))
                .s("****MI*W")
                .z(rng.range(0, 999_999_999), 9);
        });
        let (city, state, zip) = rng.pick(&CITIES);
        let street_no = rng.range(1, 9999);
        let street = rng.pick(&STREETS);
        let address = |out: &mut Out<'_, W>| {
            out.seg(|b| {
                b.s("N3*").n(street_no).c(b' ').s(street);
            });
            out.seg(|b| {
                b.s("N4*").s(city).c(b'*').s(state).c(b'*').s(zip);
            });
        };
        let dmg = |out: &mut Out<'_, W>, rng: &mut Rng, years: (u64, u64)| {
            out.seg(|b| {
                b.s("DMG*D8*")
                    .z(rng.range(years.0, years.1), 4)
                    .z(rng.range(1, 12), 2)
                    .z(rng.range(1, 28), 2)
                    .c(b'*')
                    .s(rng.pick(&["M", "F"]));
            });
        };
        if !dependent {
            address(out);
            dmg(out, rng, (1940, 2005));
        }
        out.seg(|b| {
            b.s("NM1*PR*2*").s(payer).s("*****PI*").s(payer_id);
        });
        if dependent {
            // 2000C patient.
            *hl += 1;
            let hl_c = *hl;
            out.seg(|b| {
                b.s("HL*").n(hl_c).c(b'*').n(hl_b).s("*23*0");
            });
            out.seg(|b| {
                b.s("PAT*19");
            });
            out.seg(|b| {
                b.s("NM1*QC*1*").s(last).c(b'*').s(rng.pick(&FIRST));
            });
            address(out);
            dmg(out, rng, (2006, 2023));
        }

        // 2300 claim: diagnoses (distinct), date of service, lines.
        let n_dx = rng.range(1, 4) as usize;
        let mut dx = [0usize; 4];
        let mut k = 0;
        while k < n_dx {
            let c = rng.below(ICD10.len() as u64) as usize;
            if !dx[..k].contains(&c) {
                dx[k] = c;
                k += 1;
            }
        }
        let (_, cm, cd) = self.cdate;
        let created_doy = MONTH_DAYS[..cm as usize - 1].iter().sum::<u32>() + cd;
        let dos = date_of_day(rng.range(1, created_doy.into()) as u32);
        self.lines.clear();
        let mut redraws = 0;
        while self.lines.len() < o.lines_per_claim {
            let mut line = build_line(rng, n_dx);
            // Bill consistently (claimlint S101-S106): a drug or a vaccine administration
            // comes with its companion line, and a service is not billed twice unless a
            // repeat modifier says it was done again.
            let companion = companion(line.code);
            if companion.is_some() && self.lines.len() + 2 > o.lines_per_claim {
                continue;
            }
            if repeats(&self.lines, &line)
                || companion.is_some_and(|c| self.lines.iter().any(|l| l.code == c))
            {
                if redraws < 8 || companion.is_some() {
                    redraws += 1;
                    continue;
                }
                let Some(m) = REPEAT_MODIFIERS.iter().find(|m| {
                    let mut again = line;
                    again.mods[again.n_mods.min(1)] = m;
                    again.n_mods = (again.n_mods + 1).min(2);
                    line.n_mods < 2 && !repeats(&self.lines, &again)
                }) else {
                    continue;
                };
                line.mods[line.n_mods] = m;
                line.n_mods += 1;
            }
            if let Some(code) = companion {
                self.lines.push(companion_line(code, &line));
            }
            self.lines.push(line);
        }

        // Error decisions.
        self.pending.clear();
        let mut delta: i64 = 0;
        let mut clm_line = 0;
        if o.error_rate > 0.0 {
            let erng = &mut self.erng;
            for (li, line) in self.lines.iter_mut().enumerate() {
                if erng.unit() >= o.error_rate {
                    continue;
                }
                let mut kind = erng.pick(&o.kinds);
                if kind == ErrorKind::Clm02Mismatch {
                    if delta == 0 {
                        let sign = if erng.below(2) == 0 { 1 } else { -1 };
                        delta = sign * erng.range(1, 50) as i64 * 100;
                        clm_line = li;
                        continue;
                    } else if self.line_kinds.is_empty() {
                        continue;
                    }
                    // One mismatch per claim: another kind for this line.
                    kind = erng.pick(&self.line_kinds);
                }
                let (element, value, expected) = inject(erng, line, kind, n_dx);
                self.pending.push(Pending {
                    line: li,
                    kind,
                    element,
                    value,
                    expected,
                });
            }
        }
        let total: u64 = self.lines.iter().map(|l| l.cents).sum();
        if delta < 0 && total < delta.unsigned_abs() {
            delta = -delta;
        }
        let claimed = total.wrapping_add_signed(delta);

        let clm_pos = out.seg(|b| {
            b.s("CLM*PCN")
                .z(claim_no, 8)
                .c(b'*')
                .money(claimed)
                .s("***11:B:1*Y*A*Y*Y");
        });
        out.seg(|b| {
            b.s("HI*ABK:").s(ICD10[dx[0]]);
            for &c in &dx[1..n_dx] {
                b.s("*ABF:").s(ICD10[c]);
            }
        });
        self.sv1_pos.clear();
        for (li, line) in self.lines.iter().enumerate() {
            out.seg(|b| {
                b.s("LX*").n(li as u64 + 1);
            });
            let pos = out.seg(|b| {
                b.s("SV1*").s(line.qual).c(b':').s(line.code);
                for m in &line.mods[..line.n_mods] {
                    b.c(b':').s(m);
                }
                b.c(b'*')
                    .money(line.cents)
                    .c(b'*')
                    .s(line.basis)
                    .c(b'*')
                    .n(line.qty)
                    .s("***");
                for (i, &ptr) in line.ptrs[..line.n_ptrs].iter().enumerate() {
                    if i > 0 {
                        b.c(b':');
                    }
                    b.n(ptr.into());
                }
            });
            self.sv1_pos.push(pos);
            out.seg(|b| {
                b.s("DTP*472*D8*").date(dos);
            });
            if let Some(ndc) = line.ndc {
                out.seg(|b| {
                    b.s("LIN**N4*").s(ndc);
                });
                out.seg(|b| {
                    b.s("CTP****").n(line.qty).s("*UN");
                });
            }
        }
        self.service_lines += self.lines.len();

        // The answer key, in file order: CLM first, then the lines.
        if delta == 0 && self.pending.is_empty() {
            return;
        }
        let claim_id = format!("PCN{claim_no:08}");
        let record =
            |kind, segment_id, pos: Pos, line: usize, element, value, expected| InjectedError {
                kind,
                segment_id,
                file_segment: pos.file_segment,
                st_segment: pos.st_segment,
                byte_offset: pos.byte_offset,
                st_control: st_ctl.to_string(),
                gs_control: gs_ctl.to_string(),
                claim_id: claim_id.clone(),
                line: line + 1,
                element,
                value,
                expected,
            };
        if delta != 0 {
            self.errors.push(record(
                ErrorKind::Clm02Mismatch,
                "CLM",
                clm_pos,
                clm_line,
                "CLM02".to_string(),
                money_string(claimed),
                money_string(total),
            ));
        }
        for p in self.pending.drain(..) {
            self.errors.push(record(
                p.kind,
                "SV1",
                self.sv1_pos[p.line],
                p.line,
                p.element,
                p.value,
                p.expected,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    // ---- a tiny independent reader of the generated text ----

    /// The segments with their byte offsets (terminator `~`, optional `\n` after it).
    fn segments(bytes: &[u8]) -> Vec<(usize, &str)> {
        let text = std::str::from_utf8(bytes).expect("ASCII output");
        let mut out = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'~' {
                out.push((start, &text[start..i]));
                start = i + 1;
                if text.as_bytes().get(start) == Some(&b'\n') {
                    start += 1;
                }
            }
        }
        assert_eq!(start, text.len(), "text after the last terminator");
        out
    }

    fn el(seg: &str, n: usize) -> &str {
        seg.split('*').nth(n).unwrap_or("")
    }

    fn id(seg: &str) -> &str {
        el(seg, 0)
    }

    /// The value of an X12 reference such as `CLM02`, `SV101-3`, `SV107-2` in `seg`.
    fn element_value<'s>(seg: &'s str, reference: &str) -> Option<&'s str> {
        let rest = reference.strip_prefix(id(seg))?;
        let (pos, comp) = match rest.split_once('-') {
            Some((p, c)) => (p, Some(c.parse::<usize>().ok()?)),
            None => (rest, None),
        };
        let element = seg.split('*').nth(pos.parse().ok()?)?;
        match comp {
            None => Some(element),
            Some(c) => element.split(':').nth(c - 1),
        }
    }

    fn cents(amount: &str) -> u64 {
        let (d, f) = amount.split_once('.').unwrap_or((amount, ""));
        assert!(f.len() <= 2 && !f.ends_with('0'), "amount {amount}");
        let f = format!("{f:0<2}");
        d.parse::<u64>().unwrap() * 100 + f.parse::<u64>().unwrap()
    }

    fn valid_date(d: &str) -> bool {
        if d.len() != 8 || !d.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        let (y, m, day): (u32, u32, u32) = (
            d[..4].parse().unwrap(),
            d[4..6].parse().unwrap(),
            d[6..].parse().unwrap(),
        );
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        (1..=12).contains(&m) && day >= 1 && day <= days[m as usize - 1]
    }

    fn npi_valid(npi: &str) -> bool {
        let b = npi.as_bytes();
        b.len() == 10
            && b.iter().all(u8::is_ascii_digit)
            && npi_check_digit(b[..9].try_into().unwrap()) == b[9]
    }

    /// Per claim: CLM01 -> (index of the CLM segment, SV1 segment indexes by line).
    fn claims_index(segs: &[(usize, &str)]) -> HashMap<String, (usize, Vec<usize>)> {
        let mut map: HashMap<String, (usize, Vec<usize>)> = HashMap::new();
        let mut current = String::new();
        for (i, (_, s)) in segs.iter().enumerate() {
            match id(s) {
                "CLM" => {
                    current = el(s, 1).to_string();
                    map.insert(current.clone(), (i, Vec::new()));
                }
                "SV1" => map.get_mut(&current).unwrap().1.push(i),
                _ => {}
            }
        }
        map
    }

    fn with_errors(seed: u64, rate: f64) -> Options {
        Options {
            claims: 300,
            lines_per_claim: 4,
            seed,
            error_rate: rate,
            ..Options::default()
        }
    }

    // ---- tests ----

    #[test]
    fn same_options_same_bytes_other_seed_other_bytes() {
        let o = with_errors(42, 0.2);
        let (a, sa) = generate(&o);
        let (b, sb) = generate(&o);
        assert_eq!(a, b);
        assert_eq!(sa, sb);
        let (c, _) = generate(&Options {
            seed: 43,
            ..o.clone()
        });
        assert_ne!(a, c);
        let (d, _) = generate(&Options {
            seed: 43,
            ..Options::default()
        });
        let (e, _) = generate(&Options {
            seed: 44,
            ..Options::default()
        });
        assert_ne!(d, e);
    }

    #[test]
    fn envelope_counts_and_control_numbers() {
        for (claims, per_st, st_per_gs) in [(1, 5000, 10), (50, 7, 3), (23, 5, 0), (40, 4, 10)] {
            let o = Options {
                claims,
                claims_per_st: per_st,
                st_per_gs,
                claims_per_provider: 3,
                seed: 9,
                ..Options::default()
            };
            let (bytes, summary) = generate(&o);
            let segs = segments(&bytes);
            assert_eq!(summary.segments, segs.len());
            assert_eq!(summary.bytes, bytes.len());
            let isa = segs[0].1;
            assert_eq!(isa.len(), 105, "ISA is fixed width");
            assert!(isa.starts_with(
                "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *"
            ));
            let (mut gs_count, mut st_in_gs, mut st_start, mut st_ctl, mut gs_ctl) =
                (0, 0, 0, "", "");
            let mut st_total = 0;
            let mut ctl_seen = HashSet::new();
            for (i, (_, s)) in segs.iter().enumerate() {
                match id(s) {
                    "GS" => {
                        gs_count += 1;
                        st_in_gs = 0;
                        gs_ctl = el(s, 6);
                        assert_eq!(gs_ctl, gs_count.to_string());
                        assert_eq!(el(s, 8), "005010X222A1");
                    }
                    "ST" => {
                        st_in_gs += 1;
                        st_total += 1;
                        st_start = i;
                        st_ctl = el(s, 2);
                        assert!(ctl_seen.insert(st_ctl.to_string()));
                        assert_eq!(el(s, 3), "005010X222A1");
                    }
                    "SE" => {
                        assert_eq!(el(s, 1), (i - st_start + 1).to_string(), "SE01 of {st_ctl}");
                        assert_eq!(el(s, 2), st_ctl);
                    }
                    "GE" => {
                        assert_eq!(el(s, 1), st_in_gs.to_string());
                        assert_eq!(el(s, 2), gs_ctl);
                    }
                    "IEA" => {
                        assert_eq!(i, segs.len() - 1);
                        assert_eq!(el(s, 1), gs_count.to_string());
                        assert_eq!(el(s, 2), el(isa, 13));
                    }
                    _ => {}
                }
            }
            let n_st = claims.div_ceil(per_st);
            assert_eq!(st_total, n_st);
            let expected_gs = if st_per_gs == 0 {
                1
            } else {
                n_st.div_ceil(st_per_gs)
            };
            assert_eq!(gs_count, expected_gs);
        }
    }

    #[test]
    fn claim_line_and_loop_counts() {
        let o = Options {
            claims: 257,
            lines_per_claim: 7,
            claims_per_st: 100,
            claims_per_provider: 30,
            seed: 5,
            ..Options::default()
        };
        let (bytes, summary) = generate(&o);
        let segs = segments(&bytes);
        let count = |sid: &str| segs.iter().filter(|(_, s)| id(s) == sid).count();
        assert_eq!(count("CLM"), 257);
        assert_eq!(count("LX"), 257 * 7);
        assert_eq!(count("SV1"), 257 * 7);
        assert_eq!(count("DTP"), 257 * 7);
        assert_eq!(count("LIN"), count("CTP"));
        assert_eq!(summary.claims, 257);
        assert_eq!(summary.service_lines, 257 * 7);
        // Providers: ceil(100/30) per full set of 100 claims, ceil(57/30) in the last.
        assert_eq!(
            segs.iter()
                .filter(|(_, s)| s.starts_with("HL*") && el(s, 3) == "20")
                .count(),
            4 + 4 + 2
        );
        let dependents = segs
            .iter()
            .filter(|(_, s)| s.starts_with("HL*") && el(s, 3) == "23")
            .count();
        assert!(
            dependents > 30 && dependents < 130,
            "dependents {dependents}"
        );
        // HL numbering restarts per ST, is sequential, and parents exist at the right level.
        let mut levels: HashMap<&str, &str> = HashMap::new();
        let mut next = 1;
        let mut lx_expected = 1;
        for (_, s) in &segs {
            match id(s) {
                "ST" => {
                    levels.clear();
                    next = 1;
                }
                "HL" => {
                    assert_eq!(el(s, 1), next.to_string());
                    next += 1;
                    let parent = el(s, 2);
                    match el(s, 3) {
                        "20" => assert_eq!(parent, ""),
                        "22" => assert_eq!(levels[parent], "20"),
                        "23" => assert_eq!(levels[parent], "22"),
                        other => panic!("HL03 {other}"),
                    }
                    levels.insert(el(s, 1), el(s, 3));
                }
                "CLM" => lx_expected = 1,
                "LX" => {
                    assert_eq!(el(s, 1), lx_expected.to_string());
                    lx_expected += 1;
                }
                _ => {}
            }
        }
    }

    #[test]
    fn clean_file_is_valid() {
        let o = Options {
            claims: 600,
            lines_per_claim: 6,
            seed: 77,
            ..Options::default()
        };
        let (bytes, summary) = generate(&o);
        assert!(summary.errors.is_empty());
        let segs = segments(&bytes);
        let creation = el(segs.iter().find(|(_, s)| id(s) == "BHT").unwrap().1, 4).to_string();
        let (mut n_dx, mut sum, mut clm02, mut sbr02) = (0, 0, None, "");
        let (mut dependent_payers, mut kinds_seen) = (HashSet::new(), HashSet::new());
        for (_, s) in &segs {
            // ISA16 is the component separator itself.
            let body = if id(s) == "ISA" { &s[..s.len() - 2] } else { s };
            assert!(
                !body.ends_with('*') && !body.ends_with(':') && !body.contains(":*"),
                "trailing separator: {s}"
            );
            assert!(s.bytes().all(|b| b.is_ascii_graphic() || b == b' '), "{s}");
            match id(s) {
                "NM1" if el(s, 1) == "85" => assert!(npi_valid(el(s, 9)), "NPI {s}"),
                "SBR" => sbr02 = el(s, 2),
                "NM1" if el(s, 1) == "PR" && sbr02.is_empty() => {
                    dependent_payers.insert(el(s, 3).to_string());
                }
                "DMG" => assert!(valid_date(el(s, 2)) && el(s, 2) < "2024", "{s}"),
                "CLM" => {
                    if let Some(clm02) = clm02 {
                        assert_eq!(sum, clm02, "CLM02 = sum of SV102");
                    }
                    clm02 = Some(cents(el(s, 2)));
                    sum = 0;
                    assert_eq!(el(s, 5), "11:B:1");
                }
                "HI" => {
                    let codes: Vec<&str> = s.split('*').skip(1).collect();
                    n_dx = codes.len();
                    assert!((1..=4).contains(&n_dx));
                    for (i, c) in codes.iter().enumerate() {
                        let (q, code) = c.split_once(':').unwrap();
                        assert_eq!(q, if i == 0 { "ABK" } else { "ABF" });
                        assert!(ICD10.contains(&code), "{code}");
                    }
                    let distinct: HashSet<_> = codes.iter().collect();
                    assert_eq!(distinct.len(), n_dx);
                }
                "SV1" => {
                    let sv101: Vec<&str> = el(s, 1).split(':').collect();
                    assert_eq!(sv101[0], "HC");
                    assert!(PROCS.iter().any(|p| p.code == sv101[1]), "{s}");
                    assert!(sv101[2..].iter().all(|m| m.len() == 2), "{s}");
                    kinds_seen.insert(sv101[1].to_string());
                    sum += cents(el(s, 2));
                    let ptrs: Vec<usize> =
                        el(s, 7).split(':').map(|p| p.parse().unwrap()).collect();
                    assert!((1..=4).contains(&ptrs.len()));
                    assert!(
                        ptrs.iter().all(|&p| p >= 1 && p <= n_dx),
                        "{s} with {n_dx} dx"
                    );
                    assert_eq!(ptrs.iter().collect::<HashSet<_>>().len(), ptrs.len());
                }
                "DTP" => {
                    let d = el(s, 3);
                    assert!(
                        valid_date(d) && d.starts_with("2024") && d <= creation.as_str(),
                        "{s}"
                    );
                }
                "LIN" => assert_eq!(*s, "LIN**N4*00409379501"),
                _ => {}
            }
        }
        assert_eq!(Some(sum), clm02, "CLM02 = sum of SV102");
        assert_eq!(kinds_seen.len(), PROCS.len(), "every procedure appears");
        assert!(!dependent_payers.is_empty());
        assert!(
            dependent_payers
                .iter()
                .all(|p| p != "MEDICARE PART B" && p != "STATE MEDICAID")
        );
    }

    #[test]
    fn clean_file_has_no_findings() {
        let (bytes, _) = generate(&Options {
            claims: 120,
            claims_per_st: 25,
            st_per_gs: 2,
            seed: 3,
            ..Options::default()
        });
        let report = crate::lint(
            &crate::SourceFile::new("synth.837", bytes),
            &crate::Settings::default(),
        );
        assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
        assert_eq!(report.stats.transactions, 5);
    }

    fn check_answer_key(bytes: &[u8], summary: &Summary, newline: bool) {
        let segs = segments(bytes);
        let mut st_start = 0;
        let mut context = Vec::with_capacity(segs.len()); // (st index, st_ctl, gs_ctl, clm01, lx)
        let (mut st_ctl, mut gs_ctl, mut clm, mut lx) = ("", "", "", 0);
        for (i, (_, s)) in segs.iter().enumerate() {
            match id(s) {
                "GS" => gs_ctl = el(s, 6),
                "ST" => {
                    st_start = i;
                    st_ctl = el(s, 2);
                }
                "CLM" => {
                    clm = el(s, 1);
                    lx = 0;
                }
                "LX" => lx = el(s, 1).parse().unwrap(),
                _ => {}
            }
            context.push((i - st_start + 1, st_ctl, gs_ctl, clm, lx));
        }
        let mut last = 0;
        let mut mismatches = HashSet::new();
        for e in &summary.errors {
            assert!(e.file_segment > last, "key in file order");
            last = e.file_segment;
            let (offset, seg) = segs[e.file_segment - 1];
            assert_eq!(offset, e.byte_offset, "{e:?}");
            assert!(bytes[e.byte_offset..].starts_with(format!("{}*", e.segment_id).as_bytes()));
            assert_eq!(id(seg), e.segment_id);
            assert_eq!(
                element_value(seg, &e.element),
                Some(e.value.as_str()),
                "{e:?} in {seg}"
            );
            assert_ne!(e.value, e.expected);
            let (st_pos, st, gs, claim, line) = context[e.file_segment - 1];
            assert_eq!(
                (e.st_segment, e.st_control.as_str(), e.gs_control.as_str()),
                (st_pos, st, gs)
            );
            assert_eq!(e.claim_id, claim);
            if e.kind == ErrorKind::Clm02Mismatch {
                assert_eq!(e.element, "CLM02");
                assert!(
                    mismatches.insert(e.claim_id.clone()),
                    "one mismatch per claim"
                );
                assert!(e.line >= 1);
            } else {
                assert_eq!(e.line, line, "{e:?}");
            }
            if newline {
                let line_no = bytes[..e.byte_offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                assert_eq!(line_no, e.file_segment);
            }
            // What each kind promises.
            let sv101 = el(seg, 1);
            match e.kind {
                ErrorKind::BadQualifier => assert!(sv101.starts_with("ZZ:")),
                ErrorKind::MalformedCode => assert_eq!(e.value.len(), 4),
                ErrorKind::HcpcsLevel3 => assert!(e.value.starts_with(['W', 'X', 'Y', 'Z'])),
                ErrorKind::CptWrongQualifier => {
                    assert!(["ER", "IV", "WK"].contains(&e.value.as_str()));
                    let code = sv101.split(':').nth(1).unwrap();
                    assert!(PROCS.iter().any(|p| p.cpt && p.code == code), "{seg}");
                }
                ErrorKind::Modifier3Char => assert_eq!(e.value.len(), 3),
                ErrorKind::DxPointerMissing => {
                    let hi = segs[..e.file_segment]
                        .iter()
                        .rev()
                        .find(|(_, s)| id(s) == "HI")
                        .unwrap()
                        .1;
                    let n_dx = hi.split('*').count() - 1;
                    assert!(e.value.parse::<usize>().unwrap() > n_dx);
                    assert!(e.value.parse::<usize>().unwrap() <= 12);
                }
                ErrorKind::Clm02Mismatch => {}
            }
        }
        // Nothing else is wrong: segments not in the key look like the clean generator's.
        let flagged: HashSet<usize> = summary.errors.iter().map(|e| e.file_segment).collect();
        for (i, (_, s)) in segs.iter().enumerate() {
            if id(s) == "SV1" && !flagged.contains(&(i + 1)) {
                assert!(el(s, 1).starts_with("HC:"), "{s}");
            }
        }
    }

    #[test]
    fn answer_key_points_at_the_errors() {
        for (seed, newline) in [(1, false), (2, true), (3, false)] {
            let o = Options {
                newline,
                claims_per_st: 120,
                st_per_gs: 2,
                ..with_errors(seed, 0.25)
            };
            let (bytes, summary) = generate(&o);
            let kinds: HashSet<ErrorKind> = summary.errors.iter().map(|e| e.kind).collect();
            assert_eq!(kinds.len(), ErrorKind::ALL.len(), "all kinds drawn");
            assert!(summary.errors.len() > 200);
            check_answer_key(&bytes, &summary, newline);
        }
    }

    #[test]
    fn expected_values_are_those_of_the_clean_file() {
        let o = with_errors(11, 0.3);
        let (bytes, summary) = generate(&o);
        let (clean, clean_summary) = generate(&Options {
            error_rate: 0.0,
            ..o.clone()
        });
        assert!(clean_summary.errors.is_empty());
        let segs = segments(&bytes);
        let clean_segs = segments(&clean);
        let clean_idx = claims_index(&clean_segs);
        // A J-code line whose code was replaced loses its LIN and CTP; nothing else moves.
        let dropped = summary
            .errors
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    ErrorKind::HcpcsLevel3 | ErrorKind::CptWrongQualifier
                )
            })
            .filter(|e| id(clean_segs[clean_idx[&e.claim_id].1[e.line - 1] + 2].1) == "LIN")
            .count();
        assert_eq!(clean_summary.segments, summary.segments + 2 * dropped);
        let mut touched = HashSet::new();
        for e in &summary.errors {
            let (clm, sv1s) = &clean_idx[&e.claim_id];
            let clean_seg = if e.segment_id == "CLM" {
                clean_segs[*clm].1
            } else {
                clean_segs[sv1s[e.line - 1]].1
            };
            let expected = element_value(clean_seg, &e.element).unwrap_or("");
            assert_eq!(expected, e.expected, "{e:?}");
            touched.insert(e.file_segment);
        }
        // Every claim not touched by an error is byte-for-byte the clean claim.
        let idx = claims_index(&segs);
        for (claim, (clm, sv1s)) in &idx {
            let (clean_clm, clean_sv1s) = &clean_idx[claim];
            if !touched.contains(&(clm + 1)) {
                assert_eq!(segs[*clm].1, clean_segs[*clean_clm].1);
            }
            for (a, b) in sv1s.iter().zip(clean_sv1s) {
                if !touched.contains(&(a + 1)) {
                    assert_eq!(segs[*a].1, clean_segs[*b].1);
                }
            }
        }
    }

    #[test]
    fn no_errors_no_key() {
        let (_, summary) = generate(&Options {
            claims: 200,
            error_rate: 0.0,
            kinds: vec![],
            ..Options::default()
        });
        assert!(summary.errors.is_empty());
        let (_, summary) = generate(&Options {
            claims: 200,
            ..Options::default()
        });
        assert!(summary.errors.is_empty());
    }

    #[test]
    fn one_clm02_mismatch_per_claim() {
        let o = Options {
            claims: 150,
            lines_per_claim: 5,
            error_rate: 1.0,
            kinds: vec![ErrorKind::Clm02Mismatch],
            seed: 8,
            ..Options::default()
        };
        let (bytes, summary) = generate(&o);
        assert_eq!(summary.errors.len(), 150);
        assert!(
            summary
                .errors
                .iter()
                .all(|e| e.kind == ErrorKind::Clm02Mismatch
                    && e.segment_id == "CLM"
                    && e.line == 1)
        );
        let ids: HashSet<&str> = summary.errors.iter().map(|e| e.claim_id.as_str()).collect();
        assert_eq!(ids.len(), 150);
        check_answer_key(&bytes, &summary, false);
        // CLM02 differs from the line sum by whole dollars; `expected` is the sum.
        let segs = segments(&bytes);
        for e in &summary.errors {
            let i = e.file_segment - 1;
            let sum: u64 = segs[i..]
                .iter()
                .skip(1)
                .take_while(|(_, s)| id(s) != "HL" && id(s) != "SE")
                .filter(|(_, s)| id(s) == "SV1")
                .map(|(_, s)| cents(el(s, 2)))
                .sum();
            assert_eq!(cents(&e.expected), sum);
            let diff = cents(&e.value).abs_diff(sum);
            assert!(diff > 0 && diff.is_multiple_of(100) && diff <= 5000);
        }
        // With another kind allowed, the repeated draws become line errors.
        let (bytes, summary) = generate(&Options {
            kinds: vec![ErrorKind::Clm02Mismatch, ErrorKind::BadQualifier],
            ..o
        });
        assert_eq!(summary.errors.len(), 150 * 5);
        let mismatches = summary
            .errors
            .iter()
            .filter(|e| e.kind == ErrorKind::Clm02Mismatch)
            .count();
        assert!(mismatches > 120 && mismatches <= 150, "{mismatches}");
        check_answer_key(&bytes, &summary, false);
    }

    #[test]
    fn only_the_requested_kinds() {
        let kinds = vec![ErrorKind::DxPointerMissing, ErrorKind::Modifier3Char];
        let (bytes, summary) = generate(&Options {
            kinds: kinds.clone(),
            ..with_errors(4, 0.5)
        });
        assert!(!summary.errors.is_empty());
        assert!(summary.errors.iter().all(|e| kinds.contains(&e.kind)));
        check_answer_key(&bytes, &summary, false);
    }

    #[test]
    fn newline_after_every_terminator() {
        let o = Options {
            claims: 30,
            newline: true,
            ..Options::default()
        };
        let (bytes, summary) = generate(&o);
        let (flat, flat_summary) = generate(&Options {
            newline: false,
            ..o
        });
        let tildes = bytes.iter().filter(|&&b| b == b'~').count();
        assert_eq!(tildes, summary.segments);
        assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), tildes);
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'~' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'));
            }
        }
        assert!(bytes.ends_with(b"~\n"));
        assert_eq!(bytes.len(), flat.len() + flat_summary.segments);
        let stripped: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'\n').collect();
        assert_eq!(stripped, flat);
        assert!(!flat.contains(&b'\n'));
    }

    #[test]
    fn streams_in_bounded_writes() {
        struct Chunks {
            total: Vec<u8>,
            largest: usize,
        }
        impl Write for Chunks {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.largest = self.largest.max(buf.len());
                self.total.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let o = Options {
            claims: 2000,
            lines_per_claim: 5,
            error_rate: 0.01,
            ..Options::default()
        };
        let mut sink = Chunks {
            total: Vec::new(),
            largest: 0,
        };
        let summary = write(&o, &mut sink).unwrap();
        assert!(
            sink.largest < FLUSH_AT + 16 * 1024,
            "largest write {}",
            sink.largest
        );
        let (bytes, expected) = generate(&o);
        assert_eq!(sink.total, bytes);
        assert_eq!(summary, expected);
        // About a megabyte.
        assert!(
            summary.bytes > 900_000 && summary.bytes < 2_000_000,
            "{} bytes",
            summary.bytes
        );
        assert_eq!(summary.service_lines, 10_000);
    }

    #[test]
    fn invalid_options_are_rejected() {
        let bad = [
            Options {
                claims: 0,
                ..Options::default()
            },
            Options {
                lines_per_claim: 0,
                ..Options::default()
            },
            Options {
                lines_per_claim: 51,
                ..Options::default()
            },
            Options {
                error_rate: 1.5,
                ..Options::default()
            },
            Options {
                error_rate: f64::NAN,
                ..Options::default()
            },
            Options {
                error_rate: 0.1,
                kinds: vec![],
                ..Options::default()
            },
            Options {
                dependent_rate: -0.1,
                ..Options::default()
            },
            Options {
                claims_per_st: 0,
                ..Options::default()
            },
            Options {
                claims_per_provider: 0,
                ..Options::default()
            },
            Options {
                version: "005010*X222A1".into(),
                ..Options::default()
            },
            Options {
                version: String::new(),
                ..Options::default()
            },
        ];
        for o in bad {
            let mut out = Vec::new();
            let err = write(&o, &mut out).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{o:?}");
            assert!(out.is_empty());
        }
        let (_, s) = generate(&Options {
            lines_per_claim: 50,
            claims: 2,
            ..Options::default()
        });
        assert_eq!(s.service_lines, 100);
    }

    #[test]
    fn names_and_helpers() {
        let names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(
            names,
            [
                "bad_qualifier",
                "malformed_code",
                "hcpcs_level3",
                "cpt_wrong_qualifier",
                "modifier_3char",
                "dx_pointer_missing",
                "clm02_mismatch"
            ]
        );
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(k.name()), Some(k));
        }
        assert_eq!(ErrorKind::from_name("nope"), None);
        assert_eq!(money_string(15000), "150");
        assert_eq!(money_string(1250), "12.5");
        assert_eq!(money_string(5), "0.05");
        assert_eq!(money_string(0), "0");
        assert_eq!(money_string(123_456), "1234.56");
        // NPI check digit: the CMS example 123456789 -> 3.
        assert_eq!(npi_check_digit(b"123456789"), b'3');
        assert!(npi_valid("1234567893"));
        assert_eq!(date_of_day(1), (2024, 1, 1));
        assert_eq!(date_of_day(60), (2024, 2, 29));
        assert_eq!(date_of_day(366), (2024, 12, 31));
        assert_eq!(PROC_WEIGHT_TOTAL, 82);
    }

    /// `cargo test --release --lib synth -- --ignored --nocapture`
    #[test]
    #[ignore = "benchmark: about 100 MB"]
    fn speed_100mb() {
        let probe = write(
            &Options {
                claims: 1000,
                lines_per_claim: 5,
                ..Options::default()
            },
            &mut io::sink(),
        )
        .unwrap();
        let claims = 100_000_000 * 1000 / probe.bytes;
        let o = Options {
            claims,
            lines_per_claim: 5,
            error_rate: 0.001,
            ..Options::default()
        };
        let start = std::time::Instant::now();
        let summary = write(&o, &mut io::sink()).unwrap();
        let elapsed = start.elapsed();
        println!(
            "synth: {} bytes, {} segments, {} claims, {} lines, {} errors in {:.3} s ({:.0} MB/s)",
            summary.bytes,
            summary.segments,
            summary.claims,
            summary.service_lines,
            summary.errors.len(),
            elapsed.as_secs_f64(),
            summary.bytes as f64 / 1e6 / elapsed.as_secs_f64()
        );
        assert!(summary.bytes >= 99_000_000);
    }
}
