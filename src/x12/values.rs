//! Parsers for the X12 simple data types: DT (date), TM (time), N0 (integer) and
//! R (decimal). Each takes the raw element bytes and either returns the value or says
//! what is wrong, so rules can name the problem precisely.

use nom::bytes::complete::take_while_m_n;
use nom::combinator::map_res;
use nom::{IResult, Parser};

/// A calendar date as `YYYYMMDD` in one integer, so dates compare with `<`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub u32);

impl Date {
    pub fn year(self) -> u32 {
        self.0 / 10_000
    }
    pub fn month(self) -> u32 {
        self.0 / 100 % 100
    }
    pub fn day(self) -> u32 {
        self.0 % 100
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

fn digits(n: usize) -> impl Fn(&[u8]) -> IResult<&[u8], u32> {
    move |input| {
        map_res(
            take_while_m_n(n, n, |b: u8| b.is_ascii_digit()),
            |d: &[u8]| -> Result<u32, ()> {
                Ok(d.iter()
                    .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')))
            },
        )
        .parse(input)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn calendar(year: u32, month: u32, day: u32) -> Option<Date> {
    (day >= 1 && day <= days_in_month(year, month))
        .then_some(Date(year * 10_000 + month * 100 + day))
}

/// The value of `N` ASCII digits, or `None` if `value` is not exactly that. Dates are read
/// for every service line by several rules, so this is a plain loop rather than a parser.
fn fixed_digits<const N: usize>(value: &[u8]) -> Option<[u32; N]> {
    let mut out = [0; N];
    if value.len() != 2 * N {
        return None;
    }
    for (slot, pair) in out.iter_mut().zip(value.chunks_exact(2)) {
        let (a, b) = (pair[0].wrapping_sub(b'0'), pair[1].wrapping_sub(b'0'));
        if a > 9 || b > 9 {
            return None;
        }
        *slot = u32::from(a) * 10 + u32::from(b);
    }
    Some(out)
}

/// `CCYYMMDD`, a real calendar date from year 1800 on.
///
/// Read as one word: every line's date of service is read by the model, and dates are
/// checked in several segments of each claim.
pub fn date8(value: &[u8]) -> Option<Date> {
    const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);
    const HIGH_NIBBLES: u64 = u64::from_le_bytes([0xf0; 8]);
    const SIXES: u64 = u64::from_le_bytes([6; 8]);
    let word = u64::from_le_bytes(value.try_into().ok()?);
    // Every byte is a digit: its high nibble is 3, and stays 3 with 6 added (no byte of
    // such a word carries into the next).
    if word & HIGH_NIBBLES != ZEROS || (word + SIXES) & HIGH_NIBBLES != ZEROS {
        return None;
    }
    // Digit values, the first in the low byte; then each pair of digits as a number in
    // the low byte of its 16-bit lane: century, year, month, day.
    let digits = word - ZEROS;
    let pairs = (digits * 10 + (digits >> 8)) & 0x00ff_00ff_00ff_00ff;
    let lane = |n: u32| ((pairs >> (16 * n)) & 0xff) as u32;
    let y = lane(0) * 100 + lane(1);
    if y < 1800 {
        return None;
    }
    calendar(y, lane(2), lane(3))
}

/// [`date8`] read digit pair by digit pair: what a unit test holds it to.
#[cfg(test)]
fn date8_by_pairs(value: &[u8]) -> Option<Date> {
    let [cc, yy, m, d] = fixed_digits::<4>(value)?;
    let y = cc * 100 + yy;
    if y < 1800 {
        return None;
    }
    calendar(y, m, d)
}

/// `YYMMDD` (ISA09). The century is not transmitted; 2000s are assumed.
pub fn date6(value: &[u8]) -> Option<Date> {
    let [y, m, d] = fixed_digits::<3>(value)?;
    calendar(2000 + y, m, d)
}

/// `CCYYMMDD-CCYYMMDD` (an RD8 date range).
pub fn date_range(value: &[u8]) -> Option<(Date, Date)> {
    let dash = memchr::memchr(b'-', value)?;
    Some((date8(&value[..dash])?, date8(&value[dash + 1..])?))
}

/// `HHMM`, `HHMMSS`, `HHMMSSD` or `HHMMSSDD` with valid hours, minutes and seconds.
pub fn time(value: &[u8]) -> bool {
    let Ok((rest, (h, m))) = (digits(2), digits(2)).parse(value) else {
        return false;
    };
    let seconds_ok = match rest.len() {
        0 => true,
        2..=4 => digits(2)
            .parse(rest)
            .is_ok_and(|(fraction, s)| s < 60 && fraction.iter().all(u8::is_ascii_digit)),
        _ => false,
    };
    h < 24 && m < 60 && seconds_ok
}

/// An integer (N0): digits with an optional leading minus. `None` beyond `i64`.
pub fn integer(value: &[u8]) -> Option<i64> {
    let (negative, digits) = match value.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Negative values are built downwards so that `i64::MIN` still fits.
    digits.iter().try_fold(0i64, |n, &b| {
        let d = i64::from(b - b'0');
        let n = n.checked_mul(10)?;
        if negative {
            n.checked_sub(d)
        } else {
            n.checked_add(d)
        }
    })
}

/// What is wrong with a decimal (R) value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalError {
    Empty,
    /// Not digits with an optional `-` and one optional `.`.
    NotANumber,
    /// `+`, an exponent, or a thousands separator: forbidden by X12 even though they parse.
    ForbiddenNotation,
    /// A decimal point with no digit after it (`50.`): X12 writes `50`.
    BarePoint,
}

/// The largest amount [`Decimal::cents`] gives, 10^30 cents: X12 amounts have at most 18
/// digits, and even ten million of these add up without overflowing an `i128`.
pub const MAX_CENTS: i128 = 10i128.pow(30);

/// A decimal amount in exact hundredths when it has at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    /// Value × 10^scale.
    pub mantissa: i128,
    pub scale: u32,
    /// Digits counted the X12 way (no sign, no decimal point).
    pub digits: usize,
}

impl Decimal {
    /// The value in cents, if it has at most two decimals and at most [`MAX_CENTS`] in
    /// magnitude (a value with dozens of digits is no amount, and sums of cents must
    /// not overflow).
    #[inline]
    pub fn cents(&self) -> Option<i128> {
        // An amount as sent (at most two decimals, far fewer than 18 digits) is worked
        // out in an `i64`, where 100 times it cannot overflow and stays far under
        // `MAX_CENTS`: no `i128` multiplications checked for overflow.
        const FIT: u64 = i64::MAX as u64 / 100;
        if let Ok(mantissa) = i64::try_from(self.mantissa)
            && mantissa.unsigned_abs() <= FIT
            && self.scale <= 2
        {
            let factor = match self.scale {
                0 => 100,
                1 => 10,
                _ => 1,
            };
            return Some(i128::from(mantissa * factor));
        }
        self.cents_in_full()
    }

    /// [`Decimal::cents`] of any decimal.
    #[cold]
    fn cents_in_full(&self) -> Option<i128> {
        let cents = match self.scale {
            0 => self.mantissa.checked_mul(100)?,
            1 => self.mantissa.checked_mul(10)?,
            2 => self.mantissa,
            _ => {
                // Trailing zeros beyond cents are still exact (`10.500`).
                let factor = 10i128.checked_pow(self.scale - 2)?;
                if self.mantissa % factor != 0 {
                    return None;
                }
                self.mantissa / factor
            }
        };
        (cents.unsigned_abs() <= MAX_CENTS.unsigned_abs()).then_some(cents)
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }
}

/// Whether `value` is an R value as X12 writes it: an optional `-`, then digits with an
/// optional `.` and 1 to 64 decimals, or `.` and at least one decimal. Checked by hand:
/// every service line's charge goes through here.
fn is_decimal_text(value: &[u8]) -> bool {
    let body = value.strip_prefix(b"-").unwrap_or(value);
    let integer = body.iter().take_while(|b| b.is_ascii_digit()).count();
    match &body[integer..] {
        [] => integer > 0,
        // A point needs a digit after it: X12 writes `50`, never `50.`.
        [b'.', fraction @ ..] => {
            !fraction.is_empty()
                && fraction.iter().all(u8::is_ascii_digit)
                && (integer == 0 || fraction.len() <= 64)
        }
        _ => false,
    }
}

/// Parses an R (decimal) value exactly; never goes through floating point.
///
/// Every service line's charge and unit count comes here: a value of up to 18 digits is
/// read in one pass ([`short_decimal`]), and anything else (an error, a longer value) by
/// [`decimal_in_full`].
#[inline]
pub fn decimal(value: &[u8]) -> Result<Decimal, DecimalError> {
    match short_decimal(value) {
        Some(short) => Ok(short.into()),
        None => decimal_in_full(value),
    }
}

/// An R value of at most 18 digits as [`decimal`] reads it, in the room it needs: a
/// view that keeps one (an SV1's charge) keeps this, not a `Decimal` narrowed after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShortDecimal {
    pub negative: bool,
    /// The digits, without the sign: the magnitude × 10^scale.
    pub magnitude: u64,
    /// At most 64: see [`decimal`].
    pub scale: u8,
    /// At most 18.
    pub digits: u8,
}

impl From<ShortDecimal> for Decimal {
    #[inline(always)]
    fn from(short: ShortDecimal) -> Self {
        let magnitude = i128::from(short.magnitude);
        Decimal {
            mantissa: if short.negative {
                -magnitude
            } else {
                magnitude
            },
            scale: u32::from(short.scale),
            digits: usize::from(short.digits),
        }
    }
}

/// [`decimal`] of a value of up to 18 digits, read in one pass; `None` for any other
/// value (an error, a longer value), which [`decimal_in_full`] reads.
#[inline(always)]
pub fn short_decimal(value: &[u8]) -> Option<ShortDecimal> {
    let (negative, body) = match value {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, value),
    };
    let mut mantissa = 0u64;
    let mut point = None;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' => mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0')),
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    let digits = body.len() - usize::from(point.is_some());
    let valid = match point {
        None => digits > 0,
        // A point needs a digit after it, and at most 64 follow a whole part.
        Some(p) => p + 1 < body.len() && (p == 0 || body.len() - p - 1 <= 64),
    };
    if !valid || digits > 18 {
        return None;
    }
    // A point first has at most 18 digits after it, else at most 64: both fit a byte.
    Some(ShortDecimal {
        negative,
        magnitude: mantissa,
        scale: point.map_or(0, |p| body.len() - p - 1) as u8,
        digits: digits as u8,
    })
}

