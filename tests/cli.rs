//! The command line as users and pipelines see it: exit codes, formats, stdin, unreadable
//! files and the rule documentation.

mod common;

use common::{claimlint, run};
use std::path::Path;

/// The summary line ends with a timing that changes from run to run.
fn without_timing(text: &str) -> String {
    match text.rfind(" in ") {
        Some(at) if text[at..].contains("MB/s") => format!("{}\n", &text[..at]),
        _ => text.to_string(),
    }
}

#[test]
fn valid_files_exit_zero_with_a_summary() {
    let (code, out, err) = run(claimlint().args(["check", "samples/valid"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        without_timing(&out),
        "checked 2 files (3 interchanges, 4 transaction sets, 4 claims, 8 service lines), skipped 0, unreadable 0: 0 errors, 0 warnings, 0 infos\n"
    );
}

#[test]
fn errors_exit_one_and_warnings_only_with_fail_on() {
    let bad = "samples/rules/X020/bad_count_excludes_st_and_se.x12";
    assert_eq!(run(claimlint().args(["check", "-q", bad])).0, 1);
    let warn = "samples/rules/X024/bad_x222a2.x12";
    assert_eq!(run(claimlint().args(["check", "-q", warn])).0, 0);
    assert_eq!(
        run(claimlint().args(["check", "-q", "--fail-on", "warning", warn])).0,
        1
    );
    assert_eq!(
        run(claimlint().args(["check", "-q", "--fail-on", "never", bad])).0,
        0
    );
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let (code, out, _) = run(claimlint().args([
        "check",
        "-q",
        "--format",
        "concise",
        "samples/rules/X020/bad_count_excludes_st_and_se.x12",
    ]));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "samples/rules/X020/bad_count_excludes_st_and_se.x12:29:4: X020 [error] SE01 says `25` segments but the transaction set has 27\n"
    );
}

#[test]
fn json_format_reports_every_input_even_unreadable_ones() {
    let (code, out, _) = run(claimlint().args([
        "check",
        "--format",
        "json",
        "samples/rules/X020/bad_count_excludes_st_and_se.x12",
        "does/not/exist.x12",
    ]));
    assert_eq!(code, 2, "an unreadable input makes the exit code 2");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["status"], "checked");
    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["code"], "X020");
    assert_eq!(d["element"], "SE01");
    assert_eq!(d["segment"]["id"], "SE");
    assert_eq!(d["segment"]["position"], 27);
    assert_eq!(d["transaction"], "0001");
    let text = std::fs::read("samples/rules/X020/bad_count_excludes_st_and_se.x12").unwrap();
    let offset = d["span"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + 2], b"25");
    assert_eq!(files[1]["status"], "unreadable");
    assert_eq!(v["summary"]["unreadable"], 1);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let bytes = std::fs::read("samples/rules/X015/bad_iea02_differs.x12").unwrap();
    let (code, out, _) = run(claimlint()
        .args(["check", "-q", "--format", "concise", "-"])
        .write_stdin(bytes));
    assert_eq!(code, 1);
    assert!(out.starts_with("-:31:7: X015 "), "{out}");
}

#[test]
fn select_and_ignore_choose_rules() {
    let bad = "samples/rules/X020/bad_count_excludes_st_and_se.x12";
    assert_eq!(
        run(claimlint().args(["check", "-q", "--ignore", "X020", bad])).0,
        0
    );
    assert_eq!(
        run(claimlint().args(["check", "-q", "--select", "X01", bad])).0,
        0
    );
    let (code, _, err) = run(claimlint().args(["check", "--select", "Z999", bad]));
    assert_eq!(code, 2);
    assert!(err.contains("`Z999` is not a rule code"), "{err}");
}

#[test]
fn directories_are_walked_and_unreadable_files_do_not_stop_the_run() {
    let dir = tempdir("walk");
    std::fs::copy("samples/valid/single_claim.x12", dir.join("a.x12")).unwrap();
    std::fs::write(dir.join("notes.md"), "not a claim").unwrap();
    std::fs::write(dir.join("empty.837"), "").unwrap();
    let (code, out, _) = run(claimlint().args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 1, "the empty file is an error");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].ends_with("a.x12") && paths[1].ends_with("empty.837"));
    assert_eq!(v["files"][1]["diagnostics"][0]["code"], "X001");
    // notes.md is not checked, but it is in the report with the reason.
    assert!(paths[2].ends_with("notes.md"));
    assert_eq!(v["files"][2]["status"], "skipped");
    assert_eq!(v["files"][2]["reason"], "not-x12");
    assert_eq!(v["summary"]["checked"], 2);
    assert_eq!(v["summary"]["skipped"], 1);
}

