//! S rules: situational requirements (SNIP 4).
//!
//! S001–S015 check one service line (S011 the claim's transport details). S101–S106: coding consistency across the service lines of one claim, payers' coding-policy edits (SNIP 7).
//!
//! CPT (HCPCS Level I, maintained by the AMA) describes what the professional did: gave an
//! injection, ran an infusion, administered a vaccine. HCPCS Level II (maintained by CMS) and
//! the CPT product codes describe the thing that was given: the drug in the syringe, the
//! vaccine. Both usually belong on the same claim, on the same date of service. These rules
//! look at all lines of one claim together and warn when one half of such a pair is missing,
//! when an add-on code lacks its primary code, and when a line repeats another one.
//!
//! Code tables hold code numbers and ranges only, never CPT descriptors.
//!
//! The dispatcher builds one [`ClaimLines`] per claim and hands it to every rule that checks
//! that node, so a claim is read once whatever the number of rules enabled.

pub mod s001_procedure_modifier_gap;
pub mod s002_duplicate_procedure_modifier;
pub mod s003_unmatched_diagnosis_pointer;
pub mod s004_missing_noc_description;
pub mod s005_unlisted_procedure_without_description;
pub mod s006_anesthesia_without_minutes;
pub mod s007_minutes_on_non_anesthesia_code;
pub mod s008_charged_quality_code;
pub mod s009_duplicate_diagnosis_pointer;
pub mod s010_drug_without_ndc;
pub mod s011_ambulance_without_transport_details;
pub mod s012_vaccine_counseling_for_adult;
pub mod s013_performance_modifier_on_non_quality_code;
pub mod s014_facility_only_code_in_office;
pub mod s015_noc_drug_without_description;
pub mod s020_date_after_creation;
pub mod s021_service_before_birth;
pub mod s101_administration_without_drug;
pub mod s102_drug_without_administration;
pub mod s103_vaccine_administration_without_vaccine;
pub mod s104_vaccine_without_administration;
pub mod s105_add_on_without_primary;
pub mod s106_duplicate_service_line;
pub mod s120_duplicate_claim;

pub mod add_on_pairs;
pub mod codes;

use crate::claim::LoopId;
use crate::codes::procedure::ProcedureClass;
use crate::codes::tables::HcpcsTable;
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
    /// The date of service as a period (a D8 date is a one-day period); `None` when the
    /// line has no DTP\*472, more than one, or one that does not parse.
    pub period: Option<(Date, Date)>,
    /// What the CMS HCPCS file says about a Level II code (`Unlisted` for other codes).
    pub hcpcs: Hcpcs,
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
pub fn is_given_another_way(short_description: &str) -> bool {
    let lower = short_description.to_ascii_lowercase();
    OTHER_ROUTES.iter().any(|w| lower.contains(w))
}

