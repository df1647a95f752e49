//! The service lines of one claim as the S rules read them: each line's procedure code,
//! its class, its date of service and what the CMS HCPCS file says about it, worked out
//! once per line for every rule of the family.

use super::codes;
use crate::codes::procedure::ProcedureClass;
use crate::codes::tables::HcpcsTable;
use crate::rules::c::Level2Code;
use crate::rules::prelude::*;
use crate::x12::Piece;
use crate::x12::values::Date;

/// The most service lines an 837P claim may have. A longer claim is reported by H016 and
/// skipped here: the pairing rules compare every line with every other one.
pub const MAX_LINES: usize = 50;

/// One service line as these rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'c, 'a> {
    pub service: &'c ServiceLine<'a>,
    /// The SV1, when the line has one.
    pub sv1: Option<&'c Sv1<'a>>,
    /// SV101-2 when SV101-1 is `HC` and the code has a CPT or HCPCS Level II shape; `None`
    /// for a line the rules cannot read (no SV1, another qualifier, a malformed code).
    pub code: Option<Piece<'a>>,
    pub class: Option<ProcedureClass>,
    /// The code as an integer key for the code tables.
    pub key: Option<codes::Key>,
    /// The tables of [`codes::Groups`] the code is in.
    pub groups: codes::Groups,
    /// The date of service as a period (a D8 date is a one-day period); `None` when the
    /// line has no DTP\*472, more than one, or one that does not parse.
    pub period: Option<(Date, Date)>,
    /// What the CMS HCPCS file says about a Level II code (`Unlisted` for other codes).
    pub hcpcs: Hcpcs,
    /// SV101-2 with its record in the HCPCS table, when it has the Level II shape and
    /// SV101-1 is `HC`: looked up once for the line's cross-line and SV1 rules alike.
    pub level2: Option<Level2Code<'c, 'a>>,
}

/// What the CMS HCPCS file says about a line's HCPCS Level II code, read once per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hcpcs {
    /// Not a HCPCS Level II code.
    NotLevel2,
    /// A Level II code the table does not hold (a newer quarter, or a typo the code-set
    /// rules report), or one the CMS file leaves unclassified (BETOS `Z2`: mostly the
    /// non-Medicare `S`, `H` and `T` codes, drugs among them): it might be anything, so the
    /// pairing rules treat it like an unreadable line.
    Unknown,
    /// A code in the table.
    Known {
        /// A drug, biological or vaccine product ([`HcpcsEntry::is_drug`]).
        drug: bool,
        /// A drug Medicare prices as one given in the practice (pricing indicator `51`)
        /// whose CMS description names no route other than injection (see
        /// [`is_given_another_way`]); vaccines (BETOS `O1G`) and drugs given through
        /// equipment (BETOS `D1G`) excluded.
        injected_drug: bool,
        /// A procedure or professional service that can include giving a drug: a `G` or
        /// `M` code grouped with drugs (an administration such as `G0008`), or one whose
        /// BETOS is a procedure (`P`), imaging (`I`) or test (`T`).
        procedure: bool,
        /// A transport service (CMS type of service `D`).
        transport: Transport,
    },
}

/// What kind of transport a HCPCS code bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Not a transport service.
    None,
    /// An ambulance service (type of service `D`).
    Ambulance,
    /// A transport the CMS short description calls non-emergency (`Nonemergency transport
    /// taxi`, `Noner transport wheelch van`): type of service `D` too.
    NonEmergency,
}

/// Words of a CMS short description that say a drug is not given by injection or infusion:
/// by mouth, into the nose, inhaled, on the skin or eye, as an implant, insert,
/// instillation, patch, film or suppository. The file has no route field; its descriptions
/// name the route whenever it is not an injection.
const OTHER_ROUTES: &[&str] = &[
    "oral", "nasal", "inhal", "film", "suppos", "opth", "opht", "topi", "implant", "insert",
    "instil", "patch",
];

