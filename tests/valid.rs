//! Complete, valid interchanges must lint clean with every rule enabled.

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

/// Every `ok_*` rule sample is a complete interchange too; with all rules on it may only
/// get findings of rules other than its own when the sample deliberately uses an unusual
/// but valid framing, which none do today.
#[test]
fn ok_rule_samples_are_clean_with_all_rules() {
    for dir in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/rules")).unwrap() {
        for entry in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if !name.starts_with("ok_") {
                continue;
            }
            let source = SourceFile::new(name, std::fs::read(&path).unwrap());
            let report = lint(&source, &Settings::default());
            assert!(
                report.diagnostics.is_empty(),
                "{}: {:#?}",
                path.display(),
                report.diagnostics
            );
        }
    }
}
