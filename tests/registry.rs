//! The rule registry keeps its promises: unique codes, names that match files, documented
//! rules, and samples for every rule.

use claimlint::Rule;
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
