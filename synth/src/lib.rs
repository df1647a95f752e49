//! Deterministic synthetic 837P (005010X222A1) files with an answer key, for tests and
//! benchmarks.
//!
//! # Why
//!
//! The linter has to be proven on files nobody may share: real claims are PHI. This crate
//! writes claim files from invented data only, of any size (a few segments for a unit test,
//! hundreds of megabytes for a benchmark), optionally with errors injected at known places,
//! and returns an *answer key* ([`Summary::errors`]) that says exactly which segment and
//! element carries each injected error. A test can then assert that every injected error is
//! reported on its segment and that nothing else is. It is the project's own port of
//! `tools/gen837.py` (same structure, code tables and error kinds), so the test suite and the
//! benchmarks need no Python.
//!
//! It is a member of claimlint's workspace, not part of the claimlint library: the
//! `claimlint generate` command writes its files, and claimlint's tests and benchmarks use
//! it as a dev-dependency. It depends on nothing, claimlint included, so it cannot share the
//! linter's mistakes about what a valid file is.
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
    /// Seed of the generators; see the crate documentation on determinism.
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

/// One injected error of the answer key; see the crate documentation.
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
        Err(e) => panic!("claimlint_synth::generate: {e}"),
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

#[cfg(test)]
mod answer_key_tests;
mod claims;
mod generator;
mod output;
mod rng;
mod tables;
#[cfg(test)]
mod tests;

use claims::*;
use generator::*;
use output::*;
use rng::*;
use tables::*;