#[test]
fn rules_and_explain() {
    let (code, out, _) = run(claimlint().arg("rules"));
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("X020  segment-count-mismatch")),
        "{out}"
    );
    let (code, out, _) = run(claimlint().args(["explain", "X020"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# segment-count-mismatch (X020)\n"),
        "{out}"
    );
    assert!(out.contains("acknowledgment: IK502 4"));
    assert!(out.contains("## How to fix"));
    assert_eq!(run(claimlint().args(["explain", "nope"])).0, 2);
}

#[test]
fn closed_pipe_exits_quietly() {
    use std::process::{Command as Std, Stdio};
    let exe = assert_cmd::cargo::cargo_bin("claimlint");
    let mut child = Std::new(exe)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "concise", "samples/rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert!(matches!(out.status.code(), Some(0..=2)));
}

/// A fresh directory for one test (tests run in parallel in one process).
fn tempdir(test: &str) -> std::path::PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn inspect_shows_the_loop_tree_without_personal_data() {
    let (code, out, _) = run(claimlint().args(["inspect", "samples/valid/single_claim.x12"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("inspect_single_claim", out);
    for personal in [
        "DOE",
        "JANE",
        "XJD000000001",
        "1 TEST LANE",
        "19800101",
        "PCN0001",
    ] {
        assert!(!out.contains(personal), "inspect printed `{personal}`");
    }
    assert_eq!(
        run(claimlint().args(["inspect", "does/not/exist.x12"])).0,
        2
    );
}

/// A drug identification loop written after its line's adjudication loop is out of order
/// (H070), but it is still that line's NDC, not the next line's and not lost.
#[test]
fn inspect_keeps_a_misplaced_2410_with_its_line() {
    let (_, out, _) = run(claimlint().args([
        "inspect",
        "samples/rules/H070/bad_2410_after_its_lines_2430.x12",
    ]));
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("line ")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains("line 1 ") && lines[0].contains("2410 N4 `00002143380`"),
        "{out}"
    );
    assert!(!lines[1].contains("2410"), "{out}");
}

/// An SV1 with no LX before it starts a new service line: `inspect` shows two lines, the
/// second with its own code and date of service, not one line holding both.
#[test]
fn inspect_reads_an_sv1_without_its_lx_as_a_new_line() {
    let (_, out, _) = run(claimlint().args([
        "inspect",
        "samples/rules/H021/bad_second_sv1_without_lx.x12",
    ]));
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("line ")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains("line 1 ") && lines[0].contains("`99213`"),
        "{out}"
    );
    assert!(
        lines[1].contains("line (no LX)") && lines[1].contains("`87880`"),
        "{out}"
    );
    assert_eq!(lines[0].matches("date of service").count(), 1, "{out}");
    assert_eq!(lines[1].matches("date of service").count(), 1, "{out}");
}

/// Findings on the segments of a line started by an SV1 with no LX name no line number:
/// they are not put on the line before it.
#[test]
fn a_line_without_its_lx_has_no_line_number_in_its_findings() {
    let sample =
        std::fs::read_to_string("samples/rules/H021/bad_second_sv1_without_lx.x12").unwrap();
    // A rendering provider with an NPI whose check digit is wrong, in the second line.
    let date = "DTP*472*D8*20240110~\n";
    let at = sample.rfind(date).unwrap() + date.len();
    let text = format!(
        "{}NM1*82*1*DOE*JOHN****XX*1234567890~\n{}",
        &sample[..at],
        &sample[at..]
    )
    .replace("SE*26*", "SE*27*");
    let dir = tempdir("line-without-lx");
    let file = dir.join("no_lx.x12");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = run(claimlint().args(["check", "--format", "json"]).arg(&file));
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(&str, &serde_json::Value)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), &d["claim"]["line"]))
        .collect();
    assert_eq!(
        found,
        [
            ("H021", &serde_json::Value::Null),
            ("C010", &serde_json::Value::Null)
        ],
        "{out}"
    );
}

