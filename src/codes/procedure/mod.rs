//! Shape classifier for the 837P procedure code, `SV101-2`, when `SV101-1` is `HC`.
//!
//! Every CODE rule of the rulebook (§4.6) is routed by *what kind* of code a service line
//! carries: CPT Category I/II/III, PLA, MAAA, a HCPCS Level II code and its leading letter,
//! a CDT dental code, a retired Level III local code, or something that is not a procedure
//! code at all. This module answers that question from the shape of the value alone, so
//! that it works without any licensed data (CPT is AMA content and must never ship, §7.1).
//!
//! Design decisions:
//!
//! - The input is the raw `SV101-2` bytes exactly as sent. Nothing is trimmed or case-folded
//!   (§4.2), because a padded or lower-case code is itself a finding and the diagnostic must
//!   quote the original value.
//! - Everything is table driven: the CPT section ranges live in `CPT_SECTION_RANGES`, the
//!   leading-letter classes and meanings of HCPCS in `LETTERS`, and the look-alike
//!   heuristics in `LOOKALIKE_RULES`. Changing a boundary is a one-line data edit.
//! - Nothing allocates and nothing panics, whatever the bytes (non-ASCII, empty, megabytes):
//!   the linter runs this on every service line of untrusted files.
//! - Only shapes and public ranges are encoded. There are no CPT descriptors and no list of
//!   CPT codes here (AMA copyright); HCPCS Level II letter titles are CMS public data.

/// What kind of code `SV101-2` holds (§4.2). The shapes are tried top-down as listed; the
/// first match wins. Every value that is not exactly one of these 5-byte shapes is
/// [`ProcedureClass::Unknown`], with a [`Lookalike`] explaining what it resembles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcedureClass {
    /// `^\d{5}$`: CPT Category I, with its section by range (§4.3).
    CptCategory1(CptSection),
    /// `^\d{4}F$`: CPT Category II, performance-measurement tracking code (never paid).
    CptCategory2,
    /// `^\d{4}T$`: CPT Category III, emerging technology (temporary).
    CptCategory3,
    /// `^\d{4}U$`: CPT Proprietary Laboratory Analyses.
    CptPla,
    /// `^\d{4}M$`: CPT Multianalyte Assays with Algorithmic Analyses administrative code.
    CptMaaa,
    /// `^\d{4}A$`: CPT Category I vaccine administration code with an alpha suffix (e.g. 0001A).
    CptVaccineAlpha,
    /// `^[ABCEGHJKLMPQRSTUV]\d{4}$`: HCPCS Level II (CMS); holds the leading letter.
    HcpcsLevel2(u8),
    /// `^D\d{4}$`: CDT dental code (ADA); HCPCS Level II by name, but absent from the CMS file.
    Cdt,
    /// `^[WXYZ]\d{4}$`: HCPCS Level III local code, eliminated by HIPAA; holds the letter.
    HcpcsLevel3(u8),
    /// `^[FINO]\d{4}$`: a letter that HCPCS Level II has never used; holds the letter.
    UnusedLetter(u8),
    /// Anything else: not a CPT or HCPCS code.
    Unknown(Lookalike),
}

/// CPT Category I section of a numeric code (§4.3). Classification only: the boundaries
/// move every year and only the licensed AMA file can say whether a code exists, which is
/// why a code outside all ranges is a warning (CODE-016), never an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CptSection {
    /// 00100–01999.
    Anesthesia,
    /// 99100–99140: anesthesia add-on codes that sit inside the 99xxx space.
    AnesthesiaQualifyingCircumstances,
    /// 10004–69990.
    Surgery,
    /// 70010–79999.
    Radiology,
    /// 80047–89398.
    PathologyLaboratory,
    /// 90281–99199 (except 99100–99140) and 99500–99607.
    Medicine,
    /// 99202–99499.
    EvaluationManagement,
    /// Not in any range above: 00000–00099, 02000–10003, 69991–70009, 80000–80046,
    /// 89399–90280, 99200–99201, 99608–99999.
    OutsideKnownRanges,
}

