//! The command line: `ack` and `check --format 999`/`277ca` give one answer whatever the
//! lint settings, control numbers increase across a run, and `--ack-dir` never
//! overwrites an input.

use std::path::{Path, PathBuf};
use std::process::Command;

fn claimlint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimlint"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh directory for one test (tests run in parallel in one process).
fn tempdir(test: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ack-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The text without the acknowledgment's own creation date and time (ISA09, ISA10, GS04,
/// GS05).
fn undated(text: &str) -> String {
    text.lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split('*').collect();
            match f[0] {
                "ISA" if f.len() > 10 => {
                    f[9] = "";
                    f[10] = "";
                }
                "GS" if f.len() > 5 => {
                    f[4] = "";
                    f[5] = "";
                }
                _ => {}
            }
            f.join("*")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ack_and_check_give_one_answer_whatever_the_lint_settings() {
    let dir = tempdir("one-answer");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in [
        "broken_claim_and_clean_claim.x12",
        "local_code_and_clean_claim.x12",
    ] {
        std::fs::copy(root.join("samples/ack").join(f), dir.join(f)).unwrap();
    }
    // Ignoring the rules that reject would turn the 999's rejection into an acceptance if
    // the acknowledgment followed the settings.
    std::fs::write(dir.join("claimlint.toml"), "ignore = [\"H\", \"C001\"]\n").unwrap();
    for format in ["999", "277ca"] {
        let (_, ack, _) = run(claimlint()
            .current_dir(&dir)
            .args(["ack", "--format", format, "."]));
        let (_, check, _) = run(claimlint()
            .current_dir(&dir)
            .args(["check", "--format", format, "."]));
        assert!(!ack.is_empty());
        assert_eq!(undated(&ack), undated(&check), "{format}");
        // And the same as with no configuration at all.
        let (_, plain, _) = run(claimlint().args([
            "ack",
            "--format",
            format,
            "samples/ack/broken_claim_and_clean_claim.x12",
            "samples/ack/local_code_and_clean_claim.x12",
        ]));
        assert_eq!(undated(&ack), undated(&plain), "{format}");
    }
    let (_, ack, _) = run(claimlint().current_dir(&dir).args(["ack", "."]));
    assert!(ack.contains("IK5*R*"), "the rejection stays: {ack}");
}

#[test]
fn interchanges_of_a_run_get_increasing_control_numbers() {
    let (code, out, err) = run(claimlint().args([
        "ack",
        "--control-number",
        "41",
        "samples/valid/two_interchanges_one_line.x12",
        "samples/ack/clean.x12",
    ]));
    assert_eq!(code, 0, "{err}");
    let isa13: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("ISA*"))
        .map(|l| l.split('*').nth(13).unwrap())
        .collect();
    assert_eq!(isa13, ["000000041", "000000042", "000000043"], "{out}");
    let gs06: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("GS*"))
        .map(|l| l.split('*').nth(6).unwrap())
        .collect();
    assert_eq!(gs06, ["41", "42", "43"], "{out}");
    let (_, check, _) = run(claimlint().args([
        "check",
        "--format",
        "999",
        "--control-number",
        "41",
        "samples/valid/two_interchanges_one_line.x12",
        "samples/ack/clean.x12",
    ]));
    assert_eq!(undated(&out), undated(&check));
}

#[test]
fn a_control_number_out_of_range_is_a_usage_error() {
    for bad in ["0", "1000000000", "1234567890", "-1", "x"] {
        let arg = format!("--control-number={bad}");
        let (code, out, err) = run(claimlint().args(["ack", &arg, "samples/ack/clean.x12"]));
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(
            out.is_empty() && err.contains("1 to 999999999"),
            "{bad}: {err}"
        );
        let (code, _, _) =
            run(claimlint().args(["check", "--format", "999", &arg, "samples/ack/clean.x12"]));
        assert_eq!(code, 2, "{bad}");
    }
}

#[test]
fn ack_dir_writes_one_file_per_input_and_never_an_input() {
    let dir = tempdir("ack-dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("samples/ack/clean.x12"), dir.join("clean.x12")).unwrap();
    // An input whose name is what the other input's acknowledgment would be called.
    std::fs::copy(root.join("samples/ack/clean.x12"), dir.join("clean.999")).unwrap();
    let original = std::fs::read(dir.join("clean.999")).unwrap();
    let (code, out, err) = run(claimlint().current_dir(&dir).args([
        "ack",
        "--ack-dir",
        ".",
        "clean.x12",
        "clean.999",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(std::fs::read(dir.join("clean.999")).unwrap(), original);
    for written in ["clean-2.999", "clean-3.999"] {
        let text = std::fs::read_to_string(dir.join(written)).unwrap();
        assert!(
            text.starts_with("ISA*") && text.contains("ST*999*"),
            "{written}"
        );
    }
    let (code, _, err) = run(claimlint().current_dir(&dir).args([
        "ack",
        "--format",
        "277ca",
        "--ack-dir",
        "acks",
        "clean.x12",
    ]));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.join("acks/clean.277")).unwrap();
    assert!(text.contains("ST*277*0001*005010X214~"), "{text}");
}
