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

/// One CPT Category I section range, inclusive at both ends.
struct CptRange {
    first: u32,
    last: u32,
    section: CptSection,
}

/// §4.3 section ranges. Searched top-down, first match wins: the qualifying-circumstances
/// range must stay above the Medicine range 90281–99199 that contains it.
const CPT_SECTION_RANGES: [CptRange; 8] = [
    CptRange {
        first: 100,
        last: 1999,
        section: CptSection::Anesthesia,
    },
    CptRange {
        first: 99100,
        last: 99140,
        section: CptSection::AnesthesiaQualifyingCircumstances,
    },
    CptRange {
        first: 10004,
        last: 69990,
        section: CptSection::Surgery,
    },
    CptRange {
        first: 70010,
        last: 79999,
        section: CptSection::Radiology,
    },
    CptRange {
        first: 80047,
        last: 89398,
        section: CptSection::PathologyLaboratory,
    },
    CptRange {
        first: 90281,
        last: 99199,
        section: CptSection::Medicine,
    },
    // 99200 and 99201 fall in no range: 99201 was deleted in 2021 and E/M now starts at
    // 99202.
    CptRange {
        first: 99202,
        last: 99499,
        section: CptSection::EvaluationManagement,
    },
    CptRange {
        first: 99500,
        last: 99607,
        section: CptSection::Medicine,
    },
];

/// What a leading letter followed by 4 digits means (§4.2).
#[derive(Clone, Copy)]
enum LetterKind {
    Level2,
    Dental,
    Level3,
    Unused,
}

/// One row of [`LETTERS`].
struct LetterRow {
    letter: u8,
    kind: LetterKind,
    /// The §4.4 title, for Level II letters and D.
    meaning: Option<&'static str>,
    /// What [`ProcedureClass::label`] shows for a Level II code with this letter.
    label: &'static str,
}

/// The byte of an ASCII `char` literal, checked at compile time (the table macro needs the
/// letter as a `char` so that `concat!` can splice it into the label).
const fn ascii(letter: char) -> u8 {
    assert!(letter.is_ascii());
    letter as u8
}

/// Builds a [`LetterRow`]; the label is derived from the meaning at compile time so the two
/// cannot disagree.
macro_rules! letter {
    ($letter:literal, Level2, $meaning:literal) => {
        LetterRow {
            letter: ascii($letter),
            kind: LetterKind::Level2,
            meaning: Some($meaning),
            label: concat!("HCPCS Level II (", $letter, ": ", $meaning, ")"),
        }
    };
    ($letter:literal, Dental, $meaning:literal) => {
        LetterRow {
            letter: ascii($letter),
            kind: LetterKind::Dental,
            meaning: Some($meaning),
            label: "CDT dental code",
        }
    };
    ($letter:literal, Level3) => {
        LetterRow {
            letter: ascii($letter),
            kind: LetterKind::Level3,
            meaning: None,
            label: "retired HCPCS Level III local code",
        }
    };
    ($letter:literal, Unused) => {
        LetterRow {
            letter: ascii($letter),
            kind: LetterKind::Unused,
            meaning: None,
            label: "letter never used in HCPCS Level II",
        }
    };
}

/// Every upper-case letter, indexed by `letter - b'A'`: its §4.2 class and its §4.4 title.
/// The titles follow the CMS HCPCS book section names (public data); they are lower case
/// because they are spliced into diagnostic sentences.
const LETTERS: [LetterRow; 26] = [
    letter!(
        'A',
        Level2,
        "transportation services including ambulance, medical and surgical supplies"
    ),
    letter!('B', Level2, "enteral and parenteral therapy"),
    letter!(
        'C',
        Level2,
        "outpatient prospective payment system (hospital outpatient)"
    ),
    letter!('D', Dental, "dental procedures (CDT)"),
    letter!('E', Level2, "durable medical equipment"),
    // F, I, N and O were never assigned; I and O would be confused with 1 and 0.
    letter!('F', Unused),
    letter!('G', Level2, "procedures/professional services (temporary)"),
    letter!(
        'H',
        Level2,
        "alcohol and drug abuse treatment, rehabilitative services"
    ),
    letter!('I', Unused),
    letter!(
        'J',
        Level2,
        "drugs administered other than oral method, chemotherapy"
    ),
    letter!(
        'K',
        Level2,
        "temporary codes for DME Medicare administrative contractors"
    ),
    letter!('L', Level2, "orthotic and prosthetic procedures, devices"),
    letter!('M', Level2, "medical services"),
    letter!('N', Unused),
    letter!('O', Unused),
    letter!('P', Level2, "pathology and laboratory services"),
    letter!('Q', Level2, "temporary codes, miscellaneous services"),
    letter!('R', Level2, "diagnostic radiology services"),
    letter!('S', Level2, "temporary national codes (non-Medicare)"),
    letter!(
        'T',
        Level2,
        "national codes established for state Medicaid agencies"
    ),
    letter!('U', Level2, "coronavirus (COVID-19) laboratory tests"),
    letter!(
        'V',
        Level2,
        "vision, hearing and speech-language pathology services"
    ),
    letter!('W', Level3),
    letter!('X', Level3),
    letter!('Y', Level3),
    letter!('Z', Level3),
];

