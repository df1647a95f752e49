//! Add-on code (AOC) edits: the file `AOC_V<year>Q<n>…-MCR.txt` (tab-delimited) or its
//! CSV/Excel form.
//!
//! One row per (add-on code, primary code) pair, with the columns CMS names `Add-on Code`,
//! `Primary Code`, `AOC Edit Type`, `AOC_EDIT_EFF_DT`, `AOC_EDIT_DEL_DT`, `AOC_DEL_DT`,
//! `Primary Code Del Dt` and `Special Instruction Notes`; the columns are found by their
//! header, and the dates read in any style CMS has used (the Julian `YYYYDDD` of the text
//! file among them). The edit type says what the add-on needs on the same date of service
//! from the same practitioner:
//!
//! - type 1: one of the primary codes listed for it;
//! - type 2: no specific primary codes (the primary column holds `CCCCC`): the Medicare
//!   contractor decides what counts as the primary;
//! - type 3: some primary codes are listed, and the contractor may accept others.

use super::PackError;
use super::fields::{self, OPEN, code_key, squeeze, unquote};
use super::ptp::KeyMap;

/// One row of the file.
#[derive(Debug, Clone, Copy)]
pub struct AocEdit {
    pub add_on: u32,
    /// `None` for `CCCCC` (type 2: no specific primary).
    pub primary: Option<u32>,
    /// 1, 2 or 3.
    pub kind: u8,
    /// YYYYMMDD; 0 when the file gives none.
    pub effective: u32,
    /// The last day in force: the edit's or the add-on code's deletion date, whichever is
    /// earlier; [`OPEN`] when neither is given.
    pub deletion: u32,
}

impl AocEdit {
    pub fn in_force(&self, date: u32) -> bool {
        self.effective <= date && date <= self.deletion
    }
}

/// Every add-on edit, by add-on code.
#[derive(Debug, Default)]
pub struct AocTable {
    /// Sorted by add-on code, file order within a code.
    edits: Vec<AocEdit>,
    /// Add-on code → its range in `edits`.
    index: KeyMap<u32, (u32, u32)>,
}

impl AocTable {
    /// The rows of an add-on code (empty when the file does not list it).
    pub fn of(&self, add_on: u32) -> &[AocEdit] {
        match self.index.get(&add_on) {
            Some(&(start, end)) => &self.edits[start as usize..end as usize],
            None => &[],
        }
    }

    /// Whether the file lists `add_on` as an add-on code.
    pub fn contains(&self, add_on: u32) -> bool {
        self.index.contains_key(&add_on)
    }

    /// Rows naming `code` as a primary, for `claimlint lookup` (a scan).
    pub fn as_primary(&self, code: u32) -> impl Iterator<Item = &AocEdit> {
        self.edits.iter().filter(move |e| e.primary == Some(code))
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.edits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Number of add-on codes.
    pub fn add_on_codes(&self) -> usize {
        self.index.len()
    }
}

struct Columns {
    add_on: usize,
    primary: usize,
    kind: usize,
    effective: Option<usize>,
    edit_deletion: Option<usize>,
    add_on_deletion: Option<usize>,
}

fn header(record: &csv::ByteRecord) -> Option<Columns> {
    let names: Vec<String> = record
        .iter()
        .map(|f| squeeze(f).replace("julian", ""))
        .collect();
    let find = |want: &[&str]| names.iter().position(|n| want.contains(&n.as_str()));
    Some(Columns {
        add_on: find(&["addoncode", "aoc", "aoccode"])?,
        primary: find(&["primarycode", "primary"])?,
        kind: find(&["aocedittype", "edittype"])?,
        effective: find(&[
            "aocediteffdt",
            "aoceditefftdt",
            "aoceditdeffectivedate",
            "editeffdt",
        ]),
        edit_deletion: find(&["aoceditdeldt", "editdeldt"]),
        add_on_deletion: find(&["aocdeldt", "addoncodedeldt"]),
    })
}

fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    let head = &bytes[..bytes.len().min(4096)];
    let tabs = head.iter().filter(|&&b| b == b'\t').count();
    let commas = head.iter().filter(|&&b| b == b',').count();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tabs >= commas { b'\t' } else { b',' })
        .from_reader(bytes)
}

/// Whether `bytes` starts like an add-on code edit file.
pub(super) fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    reader(head)
        .byte_records()
        .take(20)
        .map_while(Result::ok)
        .any(|r| header(&r).is_some())
}

