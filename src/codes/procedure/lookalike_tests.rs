//! Look-alikes, labels, heuristics, and values no claim should hold.

use super::CptSection::*;
use super::Lookalike::*;
use super::ProcedureClass::*;
use super::tests::class;
use super::*;

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