/// A file cut short while `inspect` reads it is not drawn as if it were whole without a
/// word: the change is said on standard error and the exit code is 2, for the file as
/// read (heap) and as mapped.
#[test]
fn inspect_says_when_the_file_changed_while_it_was_read() {
    for (mode, mapping) in [("read", "--no-mmap"), ("mapped", "--mmap")] {
        let dir = tempdir(&format!("inspect-changed-{mode}"));
        let file = dir.join("cut.x12");
        let (code, _, err) = run(claimlint()
            .args(["generate", "--claims", "3000"])
            .arg(&file));
        assert_eq!(code, 0, "{err}");
        let opened = std::fs::metadata(&file).unwrap().len();
        // The hook (test builds) truncates the file right after it is opened.
        let (code, out, err) = run(claimlint()
            .env("CLAIMLINT_TEST_TRUNCATE_WHILE_READING", "cut.x12:65536")
            .args(["inspect", mapping])
            .arg(&file));
        assert_eq!(code, 2, "{mode}: {err}");
        assert!(
            err.contains(&format!(
                "changed while it was read ({opened} bytes when opened, 65536 now)"
            )),
            "{mode}: {err}"
        );
        assert!(
            out.contains("interchange"),
            "{mode}: the tree is still drawn: {out}"
        );
        let (code, _, err) = run(claimlint().args(["inspect", mapping]).arg(&file));
        assert_eq!(
            code, 0,
            "{mode}: a file left alone is inspected quietly: {err}"
        );
        assert!(err.is_empty(), "{err}");
    }
}

#[test]
fn stats_and_findings_by_rule() {
    let bad = "samples/rules/X020/bad_count_excludes_st_and_se.x12";
    let (code, out, err) = run(claimlint().args(["check", "--stats", bad]));
    assert_eq!(code, 1);
    assert!(out.ends_with("by rule: X020 1\n"), "{out}");
    for phase in [
        "read or map",
        "envelope",
        "loop model",
        "rules",
        "render",
        "wall clock",
    ] {
        assert!(err.contains(phase), "--stats shows `{phase}`: {err}");
    }
    let (_, out, err) = run(claimlint().args(["check", "-q", bad]));
    assert!(
        !out.contains("by rule") && err.is_empty(),
        "no summary and no stats with -q"
    );
}

#[test]
fn ack_says_accepted_or_rejected() {
    let (code, out, err) = run(claimlint().args(["ack", "samples/ack/clean.x12"]));
    assert_eq!(code, 0);
    assert!(out.contains("AK9*A*1*1*1~"));
    assert!(
        err.contains("accepted: 1 of 1 transaction sets accepted"),
        "{err}"
    );
    let (code, out, err) =
        run(claimlint().args(["ack", "samples/ack/broken_claim_and_clean_claim.x12"]));
    assert_eq!(code, 1);
    assert!(out.contains("AK9*P*2*2*1~"));
    assert!(err.contains("rejected: 1 of 2"), "{err}");
    let (code, out, _) =
        run(claimlint().args(["check", "--format", "999", "samples/ack/clean.x12"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("ISA*") && out.contains("ST*999*0001*005010X231A1~"));
}

#[test]
fn generate_writes_a_clean_deterministic_file() {
    let dir = tempdir("generate");
    let (a, b) = (dir.join("a.837"), dir.join("b.837"));
    for path in [&a, &b] {
        let (code, _, err) = run(claimlint()
            .args(["generate", "--claims", "50", "--seed", "3"])
            .arg(path));
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains("50 claims, 150 service lines, 0 injected errors"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let (code, out, _) = run(claimlint().args(["check"]).arg(&a));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
}

#[test]
fn an_internal_error_in_one_file_does_not_stop_the_others() {
    let (code, out, err) = run(claimlint()
        .env(
            "CLAIMLINT_TEST_PANIC_ON",
            "bad_count_excludes_st_and_se.x12",
        )
        .args([
            "check",
            "--format",
            "json",
            "samples/valid",
            "samples/rules/X020",
        ]));
    assert_eq!(code, 2, "an internal error makes the exit code 2");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    let crashed: Vec<_> = files
        .iter()
        .filter(|f| f["status"] == "internal-error")
        .collect();
    assert_eq!(crashed.len(), 1, "{out}");
    assert!(
        crashed[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("internal error in claimlint")
    );
    assert!(
        files.iter().filter(|f| f["status"] == "checked").count() >= 4,
        "the others are checked"
    );
    assert!(err.contains("panic requested"), "{err}");
}
