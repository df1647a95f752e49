//! A nightly batch is never lost: a file that changes while it is read, a configuration
//! dropped into the inbox, a million broken transaction sets, a full disk, and a folder of
//! everything an SFTP inbox can hold. Each test runs the `claimlint` binary as an
//! operations team would.

mod common;

use common::{claimlint, run};
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

#[test]
fn a_file_truncated_while_it_is_read_gets_a_finding_and_the_others_are_checked() {
    let dir = tempdir("truncated");
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
        .args(["check", "--format", "json", "--ignore", "X050,S120"])
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

/// An interchange with `sets` empty ST/SE pairs: every set breaks the same rules.
fn empty_sets(sets: usize) -> Vec<u8> {
    let mut text = String::from(
        "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~GS*HC*SENDER*RECEIVER*20240115*1030*1*X*005010X222A1~",
    );
    for _ in 0..sets {
        text.push_str("ST*837*0001*005010X222A1~SE*2*0001~");
    }
    text.push_str(&format!("GE*{sets}*1~IEA*1*000000001~"));
    text.into_bytes()
}

/// Findings per rule code, and what the summaries of left-out findings add up to.
fn tally(v: &Value) -> (std::collections::BTreeMap<String, usize>, usize) {
    let mut shown = std::collections::BTreeMap::new();
    let mut left_out = 0;
    for d in v["files"][0]["diagnostics"].as_array().unwrap() {
        let message = d["message"].as_str().unwrap();
        if let Some(n) = message
            .split(" more finding")
            .next()
            .filter(|n| message.contains(" more finding") && n.bytes().all(|b| b.is_ascii_digit()))
        {
            left_out += n.parse::<usize>().unwrap();
        } else {
            *shown
                .entry(d["code"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    (shown, left_out)
}

#[test]
fn findings_are_capped_per_rule_with_a_count_of_the_rest() {
    let dir = tempdir("cap");
    let file = dir.join("sets.x12");
    std::fs::write(&file, empty_sets(300)).unwrap();
    let check = |cap: &str| {
        let (code, out, err) = run(claimlint()
            .args(["check", "--format", "json", "--max-findings-per-rule", cap])
            .arg(&file));
        assert_eq!(code, 1, "{err}");
        json(&out)
    };
    let all = check("0");
    let (uncapped, none_left_out) = tally(&all);
    assert_eq!(none_left_out, 0);
    let total: usize = uncapped.values().sum();
    assert!(total >= 600, "several findings per set: {uncapped:?}");

    let capped = check("2");
    let (shown, left_out) = tally(&capped);
    for (code, n) in &shown {
        assert!(*n <= 20, "{code}: {n} shown, at most 10 × 2 per file");
    }
    let shown_total: usize = shown.values().sum();
    assert_eq!(
        shown_total + left_out,
        total,
        "nothing is lost from the count"
    );
    let summary = capped["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("in this file not shown")
        })
        .expect("a file-level summary");
    assert!(
        summary["help"]
            .as_str()
            .unwrap()
            .contains("--max-findings-per-rule"),
        "{summary}"
    );
}

#[cfg(unix)]
#[test]
fn a_report_that_cannot_be_written_exits_2_in_every_command() {
    use std::process::{Command, Stdio};
    if !Path::new("/dev/full").exists() {
        eprintln!("no /dev/full here: nothing to test");
        return;
    }
    let cases: &[&[&str]] = &[
        &["check", "--format", "json", GOOD],
        &["check", "--format", "jsonl", GOOD],
        &["check", "--format", "sarif", GOOD],
        &["check", "--format", "999", GOOD],
        &["check", "--format", "concise", BAD],
        &["check", BAD],
        &["check", GOOD],
        &["rules"],
        &["explain", "X040"],
        &["inspect", GOOD],
        &["ack", GOOD],
        &["lookup", "J1885"],
        &["--version"],
    ];
    for args in cases {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_claimlint"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(*args)
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(
            err.matches("cannot write output").count(),
            1,
            "{args:?}: said once: {err}"
        );
    }
}

#[test]
fn json_lines_are_written_as_soon_as_each_file_is_done() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // The second input is standard input, kept open: the first file's records must come
    // out before it ends.
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "jsonl", BAD, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut first = Vec::new();
    loop {
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(line) => {
                let done = line.contains("\"type\":\"file\"");
                first.push(line);
                if done {
                    break;
                }
            }
            Err(_) => {
                let _ = child.kill();
                panic!("no file record while standard input is open: {first:?}");
            }
        }
    }
    assert!(first[0].contains("\"code\":\"X020\""), "{first:?}");
    drop(stdin);
    let rest: Vec<String> = rx.iter().collect();
    child.wait().unwrap();
    assert!(
        rest.last().unwrap().contains("\"type\":\"summary\""),
        "{rest:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_hostile_folder_names_every_entry_in_every_machine_format() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempdir("hostile");
    std::fs::copy(manifest(GOOD), dir.join("good.x12")).unwrap();
    std::fs::copy(manifest(BAD), dir.join("bad.x12")).unwrap();
    std::fs::write(dir.join("empty.x12"), "").unwrap();
    std::fs::copy(
        manifest("samples/rules/X002/bad_zip_archive.x12"),
        dir.join("binary.dat"),
    )
    .unwrap();
    // Without a claim extension: recognised by their first bytes.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            std::fs::read(manifest(GOOD))
                .unwrap()
                .into_iter()
                .flat_map(|b| [b, 0]),
        )
        .collect();
    std::fs::write(dir.join("upload_utf16"), utf16).unwrap();
    let mut mail = b"From: billing@example.com\r\nSubject: claims\r\n\r\n".to_vec();
    mail.extend(std::fs::read(manifest(GOOD)).unwrap());
    std::fs::write(dir.join("preamble"), mail).unwrap();
    std::fs::write(dir.join("notes.md"), "# not a claim\n").unwrap();
    std::fs::write(dir.join(".hidden.x12"), "").unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(manifest(GOOD), dir.join("sub/nested.x12")).unwrap();
    symlink(dir.join("sub"), dir.join("link_to_sub")).unwrap();
    symlink(dir.join("nowhere.x12"), dir.join("dangling.x12")).unwrap();
    let denied = dir.join("denied.x12");
    std::fs::copy(manifest(GOOD), &denied).unwrap();
    std::fs::set_permissions(&denied, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root (and CAP_DAC_OVERRIDE) reads it anyway: then it is checked, and said so.
    let denied_status = if std::fs::File::open(&denied).is_ok() {
        eprintln!("running with the right to read any file: denied.x12 is readable here");
        "checked"
    } else {
        "unreadable"
    };
    let fifo = |name: &str| {
        let status = Command::new("mkfifo").arg(dir.join(name)).status();
        status.is_ok_and(|s| s.success())
    };
    use std::process::Command;
    let fifos = fifo("pipe") && fifo("pipe.x12");

    let mut expected = vec![
        (".hidden.x12", "skipped"),
        ("bad.x12", "checked"),
        ("binary.dat", "checked"),
        ("dangling.x12", "unreadable"),
        ("denied.x12", denied_status),
        ("empty.x12", "checked"),
        ("good.x12", "checked"),
        ("link_to_sub", "skipped"),
        ("notes.md", "skipped"),
    ];
    if fifos {
        expected.extend([("pipe", "skipped"), ("pipe.x12", "unreadable")]);
    }
    expected.extend([
        ("preamble", "checked"),
        ("sub/nested.x12", "checked"),
        ("upload_utf16", "checked"),
    ]);
    let name = |path: &str| {
        path.strip_prefix(&*dir.to_string_lossy())
            .unwrap()
            .trim_start_matches('/')
            .to_string()
    };

    // JSON: every entry, in walk order, with its status.
    let (code, out, _) = run(claimlint().args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 2, "unreadable entries make the exit code 2");
    let v = json(&out);
    let schema = validator("src/report/claimlint.schema.json");
    assert_valid(&schema, &v, "json");
    let seen: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                name(f["path"].as_str().unwrap()),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    assert_eq!(seen, want);
    let by_name = |n: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| name(f["path"].as_str().unwrap()) == n)
            .unwrap()
            .clone()
    };
    assert_eq!(codes(&by_name("empty.x12")), ["X001"]);
    assert_eq!(codes(&by_name("binary.dat")), ["X002"]);
    assert_eq!(codes(&by_name("upload_utf16")), ["X003"]);
    // The same interchange as good.x12, after a preamble.
    assert_eq!(codes(&by_name("preamble")), ["X007", "X050"]);
    assert_eq!(by_name("notes.md")["reason"], "not-x12");
    assert_eq!(by_name(".hidden.x12")["reason"], "hidden");
    assert_eq!(by_name("link_to_sub")["reason"], "directory-link");
    let skipped = expected.iter().filter(|e| e.1 == "skipped").count();
    let unreadable = expected.iter().filter(|e| e.1 == "unreadable").count();
    assert_eq!(v["summary"]["files"], expected.len());
    assert_eq!(v["summary"]["skipped"], skipped);
    assert_eq!(v["summary"]["unreadable"], unreadable);

    // JSON Lines: one file record per entry.
    let (_, out, _) = run(claimlint().args(["check", "--format", "jsonl"]).arg(&dir));
    for line in out.lines() {
        assert_valid(&schema, &json(line), line);
    }
    let files: Vec<(String, String)> = out
        .lines()
        .map(json)
        .filter(|l| l["type"] == "file")
        .map(|f| {
            (
                name(f["path"].as_str().unwrap()),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(files, want);

    // SARIF: every entry is an artifact; the ones not checked are notifications too.
    let (_, out, _) = run(claimlint().args(["check", "--format", "sarif"]).arg(&dir));
    let v = json(&out);
    assert_valid(
        &validator("tests/schemas/sarif-schema-2.1.0.json"),
        &v,
        "sarif",
    );
    let artifacts = v["runs"][0]["artifacts"].as_array().unwrap();
    assert_eq!(artifacts.len(), expected.len());
    for (artifact, (n, status)) in artifacts.iter().zip(&expected) {
        let uri = artifact["location"]["uri"].as_str().unwrap();
        assert!(uri.ends_with(n), "{uri} {n}");
        assert_eq!(artifact["properties"]["status"], *status);
    }
    let notifications = v["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notifications.len(), skipped + unreadable);

    // Human: every file with findings is named; the summary counts all three kinds.
    let (_, out, err) = run(claimlint().arg("check").arg(&dir));
    for n in [
        "bad.x12",
        "empty.x12",
        "binary.dat",
        "upload_utf16",
        "preamble",
    ] {
        assert!(out.contains(&format!("{n}:")), "{n} named: {out}");
    }
    for (n, status) in &expected {
        if *status == "unreadable" {
            assert!(err.contains(&format!("{n}: cannot read")), "{n}: {err}");
        }
    }
    let checked = expected.len() - skipped - unreadable;
    assert!(
        out.contains(&format!("checked {checked} files (",))
            && out.contains(&format!("skipped {skipped}, unreadable {unreadable}: ")),
        "{out}"
    );
    let _ = std::fs::set_permissions(&denied, std::fs::Permissions::from_mode(0o644));
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_shown_escaped_and_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir("names");
    for name in [&b"claim\xFF.x12"[..], b"claim\xFE.x12"] {
        let path = dir.join(OsStr::from_bytes(name));
        if std::fs::write(&path, "").is_err() {
            eprintln!("this file system refuses names that are not UTF-8");
            return;
        }
    }
    let (_, out, _) = run(claimlint().args(["check", "--format", "json"]).arg(&dir));
    let v = json(&out);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(paths[0].ends_with("claim\\xFE.x12"), "{paths:?}");
    assert!(paths[1].ends_with("claim\\xFF.x12"), "{paths:?}");
}

#[test]
fn inspect_escapes_control_characters_from_the_file() {
    let dir = tempdir("inspect");
    let text = std::fs::read_to_string(manifest(GOOD)).unwrap();
    let code = text.find("HC:99213").unwrap() + 5;
    let mut hostile = text.clone();
    hostile.insert_str(code, "\u{1b}[2J\u{1b}]0;owned\u{7}");
    let file = dir.join("escape.x12");
    std::fs::write(&file, hostile).unwrap();
    let (code, out, _) = run(claimlint().arg("inspect").arg(&file));
    assert_eq!(code, 0);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
    // Values are quoted with their control characters written visibly.
    assert!(out.contains("\\x1B[2J"), "{out}");
}

#[cfg(unix)]
#[test]
fn ack_and_inspect_refuse_a_fifo_like_check() {
    let dir = tempdir("fifo");
    let fifo = dir.join("incoming.x12");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available: nothing to test");
        return;
    }
    for command in ["ack", "inspect", "check"] {
        let (code, out, err) = run(claimlint()
            .timeout(std::time::Duration::from_secs(30))
            .arg(command)
            .arg(&fifo));
        assert_eq!(code, 2, "{command}: {out}{err}");
        assert!(
            err.contains("not a regular file (FIFO)"),
            "{command}: {err}"
        );
    }
}
