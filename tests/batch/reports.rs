//! Reports that hold up: findings capped per rule with a count of the rest, a report that
//! cannot be written (a full disk) exits 2, JSON Lines written file by file.

use crate::common::{claimlint, run};
use crate::{BAD, GOOD, json, tempdir};
use serde_json::Value;
use std::path::Path;

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
