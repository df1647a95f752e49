//! NCCI edit packs: CMS's National Correct Coding Initiative files for practitioner
//! services, as the user downloaded and unzipped them (claimlint never ships them: they list
//! CPT codes under the AMA's licence).
//!
//! A pack is a folder holding any of:
//!
//! - the procedure-to-procedure (PTP) edit files, `ccipra-v<version>-f<n>.txt`, all parts of
//!   one version ([`ptp`]);
//! - the practitioner MUE file, `MCR_MUE_PractitionerServices_Eff_<MM-DD-YYYY>.csv` ([`mue`]);
//! - the add-on code edit file, `AOC_V<year>Q<n>…-MCR.txt` ([`aoc`]).
//!
//! Files are recognised by their CMS names, and a `.txt`/`.csv` file with another name by
//! its header line. The outpatient hospital and DME supplier files CMS publishes beside
//! them (`ccioph-…`, `…OutpatientHospitalServices…`, `…DMESupplierServices…`) are for other
//! claim types and are left alone, as are the `.xlsx` and `.pdf` files in the same
//! downloads.
//!
//! Everything is read once; lookups are hash lookups on codes packed into integers
//! ([`fields::code_key`]), with no allocation.

pub mod aoc;
pub mod fields;
pub mod mue;
pub mod ptp;

pub use fields::{code_key, key_code};

use std::path::{Path, PathBuf};

/// A pack that cannot be used: the file, the line when there is one, and what is wrong,
/// quoting at most the offending field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", file, line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct PackError {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl PackError {
    pub(crate) fn at(file: &str, line: u64, message: String) -> PackError {
        PackError {
            file: file.to_string(),
            line: Some(line),
            message,
        }
    }

    pub(crate) fn file(file: &str, message: impl Into<String>) -> PackError {
        PackError {
            file: file.to_string(),
            line: None,
            message: message.into(),
        }
    }
}

/// The few distinct rationale texts of a file, stored once.
#[derive(Default)]
pub(crate) struct Interner {
    strings: Vec<Box<str>>,
    last: u16,
}

impl Interner {
    pub(crate) fn intern(&mut self, text: &[u8]) -> u16 {
        // Rows come in runs with one rationale: the last one answers most calls.
        if self
            .strings
            .get(usize::from(self.last))
            .is_some_and(|s| s.as_bytes() == text)
        {
            return self.last;
        }
        let found = self.strings.iter().position(|s| s.as_bytes() == text);
        let at = match found {
            Some(at) => at,
            None if self.strings.len() < usize::from(u16::MAX) => {
                self.strings
                    .push(String::from_utf8_lossy(text).into_owned().into_boxed_str());
                self.strings.len() - 1
            }
            // A file with more distinct texts than that is not a CMS file; its extra
            // rationales are not kept.
            None => return u16::MAX,
        };
        self.last = at as u16;
        self.last
    }

    pub(crate) fn into_strings(self) -> Vec<Box<str>> {
        self.strings
    }
}

/// The largest file of a pack read: CMS's PTP parts are some 30 MB each, and a quarter in
/// one file about 120 MB.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// What kind of NCCI file a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Ptp,
    Mue,
    AddOn,
}

/// A loaded pack.
#[derive(Debug, Default)]
pub struct NcciPack {
    pub ptp: Option<ptp::PtpTable>,
    pub mue: Option<mue::MueTable>,
    pub aoc: Option<aoc::AocTable>,
    /// File names (relative to the pack folder) of each kind, in load order.
    pub ptp_files: Vec<String>,
    pub mue_file: Option<String>,
    pub aoc_file: Option<String>,
}

impl NcciPack {
    /// Loads every NCCI file under `dir` (sub-folders included, as CMS's zips unpack into
    /// them). An error names the file and line; a folder with no NCCI file is an error.
    pub fn load_dir(dir: &Path) -> Result<NcciPack, PackError> {
        let shown = dir.display().to_string();
        let mut files = Vec::new();
        walk(dir, &mut files).map_err(|e| PackError::file(&shown, format!("cannot read: {e}")))?;
        files.sort();
        let mut found: Vec<(FileKind, String, Vec<u8>)> = Vec::new();
        for path in files {
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .display()
                .to_string();
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let Some(by_name) = kind_by_name(&file_name) else {
                continue;
            };
            let shown_path = path.display().to_string();
            let cannot =
                |e: std::io::Error| PackError::file(&shown_path, format!("cannot read: {e}"));
            let kind = match by_name {
                Some(kind) => kind,
                // Another text file (a readme, a notice) is only looked into.
                None => {
                    let mut head = Vec::new();
                    std::io::Read::read_to_end(
                        &mut std::io::Read::take(
                            std::fs::File::open(&path).map_err(cannot)?,
                            64 * 1024,
                        ),
                        &mut head,
                    )
                    .map_err(cannot)?;
                    match kind_by_header(&head) {
                        Some(kind) => kind,
                        None => continue,
                    }
                }
            };
            let size = std::fs::metadata(&path).map_err(cannot)?.len();
            if size > MAX_FILE_BYTES {
                return Err(PackError::file(
                    &shown_path,
                    format!("{size} bytes, more than the {MAX_FILE_BYTES} an NCCI file may have"),
                ));
            }
            let bytes = std::fs::read(&path).map_err(cannot)?;
            found.push((kind, name, bytes));
        }
        let pack = NcciPack::from_files(
            found
                .iter()
                .map(|(kind, name, bytes)| (*kind, name.as_str(), bytes.as_slice())),
        )
        .map_err(|mut e| {
            e.file = dir.join(&e.file).display().to_string();
            e
        })?;
        if pack.ptp.is_none() && pack.mue.is_none() && pack.aoc.is_none() {
            return Err(PackError::file(
                &shown,
                "no NCCI file found: expected the practitioner PTP files (ccipra-v…-f1.txt …), the practitioner MUE file (MCR_MUE_PractitionerServices_Eff_….csv) or the add-on code edit file (AOC_V…-MCR.txt)",
            ));
        }
        Ok(pack)
    }

