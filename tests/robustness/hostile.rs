//! Bytes and directory entries no claim file holds: NUL bytes, UTF-16, letters as
//! separators, an interchange that never closes, control characters, and (through the
//! binary) a folder of symlink loops, a FIFO, a socket and an unreadable file.

use crate::{NAME, codes, has, pipeline, valid};
use claimlint::Report;
use claimlint::redact::View;
use claimlint::report::{DisplayIndex, concise, human};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn only(report: &Report, code: &str) -> bool {
    !report.diagnostics.is_empty() && report.diagnostics.iter().all(|d| d.code() == code)
}

#[test]
fn nul_bytes_are_binary_input() {
    for len in [1, 64, 1 << 20] {
        let report = pipeline(&vec![0u8; len]);
        assert!(only(&report, "X002"), "{len}: {:?}", codes(&report));
    }
}

#[test]
fn utf16_is_reported_with_and_without_bom() {
    let text = String::from_utf8(valid()).unwrap();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [le, be, le_no_bom] {
        let report = pipeline(&bytes);
        assert!(only(&report, "X003"), "{:?}", codes(&report));
    }
}

#[test]
fn letters_as_separators_are_invalid_delimiters() {
    let text = String::from_utf8(valid()).unwrap();
    // Letters as the component separator and terminator, used consistently: the
    // interchange cannot be read and is reported once.
    let letters = text.replace(':', "C").replace('~', "Z");
    assert_eq!(codes(&pipeline(letters.as_bytes())), ["X006"]);
    // A letter as the terminator in the ISA only.
    let mut bytes = valid();
    bytes[105] = b'S';
    assert_eq!(codes(&pipeline(&bytes)), ["X006"]);
    // A letter as the element separator: `ISAE00E…` is no ISA (the word `ISAAC` must not
    // start an interchange), so the file has no interchange at all.
    let letters = text.replace('*', "E");
    assert_eq!(codes(&pipeline(letters.as_bytes())), ["X004"]);
}

#[test]
fn an_interchange_that_never_closes_is_unexpected_end() {
    let text = String::from_utf8(valid()).unwrap();
    let no_iea = &text[..text.find("IEA*").unwrap()];
    assert_eq!(codes(&pipeline(no_iea.as_bytes())), ["X009"]);
    let nothing_closed = &text[..text.find("SE*").unwrap()];
    assert_eq!(codes(&pipeline(nothing_closed.as_bytes())), ["X009"]);
    let isa_only = &text[..text.find("GS*").unwrap()];
    assert_eq!(codes(&pipeline(isa_only.as_bytes())), ["X009"]);
}

