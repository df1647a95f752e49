//! Values copied from the file into the 277CA: amounts, names and identifiers, each
//! replaced by a placeholder when it cannot be written or is masked.

use crate::redact::{MASK, View};
use crate::report::ack::safe_byte;
use crate::x12::Segment;

/// An amount in hundredths.
pub(super) type Cents = i64;

pub(super) fn cents(v: &[u8]) -> Cents {
    let s = std::str::from_utf8(v).unwrap_or("").trim();
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.len() > 15 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let w: i64 = whole.parse().unwrap_or(0);
    let mut f = frac
        .bytes()
        .take(2)
        .fold(0i64, |a, b| a * 10 + i64::from(b - b'0'));
    if frac.len() == 1 {
        f *= 10;
    }
    let c = w * 100 + f;
    if neg { -c } else { c }
}

/// An X12 `R` amount: whole dollars without a decimal point, else two decimals.
pub(super) fn amount(c: Cents) -> String {
    let sign = if c < 0 { "-" } else { "" };
    let a = c.unsigned_abs();
    if a.is_multiple_of(100) {
        format!("{sign}{}", a / 100)
    } else {
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

pub(super) fn npi_shaped(v: &[u8]) -> bool {
    v.len() == 10 && v.iter().all(u8::is_ascii_digit)
}

/// Element `n` of `segment` as `view` shows it, trimmed: under `--redact` a pseudonym or
/// the masked copy, never the file's bytes.
fn shown(view: &View<'_>, segment: Option<Segment<'_>>, n: usize) -> String {
    segment
        .and_then(|s| s.element(n))
        .map(|e| view.value(e.span()).trim().to_string())
        .unwrap_or_default()
}

/// Whether `v` can be copied into an element of `min`–`max` characters: printable, none of
/// the acknowledgment's delimiters, and not masked (under `--redact` a masked name or
/// identifier is `#`s, which says nothing to the reader of the 277CA).
fn writable(view: &View<'_>, v: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&v.len())
        && v.bytes().all(safe_byte)
        && !(view.is_redacted() && v.contains(MASK as char))
}

/// A name for an NM1 of the 277 (NM103–NM105, 1–60 characters): the input's when it can
/// be written, else `fallback`. Under `--redact` names are masked, so always `fallback`.
pub(super) fn name(
    view: &View<'_>,
    segment: Option<Segment<'_>>,
    n: usize,
    fallback: &str,
) -> String {
    let v = shown(view, segment, n);
    if writable(view, &v, 1, 60) {
        v
    } else {
        fallback.to_string()
    }
}

/// An identifier copied from the input (`min`–50 characters), or `fallback`; under
/// `--redact` `fallback` when the view masks it (an ETIN, BHT03).
pub(super) fn ident(
    view: &View<'_>,
    segment: Option<Segment<'_>>,
    n: usize,
    min: usize,
    fallback: &str,
) -> String {
    let v = shown(view, segment, n);
    if writable(view, &v, min, 50) {
        v
    } else {
        fallback.to_string()
    }
}

/// A claim key (CLM01 in TRN02, 1–50 characters; the member ID in NM109, 2–80), or
/// `UNKNOWN`. Under `--redact` its pseudonym, or without a key its masked copy: `#`s,
/// which the X12 extended character set of a 5010 acknowledgment allows in these AN
/// elements.
pub(super) fn key(
    view: &View<'_>,
    segment: Option<Segment<'_>>,
    n: usize,
    (min, max): (usize, usize),
) -> String {
    let v = shown(view, segment, n);
    if (min..=max).contains(&v.len()) && v.bytes().all(safe_byte) {
        v
    } else {
        "UNKNOWN".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(cents(b"150"), 15_000);
        assert_eq!(cents(b"150.5"), 15_050);
        assert_eq!(cents(b"0.05"), 5);
        assert_eq!(amount(15_000), "150");
        assert_eq!(amount(15_050), "150.50");
        assert_eq!(amount(-5), "-0.05");
    }
}
