//! The code tables a run checks against: the embedded public tables, or a user's newer
//! HCPCS quarter and licensed CPT list loaded in their place, and the user's NCCI edit pack.
//!
//! [`Settings`](super::Settings) holds one [`CodeSets`] behind an `Arc`, so every thread and
//! every input checked with the same configuration shares one copy of a loaded table.

use crate::codes::ncci::NcciPack;
use crate::codes::tables::{
    self, CptTable, HcpcsTable, ICD10CM_RELEASE, POS_RELEASE, TableError, release_from_file_name,
};
use std::sync::Arc;

/// Code tables for the code-set rules (C011, C012, C013, C019).
#[derive(Debug, Clone)]
pub struct CodeSets {
    hcpcs: Arc<HcpcsTable>,
    /// Where a user HCPCS table came from; `None` for the embedded one.
    hcpcs_source: Option<String>,
    hcpcs_label: String,
    cpt: Option<Arc<CptTable>>,
    cpt_source: Option<String>,
    /// The user's NCCI edit pack (`--ncci DIR`), and the folder it came from.
    ncci: Option<(Arc<NcciPack>, String)>,
}

impl Default for CodeSets {
    fn default() -> Self {
        CodeSets {
            hcpcs: Arc::new(HcpcsTable::embedded()),
            hcpcs_source: None,
            hcpcs_label: tables::HCPCS_RELEASE.to_string(),
            cpt: None,
            cpt_source: None,
            ncci: None,
        }
    }
}

impl CodeSets {
    /// The embedded tables only (no CPT list).
    pub fn embedded() -> Self {
        CodeSets::default()
    }

    /// Replaces the HCPCS table with a user's, read from `source` (a path, for messages).
    /// A table not yet named with [`HcpcsTable::with_release`] is named after its file when
    /// the file has a CMS name (`HCPC2026_APR_ANWEB.txt` → `HCPCS 2026-04`), else
    /// `HCPCS file <source>`.
    pub fn with_hcpcs(mut self, table: HcpcsTable, source: impl Into<String>) -> Self {
        let source = source.into();
        let table = match table.release() {
            Some(_) => table,
            None => {
                let file_name = source.rsplit(['/', '\\']).next().unwrap_or(&source);
                match release_from_file_name(file_name) {
                    Some((release, date)) => table.with_release(release, date),
                    None => table,
                }
            }
        };
        self.hcpcs_label = table
            .release()
            .map_or_else(|| format!("HCPCS file {source}"), str::to_string);
        self.hcpcs = Arc::new(table);
        self.hcpcs_source = Some(source);
        self
    }

    /// Adds a user's licensed CPT list, read from `source` (a path, for messages).
    pub fn with_cpt(mut self, table: CptTable, source: impl Into<String>) -> Self {
        self.cpt = Some(Arc::new(table));
        self.cpt_source = Some(source.into());
        self
    }

    /// Adds a user's NCCI edit pack, read from the folder `source` (for messages).
    pub fn with_ncci(mut self, pack: Arc<NcciPack>, source: impl Into<String>) -> Self {
        self.ncci = Some((pack, source.into()));
        self
    }

    /// The user's NCCI edit pack, when one was loaded: the P1 rules are silent without it.
    pub fn ncci(&self) -> Option<&NcciPack> {
        self.ncci.as_ref().map(|(pack, _)| &**pack)
    }

    /// The folder the NCCI edit pack was read from.
    pub fn ncci_source(&self) -> Option<&str> {
        self.ncci.as_ref().map(|(_, source)| source.as_str())
    }

    /// Reads and parses a CMS Alpha-Numeric HCPCS file (see [`HcpcsTable::parse`]).
    pub fn load_hcpcs(self, bytes: &[u8], source: impl Into<String>) -> Result<Self, TableError> {
        Ok(self.with_hcpcs(HcpcsTable::parse(bytes)?, source))
    }

    /// Reads and parses a CPT list (see [`CptTable::parse`]).
    pub fn load_cpt(self, bytes: &[u8], source: impl Into<String>) -> Result<Self, TableError> {
        Ok(self.with_cpt(CptTable::parse(bytes)?, source))
    }

    /// The HCPCS Level II table: the embedded quarter unless a user table was loaded.
    pub fn hcpcs(&self) -> &HcpcsTable {
        &self.hcpcs
    }

    /// Whether the HCPCS table is the one compiled into claimlint.
    pub fn hcpcs_is_embedded(&self) -> bool {
        self.hcpcs_source.is_none()
    }

    /// The path a user HCPCS table was read from.
    pub fn hcpcs_source(&self) -> Option<&str> {
        self.hcpcs_source.as_deref()
    }

    /// The HCPCS release for messages: `HCPCS 2026-01`, or `HCPCS file <path>` for a user
    /// file without a CMS name.
    pub fn hcpcs_label(&self) -> &str {
        &self.hcpcs_label
    }

    /// The HCPCS table as a file, for messages: `embedded HCPCS 2026-01 file`, `loaded
    /// HCPCS 2026-04 file`, or `loaded HCPCS file <path>` when the file has no CMS name.
    pub fn hcpcs_file(&self) -> String {
        match &self.hcpcs_source {
            None => format!("embedded {} file", self.hcpcs_label),
            Some(source) if self.hcpcs_label.ends_with(source.as_str()) => {
                format!("loaded {}", self.hcpcs_label)
            }
            Some(_) => format!("loaded {} file", self.hcpcs_label),
        }
    }

