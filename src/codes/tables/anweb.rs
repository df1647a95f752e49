//! Parser for the CMS Alpha-Numeric HCPCS file (`HCPC<year>_<MON>_ANWEB*.txt`).
//!
//! This is the only ANWEB parser: the run-time loader (`HcpcsTable::parse`) and the generator
//! of the embedded tables (`tests/codegen/generate.rs`, which includes this file by path) both
//! use it, so it must stay self-contained (std only, no `crate::` paths).
//!
//! Layout (1-based, inclusive columns, from CMS's record layout): 1-5 code (modifiers: three
//! blanks and the 2-character modifier), 6-10 sequence number, 11 record identification code
//! (RIC: 3 procedure, 4 procedure continuation, 7 modifier, 8 modifier continuation), 12-91 long
//! description, 92-119 short description, 269-276 ADD_DT, 277-284 action effective date,
//! 285-292 TERM_DT, 293 action code.

use std::fmt;

/// A table file could not be read. `line` is 1-based; 0 means the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// 1-based line of the offending input, or 0.
    pub line: usize,
    /// What is wrong, for a person to read; never quotes the file.
    pub message: String,
    /// The offending text, quoted, when there is one. Kept apart so a message about a
    /// file that was never a table (`/etc/passwd` given as a CPT list) can be shown
    /// without its content: see [`TableError::without_content`].
    pub found: Option<String>,
}

impl TableError {
    /// An error at `line` (1-based; 0 for the whole file).
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        TableError {
            line,
            message: message.into(),
            found: None,
        }
    }

    /// The same error, quoting the offending text.
    pub fn found(mut self, text: impl Into<String>) -> Self {
        self.found = Some(text.into());
        self
    }

    /// The line and what is wrong, without quoting the file.
    pub fn without_content(&self) -> String {
        if self.line == 0 {
            self.message.clone()
        } else {
            format!("line {}: {}", self.line, self.message)
        }
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.without_content())?;
        if let Some(found) = &self.found {
            write!(f, ", found {found}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TableError {}

/// Which kind of first-line record a code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// RIC 3: a HCPCS Level II procedure code.
    Procedure,
    /// RIC 7: a HCPCS Level II modifier.
    Modifier,
}

/// One code (first-line record) of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnwebRecord {
    pub kind: RecordKind,
    /// `A0021`, or the 2-character modifier without its leading blanks.
    pub code: String,
    /// 1-based line of the first-line record.
    pub line: usize,
    /// Columns 92-119, trimmed.
    pub short_description: String,
    pub add_date: u32,
    pub action_effective_date: Option<u32>,
    pub term_date: Option<u32>,
    /// Payment attributes (see `format::ATTRIBUTES_WIDTH`): pricing indicators, coverage
    /// code, ASC payment group, BETOS and type of service, as printable ASCII; blank for
    /// modifiers.
    pub attributes: String,
}

/// The attribute columns of a procedure record (1-based, inclusive), in stored order.
const ATTRIBUTE_COLUMNS: [(usize, usize); 5] =
    [(120, 127), (230, 230), (231, 232), (257, 259), (261, 265)];

/// The payment attributes of a first-line procedure record, blank-padded where the line is
/// short; any byte that is not printable ASCII becomes a blank.
fn attributes(line: &[u8]) -> String {
    let mut out = String::with_capacity(19);
    for (from, to) in ATTRIBUTE_COLUMNS {
        let field = cols(line, from, to);
        for i in 0..=(to - from) {
            let b = field.get(i).copied().unwrap_or(b' ');
            out.push(if b.is_ascii_graphic() {
                char::from(b)
            } else {
                ' '
            });
        }
    }
    out
}

/// The codes of one file, each list sorted by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anweb {
    pub procedures: Vec<AnwebRecord>,
    pub modifiers: Vec<AnwebRecord>,
}

/// Validates a `YYYYMMDD` calendar date.
pub fn parse_date(field: &[u8]) -> Option<u32> {
    if field.len() != 8 || !field.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = field
        .iter()
        .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
    let (year, month, day) = (value / 10_000, value / 100 % 100, value % 100);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1 && (1..=days).contains(&day)).then_some(value)
}

