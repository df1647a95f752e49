//! What lands in the inbox or changes under claimlint: a file truncated while it is read,
//! a configuration dropped beside the claims, code tables that are no tables.

use crate::common::{claimlint, run};
use crate::{BAD, GOOD, codes, json, manifest, tempdir};
use serde_json::Value;
use std::path::Path;

#[test]
fn a_file_truncated_while_it_is_read_gets_a_finding_and_the_others_are_checked() {
    truncated_while_checked("truncated", "--no-mmap");
}

/// Mapped (every file, with `--mmap`; a file of 1 MB or more without it), the file is
/// truncated after it is mapped, while it is checked: reading the lost pages raises
/// SIGBUS, which once ended the whole run. It is the same finding as when the file is
/// read, and the same run.
#[test]
fn a_mapped_file_truncated_while_it_is_checked_gets_a_finding_and_the_others_are_checked() {
    truncated_while_checked("truncated-mapped", "--mmap");
}

/// Mapped, the file is truncated while it is being checked, after its first transaction
/// set (of two) was: the second set's pages are gone, and reading them raises SIGBUS,
/// which once ended the whole run. The lost pages read as zeros, and the check, once
/// done, finds the file changed: one X040, and the findings on the zeros are not made.
#[test]
fn a_mapped_file_truncated_in_the_middle_of_its_check_gets_a_finding() {
    let dir = tempdir("truncated-mid-check");
    for i in 0..3 {
        std::fs::copy(manifest(GOOD), dir.join(format!("file_{i:02}.x12"))).unwrap();
    }
    let big = dir.join("big.x12");
    let (code, _, err) = run(claimlint()
        .args(["generate", "--claims", "6000", "--claims-per-set", "3000"])
        .arg(&big));
    assert_eq!(code, 0, "{err}");
    let opened = std::fs::metadata(&big).unwrap().len();
    let (code, out, err) = run(claimlint()
        .env("CLAIMLINT_TEST_TRUNCATE_WHILE_CHECKING", "big.x12:4096")
        .args([
            "check",
            "--format",
            "json",
            "--ignore",
            "X050,S120",
            "--mmap",
            "--jobs",
            "1",
        ])
        .arg(&dir));
    assert_eq!(code, 1, "the truncated file's finding is an error: {err}");
    assert_eq!(std::fs::metadata(&big).unwrap().len(), 4096);
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let (truncated, others): (Vec<&Value>, Vec<&Value>) = files
        .iter()
        .partition(|f| f["path"].as_str().unwrap().ends_with("big.x12"));
    assert_eq!(codes(truncated[0]), ["X040"], "one finding, no cascade");
    let message = truncated[0]["diagnostics"][0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "the file changed while it was read: {opened} bytes when opened, 4096 read, 4096 now"
        )
    );
    for f in others {
        assert_eq!(codes(f), Vec::<&str>::new(), "{f}");
    }
}

fn truncated_while_checked(name: &str, reading: &str) {
    let dir = tempdir(name);
    for i in 0..20 {
        std::fs::copy(manifest(GOOD), dir.join(format!("file_{i:02}.x12"))).unwrap();
    }
    let big = dir.join("big.x12");
    let (code, _, err) = run(claimlint().args(["generate", "--claims", "6000"]).arg(&big));
    assert_eq!(code, 0, "{err}");
    let opened = std::fs::metadata(&big).unwrap().len();
    assert!(opened > 2 << 20, "{opened}");
    // The hook (test builds: `test-hooks`) truncates big.x12 to 1 MiB between opening and reading it,
    // as a re-upload or a retention job would.
    let (code, out, err) = run(claimlint()
        .env("CLAIMLINT_TEST_TRUNCATE_WHILE_READING", "big.x12:1048576")
        // Twenty copies of one file: the duplicate checks are not what this is about.
        .args([
            "check",
            "--format",
            "json",
            "--ignore",
            "X050,S120",
            reading,
        ])
        .arg(&dir));
    assert_eq!(code, 1, "the truncated file's finding is an error: {err}");
    assert_eq!(std::fs::metadata(&big).unwrap().len(), 1 << 20);
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 21);
    let (truncated, others): (Vec<&Value>, Vec<&Value>) = files
        .iter()
        .partition(|f| f["path"].as_str().unwrap().ends_with("big.x12"));
    assert_eq!(codes(truncated[0]), ["X040"], "one finding, no cascade");
    let message = truncated[0]["diagnostics"][0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "the file changed while it was read: {opened} bytes when opened, 1048576 read, 1048576 now"
        )
    );
    assert_eq!(others.len(), 20);
    for f in others {
        assert_eq!(f["status"], "checked");
        assert_eq!(codes(f), Vec::<&str>::new(), "{f}");
        assert_eq!(f["stats"]["claims"], 1);
    }
    assert_eq!(v["summary"]["checked"], 21);
}