    /// The last date of service the HCPCS table knows every code of: the day before its
    /// quarter ends (codes CMS adds later are missing from it).
    pub fn hcpcs_covered_through(&self) -> u32 {
        quarter_end(self.hcpcs.release_date())
    }

    /// The user's CPT list, when one was loaded.
    pub fn cpt(&self) -> Option<&CptTable> {
        self.cpt.as_deref()
    }

    /// The path the CPT list was read from.
    pub fn cpt_source(&self) -> Option<&str> {
        self.cpt_source.as_deref()
    }

    /// One line naming every table, e.g.
    /// `HCPCS 2026-01, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02`; a user table also
    /// names its file (see [`describe_user`](Self::describe_user)).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.hcpcs_is_embedded() {
            parts.push(self.hcpcs_label.clone());
        }
        parts.extend(self.user_parts());
        parts.push(ICD10CM_RELEASE.to_string());
        parts.push(pos_release());
        parts.join(", ")
    }

    /// The user tables only, e.g. `HCPCS 2026-04 from data/HCPC2026_APR_ANWEB.txt, CPT list
    /// licensed/cpt.txt (9,812 codes)`; `None` when every table is embedded.
    pub fn describe_user(&self) -> Option<String> {
        let parts = self.user_parts();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    fn user_parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(source) = &self.hcpcs_source {
            let counts = format!(
                "{}, {}",
                plural(self.hcpcs.procedure_count(), "code", "codes"),
                plural(self.hcpcs.modifier_count(), "modifier", "modifiers")
            );
            if self.hcpcs_label.ends_with(source.as_str()) {
                parts.push(format!("{} ({counts})", self.hcpcs_label));
            } else {
                parts.push(format!("{} from {source} ({counts})", self.hcpcs_label));
            }
        }
        if let (Some(cpt), Some(source)) = (&self.cpt, &self.cpt_source) {
            parts.push(format!(
                "CPT list {source} ({})",
                plural(cpt.len(), "code", "codes")
            ));
        }
        if let Some((pack, source)) = &self.ncci {
            parts.push(format!(
                "{} from {source} ({})",
                pack.label(),
                pack.contents()
            ));
        }
        parts
    }
}

/// The embedded releases: `HCPCS 2026-01, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02`.
pub fn embedded_releases() -> String {
    CodeSets::default().describe()
}

/// `POS 2024-05-02` from the embedded place-of-service header.
pub fn pos_release() -> String {
    let date = POS_RELEASE.rsplit(' ').next().unwrap_or(POS_RELEASE);
    format!("POS {date}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {}", if n == 1 { one } else { many })
}

/// The last day of the quarter that starts on `release_date` (YYYYMMDD): three months on,
/// less a day. A date that is not a calendar date comes back unchanged.
pub fn quarter_end(release_date: u32) -> u32 {
    let (year, month, day) = (
        release_date / 10_000,
        release_date / 100 % 100,
        release_date % 100,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || year == 0 {
        return release_date;
    }
    let index = month - 1 + 3;
    let (year, month) = (year + index / 12, index % 12 + 1);
    // The day before `year-month-day`.
    if day > 1 {
        return year * 10_000 + month * 100 + day - 1;
    }
    let (year, month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    year * 10_000 + month * 100 + last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_by_default() {
        let sets = CodeSets::default();
        assert!(sets.hcpcs_is_embedded());
        assert!(sets.cpt().is_none());
        assert_eq!(sets.hcpcs_label(), "HCPCS 2026-01");
        assert_eq!(sets.hcpcs_covered_through(), 20260331);
        assert_eq!(
            embedded_releases(),
            "HCPCS 2026-01, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02"
        );
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_end(20260101), 20260331);
        assert_eq!(quarter_end(20261001), 20261231);
        assert_eq!(quarter_end(20251201), 20260228);
        assert_eq!(quarter_end(20231201), 20240229);
        assert_eq!(quarter_end(20260115), 20260414);
        assert_eq!(quarter_end(0), 0);
        assert_eq!(quarter_end(20261301), 20261301);
    }

    #[test]
    fn user_tables_are_named() {
        let cpt = CptTable::parse(b"99213\n87880\n").expect("parses");
        let sets = CodeSets::default()
            .with_cpt(cpt, "lists/cpt.txt")
            .with_hcpcs(HcpcsTable::embedded(), "data/HCPC2026_APR_ANWEB.txt");
        // An embedded table keeps its own name; only unnamed tables take the file's.
        assert_eq!(sets.hcpcs_label(), "HCPCS 2026-01");
        assert!(!sets.hcpcs_is_embedded());
        let user = "HCPCS 2026-01 from data/HCPC2026_APR_ANWEB.txt (8,623 codes, 383 modifiers), \
                    CPT list lists/cpt.txt (2 codes)";
        assert_eq!(sets.describe_user().as_deref(), Some(user));
        assert_eq!(
            sets.describe(),
            format!("{user}, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02")
        );
        assert_eq!(CodeSets::default().describe_user(), None);
        assert_eq!(plural(12345, "code", "codes"), "12,345 codes");
        assert_eq!(plural(1, "code", "codes"), "1 code");
    }
}
