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
    /// The CMS file's payment attributes, as the file has them (see the accessors).
    pub attributes: Attributes<'a>,
}

/// The Medicare payment attributes the CMS HCPCS file gives a procedure code: pricing
/// indicators, coverage code, ASC payment group, Berenson-Eggers type of service (BETOS) and
/// CMS type of service codes. Blank for modifiers and for a record that lacks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Attributes<'a>(&'a str);

/// Medicare coverage status of a HCPCS code (the CMS file's coverage code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coverage {
    /// `C`: carrier judgment.
    CarrierJudgment,
    /// `D`: special coverage instructions apply.
    SpecialInstructions,
    /// `I`: not payable by Medicare (Medicare uses another code for the service).
    NotPayable,
    /// `M`: non-covered by Medicare.
    NotCovered,
    /// `S`: non-covered by Medicare statute.
    StatutoryExclusion,
}

impl<'a> Attributes<'a> {
    /// Attributes as stored (`format::ATTRIBUTES_WIDTH` bytes), or blank ones.
    pub const fn new(stored: &'a str) -> Self {
        Attributes(stored)
    }

    fn field(&self, from: usize, to: usize) -> &'a str {
        format::without_padding(self.0.get(from..to).unwrap_or(""))
    }

    /// The pricing indicator codes (one to four two-digit codes): `51` drugs, `54`
    /// vaccinations, `11` physician fee schedule…
    pub fn pricing_indicators(&self) -> impl Iterator<Item = &'a str> + 'a {
        let all = self.0.get(0..8).unwrap_or("");
        (0..4).filter_map(move |i| {
            all.get(2 * i..2 * i + 2)
                .filter(|p| p.trim() == *p && !p.is_empty())
        })
    }

    /// Whether one of the pricing indicators is `indicator`.
    #[inline]
    pub fn has_pricing(&self, indicator: &str) -> bool {
        // Rules ask this of every line's code, for a two-digit indicator: one that cannot be
        // padding is a slot's bytes exactly, compared in place.
        if let [a, b] = *indicator.as_bytes()
            && a.is_ascii_alphanumeric()
            && b.is_ascii_alphanumeric()
        {
            return self.pricing_slots().is_some_and(|s| s.contains(&[a, b]));
        }
        self.has_pricing_by_text(indicator)
    }

    /// [`Self::has_pricing`] for any indicator: what `pricing_indicators` gives, without
    /// trimming each slot (a slot equal to an indicator with no padding has none either).
    fn has_pricing_by_text(&self, indicator: &str) -> bool {
        let all = self.0.get(0..8).unwrap_or("");
        !indicator.is_empty()
            && !indicator.starts_with(char::is_whitespace)
            && !indicator.ends_with(char::is_whitespace)
            && (0..4).any(|i| all.get(2 * i..2 * i + 2) == Some(indicator))
    }

    /// The four two-byte pricing indicator slots as stored, blank ones included; `None` for
    /// attributes too short to hold them (which have no indicators).
    #[inline]
    fn pricing_slots(&self) -> Option<[[u8; 2]; 4]> {
        let all: [u8; 8] = self.0.get(0..8)?.as_bytes().try_into().ok()?;
        Some([
            [all[0], all[1]],
            [all[2], all[3]],
            [all[4], all[5]],
            [all[6], all[7]],
        ])
    }

    /// The Medicare coverage code.
    pub fn coverage(&self) -> Option<Coverage> {
        match self.field(8, 9) {
            "C" => Some(Coverage::CarrierJudgment),
            "D" => Some(Coverage::SpecialInstructions),
            "I" => Some(Coverage::NotPayable),
            "M" => Some(Coverage::NotCovered),
            "S" => Some(Coverage::StatutoryExclusion),
            _ => None,
        }
    }

    /// The coverage code letter as the file has it.
    pub fn coverage_code(&self) -> &'a str {
        self.field(8, 9)
    }

    /// Whether CMS approves the procedure for an ambulatory surgical center (ASC payment
    /// group `YY`).
    pub fn asc_approved(&self) -> bool {
        self.field(9, 11) == "YY"
    }

    /// The BETOS code, e.g. `O1E` (other drugs), `O1D` (chemotherapy), `O1A` (ambulance).
    pub fn betos(&self) -> &'a str {
        self.field(11, 14)
    }

    /// The type of service codes, e.g. `1P`, `D` (ambulance), `V` (vaccines).
    pub fn types_of_service(&self) -> &'a str {
        self.field(14, 19)
    }

    /// Whether the CMS file groups the code with drugs: BETOS `O1D` (chemotherapy), `O1E`
    /// (other drugs) or `O1G` (immunizations), or Medicare prices it as a drug (pricing
    /// indicator `51`) or a vaccination (`54`). Among the procedure letters (`G`, `M`) these
    /// are the services of giving such a drug; see [`HcpcsEntry::is_drug`].
    pub fn is_drug_group(&self) -> bool {
        // The BETOS field as stored: padding only ever follows the code, so a full field
        // equal to one of these is exactly a BETOS code equal to it.
        matches!(self.0.get(11..14), Some("O1D" | "O1E" | "O1G")) || self.is_priced_as_drug()
    }

    /// Whether Medicare Part B prices the code as a drug or vaccination (`51`, `54`), as
    /// opposed to not pricing it separately (`00`: oral drugs, drugs given through equipment,
    /// self-administered drugs).
    pub fn is_priced_as_drug(&self) -> bool {
        // Both indicators looked for in one pass over the slots.
        self.pricing_slots()
            .is_some_and(|s| s.iter().any(|p| matches!(p, b"51" | b"54")))
    }

    /// Whether the code is a transport service: CMS type of service `D` (ambulance), which
    /// the file gives to ambulance and non-emergency transport codes alike.
    pub fn is_transport(&self) -> bool {
        self.types_of_service().contains('D')
    }
}