/// Whether the CMS short description of a drug names a route other than injection.
///
/// The description is lowercased on the stack (CMS short descriptions have at most 28
/// characters): a lowercased copy on the heap was an allocation for every drug line of
/// every claim.
pub fn is_given_another_way(short_description: &str) -> bool {
    let mut room = [0u8; 64];
    let lower = match room.get_mut(..short_description.len()) {
        Some(lower) => {
            lower.copy_from_slice(short_description.as_bytes());
            lower.make_ascii_lowercase();
            // Lowercasing ASCII letters keeps the text UTF-8.
            std::str::from_utf8(lower).unwrap_or_default()
        }
        None => return other_route_in(&short_description.to_ascii_lowercase()),
    };
    other_route_in(lower)
}

/// Whether lowercased text names one of [`OTHER_ROUTES`].
fn other_route_in(lower: &str) -> bool {
    OTHER_ROUTES.iter().any(|w| lower.contains(w))
}

impl Hcpcs {
    /// What the record of `level2` says, for a line whose SV101-2 is `level2` (`None`: the
    /// code is not a Level II code sent as `HC`).
    fn of(level2: Option<&Level2Code<'_, '_>>) -> Hcpcs {
        let Some(level2) = level2 else {
            return Hcpcs::NotLevel2;
        };
        let Some(entry) = level2.entry else {
            return Hcpcs::Unknown;
        };
        let a = entry.attributes;
        let betos = a.betos();
        if matches!(betos, "" | "Z2") {
            return Hcpcs::Unknown;
        }
        // `is_drug` and `is_drug_administration` read as one fact and the letter: the
        // group reads two pricing indicators, and every Level II line comes here.
        let drug_group = a.is_drug_group();
        let service_letter = entry.is_service_letter();
        let drug = drug_group && !service_letter;
        let injected_drug = drug
            && a.has_pricing("51")
            && !matches!(betos, "O1G" | "D1G")
            && !is_given_another_way(entry.short_description);
        let procedure = service_letter
            && (drug_group || matches!(betos.as_bytes().first(), Some(b'P' | b'I' | b'T')));
        let transport = if !a.is_transport() {
            Transport::None
        } else {
            let d = entry.short_description.to_ascii_lowercase();
            if ["nonemerg", "noner", "non er"]
                .iter()
                .any(|w| d.contains(w))
            {
                Transport::NonEmergency
            } else {
                Transport::Ambulance
            }
        };
        Hcpcs::Known {
            drug,
            injected_drug,
            procedure,
            transport,
        }
    }
}

impl<'c, 'a> Line<'c, 'a> {
    /// A line of `service` with nothing read yet, for [`Line::read`].
    fn blank(service: &'c ServiceLine<'a>) -> Self {
        Line {
            service,
            sv1: service.sv1.as_ref(),
            code: None,
            class: None,
            key: None,
            groups: codes::Groups::default(),
            period: None,
            hcpcs: Hcpcs::NotLevel2,
            level2: None,
        }
    }

    /// Reads the line's service line into it, in place: a line made on the stack and
    /// pushed was copied into the view's list with 16-byte loads of what narrower stores
    /// had just written (a store-forwarding stall on every line, in perf's samples).
    fn read(&mut self, table: &'c HcpcsTable) {
        let (service, sv1) = (self.service, self.sv1);
        let level2 = sv1.and_then(|s| Level2Code::of(table, s));
        let (code, class) = match sv1 {
            Some(s) if s.is_hc() => (s.code(), s.code().map(|_| s.procedure_class())),
            _ => (None, None),
        };
        let readable = class.is_some_and(|c| c.is_cpt() || c.is_hcpcs_level2());
        let code = code.filter(|_| readable);
        // The model read the first readable date; with more than one DTP*472 the line
        // has no single period.
        let period = match service.service_dates.len() {
            1 => service.date_of_service.map(|d| (d.from, d.to)),
            _ => None,
        };
        let key = code.and_then(|c| codes::Key::of(c.value));
        self.code = code;
        self.class = class.filter(|_| readable);
        self.key = key;
        self.groups = key
            .filter(|_| class.is_some_and(codes::Groups::may_hold))
            .map_or_else(codes::Groups::default, codes::Groups::of);
        self.period = period;
        self.hcpcs = Hcpcs::of(level2.as_ref());
        self.level2 = level2;
    }

