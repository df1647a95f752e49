//! Complete, valid interchanges must lint clean with every rule enabled.

use claimlint::settings::Profile;
use claimlint::{Settings, SourceFile, lint};

#[test]
fn valid_samples_have_no_findings() {
    let mut checked = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/valid")).unwrap() {
        let path = entry.unwrap().path();
        let source = SourceFile::new(path.display().to_string(), std::fs::read(&path).unwrap());
        let report = lint(&source, &Settings::default());
        assert!(
            report.diagnostics.is_empty(),
            "{}: {:#?}",
            path.display(),
            report.diagnostics
        );
        checked += 1;
    }
    assert!(checked >= 2);
}

/// `samples/legitimate/` holds claims billed the way practices of many specialties, ambulatory
/// surgical centers and pediatric offices bill procedures with drugs and vaccines (with
/// `samples/valid/`): no payer profile may find fault with them.
#[test]
fn legitimate_claims_are_clean_under_every_profile() {
    let mut checked = 0;
    let root = env!("CARGO_MANIFEST_DIR");
    let dirs = ["samples/legitimate", "samples/valid"];
    for entry in dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(format!("{root}/{d}")).unwrap())
    {
        let path = entry.unwrap().path();
        let source = SourceFile::new(path.display().to_string(), std::fs::read(&path).unwrap());
        for profile in Profile::ALL {
            let mut settings = Settings::default();
            settings.apply_profile(profile);
            let report = lint(&source, &settings);
            assert!(
                report.diagnostics.is_empty(),
                "{} under {profile}: {:#?}",
                path.display(),
                report.diagnostics
            );
        }
        checked += 1;
    }
    assert!(checked >= 20);
}

/// Every `ok_*` rule sample is a complete interchange too and must be clean with all rules
/// on, except a sample named `ok_…_is_<code>` that shows where its rule hands over to a
/// neighbouring one: it may get findings of that rule only.
#[test]
fn ok_rule_samples_are_clean_with_all_rules() {
    for dir in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/rules")).unwrap() {
        for entry in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if !name.starts_with("ok_") {
                continue;
            }
            let handed_over = name
                .split_once("_is_")
                .map(|(_, rest)| rest.trim_end_matches(".x12").to_ascii_uppercase());
            let source = SourceFile::new(name, std::fs::read(&path).unwrap());
            let report = lint(&source, &Settings::default());
            let unexpected: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| Some(d.code()) != handed_over.as_deref())
                .collect();
            if let Some(code) = &handed_over {
                assert!(
                    report.diagnostics.iter().any(|d| d.code() == code),
                    "{}: should get {code}",
                    path.display()
                );
            }
            assert!(
                unexpected.is_empty(),
                "{}: {:#?}",
                path.display(),
                unexpected
            );
        }
    }
}