/// Why a [`ProcedureClass::Unknown`] value looks like something else; drives the hint of
/// the CODE-003 diagnostic.
///
/// The look-alikes are tested in this order, and the first one that matches wins (the same
/// order as the private `LOOKALIKE_RULES` table):
///
/// 1. [`Empty`](Lookalike::Empty): no bytes at all.
/// 2. [`Whitespace`](Lookalike::Whitespace): any ASCII whitespace (space, tab, CR, LF, VT,
///    FF) or a no-break space (UTF-8 `C2 A0`, or a Latin-1/Windows-1252 `A0` that is not the
///    tail of a multi-byte UTF-8 character). First because padding hides every other
///    shape: `99213 ` would otherwise only be "too long".
/// 3. [`LowerCase`](Lookalike::LowerCase): 5 bytes with at least one lower-case ASCII letter
///    that would be a valid shape once upper-cased (`j1885`, `1036f`, `o1234`).
/// 4. [`LetterOForZero`](Lookalike::LetterOForZero): 5 bytes containing `O` (either case)
///    that become a valid shape when every `O` is read as the digit `0` after upper-casing
///    (`99O13`, `J1O85`, `OO142`). Values that are valid as sent, like `O1234`
///    ([`ProcedureClass::UnusedLetter`]), never get here.
/// 5. [`RevenueCode`](Lookalike::RevenueCode): exactly 4 ASCII digits (`0450`, `9921`): a UB
///    revenue code or a code that lost its leading zero. Disjoint from the ICD check, which
///    needs a letter first, so 4-character `E119` is never taken for a revenue code.
/// 6. [`Ndc`](Lookalike::Ndc): 10 or 11 digits, or the hyphenated NDC layouts 4-4-2, 5-3-2,
///    5-4-1 and 5-4-2 (`00409-3795-01`).
/// 7. [`Icd10`](Lookalike::Icd10): the ICD-10 shape `^[A-Z]\d[A-Z0-9]\.?[A-Z0-9]{0,4}$`
///    (`I10`, `E119`, `E11.9`, `S72001A`), **except** a 7-byte value made of a valid 5-byte
///    shape plus a modifier-like pair (`J1885JW`, `G043925`): that shape also matches the ICD
///    pattern, and the glued modifier is the likelier reading. A pair is modifier-like when
///    it is two digits (CPT modifier) or a letter followed by a letter or digit (Level II
///    modifier), but `X` followed by a letter other than `E`, `P`, `S`, `U` is read as an
///    ICD-10 placeholder plus 7th character (`S0990XA`), since `XE`/`XP`/`XS`/`XU` are the
///    only national modifiers of that shape that the rulebook lists (§4.5). The pattern is
///    case-sensitive, as the rulebook writes it, so `e119` is merely too short.
/// 8. [`ModifierAppended`](Lookalike::ModifierAppended): a valid 5-byte shape followed by 2,
///    4, 6 or 8 ASCII letters or digits (`9921325`, `J1885JW`, `992132559`).
/// 9. [`TooShort`](Lookalike::TooShort) / [`TooLong`](Lookalike::TooLong): fewer or more
///    than 5 bytes.
/// 10. [`InvalidCharacters`](Lookalike::InvalidCharacters): 5 bytes that fit none of the
///     above (`9921B`, `99.13`, `J-188`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lookalike {
    /// `SV101-2` is present but empty.
    Empty,
    /// Lower-case letters in an otherwise valid code.
    LowerCase,
    /// Leading, trailing or embedded whitespace.
    Whitespace,
    /// The letter `O` where the digit `0` belongs.
    LetterOForZero,
    /// Four digits: a revenue code, or a code that lost its leading zero.
    RevenueCode,
    /// A National Drug Code.
    Ndc,
    /// An ICD-10 diagnosis code.
    Icd10,
    /// A valid code with one or more modifiers glued on.
    ModifierAppended,
    /// Fewer than 5 bytes.
    TooShort,
    /// More than 5 bytes.
    TooLong,
    /// 5 bytes, but not a CPT or HCPCS shape.
    InvalidCharacters,
}

