//! S rules: situational requirements (SNIP 4).
//!
//! S001–S018 check one service line (S011 the claim's transport details). S101–S106: coding consistency across the service lines of one claim, payers' coding-policy edits (SNIP 7).
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
pub mod s016_excess_unit_precision;
pub mod s017_fractional_minutes;
pub mod s018_daily_anesthesia_without_minutes;
pub mod s020_date_after_creation;
pub mod s021_service_before_birth;
pub mod s022_service_past_filing_limit;
pub mod s023_onset_on_service_date;
pub mod s101_administration_without_drug;
pub mod s102_drug_without_administration;
pub mod s103_vaccine_administration_without_vaccine;
pub mod s104_vaccine_without_administration;
pub mod s105_add_on_without_primary;
pub mod s106_duplicate_service_line;
pub mod s120_duplicate_claim;

pub mod add_on_pairs;
pub mod codes;

mod lines;

pub use lines::{ClaimLines, Hcpcs, Line, MAX_LINES, Transport};

use crate::claim::LoopId;
use crate::rules::prelude::*;

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