impl HcpcsEntry<'_> {
    /// Whether the code is a procedure or professional service by its letter: `G`
    /// (procedures and professional services) and `M` (medical services). The other letters
    /// code supplies, drugs, equipment, transport and temporary codes.
    pub fn is_service_letter(&self) -> bool {
        matches!(self.code.as_bytes().first(), Some(b'G' | b'M'))
    }

    /// Whether the code bills a drug, biological or vaccine product: the CMS file groups it
    /// with drugs ([`Attributes::is_drug_group`]) and it is not a service letter (the
    /// drug-grouped `G` and `M` codes, such as `G0008` or `M0201`, bill giving the product).
    pub fn is_drug(&self) -> bool {
        self.attributes.is_drug_group() && !self.is_service_letter()
    }

    /// Whether the code bills giving a drug or vaccine: a drug-grouped `G` or `M` code.
    pub fn is_drug_administration(&self) -> bool {
        self.attributes.is_drug_group() && self.is_service_letter()
    }

    /// Whether the code is valid for a date of service (YYYYMMDD).
    pub fn active_on(&self, date: u32) -> bool {
        self.add_date <= date
            && match self.term_date {
                Some(term) => date <= term,
                None => true,
            }
    }
}

/// The dates of a HCPCS entry ([`HcpcsTable::modifier_dates`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModifierDates {
    pub add_date: u32,
    pub term_date: Option<u32>,
}

impl ModifierDates {
    /// [`HcpcsEntry::active_on`] of the entry these are the dates of.
    pub fn active_on(&self, date: u32) -> bool {
        self.add_date <= date && self.term_date.is_none_or(|term| date <= term)
    }
}

/// The codes a table of records holds, and so how a code finds its slot in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A capital letter and four digits.
    Procedure,
    /// Two capital letters or digits.
    Modifier,
}

impl Kind {
    const fn code_width(self) -> usize {
        match self {
            Kind::Procedure => 5,
            Kind::Modifier => 2,
        }
    }

    const fn slots(self) -> usize {
        match self {
            Kind::Procedure => index::PROCEDURE_SLOTS,
            Kind::Modifier => index::MODIFIER_SLOTS,
        }
    }

    #[inline]
    fn slot(self, code: &[u8]) -> Option<usize> {
        match self {
            Kind::Procedure => index::procedure_slot(code),
            Kind::Modifier => index::modifier_slot(code),
        }
    }
}