/// Decodes Windows-1252, the encoding CMS documents for the file (its printable range is a
/// superset of latin-1). Bytes 0x80-0x9F that Windows-1252 leaves undefined map to the C1
/// control of the same value, as latin-1 would.
pub fn decode_cp1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Release label and first date of the quarter from a CMS file name such as
/// `HCPC2026_JAN_ANWEB_01122026.txt` → (`"HCPCS 2026-01"`, 20260101). Annual files without a
/// month (`HCPC2020_ANWEB_w_disclaimer.txt`) are the January release.
pub fn release_from_file_name(name: &str) -> Option<(String, u32)> {
    let upper = name.to_ascii_uppercase();
    let at = upper.find("HCPC")?;
    let rest = upper.get(at + 4..)?;
    let year: u32 = rest
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()?;
    let month = rest
        .get(4..)
        .and_then(|r| r.strip_prefix('_'))
        .and_then(|r| r.get(..3))
        .and_then(month_number)
        .unwrap_or(1);
    Some((
        format!("HCPCS {year:04}-{month:02}"),
        year * 10_000 + month * 100 + 1,
    ))
}

/// `JAN` → 1 … `DEC` → 12 (ASCII case-insensitive, first three letters).
pub fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let prefix = name.get(..3)?;
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(prefix))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Bytes of 1-based inclusive columns `from..=to`; columns past the end of a line come back
/// missing, and callers treat missing as blank, so lines whose trailing blanks were stripped
/// still parse.
fn cols(line: &[u8], from: usize, to: usize) -> &[u8] {
    let end = to.min(line.len());
    line.get(from - 1..end).unwrap_or(&[])
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b == b' ')
}

fn is_procedure_code(code: &[u8]) -> bool {
    code.len() == 5 && code[0].is_ascii_uppercase() && code[1..].iter().all(u8::is_ascii_digit)
}

