//! HCPCS Level II procedure codes and modifiers: the embedded quarter, or a CMS ANWEB file
//! loaded at run time.

use super::*;

/// A HCPCS Level II procedure code or modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HcpcsEntry<'a> {
    /// `J1885`, or a 2-character modifier such as `JW`.
    pub code: &'a str,
    /// CMS short description (at most 28 characters), trimmed.
    pub short_description: &'a str,
    /// ADD_DT, YYYYMMDD.
    pub add_date: u32,
    /// TERM_DT, YYYYMMDD: the last date of service the code may be used for.
    pub term_date: Option<u32>,
}

impl HcpcsEntry<'_> {
    /// Whether the code is valid for a date of service (YYYYMMDD).
    pub fn active_on(&self, date: u32) -> bool {
        self.add_date <= date
            && match self.term_date {
                Some(term) => date <= term,
                None => true,
            }
    }
}

/// Fixed-width HCPCS records (see `format.rs`), borrowed when embedded, owned when loaded.
#[derive(Debug, Clone)]
struct Records {
    data: Cow<'static, str>,
    code_width: usize,
    desc_width: usize,
}

impl Records {
    fn width(&self) -> usize {
        format::hcpcs_record_width(self.code_width, self.desc_width)
    }

    fn len(&self) -> usize {
        format::record_count(&self.data, self.width())
    }

    fn entry(&self, index: usize) -> Option<HcpcsEntry<'_>> {
        let record = format::record(&self.data, self.width(), index)?;
        let fields = format::hcpcs_fields(record, self.code_width)?;
        Some(HcpcsEntry {
            code: fields.code,
            short_description: fields.short_description,
            add_date: fields.add_date,
            term_date: fields.term_date,
        })
    }

    fn get(&self, code: &[u8]) -> Option<HcpcsEntry<'_>> {
        if code.len() != self.code_width {
            return None;
        }
        self.entry(format::find(
            &self.data,
            self.width(),
            self.code_width,
            code,
        )?)
    }

    fn from_anweb(list: &[anweb::AnwebRecord], code_width: usize) -> Records {
        let (data, desc_width) = anweb::records(list, code_width);
        Records {
            data: Cow::Owned(data),
            code_width,
            desc_width,
        }
    }
}

/// HCPCS Level II procedure codes and modifiers: the embedded quarter, or a CMS ANWEB file
/// supplied at run time (e.g. a newer quarter).
#[derive(Debug, Clone)]
pub struct HcpcsTable {
    procedures: Records,
    modifiers: Records,
    release: Option<Cow<'static, str>>,
    release_date: u32,
    // `None` when nothing is terminated; the getters then fall back to the release date,
    // which `with_release` may change.
    oldest_termination: Option<u32>,
    modifier_oldest_termination: Option<u32>,
}

static EMBEDDED: HcpcsTable = HcpcsTable::embedded();

impl HcpcsTable {
    /// The table compiled into claimlint. Costs nothing: it borrows the embedded records.
    pub const fn embedded() -> HcpcsTable {
        HcpcsTable {
            procedures: Records {
                data: Cow::Borrowed(hcpcs::RECORDS),
                code_width: hcpcs::CODE_WIDTH,
                desc_width: hcpcs::DESC_WIDTH,
            },
            modifiers: Records {
                data: Cow::Borrowed(modifiers::RECORDS),
                code_width: modifiers::CODE_WIDTH,
                desc_width: modifiers::DESC_WIDTH,
            },
            release: Some(Cow::Borrowed(hcpcs::RELEASE)),
            release_date: hcpcs::RELEASE_DATE,
            oldest_termination: Some(hcpcs::OLDEST_TERMINATION),
            modifier_oldest_termination: Some(modifiers::OLDEST_TERMINATION),
        }
    }