fn letter_row(letter: u8) -> Option<&'static LetterRow> {
    if letter.is_ascii_uppercase() {
        // The letter check keeps a mis-ordered table from silently answering for the
        // wrong letter; the unit tests also assert the order.
        LETTERS
            .get(usize::from(letter - b'A'))
            .filter(|row| row.letter == letter)
    } else {
        None
    }
}

/// The §4.2 shapes. `None` when the value is not exactly one of them.
fn classify_shape(code: &[u8]) -> Option<ProcedureClass> {
    let &[first, d1, d2, d3, last] = code else {
        return None;
    };
    // Positions 1–3 are digits in every shape, so check them once.
    if !(d1.is_ascii_digit() && d2.is_ascii_digit() && d3.is_ascii_digit()) {
        return None;
    }
    if first.is_ascii_digit() {
        return match last {
            b'0'..=b'9' => {
                five_digit_value(code).map(|n| ProcedureClass::CptCategory1(cpt_section(n)))
            }
            b'F' => Some(ProcedureClass::CptCategory2),
            b'T' => Some(ProcedureClass::CptCategory3),
            b'U' => Some(ProcedureClass::CptPla),
            b'M' => Some(ProcedureClass::CptMaaa),
            b'A' => Some(ProcedureClass::CptVaccineAlpha),
            _ => None,
        };
    }
    if !last.is_ascii_digit() {
        return None;
    }
    letter_row(first).map(|row| match row.kind {
        LetterKind::Level2 => ProcedureClass::HcpcsLevel2(first),
        LetterKind::Dental => ProcedureClass::Cdt,
        LetterKind::Level3 => ProcedureClass::HcpcsLevel3(first),
        LetterKind::Unused => ProcedureClass::UnusedLetter(first),
    })
}

/// The value of exactly 5 ASCII digits.
fn five_digit_value(code: &[u8]) -> Option<u32> {
    if code.len() != 5 || !code.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        code.iter()
            .fold(0, |n, &digit| n * 10 + u32::from(digit - b'0')),
    )
}

/// A look-alike test: does this (unclassifiable) value resemble the paired [`Lookalike`]?
type LookalikeTest = fn(&[u8]) -> bool;

/// The look-alike tests in the order documented on [`Lookalike`]; first match wins, and a
/// value that matches none is [`Lookalike::InvalidCharacters`]. Each test assumes that the
/// value already failed [`classify_shape`] and every test above it.
const LOOKALIKE_RULES: [(LookalikeTest, Lookalike); 10] = [
    (is_empty, Lookalike::Empty),
    (has_whitespace, Lookalike::Whitespace),
    (is_lower_case_code, Lookalike::LowerCase),
    (is_letter_o_for_zero, Lookalike::LetterOForZero),
    (is_revenue_code, Lookalike::RevenueCode),
    (is_ndc, Lookalike::Ndc),
    (is_icd10, Lookalike::Icd10),
    (has_modifier_appended, Lookalike::ModifierAppended),
    (is_too_short, Lookalike::TooShort),
    (is_too_long, Lookalike::TooLong),
];

fn lookalike(code: &[u8]) -> Lookalike {
    LOOKALIKE_RULES
        .iter()
        .find(|(test, _)| test(code))
        .map_or(Lookalike::InvalidCharacters, |&(_, lookalike)| lookalike)
}

fn is_empty(code: &[u8]) -> bool {
    code.is_empty()
}

fn has_whitespace(code: &[u8]) -> bool {
    let mut previous: Option<u8> = None;
    for &byte in code {
        let blank = match byte {
            // `is_ascii_whitespace` omits vertical tab; a stray VT is still padding.
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => true,
            // No-break space from spreadsheets: UTF-8 `C2 A0`, or a single Latin-1 byte.
            // An `A0` after another high byte is the tail of some other UTF-8 character.
            0xA0 => matches!(previous, None | Some(0xC2) | Some(0x00..=0x7F)),
            _ => false,
        };
        if blank {
            return true;
        }
        previous = Some(byte);
    }
    false
}

/// The value upper-cased into a stack buffer, when it is 5 bytes long (the only length a
/// valid shape can have).
fn upper_case_5(code: &[u8]) -> Option<[u8; 5]> {
    <[u8; 5]>::try_from(code)
        .ok()
        .map(|bytes| bytes.map(|byte| byte.to_ascii_uppercase()))
}

fn is_lower_case_code(code: &[u8]) -> bool {
    code.iter().any(u8::is_ascii_lowercase)
        && upper_case_5(code).is_some_and(|upper| classify_shape(&upper).is_some())
}

