//! `--redact` under attack: distinctive values are planted in every personal-data element
//! of the sample files and in malformed positions (over-long values, control characters,
//! stray lines, text before the ISA and after the IEA, unknown segments, values shifted by
//! a lost separator), and every output format is run with `--redact`: human, concise,
//! JSON, JSON Lines, SARIF, the 999 (`check --format 999` and `ack`) and `inspect`. No
//! planted value, and no 6-character piece of one, may appear. (The 277CA does not take
//! its values through the redacted view yet: it echoes the submitter's and receiver's
//! names, which the view masks as names.)
//!
//! The seed is fixed, so CI runs the same files every time. `CLAIMLINT_PLANT_COUNT` sets
//! how many planted files the default test writes; the ignored `nightly_…` test writes
//! 5000 (or that count). `corpus_with_planted_values` (ignored) plants into every file
//! under the folder named by `CLAIMLINT_PLANT_DIR`.

use assert_cmd::Command;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Planted files the CI test writes (at least 500, as the issue asks).
const CI_COUNT: usize = 520;
const NIGHTLY_COUNT: usize = 5000;
/// A leak is any run of this many bytes of a planted value.
const PIECE: usize = 6;

// ---------------------------------------------------------------------------------------
// Random values: a small deterministic generator, so a failing seed can be replayed.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Letters no English word, code or message is made of: consonants only, so a piece of a
/// planted value found in an output is a leak, not a coincidence.
const LETTERS: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
/// Digits without `0`: the numbers a 999 or a report writes of its own (control numbers
/// such as `000000016`, counts) are full of zeros, planted numbers have none.
const DIGITS: &[u8] = b"123456789";

#[derive(Clone, Copy)]
enum Kind {
    Name,
    Id,
    Digits,
    Date,
    Text,
}

fn word(rng: &mut Rng, alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| *rng.pick(alphabet) as char).collect()
}

