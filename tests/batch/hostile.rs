//! A folder of everything an SFTP inbox can hold, names that are not UTF-8, control
//! characters in a file, and a FIFO: each named in every report, never a hang.

use crate::common::{claimlint, run};
use crate::{BAD, GOOD, assert_valid, codes, json, manifest, tempdir, validator};

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
