//! Medically unlikely edits (MUE): the practitioner file
//! `MCR_MUE_PractitionerServices_Eff_<MM-DD-YYYY>.csv`.
//!
//! Layout (CSV, as CMS publishes it): a first cell holding the AMA copyright notice over
//! several quoted lines, then the header `HCPCS/CPT Code` (itself wrapped inside its
//! quotes), `Practitioner Services MUE Values`, `MUE Adjudication Indicator`, `MUE
//! Rationale`, then one row per code: `0001U,1,"2 Date of Service Edit: Policy","…"`. The
//! columns are found by their header, so their order does not matter.
//!
//! The MUE adjudication indicator (MAI) is the digit the cell starts with:
//! `1 Line Edit` (units per claim line), `2 Date of Service Edit: Policy` (units per date
//! of service, absolute: CMS policy, no appeal pays above it), `3 Date of Service Edit:
//! Clinical` (units per date of service, from clinical data: may be paid on appeal with
//! documentation).

use super::fields::{self, code_key, squeeze, unquote};
use super::ptp::KeyMap;
use super::{Interner, PackError};

/// One code's edit.
#[derive(Debug, Clone, Copy)]
pub struct MueEdit {
    pub code: u32,
    /// The most units of service one patient can get per line (MAI 1) or per date (2, 3).
    pub value: u32,
    /// 1, 2 or 3.
    pub mai: u8,
    rationale: u16,
}

/// Every MUE of the practitioner file, by code.
#[derive(Debug, Default)]
pub struct MueTable {
    index: KeyMap<u32, MueEdit>,
    rationales: Vec<Box<str>>,
    /// Which services the file's value column is for, as its header says.
    pub setting: String,
}

impl MueTable {
    pub fn get(&self, code: u32) -> Option<&MueEdit> {
        self.index.get(&code)
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn rationale(&self, edit: &MueEdit) -> &str {
        self.rationales
            .get(usize::from(edit.rationale))
            .map_or("", |r| r)
    }
}

/// What the MAI says, for messages.
pub fn mai_text(mai: u8) -> &'static str {
    match mai {
        1 => "line edit",
        2 => "date of service edit: policy",
        _ => "date of service edit: clinical",
    }
}

/// Where the columns are.
struct Columns {
    code: usize,
    value: usize,
    mai: usize,
    rationale: Option<usize>,
}

/// The columns of a header record, when it is the MUE header.
fn header(record: &csv::ByteRecord) -> Option<(Columns, String)> {
    let names: Vec<String> = record.iter().map(squeeze).collect();
    let find = |test: &dyn Fn(&str) -> bool| names.iter().position(|n| test(n));
    let code = find(&|n| n.contains("hcpcs") || n.contains("cptcode"))?;
    let value = find(&|n| n.ends_with("muevalues") || n.ends_with("muevalue"))?;
    let mai = find(&|n| n.contains("adjudicationindicator") || n == "mai")?;
    let rationale = find(&|n| n.contains("rationale"));
    let setting = String::from_utf8_lossy(record.get(value).unwrap_or_default())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some((
        Columns {
            code,
            value,
            mai,
            rationale,
        },
        setting,
    ))
}

/// Whether `bytes` starts like an MUE file (its header among the first records).
pub(super) fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let mut reader = reader(head);
    reader
        .byte_records()
        .take(20)
        .map_while(Result::ok)
        .any(|r| header(&r).is_some())
}

fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