impl Hcpcs {
    fn of(class: Option<ProcedureClass>, code: Option<&[u8]>, table: &HcpcsTable) -> Hcpcs {
        let (Some(ProcedureClass::HcpcsLevel2(_)), Some(code)) = (class, code) else {
            return Hcpcs::NotLevel2;
        };
        let Some(entry) = table.procedure(code) else {
            return Hcpcs::Unknown;
        };
        let a = entry.attributes;
        if matches!(a.betos(), "" | "Z2") {
            return Hcpcs::Unknown;
        }
        let drug = entry.is_drug();
        let injected_drug = drug
            && a.has_pricing("51")
            && !matches!(a.betos(), "O1G" | "D1G")
            && !is_given_another_way(entry.short_description);
        let procedure = entry.is_drug_administration()
            || (entry.is_service_letter()
                && matches!(a.betos().as_bytes().first(), Some(b'P' | b'I' | b'T')));
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
    /// Reads `service`.
    fn new(service: &'c ServiceLine<'a>, table: &HcpcsTable) -> Self {
        let sv1 = service.sv1.as_ref();
        let (code, class) = match sv1 {
            Some(s) if s.qualifier().is_some_and(|q| q.value == b"HC") => {
                (s.code(), s.code().map(|_| s.procedure_class()))
            }
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
        Line {
            service,
            sv1,
            code,
            class: class.filter(|_| readable),
            key: code.and_then(|c| codes::Key::of(c.value)),
            period,
            hcpcs: Hcpcs::of(class.filter(|_| readable), code.map(|c| c.value), table),
        }
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
        table: &HcpcsTable,
        mut lines: Vec<Line<'c, 'a>>,
    ) -> Self {
        lines.clear();
        if claim.lines.len() <= MAX_LINES {
            lines.reserve_exact(claim.lines.len());
            for service in &claim.lines {
                lines.push(Line::new(service, table));
            }
        }
        ClaimLines { claim, lines }
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
            .or_else(|| self.claim.clm.element(5))?
            .component(1)
    }
}

/// Sets the checker's context to `line` for a finding, then back to the claim.
pub(crate) fn in_line_context(
    checker: &mut Checker,
    claim: &Claim<'_>,
    line: &Line<'_, '_>,
    report: impl FnOnce(&mut Checker),
) {
    checker.set_claim(Some(claim.ordinal), line.service.number());
    checker.set_loop(Some(LoopId::L2400.as_str()));
    report(checker);
    checker.set_claim(Some(claim.ordinal), None);
    checker.set_loop(Some(LoopId::L2300.as_str()));
}

/// Codes for a help text: `` `a`, `b` or `c` ``, ranges written `a`–`b`.
pub(crate) fn listed(patterns: &[&str]) -> String {
    let shown: Vec<String> = patterns
        .iter()
        .map(|p| match p.split_once('-') {
            Some((lo, hi)) => format!("`{lo}`–`{hi}`"),
            None => format!("`{p}`"),
        })
        .collect();
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::listed;
    use crate::{Settings, SourceFile, lint};

    /// Lints one claim in place of service `pos` with `lines` (each `SV1` elements after
    /// `SV1*`, then the rest of the line's segments) and returns the family's findings as
    /// `code:line`.
    fn findings(pos: &str, lines: &[(&str, &[&str])]) -> Vec<String> {
        let text = interchange(pos, lines);
        let settings = Settings::select(
            &["S101", "S102", "S103", "S104", "S105", "S106"].map(String::from),
            &[],
        )
        .unwrap();
        let report = lint(&SourceFile::new("t.x12", text.into_bytes()), &settings);
        report
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}", d.code(), d.location.line.unwrap_or(0)))
            .collect()
    }

    fn interchange(pos: &str, lines: &[(&str, &[&str])]) -> String {
        let mut text = String::from(
            "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~\
GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*B1*20240115*1030*CH~\
HL*1**20*1~NM1*85*2*PRACTICE*****XX*1234567893~HL*2*1*22*0~SBR*P*18*******CI~NM1*IL*1*DOE*JANE~",
        );
        text.push_str(&format!("CLM*A1*100***{pos}:B:1*Y*A*Y*Y~HI*ABK:J029~"));
        for (i, (sv1, rest)) in lines.iter().enumerate() {
            text.push_str(&format!("LX*{}~SV1*{sv1}~", i + 1));
            for s in *rest {
                text.push_str(s);
                text.push('~');
            }
        }
        text.push_str("SE*1*0001~GE*1*1~IEA*1*000000001~");
        text
    }

    #[test]
    fn an_extended_add_on_table_is_used() {
        use super::{ClaimLines, add_on_pairs, s105_add_on_without_primary};
        let text = interchange("11", &[("HC:99292*100*UN*1***1", &[D10][..])]);
        let bytes = text.as_bytes();
        let doc = crate::x12::parse(bytes);
        let set = &doc.interchanges[0].groups[0].transactions[0];
        let t = crate::claim::Transaction::build(bytes, set);
        let lines = ClaimLines::new(&t.claims[0]);
        let settings = Settings::default();
        let run = |table: add_on_pairs::AddOnTable<'_>| {
            let mut checker = crate::rules::Checker::new(&settings, bytes);
            s105_add_on_without_primary::check(&mut checker, &lines, table);
            checker.into_diagnostics().len()
        };
        assert_eq!(run(add_on_pairs::ADD_ON_PAIRS), 0);
        let mut extended = add_on_pairs::ADD_ON_PAIRS.to_vec();
        extended.push(("99292", &["99291"]));
        assert_eq!(run(&extended), 1);
    }

    /// The documentation lists the code tables the rules use.
    #[test]
    fn documented_tables() {
        use super::codes::*;
        let documented = |doc: &str, table: &[Codes], skip: &[&str]| {
            for c in table.iter().filter(|c| !skip.contains(&c.pattern)) {
                let text = c.pattern.replace('-', "–");
                assert!(doc.contains(&text), "{text} is not documented");
            }
        };
        let s101 = super::s101_administration_without_drug::META.doc;
        documented(s101, CPT_PRODUCT, &["90476-90479", "90481-90759"]);
        let s102 = super::s102_drug_without_administration::META.doc;
        documented(s102, CPT_PRODUCT, &["90476-90479", "90481-90759"]);
        let s103 = super::s103_vaccine_administration_without_vaccine::META.doc;
        documented(s103, VACCINE_ADMINISTRATION, &[]);
        documented(s103, &ANY_VACCINE_PRODUCT[2..3], &[]);
        let s104 = super::s104_vaccine_without_administration::META.doc;
        documented(s104, VACCINE_ADMINISTRATION, &[]);
        let s106 = super::s106_duplicate_service_line::META.doc;
        documented(s106, VACCINE_ADMINISTRATION, &[]);
    }

