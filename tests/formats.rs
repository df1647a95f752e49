//! Machine-readable output keeps its contracts: the JSON and JSON Lines output validate
//! against the schema kept in the repo, and SARIF against the SARIF 2.1.0 schema.
//!
//! `tests/schemas/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema, unchanged, from
//! `oasis-tcs/sarif-spec` `Schemata/sarif-schema-2.1.0.json` at commit
//! 85971b3e048f61a6d643b95fc6233d073302f5b8 (112,785 bytes).

use assert_cmd::Command;
use serde_json::Value;

fn run(format: &str) -> String {
    let out = Command::cargo_bin("claimlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", format, "samples", "does/not/exist.x12"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable input gives exit code 2"
    );
    String::from_utf8(out.stdout).unwrap()
}

fn validator(path: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // The OASIS file nests the `anyOf` of `region` inside its `properties`, which the
    // meta-schema rejects; it is meant for the region itself (startLine, charOffset or
    // byteOffset), so move it there.
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
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn json_matches_the_documented_schema() {
    let v = validator("src/report/claimlint.schema.json");
    let report: Value = serde_json::from_str(&run("json")).unwrap();
    assert_valid(&v, &report, "json report");
    let files = report["files"].as_array().unwrap();
    assert!(files.len() > 100, "every sample is checked");
    assert!(
        files
            .iter()
            .flat_map(|f| f["diagnostics"].as_array().unwrap())
            .count()
            > 50,
        "the samples produce diagnostics to validate"
    );
    assert_eq!(files.last().unwrap()["status"], "unreadable");

    // The schema is strict enough to notice a broken diagnostic.
    let mut broken = report.clone();
    let d = broken["files"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find_map(|f| f["diagnostics"].as_array_mut().unwrap().first_mut())
        .unwrap();
    d.as_object_mut().unwrap().remove("span");
    d["severity"] = "fatal".into();
    assert!(!v.is_valid(&broken));
}

#[test]
fn jsonl_streams_diagnostics_files_and_one_summary() {
    let v = validator("src/report/claimlint.schema.json");
    let text = run("jsonl");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (i, line) in lines.iter().enumerate() {
        assert_valid(&v, line, &format!("jsonl line {}", i + 1));
    }
    assert_eq!(lines.last().unwrap()["type"], "summary");
    assert_eq!(lines.iter().filter(|l| l["type"] == "summary").count(), 1);
    let files = lines.iter().filter(|l| l["type"] == "file").count();
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(
        files,
        json["files"].as_array().unwrap().len(),
        "every input has its file line"
    );
    let diagnostics = lines.iter().filter(|l| l["type"] == "diagnostic").count();
    assert_eq!(
        diagnostics as u64,
        json["summary"]["errors"].as_u64().unwrap()
            + json["summary"]["warnings"].as_u64().unwrap()
            + json["summary"]["infos"].as_u64().unwrap()
    );
}

#[test]
fn sarif_matches_the_sarif_2_1_0_schema() {
    let v = validator("tests/schemas/sarif-schema-2.1.0.json");
    let log: Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_valid(&v, &log, "sarif log");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), claimlint::Rule::ALL.len());
    let results = run["results"].as_array().unwrap();
    assert!(results.len() > 50);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at the rule"
        );
    }
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let errors: Vec<&Value> = notes.iter().filter(|n| n["level"] == "error").collect();
    assert_eq!(
        errors.len(),
        1,
        "the unreadable input is reported: {notes:?}"
    );
    // The CPT list beside the C019 samples is not X12: skipped, with a note.
    assert!(
        notes.iter().any(|n| n["level"] == "note"
            && n["message"]["text"]
                .as_str()
                .unwrap()
                .contains("C019/cpt.txt")),
        "{notes:?}"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);

    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!v.is_valid(&broken));
}
