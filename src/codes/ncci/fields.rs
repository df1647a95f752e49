//! Reading the fields of CMS's NCCI files: codes, dates in the styles CMS has used, and
//! delimited lines with or without quotes.

/// A 5-character HCPCS/CPT code (digits and capital letters) as an integer below 36^5, so a
/// pair of codes fits in one `u64` ([`pair_key`]).
pub fn code_key(code: &[u8]) -> Option<u32> {
    if code.len() != 5 {
        return None;
    }
    let mut key = 0u32;
    for &b in code {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'A'..=b'Z' => b - b'A' + 10,
            _ => return None,
        };
        key = key * 36 + u32::from(digit);
    }
    Some(key)
}

/// The code a [`code_key`] was made from.
pub fn key_code(mut key: u32) -> String {
    let mut bytes = [b'0'; 5];
    for b in bytes.iter_mut().rev() {
        let digit = (key % 36) as u8;
        *b = if digit < 10 {
            b'0' + digit
        } else {
            b'A' + digit - 10
        };
        key /= 36;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Column-one and column-two keys as one integer (each key has 26 bits).
pub fn pair_key(column1: u32, column2: u32) -> u64 {
    u64::from(column1) << 26 | u64::from(column2)
}

/// "No deletion date": the edit is in force on every date from its effective date.
pub const OPEN: u32 = u32::MAX;

/// A field that is none of the date styles [`date`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotADate;

/// A date as CMS writes it, as YYYYMMDD: `20240101` (PTP files), `2024001` (the Julian
/// YYYYDDD of the add-on file), `1/1/2024` or `01/01/2024` (files saved from the Excel
/// versions) or `2024-01-01`. `Ok(None)` for an empty field or `*` (no date); a year 9999
/// is no date either.
pub fn date(field: &[u8]) -> Result<Option<u32>, NotADate> {
    let f = unquote(field);
    if f.is_empty() || f == b"*" {
        return Ok(None);
    }
    let digits = |s: &[u8]| -> Option<u32> {
        if s.is_empty() || s.len() > 8 || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(s.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0')))
    };
    let (year, month, day) = if f.contains(&b'/') {
        let mut parts = f.split(|&b| b == b'/');
        let (Some(m), Some(d), Some(y), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(NotADate);
        };
        if y.len() != 4 || m.len() > 2 || d.len() > 2 {
            return Err(NotADate);
        }
        (
            digits(y).ok_or(NotADate)?,
            digits(m).ok_or(NotADate)?,
            digits(d).ok_or(NotADate)?,
        )
    } else if f.len() == 10 && f[4] == b'-' && f[7] == b'-' {
        (
            digits(&f[..4]).ok_or(NotADate)?,
            digits(&f[5..7]).ok_or(NotADate)?,
            digits(&f[8..]).ok_or(NotADate)?,
        )
    } else if f.len() == 8 {
        let n = digits(f).ok_or(NotADate)?;
        (n / 10_000, n / 100 % 100, n % 100)
    } else if f.len() == 7 {
        let n = digits(f).ok_or(NotADate)?;
        let (year, ordinal) = (n / 1000, n % 1000);
        if year == 9999 {
            return Ok(None);
        }
        return julian(year, ordinal).map(Some).ok_or(NotADate);
    } else {
        return Err(NotADate);
    };
    if year == 9999 {
        return Ok(None);
    }
    if !(1900..9999).contains(&year) || !(1..=12).contains(&month) {
        return Err(NotADate);
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(NotADate);
    }
    Ok(Some(year * 10_000 + month * 100 + day))
}

fn leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Day `ordinal` (1-based) of `year` as YYYYMMDD.
fn julian(year: u32, mut ordinal: u32) -> Option<u32> {
    if !(1900..9999).contains(&year) || ordinal == 0 {
        return None;
    }
    for month in 1..=12 {
        let days = days_in_month(year, month);
        if ordinal <= days {
            return Some(year * 10_000 + month * 100 + ordinal);
        }
        ordinal -= days;
    }
    None
}

/// A field without surrounding spaces and double quotes.
pub fn unquote(field: &[u8]) -> &[u8] {
    let f = field.trim_ascii();
    match f {
        [b'"', inner @ .., b'"'] => inner.trim_ascii(),
        _ => f,
    }
}

/// Splits one line at `delimiter` into `out` (emptied first). A field that starts with a
/// double quote runs to its closing quote, so a quoted field may hold the delimiter; the
/// quotes stay on the field (see [`unquote`]).
pub fn split<'l>(line: &'l [u8], delimiter: u8, out: &mut Vec<&'l [u8]>) {
    out.clear();
    let mut rest = line;
    loop {
        let start = rest
            .iter()
            .position(|b| !matches!(b, b' '))
            .unwrap_or(rest.len());
        let end = if rest.get(start) == Some(&b'"') {
            // The closing quote is one not followed by another (`""` is a quote inside).
            let mut i = start + 1;
            loop {
                match memchr::memchr(b'"', &rest[i..]) {
                    Some(q) if rest.get(i + q + 1) == Some(&b'"') => i += q + 2,
                    Some(q) => {
                        i += q + 1;
                        break;
                    }
                    None => {
                        i = rest.len();
                        break;
                    }
                }
            }
            memchr::memchr(delimiter, &rest[i..]).map_or(rest.len(), |d| i + d)
        } else {
            memchr::memchr(delimiter, rest).unwrap_or(rest.len())
        };
        out.push(&rest[..end]);
        if end >= rest.len() {
            return;
        }
        rest = &rest[end + 1..];
    }
}

/// A header cell reduced to lowercase letters and digits (`"HCPCS/\nCPT Code"` →
/// `hcpcscptcode`), so headers match however CMS wraps or punctuates them.
pub fn squeeze(field: &[u8]) -> String {
    field
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

/// A field for an error message: at most 24 characters of it, lossy UTF-8.
pub fn shown(field: &[u8]) -> String {
    let f = unquote(field);
    let text = String::from_utf8_lossy(&f[..f.len().min(24)]).into_owned();
    if f.len() > 24 {
        format!("{text}…")
    } else {
        text
    }
}

/// Line numbers of byte offsets met in increasing order (the csv crate's own line count
/// is off for CRLF files, which CMS publishes).
pub struct Lines<'b> {
    bytes: &'b [u8],
    offset: usize,
    line: u64,
}

impl<'b> Lines<'b> {
    pub fn new(bytes: &'b [u8]) -> Self {
        Lines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte `offset` (not before the last one asked about).
    pub fn at(&mut self, offset: u64) -> u64 {
        let mut offset = offset as usize;
        // After a CRLF record, csv reports the position of the LF.
        if self.bytes.get(offset) == Some(&b'\n') {
            offset += 1;
        }
        let offset = offset.clamp(self.offset, self.bytes.len());
        self.line += memchr::memchr_iter(b'\n', &self.bytes[self.offset..offset]).count() as u64;
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_order_pairs() {
        for code in ["00100", "0591T", "J1885", "ZZZZZ", "99213"] {
            let key = code_key(code.as_bytes()).unwrap();
            assert!(key < 36u32.pow(5));
            assert_eq!(key_code(key), code);
        }
        assert_eq!(code_key(b"j1885"), None);
        assert_eq!(code_key(b"9921"), None);
        assert_eq!(code_key(b"99213 "), None);
        let (a, b) = (code_key(b"11111").unwrap(), code_key(b"22222").unwrap());
        assert_ne!(pair_key(a, b), pair_key(b, a));
    }

    #[test]
    fn every_date_style() {
        assert_eq!(date(b"20240101"), Ok(Some(20240101)));
        assert_eq!(date(b"\"20231231\""), Ok(Some(20231231)));
        assert_eq!(date(b"1/1/2024"), Ok(Some(20240101)));
        assert_eq!(date(b"12/31/2023"), Ok(Some(20231231)));
        assert_eq!(date(b"2024-02-29"), Ok(Some(20240229)));
        assert_eq!(date(b"2024001"), Ok(Some(20240101)));
        assert_eq!(date(b"2024060"), Ok(Some(20240229)));
        assert_eq!(date(b"2023365"), Ok(Some(20231231)));
        assert_eq!(date(b"*"), Ok(None));
        assert_eq!(date(b" "), Ok(None));
        assert_eq!(date(b"99991231"), Ok(None));
        assert_eq!(date(b"9999999"), Ok(None));
        assert_eq!(date(b"20230229"), Err(NotADate));
        assert_eq!(date(b"2023366"), Err(NotADate));
        assert_eq!(date(b"13/01/2024"), Err(NotADate));
        assert_eq!(date(b"2024010"), Ok(Some(20240110)));
        assert_eq!(date(b"202401"), Err(NotADate));
        assert_eq!(date(b"Jan 2024"), Err(NotADate));
    }

    #[test]
    fn quoted_fields_keep_their_delimiters() {
        let mut out = Vec::new();
        split(b"11111\t22222\t\t20240101\t*\t1\tMisuse", b'\t', &mut out);
        assert_eq!(out.len(), 7);
        assert_eq!(out[2], b"");
        split(
            b"0001U,1,\"2 Date of Service Edit: Policy\",\"A, \"\"B\"\"\"",
            b',',
            &mut out,
        );
        assert_eq!(out.len(), 4);
        assert_eq!(unquote(out[2]), b"2 Date of Service Edit: Policy");
        assert_eq!(unquote(out[3]), b"A, \"\"B\"\"");
        assert_eq!(squeeze(b"\"HCPCS/\nCPT Code\""), "hcpcscptcode");
        assert_eq!(
            shown(b"\"a very long field that goes on and on\""),
            "a very long field that g…"
        );
    }
}
