//! What a value that is no procedure code looks like instead: the look-alike heuristics,
//! in the order they are tried.

use super::*;

/// The look-alike tests in the order documented on [`Lookalike`]; first match wins, and a
/// value that matches none is [`Lookalike::InvalidCharacters`]. Each test assumes that the
/// value already failed [`classify_shape`] and every test above it.
pub(super) const LOOKALIKE_RULES: [(LookalikeTest, Lookalike); 10] = [
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

pub(super) fn lookalike(code: &[u8]) -> Lookalike {
    LOOKALIKE_RULES
        .iter()
        .find(|(test, _)| test(code))
        .map_or(Lookalike::InvalidCharacters, |&(_, lookalike)| lookalike)
}

pub(super) fn is_empty(code: &[u8]) -> bool {
    code.is_empty()
}

pub(super) fn has_whitespace(code: &[u8]) -> bool {
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
pub(super) fn upper_case_5(code: &[u8]) -> Option<[u8; 5]> {
    <[u8; 5]>::try_from(code)
        .ok()
        .map(|bytes| bytes.map(|byte| byte.to_ascii_uppercase()))
}

pub(super) fn is_lower_case_code(code: &[u8]) -> bool {
    code.iter().any(u8::is_ascii_lowercase)
        && upper_case_5(code).is_some_and(|upper| classify_shape(&upper).is_some())
}

pub(super) fn is_letter_o_for_zero(code: &[u8]) -> bool {
    // Upper-case first so that `99o13` and `j1o85` get the more specific O hint rather
    // than a generic one.
    code.iter().any(|&byte| byte == b'O' || byte == b'o')
        && upper_case_5(code).is_some_and(|upper| {
            let repaired = upper.map(|byte| if byte == b'O' { b'0' } else { byte });
            classify_shape(&repaired).is_some()
        })
}

pub(super) fn is_revenue_code(code: &[u8]) -> bool {
    code.len() == 4 && code.iter().all(u8::is_ascii_digit)
}

pub(super) fn is_ndc(code: &[u8]) -> bool {
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
pub(super) fn is_icd10_shape(code: &[u8]) -> bool {
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

pub(super) fn is_icd10(code: &[u8]) -> bool {
    is_icd10_shape(code) && !is_code_plus_modifier_pair(code)
}

/// A valid 5-byte shape followed by one modifier-like pair (see [`Lookalike`], item 7).
pub(super) fn is_code_plus_modifier_pair(code: &[u8]) -> bool {
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

pub(super) fn has_modifier_appended(code: &[u8]) -> bool {
    let (Some(head), Some(tail)) = (code.get(..5), code.get(5..)) else {
        return false;
    };
    // Up to four modifiers (SV101-3..SV101-6), two characters each.
    matches!(tail.len(), 2 | 4 | 6 | 8)
        && tail.iter().all(u8::is_ascii_alphanumeric)
        && classify_shape(head).is_some()
}

pub(super) fn is_too_short(code: &[u8]) -> bool {
    code.len() < 5
}

pub(super) fn is_too_long(code: &[u8]) -> bool {
    code.len() > 5
}