    const D10: &str = "DTP*472*D8*20240110";
    const NDC: [&str; 3] = [D10, "LIN**N4*00409379501", "CTP****1*UN"];

    #[test]
    fn drug_pairs_with_an_administration_on_an_overlapping_date() {
        let drug = ("HC:J1885*12*UN*1***1", &NDC[..]);
        assert_eq!(findings("11", &[drug]), ["S102:1"]);
        assert!(findings("11", &[("HC:96372*25*UN*1***1", &[D10]), drug]).is_empty());
        let range = [
            "DTP*472*RD8*20240108-20240112",
            "LIN**N4*00409379501",
            "CTP****1*UN",
        ];
        assert!(
            findings(
                "11",
                &[
                    ("HC:96372*25*UN*1***1", &[D10]),
                    ("HC:J1885*12*UN*1***1", &range)
                ]
            )
            .is_empty()
        );
        let later = ["DTP*472*D8*20240111"];
        assert_eq!(
            findings("11", &[("HC:96372*25*UN*1***1", &later), drug]),
            ["S102:2"]
        );
    }

    /// Any procedure of the anesthesia, surgery, radiology or medicine sections, a Category
    /// III code or a HCPCS procedure on the date may have given the drug; visits, tests and
    /// products did not.
    #[test]
    fn any_procedure_on_the_date_can_give_the_drug() {
        let drug = ("HC:J2785*90*UN*4***1", &NDC[..]);
        let s102 = |lines: &[(&str, &[&str])]| {
            findings("11", lines)
                .into_iter()
                .filter(|f| f.starts_with("S102"))
                .collect::<Vec<_>>()
        };
        for vehicle in [
            "HC:93015*250*UN*1***1",
            "HC:62370*180*UN*1***1",
            "HC:74177*500*UN*1***1",
            "HC:00790:QK*300*MJ*60***1",
            "HC:99152*80*UN*1***1",
            "HC:0042T*100*UN*1***1",
            "HC:G0008*30*UN*1***1",
        ] {
            assert!(s102(&[(vehicle, &[D10]), drug]).is_empty(), "{vehicle}");
        }
        for not_a_vehicle in [
            "HC:99213*100*UN*1***1",
            "HC:80400*50*UN*1***1",
            "HC:90715*45*UN*1***1",
            "HC:A4550*20*UN*1***1",
        ] {
            assert_eq!(
                s102(&[(not_a_vehicle, &[D10]), drug]),
                ["S102:2"],
                "{not_a_vehicle}"
            );
        }
        // Drugs the CMS file describes as given another way, or does not price as a drug
        // given in the practice, need no vehicle.
        for other_route in [
            "HC:J7613*10*UN*1***1",
            "HC:J8499*10*UN*1***1",
            "HC:J0571*10*UN*1***1",
        ] {
            assert!(s102(&[(other_route, &NDC[..])]).is_empty(), "{other_route}");
        }
        // A drug outside the J codes is recognised from the file's fields.
        assert_eq!(s102(&[("HC:Q3027*300*UN*30***1", &NDC[..])]), ["S102:1"]);
    }

    #[test]
    fn drugs_are_recognised_from_the_cms_file() {
        let admin = ("HC:96372*25*UN*1***1", &[D10][..]);
        let s101 = |lines: &[(&str, &[&str])]| {
            findings("11", lines)
                .into_iter()
                .filter(|f| f.starts_with("S101"))
                .count()
        };
        // Interferon beta-1a (a Q code), a pass-through drug (a C code), a contrast agent.
        for drug in [
            "HC:Q3027*300*UN*30***1",
            "HC:C9257*50*UN*1***1",
            "HC:Q9967*20*UN*1***1",
        ] {
            assert_eq!(s101(&[admin, (drug, &[D10])]), 0, "{drug}");
        }
        // A supply is not a drug; a code the table lacks, or one the CMS file leaves
        // unclassified (a commercial payers' `S` drug code), might be one.
        assert_eq!(s101(&[admin, ("HC:A4550*20*UN*1***1", &[D10])]), 1);
        assert_eq!(s101(&[admin, ("HC:J9998*20*UN*1***1", &[D10])]), 0);
        assert_eq!(s101(&[admin, ("HC:S0122*20*UN*1***1", &[D10])]), 0);
    }

    #[test]
    fn the_line_place_of_service_wins() {
        let away = ("HC:J1885*12*UN*1*22**1", &NDC[..]);
        assert!(findings("11", &[away]).is_empty());
        let office = ("HC:J1885*12*UN*1*11**1", &NDC[..]);
        assert_eq!(findings("22", &[office]), ["S102:1"]);
    }