/// Reads the MUE file. `name` is for messages.
pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<MueTable, PackError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = reader(bytes);
    let mut columns: Option<Columns> = None;
    let mut table = MueTable::default();
    let mut interner = Interner::default();
    let mut record = csv::ByteRecord::new();
    let mut lines = fields::Lines::new(bytes);
    loop {
        let line = lines.at(reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(line, |p| lines.at(p.byte()));
                return Err(PackError::at(name, line, "not readable as CSV".to_string()));
            }
        }
        let line = record.position().map_or(line, |p| lines.at(p.byte()));
        let Some(cols) = &columns else {
            if let Some((cols, setting)) = header(&record) {
                columns = Some(cols);
                table.setting = setting;
            }
            continue;
        };
        if record.iter().all(|f| unquote(f).is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).map_or(&b""[..], unquote);
        let error = |message: String| PackError::at(name, line, message);
        let code = code_key(field(cols.code)).ok_or_else(|| {
            error(format!(
                "HCPCS/CPT code `{}` is not a 5-character code",
                fields::shown(field(cols.code))
            ))
        })?;
        let value = std::str::from_utf8(field(cols.value))
            .ok()
            .and_then(|v| v.parse::<u32>().ok())
            .ok_or_else(|| {
                error(format!(
                    "MUE value `{}` is not a whole number",
                    fields::shown(field(cols.value))
                ))
            })?;
        let mai = match field(cols.mai).first() {
            Some(d @ b'1'..=b'3') if field(cols.mai).get(1).is_none_or(|b| !b.is_ascii_digit()) => {
                d - b'0'
            }
            _ => {
                return Err(error(format!(
                    "MUE adjudication indicator `{}` does not start with 1, 2 or 3",
                    fields::shown(field(cols.mai))
                )));
            }
        };
        let rationale = cols.rationale.map_or(&b""[..], field);
        table.index.entry(code).or_insert(MueEdit {
            code,
            value,
            mai,
            rationale: interner.intern(rationale),
        });
    }
    if columns.is_none() {
        return Err(PackError::file(
            name,
            "no header with `HCPCS/CPT Code`, `… MUE Values` and `MUE Adjudication Indicator`: not a CMS MUE file",
        ));
    }
    table.rationales = interner.into_strings();
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout of the CMS practitioner MUE file, with invented codes and values.
    pub const FILE: &str = "\"CPT codes, descriptions and other data only are copyright 2025 American Medical Association. All rights reserved.\n\nApplicable FARS/DFARS apply.\",,,\n\
\"HCPCS/\nCPT Code\",\"Practitioner Services MUE Values\",\"MUE Adjudication Indicator\",\"MUE Rationale\"\n\
11111,1,\"2 Date of Service Edit: Policy\",\"Code Descriptor / CPT Instruction\"\n\
22222,4,\"3 Date of Service Edit: Clinical\",\"Clinical: Data\"\n\
J9999,10,\"1 Line Edit\",\"Anatomic Consideration\"\n\
,,,\n";

    fn k(code: &str) -> u32 {
        code_key(code.as_bytes()).unwrap()
    }

    #[test]
    fn reads_the_cms_layout() {
        let t = parse(
            "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv",
            FILE.as_bytes(),
        )
        .unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t.setting, "Practitioner Services MUE Values");
        let e = t.get(k("22222")).unwrap();
        assert_eq!((e.value, e.mai), (4, 3));
        assert_eq!(t.rationale(e), "Clinical: Data");
        assert_eq!(t.get(k("J9999")).unwrap().mai, 1);
        assert!(t.get(k("33333")).is_none());
        assert!(looks_like(FILE.as_bytes()));
        assert!(!looks_like(b"Column 1\tColumn 2\n"));
    }

    #[test]
    fn columns_are_found_by_name() {
        let text = "HCPCS/CPT Code,MUE Rationale,MUE Adjudication Indicator,Practitioner Services MUE Values\n11111,Policy,2,6\n";
        let t = parse("m.csv", text.as_bytes()).unwrap();
        let e = t.get(k("11111")).unwrap();
        assert_eq!((e.value, e.mai), (6, 2));
    }

    #[test]
    fn malformed_rows_are_named() {
        let bad = FILE.replace("22222,4,", "22222,four,");
        let err = parse("m.csv", bad.as_bytes()).err().unwrap();
        assert_eq!(
            err.to_string(),
            "m.csv:7: MUE value `four` is not a whole number"
        );
        let bad = FILE.replace("\"1 Line Edit\"", "\"Line Edit\"");
        let err = parse("m.csv", bad.as_bytes()).err().unwrap();
        assert_eq!(
            err.to_string(),
            "m.csv:8: MUE adjudication indicator `Line Edit` does not start with 1, 2 or 3"
        );
        let err = parse("m.csv", b"a,b\n1,2\n").err().unwrap();
        assert!(err.to_string().starts_with("m.csv: no header"), "{err}");
    }
}