/// [`decimal`] for any value: the errors, and values of more than 18 digits.
#[cold]
fn decimal_in_full(value: &[u8]) -> Result<Decimal, DecimalError> {
    if value.is_empty() {
        return Err(DecimalError::Empty);
    }
    if !is_decimal_text(value) {
        let forbidden = value.iter().any(|b| matches!(b, b'+' | b'e' | b'E' | b','));
        return Err(if forbidden {
            DecimalError::ForbiddenNotation
        } else if value.ends_with(b".") {
            DecimalError::BarePoint
        } else {
            DecimalError::NotANumber
        });
    }
    let negative = value[0] == b'-';
    let body = if negative { &value[1..] } else { value };
    // The text is valid: digits with at most one point.
    let point = body.iter().position(|&b| b == b'.');
    let digits = body.len() - usize::from(point.is_some());
    let scale = point.map_or(0, |p| body.len() - p - 1) as u32;
    let decimal_digits = body.iter().filter(|&&b| b != b'.').map(|&b| b - b'0');
    // Up to 18 digits fit a u64, which is much cheaper than i128 arithmetic; longer values
    // saturate rather than overflow: such a value fails the length checks anyway.
    let mantissa = if digits <= 18 {
        i128::from(decimal_digits.fold(0u64, |m, d| m * 10 + u64::from(d)))
    } else {
        decimal_digits.fold(0i128, |m, d| {
            m.saturating_mul(10).saturating_add(i128::from(d))
        })
    };
    Ok(Decimal {
        mantissa: if negative { -mantissa } else { mantissa },
        scale,
        digits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// The one-pass reading gives what the reading in full gives, for any text made of
        /// the bytes that matter to it.
        #[test]
        fn decimal_reads_as_in_full(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::prelude::Just(b'5'),
                    4 => proptest::prelude::Just(b'0'),
                    2 => proptest::prelude::Just(b'.'),
                    2 => proptest::prelude::Just(b'-'),
                    1 => proptest::prelude::Just(b'9'),
                    1 => proptest::prelude::Just(b'+'),
                    1 => proptest::prelude::Just(b'e'),
                    1 => proptest::prelude::Just(b','),
                    1 => proptest::prelude::Just(b' '),
                ],
                0..80,
            )
        ) {
            proptest::prop_assert_eq!(decimal(&bytes), decimal_in_full(&bytes));
        }
    }

    #[test]
    fn decimal_lengths_at_the_edges() {
        for text in [
            "999999999999999999",
            "9999999999999999999",
            "-99999999999999999.9",
            "-999999999999999999.9",
            ".5",
            "-.5",
            "-",
            "-.",
            ".",
            "5.",
            "0.0000000000000000000000000000000000000000000000000000000000000001",
            "1.0000000000000000000000000000000000000000000000000000000000000001",
        ] {
            assert_eq!(
                decimal(text.as_bytes()),
                decimal_in_full(text.as_bytes()),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// The date read as one word is the date read pair by pair, for any eight bytes
        /// (mostly digits, and the bytes next to `0` and `9`).
        #[test]
        fn date8_reads_as_by_pairs(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    12 => b'0'..=b'9',
                    1 => proptest::prelude::Just(b'/'),
                    1 => proptest::prelude::Just(b':'),
                    1 => proptest::prelude::Just(b'-'),
                    1 => proptest::prelude::any::<u8>(),
                ],
                7..=9,
            )
        ) {
            proptest::prop_assert_eq!(date8(&bytes), date8_by_pairs(&bytes));
        }
    }

    #[test]
    fn every_date_of_four_centuries_reads_as_by_pairs() {
        for y in 1790..=2210u32 {
            for m in 0..=13u32 {
                for d in 0..=32u32 {
                    let text = format!("{y:04}{m:02}{d:02}");
                    assert_eq!(
                        date8(text.as_bytes()),
                        date8_by_pairs(text.as_bytes()),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date8(b"20240229"), Some(Date(20240229)));
        assert_eq!(date8(b"20230229"), None);
        assert_eq!(date8(b"20000229"), Some(Date(20000229)));
        assert_eq!(date8(b"19000229"), None);
        assert_eq!(date8(b"20241301"), None);
        assert_eq!(date8(b"2024011"), None);
        assert_eq!(date8(b"17991231"), None);
        assert_eq!(date8(b"2024-01-01"), None);
        assert_eq!(date6(b"240115"), Some(Date(20240115)));
        assert_eq!(date6(b"241315"), None);
        assert_eq!(
            date_range(b"20250601-20250708"),
            Some((Date(20250601), Date(20250708)))
        );
        assert_eq!(date_range(b"20250601"), None);
        assert_eq!(Date(20240305).to_string(), "2024-03-05");
    }

    #[test]
    fn times() {
        for ok in [&b"0000"[..], b"2359", b"235959", b"2359591", b"23595912"] {
            assert!(time(ok), "{ok:?}");
        }
        for bad in [
            &b"2400"[..],
            b"1260",
            b"123",
            b"12345",
            b"123460",
            b"235959123",
            b"12:00",
        ] {
            assert!(!time(bad), "{bad:?}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(integer(b"42"), Some(42));
        assert_eq!(integer(b"-7"), Some(-7));
        assert_eq!(integer(b"4.0"), None);
        assert_eq!(integer(b""), None);
        assert_eq!(integer(b"+4"), None);
        assert_eq!(integer(b"-"), None);
        assert_eq!(integer(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(integer(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(integer(b"9223372036854775808"), None);
    }

    #[test]
    fn decimals_are_exact() {
        let d = decimal(b"103.37").unwrap();
        assert_eq!((d.mantissa, d.scale), (10337, 2));
        let long = decimal(b"-123456789012345678.5").unwrap();
        assert_eq!(
            (long.mantissa, long.scale, long.digits),
            (-1234567890123456785, 1, 19)
        );
        // X12 writes no decimal point without a fraction.
        assert_eq!(decimal(b"5."), Err(DecimalError::BarePoint));
        assert_eq!(decimal(b"."), Err(DecimalError::BarePoint));
        assert_eq!(d.cents(), Some(10337));
        assert_eq!(d.digits, 5);
        assert_eq!(decimal(b"50").unwrap().cents(), Some(5000));
        assert_eq!(decimal(b"-0.5").unwrap().cents(), Some(-50));
        assert_eq!(decimal(b".5").unwrap().cents(), Some(50));
        assert_eq!(decimal(b"10.500").unwrap().cents(), Some(1050));
        assert_eq!(decimal(b"10.555").unwrap().cents(), None);
        // Dozens of digits saturate the mantissa: no amount, and no overflow.
        let huge = "6".repeat(40);
        assert_eq!(decimal(huge.as_bytes()).unwrap().cents(), None);
        assert_eq!(
            decimal(format!("-{huge}").as_bytes()).unwrap().cents(),
            None
        );
        assert_eq!(
            decimal(format!("{huge}.5").as_bytes()).unwrap().cents(),
            None
        );
        let max = format!("1{}", "0".repeat(28));
        assert_eq!(decimal(max.as_bytes()).unwrap().cents(), Some(MAX_CENTS));
        // The amounts worked out in an `i64` are those worked out in full, at the edge
        // of what it holds too.
        let edge = (i64::MAX / 100) as i128;
        for mantissa in [
            0,
            1,
            -1,
            5,
            10337,
            edge - 1,
            edge,
            edge + 1,
            -edge,
            -edge - 1,
        ] {
            for scale in 0..5 {
                let d = Decimal {
                    mantissa,
                    scale,
                    digits: 1,
                };
                assert_eq!(d.cents(), d.cents_in_full(), "{mantissa} {scale}");
            }
        }
        let over = format!("1{}1", "0".repeat(27));
        assert_eq!(decimal(over.as_bytes()).unwrap().cents(), None);
        assert_eq!(decimal(b"1e3"), Err(DecimalError::ForbiddenNotation));
        assert_eq!(decimal(b"+5"), Err(DecimalError::ForbiddenNotation));
        assert_eq!(decimal(b"1,000"), Err(DecimalError::ForbiddenNotation));
        assert_eq!(decimal(b"12a"), Err(DecimalError::NotANumber));
        assert_eq!(decimal(b"1.2.3"), Err(DecimalError::NotANumber));
        assert_eq!(decimal(b"-"), Err(DecimalError::NotANumber));
        assert_eq!(decimal(b""), Err(DecimalError::Empty));
        assert!(decimal(&[b'9'; 100]).is_ok());
    }
}