    /// The procedure code when the line can be read and it is in one of `table`'s ranges.
    pub fn code_in(&self, table: &[codes::Codes]) -> Option<Piece<'a>> {
        self.code
            .filter(|_| self.key.is_some_and(|k| codes::contains(table, k)))
    }

    /// The procedure code when the line can be read and it matches one of `patterns`
    /// (codes or ranges as text, see [`codes::matches()`]).
    pub fn code_matches(&self, patterns: &[&str]) -> Option<Piece<'a>> {
        self.code.filter(|c| codes::matches_any(c.value, patterns))
    }

    /// A line whose procedure the rules cannot read. It might be the code another line is
    /// missing, so it keeps the absence rules quiet on its date: its own problem is reported
    /// by the code-set rules.
    pub fn is_unreadable(&self) -> bool {
        self.code.is_none()
    }

    /// Whether the line bills a drug, a biological or a vaccine product: a HCPCS Level II
    /// code the CMS file groups with drugs, a CPT product code ([`codes::CPT_PRODUCT`]), or
    /// any code with an NDC in loop 2410.
    pub fn is_drug(&self) -> bool {
        self.has_ndc()
            || matches!(self.hcpcs, Hcpcs::Known { drug: true, .. })
            || self.code_in(codes::CPT_PRODUCT).is_some()
    }

    /// Whether the line might be the procedure during which a drug was given: a CPT code of
    /// the anesthesia, surgery, radiology or medicine sections (not an evaluation and
    /// management visit, a laboratory test or a product code), a Category III code, or a
    /// HCPCS procedure ([`Hcpcs::Known`]); or a line the rules cannot read.
    pub fn may_give_drug(&self) -> bool {
        use crate::codes::procedure::CptSection::*;
        match (self.class, self.hcpcs) {
            (None, _) | (_, Hcpcs::Unknown) => true,
            (_, Hcpcs::Known { procedure, .. }) => procedure,
            (Some(ProcedureClass::CptCategory1(section)), _) => {
                matches!(
                    section,
                    Anesthesia | AnesthesiaQualifyingCircumstances | Surgery | Radiology | Medicine
                ) && self.code_in(codes::CPT_PRODUCT).is_none()
            }
            (Some(ProcedureClass::CptCategory3 | ProcedureClass::CptVaccineAlpha), _) => true,
            _ => false,
        }
    }

    /// Whether the line has a drug identification loop 2410.
    pub fn has_ndc(&self) -> bool {
        !self.service.drugs.is_empty()
    }

    /// Whether this line and `other` may share a date of service: their periods overlap,
    /// or one of them has no readable date (then the date rules report it, not these).
    pub fn may_share_date(&self, other: &Line<'_, '_>) -> bool {
        match (self.period, other.period) {
            (Some(a), Some(b)) => a.0 <= b.1 && b.0 <= a.1,
            _ => true,
        }
    }

    /// Whether both lines have a readable date of service and the periods overlap.
    pub fn shares_date(&self, other: &Line<'_, '_>) -> bool {
        self.period.is_some() && other.period.is_some() && self.may_share_date(other)
    }
}

/// The service lines of one claim, read once for all rules of the family.
#[derive(Debug)]
pub struct ClaimLines<'c, 'a> {
    pub claim: &'c Claim<'a>,
    /// Every line of the claim in order; empty when the claim has more than
    /// [`MAX_LINES`] lines.
    pub lines: Vec<Line<'c, 'a>>,
    /// The [`codes::Groups`] of any of the lines.
    groups: codes::Groups,
}

