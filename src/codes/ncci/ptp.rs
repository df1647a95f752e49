//! NCCI procedure-to-procedure (PTP) edits: the practitioner files `ccipra-v<version>-f<n>.txt`.
//!
//! Layout (tab-delimited text, one edit per line, as CMS publishes it): a few lines of AMA
//! copyright notice, a header line starting `Column 1`, `Column 2` (possibly wrapped over
//! more lines whose first two fields are empty), then seven fields per edit:
//!
//! 1. column-one code; 2. column-two code; 3. `*` when the edit existed before 1996;
//! 4. effective date `YYYYMMDD`; 5. deletion date `YYYYMMDD`, or `*` when none;
//! 6. modifier indicator `0` (no modifier allows the pair), `1` (an NCCI-associated
//!    modifier allows it), `9` (not applicable: an edit deleted on the day it took effect);
//! 7. rationale.
//!
//! A pair may appear more than once with different dates (an edit deleted, then added
//! again), so a pair keys a short chain of edits. A deletion date is the last day the edit
//! is in force: CMS writes the last day of a quarter (`20231231`) for an edit that stops
//! with the next quarter.

use super::fields::{self, OPEN, code_key, pair_key, split, unquote};
use super::{Interner, PackError};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// What the modifier indicator allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    /// `0`: no modifier allows the pair.
    NotAllowed,
    /// `1`: an NCCI-associated modifier on either line allows it.
    Allowed,
    /// `9`: not applicable; the edit never applies.
    NotApplicable,
}

impl Indicator {
    pub fn digit(self) -> char {
        match self {
            Indicator::NotAllowed => '0',
            Indicator::Allowed => '1',
            Indicator::NotApplicable => '9',
        }
    }
}

/// One line of a PTP file.
#[derive(Debug, Clone, Copy)]
pub struct PtpEdit {
    /// [`code_key`] of the column-one code.
    pub column1: u32,
    /// [`code_key`] of the column-two code.
    pub column2: u32,
    /// YYYYMMDD.
    pub effective: u32,
    /// YYYYMMDD, the last day in force; [`OPEN`] when there is none.
    pub deletion: u32,
    pub indicator: Indicator,
    pub before_1996: bool,
    rationale: u16,
    /// Index of the next edit of the same pair, or `u32::MAX`.
    next: u32,
}

impl PtpEdit {
    /// Whether the edit applies to a date of service (YYYYMMDD).
    pub fn in_force(&self, date: u32) -> bool {
        self.indicator != Indicator::NotApplicable
            && self.effective <= date
            && date <= self.deletion
    }
}

/// A hasher for the packed code pairs: one multiply, folded so the low bits (the bucket)
/// and the high bits (the tag) both depend on every input bit.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let product = u128::from(n ^ self.0) * 0x9E37_79B9_7F4A_7C15;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// Every PTP edit of the loaded files, looked up by pair in O(1).
#[derive(Debug, Default)]
pub struct PtpTable {
    edits: Vec<PtpEdit>,
    /// Pair → index of its first edit in `edits`.
    index: KeyMap<u64, u32>,
    rationales: Vec<Box<str>>,
}

/// The rows of one file, before they are merged.
pub(super) struct Parsed {
    rows: Vec<PtpEdit>,
    rationales: Vec<Box<str>>,
}

impl PtpTable {
    /// Merges the files parsed by [`parse`], in order.
    pub(super) fn build(files: Vec<Parsed>) -> Result<PtpTable, PackError> {
        let total: usize = files.iter().map(|f| f.rows.len()).sum();
        let mut table = PtpTable {
            edits: Vec::with_capacity(total),
            index: KeyMap::with_capacity_and_hasher(total, Default::default()),
            rationales: Vec::new(),
        };
        let mut interner = Interner::default();
        for file in files {
            let remap: Vec<u16> = file
                .rationales
                .iter()
                .map(|r| interner.intern(r.as_bytes()))
                .collect();
            for mut edit in file.rows {
                edit.rationale = remap[usize::from(edit.rationale)];
                let at = table.edits.len() as u32;
                let key = pair_key(edit.column1, edit.column2);
                match table.index.entry(key) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(at);
                    }
                    std::collections::hash_map::Entry::Occupied(o) => {
                        let mut last = *o.get() as usize;
                        while table.edits[last].next != u32::MAX {
                            last = table.edits[last].next as usize;
                        }
                        table.edits[last].next = at;
                    }
                }
                table.edits.push(edit);
            }
        }
        table.rationales = interner.into_strings();
        Ok(table)
    }

    /// Number of edit lines loaded.
    pub fn len(&self) -> usize {
        self.edits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Number of distinct code pairs.
    pub fn pairs(&self) -> usize {
        self.index.len()
    }

    /// Every edit of the pair (column one, column two), in file order.
    pub fn edits(&self, column1: u32, column2: u32) -> impl Iterator<Item = &PtpEdit> {
        let mut at = self
            .index
            .get(&pair_key(column1, column2))
            .copied()
            .unwrap_or(u32::MAX);
        std::iter::from_fn(move || {
            let edit = self.edits.get(at as usize)?;
            at = edit.next;
            Some(edit)
        })
    }

    /// The edit of the pair in force on `date` (YYYYMMDD); when two are, the stricter one
    /// (indicator 0 over 1).
    pub fn in_force(&self, column1: u32, column2: u32, date: u32) -> Option<&PtpEdit> {
        let mut found: Option<&PtpEdit> = None;
        for edit in self.edits(column1, column2).filter(|e| e.in_force(date)) {
            if found.is_none_or(|f| f.indicator == Indicator::Allowed) {
                found = Some(edit);
            }
        }
        found
    }

    /// Every edit naming `code` in either column, for `claimlint lookup` (a scan).
    pub fn of_code(&self, code: u32) -> Vec<&PtpEdit> {
        self.edits
            .iter()
            .filter(|e| e.column1 == code || e.column2 == code)
            .collect()
    }

    pub fn rationale(&self, edit: &PtpEdit) -> &str {
        self.rationales
            .get(usize::from(edit.rationale))
            .map_or("", |r| r)
    }
}

