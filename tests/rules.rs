//! Every sample under `samples/rules/<CODE>/` linted with only that rule enabled.
//!
//! `bad_*` files must trigger the rule, `ok_*` files must not; the human rendering and the
//! JSON of each are snapshots. Run one rule with `INSTA_GLOB_FILTER='X020/*' cargo test`.
//!
//! X040 is about how a file was read, not about its bytes: its `bad_` samples stand for
//! what was read from a file that another process truncated meanwhile (to a quarter of
//! its size when opened), as `claimlint check` would read it.
//!
//! X041 samples are checked with a limit of 1,000 bytes per transaction set instead of the
//! default 256 MB, so its `bad_` sample can be a small file.
//!
//! H018 samples are checked with a limit of 2 claims per transaction set instead of the
//! guide's 5,000, for the same reason; `tests/parts.rs` checks generated sets of 5,000 and
//! 5,001 claims against the real limit.
//!
//! A rule directory may hold a `cpt.txt`: a synthetic CPT list (only codes its samples use,
//! no descriptors) that is loaded into the settings for that directory's samples, as
//! `--cpt` would load one, since rules that need a CPT list (C019) are silent without it.
//! Likewise the NCCI rules (`P1…`) are checked with the synthetic pack in `tests/ncci-pack/`,
//! as `--ncci tests/ncci-pack` loads it.

use claimlint::codes::ncci::NcciPack;
use claimlint::report::json::JsonDiagnostic;
use claimlint::report::{DisplayIndex, human};
use claimlint::settings::CodeSets;
use claimlint::{Change, Rule, Settings, SourceFile, lint};
use std::path::Path;
use std::sync::{Arc, OnceLock};

fn rule_of(path: &Path) -> Rule {
    let code = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    Rule::from_code_or_name(code).unwrap_or_else(|| panic!("no rule {code}"))
}

/// The synthetic NCCI pack, loaded once.
fn ncci_pack() -> Arc<NcciPack> {
    static PACK: OnceLock<Arc<NcciPack>> = OnceLock::new();
    PACK.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ncci-pack");
        Arc::new(NcciPack::load_dir(&dir).unwrap_or_else(|e| panic!("{e}")))
    })
    .clone()
}

/// Without a pack, the NCCI rules say nothing, even on the samples they flag with one.
#[test]
fn ncci_rules_are_silent_without_a_pack() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rules");
    let mut checked = 0;
    for rule in ["P101", "P102", "P103"] {
        for entry in std::fs::read_dir(dir.join(rule)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "x12") {
                continue;
            }
            let source = SourceFile::new("t.x12", std::fs::read(&path).unwrap());
            let settings = Settings::select(&["P1".to_string()], &[]).unwrap();
            let report = lint(&source, &settings);
            assert!(
                report.diagnostics.is_empty(),
                "{}: {:?}",
                path.display(),
                report.diagnostics
            );
            checked += 1;
        }
    }
    assert!(checked >= 12, "{checked} samples");
}

#[test]
fn rule_samples() {
    insta::glob!("../samples/rules", "*/*.x12", |path| {
        let rule = rule_of(path);
        let bytes = std::fs::read(path).unwrap();
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let read = bytes.len() as u64;
        let mut source = SourceFile::new(rel.clone(), bytes);
        let file = path.file_name().unwrap().to_str().unwrap();
        if rule == Rule::ChangedWhileRead && file.starts_with("bad_") {
            source = source.with_change(Change {
                opened: read * 4,
                read,
                now: read,
            });
        }
        let mut settings = Settings::only(rule);
        if rule == Rule::TransactionSetTooLarge {
            settings.set_max_set_bytes(1000);
        }
        if rule == Rule::TooManyClaimsInSet {
            settings.set_max_claims_per_set(2);
        }
        let cpt = path.with_file_name("cpt.txt");
        if cpt.exists() {
            let name = format!("{}/cpt.txt", rel.rsplit_once('/').unwrap().0);
            let sets = CodeSets::embedded()
                .load_cpt(&std::fs::read(&cpt).unwrap(), name)
                .unwrap_or_else(|e| panic!("{}: {e}", cpt.display()));
            settings.set_code_sets(Arc::new(sets));
        }
        if rule.meta().code.starts_with("P1") {
            let sets = (**settings.code_sets_arc())
                .clone()
                .with_ncci(ncci_pack(), "tests/ncci-pack");
            settings.set_code_sets(Arc::new(sets));
        }
        let report = lint(&source, &settings);
        if file.starts_with("bad_") {
            assert!(
                report.diagnostics.iter().any(|d| d.rule == rule),
                "{rel}: expected {} to fire",
                rule.meta().code
            );
        } else {
            assert!(
                report.diagnostics.is_empty(),
                "{rel}: expected no findings, got {:?}",
                report.diagnostics
            );
        }
        let index = DisplayIndex::new(source.bytes());
        let view = claimlint::redact::View::plain(source.bytes());
        let text = human::render(
            &rel,
            &view,
            &index,
            &report.diagnostics,
            human::HumanOptions::default(),
        );
        let json: Vec<JsonDiagnostic> = report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic::new(&rel, &view, d))
            .collect();
        insta::with_settings!({omit_expression => true, prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("human", text);
            insta::assert_json_snapshot!("json", json);
        });
    });
}
