//! No cascades: every `bad_` rule sample, linted with all rules on, gets findings of its
//! own rule only, or of other rules listed below with the reason they are right.

use claimlint::settings::CodeSets;
use claimlint::{Change, Rule, Settings, SourceFile, check};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// Other rules' findings a `bad_` sample rightly gets: (sample, code, why).
const REVIEWED: &[(&str, &str, &str)] = &[
    (
        "X027/bad_isa13_reused.x12",
        "X050",
        "its second interchange repeats the first one's content too: a duplicate interchange, which X050 reports in X027's place",
    ),
    (
        "C009/bad_hyphenated_ndc.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "C009/bad_missing_ctp.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "C009/bad_ten_digit_ndc.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "C009/bad_unit_mg.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "C009/bad_zero_quantity.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "C013/bad_modifier_not_yet_effective.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "C040/bad_n402_11_for_illinois.x12",
        "H060",
        "the billing provider's N403 is a 5-digit ZIP code; H060 (a warning) rightly asks for the 9 digits",
    ),
    (
        "C040/bad_n402_na.x12",
        "H060",
        "the billing provider's N403 is a 5-digit ZIP code; H060 (a warning) rightly asks for the 9 digits",
    ),
    (
        "H005/bad_sbr_without_elements.x12",
        "H061",
        "the SBR has no elements at all, so no SBR09 either; H061 (a warning) rightly notes the missing claim filing indicator",
    ),
    (
        "H020/bad_misspelled_segment_id.x12",
        "H024",
        "the misspelled segment is the loop's required one: a front end reports both the unknown segment and the missing one, and H024 links them",
    ),
    (
        "H020/bad_segment_without_id.x12",
        "H024",
        "the segment without an ID stands where the loop's required N4 belongs: both are reported, linked (\"is this segment without an ID the missing `N4`?\")",
    ),
    (
        "H024/bad_n4_mistyped_nd4.x12",
        "H020",
        "`Nd4` is an unknown segment and the loop lacks its N4: both are reported, linked (\"is `Nd4` meant to be `N4`?\")",
    ),
    (
        "H025/bad_subscriber_nm1_mistyped.x12",
        "H020",
        "`NM31` is an unknown segment and loop 2000B lacks its 2010BA: both are reported, linked (\"is `NM31` meant to be `NM1`?\")",
    ),
    (
        "H023/bad_ref_zz_in_billing_provider.x12",
        "H024",
        "REF*ZZ stands where the billing provider's required tax ID (REF*EI) belongs: the loop does lack it, and H023 cannot know which use the REF was meant to fill",
    ),
    (
        "S004/bad_noc_drug.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "S010/bad_commercial_j_code.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "S010/bad_medicaid_j_code.x12",
        "S102",
        "the sample bills a J-code drug in the office without an administration code; S102 (a warning) rightly notes that too",
    ),
    (
        "S103/bad_vaccine_on_another_date.x12",
        "S104",
        "the administration and the vaccine are on different dates: each line lacks its partner on its own date, one warning per line",
    ),
    (
        "X009/bad_cut_off_mid_claim.x12",
        "H014",
        "a cascade still to fix: the end of the file cuts DTP*472*D8*2024, and H014 judges the cut date that X009 already reports",
    ),
];

/// The findings (code) each `bad_` sample gets from rules other than its own.
fn extras() -> BTreeSet<(String, &'static str)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rules");
    let mut found = BTreeSet::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|d| d.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let code = dir.file_name().unwrap().to_str().unwrap().to_string();
        let rule = Rule::from_code_or_name(&code).unwrap();
        let mut settings = Settings::default();
        if rule == Rule::TransactionSetTooLarge {
            settings.set_max_set_bytes(1000);
        }
        if rule == Rule::TooManyClaimsInSet {
            settings.set_max_claims_per_set(2);
        }
        let cpt = dir.join("cpt.txt");
        if cpt.exists() {
            let sets = CodeSets::embedded()
                .load_cpt(&std::fs::read(&cpt).unwrap(), "cpt.txt".to_string())
                .unwrap();
            settings.set_code_sets(Arc::new(sets));
        }
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|d| d.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if !name.starts_with("bad_") || !name.ends_with(".x12") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let read = bytes.len() as u64;
            let mut source = SourceFile::new(name.clone(), bytes);
            if rule == Rule::ChangedWhileRead {
                source = source.with_change(Change {
                    opened: read * 4,
                    read,
                    now: read,
                });
            }
            for d in check(&source, &settings).diagnostics {
                if d.rule != rule {
                    found.insert((format!("{code}/{name}"), d.code()));
                }
            }
        }
    }
    found
}

#[test]
fn bad_samples_get_only_their_own_rules_findings() {
    let found = extras();
    let reviewed: BTreeSet<(String, &str)> = REVIEWED
        .iter()
        .map(|(sample, code, _)| (sample.to_string(), *code))
        .collect();
    let unexplained: Vec<_> = found.difference(&reviewed).collect();
    let gone: Vec<_> = reviewed.difference(&found).collect();
    assert!(
        unexplained.is_empty() && gone.is_empty(),
        "findings of other rules not in the reviewed list: {unexplained:#?}\nreviewed findings that no longer appear: {gone:#?}"
    );
}

fn codes_of(path: &str, from: &str, to: &str, settings: &Settings) -> Vec<&'static str> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rules");
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    assert!(text.contains(from), "{path} has no `{from}`");
    let source = SourceFile::new(path, text.replace(from, to));
    let mut codes: Vec<_> = check(&source, settings)
        .diagnostics
        .iter()
        .map(|d| d.code())
        .collect();
    codes.sort_unstable();
    codes
}

#[test]
fn a_split_composite_is_one_finding_and_its_qualifier_is_still_judged() {
    let all = Settings::default();
    // `BK` is an ICD-9 qualifier, wrong after the ICD-10 cutover whether or not the
    // composite is split: C015 stays; the missing code and the stray `4019` do not.
    let hi = "H044/bad_hi_written_with_element_separator.x12";
    assert_eq!(
        codes_of(hi, "HI*ABK*J029*ABF*R509*ABF:R05~", "HI*BK*4019~", &all),
        ["C015", "H044"]
    );
    // Composites after the split are read where they stand and still checked.
    assert_eq!(
        codes_of(hi, "ABF:R05~", "ABF:R05*ABF:R05*ABF~", &all),
        ["C016", "H030", "H044"]
    );
}

#[test]
fn a_line_number_that_is_not_a_number_is_one_finding() {
    let lx = "H034/bad_lx01_plus_sign.x12";
    assert_eq!(codes_of(lx, "", "", &Settings::default()), ["H034"]);
    // Without H034, H015 still says the line is out of sequence.
    let only_h015 = Settings::select(&["H015".to_string()], &[]).unwrap();
    assert_eq!(codes_of(lx, "", "", &only_h015), ["H015"]);
}

#[test]
fn with_split_composite_ignored_its_findings_come_back() {
    let without = Settings::select(&[], &["H044".to_string()]).unwrap();
    let hi = "H044/bad_hi_written_with_element_separator.x12";
    assert_eq!(codes_of(hi, "", "", &without), ["H030", "H035"]);
    let sv1 = "H044/bad_sv101_written_with_element_separator.x12";
    let codes = codes_of(sv1, "", "", &without);
    for code in ["B001", "C003", "H035"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}
