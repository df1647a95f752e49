//! What is wrong with one simple value: control characters, characters outside the X12
//! character sets, number format, date, time, code and length.

use super::Problem;
use super::bytes::{Bytes, key_at};
use crate::grammar::{DataType, ElementDef};
use crate::x12::values::{date8, time};

/// What is wrong with the non-empty simple value `raw[begin..end]`, if anything.
///
/// Inlined into the element loop: most values need only a length or a key compared.
#[inline(always)]
pub(super) fn piece_problem(
    bytes: &Bytes<'_>,
    begin: usize,
    end: usize,
    def: &ElementDef,
) -> Option<Problem> {
    if !bytes.clean {
        return value_problem(&bytes.raw[begin..end], def);
    }
    if def.data_type == DataType::Id && !def.keys.is_empty() {
        // The one check that differs from `clean_value_problem`: the code's key is read
        // from the segment as a word.
        let key = key_at(bytes.raw, begin, end);
        return (!def.keys.contains(&key)).then_some(Problem::InvalidCode);
    }
    clean_value_problem(&bytes.raw[begin..end], def)
}

/// What is wrong with one simple value, if anything.
pub fn value_problem(value: &[u8], def: &ElementDef) -> Option<Problem> {
    if value.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Some(Problem::ControlCharacter);
    }
    // Every printable ASCII character is in the X12 basic or extended character set; a
    // byte from 0x80 up is not (a UTF-8 or Latin-1 `É`).
    if !value.is_ascii() {
        return Some(Problem::InvalidCharacter);
    }
    clean_value_problem(value, def)
}

/// [`value_problem`] for a value known to hold only printable ASCII.
#[inline(always)]
fn clean_value_problem(value: &[u8], def: &ElementDef) -> Option<Problem> {
    let (min, max) = (def.min.into(), def.max.into());
    match def.data_type {
        DataType::R | DataType::N0 => number_problem(value, def.data_type == DataType::R, min, max),
        DataType::Dt => date8(value).is_none().then_some(Problem::InvalidDate),
        DataType::Tm => (!time(value)).then_some(Problem::InvalidTime),
        DataType::Id if !def.codes.is_empty() => {
            (!def.accepts(value)).then_some(Problem::InvalidCode)
        }
        // A string, or an identifier without a code list.
        _ => length_problem(value.len(), min, max)
            .or_else(|| value.ends_with(b" ").then_some(Problem::TrailingSpaces)),
    }
}

/// Whether `length` characters (digits for a number) are too few or too many.
fn length_problem(length: usize, min: usize, max: usize) -> Option<Problem> {
    if length < min {
        Some(Problem::TooShort)
    } else if length > max {
        Some(Problem::TooLong)
    } else {
        None
    }
}

/// What is wrong with an R (`decimal`) or N0 value of `min` to `max` digits, if
/// anything.
#[inline(always)]
pub(super) fn number_problem(
    value: &[u8],
    decimal: bool,
    min: usize,
    max: usize,
) -> Option<Problem> {
    let Some(digits) = number_digits(value, decimal) else {
        return Some(Problem::MalformedNumber);
    };
    if !decimal && needless_leading_zero(value, min) {
        return Some(Problem::MalformedNumber);
    }
    length_problem(digits, min, max)
}

/// The number of digits of an R (`decimal`) or N0 value in X12 notation: an optional
/// leading `-`, digits, and for R one optional `.` with a digit after it (X12 writes no
/// decimal point without a fraction: `50`, not `50.`). `None` when it is not one.
#[inline(always)]
pub(super) fn number_digits(value: &[u8], decimal: bool) -> Option<usize> {
    let body = value.strip_prefix(b"-").unwrap_or(value);
    let mut digits = 0;
    let mut points = 0;
    for &b in body {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' if decimal => points += 1,
            _ => return None,
        }
    }
    let point_ends = body.last() == Some(&b'.');
    (digits > 0 && points <= 1 && !point_ends).then_some(digits)
}

/// Whether an N0 value starts with a zero it does not need: X12 drops leading zeros
/// unless the element's minimum length calls for them (`01` in LX01, minimum 1).
#[inline(always)]
pub(crate) fn needless_leading_zero(value: &[u8], min: usize) -> bool {
    let body = value.strip_prefix(b"-").unwrap_or(value);
    body.len() > min.max(1) && body.first() == Some(&b'0')
}