/// Reads one PTP file. `name` is for messages.
pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Parsed, PackError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rows = Vec::with_capacity(bytes.len() / 64);
    let mut interner = Interner::default();
    let mut fields: Vec<&[u8]> = Vec::with_capacity(8);
    let mut delimiter = None;
    let mut line_no = 0u64;
    let error = |line: u64, message: String| PackError::at(name, line, message);
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    while start <= bytes.len() {
        let end = ends.next().unwrap_or(bytes.len());
        let raw = &bytes[start..end];
        start = end + 1;
        line_no += 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let Some(delimiter) = delimiter else {
            delimiter = header_delimiter(line);
            continue;
        };
        split(line, delimiter, &mut fields);
        // Blank lines, and the wrapped rest of the header ("0=not allowed" under the
        // modifier column), have nothing in the code columns.
        if fields.len() < 2 || (unquote(fields[0]).is_empty() && unquote(fields[1]).is_empty()) {
            continue;
        }
        if fields.len() < 6 {
            return Err(error(
                line_no,
                format!(
                    "{} fields where a PTP edit has 7 (column 1, column 2, before-1996 mark, effective date, deletion date, modifier indicator, rationale)",
                    fields.len()
                ),
            ));
        }
        let code = |i: usize, what: &str| {
            code_key(unquote(fields[i])).ok_or_else(|| {
                error(
                    line_no,
                    format!(
                        "{what} `{}` is not a 5-character HCPCS/CPT code",
                        fields::shown(fields[i])
                    ),
                )
            })
        };
        let column1 = code(0, "column 1")?;
        let column2 = code(1, "column 2")?;
        let date = |i: usize, what: &str| {
            fields::date(fields[i]).map_err(|_| {
                error(
                    line_no,
                    format!(
                        "{what} `{}` is not a date (YYYYMMDD or MM/DD/YYYY)",
                        fields::shown(fields[i])
                    ),
                )
            })
        };
        let effective = date(3, "effective date")?
            .ok_or_else(|| error(line_no, "the effective date is empty".to_string()))?;
        let deletion = date(4, "deletion date")?.unwrap_or(OPEN);
        let indicator = match unquote(fields[5]) {
            b"0" => Indicator::NotAllowed,
            b"1" => Indicator::Allowed,
            b"9" => Indicator::NotApplicable,
            other => {
                return Err(error(
                    line_no,
                    format!(
                        "modifier indicator `{}` is not 0, 1 or 9",
                        fields::shown(other)
                    ),
                ));
            }
        };
        let rationale = fields.get(6).map_or(&b""[..], |f| unquote(f));
        rows.push(PtpEdit {
            column1,
            column2,
            effective,
            deletion,
            indicator,
            before_1996: unquote(fields[2]) == b"*",
            rationale: interner.intern(rationale),
            next: u32::MAX,
        });
    }
    if delimiter.is_none() {
        return Err(PackError::file(
            name,
            "no header line starting `Column 1`, `Column 2`: not a CMS NCCI PTP edit file",
        ));
    }
    Ok(Parsed {
        rows,
        rationales: interner.into_strings(),
    })
}