fn is_letter_o_for_zero(code: &[u8]) -> bool {
    // Upper-case first so that `99o13` and `j1o85` get the more specific O hint rather
    // than a generic one.
    code.iter().any(|&byte| byte == b'O' || byte == b'o')
        && upper_case_5(code).is_some_and(|upper| {
            let repaired = upper.map(|byte| if byte == b'O' { b'0' } else { byte });
            classify_shape(&repaired).is_some()
        })
}

fn is_revenue_code(code: &[u8]) -> bool {
    code.len() == 4 && code.iter().all(u8::is_ascii_digit)
}

fn is_ndc(code: &[u8]) -> bool {
    if code.iter().all(u8::is_ascii_digit) {
        return matches!(code.len(), 10 | 11);
    }
    // The longest hyphenated layout, 5-4-2, is 13 bytes; bail out early on huge values.
    if code.len() > 13 {
        return false;
    }
    let mut group_lengths = [0usize; 3];
    let mut groups = 0;
    for group in code.split(|&byte| byte == b'-') {
        let Some(slot) = group_lengths.get_mut(groups) else {
            return false; // more than two hyphens
        };
        if !group.iter().all(u8::is_ascii_digit) {
            return false;
        }
        *slot = group.len();
        groups += 1;
    }
    groups == 3 && matches!(group_lengths, [4, 4, 2] | [5, 3, 2] | [5, 4, 1] | [5, 4, 2])
}

/// `^[A-Z]\d[A-Z0-9]\.?[A-Z0-9]{0,4}$` (§4.2). Case-sensitive like the rulebook's pattern.
fn is_icd10_shape(code: &[u8]) -> bool {
    let [first, second, third, rest @ ..] = code else {
        return false;
    };
    let upper_or_digit = |byte: &u8| byte.is_ascii_uppercase() || byte.is_ascii_digit();
    let rest = rest.strip_prefix(b".").unwrap_or(rest);
    first.is_ascii_uppercase()
        && second.is_ascii_digit()
        && upper_or_digit(third)
        && rest.len() <= 4
        && rest.iter().all(upper_or_digit)
}

fn is_icd10(code: &[u8]) -> bool {
    is_icd10_shape(code) && !is_code_plus_modifier_pair(code)
}

/// A valid 5-byte shape followed by one modifier-like pair (see [`Lookalike`], item 7).
fn is_code_plus_modifier_pair(code: &[u8]) -> bool {
    let &[.., first, second] = code else {
        return false;
    };
    let head_is_code = code.len() == 7 && code.get(..5).and_then(classify_shape).is_some();
    let modifier_like = match (first, second) {
        (b'0'..=b'9', b'0'..=b'9') => true,
        // ICD-10-CM pads short codes with X before a 7th character (S09.90XA); XE, XP, XS
        // and XU are the national modifiers of that shape that the rulebook lists (§4.5).
        (b'X', b'A'..=b'Z') => matches!(second, b'E' | b'P' | b'S' | b'U'),
        (b'A'..=b'Z', b'A'..=b'Z' | b'0'..=b'9') => true,
        _ => false,
    };
    head_is_code && modifier_like
}

fn has_modifier_appended(code: &[u8]) -> bool {
    let (Some(head), Some(tail)) = (code.get(..5), code.get(5..)) else {
        return false;
    };
    // Up to four modifiers (SV101-3..SV101-6), two characters each.
    matches!(tail.len(), 2 | 4 | 6 | 8)
        && tail.iter().all(u8::is_ascii_alphanumeric)
        && classify_shape(head).is_some()
}

fn is_too_short(code: &[u8]) -> bool {
    code.len() < 5
}

fn is_too_long(code: &[u8]) -> bool {
    code.len() > 5
}

#[cfg(test)]
mod tests {
    use super::CptSection::*;
    use super::Lookalike::*;
    use super::ProcedureClass::*;
    use super::*;

    fn class(code: &str) -> ProcedureClass {
        classify(code.as_bytes())
    }

    fn assert_class(cases: &[(&str, ProcedureClass)]) {
        for &(code, expected) in cases {
            assert_eq!(class(code), expected, "SV101-2 = {code:?}");
        }
    }

