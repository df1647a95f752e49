//! A nightly batch is never lost: a file that changes while it is read, a configuration
//! dropped into the inbox, a million broken transaction sets, a full disk, and a folder of
//! everything an SFTP inbox can hold. Each test runs the `claimlint` binary as an
//! operations team would.
//!
//! The tests are modules of this one binary: `inbox` (what lands in the folder or
//! changes under claimlint: a truncated file, a configuration, code tables), `reports`
//! (a million findings, a full disk, JSON Lines as they come) and `hostile` (a folder of
//! everything an SFTP inbox can hold, names that are not UTF-8, control characters, a
//! FIFO).

#[path = "../common/mod.rs"]
mod common;
mod hostile;
mod inbox;
mod reports;

use serde_json::Value;
use std::path::{Path, PathBuf};

const GOOD: &str = "samples/valid/single_claim.x12";
const BAD: &str = "samples/rules/X020/bad_count_excludes_st_and_se.x12";

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A fresh directory for one test.
fn tempdir(test: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("batch-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// A validator for a schema kept in the repository (the OASIS SARIF schema with its
/// `region` `anyOf` moved where it belongs, as `tests/formats.rs` explains).
fn validator(path: &str) -> jsonschema::Validator {
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(manifest(path)).unwrap()).unwrap();
    if let Some(region) = schema.pointer_mut("/definitions/region")
        && let Some(any_of) = region["properties"]
            .as_object_mut()
            .and_then(|p| p.remove("anyOf"))
    {
        region["anyOf"] = any_of;
    }
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// The codes of a file record's diagnostics.
fn codes(file: &Value) -> Vec<&str> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}