fn is_modifier_field(code: &[u8]) -> bool {
    code.len() == 5
        && is_blank(&code[..3])
        && code[3..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn sequence(line: &[u8]) -> Option<u32> {
    let seq = cols(line, 6, 10);
    if seq.len() != 5 || !seq.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(seq).ok()?.parse().ok()
}

fn show(bytes: &[u8]) -> String {
    format!("{:?}", decode_cp1252(bytes))
}

fn date_field(
    line: &[u8],
    line_no: usize,
    from: usize,
    name: &str,
    required: bool,
) -> Result<Option<u32>, TableError> {
    let field = cols(line, from, from + 7);
    if is_blank(field) && !required {
        return Ok(None);
    }
    parse_date(field).map(Some).ok_or_else(|| {
        TableError::new(
            line_no,
            format!(
                "{name} (columns {from}-{}) must be a YYYYMMDD date",
                from + 7
            ),
        )
        .found(show(field))
    })
}

/// Parses a whole ANWEB file.
///
/// Tolerates what real files contain: CRLF or LF line ends, lines longer than 320 columns
/// (the January 2026 `G9871` record has 546), lines shorter than 320 (continuation records,
/// stripped trailing blanks), blank lines (the trailer line of spaces) and a free-text
/// preamble before the first record (the 2020 file opens with a disclaimer). Anything else
/// that is not a well-formed record is an error naming its line, because a misaligned column
/// would otherwise turn into wrong dates silently.
pub fn parse(bytes: &[u8]) -> Result<Anweb, TableError> {
    let mut out = Anweb::default();
    // (kind, code columns 1-5, sequence number) of the record a continuation must follow.
    let mut current: Option<(RecordKind, [u8; 5], u32)> = None;
    let mut seen_record = false;

    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.iter().all(|&b| b == b' ' || b == b'\t') {
            continue;
        }
        let code_field = cols(line, 1, 5);
        let ric = cols(line, 11, 11).first().copied();
        let seq = sequence(line);
        let shaped = matches!(ric, Some(b'3' | b'4' | b'7' | b'8')) && seq.is_some();
        if !shaped {
            let looks_like_code = is_procedure_code(code_field) || is_modifier_field(code_field);
            if !seen_record && !looks_like_code {
                continue;
            }
            return Err(TableError::new(
                line_no,
                "not an ANWEB record: expected a 5-digit sequence number in columns 6-10 and \
                 record identification code 3, 4, 7 or 8 in column 11",
            ));
        }
        seen_record = true;
        let (Some(ric), Some(seq)) = (ric, seq) else {
            continue;
        };
        let kind = if matches!(ric, b'3' | b'4') {
            RecordKind::Procedure
        } else {
            RecordKind::Modifier
        };
        let mut code5 = [b' '; 5];
        code5[..code_field.len()].copy_from_slice(code_field);

        if matches!(ric, b'4' | b'8') {
            match current {
                Some((k, c, s)) if k == kind && c == code5 && seq > s => {
                    current = Some((k, c, seq));
                }
                _ => {
                    return Err(TableError::new(
                        line_no,
                        format!(
                            "continuation record (RIC {}) does not follow a record of the \
                             same code with a lower sequence number",
                            char::from(ric)
                        ),
                    )
                    .found(show(code_field)));
                }
            }
            continue;
        }

        let code = match kind {
            RecordKind::Procedure if is_procedure_code(code_field) => code_field,
            RecordKind::Modifier if is_modifier_field(code_field) => &code_field[3..],
            RecordKind::Procedure => {
                return Err(TableError::new(
                    line_no,
                    "procedure code (columns 1-5) must be a capital letter and four digits",
                )
                .found(show(code_field)));
            }
            RecordKind::Modifier => {
                return Err(TableError::new(
                    line_no,
                    "modifier (columns 1-5) must be three blanks and two capital letters or \
                     digits",
                )
                .found(show(code_field)));
            }
        };
        let add_date = date_field(line, line_no, 269, "ADD_DT", true)?.unwrap_or(0);
        let action_effective_date = date_field(line, line_no, 277, "action effective date", false)?;
        let term_date = date_field(line, line_no, 285, "TERM_DT", false)?;
        let record = AnwebRecord {
            kind,
            code: decode_cp1252(code),
            line: line_no,
            short_description: decode_cp1252(cols(line, 92, 119)).trim().to_string(),
            add_date,
            action_effective_date,
            term_date,
            attributes: match kind {
                RecordKind::Procedure => attributes(line),
                RecordKind::Modifier => String::new(),
            },
        };
        match kind {
            RecordKind::Procedure => out.procedures.push(record),
            RecordKind::Modifier => out.modifiers.push(record),
        }
        current = Some((kind, code5, seq));
    }

    if out.procedures.is_empty() && out.modifiers.is_empty() {
        return Err(TableError::new(0, "no HCPCS records found"));
    }
    for list in [&mut out.procedures, &mut out.modifiers] {
        // Sorting by line too makes the duplicate reported the later one in the file.
        list.sort_by(|a, b| a.code.cmp(&b.code).then(a.line.cmp(&b.line)));
        if let Some(pair) = list.windows(2).find(|p| p[0].code == p[1].code) {
            return Err(TableError::new(
                pair[1].line,
                format!("a code appears again (first on line {})", pair[0].line),
            )
            .found(pair[1].code.clone()));
        }
    }
    Ok(out)
}

/// The fixed-width records the tables store for a parsed list: code, ADD_DT, TERM_DT, the
/// payment attributes and the short description, padded to the longest description. Returns the records and that
/// width. The library builds a user's quarter with it and the generator the embedded one,
/// so both always agree on the layout.
pub fn records(list: &[AnwebRecord], code_width: usize) -> (String, usize) {
    let desc_width = list
        .iter()
        .map(|r| r.short_description.len())
        .max()
        .unwrap_or(0);
    let width = super::format::hcpcs_record_width(code_width, desc_width);
    let mut data = String::with_capacity(list.len() * width);
    for r in list {
        let fields = super::format::HcpcsFields {
            code: &r.code,
            add_date: r.add_date,
            term_date: r.term_date,
            attributes: &r.attributes,
            short_description: &r.short_description,
        };
        super::format::push_hcpcs_record(&mut data, &fields, code_width, desc_width);
    }
    (data, desc_width)
}