    #[test]
    fn unreadable_lines_and_dates_keep_the_rules_quiet() {
        let drug = ("HC:J1885*12*UN*1***1", &NDC[..]);
        // Another qualifier, a malformed code: the line might be the administration.
        assert!(findings("11", &[("ZZ:96372*25*UN*1***1", &[D10]), drug]).is_empty());
        assert!(findings("11", &[("HC:9637*25*UN*1***1", &[D10]), drug]).is_empty());
        // An administration without a readable date might be on the drug's date.
        let no_date: &[&str] = &["DTP*472*D8*2024011"];
        assert!(findings("11", &[("HC:96372*25*UN*1***1", no_date), drug]).is_empty());
        // A drug without a readable date (or with two) is not judged.
        assert!(findings("11", &[("HC:J1885*12*UN*1***1", no_date)]).is_empty());
        let two = [D10, "DTP*472*D8*20240111"];
        assert!(findings("11", &[("HC:J1885*12*UN*1***1", &two)]).is_empty());
    }

    #[test]
    fn claims_over_50_lines_are_left_to_h016() {
        let visit = ("HC:99213*2*UN*1***1", &[D10][..]);
        assert_eq!(findings("11", &[visit; 50]).len(), 49);
        assert!(findings("11", &[visit; 51]).is_empty());
    }

    #[test]
    fn duplicates_need_the_same_drug_and_description() {
        let a = ("HC:J3490:::::DRUG A*30*UN*1***1", &NDC[..]);
        let b = ("HC:J3490:::::DRUG B*30*UN*1***1", &NDC[..]);
        let admin = ("HC:96372*25*UN*1***1", &[D10][..]);
        assert!(findings("11", &[admin, a, b]).is_empty());
        assert_eq!(findings("11", &[admin, a, a]), ["S106:3"]);
        let other_ndc = [D10, "LIN**N4*00781320795", "CTP****1*UN"];
        let c = ("HC:J3490:::::DRUG A*30*UN*1***1", &other_ndc[..]);
        assert!(findings("11", &[admin, a, c]).is_empty());
        // Category II codes are not paid: a repeat loses nothing.
        let f = ("HC:1036F*0*UN*1***1", &[D10][..]);
        assert!(findings("11", &[f, f]).is_empty());
        // A repeat modifier on the later line says it was done again.
        let repeat = ("HC:82947:91*10*UN*1***1", &[D10][..]);
        let first = ("HC:82947*10*UN*1***1", &[D10][..]);
        assert!(findings("11", &[first, repeat]).is_empty());
        assert_eq!(findings("11", &[first, first]), ["S106:2"]);
    }

    #[test]
    fn one_administration_line_per_vaccine_is_no_duplicate() {
        let admin = ("HC:90460*25*UN*1***1", &[D10][..]);
        let mmr = ("HC:90707*80*UN*1***1", &[D10][..]);
        let varicella = ("HC:90716*120*UN*1***1", &[D10][..]);
        assert!(findings("11", &[admin, mmr, admin, varicella]).is_empty());
        // More administration lines than vaccines: one of them repeats.
        assert_eq!(findings("11", &[admin, mmr, admin]), ["S106:3"]);
    }

    #[test]
    fn vaccines_pair_by_date() {
        let admin = ("HC:90471*25*UN*1***1", &[D10][..]);
        let vaccine = ("HC:90715*45*UN*1***1", &[D10][..]);
        assert!(findings("11", &[admin, vaccine]).is_empty());
        assert_eq!(findings("11", &[admin]), ["S103:1"]);
        assert_eq!(findings("11", &[vaccine]), ["S104:1"]);
        // 90480 sits inside the product range but is an administration.
        let covid_admin = ("HC:90480*40*UN*1***1", &[D10][..]);
        let covid_vaccine = ("HC:91320*0*UN*1***1", &[D10][..]);
        assert!(findings("11", &[covid_admin, covid_vaccine]).is_empty());
        assert_eq!(findings("11", &[covid_admin]), ["S103:1"]);
    }

    #[test]
    fn administration_without_drug_is_reported_once_per_claim() {
        let push = ("HC:96374*60*UN*1***1", &[D10][..]);
        let more = ("HC:96375*40*UN*1***1", &[D10][..]);
        assert_eq!(findings("11", &[push, more]), ["S101:1"]);
        let drug = ("HC:J2405*8*UN*1***1", &NDC[..]);
        assert!(findings("11", &[push, more, drug]).is_empty());
        // Hydration alone is not checked.
        assert!(findings("11", &[("HC:96360*150*UN*1***1", &[D10][..])]).is_empty());
    }

    #[test]
    fn listed_codes() {
        assert_eq!(listed(&["96413"]), "`96413`");
        assert_eq!(listed(&["96409", "96413"]), "`96409` or `96413`");
        assert_eq!(
            listed(&["90460", "90471", "90473"]),
            "`90460`, `90471` or `90473`"
        );
        assert_eq!(listed(&["00100-01999"]), "`00100`–`01999`");
    }
}
