//! A CPT code list the user holds a licence for (claimlint ships none).

use super::*;

/// One code of a user-supplied CPT list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CptEntry<'a> {
    /// The code as listed (`99213`, `0042T`, `25`).
    pub code: &'a str,
    /// First valid date of service (YYYYMMDD), when the list gives one.
    pub add_date: Option<u32>,
    /// Last valid date of service (YYYYMMDD), when the list gives one.
    pub term_date: Option<u32>,
}

impl CptEntry<'_> {
    /// Whether the code is valid for a date of service (YYYYMMDD); a missing date does not
    /// limit it.
    pub fn active_on(&self, date: u32) -> bool {
        self.add_date.is_none_or(|add| add <= date) && self.term_date.is_none_or(|t| date <= t)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CptRecord {
    code: [u8; 5],
    len: u8,
    add_date: Option<u32>,
    term_date: Option<u32>,
}

impl CptRecord {
    fn code(&self) -> &[u8] {
        self.code.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

fn trim_spaces(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |i| i + 1);
    bytes.get(start..end).unwrap_or(&[])
}

/// A CPT code list the user holds a licence for. claimlint ships none.
///
/// Format (UTF-8 or ASCII text), one code per line:
///
/// ```text
/// # comment lines and blank lines are ignored
/// 99213
/// 0042T<TAB>20050101<TAB>
/// 99201<TAB><TAB>20201231
/// 25
/// ```
///
/// A code is five characters, four digits then a digit or capital letter (Category I, and
/// II/III/PLA/MAAA codes ending in `F`, `T`, `U`, `M`, `A`), or a two-digit CPT modifier. It
/// may be followed by a tab and an add date, and another tab and a termination date, both
/// YYYYMMDD and either empty. Spaces around fields and a CR before the line end are ignored.
/// Any other line, or a code listed twice, is an error naming its 1-based line.
#[derive(Debug, Clone, Default)]
pub struct CptTable {
    records: Vec<CptRecord>,
}

impl CptTable {
    /// Reads a list in the format above.
    pub fn parse(bytes: &[u8]) -> Result<CptTable, TableError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut records: Vec<(CptRecord, usize)> = Vec::new();
        for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let line_no = index + 1;
            let line = trim_spaces(raw.strip_suffix(b"\r").unwrap_or(raw));
            if line.is_empty() || line.starts_with(b"#") {
                continue;
            }
            // Only spaces are trimmed: tabs separate fields, so `99213<TAB><TAB><TAB>` is a
            // line with one field too many rather than a bare code.
            let mut fields = line.split(|&b| b == b'\t').map(trim_spaces);
            let code = fields.next().unwrap_or(&[]);
            let add = fields.next().unwrap_or(&[]);
            let term = fields.next().unwrap_or(&[]);
            if fields.next().is_some() {
                return Err(TableError::new(
                    line_no,
                    "too many fields: expected code, add date, termination date",
                ));
            }
            let is_cpt = code.len() == 5
                && code[..4].iter().all(u8::is_ascii_digit)
                && (code[4].is_ascii_digit() || code[4].is_ascii_uppercase());
            let is_modifier = code.len() == 2 && code.iter().all(u8::is_ascii_digit);
            if !is_cpt && !is_modifier {
                return Err(TableError::new(
                    line_no,
                    "not a CPT code (four digits and a digit or capital letter) or a \
                     two-digit CPT modifier",
                )
                .found(format!("{:?}", String::from_utf8_lossy(code))));
            }
            let date = |field: &[u8], name: &str| -> Result<Option<u32>, TableError> {
                if field.is_empty() {
                    return Ok(None);
                }
                anweb::parse_date(field).map(Some).ok_or_else(|| {
                    TableError::new(line_no, format!("{name} is not a YYYYMMDD date"))
                        .found(format!("{:?}", String::from_utf8_lossy(field)))
                })
            };
            let add_date = date(add, "add date")?;
            let term_date = date(term, "termination date")?;
            if let (Some(a), Some(t)) = (add_date, term_date)
                && t < a
            {
                return Err(TableError::new(
                    line_no,
                    format!("termination date {t} is before add date {a}"),
                ));
            }
            let mut record = CptRecord {
                code: [0; 5],
                len: 0,
                add_date,
                term_date,
            };
            record.code[..code.len()].copy_from_slice(code);
            record.len = if is_cpt { 5 } else { 2 };
            records.push((record, line_no));
        }
        records.sort_by(|(a, la), (b, lb)| a.code().cmp(b.code()).then(la.cmp(lb)));
        if let Some(pair) = records.windows(2).find(|p| p[0].0.code() == p[1].0.code()) {
            return Err(TableError::new(
                pair[1].1,
                format!("a code is listed again (first on line {})", pair[0].1),
            )
            .found(String::from_utf8_lossy(pair[1].0.code()).into_owned()));
        }
        Ok(CptTable {
            records: records.into_iter().map(|(r, _)| r).collect(),
        })
    }

    /// The entry for a code, exactly as written in the claim.
    pub fn get(&self, code: &[u8]) -> Option<CptEntry<'_>> {
        let i = self.records.binary_search_by(|r| r.code().cmp(code)).ok()?;
        self.records.get(i).and_then(Self::entry)
    }

    fn entry(record: &CptRecord) -> Option<CptEntry<'_>> {
        Some(CptEntry {
            code: std::str::from_utf8(record.code()).ok()?,
            add_date: record.add_date,
            term_date: record.term_date,
        })
    }

    /// All codes in order.
    pub fn iter(&self) -> impl Iterator<Item = CptEntry<'_>> + '_ {
        self.records.iter().filter_map(Self::entry)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the list holds no code.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}
