//! NCCI edit packs as a user meets them: `--ncci DIR`, `[code-sets] ncci`, the summary
//! line, `claimlint lookup`, and a pack that does not read. The pack is the synthetic one in
//! `tests/ncci-pack/` (invented codes in CMS's layouts), or a copy of it spoiled on purpose.

mod common;

use common::{claimlint, run};
use std::path::{Path, PathBuf};

const PACK: &str = "tests/ncci-pack";

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ncci-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of the synthetic pack in a fresh directory.
fn copy_of_pack(name: &str) -> PathBuf {
    let dir = tempdir(name).join("pack");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(manifest(PACK)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// An empty configuration, so no `claimlint.toml` above the repository applies.
fn no_config(name: &str) -> PathBuf {
    let path = tempdir(name).join("empty.toml");
    std::fs::write(&path, "").unwrap();
    path
}

/// `check --format concise --select P1` on `files`, with the pack when `pack` is given.
fn check(config: &Path, pack: Option<&Path>, files: &[&str]) -> (i32, String, String) {
    let mut cmd = claimlint();
    cmd.args([
        "check",
        "-q",
        "--format",
        "concise",
        "--fail-on",
        "warning",
        "--select",
        "P1,S105",
    ])
    .arg("--config")
    .arg(config);
    if let Some(pack) = pack {
        cmd.arg("--ncci").arg(pack);
    }
    run(cmd.args(files))
}

fn codes(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.split_once(": ").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_pack_turns_the_rules_on_and_without_it_none_fires() {
    let empty = no_config("on-off");
    let pack = manifest(PACK);
    let cases: &[(&str, &[&str])] = &[
        // Indicator 1 without a modifier; indicator 0 even with 59.
        (
            "samples/rules/P101/bad_indicator_1_without_modifier.x12",
            &["P101"],
        ),
        (
            "samples/rules/P101/bad_indicator_0_even_with_59.x12",
            &["P101"],
        ),
        // 59 or XU on either line; a deleted edit; different dates.
        ("samples/rules/P101/ok_59_on_the_column_one_line.x12", &[]),
        ("samples/rules/P101/ok_xu_on_the_column_two_line.x12", &[]),
        ("samples/rules/P101/ok_deleted_edit.x12", &[]),
        ("samples/rules/P101/ok_different_dates.x12", &[]),
        // MUE per line (MAI 1), summed over the date (MAI 3), one line (MAI 2).
        ("samples/rules/P102/bad_line_edit.x12", &["P102"]),
        (
            "samples/rules/P102/bad_clinical_edit_summed_over_the_date.x12",
            &["P102"],
        ),
        (
            "samples/rules/P102/bad_policy_edit_is_absolute.x12",
            &["P102"],
        ),
        ("samples/rules/P102/ok_clinical_edit_on_two_dates.x12", &[]),
        // The add-on file replaces S105's pairs for its codes: 96374 satisfies S105's table
        // for 96375, the synthetic file asks for another primary.
        (
            "samples/rules/P103/bad_replaces_the_built_in_pairs.x12",
            &["P103"],
        ),
        ("samples/rules/P103/ok_type_1_with_primary.x12", &[]),
    ];
    for (file, expected) in cases {
        let (code, out, err) = check(&empty, Some(&pack), &[file]);
        assert_eq!(codes(&out), *expected, "{file}: {out}{err}");
        assert_eq!(code, i32::from(!expected.is_empty()), "{file}: {out}{err}");
        let (code, out, err) = check(&empty, None, &[file]);
        assert_eq!(
            (code, out.as_str()),
            (0, ""),
            "{file} without a pack: {err}"
        );
    }
    // Without the pack S105 judges 96375 by its own table, which 96374 satisfies; with P103
    // ignored, S105 keeps the codes the add-on file lists.
    let file = "samples/rules/P103/bad_replaces_the_built_in_pairs.x12";
    let (_, out, _) = run(claimlint()
        .args([
            "check", "-q", "--format", "concise", "--select", "S105", "--config",
        ])
        .arg(&empty)
        .arg("--ncci")
        .arg(&pack)
        .arg(file));
    assert_eq!(codes(&out), Vec::<String>::new(), "{out}");
    let alone = "samples/rules/S105/bad_sequential_push_without_initial.x12";
    let (_, out, _) = check(&empty, Some(&pack), &[alone]);
    assert_eq!(codes(&out), ["P103"], "{out}");
    let (_, out, _) = run(claimlint()
        .args([
            "check", "-q", "--format", "concise", "--select", "S105", "--config",
        ])
        .arg(&empty)
        .arg("--ncci")
        .arg(&pack)
        .arg(alone));
    assert_eq!(codes(&out), ["S105"], "{out}");
}

#[test]
fn the_summary_names_the_pack_and_its_quarter() {
    let empty = no_config("summary");
    let (_, out, err) = run(claimlint()
        .args(["check", "--select", "P1", "--config"])
        .arg(&empty)
        .args(["--ncci", PACK, "samples/rules/P101/ok_deleted_edit.x12"]));
    assert!(
        out.contains(
            "NCCI 2026Q1 from tests/ncci-pack (PTP v320r0: 2 files, 6 edits; MUE 2026-01-01: 4 codes; add-on 2026Q1: 4 edits)"
        ),
        "{out}{err}"
    );
}

#[test]
fn the_configuration_file_names_the_pack_relative_to_itself() {
    let root = tempdir("config");
    let pack = copy_of_pack("config-pack");
    std::fs::write(
        root.join("claimlint.toml"),
        format!("[code-sets]\nncci = {:?}\n", pack.display().to_string()),
    )
    .unwrap();
    std::fs::copy(
        manifest("samples/rules/P101/bad_indicator_1_without_modifier.x12"),
        root.join("claim.x12"),
    )
    .unwrap();
    let (code, out, err) = run(claimlint()
        .args([
            "check",
            "-q",
            "--format",
            "concise",
            "--fail-on",
            "warning",
            "--select",
            "P1",
        ])
        .arg("--config-discovery")
        .arg(root.join("claim.x12")));
    assert_eq!(
        (code, codes(&out)),
        (1, vec!["P101".to_string()]),
        "{out}{err}"
    );

    // A relative path is taken from the configuration file's folder.
    let nested = tempdir("config-relative");
    std::fs::create_dir_all(nested.join("packs")).unwrap();
    std::fs::rename(&pack, nested.join("packs/2026q1")).unwrap();
    std::fs::write(
        nested.join("claimlint.toml"),
        "[code-sets]\nncci = \"packs/2026q1\"\n",
    )
    .unwrap();
    std::fs::copy(root.join("claim.x12"), nested.join("claim.x12")).unwrap();
    let (code, out, err) = run(claimlint()
        .args([
            "check",
            "-q",
            "--format",
            "concise",
            "--fail-on",
            "warning",
            "--select",
            "P1",
        ])
        .arg("--config-discovery")
        .arg(nested.join("claim.x12")));
    assert_eq!(
        (code, codes(&out)),
        (1, vec!["P101".to_string()]),
        "{out}{err}"
    );
}

#[test]
fn a_malformed_pack_is_a_usage_error_naming_the_file_and_line() {
    let empty = no_config("malformed");
    let pack = copy_of_pack("malformed");
    let ptp = pack.join("ccipra-v320r0-f1.txt");
    let text = std::fs::read_to_string(&ptp).unwrap();
    let spoiled = text.replace(
        "11111\t33333\t*\t19960101\t*\t0\t",
        "11111\t33333\t*\t19960101\t*\tZ-NOT-ECHOED\t",
    );
    assert_ne!(spoiled, text);
    std::fs::write(&ptp, spoiled).unwrap();
    let (code, out, err) = check(
        &empty,
        Some(&pack),
        &["samples/rules/P101/ok_deleted_edit.x12"],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("ccipra-v320r0-f1.txt:5: modifier indicator `Z-NOT-ECHOED` is not 0, 1 or 9"),
        "{err}"
    );
    // Only the offending field is quoted, never the rest of the line.
    assert!(!err.contains("19960101") && !err.contains("11111"), "{err}");

    let mue = pack.join("MCR_MUE_PractitionerServices_Eff_01-01-2026.csv");
    std::fs::write(&ptp, text).unwrap();
    let text = std::fs::read_to_string(&mue).unwrap();
    std::fs::write(&mue, text.replace("33333,2,", "33333,two,")).unwrap();
    let (code, _, err) = check(
        &empty,
        Some(&pack),
        &["samples/rules/P101/ok_deleted_edit.x12"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("MCR_MUE_PractitionerServices_Eff_01-01-2026.csv:7: MUE value `two` is not a whole number"),
        "{err}"
    );

    // A folder without NCCI files, and one that does not exist.
    let (code, _, err) = check(
        &empty,
        Some(&tempdir("no-files")),
        &["samples/rules/P101/ok_deleted_edit.x12"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("no NCCI file found"), "{err}");
    let (code, _, err) = check(
        &empty,
        Some(Path::new("no/such/folder")),
        &["samples/rules/P101/ok_deleted_edit.x12"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("no/such/folder") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn lookup_shows_the_loaded_edits_of_a_code() {
    let (code, out, err) =
        run(claimlint().args(["lookup", "22222", "--date", "20240110", "--ncci", PACK]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("NCCI 2026Q1       from tests/ncci-pack: PTP v320r0"),
        "{out}"
    );
    assert!(
        out.contains("PTP as column 2   11111 (1), 77770 (1): this code's line is denied"),
        "{out}"
    );
    assert!(
        out.contains("MUE               4 units per date of service (MAI 3, date of service edit: clinical; Synthetic: clinical data)"),
        "{out}"
    );
    let (_, out, _) =
        run(claimlint().args(["lookup", "11111", "--date", "20240110", "--ncci", PACK]));
    // The deleted edit with 44444 is not in force on the date.
    assert!(
        out.contains("PTP as column 1   22222 (1), 33333 (0): their lines are denied"),
        "{out}"
    );
    assert!(out.contains("primary of        add-on 96375"), "{out}");
    let (_, out, _) =
        run(claimlint().args(["lookup", "77771", "--date", "20240110", "--ncci", PACK]));
    assert!(
        out.contains("add-on code       type 1: primary 77770, 77760"),
        "{out}"
    );
    // Without a pack, no NCCI rows.
    let (_, out, _) = run(claimlint().args(["lookup", "22222", "--date", "20240110"]));
    assert!(!out.contains("NCCI") && !out.contains("MUE"), "{out}");
}