fn value(rng: &mut Rng, kind: Kind) -> String {
    match kind {
        Kind::Name => {
            let len = 8 + rng.below(12);
            word(rng, LETTERS, len)
        }
        Kind::Id => format!(
            "{}{}{}",
            word(rng, LETTERS, 4),
            word(rng, DIGITS, 6),
            word(rng, LETTERS, 2)
        ),
        Kind::Digits => word(rng, DIGITS, 10),
        // A plausible birth date, in years no date of service in the samples has (a piece
        // `YYMMDD` of a 2026 service date would match a 1926 birth date), without `0`.
        Kind::Date => format!(
            "19{}{}{}{}",
            *rng.pick(b"3456789") as char,
            *rng.pick(DIGITS) as char,
            *rng.pick(&[11, 12]),
            11 + rng.below(18)
        ),
        Kind::Text => format!(
            "{} {} {}",
            word(rng, LETTERS, 7),
            word(rng, LETTERS, 6),
            word(rng, LETTERS, 8)
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Planting.

/// What to plant in element `n` (component `c`) of a segment, by the 837P's meaning of
/// the element: names, identifiers, addresses, birth and other personal dates, phone
/// numbers and e-mail, claim numbers, free text. Payer IDs (2010BB NM109) and NPIs
/// (NM108 `XX`) are claim keys a report shows, not personal data.
fn personal(id: &[u8], n: usize, c: Option<usize>, values: &[&[u8]]) -> Option<Kind> {
    let v = |i: usize| values.get(i).copied().unwrap_or_default();
    Some(match (id, n, c) {
        (b"NM1", 3..=5 | 7, None) => Kind::Name,
        (b"NM1", 9, None) if v(1) != b"PR" && v(8) != b"XX" => Kind::Id,
        (b"N3", 1 | 2, None) => Kind::Text,
        (b"N4", 1, None) => Kind::Name,
        (b"N4", 3, None) => Kind::Digits,
        (b"DMG", 2, None) => Kind::Date,
        (b"PER", 2, None) => Kind::Name,
        (b"PER", 4 | 6 | 8, None) => Kind::Digits,
        (b"REF", 2, None) => Kind::Id,
        (b"SBR", 3, None) => Kind::Id,
        (b"SBR", 4, None) => Kind::Name,
        (b"CLM", 1, None) => Kind::Id,
        (b"NTE", 2, None) | (b"K3", 1, None) => Kind::Text,
        (b"SV1", 1, Some(7)) => Kind::Text,
        (b"DTP", 3, None) if !matches!(v(1), b"472" | b"434" | b"573") => Kind::Date,
        (b"PAT", 6, None) => Kind::Date,
        (b"BHT", 3, None) | (b"PWK", 6, None) => Kind::Id,
        _ => return None,
    })
}

/// One planted file: its bytes and every value planted in it.
struct Planted {
    bytes: Vec<u8>,
    /// `bytes` with everything planted blanked out: what the file shows of its own.
    background: Vec<u8>,
    values: Vec<String>,
}

/// A replacement of `start..end` of the source.
struct Edit {
    start: usize,
    end: usize,
    with: Vec<u8>,
}

/// Plants values in `source` with `rng`: in every personal element (most of them), and
/// some malformed positions.
fn plant(source: &[u8], rng: &mut Rng) -> Planted {
    use claimlint::x12;
    let doc = x12::parse(source);
    let mut edits: Vec<Edit> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut terminators: Vec<(usize, u8)> = Vec::new();
    let plant_value = |rng: &mut Rng, kind: Kind, values: &mut Vec<String>| -> String {
        let mut v = value(rng, kind);
        // Over-long: past every element's maximum.
        if rng.chance(6) {
            while v.len() < 90 {
                v.push_str(&value(rng, Kind::Name));
            }
        }
        values.push(v.clone());
        // A control character in the middle (the pieces on either side are planted too).
        if v.len() >= 2 * PIECE + 2 && rng.chance(6) {
            let at = v.len() / 2;
            let ctl = *rng.pick(&["\u{1}", "\u{1b}[2J", "\u{7f}", "\t", "\r"]);
            v.insert_str(at, ctl);
        }
        v
    };
    for (i, ic) in doc.interchanges.iter().enumerate() {
        let next = doc
            .interchanges
            .get(i + 1)
            .map_or(source.len(), |n| n.isa.start);
        let end = ic
            .iea
            .map_or(next, |iea| (iea.start + iea.raw.len()).min(next));
        let d = ic.isa.delimiters;
        for segment in x12::Segments::new(source, ic.isa.start, end, 1, d) {
            terminators.push((segment.start + segment.raw.len(), d.segment));
            let id = segment.id();
            let elements: Vec<&[u8]> = std::iter::once(id)
                .chain(segment.elements().map(|e| e.value))
                .collect();
            let mut planted_here = false;
            for e in segment.elements() {
                let composite = e.value.contains(&d.component) || (id == b"SV1" && e.position == 1);
                for p in e.components() {
                    let c = composite.then_some(p.position);
                    let Some(kind) = personal(id, e.position, c, &elements) else {
                        continue;
                    };
                    if !rng.chance(85) {
                        continue;
                    }
                    let v = plant_value(rng, kind, &mut values);
                    edits.push(Edit {
                        start: p.start,
                        end: p.start + p.value.len(),
                        with: v.into_bytes(),
                    });
                    planted_here = true;
                }
                // SV101-7 when the sender left it out.
                if id == b"SV1" && e.position == 1 && e.components().count() < 7 && rng.chance(30) {
                    let missing = 7 - e.components().count();
                    let sep = (d.component as char).to_string().repeat(missing);
                    let v = plant_value(rng, Kind::Text, &mut values);
                    edits.push(Edit {
                        start: e.start + e.value.len(),
                        end: e.start + e.value.len(),
                        with: format!("{sep}{v}").into_bytes(),
                    });
                    planted_here = true;
                }
            }
            // Claim notes, K3 free text and a personal date the samples lack: inserted after
            // the CLM.
            if id == b"CLM" && rng.chance(40) {
                let (e, c, t) = (d.element as char, d.component as char, d.segment as char);
                let note = plant_value(rng, Kind::Text, &mut values);
                let k3 = plant_value(rng, Kind::Text, &mut values);
                let onset = plant_value(rng, Kind::Date, &mut values);
                let at = segment.start + segment.raw.len() + 1;
                if source.get(at - 1) == Some(&d.segment) {
                    edits.push(Edit {
                        start: at,
                        end: at,
                        with: format!(
                            "DTP{e}431{e}D8{e}{onset}{t}K3{e}{k3}{t}NTE{e}ADD{e}{note}{t}PWK{e}OZ{e}BM{e}{e}{e}AC{e}{}{t}",
                            plant_value(rng, Kind::Id, &mut values)
                        )
                        .into_bytes(),
                    });
                    let _ = c;
                }
            }
            // A lost separator shifts planted values into the positions after them.
            if planted_here && rng.chance(25) {
                let seps: Vec<usize> = segment
                    .raw
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == d.element || **b == d.component)
                    .map(|(at, _)| segment.start + at)
                    .filter(|at| {
                        !edits
                            .iter()
                            .any(|e| e.start <= *at && *at < e.end.max(e.start + 1))
                    })
                    .collect();
                if !seps.is_empty() {
                    let at = *rng.pick(&seps);
                    edits.push(Edit {
                        start: at,
                        end: at + 1,
                        with: Vec::new(),
                    });
                }
            }
        }
        // Text after the IEA.
        if ic.iea.is_some() && rng.chance(20) {
            let v = plant_value(rng, Kind::Text, &mut values);
            let at = if source.get(end) == Some(&d.segment) {
                end + 1
            } else {
                end
            };
            edits.push(Edit {
                start: at,
                end: at,
                with: format!("\n{v}\n").into_bytes(),
            });
        }
    }
    // Stray lines and unknown segments after some terminators.
    for &(at, terminator) in &terminators {
        if at >= source.len() || source[at] != terminator {
            continue;
        }
        if rng.chance(3) {
            let v = plant_value(rng, Kind::Text, &mut values);
            let date = plant_value(rng, Kind::Date, &mut values);
            edits.push(Edit {
                start: at + 1,
                end: at + 1,
                with: format!("\n{v} {date}\n").into_bytes(),
            });
        } else if rng.chance(3) {
            let name = plant_value(rng, Kind::Name, &mut values);
            let id = plant_value(rng, Kind::Id, &mut values);
            let segment_id = if rng.chance(50) {
                "ZZQ".to_string()
            } else {
                plant_value(rng, Kind::Name, &mut values)
            };
            edits.push(Edit {
                start: at + 1,
                end: at + 1,
                with: format!("{segment_id}*{name}*{id}{}", terminator as char).into_bytes(),
            });
        }
    }
    // Text before the first ISA.
    if rng.chance(5) {
        let v = plant_value(rng, Kind::Text, &mut values);
        edits.push(Edit {
            start: 0,
            end: 0,
            with: format!("{v}\n").into_bytes(),
        });
    }
    // A file with nothing to plant in still gets a stray line at its end.
    if values.is_empty() {
        let v = plant_value(rng, Kind::Text, &mut values);
        edits.push(Edit {
            start: source.len(),
            end: source.len(),
            with: format!("\n{v}\n").into_bytes(),
        });
    }
    let (bytes, background) = apply(source, edits);
    Planted {
        bytes,
        background,
        values,
    }
}

/// Applies non-overlapping edits (overlapping ones after the first are dropped); returns
/// the planted file and its background (the same with every inserted byte blanked).
fn apply(source: &[u8], mut edits: Vec<Edit>) -> (Vec<u8>, Vec<u8>) {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = Vec::with_capacity(source.len() + 256);
    let mut background = Vec::with_capacity(source.len() + 256);
    let mut at = 0;
    for e in edits {
        if e.start < at || e.end > source.len() {
            continue;
        }
        out.extend_from_slice(&source[at..e.start]);
        background.extend_from_slice(&source[at..e.start]);
        out.extend_from_slice(&e.with);
        background.extend(std::iter::repeat_n(0, e.with.len()));
        at = e.end;
    }
    out.extend_from_slice(&source[at..]);
    background.extend_from_slice(&source[at..]);
    (out, background)
}

// ---------------------------------------------------------------------------------------
// Running every output and looking for pieces.

fn claimlint() -> Command {
    let mut cmd = Command::cargo_bin("claimlint").unwrap();
    cmd.env("COLUMNS", "100")
        .env_remove("CLAIMLINT_REDACT_KEY")
        .env("NO_COLOR", "1");
    cmd
}

fn output(cmd: &mut Command) -> String {
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
fn pieces(
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
fn write_planted(
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
fn assert_no_leak(
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
    }
    outputs
}

/// The sample files (all synthetic): the source of the CI test.
fn samples() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    files_under(&root)
}

fn files_under(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let name = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                out.push((name, bytes));
            }
        }
    }
    out.sort();
    out
}