/// Reads the add-on file. `name` is for messages.
pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<AocTable, PackError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = reader(bytes);
    let mut columns: Option<Columns> = None;
    let mut edits = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut lines = fields::Lines::new(bytes);
    loop {
        let line = lines.at(reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(line, |p| lines.at(p.byte()));
                return Err(PackError::at(
                    name,
                    line,
                    "not readable as delimited text".to_string(),
                ));
            }
        }
        let line = record.position().map_or(line, |p| lines.at(p.byte()));
        let Some(cols) = &columns else {
            columns = header(&record);
            continue;
        };
        if record.iter().all(|f| unquote(f).is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).map_or(&b""[..], unquote);
        let error = |message: String| PackError::at(name, line, message);
        let code = |i: usize, what: &str| {
            code_key(field(i)).ok_or_else(|| {
                error(format!(
                    "{what} `{}` is not a 5-character HCPCS/CPT code",
                    fields::shown(field(i))
                ))
            })
        };
        let add_on = code(cols.add_on, "add-on code")?;
        let primary = match field(cols.primary) {
            b"CCCCC" => None,
            _ => Some(code(cols.primary, "primary code")?),
        };
        let kind = match squeeze(field(cols.kind)).trim_start_matches("type") {
            "1" | "i" => 1,
            "2" | "ii" => 2,
            "3" | "iii" => 3,
            _ => {
                return Err(error(format!(
                    "AOC edit type `{}` is not 1, 2 or 3",
                    fields::shown(field(cols.kind))
                )));
            }
        };
        let date = |column: Option<usize>, what: &str| match column {
            None => Ok(None),
            Some(i) => fields::date(field(i)).map_err(|_| {
                error(format!(
                    "{what} `{}` is not a date (YYYYDDD, YYYYMMDD or MM/DD/YYYY)",
                    fields::shown(field(i))
                ))
            }),
        };
        let effective = date(cols.effective, "AOC edit effective date")?.unwrap_or(0);
        let edit_deletion = date(cols.edit_deletion, "AOC edit deletion date")?.unwrap_or(OPEN);
        let add_on_deletion =
            date(cols.add_on_deletion, "add-on code deletion date")?.unwrap_or(OPEN);
        edits.push(AocEdit {
            add_on,
            primary,
            kind,
            effective,
            deletion: edit_deletion.min(add_on_deletion),
        });
    }
    if columns.is_none() {
        return Err(PackError::file(
            name,
            "no header with `Add-on Code`, `Primary Code` and `AOC Edit Type`: not a CMS add-on code edit file",
        ));
    }
    edits.sort_by_key(|e| e.add_on);
    let mut index = KeyMap::default();
    let mut start = 0;
    while start < edits.len() {
        let code = edits[start].add_on;
        let end = start
            + edits[start..]
                .iter()
                .take_while(|e| e.add_on == code)
                .count();
        index.insert(code, (start as u32, end as u32));
        start = end;
    }
    Ok(AocTable { edits, index })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of the CMS add-on code edit file, with invented codes.
    const FILE: &str = "Add-on Code\tPrimary Code\tAOC_DEL_DT\tPrimary Code Del Dt\tAOC Edit Type\tAOC_EDIT_EFF_DT\tAOC_EDIT_DEL_DT\tSpecial Instruction Notes\r\n\
77771\t77770\t\t\t1\t2020001\t\t\r\n\
77771\t77760\t\t\t1\t2020001\t2023365\t\r\n\
77772\tCCCCC\t\t\t2\t2020001\t\t\"See the \"\"CPT\"\" notes\"\r\n\
77773\t77770\t\t\t3\t2020001\t\t\r\n";

    fn k(code: &str) -> u32 {
        code_key(code.as_bytes()).unwrap()
    }

    #[test]
    fn reads_the_cms_layout() {
        let t = parse("AOC_V2026Q1-MCR.txt", FILE.as_bytes()).unwrap();
        assert_eq!((t.len(), t.add_on_codes()), (4, 3));
        let rows = t.of(k("77771"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].primary, Some(k("77770")));
        assert_eq!(rows[0].effective, 20200101);
        assert!(rows[1].in_force(20231231) && !rows[1].in_force(20240101));
        assert_eq!(t.of(k("77772"))[0].primary, None);
        assert_eq!(t.of(k("77773"))[0].kind, 3);
        assert!(t.of(k("77770")).is_empty());
        assert_eq!(t.as_primary(k("77770")).count(), 2);
        assert!(looks_like(FILE.as_bytes()));
    }

    #[test]
    fn csv_and_calendar_dates() {
        let text = "Primary Code,Add-On Code,AOC Edit Type,AOC_EDIT_EFF_DT,AOC_EDIT_DEL_DT\n77770,77771,Type 1,01/01/2020,12/31/2023\n";
        let t = parse("aoc.csv", text.as_bytes()).unwrap();
        let row = t.of(k("77771"))[0];
        assert_eq!(
            (row.kind, row.effective, row.deletion),
            (1, 20200101, 20231231)
        );
    }

    #[test]
    fn malformed_rows_are_named() {
        let bad = FILE.replace("\t3\t2020001", "\t4\t2020001");
        let err = parse("a.txt", bad.as_bytes()).err().unwrap();
        assert_eq!(
            err.to_string(),
            "a.txt:5: AOC edit type `4` is not 1, 2 or 3"
        );
        let bad = FILE.replace("2023365", "2023366");
        let err = parse("a.txt", bad.as_bytes()).err().unwrap();
        assert!(
            err.to_string()
                .starts_with("a.txt:3: AOC edit deletion date `2023366`"),
            "{err}"
        );
    }
}
