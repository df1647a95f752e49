//! The rule registry keeps its promises: unique codes, names that match files, documented
//! rules, and samples for every rule.

mod common;

use claimlint::rules::Family;
use claimlint::{Rule, Settings, SourceFile, lint};
use common::{claimlint, run};
use std::collections::HashSet;
use std::path::Path;

const HEADINGS: &[&str] = &[
    "## What it does",
    "## Why does it matter?",
    "## Example",
    "## How to fix",
    "## References",
];

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for rule in Rule::ALL {
        let m = rule.meta();
        assert!(codes.insert(m.code), "duplicate code {}", m.code);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        let (family, number) = m.code.split_at(1);
        assert!("XHBSCP".contains(family), "{}: unknown family", m.code);
        assert!(
            number.len() == 3 && number.bytes().all(|b| b.is_ascii_digit()),
            "{}",
            m.code
        );
        assert!(
            m.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}: name must be kebab-case",
            m.name
        );
        assert!(
            !m.name.starts_with("no-") && !m.name.starts_with("check-"),
            "{}",
            m.name
        );
    }
}

#[test]
fn every_rule_lives_in_a_file_named_after_its_code_in_its_family_folder() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    for rule in Rule::ALL {
        let m = rule.meta();
        let family = m.code[..1].to_ascii_lowercase();
        let file = format!(
            "{}_{}.rs",
            m.code.to_ascii_lowercase(),
            m.name.replace('-', "_")
        );
        let path = src.join(&family).join(&file);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            text.starts_with(&format!("//! {} `{}`", m.code, m.name)),
            "{}: no src/rules/{family}/{file} starting with its code and name",
            m.code
        );
    }
}

#[test]
fn every_rule_is_documented() {
    for rule in Rule::ALL {
        let m = rule.meta();
        let mut last = 0;
        for heading in HEADINGS {
            let at = m
                .doc
                .find(heading)
                .unwrap_or_else(|| panic!("{}: missing `{heading}`", m.code));
            assert!(at >= last, "{}: `{heading}` out of order", m.code);
            last = at;
        }
        assert!(
            !m.summary.is_empty() && !m.summary.ends_with('.'),
            "{}",
            m.code
        );
    }
}

#[test]
fn every_rule_has_bad_and_ok_samples() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rules");
    for rule in Rule::ALL {
        let dir = samples.join(rule.meta().code);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no {}", dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("bad_")),
            "{}: no bad_ sample",
            dir.display()
        );
        assert!(
            names.iter().any(|n| n.starts_with("ok_")),
            "{}: no ok_ sample",
            dir.display()
        );
    }
    for dir in std::fs::read_dir(&samples).unwrap() {
        let name = dir.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            Rule::from_code_or_name(&name).is_some(),
            "samples/rules/{name} names no rule"
        );
    }
}

#[test]
fn rules_are_listed_in_code_order() {
    let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.meta().code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
}

/// The 999 answers syntax and implementation-guide problems; findings that need an external
/// code set or arithmetic across segments are answered claim by claim (277CA).
#[test]
fn only_syntax_guide_and_qualifier_rules_go_in_the_999() {
    for rule in Rule::ALL {
        let m = rule.meta();
        let expected = match m.family() {
            // Text before the ISA: no TA1 or 999 code points at it.
            Family::X => m.code != "X007",
            Family::H => true,
            // The qualifier and modifier syntax of SV101; not the code sets (C003 on,
            // C017 place of service) nor the situational rules that need them (S004 NOC
            // list, S006 anesthesia range).
            _ => matches!(m.code, "C001" | "C002" | "C008"),
        };
        assert_eq!(m.in_999(), expected, "{}", m.code);
    }
}

const BAD_QUALIFIER: &str = "samples/rules/C001/bad_qualifier_zz.x12";

/// The generic element rule leaves SV101-1 to C001 only while C001 runs.
#[test]
fn a_disabled_owner_leaves_its_element_to_the_generic_rule() {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(BAD_QUALIFIER)).unwrap();
    let file = SourceFile::new(BAD_QUALIFIER, bytes);
    let codes = |settings: &Settings| -> Vec<&'static str> {
        lint(&file, settings)
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect()
    };
    assert_eq!(codes(&Settings::default()), ["C001"]);
    let only_h = Settings::select(&["H".into()], &[]).unwrap();
    assert_eq!(codes(&only_h), ["H035"]);
    let without_c001 = Settings::select(&[], &["C001".into()]).unwrap();
    assert_eq!(codes(&without_c001), ["H035"]);
}

#[test]
fn check_select_h_and_ignore_c001_still_report_the_bad_qualifier() {
    for args in [["--select", "H"], ["--ignore", "C001"]] {
        let (code, out, err) = run(claimlint()
            .args(["check", "--format", "concise", "-q"])
            .args(args)
            .arg(BAD_QUALIFIER));
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            out.contains(":24:5: H035 [error] SV101-1 `ZZ` is not a code allowed"),
            "{args:?}: {out}"
        );
    }
}