    /// Builds a pack from files already read: (kind, name for messages, contents). The PTP
    /// parts are read in parallel.
    pub fn from_files<'f>(
        files: impl IntoIterator<Item = (FileKind, &'f str, &'f [u8])>,
    ) -> Result<NcciPack, PackError> {
        let mut pack = NcciPack::default();
        let mut ptp_parts: Vec<(&str, &[u8])> = Vec::new();
        for (kind, name, bytes) in files {
            match kind {
                FileKind::Ptp => ptp_parts.push((name, bytes)),
                FileKind::Mue => {
                    if let Some(first) = &pack.mue_file {
                        return Err(PackError::file(
                            name,
                            format!(
                                "a second practitioner MUE file (the first is {first}): keep one quarter's files in the folder"
                            ),
                        ));
                    }
                    pack.mue = Some(mue::parse(name, bytes)?);
                    pack.mue_file = Some(name.to_string());
                }
                FileKind::AddOn => {
                    if let Some(first) = &pack.aoc_file {
                        return Err(PackError::file(
                            name,
                            format!(
                                "a second add-on code edit file (the first is {first}): keep one quarter's files in the folder"
                            ),
                        ));
                    }
                    pack.aoc = Some(aoc::parse(name, bytes)?);
                    pack.aoc_file = Some(name.to_string());
                }
            }
        }
        if !ptp_parts.is_empty() {
            let versions: Vec<Option<String>> =
                ptp_parts.iter().map(|(n, _)| ptp_version(n)).collect();
            if let Some(i) = versions.iter().position(|v| *v != versions[0]) {
                return Err(PackError::file(
                    ptp_parts[i].0,
                    format!(
                        "PTP files of two versions ({} and {}): keep one quarter's files in the folder",
                        ptp_parts[0].0, ptp_parts[i].0
                    ),
                ));
            }
            let parsed: Vec<Result<ptp::Parsed, PackError>> = std::thread::scope(|scope| {
                let handles: Vec<_> = ptp_parts
                    .iter()
                    .map(|&(name, bytes)| scope.spawn(move || ptp::parse(name, bytes)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(PackError::file("PTP", "internal error while reading"))
                        })
                    })
                    .collect()
            });
            let parsed = parsed.into_iter().collect::<Result<Vec<_>, _>>()?;
            pack.ptp = Some(ptp::PtpTable::build(parsed)?);
            pack.ptp_files = ptp_parts.iter().map(|(n, _)| n.to_string()).collect();
        }
        Ok(pack)
    }

    /// The pack's quarter, e.g. `2026Q1`: from the MUE file's effective date, else the
    /// add-on file's name; `None` when no file name carries one.
    pub fn quarter(&self) -> Option<String> {
        self.mue_file
            .as_deref()
            .and_then(mue_quarter)
            .or_else(|| self.aoc_file.as_deref().and_then(aoc_quarter))
    }

    /// The PTP version from the file names, e.g. `v320r0`.
    pub fn ptp_version(&self) -> Option<String> {
        self.ptp_files.first().and_then(|n| ptp_version(n))
    }

    /// `NCCI 2026Q1`, or `NCCI PTP v320r0` when no file names a quarter.
    pub fn label(&self) -> String {
        match (self.quarter(), self.ptp_version()) {
            (Some(q), _) => format!("NCCI {q}"),
            (None, Some(v)) => format!("NCCI PTP {v}"),
            (None, None) => "NCCI".to_string(),
        }
    }

    /// What was loaded, e.g. `PTP v320r0: 4 files, 1,502,317 edits; MUE 2026-01-01: 15,012
    /// codes; add-on 2026Q1: 6,012 edits`.
    pub fn contents(&self) -> String {
        let mut parts = Vec::new();
        if let Some(ptp) = &self.ptp {
            let version = self
                .ptp_version()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            parts.push(format!(
                "PTP{version}: {}, {}",
                count(self.ptp_files.len(), "file", "files"),
                count(ptp.len(), "edit", "edits")
            ));
        }
        if let Some(mue) = &self.mue {
            let date = self
                .mue_file
                .as_deref()
                .and_then(mue_effective)
                .map(|d| format!(" {}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100))
                .unwrap_or_default();
            parts.push(format!("MUE{date}: {}", count(mue.len(), "code", "codes")));
        }
        if let Some(aoc) = &self.aoc {
            let quarter = self
                .aoc_file
                .as_deref()
                .and_then(aoc_quarter)
                .map(|q| format!(" {q}"))
                .unwrap_or_default();
            parts.push(format!(
                "add-on{quarter}: {}",
                count(aoc.len(), "edit", "edits")
            ));
        }
        parts.join("; ")
    }
}

/// `1,234 codes`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} {}", if n == 1 { one } else { many })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if kind.is_file() || path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// `None`: not an NCCI practitioner file; `Some(None)`: a text file to look into.
fn kind_by_name(lower: &str) -> Option<Option<FileKind>> {
    let text = [".txt", ".csv", ".tsv"].iter().any(|e| lower.ends_with(e));
    let other_setting = [
        "ccioph",
        "outpatienthospital",
        "dmesupplier",
        "_dme_",
        "-dme-",
    ]
    .iter()
    .any(|s| lower.contains(s));
    if !text || other_setting {
        return None;
    }
    Some(if lower.contains("ccipra") {
        Some(FileKind::Ptp)
    } else if lower.contains("mue") && lower.contains("practitioner") {
        Some(FileKind::Mue)
    } else if lower.starts_with("aoc") {
        Some(FileKind::AddOn)
    } else {
        None
    })
}

/// The kind of a text file by its header, for files not named as CMS names them.
fn kind_by_header(bytes: &[u8]) -> Option<FileKind> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head
        .split(|&b| b == b'\n')
        .take(50)
        .any(|l| ptp::header_delimiter(l.strip_suffix(b"\r").unwrap_or(l)).is_some())
    {
        return Some(FileKind::Ptp);
    }
    if mue::looks_like(head) {
        return Some(FileKind::Mue);
    }
    aoc::looks_like(head).then_some(FileKind::AddOn)
}

