//! The rule registry keeps its promises: unique codes, names that match files, documented
//! rules, and samples for every rule.

mod common;

use claimlint::rules::Family;
use claimlint::{Rule, Settings, SourceFile, check};
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
            // Text before the ISA: no TA1 or 999 code points at it. A file that changed
            // while it was read (X040) or a set too large for claimlint to check (X041) says
            // nothing about the interchange a receiver would acknowledge. Blanks before
            // segment IDs and a wrapped file (X030, X031): claimlint reads them, so its 999
            // does not answer them. A duplicate of an interchange sent before (X050) is
            // known only from other files and runs.
            Family::X => !matches!(m.code, "X007" | "X030" | "X031" | "X040" | "X041" | "X050"),
            // More claims in a set than the guide recommends (H018) breaks no syntax or
            // usage rule, and no 999 code names it.
            Family::H => m.code != "H018",
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
        check(&file, settings)
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

const UPDATE_README: &str = "CLAIMLINT_UPDATE_README=1 cargo test --test registry";

/// A README rules table: the rows of the rules whose codes are in `from..=to`.
fn rules_table(from: &str, to: &str) -> String {
    let mut table =
        String::from("| code | name | severity | what it reports |\n|---|---|---|---|\n");
    for rule in Rule::ALL {
        let m = rule.meta();
        if (from..=to).contains(&m.code) {
            table.push_str(&format!(
                "| {} | `{}` | {} | {} |\n",
                m.code, m.name, m.severity, m.summary
            ));
        }
    }
    table
}

/// The README's rule tables, between `<!-- rules FROM-TO: … -->` and `<!-- end of rules -->`,
/// are the registry's rows; every rule is in one of them.
#[test]
fn readme_rule_tables_match_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let mut fresh = String::new();
    let mut covered = HashSet::new();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("<!-- rules ") {
        let header_end = at + rest[at..].find("-->\n").expect("an unclosed rules marker") + 4;
        let header = &rest[at..header_end];
        let range = header["<!-- rules ".len()..]
            .split(':')
            .next()
            .unwrap()
            .trim();
        let (from, to) = range.split_once('-').expect("`<!-- rules FROM-TO: …`");
        let end = header_end
            + rest[header_end..]
                .find("<!-- end of rules -->")
                .expect("a rules table without `<!-- end of rules -->`");
        fresh.push_str(&rest[..header_end]);
        fresh.push_str(&rules_table(from, to));
        covered.extend(
            Rule::ALL
                .iter()
                .map(|r| r.meta().code)
                .filter(|c| (from..=to).contains(c)),
        );
        rest = &rest[end..];
    }
    fresh.push_str(rest);
    for rule in Rule::ALL {
        assert!(
            covered.contains(rule.meta().code),
            "{} is in no README rules table: add `<!-- rules {}-{}: … -->` … `<!-- end of rules -->` \
             where it belongs, then run `{UPDATE_README}`",
            rule.meta().code,
            rule.meta().code,
            rule.meta().code,
        );
    }
    if fresh == readme {
        return;
    }
    if std::env::var_os("CLAIMLINT_UPDATE_README").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let stale: Vec<&str> = fresh
        .lines()
        .filter(|l| l.starts_with("| ") && !readme.lines().any(|r| r == *l))
        .collect();
    panic!(
        "the README's rule tables differ from the registry; regenerate them with\n\n    {UPDATE_README}\n\nrows that change:\n{}",
        stale.join("\n")
    );
}

#[test]
fn rules_json_lists_every_rule_in_code_order() {
    let (code, out, err) = run(claimlint().args(["rules", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema"], 1);
    let rules = doc["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Rule::ALL.len());
    assert_eq!(
        rules[0],
        serde_json::json!({
            "code": "B001",
            "name": "claim-charge-mismatch",
            "family": "B",
            "severity": "error",
            "snip": 3,
            "summary": "CLM02 does not equal the sum of the claim's SV102 line charges (exact cents)",
        })
    );
    let codes: Vec<&str> = rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
    assert!(codes.contains(&"X029") && codes.contains(&"H042"));
}

#[test]
fn rules_text_is_in_code_order() {
    let (code, out, _) = run(claimlint().arg("rules"));
    assert_eq!(code, 0);
    let codes: Vec<&str> = out.lines().map(|l| &l[..4]).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
    assert_eq!(codes.len(), Rule::ALL.len());
}