fn count_from_env(default: usize) -> usize {
    std::env::var("CLAIMLINT_PLANT_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn tmp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("planted-{name}-{}", std::process::id()))
}

#[test]
fn planted_values_never_reach_any_redacted_output() {
    let sources = samples();
    assert!(sources.len() > 300, "{} samples", sources.len());
    let count = count_from_env(CI_COUNT);
    let dir = tmp("ci");
    let files = write_planted(&dir, &sources, count, 0x5EED_0016);
    let planted: usize = files.iter().map(|(_, p)| p.values.len()).sum();
    assert!(planted > count * 5, "{planted} values in {count} files");
    let outputs = assert_no_leak(&dir, &files, &sources);
    eprintln!("{count} planted files, {planted} values, {outputs} outputs: no leak");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The test above can fail: without `--redact` the planted values are in the reports.
#[test]
fn without_redact_planted_values_are_in_the_reports() {
    let sources = samples();
    let dir = tmp("plain");
    let files = write_planted(&dir, &sources, 40, 0x5EED_0016);
    let pieces = pieces(&files, &sources);
    let text = output(claimlint().args(["check", "--format", "json"]).arg(&dir));
    let mut leaked = std::collections::HashSet::new();
    for w in text.as_bytes().windows(PIECE) {
        if let Some(&(f, _)) = pieces.get(w) {
            leaked.insert(f);
        }
    }
    assert!(
        leaked.len() * 2 > files.len(),
        "only {} of {} files show a planted value unredacted",
        leaked.len(),
        files.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn planting_replaces_personal_elements_and_keeps_the_rest() {
    let source = b"ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~\
GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~\
NM1*IL*1*DOE*JANE****MI*XJD000000001~CLM*PCN0001*150***11:B:1*Y~\
SV1*HC:99213*100*UN*1***1~DTP*472*D8*20240110~SE*6*0001~GE*1*1~IEA*1*000000001~";
    let mut rng = Rng(1);
    let planted = plant(source, &mut rng);
    let text = String::from_utf8_lossy(&planted.bytes);
    for kept in [
        "SV1*HC:99213",
        "*100*UN*1***1~",
        "DTP*472*D8*20240110",
        "NM1*IL*1*",
    ] {
        assert!(text.contains(kept), "{kept}: {text}");
    }
    assert!(!planted.values.is_empty());
    for v in &planted.values {
        let clean: String = v.chars().filter(|c| !c.is_control()).collect();
        let first: String = clean.chars().take(PIECE).collect();
        assert!(text.contains(&first), "`{v}` not in {text}");
    }
}

/// For a nightly job: `cargo test --release --test planted -- --ignored nightly`.
#[test]
#[ignore = "nightly: thousands of planted files"]
fn nightly_many_planted_files() {
    let sources = samples();
    let count = count_from_env(NIGHTLY_COUNT);
    let seed = std::env::var("CLAIMLINT_PLANT_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_0017);
    let dir = tmp("nightly");
    let files = write_planted(&dir, &sources, count, seed);
    let outputs = assert_no_leak(&dir, &files, &sources);
    eprintln!("{count} planted files (seed {seed}), {outputs} outputs: no leak");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Plants values in every file under `CLAIMLINT_PLANT_DIR` (e.g. a folder of real 837
/// files): `CLAIMLINT_PLANT_DIR=/path cargo test --test planted -- --ignored corpus`.
#[test]
#[ignore = "needs CLAIMLINT_PLANT_DIR"]
fn corpus_with_planted_values() {
    let root = PathBuf::from(
        std::env::var_os("CLAIMLINT_PLANT_DIR").expect("set CLAIMLINT_PLANT_DIR to a folder"),
    );
    let sources = files_under(&root);
    assert!(!sources.is_empty(), "no files under {}", root.display());
    let rounds = count_from_env(1).max(1);
    let dir = tmp("corpus");
    let files = write_planted(&dir, &sources, sources.len() * rounds, 0x5EED_0018);
    let planted: usize = files.iter().map(|(_, p)| p.values.len()).sum();
    let outputs = assert_no_leak(&dir, &files, &sources);
    eprintln!(
        "{} files from {} ({} values planted), {outputs} outputs: no leak",
        files.len(),
        root.display(),
        planted
    );
    let _ = std::fs::remove_dir_all(&dir);
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