/// `ccipra-v320r0-f1.txt` → `v320r0`.
fn ptp_version(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let at = lower.find("-v")? + 1;
    let rest = &lower[at..];
    let end = rest.find(['-', '.', '_']).unwrap_or(rest.len());
    let version = &rest[..end];
    (version.len() > 1 && version[1..].chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| version.to_string())
}

/// `MCR_MUE_PractitionerServices_Eff_01-01-2026.csv` → 20260101.
fn mue_effective(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let rest = &lower[lower.find("eff_")? + 4..];
    let date = rest.get(..10)?;
    let (m, d, y) = (date.get(..2)?, date.get(3..5)?, date.get(6..10)?);
    let n = |s: &str| s.parse::<u32>().ok();
    Some(n(y)? * 10_000 + n(m)? * 100 + n(d)?)
}

fn mue_quarter(name: &str) -> Option<String> {
    let date = mue_effective(name)?;
    let month = date / 100 % 100;
    (1..=12)
        .contains(&month)
        .then(|| format!("{}Q{}", date / 10_000, (month - 1) / 3 + 1))
}

/// `AOC_V2026Q1-MCR.txt` → `2026Q1`.
fn aoc_quarter(name: &str) -> Option<String> {
    let upper = name.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    (0..bytes.len().saturating_sub(5)).find_map(|i| {
        let w = &bytes[i..i + 6];
        (w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'Q' && (b'1'..=b'4').contains(&w[5]))
            .then(|| String::from_utf8_lossy(w).into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            ptp_version("ccipra-v320r0-f1.txt").as_deref(),
            Some("v320r0")
        );
        assert_eq!(
            ptp_version("sub/CCIPRA-V321R0-F4.TXT").as_deref(),
            Some("v321r0")
        );
        assert_eq!(
            mue_effective("MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"),
            Some(20260401)
        );
        assert_eq!(
            mue_quarter("MCR_MUE_PractitionerServices_Eff_04-01-2026.csv").as_deref(),
            Some("2026Q2")
        );
        assert_eq!(
            aoc_quarter("AOC_V2025Q4_01-MCR.txt").as_deref(),
            Some("2025Q4")
        );
        assert_eq!(
            kind_by_name("ccipra-v320r0-f1.txt"),
            Some(Some(FileKind::Ptp))
        );
        assert_eq!(kind_by_name("ccioph-v320r0-f1.txt"), None);
        assert_eq!(
            kind_by_name("mcr_mue_practitionerservices_eff_01-01-2026.csv"),
            Some(Some(FileKind::Mue))
        );
        assert_eq!(
            kind_by_name("mcr_mue_dmesupplierservices_eff_01-01-2026.csv"),
            None
        );
        assert_eq!(
            kind_by_name("aoc_v2026q1-mcr.txt"),
            Some(Some(FileKind::AddOn))
        );
        assert_eq!(kind_by_name("ccipra-v320r0-f1.xlsx"), None);
        assert_eq!(kind_by_name("readme.txt"), Some(None));
        assert_eq!(count(1_502_317, "edit", "edits"), "1,502,317 edits");
        assert_eq!(count(1, "edit", "edits"), "1 edit");
    }
}