    fn digits5(n: u32) -> [u8; 5] {
        let mut out = [b'0'; 5];
        let mut rest = n;
        for slot in out.iter_mut().rev() {
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        out
    }

    /// An independent if-chain restatement of §4.3, to cross-check the table.
    fn reference_section(n: u32) -> CptSection {
        if (100..=1999).contains(&n) {
            Anesthesia
        } else if (99100..=99140).contains(&n) {
            AnesthesiaQualifyingCircumstances
        } else if (10004..=69990).contains(&n) {
            Surgery
        } else if (70010..=79999).contains(&n) {
            Radiology
        } else if (80047..=89398).contains(&n) {
            PathologyLaboratory
        } else if (90281..=99199).contains(&n) || (99500..=99607).contains(&n) {
            Medicine
        } else if (99202..=99499).contains(&n) {
            EvaluationManagement
        } else {
            OutsideKnownRanges
        }
    }

    // ---- §8 classifier vectors ----

    #[test]
    fn domain_section_8_vectors() {
        assert_class(&[
            ("99213", CptCategory1(EvaluationManagement)),
            ("3074F", CptCategory2),
            ("0042T", CptCategory3),
            ("0001U", CptPla),
            ("J3490", HcpcsLevel2(b'J')),
            ("C1713", HcpcsLevel2(b'C')),
            ("D0120", Cdt),
            ("X1500", HcpcsLevel3(b'X')),
            ("I1234", UnusedLetter(b'I')),
            ("O1234", UnusedLetter(b'O')),
            ("N1234", UnusedLetter(b'N')),
            ("F1234", UnusedLetter(b'F')),
            ("0450", Unknown(RevenueCode)),
            ("00026063512", Unknown(Ndc)),
            ("E11.9", Unknown(Icd10)),
            ("9921325", Unknown(ModifierAppended)),
        ]);
    }

    #[test]
    fn section_8_anesthesia_line_code() {
        assert_eq!(class("00142"), CptCategory1(Anesthesia));
        assert!(is_anesthesia(b"00142"));
    }

    // ---- every class ----

    #[test]
    fn cpt_category_1_realistic_values() {
        assert_class(&[
            ("00142", CptCategory1(Anesthesia)),
            ("01996", CptCategory1(Anesthesia)),
            ("99100", CptCategory1(AnesthesiaQualifyingCircumstances)),
            ("99140", CptCategory1(AnesthesiaQualifyingCircumstances)),
            ("10060", CptCategory1(Surgery)),
            ("20999", CptCategory1(Surgery)),
            ("71046", CptCategory1(Radiology)),
            ("80053", CptCategory1(PathologyLaboratory)),
            ("85025", CptCategory1(PathologyLaboratory)),
            ("90471", CptCategory1(Medicine)),
            ("96372", CptCategory1(Medicine)),
            ("99199", CptCategory1(Medicine)),
            ("99202", CptCategory1(EvaluationManagement)),
            ("99215", CptCategory1(EvaluationManagement)),
            ("99605", CptCategory1(Medicine)),
            ("99201", CptCategory1(OutsideKnownRanges)),
            ("00000", CptCategory1(OutsideKnownRanges)),
        ]);
    }

    #[test]
    fn cpt_suffix_classes() {
        assert_class(&[
            ("3074F", CptCategory2),
            ("1036F", CptCategory2),
            ("0042T", CptCategory3),
            ("0544T", CptCategory3),
            ("0001U", CptPla),
            ("0240U", CptPla),
            ("0002M", CptMaaa),
            ("0001A", CptVaccineAlpha),
            ("0124A", CptVaccineAlpha),
        ]);
    }

    #[test]
    fn every_suffix_letter_after_four_digits() {
        for letter in b'A'..=b'Z' {
            let code = [b'1', b'2', b'3', b'4', letter];
            let expected = match letter {
                b'F' => CptCategory2,
                b'T' => CptCategory3,
                b'U' => CptPla,
                b'M' => CptMaaa,
                b'A' => CptVaccineAlpha,
                // 12340 is a valid code, so a trailing O reads as a zero.
                b'O' => Unknown(LetterOForZero),
                _ => Unknown(InvalidCharacters),
            };
            assert_eq!(classify(&code), expected, "{}", letter as char);
            let lower = [b'1', b'2', b'3', b'4', letter.to_ascii_lowercase()];
            let expected_lower = match expected {
                Unknown(InvalidCharacters) => Unknown(InvalidCharacters),
                Unknown(LetterOForZero) => Unknown(LetterOForZero),
                _ => Unknown(LowerCase),
            };
            assert_eq!(classify(&lower), expected_lower, "{}", letter as char);
        }
    }

    #[test]
    fn hcpcs_level_2_realistic_values() {
        assert_class(&[
            ("A0428", HcpcsLevel2(b'A')),
            ("A4253", HcpcsLevel2(b'A')),
            ("B4035", HcpcsLevel2(b'B')),
            ("C1713", HcpcsLevel2(b'C')),
            ("E0114", HcpcsLevel2(b'E')),
            ("G0008", HcpcsLevel2(b'G')),
            ("H0015", HcpcsLevel2(b'H')),
            ("J1885", HcpcsLevel2(b'J')),
            ("J9999", HcpcsLevel2(b'J')),
            ("K0001", HcpcsLevel2(b'K')),
            ("L3000", HcpcsLevel2(b'L')),
            ("M1146", HcpcsLevel2(b'M')),
            ("P9604", HcpcsLevel2(b'P')),
            ("Q4001", HcpcsLevel2(b'Q')),
            ("R0070", HcpcsLevel2(b'R')),
            ("S9083", HcpcsLevel2(b'S')),
            ("T1015", HcpcsLevel2(b'T')),
            ("U0003", HcpcsLevel2(b'U')),
            ("V2020", HcpcsLevel2(b'V')),
        ]);
    }

    #[test]
    fn cdt_level_3_and_unused_letters() {
        assert_class(&[
            ("D0120", Cdt),
            ("D9999", Cdt),
            ("W1234", HcpcsLevel3(b'W')),
            ("X1500", HcpcsLevel3(b'X')),
            ("Y0001", HcpcsLevel3(b'Y')),
            ("Z9999", HcpcsLevel3(b'Z')),
            ("F1234", UnusedLetter(b'F')),
            ("I1234", UnusedLetter(b'I')),
            ("N1234", UnusedLetter(b'N')),
            ("O1234", UnusedLetter(b'O')),
            ("O0142", UnusedLetter(b'O')),
        ]);
    }

    #[test]
    fn every_letter_followed_by_four_digits() {
        let level2 = b"ABCEGHJKLMPQRSTUV";
        let level3 = b"WXYZ";
        let unused = b"FINO";
        for letter in b'A'..=b'Z' {
            let expected = if level2.contains(&letter) {
                HcpcsLevel2(letter)
            } else if letter == b'D' {
                Cdt
            } else if level3.contains(&letter) {
                HcpcsLevel3(letter)
            } else if unused.contains(&letter) {
                UnusedLetter(letter)
            } else {
                unreachable!("§4.2 covers every letter")
            };
            for n in 0..10_000u32 {
                let digits = digits5(n);
                let code = [letter, digits[1], digits[2], digits[3], digits[4]];
                assert_eq!(classify(&code), expected);
            }
        }
    }

    #[test]
    fn letter_table_is_indexed_by_letter() {
        for (index, row) in LETTERS.iter().enumerate() {
            assert_eq!(usize::from(row.letter - b'A'), index);
        }
    }

    #[test]
    fn level2_letter_meanings() {
        assert_eq!(
            level2_letter_meaning(b'J'),
            Some("drugs administered other than oral method, chemotherapy")
        );
        assert_eq!(
            level2_letter_meaning(b'E'),
            Some("durable medical equipment")
        );
        assert!(level2_letter_meaning(b'D').is_some_and(|m| m.contains("CDT")));
        for letter in b"ABCEGHJKLMPQRSTUV" {
            let meaning = level2_letter_meaning(*letter).expect("Level II letter has a title");
            assert!(!meaning.is_empty());
            assert!(!meaning.starts_with(|c: char| c.is_ascii_uppercase()));
        }
        for letter in b"FINOWXYZ" {
            assert_eq!(level2_letter_meaning(*letter), None);
        }
        for byte in [b'j', b'0', b' ', 0x00, 0xFF, b'@', b'['] {
            assert_eq!(level2_letter_meaning(byte), None);
        }
    }

    // ---- §4.3 section boundaries ----

    #[test]
    fn both_ends_of_every_section_range() {
        let ends = [
            (100, Anesthesia),
            (1999, Anesthesia),
            (99100, AnesthesiaQualifyingCircumstances),
            (99140, AnesthesiaQualifyingCircumstances),
            (10004, Surgery),
            (69990, Surgery),
            (70010, Radiology),
            (79999, Radiology),
            (80047, PathologyLaboratory),
            (89398, PathologyLaboratory),
            (90281, Medicine),
            (99099, Medicine),
            (99141, Medicine),
            (99199, Medicine),
            (99202, EvaluationManagement),
            (99499, EvaluationManagement),
            (99500, Medicine),
            (99607, Medicine),
        ];
        for (n, section) in ends {
            assert_eq!(cpt_section(n), section, "{n:05}");
            assert_eq!(classify(&digits5(n)), CptCategory1(section), "{n:05}");
        }
    }

    #[test]
    fn gaps_between_sections_are_outside_known_ranges() {
        let gaps = [
            (0, 99),
            (2000, 10003),
            (69991, 70009),
            (80000, 80046),
            (89399, 90280),
            (99200, 99201),
            (99608, 99999),
        ];
        for (first, last) in gaps {
            for n in first..=last {
                assert_eq!(cpt_section(n), OutsideKnownRanges, "{n:05}");
            }
            assert_eq!(
                classify(&digits5(first)),
                CptCategory1(OutsideKnownRanges),
                "{first:05}"
            );
            assert_eq!(
                classify(&digits5(last)),
                CptCategory1(OutsideKnownRanges),
                "{last:05}"
            );
        }
    }

    #[test]
    fn cpt_section_beyond_five_digits() {
        assert_eq!(cpt_section(100_000), OutsideKnownRanges);
        assert_eq!(cpt_section(u32::MAX), OutsideKnownRanges);
    }

    #[test]
    fn every_five_digit_number_is_category_1_with_the_table_section() {
        let mut transitions = Vec::new();
        let mut previous = None;
        for n in 0..100_000u32 {
            let ProcedureClass::CptCategory1(section) = classify(&digits5(n)) else {
                panic!("{n:05} is not CPT Category I");
            };
            let by_table = CPT_SECTION_RANGES
                .iter()
                .find(|range| range.first <= n && n <= range.last)
                .map_or(OutsideKnownRanges, |range| range.section);
            assert_eq!(section, by_table, "{n:05}");
            assert_eq!(section, reference_section(n), "{n:05}");
            if previous != Some(section) {
                transitions.push((n, section));
                previous = Some(section);
            }
        }
        assert_eq!(
            transitions,
            [
                (0, OutsideKnownRanges),
                (100, Anesthesia),
                (2000, OutsideKnownRanges),
                (10004, Surgery),
                (69991, OutsideKnownRanges),
                (70010, Radiology),
                (80000, OutsideKnownRanges),
                (80047, PathologyLaboratory),
                (89399, OutsideKnownRanges),
                (90281, Medicine),
                (99100, AnesthesiaQualifyingCircumstances),
                (99141, Medicine),
                (99200, OutsideKnownRanges),
                (99202, EvaluationManagement),
                (99500, Medicine),
                (99608, OutsideKnownRanges),
            ]
        );
    }

    #[test]
    fn table_rows_are_ordered_and_well_formed() {
        for range in &CPT_SECTION_RANGES {
            assert!(range.first <= range.last);
            assert!(range.last <= 99_999);
        }
    }

    // ---- look-alikes ----

    #[test]
    fn empty() {
        assert_eq!(classify(b""), Unknown(Empty));
    }

    #[test]
    fn whitespace_is_never_trimmed() {
        for code in [
            "99213 ",
            " 99213",
            "99 213",
            "J1885\t",
            "\r\n99213",
            " ",
            "0450 ",
            "E11.9 ",
            "j1885 ",
            "99213\u{a0}",
            "99213\x0b",
        ] {
            assert_eq!(class(code), Unknown(Whitespace), "{code:?}");
        }
        // A Latin-1 no-break space is a single 0xA0 byte.
        assert_eq!(classify(b"99213\xa0"), Unknown(Whitespace));
        // ...but 0xA0 as the tail of another UTF-8 character ("à" is C3 A0) is not blank.
        assert_eq!(class("9921à"), Unknown(TooLong));
    }

    #[test]
    fn lower_case() {
        for code in [
            "j1885", "1036f", "0042t", "0001u", "0002m", "0001a", "d0120", "x1500",
        ] {
            assert_eq!(class(code), Unknown(LowerCase), "{code:?}");
        }
        // o1234 upper-cases to the UnusedLetter O1234, so lower case is the first problem.
        assert_eq!(class("o1234"), Unknown(LowerCase));
        // Lower case that would still not be a code is not this look-alike.
        assert_eq!(class("abcde"), Unknown(InvalidCharacters));
        assert_eq!(class("e11.9"), Unknown(InvalidCharacters));
    }

    #[test]
    fn letter_o_for_zero() {
        for code in [
            "99O13", "J1O85", "9921O", "OO142", "O0O42", "99o13", "j1o85", "1234O",
        ] {
            assert_eq!(class(code), Unknown(LetterOForZero), "{code:?}");
        }
        // An O that is a valid leading letter is a class, not a look-alike.
        assert_eq!(class("O0142"), UnusedLetter(b'O'));
        // O that cannot be repaired into any shape.
        assert_eq!(class("9O1A3"), Unknown(InvalidCharacters));
    }

    #[test]
    fn revenue_code() {
        for code in ["0450", "0300", "9921", "0001"] {
            assert_eq!(class(code), Unknown(RevenueCode), "{code:?}");
        }
    }

    #[test]
    fn ndc() {
        for code in [
            "00026063512",
            "0002606351",
            "00409-3795-01",
            "0409-3795-01",
            "00409-795-01",
            "00409-3795-1",
            "1234567890",
        ] {
            assert_eq!(class(code), Unknown(Ndc), "{code:?}");
        }
        for code in [
            "00409-3795-011",
            "00409--3795-01",
            "-00409379501",
            "00409-3795-01-",
            "004093795-01",
            "0040937950123",
        ] {
            assert_ne!(class(code), Unknown(Ndc), "{code:?}");
        }
    }

    #[test]
    fn icd10() {
        for code in [
            "E119", "E11.9", "I10", "Z23", "M545", "S72001A", "S72.001A", "S72001", "S0990XA",
            "T50901A", "R51.9", "E1A65", "F32.A",
        ] {
            assert_eq!(class(code), Unknown(Icd10), "{code:?}");
        }
        // Valid 5-byte shapes stay classes even when they are also ICD-10 codes.
        assert_eq!(class("E1165"), HcpcsLevel2(b'E'));
        assert_eq!(class("Z0000"), HcpcsLevel3(b'Z'));
        // The ICD pattern is case-sensitive, as written in the rulebook.
        assert_eq!(class("e119"), Unknown(TooShort));
    }

    #[test]
    fn modifier_appended() {
        for code in [
            "9921325",
            "J1885JW",
            "992132559",
            "99213LT59RT",
            "9921325597991",
            "J1885jw",
            "G0439XS",
            "G043925",
            "3074F8P",
            "0001UQW",
            "D0120AB",
        ] {
            assert_eq!(class(code), Unknown(ModifierAppended), "{code:?}");
        }
        // An odd number of trailing characters, or punctuation, is not a modifier.
        assert_eq!(class("99213259"), Unknown(TooLong));
        assert_eq!(class("99213-25"), Unknown(TooLong));
        assert_eq!(class("99213:25"), Unknown(TooLong));
        // More than four modifiers do not fit SV101-3..SV101-6.
        assert_eq!(class("992132559797677"), Unknown(TooLong));
    }

    #[test]
    fn too_short_and_too_long() {
        for code in ["9", "99", "992", "J1", "A"] {
            assert_eq!(class(code), Unknown(TooShort), "{code:?}");
        }
        for code in ["992133", "J1885555", "HC:99213", "99213.00", "000260635123"] {
            assert_eq!(class(code), Unknown(TooLong), "{code:?}");
        }
    }

    #[test]
    fn invalid_characters() {
        for code in ["9921B", "99.13", "J-188", "AB123", "12?45"] {
            assert_eq!(class(code), Unknown(InvalidCharacters), "{code:?}");
        }
        assert_eq!(classify(b"9921\xff"), Unknown(InvalidCharacters));
    }

    // ---- look-alike order ----

    #[test]
    fn lookalike_precedence() {
        // Whitespace beats everything that follows it.
        assert_eq!(class(" 0450"), Unknown(Whitespace));
        assert_eq!(class("00026063512 "), Unknown(Whitespace));
        assert_eq!(class("99 O13"), Unknown(Whitespace));
        // Lower case beats the O check when upper-casing alone repairs the value.
        assert_eq!(class("o0142"), Unknown(LowerCase));
        // The O check beats the ICD shape (J1O85 also matches the ICD pattern).
        assert!(is_icd10_shape(b"J1O85"));
        assert_eq!(class("J1O85"), Unknown(LetterOForZero));
        // Revenue code and ICD-10 are disjoint at 4 characters.
        assert_eq!(class("0450"), Unknown(RevenueCode));
        assert_eq!(class("E119"), Unknown(Icd10));
        // NDC is checked before length, and before a glued modifier: 11 digits are an NDC
        // even when they start with a valid code.
        assert_eq!(class("0002606351"), Unknown(Ndc));
        assert_eq!(class("99213255979"), Unknown(Ndc));
        // ICD-10 is checked before length: short letter-first values read as diagnoses.
        assert_eq!(class("J188"), Unknown(Icd10));
        assert_eq!(class("J18855"), Unknown(Icd10));
        // A 7-byte value that is both ICD-shaped and code + pair: decided by the pair.
        assert_eq!(class("J1885JW"), Unknown(ModifierAppended));
        assert_eq!(class("S720012"), Unknown(ModifierAppended));
        assert_eq!(class("S72001A"), Unknown(Icd10));
        assert_eq!(class("S0990XA"), Unknown(Icd10));
        assert_eq!(class("S0990XS"), Unknown(ModifierAppended));
    }

    #[test]
    fn lookalike_rules_match_documented_order() {
        let order: Vec<Lookalike> = LOOKALIKE_RULES.iter().map(|&(_, l)| l).collect();
        assert_eq!(
            order,
            [
                Empty,
                Whitespace,
                LowerCase,
                LetterOForZero,
                RevenueCode,
                Ndc,
                Icd10,
                ModifierAppended,
                TooShort,
                TooLong
            ]
        );
    }

    // ---- labels and predicates ----

    #[test]
    fn labels() {
        assert_eq!(
            class("99213").label(),
            "CPT Category I (evaluation and management)"
        );
        assert_eq!(class("00142").label(), "CPT Category I (anesthesia)");
        assert_eq!(
            class("99999").label(),
            "CPT Category I (outside known section ranges)"
        );
        assert_eq!(
            class("J3490").label(),
            "HCPCS Level II (J: drugs administered other than oral method, chemotherapy)"
        );
        assert_eq!(class("D0120").label(), "CDT dental code");
        assert_eq!(class("X1500").label(), "retired HCPCS Level III local code");
        assert_eq!(
            class("F1234").label(),
            "letter never used in HCPCS Level II"
        );
        assert_eq!(class("0450").label(), "not a CPT or HCPCS code");
        // Hand-built values with a letter outside Level II fall back to a generic label.
        assert_eq!(HcpcsLevel2(b'Z').label(), "HCPCS Level II");
        assert_eq!(HcpcsLevel2(0xFF).label(), "HCPCS Level II");
        for letter in b"ABCEGHJKLMPQRSTUV" {
            let label = HcpcsLevel2(*letter).label();
            assert!(label.starts_with(&format!("HCPCS Level II ({}: ", *letter as char)));
        }
        for section in [
            Anesthesia,
            AnesthesiaQualifyingCircumstances,
            Surgery,
            Radiology,
            PathologyLaboratory,
            Medicine,
            EvaluationManagement,
            OutsideKnownRanges,
        ] {
            assert_eq!(
                section.label(),
                format!("CPT Category I ({})", section.name())
            );
        }
    }

    #[test]
    fn hints_are_short_lower_case_phrases() {
        let all = [
            Empty,
            LowerCase,
            Whitespace,
            LetterOForZero,
            RevenueCode,
            Ndc,
            Icd10,
            ModifierAppended,
            TooShort,
            TooLong,
            InvalidCharacters,
        ];
        for lookalike in all {
            let hint = lookalike.hint();
            assert!(!hint.is_empty() && hint.len() < 100, "{lookalike:?}");
            assert!(!hint.ends_with('.'), "{lookalike:?}");
            let first = hint.chars().next().unwrap_or(' ');
            assert!(
                first.is_ascii_lowercase() || first.is_ascii_digit(),
                "{lookalike:?}"
            );
        }
        assert_eq!(
            Ndc.hint(),
            "looks like an NDC (drug code); NDCs go in loop 2410 `LIN03`"
        );
    }

    #[test]
    fn is_cpt_and_is_hcpcs_level2() {
        for code in [
            "99213", "3074F", "0042T", "0001U", "0002M", "0001A", "00000",
        ] {
            assert!(class(code).is_cpt(), "{code}");
            assert!(!class(code).is_hcpcs_level2(), "{code}");
        }
        for code in ["J3490", "C1713", "U0003"] {
            assert!(class(code).is_hcpcs_level2(), "{code}");
            assert!(!class(code).is_cpt(), "{code}");
        }
        for code in ["D0120", "X1500", "O1234", "0450", ""] {
            assert!(!class(code).is_cpt(), "{code}");
            assert!(!class(code).is_hcpcs_level2(), "{code}");
        }
    }

    #[test]
    fn unlisted_heuristic() {
        for code in ["01999", "20999", "99199", "99499", "64999"] {
            assert!(is_probably_unlisted_cpt(code.as_bytes()), "{code}");
        }
        for code in [
            "99213", "43289", "J3490", "0099T", "1999", "01999 ", "019999", "",
        ] {
            assert!(!is_probably_unlisted_cpt(code.as_bytes()), "{code:?}");
        }
    }

    #[test]
    fn anesthesia_range() {
        for code in ["00100", "00142", "01996", "01999"] {
            assert!(is_anesthesia(code.as_bytes()), "{code}");
        }
        for code in [
            "00099", "02000", "99100", "99140", "99213", "0142", "00142 ", "O0142", "",
        ] {
            assert!(!is_anesthesia(code.as_bytes()), "{code:?}");
        }
    }

    // ---- robustness ----

    /// Invariants that must hold for any input.
    fn check_invariants(code: &[u8]) {
        let result = classify(code);
        assert!(!result.label().is_empty());
        match result {
            Unknown(lookalike) => {
                assert!(classify_shape(code).is_none());
                assert!(!lookalike.hint().is_empty());
                assert_eq!(lookalike == Empty, code.is_empty());
                if code.iter().any(u8::is_ascii_whitespace) {
                    assert_eq!(lookalike, Whitespace);
                }
            }
            known => {
                assert_eq!(code.len(), 5);
                assert!(code.iter().all(u8::is_ascii_alphanumeric));
                assert!(!code.iter().any(u8::is_ascii_lowercase));
                assert!(known.is_cpt() || !code.first().is_some_and(u8::is_ascii_digit));
            }
        }
        let _ = is_probably_unlisted_cpt(code);
        let _ = is_anesthesia(code);
    }

    #[test]
    fn all_one_and_two_byte_values_are_handled() {
        check_invariants(&[]);
        for a in 0..=255u8 {
            check_invariants(&[a]);
            for b in 0..=255u8 {
                check_invariants(&[a, b]);
            }
        }
    }

    #[test]
    fn pseudo_random_bytes_never_panic() {
        // xorshift64: deterministic, no crates.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Biased towards bytes that reach the deeper look-alike rules.
        let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZajfo.- \t\xa0\xc2\xff\x00";
        let mut buffer = [0u8; 24];
        for round in 0..200_000 {
            let len = (next() % 16) as usize;
            for slot in buffer.iter_mut().take(len) {
                let r = next();
                *slot = if round % 2 == 0 {
                    alphabet[(r % alphabet.len() as u64) as usize]
                } else {
                    r as u8
                };
            }
            check_invariants(&buffer[..len]);
        }
    }

    #[test]
    fn huge_values_are_handled() {
        let mut huge = vec![b'9'; 1 << 20];
        assert_eq!(classify(&huge), Unknown(TooLong));
        huge[500_000] = b' ';
        assert_eq!(classify(&huge), Unknown(Whitespace));
        let dashes = vec![b'-'; 1 << 16];
        assert_eq!(classify(&dashes), Unknown(TooLong));
    }
}