/// Control characters in element data (a NUL, an escape sequence, DEL, a bell) do not
/// break anything, and never reach the terminal raw: the human and concise reports hold
/// no control character but the line break.
#[test]
fn control_characters_in_element_data_stay_out_of_the_terminal() {
    let text = String::from_utf8(valid()).unwrap();
    for ctl in ["\0", "\x1b[2J\x1b]0;pwned\x07", "\x7f", "\x08\x08", "\r"] {
        let dirty = text
            .replace("DOE*JANE", &format!("DO{ctl}E*JANE"))
            .replace("SV1*HC:99213", &format!("SV1*HC:992{ctl}13"))
            .replace("GS*HC*CLAIMLINTSUB", &format!("GS*HC*CLAIM{ctl}LINTSUB"))
            .replace("CLM*PCN0001*150", &format!("CLM*PCN0001*15{ctl}0"));
        let bytes = dirty.as_bytes();
        let report = pipeline(bytes);
        if ctl == "\r" {
            // A line break inside segments: reported once, and the values read without it.
            assert!(has(&report, "X031"), "{ctl:?}: {:?}", codes(&report));
        } else {
            assert!(has(&report, "C003"), "{ctl:?}: {:?}", codes(&report));
        }
        let index = DisplayIndex::new(bytes);
        let view = View::plain(bytes);
        let human = human::render(
            NAME,
            &view,
            &index,
            &report.diagnostics,
            human::HumanOptions::default(),
        );
        let concise = concise(NAME, &view, &index, &report.diagnostics);
        for out in [human, concise] {
            let raw = out.chars().find(|&c| c.is_control() && c != '\n');
            assert_eq!(raw, None, "{ctl:?}: {out}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hostile directory entries, through the binary.

fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("robustness-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check_json(paths: &[&Path]) -> (i32, serde_json::Value) {
    let out = assert_cmd::Command::cargo_bin("claimlint")
        .unwrap()
        .args(["check", "--format", "json"])
        .args(paths)
        // A FIFO opened for reading waits for a writer forever: fail instead of hanging.
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let code = out.status.code().expect("claimlint finished by itself");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (code, json)
}

/// A directory holding a symlink loop, a FIFO, a socket, an unreadable file, an empty file
/// and a link back to its parent: every claim-named entry appears in the JSON report with
/// its outcome, and the run finishes.
#[cfg(unix)]
#[test]
fn hostile_directory_entries_are_each_reported_and_never_block() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempdir("entries");
    std::fs::write(dir.join("a_valid.x12"), valid()).unwrap();
    std::fs::write(dir.join("b_empty.x12"), "").unwrap();
    symlink("c_loop.x12", dir.join("c_loop.x12")).unwrap();
    symlink("d_pong.x12", dir.join("d_ping.x12")).unwrap();
    symlink("d_ping.x12", dir.join("d_pong.x12")).unwrap();
    let fifo = dir.join("e_pipe.x12");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let locked = dir.join("f_locked.x12");
    std::fs::write(&locked, valid()).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("g_socket.x12")).unwrap();
    symlink("..", dir.join("h_parent")).unwrap();
    std::fs::write(dir.join("i_notes.md"), "not a claim").unwrap();

    let (code, v) = check_json(&[&dir]);
    assert_eq!(code, 2, "unreadable inputs make the exit code 2");
    let files: BTreeMap<String, &serde_json::Value> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            (name.into_owned(), f)
        })
        .collect();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "a_valid.x12",
            "b_empty.x12",
            "c_loop.x12",
            "d_ping.x12",
            "d_pong.x12",
            "e_pipe.x12",
            "f_locked.x12",
            "g_socket.x12",
            "h_parent",
            "i_notes.md"
        ],
    );
    // The link to the parent directory is not followed, and said so; no entry vanishes.
    assert_eq!(files["h_parent"]["status"], "skipped");
    assert_eq!(files["h_parent"]["reason"], "directory-link");
    assert_eq!(files["i_notes.md"]["reason"], "not-x12");
    assert_eq!(files["a_valid.x12"]["status"], "checked");
    assert_eq!(files["a_valid.x12"]["errors"], 0);
    assert_eq!(files["b_empty.x12"]["status"], "checked");
    assert_eq!(files["b_empty.x12"]["diagnostics"][0]["code"], "X001");
    let unreadable = |name: &str| {
        let f = files[name];
        assert_eq!(f["status"], "unreadable", "{name}: {f}");
        f["error"].as_str().unwrap().to_string()
    };
    for name in ["c_loop.x12", "d_ping.x12", "d_pong.x12"] {
        let error = unreadable(name);
        assert!(error.contains("symbolic links"), "{name}: {error}");
    }
    assert_eq!(unreadable("e_pipe.x12"), "not a regular file (FIFO)");
    assert_eq!(unreadable("g_socket.x12"), "not a regular file (socket)");
    // Root reads a file whatever its mode: then the file is simply checked.
    if std::fs::read(&locked).is_err() {
        let error = unreadable("f_locked.x12");
        assert!(error.contains("ermission denied"), "{error}");
    } else {
        assert_eq!(files["f_locked.x12"]["status"], "checked");
    }
    assert_eq!(v["summary"]["files"], 10);
    assert_eq!(v["summary"]["skipped"], 2);

    // Named on the command line, a FIFO is reported without being opened too.
    let (code, v) = check_json(&[&fifo]);
    assert_eq!(code, 2);
    assert_eq!(v["files"][0]["error"], "not a regular file (FIFO)");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