/// The delimiter of a PTP header line (`Column 1<TAB>Column 2…`, or with commas in a file
/// saved from the Excel version); `None` for any other line.
pub(super) fn header_delimiter(line: &[u8]) -> Option<u8> {
    let delimiter = if line.contains(&b'\t') { b'\t' } else { b',' };
    let mut fields = Vec::new();
    split(line, delimiter, &mut fields);
    let is = |i: usize, want: &str| fields.get(i).is_some_and(|f| fields::squeeze(f) == want);
    (is(0, "column1") && is(1, "column2")).then_some(delimiter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout of a CMS practitioner PTP file, with invented code pairs.
    const FILE: &str = "CPT codes, descriptions and other data only are copyright 2025 American Medical Association. All rights reserved.\r\n\
\r\n\
Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\r\n\
\t\t\t\t\t\t\r\n\
11111\t22222\t\t20200101\t*\t1\tMisuse of column two code with column one code\r\n\
11111\t33333\t*\t19960101\t*\t0\tMutually exclusive procedures\r\n\
11111\t44444\t\t20200101\t20231231\t1\tMisuse of column two code with column one code\r\n\
55555\t66666\t\t19960101\t19960101\t9\tStandards of medical / surgical services\r\n\
55555\t66666\t*\t19960101\t*\t1\tStandards of medical / surgical services\r\n\
77777\t88888\t\t20200101\t*\t1\tStandards of medical / surgical services\r\n\
77777\t88888\t\t20220101\t*\t0\tMutually exclusive procedures\r\n";

    fn table(text: &str) -> PtpTable {
        PtpTable::build(vec![
            parse("ccipra-v320r0-f1.txt", text.as_bytes()).unwrap(),
        ])
        .unwrap()
    }

    fn k(code: &str) -> u32 {
        code_key(code.as_bytes()).unwrap()
    }

    #[test]
    fn reads_the_cms_layout() {
        let t = table(FILE);
        assert_eq!(t.len(), 7);
        assert_eq!(t.pairs(), 5);
        let e = t.in_force(k("11111"), k("22222"), 20240110).unwrap();
        assert_eq!(e.indicator, Indicator::Allowed);
        assert_eq!(
            t.rationale(e),
            "Misuse of column two code with column one code"
        );
        assert!(t.in_force(k("22222"), k("11111"), 20240110).is_none());
        assert!(t.in_force(k("11111"), k("22222"), 20191231).is_none());
        let e = t.in_force(k("11111"), k("33333"), 20240110).unwrap();
        assert_eq!(e.indicator, Indicator::NotAllowed);
        assert!(e.before_1996);
        // The deletion date is the last day in force.
        assert!(t.in_force(k("11111"), k("44444"), 20231231).is_some());
        assert!(t.in_force(k("11111"), k("44444"), 20240101).is_none());
        // Of a pair's two lines, the one in force answers; indicator 9 never does.
        assert_eq!(t.edits(k("55555"), k("66666")).count(), 2);
        let e = t.in_force(k("55555"), k("66666"), 19960101).unwrap();
        assert_eq!(e.indicator, Indicator::Allowed);
        assert_eq!(t.of_code(k("11111")).len(), 3);
        // Two lines of one pair in force on a date: the stricter one answers.
        let e = t.in_force(k("77777"), k("88888"), 20210101).unwrap();
        assert_eq!(e.indicator, Indicator::Allowed);
        let e = t.in_force(k("77777"), k("88888"), 20240110).unwrap();
        assert_eq!(e.indicator, Indicator::NotAllowed);
    }

    #[test]
    fn excel_exports_and_quotes() {
        let csv = "Column 1,Column 2,*=in existence prior to 1996,Effective Date,Deletion Date,Modifier,PTP Edit Rationale\n\
,,,,,0=not allowed,\n\
,,,,*=no data,1=allowed,\n\
\"11111\",\"22222\",,1/1/2020,*,1,\"Misuse, of column two code\"\n";
        let t = table(csv);
        let e = t.in_force(k("11111"), k("22222"), 20200101).unwrap();
        assert_eq!(t.rationale(e), "Misuse, of column two code");
    }

    #[test]
    fn malformed_lines_are_named() {
        let bad = FILE.replace("11111\t33333", "11111\t3333");
        let err = parse("ccipra-v320r0-f1.txt", bad.as_bytes()).err().unwrap();
        assert_eq!(
            err.to_string(),
            "ccipra-v320r0-f1.txt:6: column 2 `3333` is not a 5-character HCPCS/CPT code"
        );
        let bad = FILE.replace("\t*\t0\t", "\t*\t2\t");
        let err = parse("f.txt", bad.as_bytes()).err().unwrap();
        assert_eq!(
            err.to_string(),
            "f.txt:6: modifier indicator `2` is not 0, 1 or 9"
        );
        let bad = FILE.replace("20231231", "20231331");
        let err = parse("f.txt", bad.as_bytes()).err().unwrap();
        assert!(
            err.to_string()
                .starts_with("f.txt:7: deletion date `20231331`"),
            "{err}"
        );
        let err = parse("f.txt", b"11111\t22222\t\t20200101\t*\t1\tx\n")
            .err()
            .unwrap();
        assert!(err.to_string().contains("no header line"), "{err}");
        let bad = FILE.replace("\t*\t1\tMisuse", "\t*");
        let err = parse("f.txt", bad.as_bytes()).err().unwrap();
        assert!(err.to_string().starts_with("f.txt:5: 5 fields"), "{err}");
    }
}
