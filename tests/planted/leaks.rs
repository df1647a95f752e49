//! Running every output with `--redact` over the planted files and looking for pieces of
//! the planted values in what they print.

use crate::plant::{Planted, Rng, plant};
use crate::{PIECE, tmp};
use assert_cmd::Command;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(crate) fn claimlint() -> Command {
    let mut cmd = Command::cargo_bin("claimlint").unwrap();
    cmd.env("COLUMNS", "100")
        .env_remove("CLAIMLINT_REDACT_KEY")
        .env("NO_COLOR", "1");
    cmd
}

pub(crate) fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every piece of every planted value → (file, value). Pieces with a control character
/// cannot appear as such (outputs escape control characters), and a piece that occurs in
/// what the files hold of their own (digits of a birth date that are also in an NDC, or
/// in a procedure code glued to its modifier by a lost separator) or in what every report
/// says (`CMS ML` of a rule's references) cannot tell a leak from a code: both are left
/// out.
pub(crate) fn pieces(
    files: &[(PathBuf, Planted)],
    sources: &[(String, Vec<u8>)],
) -> HashMap<Vec<u8>, (usize, usize)> {
    // What every report says of its own: the rules' documentation (in SARIF) and
    // summaries, as a run over an empty file shows them.
    let empty = tmp("empty").with_extension("x12");
    std::fs::write(&empty, b"").unwrap();
    let own = output(claimlint().args(["check", "--format", "sarif"]).arg(&empty));
    let _ = std::fs::remove_file(&empty);
    let mut common = std::collections::HashSet::new();
    let backgrounds = files.iter().map(|(_, p)| &p.background[..]);
    for bytes in sources
        .iter()
        .map(|(_, b)| &b[..])
        .chain(backgrounds)
        .chain([own.as_bytes()])
    {
        for w in bytes.windows(PIECE) {
            common.insert(w);
        }
    }
    let mut map = HashMap::new();
    for (f, (_, planted)) in files.iter().enumerate() {
        for (v, value) in planted.values.iter().enumerate() {
            for w in value.as_bytes().windows(PIECE) {
                if w.iter().all(|b| !b.is_ascii_control()) && !common.contains(w) {
                    map.entry(w.to_vec()).or_insert((f, v));
                }
            }
        }
    }
    map
}

/// The first planted piece in `text`, if any. Pseudonyms (`pk_` and 12 hex digits) are
/// HMAC output, not the value: their digits are left out of the search.
fn leak<'a>(
    text: &'a str,
    pieces: &HashMap<Vec<u8>, (usize, usize)>,
) -> Option<(&'a str, (usize, usize))> {
    let mut scrubbed = text.as_bytes().to_vec();
    let mut at = 0;
    while let Some(p) = text[at..].find("pk_") {
        let start = at + p + 3;
        let hex = scrubbed[start..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if hex == 12 {
            scrubbed[start..start + hex].fill(b'_');
        }
        at = start;
    }
    let bytes = &scrubbed[..];
    bytes.windows(PIECE).enumerate().find_map(|(at, w)| {
        if w.iter().all(u8::is_ascii_digit) && is_number(bytes, at) {
            return None;
        }
        pieces.get(w).map(|&hit| {
            let from = text.floor_char_boundary(at.saturating_sub(60));
            let to = text.ceil_char_boundary((at + 60).min(text.len()));
            (&text[from..to], hit)
        })
    })
}

/// Whether the digits at `at` belong to a number the report writes itself (an offset,
/// line, column, count or position): a run of digits between spaces, commas, colons,
/// brackets or line breaks. A planted number that leaks sits in a quote, a snippet or an
/// element: next to a backtick, `#`, `*`, `~` or a letter.
fn is_number(bytes: &[u8], at: usize) -> bool {
    let structural =
        |b: Option<&u8>| b.is_none_or(|b| b" ,:()[]{}.\n\r\t/|-".contains(b) || *b >= 0x80);
    let start = bytes[..at]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let end = bytes[at..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .map_or(bytes.len(), |p| at + p);
    structural(start.checked_sub(1).and_then(|p| bytes.get(p))) && structural(bytes.get(end))
}

/// Writes the planted files of `sources` into `dir`, `count` of them from `seed`.
pub(crate) fn write_planted(
    dir: &Path,
    sources: &[(String, Vec<u8>)],
    count: usize,
    seed: u64,
) -> Vec<(PathBuf, Planted)> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = Rng(seed);
    (0..count)
        .map(|i| {
            let (name, bytes) = &sources[i % sources.len()];
            let planted = plant(bytes, &mut rng);
            let stem = name.replace(['/', '\\', ' '], "_");
            let path = dir.join(format!("{i:05}-{stem}"));
            std::fs::write(&path, &planted.bytes).unwrap();
            (path, planted)
        })
        .collect()
}

/// Runs every output format with `--redact` over the planted files and fails on the first
/// leak, naming the file, the value and where it showed. Returns the number of outputs
/// read.
pub(crate) fn assert_no_leak(
    dir: &Path,
    files: &[(PathBuf, Planted)],
    sources: &[(String, Vec<u8>)],
) -> usize {
    let pieces = pieces(files, sources);
    let report = |what: &str, text: &str| {
        if let Some((context, (f, v))) = leak(text, &pieces) {
            let (path, planted) = &files[f];
            panic!(
                "{what} shows a piece of `{}` planted in {}:\n…{}…",
                planted.values[v].escape_debug(),
                path.display(),
                context.escape_debug()
            );
        }
    };
    let mut outputs = 0;
    for (format, key) in [
        ("human", None),
        ("concise", Some("planted-key")),
        ("json", Some("planted-key")),
        ("jsonl", None),
        ("sarif", Some("planted-key")),
        ("999", None),
        ("277ca", Some("planted-key")),
    ] {
        let mut cmd = claimlint();
        cmd.args(["check", "--redact", "--format", format]).arg(dir);
        if let Some(key) = key {
            cmd.env("CLAIMLINT_REDACT_KEY", key);
        }
        let text = output(&mut cmd);
        assert!(text.len() > files.len(), "{format}: {text}");
        report(&format!("check --format {format}"), &text);
        outputs += 1;
    }
    for (i, (path, _)) in files.iter().enumerate() {
        let text = output(claimlint().args(["inspect", "--redact"]).arg(path));
        report("inspect --redact", &text);
        outputs += 1;
        if i % 4 == 0 {
            let text = output(claimlint().args(["ack", "--redact"]).arg(path));
            report("ack --redact", &text);
            outputs += 1;
        }
        // Without a key the 277CA's claim keys are masked; with one, pseudonyms.
        if i % 4 == 1 || i % 4 == 2 {
            let mut cmd = claimlint();
            cmd.args(["ack", "--format", "277ca", "--redact"]).arg(path);
            if i % 4 == 2 {
                cmd.env("CLAIMLINT_REDACT_KEY", "planted-key");
            }
            let text = output(&mut cmd);
            report("ack --format 277ca --redact", &text);
            outputs += 1;
        }
    }
    outputs
}

#[test]
fn numbers_the_report_writes_are_told_from_quoted_digits() {
    let text = b"\"offset\": 100982, x12:21:13: `19770707` DMG*D8*19770707~ 834 \xe2\x94\x82";
    let at = |needle: &str, from: usize| {
        from + text[from..]
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .unwrap()
    };
    assert!(is_number(text, at("100982", 0)));
    assert!(is_number(text, at("21", 0)));
    assert!(!is_number(text, at("770707", 0)));
    let second = at("770707", at("770707", 0) + 1);
    assert!(!is_number(text, second));
    assert!(is_number(text, at("834", 0)));
}