/// Classifies the raw `SV101-2` bytes of an `HC`-qualified procedure code.
///
/// The §4.2 shapes are tried first; only a value that fits none of them is examined for a
/// look-alike, in the order documented on [`Lookalike`].
#[must_use]
pub fn classify(code: &[u8]) -> ProcedureClass {
    match classify_shape(code) {
        Some(class) => class,
        None => ProcedureClass::Unknown(lookalike(code)),
    }
}

/// The CPT Category I section for the numeric value of a 5-digit code (`00142` → 142).
/// Values above 99999 cannot be 5-digit codes and are [`CptSection::OutsideKnownRanges`].
#[must_use]
pub fn cpt_section(n: u32) -> CptSection {
    CPT_SECTION_RANGES
        .iter()
        .find(|range| (range.first..=range.last).contains(&n))
        .map_or(CptSection::OutsideKnownRanges, |range| range.section)
}

/// The §4.4 title of a HCPCS leading letter, lower case (e.g. `b'J'` → "drugs administered
/// other than oral method, chemotherapy").
///
/// `Some` for the Level II letters and for `D` (CDT, which the rulebook lists among the
/// Level II letters even though CMS does not publish it). `None` for the never-used letters
/// F, I, N, O, the retired Level III letters W–Z, and any byte that is not an upper-case
/// ASCII letter: the classifier never case-folds, so neither does this lookup.
#[must_use]
pub fn level2_letter_meaning(letter: u8) -> Option<&'static str> {
    letter_row(letter).and_then(|row| row.meaning)
}

/// True when `code` is a 5-digit CPT code ending in `99`, the CODE-012 heuristic for an
/// "unlisted procedure" code that needs `SV101-7` (e.g. 01999, 20999, 99199).
///
/// Only a heuristic: many unlisted codes do not end in 99 (e.g. 43289), which is why the
/// rulebook pairs it with a user-configurable list. Whitespace or other bytes around the
/// digits make it false, because the classifier reports those separately.
#[must_use]
pub fn is_probably_unlisted_cpt(code: &[u8]) -> bool {
    five_digit_value(code).is_some_and(|n| n % 100 == 99)
}

/// True when `code` is a 5-digit CPT code in the anesthesia range 00100–01999, the codes that
/// CODE-014 requires to be billed in minutes (`SV103` = `MJ`).
///
/// The qualifying-circumstances add-ons 99100–99140 are deliberately excluded: they are
/// not time-based and are outside the CODE-014 range.
#[must_use]
pub fn is_anesthesia(code: &[u8]) -> bool {
    five_digit_value(code).is_some_and(|n| cpt_section(n) == CptSection::Anesthesia)
}

impl ProcedureClass {
    /// A short human name for diagnostics (CODE-017), e.g. "CPT Category I (evaluation and
    /// management)" or "HCPCS Level II (J: drugs administered other than oral method,
    /// chemotherapy)".
    #[must_use]
    pub fn label(&self) -> &'static str {
        match *self {
            Self::CptCategory1(section) => section.label(),
            Self::CptCategory2 => "CPT Category II (performance measurement)",
            Self::CptCategory3 => "CPT Category III (emerging technology)",
            Self::CptPla => "CPT Proprietary Laboratory Analyses (PLA) code",
            Self::CptMaaa => "CPT MAAA administrative code",
            Self::CptVaccineAlpha => "CPT Category I vaccine code with alpha suffix",
            // A hand-built value may carry a letter that is not Level II; fall back to the
            // generic name rather than mislabel it.
            Self::HcpcsLevel2(letter) => match letter_row(letter) {
                Some(row) if matches!(row.kind, LetterKind::Level2) => row.label,
                _ => "HCPCS Level II",
            },
            Self::Cdt => "CDT dental code",
            Self::HcpcsLevel3(_) => "retired HCPCS Level III local code",
            Self::UnusedLetter(_) => "letter never used in HCPCS Level II",
            Self::Unknown(_) => "not a CPT or HCPCS code",
        }
    }

    /// True for every CPT (HCPCS Level I) class: Category I, II, III, PLA, MAAA and the
    /// alpha-suffixed vaccine codes.
    #[must_use]
    pub fn is_cpt(&self) -> bool {
        matches!(
            self,
            Self::CptCategory1(_)
                | Self::CptCategory2
                | Self::CptCategory3
                | Self::CptPla
                | Self::CptMaaa
                | Self::CptVaccineAlpha
        )
    }

    /// True for the codes of the CPT anesthesia section, 00100–01999: the class of a code
    /// [`is_anesthesia`] holds for, without reading the code again.
    #[must_use]
    pub fn is_anesthesia(&self) -> bool {
        *self == Self::CptCategory1(CptSection::Anesthesia)
    }

    /// True for CMS HCPCS Level II codes. [`ProcedureClass::Cdt`] is excluded on purpose:
    /// D codes are not in the CMS file (so CODE-010 cannot check them) and have their own
    /// rule (CODE-006).
    #[must_use]
    pub fn is_hcpcs_level2(&self) -> bool {
        matches!(self, Self::HcpcsLevel2(_))
    }
}