/// Fixed-width HCPCS records (see `format.rs`), borrowed when embedded, owned when loaded,
/// with the direct index that finds a code's record.
#[derive(Debug, Clone)]
struct Records {
    data: Cow<'static, str>,
    kind: Kind,
    code_width: usize,
    desc_width: usize,
    index: index::SlotIndex,
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
            attributes: Attributes::new(fields.attributes),
        })
    }

    /// The dates of [`entry`](Self::entry) `index` alone (ADD_DT, TERM_DT), `None` exactly
    /// when it is `None`.
    fn dates(&self, index: usize) -> Option<(u32, Option<u32>)> {
        let record = format::record(&self.data, self.width(), index)?;
        format::hcpcs_dates(record, self.code_width)
    }

    #[inline]
    fn get(&self, code: &[u8]) -> Option<HcpcsEntry<'_>> {
        self.entry(self.index.position(self.kind.slot(code)?)?)
    }

    fn from_anweb(list: &[anweb::AnwebRecord], kind: Kind) -> Result<Records, TableError> {
        let code_width = kind.code_width();
        let (data, desc_width) = anweb::records(list, code_width);
        // The parser admits only codes of the kind's shape and sorts them, so this holds; a
        // table it did not hold for could not be looked up exactly.
        let index = index::SlotIndex::build(
            list.iter().map(|r| kind.slot(r.code.as_bytes())),
            kind.slots(),
        )
        .ok_or_else(|| TableError::new(0, "the codes cannot be indexed"))?;
        Ok(Records {
            data: Cow::Owned(data),
            kind,
            code_width,
            desc_width,
            index,
        })
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
    /// The embedded table as a shared reference.
    pub fn embedded_ref() -> &'static HcpcsTable {
        &EMBEDDED
    }

    /// The table compiled into claimlint. Costs nothing: it borrows the embedded records.
    pub const fn embedded() -> HcpcsTable {
        HcpcsTable {
            procedures: Records {
                data: Cow::Borrowed(hcpcs::RECORDS),
                kind: Kind::Procedure,
                code_width: hcpcs::CODE_WIDTH,
                desc_width: hcpcs::DESC_WIDTH,
                index: index::SlotIndex::from_static(&keys::HCPCS_BITS, &keys::HCPCS_RANKS),
            },
            modifiers: Records {
                data: Cow::Borrowed(modifiers::RECORDS),
                kind: Kind::Modifier,
                code_width: modifiers::CODE_WIDTH,
                desc_width: modifiers::DESC_WIDTH,
                index: index::SlotIndex::from_static(&keys::MODIFIERS_BITS, &keys::MODIFIERS_RANKS),
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
            procedures: Records::from_anweb(&file.procedures, Kind::Procedure)?,
            modifiers: Records::from_anweb(&file.modifiers, Kind::Modifier)?,
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

    /// The add and termination dates of [`modifier`](Self::modifier)'s entry, without
    /// reading the rest of it: what most lines with a modifier need.
    pub fn modifier_dates(&self, code: &[u8]) -> Option<ModifierDates> {
        let index = self
            .modifiers
            .index
            .position(self.modifiers.kind.slot(code)?)?;
        let (add_date, term_date) = self.modifiers.dates(index)?;
        Some(ModifierDates {
            add_date,
            term_date,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates alone answer as the whole entry: for every two-character modifier, in the
    /// embedded table, and for every record of both tables, also cut short or with a
    /// character of two bytes at each place.
    #[test]
    fn dates_are_the_entrys() {
        let table = HcpcsTable::embedded();
        let mut found = 0;
        for a in 0..=u8::MAX {
            for b in [b'0', b'9', b'A', b'J', b'Q', b'Z', b'a', b' ', 0] {
                let code = [a, b];
                let dates = table.modifier_dates(&code);
                let entry = table.modifier(&code);
                assert_eq!(
                    dates,
                    entry.map(|e| ModifierDates {
                        add_date: e.add_date,
                        term_date: e.term_date,
                    }),
                    "{code:?}"
                );
                if let (Some(dates), Some(entry)) = (dates, entry) {
                    for date in [
                        0,
                        dates.add_date,
                        20260101,
                        dates.term_date.unwrap_or(0),
                        u32::MAX,
                    ] {
                        assert_eq!(dates.active_on(date), entry.active_on(date));
                    }
                    found += 1;
                }
            }
        }
        assert!(found > 40, "{found}");
        for records in [&table.procedures, &table.modifiers] {
            let width = records.width();
            for i in (0..records.len()).step_by(13) {
                let record = format::record(&records.data, width, i).expect("a record");
                let mut variants = vec![record.to_string()];
                for cut in [
                    0,
                    3,
                    records.code_width + 8,
                    records.code_width + 16,
                    width - 1,
                ] {
                    variants.push(record[..cut.min(record.len())].to_string());
                }
                for at in (0..record.len()).step_by(5) {
                    let mut bytes = record.as_bytes().to_vec();
                    bytes.splice(at..at + 1, "é".bytes());
                    if let Ok(variant) = String::from_utf8(bytes) {
                        variants.push(variant);
                    }
                }
                for variant in variants {
                    assert_eq!(
                        format::hcpcs_dates(&variant, records.code_width),
                        format::hcpcs_fields(&variant, records.code_width)
                            .map(|f| (f.add_date, f.term_date)),
                        "{variant:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn has_pricing_is_one_of_the_listed_indicators() {
        // Pricing indicators as the CMS file pads them: up to four two-digit codes in the
        // first eight bytes, blanks for the ones a code lacks.
        for stored in [
            "51      ",
            "1151    ",
            "115154  ",
            "  51    ",
            " 5 4    ",
            "        ",
            "51",
            "5",
            "",
            "11515454O1E",
            "5\u{e9}51    ",
            "51\u{e9}54   ",
            "1151545\u{e9}",
            "\u{85}51     ",
            "\t5\x0b4    ",
        ] {
            let attributes = Attributes::new(stored);
            for indicator in [
                "51", "54", "11", " 5", "5 ", "  ", "", "1151", "5", "\u{e9}", "\u{85}", "\t5",
                "5\x0b", "A1",
            ] {
                assert_eq!(
                    attributes.has_pricing(indicator),
                    attributes.pricing_indicators().any(|p| p == indicator),
                    "{stored:?} has {indicator:?}"
                );
            }
            assert_eq!(
                attributes.is_priced_as_drug(),
                attributes.has_pricing_by_text("51") || attributes.has_pricing_by_text("54"),
                "{stored:?}"
            );
        }
    }
}
