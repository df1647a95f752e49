//! The classifier on realistic values, every section and letter, and the tables.

use super::CptSection::*;
use super::Lookalike::*;
use super::ProcedureClass::*;
use super::*;

pub(super) fn class(code: &str) -> ProcedureClass {
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