#[test]
fn a_config_in_the_inbox_changes_nothing_unless_asked_for() {
    let root = tempdir("inbox-config");
    let inbox = root.join("INBOX");
    let elsewhere = root.join("elsewhere");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::copy(manifest(BAD), inbox.join("claims.x12")).unwrap();
    std::fs::write(
        inbox.join("claimlint.toml"),
        "ignore = [\"X\", \"H\", \"C\", \"S\", \"B\"]\n",
    )
    .unwrap();
    let check = |args: &[&str]| {
        run(claimlint()
            .current_dir(&elsewhere)
            .args(["check", "--format", "json"])
            .args(args)
            .arg(&inbox))
    };
    // Walk order: claimlint.toml, then claims.x12.
    let (code, out, _) = check(&[]);
    assert_eq!(code, 1, "the inbox's configuration is ignored: {out}");
    let v = json(&out);
    assert_eq!(codes(&v["files"][1]), ["X020"]);
    assert_eq!(v["files"][1]["config"], Value::Null);
    // The configuration file itself is an entry of the walk, skipped.
    assert_eq!(v["files"][0]["status"], "skipped");

    let (code, out, _) = check(&["--config-discovery"]);
    assert_eq!(code, 0, "opted in: {out}");
    let v = json(&out);
    let config = v["files"][1]["config"].as_str().unwrap();
    assert!(config.ends_with("INBOX/claimlint.toml"), "{config}");

    // The current directory's configuration applies and is named; --isolated ignores it.
    std::fs::write(elsewhere.join("claimlint.toml"), "fail-on = \"never\"\n").unwrap();
    let (code, out, _) = check(&[]);
    assert_eq!(code, 0, "{out}");
    let v = json(&out);
    assert_eq!(v["files"][1]["config"], "claimlint.toml");
    assert_eq!(codes(&v["files"][1]), ["X020"]);
    let (code, out, _) = check(&["--isolated"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(json(&out)["files"][1]["config"], Value::Null);

    // SARIF names it in the invocation, the human summary in a line of its own.
    let (_, out, _) = run(claimlint()
        .current_dir(&elsewhere)
        .args(["check", "--format", "sarif"])
        .arg(&inbox));
    let v = json(&out);
    assert_eq!(
        v["runs"][0]["invocations"][0]["properties"]["configFiles"],
        serde_json::json!(["claimlint.toml"])
    );
    assert_eq!(
        v["runs"][0]["artifacts"][1]["properties"]["config"],
        "claimlint.toml"
    );
    let (_, out, _) = run(claimlint().current_dir(&elsewhere).arg("check").arg(&inbox));
    assert!(out.contains("\nconfig: claimlint.toml\n"), "{out}");
}

#[test]
fn code_tables_must_be_small_regular_files_and_errors_never_quote_them() {
    let root = tempdir("tables");
    std::fs::copy(manifest(GOOD), root.join("claim.x12")).unwrap();
    let secret = root.join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:Jane Doe 1980-01-02:/root:/bin/bash\n").unwrap();
    for (table, path) in [
        ("cpt", secret.to_str().unwrap()),
        ("hcpcs", secret.to_str().unwrap()),
        ("cpt", "/dev/zero"),
    ] {
        if !Path::new(path).exists() {
            continue;
        }
        std::fs::write(
            root.join("claimlint.toml"),
            format!("[code-sets]\n{table} = \"{path}\"\n"),
        )
        .unwrap();
        let (code, out, err) = run(claimlint().current_dir(&root).args(["check", "claim.x12"]));
        assert_eq!(code, 2, "{table} = {path}: {out}{err}");
        assert!(err.contains(path.rsplit('/').next().unwrap()), "{err}");
        assert!(
            !err.contains("root:") && !err.contains("Jane"),
            "the content is never quoted: {err}"
        );
        if path == "/dev/zero" {
            assert!(err.contains("not a regular file"), "{err}");
        } else if table == "cpt" {
            assert!(err.contains("line 1"), "{err}");
        }
    }
}