impl CptSection {
    /// The section name in lower case, e.g. "evaluation and management".
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.texts().0
    }

    /// The full class label, e.g. "CPT Category I (evaluation and management)".
    #[must_use]
    pub fn label(&self) -> &'static str {
        self.texts().1
    }

    fn texts(self) -> (&'static str, &'static str) {
        // Both strings come from one literal so the name and the label cannot drift apart.
        macro_rules! texts {
            ($name:literal) => {
                ($name, concat!("CPT Category I (", $name, ")"))
            };
        }
        match self {
            Self::Anesthesia => texts!("anesthesia"),
            Self::AnesthesiaQualifyingCircumstances => {
                texts!("anesthesia qualifying circumstances")
            }
            Self::Surgery => texts!("surgery"),
            Self::Radiology => texts!("radiology"),
            Self::PathologyLaboratory => texts!("pathology and laboratory"),
            Self::Medicine => texts!("medicine"),
            Self::EvaluationManagement => texts!("evaluation and management"),
            Self::OutsideKnownRanges => texts!("outside known section ranges"),
        }
    }
}

impl Lookalike {
    /// A short lower-case phrase for the diagnostic label.
    #[must_use]
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Empty => "empty; `SV101-2` needs a 5-character CPT or HCPCS code",
            Self::LowerCase => "contains lower-case letters; CPT and HCPCS codes are upper case",
            Self::Whitespace => "contains whitespace; send the code without spaces or padding",
            Self::LetterOForZero => "has the letter `O` where the digit `0` belongs",
            Self::RevenueCode => {
                "4 digits: looks like a revenue code (837I `SV201`) or a code missing its leading zero"
            }
            Self::Ndc => "looks like an NDC (drug code); NDCs go in loop 2410 `LIN03`",
            Self::Icd10 => {
                "looks like an ICD-10 diagnosis code; diagnoses go in `HI` and `SV107` points to them"
            }
            Self::ModifierAppended => {
                "looks like a code with modifiers glued on; modifiers go in `SV101-3` to `SV101-6`"
            }
            Self::TooShort => "too short; CPT and HCPCS codes are exactly 5 characters",
            Self::TooLong => "too long; CPT and HCPCS codes are exactly 5 characters",
            Self::InvalidCharacters => {
                "not a CPT or HCPCS shape (5 digits, 4 digits + F/T/U/M/A, or a letter + 4 digits)"
            }
        }
    }
}

mod lookalike;
#[cfg(test)]
mod lookalike_tests;
mod tables;
#[cfg(test)]
mod tests;

use lookalike::*;
use tables::*;

/// The section ranges (§4.3) nearest to a number that falls in none of them: the one that
/// ends last below `n` and the one that starts first above it, as `(first, last, section)`.
/// Used to say where a code outside all sections (CODE-016) lies.
#[must_use]
pub fn cpt_neighbours(n: u32) -> [Option<(u32, u32, CptSection)>; 2] {
    let below = CPT_SECTION_RANGES
        .iter()
        .filter(|r| r.last < n)
        .max_by_key(|r| r.last);
    let above = CPT_SECTION_RANGES
        .iter()
        .filter(|r| r.first > n)
        .min_by_key(|r| r.first);
    [below, above].map(|r| r.map(|r| (r.first, r.last, r.section)))
}
