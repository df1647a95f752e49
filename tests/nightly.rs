//! The nightly batch: duplicates across files and runs, `.gz` inputs, what a folder walk
//! checks, skips and leaves out, the per-claim report, output files, color, `fix` and
//! `fmt`.

mod common;

use common::{claimlint, run};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

const GOOD: &str = "samples/valid/single_claim.x12";

fn tempdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("nightly-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn good() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD)).unwrap()
}

/// The good file as another interchange with another claim: nothing in common with it.
fn other(control: &str, claim: &str) -> String {
    good()
        .replace("000000101", control)
        .replace("PCN0001", claim)
}

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

/// The outbound folder of the issue: a file and its resent copy, a `.gz` file, a
/// `README.txt`, a file to exclude and a broken symbolic link.
fn outbound(test: &str) -> PathBuf {
    let dir = tempdir(test);
    std::fs::write(dir.join("a_monday.x12"), good()).unwrap();
    std::fs::write(dir.join("b_monday_resent.x12"), good()).unwrap();
    std::fs::write(
        dir.join("c_tuesday.x12.gz"),
        gzip(&other("000000102", "PCN0002")),
    )
    .unwrap();
    std::fs::write(
        dir.join("README.txt"),
        "Outbound claims. ISA files are picked up at 22:00.\n",
    )
    .unwrap();
    std::fs::write(dir.join("d_draft.bak"), other("000000103", "PCN0003")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("gone.x12", dir.join("e_broken.x12")).unwrap();
    dir
}

fn name(dir: &Path, path: &str) -> String {
    path.strip_prefix(&*dir.to_string_lossy())
        .unwrap()
        .trim_start_matches('/')
        .to_string()
}

fn codes(file: &Value) -> Vec<&str> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[cfg(unix)]
#[test]
fn one_run_over_the_outbound_folder() {
    let dir = outbound("folder");
    let (code, out, err) = run(claimlint()
        .args([
            "check",
            "--isolated",
            "--format",
            "json",
            "--exclude",
            "*.bak",
        ])
        .arg(&dir));
    assert_eq!(code, 2, "the broken link is an I/O error: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| name(&dir, f["path"].as_str().unwrap()) == n)
            .unwrap_or_else(|| panic!("{n} not in {out}"))
    };
    // The excluded file does not appear at all.
    assert!(
        files
            .iter()
            .all(|f| !f["path"].as_str().unwrap().ends_with("d_draft.bak")),
        "{out}"
    );
    assert_eq!(files.len(), 5, "{out}");
    // The first copy is clean; the resent copy gets one finding, naming the first.
    assert_eq!(codes(by_name("a_monday.x12")), Vec::<&str>::new());
    let resent = by_name("b_monday_resent.x12");
    assert_eq!(codes(resent), ["X050"], "its claim is not reported again");
    let d = &resent["diagnostics"][0];
    assert_eq!(d["element"], "ISA13");
    assert_eq!(d["segment"]["ordinal"], 1);
    let label = d["labels"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(label, 0, "the earlier file is named in the primary label");
    // The .gz file is read and checked like any other.
    let gz = by_name("c_tuesday.x12.gz");
    assert_eq!(gz["status"], "checked");
    assert_eq!(gz["stats"]["claims"], 1);
    assert_eq!(codes(gz), Vec::<&str>::new());
    // README.txt is skipped, not an error.
    let readme = by_name("README.txt");
    assert_eq!(readme["status"], "skipped");
    assert_eq!(readme["reason"], "not-x12");
    assert_eq!(readme["errors"], 0);
    assert_eq!(by_name("e_broken.x12")["status"], "unreadable");
    assert_eq!(v["summary"]["checked"], 3);
    assert_eq!(v["summary"]["skipped"], 1);
    assert_eq!(v["summary"]["unreadable"], 1);

    // The human report: the finding names the earlier file, the summary counts all three.
    let (_, out, err) = run(claimlint()
        .args(["check", "--isolated", "--exclude", "*.bak"])
        .arg(&dir));
    let first = dir.join("a_monday.x12");
    assert!(
        out.contains(&format!(
            "same sender, control number and content as segment 1 of {}",
            first.display()
        )),
        "{out}"
    );
    assert!(
        out.contains("checked 3 files (3 interchanges, 3 transaction sets, 3 claims, 6 service lines), skipped 1, unreadable 1:"),
        "{out}"
    );
    assert!(err.contains("e_broken.x12: cannot read"), "{err}");
    assert!(
        !out.contains("README.txt") && !err.contains("README.txt"),
        "{out}{err}"
    );
}

#[test]
fn exclude_in_the_configuration() {
    let dir = tempdir("config-exclude");
    std::fs::create_dir(dir.join("in")).unwrap();
    std::fs::create_dir(dir.join("in/archive")).unwrap();
    std::fs::write(dir.join("in/new.x12"), good()).unwrap();
    std::fs::write(dir.join("in/archive/old.x12"), good()).unwrap();
    std::fs::write(dir.join("claimlint.toml"), "exclude = [\"archive\"]\n").unwrap();
    let (code, out, err) = run(claimlint()
        .current_dir(&dir)
        .args(["check", "--format", "concise", "in"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("checked 1 file "), "{out}");
    // A pattern with a slash matches the path below the folder walked.
    let (code, out, _) = run(claimlint().current_dir(&dir).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "--exclude",
        "archive/*.x12",
        "in",
    ]));
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("checked 1 file "), "{out}");
    // Without it, the archived copy is the duplicate.
    let (code, out, _) = run(claimlint().current_dir(&dir).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "in",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("in/new.x12:1:91: X050"), "{out}");
}

#[test]
fn a_claim_sent_again_in_another_interchange_is_a_duplicate_claim() {
    let dir = tempdir("claim");
    std::fs::write(dir.join("a.x12"), good()).unwrap();
    // A new interchange number, the same claim.
    std::fs::write(dir.join("b.x12"), good().replace("000000101", "000000201")).unwrap();
    let (code, out, _) = run(claimlint()
        .args(["check", "--isolated", "--format", "concise"])
        .arg(&dir));
    assert_eq!(code, 1);
    let findings: Vec<&str> = out.lines().filter(|l| l.contains(": S120 [")).collect();
    assert_eq!(findings.len(), 1, "{out}");
    assert!(findings[0].contains("b.x12:21:5: S120 [error]"), "{out}");
    // Ignoring the rule turns the check off.
    let (code, _, _) = run(claimlint()
        .args(["check", "--isolated", "--ignore", "S120"])
        .arg(&dir));
    assert_eq!(code, 0);
}

#[test]
fn seen_catches_a_resubmission_on_another_night() {
    let dir = tempdir("seen");
    let state = dir.join("sent.jsonl");
    std::fs::create_dir(dir.join("monday")).unwrap();
    std::fs::create_dir(dir.join("tuesday")).unwrap();
    std::fs::write(dir.join("monday/out.x12"), good()).unwrap();
    std::fs::write(dir.join("tuesday/out.x12"), good()).unwrap();
    let check = |night: &str| {
        run(claimlint()
            .args(["check", "--isolated", "--format", "concise", "--seen"])
            .arg(&state)
            .arg(dir.join(night)))
    };
    let (code, out, err) = check("monday");
    assert_eq!(code, 0, "{out}{err}");
    // Checking Monday's file again is not a resubmission.
    let (code, out, _) = check("monday");
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = check("tuesday");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("tuesday/out.x12:1:91: X050"), "{out}");
    // The state holds keyed hashes only: no claim number, no sender, no NPI.
    let text = std::fs::read_to_string(&state).unwrap();
    assert_eq!(
        text.lines().count(),
        2,
        "one interchange and one claim: {text}"
    );
    for secret in ["PCN0001", "1234567893", "CLAIMLINTSUB", "000000101"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let key = std::fs::metadata(dir.join("sent.jsonl.key")).unwrap();
    assert_eq!(key.len(), 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(key.permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn claim_report_has_a_row_per_claim_with_its_status() {
    let dir = tempdir("claims");
    std::fs::write(dir.join("a.x12"), good()).unwrap();
    // A second claim whose SE01 is wrong: its transaction set is rejected.
    std::fs::write(
        dir.join("b.x12"),
        other("000000102", "PCN0002").replace("SE*27*0001", "SE*26*0001"),
    )
    .unwrap();
    let csv = dir.join("claims.csv");
    let (code, out, err) = run(claimlint()
        .args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "--claim-report",
        ])
        .arg(&csv)
        .arg(dir.join("a.x12"))
        .arg(dir.join("b.x12")));
    assert_eq!(code, 1, "{out}{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let a = dir.join("a.x12").display().to_string();
    let b = dir.join("b.x12").display().to_string();
    assert_eq!(
        text,
        format!(
            "file,interchange,transaction,claim,claim_number,payer_id,billing_npi,total_charge,lines,status,codes\n\
             {a},000000101,0001,1,PCN0001,66783,1234567893,150,2,accepted,\n\
             {b},000000102,0001,1,PCN0002,66783,1234567893,150,2,rejected,X020\n"
        )
    );
    // JSON Lines by the name, and the claim number pseudonymised under --redact.
    let jsonl = dir.join("claims.jsonl");
    run(claimlint()
        .env("CLAIMLINT_REDACT_KEY", "nightly-test-key")
        .args(["check", "--isolated", "--redact", "--claim-report"])
        .arg(&jsonl)
        .arg(dir.join("a.x12")));
    let text = std::fs::read_to_string(&jsonl).unwrap();
    let row: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(row["status"], "accepted");
    assert_eq!(row["lines"], 2);
    let number = row["claim_number"].as_str().unwrap();
    assert!(number.starts_with("pk_") && number.len() == 15, "{number}");
    assert!(!text.contains("PCN0001"), "{text}");
}

#[test]
fn output_file_for_every_format() {
    let dir = tempdir("output");
    for format in ["human", "concise", "json", "jsonl", "sarif", "999"] {
        let path = dir.join(format!("report.{format}"));
        let (code, out, err) = run(claimlint()
            .args(["check", "--isolated", "--format", format, "--output-file"])
            .arg(&path)
            .arg("samples/rules/X020/bad_count_excludes_st_and_se.x12"));
        assert_eq!(code, 1, "{format}: {err}");
        assert!(
            out.is_empty(),
            "{format}: nothing on standard output: {out}"
        );
        let written = std::fs::read_to_string(&path).unwrap();
        let (_, stdout, _) = run(claimlint()
            .args(["check", "--isolated", "--format", format])
            .arg("samples/rules/X020/bad_count_excludes_st_and_se.x12"));
        let strip = |t: &str| {
            t.lines()
                .filter(|l| !l.contains(" in 0.") && !l.contains("elapsed"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        if format == "human" || format == "concise" || format == "999" {
            assert_eq!(strip(&written), strip(&stdout), "{format}");
        } else {
            assert!(written.contains("X020"), "{format}: {written}");
        }
    }
    // A folder that does not exist: exit 2, nothing left behind.
    let (code, _, err) = run(claimlint()
        .args(["check", "--isolated", "--output-file"])
        .arg(dir.join("missing/report.txt"))
        .arg(GOOD));
    assert_eq!(code, 2);
    assert!(err.contains("missing/report.txt"), "{err}");
}

#[test]
fn color_always_colors_a_pipe_and_never_wins_over_force() {
    let sample = "samples/rules/X020/bad_count_excludes_st_and_se.x12";
    let (_, out, _) = run(claimlint().args(["check", "--isolated", "--color", "always", sample]));
    assert!(out.contains("\u{1b}["), "{out}");
    let (_, out, _) = run(claimlint().args(["check", "--isolated", sample]));
    assert!(!out.contains("\u{1b}["), "a pipe is not colored by default");
    let (_, out, _) =
        run(claimlint()
            .env("CLICOLOR_FORCE", "1")
            .args(["check", "--isolated", sample]));
    assert!(out.contains("\u{1b}["), "CLICOLOR_FORCE colors a pipe");
    let (_, out, _) = run(claimlint()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["check", "--isolated", sample]));
    assert!(
        !out.contains("\u{1b}["),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
    let (_, out, _) = run(claimlint().env("CLICOLOR_FORCE", "1").args([
        "check",
        "--isolated",
        "--color",
        "never",
        sample,
    ]));
    assert!(!out.contains("\u{1b}["));
}

#[test]
fn statistics_one_line_per_rule() {
    let (code, out, _) = run(claimlint().args([
        "check",
        "--isolated",
        "--statistics",
        "--quiet",
        "samples/rules/X020/bad_count_excludes_st_and_se.x12",
        "samples/rules/X017",
    ]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"1\tX020\tsegment-count-mismatch"), "{out}");
    assert!(
        lines
            .iter()
            .all(|l| l.split('\t').count() == 3 && !l.contains('×')),
        "{out}"
    );
}

#[test]
fn lookup_takes_iso_dates() {
    let (code, iso, _) = run(claimlint().args(["lookup", "J1885", "--date", "2026-10-15"]));
    assert_eq!(code, 0, "{iso}");
    let (_, plain, _) = run(claimlint().args(["lookup", "J1885", "--date", "20261015"]));
    assert_eq!(iso, plain);
    assert!(iso.contains("on 2026-10-15"), "{iso}");
}

/// The claim report is written as the run goes (one input's rows held at a time), into a
/// temporary file that takes the report's name only when the run ends: a report that
/// cannot be written is an error at the end, after every input was checked and
/// reported, and leaves no file behind.
#[test]
fn a_claim_report_that_cannot_be_written_fails_the_run_after_the_check() {
    let dir = tempdir("claims-unwritable");
    std::fs::write(dir.join("a.x12"), good()).unwrap();
    let csv = dir.join("missing").join("claims.csv");
    let (code, out, err) = run(claimlint()
        .args(["check", "--isolated", "--format", "json", "--claim-report"])
        .arg(&csv)
        .arg(dir.join("a.x12")));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--claim-report"), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["files"], 1, "{out}");
    assert!(!csv.exists());
    // Written whole on success, with no temporary file left beside it.
    let csv = dir.join("claims.csv");
    let (code, _, err) = run(claimlint()
        .args(["check", "--isolated", "-q", "--claim-report"])
        .arg(&csv)
        .arg(dir.join("a.x12")));
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 2);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = run(claimlint().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("claimlint"), "{shell}");
        assert!(
            out.contains("claim-report"),
            "{shell}: options of check are completed"
        );
    }
    let (code, out, _) = run(claimlint().args(["completions", "man"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH claimlint 1"),
        "{out}"
    );
    let (code, _, _) = run(claimlint().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
}

#[test]
fn fix_makes_a_wrong_se01_right_and_leaves_the_input_alone() {
    let dir = tempdir("fix");
    let bad = dir.join("bad.x12");
    let original = good().replace("SE*27*0001", "SE*25*0001");
    std::fs::write(&bad, &original).unwrap();
    let (code, out, _) = run(claimlint()
        .args(["check", "--isolated", "--format", "concise"])
        .arg(&bad));
    assert_eq!(code, 1);
    assert!(out.contains("X020"), "{out}");

    let fixed = dir.join("fixed.x12");
    let (code, _, err) = run(claimlint()
        .arg("fix")
        .arg(&bad)
        .arg("--output-file")
        .arg(&fixed));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("SE01 (segment 29): `25` → `27`"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        original,
        "input untouched"
    );
    let (code, out, _) = run(claimlint()
        .args(["check", "--isolated", "--format", "concise"])
        .arg(&fixed));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("X020"), "{out}");
    // Only SE01 changed: the claim is the same, byte for byte.
    assert_eq!(
        std::fs::read_to_string(&fixed).unwrap(),
        original.replace("SE*25*0001", "SE*27*0001")
    );

    // To standard output by default; in place only when asked.
    let (code, out, _) = run(claimlint().arg("fix").arg(&bad));
    assert_eq!(code, 0);
    assert!(out.contains("SE*27*0001~"));
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), original);
    let (code, _, _) = run(claimlint()
        .args(["fix", "--in-place", "--eol", "crlf"])
        .arg(&bad));
    assert_eq!(code, 0);
    let now = std::fs::read_to_string(&bad).unwrap();
    assert!(now.contains("SE*27*0001~\r\nGE*1*101~\r\n"), "{now}");
}

#[test]
fn fix_makes_trailer_control_numbers_match_their_headers() {
    let dir = tempdir("fix-control");
    let bad = dir.join("bad.x12");
    std::fs::write(
        &bad,
        good()
            .replace("SE*27*0001", "SE*27*0002")
            .replace("GE*1*101", "GE*2*999")
            .replace("IEA*1*000000101", "IEA*1*000000199"),
    )
    .unwrap();
    let (code, out, err) = run(claimlint().arg("fix").arg(&bad));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, good());
    assert_eq!(err.lines().count(), 4, "{err}");
}

#[test]
fn fmt_puts_one_segment_per_line() {
    let dir = tempdir("fmt");
    let one_line = dir.join("one_line.x12");
    std::fs::write(&one_line, good().replace('\n', "")).unwrap();
    let (code, out, _) = run(claimlint().arg("fmt").arg(&one_line));
    assert_eq!(code, 0);
    assert_eq!(out, good());
}