    /// Reads a CMS Alpha-Numeric HCPCS file (`HCPC<year>_<MON>_ANWEB*.txt`, fixed width,
    /// Windows-1252). The release is unnamed and its date estimated (see
    /// [`release_date`](Self::release_date)) until [`with_release`](Self::with_release) names
    /// it, e.g. from [`release_from_file_name`].
    pub fn parse(bytes: &[u8]) -> Result<HcpcsTable, TableError> {
        let file = anweb::parse(bytes)?;
        let all = || file.procedures.iter().chain(&file.modifiers);
        let release_date = all()
            .flat_map(|r| [Some(r.add_date), r.action_effective_date])
            .flatten()
            .max()
            .unwrap_or(0);
        let oldest = |list: &[anweb::AnwebRecord]| list.iter().filter_map(|r| r.term_date).min();
        Ok(HcpcsTable {
            procedures: Records::from_anweb(&file.procedures, 5),
            modifiers: Records::from_anweb(&file.modifiers, 2),
            release: None,
            release_date,
            oldest_termination: oldest(&file.procedures),
            modifier_oldest_termination: oldest(&file.modifiers),
        })
    }

    /// Names the release of a parsed file and sets the first date of its quarter.
    pub fn with_release(mut self, release: impl Into<String>, release_date: u32) -> HcpcsTable {
        self.release = Some(Cow::Owned(release.into()));
        self.release_date = release_date;
        self
    }

    /// A HCPCS Level II procedure code (`J1885`).
    pub fn procedure(&self, code: &[u8]) -> Option<HcpcsEntry<'_>> {
        self.procedures.get(code)
    }

    /// A HCPCS Level II modifier (`JW`).
    pub fn modifier(&self, code: &[u8]) -> Option<HcpcsEntry<'_>> {
        self.modifiers.get(code)
    }

    /// All procedure codes in code order.
    pub fn procedures(&self) -> impl Iterator<Item = HcpcsEntry<'_>> + '_ {
        (0..self.procedures.len()).filter_map(|i| self.procedures.entry(i))
    }

    /// All modifiers in code order.
    pub fn modifiers(&self) -> impl Iterator<Item = HcpcsEntry<'_>> + '_ {
        (0..self.modifiers.len()).filter_map(|i| self.modifiers.entry(i))
    }

    /// Number of procedure codes.
    pub fn procedure_count(&self) -> usize {
        self.procedures.len()
    }

    /// Number of modifiers.
    pub fn modifier_count(&self) -> usize {
        self.modifiers.len()
    }

    /// Label such as `"HCPCS 2026-01"`; `None` for a parsed file not yet named.
    pub fn release(&self) -> Option<&str> {
        self.release.as_deref()
    }

    /// First date of the quarter (YYYYMMDD). For an unnamed parsed file, the latest ADD_DT or
    /// action effective date in it, which for CMS quarterly files is the quarter's first day.
    pub fn release_date(&self) -> u32 {
        self.release_date
    }

    /// Earliest procedure TERM_DT (the release date if none is terminated); see
    /// [`HCPCS_OLDEST_TERMINATION`].
    pub fn oldest_termination(&self) -> u32 {
        self.oldest_termination.unwrap_or(self.release_date)
    }

    /// Earliest modifier TERM_DT (the release date if none is terminated).
    pub fn modifier_oldest_termination(&self) -> u32 {
        self.modifier_oldest_termination
            .unwrap_or(self.release_date)
    }
}

impl Default for HcpcsTable {
    fn default() -> Self {
        HcpcsTable::embedded()
    }
}

/// A HCPCS Level II procedure code (RIC 3) in the embedded table.
pub fn hcpcs(code: &[u8]) -> Option<HcpcsEntry<'static>> {
    EMBEDDED.procedures.get(code)
}

/// A HCPCS Level II modifier (RIC 7) in the embedded table.
pub fn hcpcs_modifier(code: &[u8]) -> Option<HcpcsEntry<'static>> {
    EMBEDDED.modifiers.get(code)
}
