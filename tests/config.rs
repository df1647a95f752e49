//! `claimlint.toml`, payer profiles, user code tables (`--hcpcs`, `--cpt`), `lookup` and
//! `--version`, as a user sees them.
//!
//! Each test that needs files makes its own directory under `CARGO_TARGET_TMPDIR` and runs
//! claimlint there (the configuration is looked for from the current directory up), so no
//! `claimlint.toml` of the repository or the machine is found; tests that check files of
//! the repository pass `--config` with an empty file for the same reason.

mod common;

use common::{claimlint, run};
use std::path::{Path, PathBuf};

const J_CODE: &str = "samples/rules/S010/bad_commercial_j_code.x12";
const J_CODE_MEDICAID: &str = "samples/rules/S010/bad_medicaid_j_code.x12";

/// A fresh directory for one test.
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("config-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// An empty configuration, so no file above the repository can change a test.
fn no_config(name: &str) -> PathBuf {
    let path = tempdir(name).join("empty.toml");
    std::fs::write(&path, "").unwrap();
    path
}

/// One 320-column first-line record of a CMS Alpha-Numeric HCPCS file (RIC 3 procedure,
/// RIC 7 modifier), laid out as CMS documents it.
fn anweb_record(code: &str, ric: char, short: &str, add: &str, term: &str) -> String {
    let mut line = format!(
        "{code:>5}00100{ric}{:<80}{short:<28}",
        "Synthetic long description"
    );
    line.push_str(&" ".repeat(268 - line.len()));
    line.push_str(&format!("{add:8}{add:8}{term:8}N"));
    line.push_str(&" ".repeat(320 - line.len()));
    line.push_str("\r\n");
    line
}

/// A small synthetic ANWEB file: two procedure codes (one terminated long ago, so the file's
/// history reaches back before 2024) and one modifier; J1885 is not in it.
fn small_anweb() -> String {
    [
        anweb_record("E0114", '3', "Crutch underarm pair no wood", "19840101", ""),
        anweb_record(
            "G0424",
            '3',
            "Pulmonary rehab w exer",
            "20100101",
            "20111231",
        ),
        anweb_record("JW", '7', "Discarded drug not administe", "20100101", ""),
    ]
    .concat()
}

#[test]
fn config_is_found_from_the_current_directory() {
    let root = tempdir("walk");
    std::fs::create_dir_all(root.join("claims/2024")).unwrap();
    std::fs::copy(manifest(J_CODE), root.join("claims/2024/claim.x12")).unwrap();
    std::fs::write(
        root.join("claimlint.toml"),
        "profile = \"medicaid\"\nselect = [\"S010\"]\n",
    )
    .unwrap();
    let concise = |dir: &Path| {
        let mut cmd = claimlint();
        cmd.current_dir(dir)
            .args(["check", "-q", "--format", "concise"]);
        cmd
    };
    let (code, out, err) = run(concise(&root).arg("claims"));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains(": S010 [error] "), "{out}");
    assert_eq!(out.lines().count(), 1, "only S010 is selected: {out}");
    // From a directory below, the walk up finds it too.
    let (code, out, _) = run(concise(&root.join("claims/2024")).arg("claim.x12"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(": S010 [error] "), "{out}");

    // A configuration inside an input folder does not apply by default...
    std::fs::write(root.join("claims/claimlint.toml"), "fail-on = \"never\"\n").unwrap();
    let (code, out, _) = run(concise(&root).arg("claims/2024/claim.x12"));
    assert_eq!(code, 1, "the inbox's fail-on never is ignored: {out}");
    assert!(out.contains(": S010 [error] "), "{out}");
    // ...only with --config-discovery, where the nearest file wins and files are not
    // merged: no profile, every rule.
    let (code, out, _) = run(concise(&root)
        .arg("--config-discovery")
        .arg("claims/2024/claim.x12"));
    assert_eq!(code, 0, "fail-on never: {out}");
    assert!(out.contains(": S010 [info] "), "{out}");
    // --isolated reads none.
    let (code, out, _) = run(concise(&root)
        .args(["--isolated", "--select", "S010"])
        .arg("claims/2024/claim.x12"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(": S010 [info] "), "{out}");
    let (code, _, err) = run(concise(&root).args(["--isolated", "--config-discovery", "claims"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn command_line_overrides_the_config() {
    let root = tempdir("override");
    std::fs::copy(manifest(J_CODE), root.join("claim.x12")).unwrap();
    std::fs::write(
        root.join("claimlint.toml"),
        "profile = \"medicaid\"\nselect = [\"S010\"]\nfail-on = \"warning\"\n[severity]\nS = \"warning\"\nS010 = \"info\"\n",
    )
    .unwrap();
    let claim = root.join("claim.x12");
    let concise = || {
        let mut cmd = claimlint();
        cmd.current_dir(&root)
            .args(["check", "-q", "--format", "concise"]);
        cmd
    };
    // [severity] beats the profile.
    let (code, out, _) = run(concise().arg(&claim));
    assert!(out.contains("S010 [info]"), "{out}");
    assert_eq!(code, 0, "info is below fail-on warning");
    let (code, _, _) = run(concise().args(["--fail-on", "info"]).arg(&claim));
    assert_eq!(code, 1, "--fail-on beats fail-on");
    let (code, out, _) = run(concise().args(["--select", "X"]).arg(&claim));
    assert_eq!((code, out.as_str()), (0, ""), "--select replaces select");
    let (_, out, _) = run(concise().args(["--ignore", "S010"]).arg(&claim));
    assert_eq!(out, "", "--ignore adds to the ignored rules");

    std::fs::write(root.join("claimlint.toml"), "profile = \"commercial\"\n").unwrap();
    let (_, out, _) = run(concise()
        .args(["--profile", "medicaid", "--select", "S010"])
        .arg(&claim));
    assert!(
        out.contains("S010 [error]"),
        "--profile beats profile: {out}"
    );

    // --config names the file for every input, wherever it is.
    let other = root.join("elsewhere.toml");
    std::fs::write(&other, "select = [\"S010\"]\nfail-on = \"never\"\n").unwrap();
    let (code, out, _) = run(concise()
        .arg("--config")
        .arg(&other)
        .args([manifest(J_CODE), manifest(J_CODE_MEDICAID)]));
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn unknown_keys_and_rules_are_errors_naming_the_file() {
    let root = tempdir("unknown");
    std::fs::copy(manifest(J_CODE), root.join("claim.x12")).unwrap();
    let config = root.join("claimlint.toml");
    let cases = [
        ("profile = \"medicare\"\ncolour = \"red\"\n", "colour"),
        ("[code-sets]\nicd10 = \"x.txt\"\n", "icd10"),
        ("select = [\"X\", \"Q9\"]\n", "`Q9` is not a rule code"),
        ("ignore = [\"not-a-rule\"]\n", "`not-a-rule`"),
        ("[severity]\nZ = \"error\"\n", "`Z` is not a rule code"),
        ("[severity]\nC011 = \"fatal\"\n", "fatal"),
        ("profile = \"tricare\"\n", "tricare"),
        ("fail-on = \"sometimes\"\n", "sometimes"),
        ("select = [\n", "claimlint.toml"),
    ];
    for (text, expected) in cases {
        std::fs::write(&config, text).unwrap();
        let (code, out, err) = run(claimlint()
            .current_dir(&root)
            .arg("check")
            .arg(root.join("claim.x12")));
        assert_eq!(code, 2, "{text:?}: {out}{err}");
        assert!(err.contains(expected), "{text:?}: {err}");
        assert!(err.contains("claimlint.toml"), "{text:?}: {err}");
        assert!(out.is_empty(), "nothing is checked: {out}");
    }
    let (code, _, err) =
        run(claimlint().args(["check", "--config", "does/not/exist.toml", J_CODE]));
    assert_eq!(code, 2);
    assert!(err.contains("does/not/exist.toml"), "{err}");
}

#[test]
fn profiles_change_severities() {
    let empty = no_config("profiles");
    let check = |profile: Option<&str>, file: &str| {
        let mut cmd = claimlint();
        cmd.args(["check", "-q", "--format", "concise", "--select", "S010"])
            .arg("--config")
            .arg(&empty);
        if let Some(p) = profile {
            cmd.args(["--profile", p]);
        }
        run(cmd.arg(file))
    };
    for file in [J_CODE, J_CODE_MEDICAID] {
        let (code, out, _) = check(None, file);
        assert_eq!(code, 0);
        assert!(out.contains("S010 [info]"), "{out}");
        let (code, out, _) = check(Some("medicaid"), file);
        assert_eq!(code, 1);
        assert!(out.contains("S010 [error]"), "{out}");
    }
    let (code, _, err) = check(Some("tricare"), J_CODE);
    assert_eq!(code, 2);
    assert!(
        err.contains("non-hipaa"),
        "the error lists the profiles: {err}"
    );

    // non-hipaa: ER/IV code sets become a note.
    let er = "samples/rules/C002";
    let (_, out, _) = run(claimlint()
        .args(["check", "-q", "--format", "concise", "--select", "C002"])
        .arg("--config")
        .arg(&empty)
        .args(["--profile", "non-hipaa", er]));
    assert!(
        out.contains("C002 [info]") && !out.contains("C002 [warning]"),
        "{out}"
    );
}

#[test]
fn a_user_hcpcs_file_replaces_the_embedded_table() {
    let root = tempdir("hcpcs");
    let file = root.join("HCPC2026_APR_ANWEB.txt");
    std::fs::write(&file, small_anweb()).unwrap();
    let empty = no_config("hcpcs-empty");
    let check = |hcpcs: Option<&Path>| {
        let mut cmd = claimlint();
        cmd.args(["check", "--format", "concise", "--select", "C011,C012,C013"])
            .arg("--config")
            .arg(&empty);
        if let Some(h) = hcpcs {
            cmd.arg("--hcpcs").arg(h);
        }
        run(cmd.arg(J_CODE))
    };
    let (code, out, _) = check(None);
    assert_eq!(code, 0, "J1885 is in the embedded table: {out}");
    assert!(
        out.contains("code sets: HCPCS 2026-01, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02"),
        "{out}"
    );
    let (code, out, err) = check(Some(&file));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("C011 [error] procedure code `J1885` is not a HCPCS Level II code"),
        "{out}"
    );
    assert!(
        out.contains("code sets: HCPCS 2026-04 from ")
            && out.contains("HCPC2026_APR_ANWEB.txt (2 codes, 1 modifier)"),
        "the summary names the loaded table: {out}"
    );

    // A file without a CMS name is named after its path, and its quarter is estimated from
    // its latest date (2010 here): a 2024 date of service is after it, so only a warning.
    let plain = root.join("codes.txt");
    std::fs::write(&plain, small_anweb()).unwrap();
    let (code, out, _) = check(Some(&plain));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("C011 [warning] procedure code `J1885` is not in the loaded HCPCS file ")
            && out.contains("codes.txt · claim PCN0001 (1 of 1), payer 66783"),
        "{out}"
    );

    // [code-sets] paths are relative to the configuration file.
    std::fs::create_dir_all(root.join("project/data")).unwrap();
    std::fs::write(
        root.join("project/data/HCPC2026_APR_ANWEB.txt"),
        small_anweb(),
    )
    .unwrap();
    std::fs::write(
        root.join("project/claimlint.toml"),
        "select = [\"C011\"]\n[code-sets]\nhcpcs = \"data/HCPC2026_APR_ANWEB.txt\"\n",
    )
    .unwrap();
    std::fs::copy(manifest(J_CODE), root.join("project/claim.x12")).unwrap();
    let (code, out, err) = run(claimlint()
        .current_dir(root.join("project"))
        .args(["check", "-q", "--format", "concise"])
        .arg(root.join("project/claim.x12")));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("C011 [error]"), "{out}");
}

#[test]
fn malformed_tables_are_errors_naming_the_line() {
    let root = tempdir("malformed");
    let bad = small_anweb().replace("20100101", "20101301");
    let file = root.join("HCPC2026_APR_ANWEB.txt");
    std::fs::write(&file, bad).unwrap();
    let empty = no_config("malformed-empty");
    let (code, out, err) = run(claimlint()
        .args(["check", "--config"])
        .arg(&empty)
        .arg("--hcpcs")
        .arg(&file)
        .arg(J_CODE));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("HCPC2026_APR_ANWEB.txt"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(out.is_empty(), "{out}");

    let cpt = root.join("cpt.txt");
    std::fs::write(&cpt, "99213\n# fine\n9921\n").unwrap();
    let (code, _, err) = run(claimlint()
        .args(["check", "--config"])
        .arg(&empty)
        .arg("--cpt")
        .arg(&cpt)
        .arg(J_CODE));
    assert_eq!(code, 2);
    assert!(err.contains("cpt.txt") && err.contains("line 3"), "{err}");

    // The same from [code-sets], which also names the configuration.
    std::fs::write(
        root.join("claimlint.toml"),
        "[code-sets]\ncpt = \"cpt.txt\"\n",
    )
    .unwrap();
    std::fs::copy(manifest(J_CODE), root.join("claim.x12")).unwrap();
    let in_root = || {
        let mut cmd = claimlint();
        cmd.current_dir(&root).args(["check", "claim.x12"]);
        cmd
    };
    let (code, _, err) = run(&mut in_root());
    assert_eq!(code, 2);
    assert!(
        err.contains("line 3") && err.contains("[code-sets] cpt in "),
        "{err}"
    );
    std::fs::remove_file(&cpt).unwrap();
    let (code, _, err) = run(&mut in_root());
    assert_eq!(code, 2);
    assert!(
        err.contains("the CPT list") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn a_cpt_list_enables_c019() {
    let empty = no_config("cpt");
    let bad = "samples/rules/C019/bad_code_not_in_list.x12";
    let check = |cpt: bool| {
        let mut cmd = claimlint();
        cmd.args(["check", "-q", "--format", "concise", "--select", "C019"])
            .arg("--config")
            .arg(&empty);
        if cpt {
            cmd.args(["--cpt", "samples/rules/C019/cpt.txt"]);
        }
        run(cmd.arg(bad))
    };
    assert_eq!(check(false), (0, String::new(), String::new()));
    let (code, out, _) = check(true);
    assert_eq!(code, 1);
    assert!(
        out.contains("C019 [error] procedure code `99214` is not in your CPT list"),
        "{out}"
    );
}

fn lookup(args: &[&str]) -> (i32, String) {
    let (code, out, err) = run(claimlint().arg("lookup").args(args));
    assert!(err.is_empty(), "{err}");
    (code, out)
}

#[test]
fn lookup_explains_codes() {
    let (code, out) = lookup(&["J1885", "--date", "20260115"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "J1885
  procedure code    HCPCS Level II (J: drugs administered other than oral method, chemotherapy)
  HCPCS 2026-01     Ketorolac tromethamine inj
  added             1993-01-01
  terminated        no
  active            on 2026-01-15: yes
  Medicare coverage D, special coverage instructions apply
  pricing           51
  BETOS             O1E
  type of service   1P
  ASC               approved (YY)
  the rules read    a drug, biological or vaccine product
"
    );
    let (code, out) = lookup(&["J1885", "--date", "19920101"]);
    assert_eq!(code, 1, "not yet added: {out}");

    let (code, out) = lookup(&["99213"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("CPT Category I (evaluation and management)") && out.contains("--cpt"),
        "{out}"
    );
    let (code, out) = lookup(&["99213", "--cpt", "samples/rules/C019/cpt.txt"]);
    assert_eq!(code, 0);
    assert!(out.contains("in samples/rules/C019/cpt.txt"), "{out}");
    let (code, _) = lookup(&["99214", "--cpt", "samples/rules/C019/cpt.txt"]);
    assert_eq!(code, 1);

    let (code, out) = lookup(&["E119"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("billable diagnosis code (ICD-10-CM FY2026"),
        "{out}"
    );
    let (code, out) = lookup(&["E11.9"]);
    assert_eq!(code, 0);
    assert!(out.contains("billable") && out.contains("`E119`"), "{out}");

    let (code, out) = lookup(&["11"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("place of service  Office (POS 2024-05-02)"),
        "{out}"
    );

    let (code, out) = lookup(&["JW", "--date", "20260115"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("modifier          HCPCS Level II modifier (HCPCS 2026-01)")
            && out.contains("on 2026-01-15: yes"),
        "{out}"
    );

    let (code, out) = lookup(&["E0115", "--date", "20240110"]);
    assert_eq!(code, 1, "{out}");
    // ISO dates are read as the same day.
    let (code, iso) = lookup(&["JW", "--date", "2026-01-15"]);
    assert_eq!(code, 0);
    assert_eq!(iso, lookup(&["JW", "--date", "20260115"]).1);
    let (code, _, err) = run(claimlint().args(["lookup", "J1885", "--date", "2026/01/15"]));
    assert_eq!(code, 2);
    assert!(err.contains("YYYYMMDD or YYYY-MM-DD"), "{err}");
}

#[test]
fn version_names_the_code_sets() {
    let root = tempdir("version");
    let (code, out, _) = run(claimlint().arg("--version").current_dir(&root));
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "claimlint {} (HCPCS 2026-01, ICD-10-CM FY2026 2026-04-01, POS 2024-05-02; \
             states USPS and Canada Post 2026, ISO 3166-1 and ISO 4217 iso-codes 4.15.0)\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    std::fs::write(root.join("HCPC2026_APR_ANWEB.txt"), small_anweb()).unwrap();
    std::fs::write(
        root.join("cpt.txt"),
        std::fs::read(manifest("samples/rules/C019/cpt.txt")).unwrap(),
    )
    .unwrap();
    std::fs::write(
        root.join("claimlint.toml"),
        "[code-sets]\nhcpcs = \"HCPC2026_APR_ANWEB.txt\"\ncpt = \"cpt.txt\"\n",
    )
    .unwrap();
    let (code, out, _) = run(claimlint().arg("--version").current_dir(&root));
    assert_eq!(code, 0);
    let second = out.lines().nth(1).unwrap_or_default();
    assert!(
        second.starts_with("code sets from ")
            && second.ends_with(
                ": HCPCS 2026-04 from HCPC2026_APR_ANWEB.txt (2 codes, 1 modifier), \
                 CPT list cpt.txt (4 codes)"
            ),
        "{out}"
    );
}

/// A receiver that takes fewer claims per transaction set than the guide's 5,000: the limit
/// comes from `max-claims-per-set` in the configuration or `--max-claims-per-set`, which
/// beats it; 0 turns H018 off.
#[test]
fn claims_per_set_limit_from_the_config_and_the_command_line() {
    let root = tempdir("claims-per-set");
    let claim = root.join("three_claims.x12");
    std::fs::copy(
        manifest("samples/rules/H018/bad_three_claims_over_a_limit_of_two.x12"),
        &claim,
    )
    .unwrap();
    let concise = |args: &[&str]| {
        let mut cmd = claimlint();
        cmd.current_dir(&root)
            .args(["check", "-q", "--format", "concise", "--select", "H018"])
            .args(args)
            .arg(&claim);
        run(&mut cmd).1
    };
    assert_eq!(
        concise(&[]),
        "",
        "three claims are within the guide's 5,000"
    );
    std::fs::write(root.join("claimlint.toml"), "max-claims-per-set = 2\n").unwrap();
    let out = concise(&[]);
    assert!(
        out.contains("H018 [warning] transaction set holds 3 claims, more than the 2"),
        "{out}"
    );
    assert_eq!(
        concise(&["--max-claims-per-set", "3"]),
        "",
        "the flag beats the file"
    );
    assert_eq!(concise(&["--max-claims-per-set", "0"]), "", "0 is no limit");
    let out = concise(&["--isolated", "--max-claims-per-set", "1"]);
    assert!(out.contains("holds 3 claims, more than the 1"), "{out}");
}