impl<'c, 'a> ClaimLines<'c, 'a> {
    #[cfg(test)]
    pub fn new(claim: &'c Claim<'a>) -> Self {
        Self::with_buffer(claim, HcpcsTable::embedded_ref(), Vec::new())
    }

    /// Like [`ClaimLines::new`], but fills `lines` (emptied first), so one allocation can
    /// serve every claim: get it back with [`ClaimLines::into_buffer`].
    pub fn with_buffer(
        claim: &'c Claim<'a>,
        table: &'c HcpcsTable,
        mut lines: Vec<Line<'c, 'a>>,
    ) -> Self {
        lines.clear();
        let mut groups = codes::Groups::default();
        if claim.lines.len() <= MAX_LINES {
            lines.reserve_exact(claim.lines.len());
            for service in &claim.lines {
                lines.push(Line::blank(service));
                if let Some(line) = lines.last_mut() {
                    line.read(table);
                    groups = groups.with(line.groups);
                }
            }
        }
        ClaimLines {
            claim,
            lines,
            groups,
        }
    }

    /// Whether any line's code is in `group`'s table: most claims have no line in the tables
    /// the claim-wide rules start from.
    pub fn any_in(&self, group: codes::Groups) -> bool {
        self.groups.has(group)
    }

    /// The lines' storage, for the next claim.
    pub fn into_buffer(self) -> Vec<Line<'c, 'a>> {
        self.lines
    }

    /// Whether some line, other than line `i`, that may share line `i`'s date of service
    /// is unreadable or satisfies `partner`.
    pub fn has_partner(&self, i: usize, partner: impl Fn(&Line<'c, 'a>) -> bool) -> bool {
        let line = &self.lines[i];
        self.lines.iter().enumerate().any(|(j, other)| {
            j != i && line.may_share_date(other) && (other.is_unreadable() || partner(other))
        })
    }

    /// Calls `report` once per group of flagged lines that share a date of service: with
    /// the first line of the group and the later ones. `flagged` must only accept lines with
    /// a readable code and date.
    pub fn by_date(
        &self,
        flagged: impl Fn(usize) -> bool,
        mut report: impl FnMut(&Line<'c, 'a>, &mut dyn Iterator<Item = &Line<'c, 'a>>),
    ) {
        let lines = &self.lines;
        for (i, line) in lines.iter().enumerate() {
            if !flagged(i) || (0..i).any(|j| lines[j].shares_date(line) && flagged(j)) {
                continue;
            }
            let mut others = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .filter(|&(k, other)| line.shares_date(other) && flagged(k))
                .map(|(_, other)| other);
            report(line, &mut others);
        }
    }

    /// The place of service of a line: SV105, or else CLM05-1.
    pub fn place_of_service(&self, line: &Line<'_, 'a>) -> Option<Piece<'a>> {
        line.sv1
            .and_then(|s| s.place_of_service())
            .filter(|e| !e.value.is_empty())
            .or_else(|| self.claim.service_location())?
            .component(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The routes are found in every description of the embedded HCPCS file as in its
    /// lowercased copy, and some descriptions name one.
    #[test]
    fn routes_found_in_place_are_those_of_the_lowercased_description() {
        let mut named = 0;
        for entry in HcpcsTable::embedded_ref().procedures() {
            let lower = entry.short_description.to_ascii_lowercase();
            let expected = OTHER_ROUTES.iter().any(|w| lower.contains(w));
            assert_eq!(
                is_given_another_way(entry.short_description),
                expected,
                "{}",
                entry.short_description
            );
            named += usize::from(expected);
        }
        assert!(named > 100, "{named}");
        assert!(is_given_another_way("Budesonide INHAL susp"));
        assert!(!is_given_another_way("Injection, ceftriaxone"));
    }
}
