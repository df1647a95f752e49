//! The tables behind the classifier: CPT section ranges and the meaning of each leading
//! letter of HCPCS Level II, with the shape rules that read them.

use super::*;

/// One CPT Category I section range, inclusive at both ends.
pub(super) struct CptRange {
    pub(super) first: u32,
    pub(super) last: u32,
    pub(super) section: CptSection,
}

/// §4.3 section ranges. Searched top-down, first match wins: the qualifying-circumstances
/// range must stay above the Medicine range 90281–99199 that contains it.
pub(super) const CPT_SECTION_RANGES: [CptRange; 8] = [
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
pub(super) enum LetterKind {
    Level2,
    Dental,
    Level3,
    Unused,
}

/// One row of [`LETTERS`].
pub(super) struct LetterRow {
    pub(super) letter: u8,
    pub(super) kind: LetterKind,
    /// The §4.4 title, for Level II letters and D.
    pub(super) meaning: Option<&'static str>,
    /// What [`ProcedureClass::label`] shows for a Level II code with this letter.
    pub(super) label: &'static str,
}

/// The byte of an ASCII `char` literal, checked at compile time (the table macro needs the
/// letter as a `char` so that `concat!` can splice it into the label).
pub(super) const fn ascii(letter: char) -> u8 {
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
pub(super) const LETTERS: [LetterRow; 26] = [
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

pub(super) fn letter_row(letter: u8) -> Option<&'static LetterRow> {
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
pub(super) fn classify_shape(code: &[u8]) -> Option<ProcedureClass> {
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
pub(super) fn five_digit_value(code: &[u8]) -> Option<u32> {
    if code.len() != 5 || !code.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        code.iter()
            .fold(0, |n, &digit| n * 10 + u32::from(digit - b'0')),
    )
}

/// A look-alike test: does this (unclassifiable) value resemble the paired [`Lookalike`]?
pub(super) type LookalikeTest = fn(&[u8]) -> bool;
