//! `--seen FILE`: the interchanges and claims of earlier runs, so a resubmission on
//! another night is caught (X050, S120).
//!
//! JSON Lines, one key per line: `{"k":"<hex>","t":"i"|"c","file":"…","seg":N,"day":"YYYY-MM-DD"}`.
//! Chosen over SQLite because the state is small and read whole once per run, a line can
//! be read with any tool, and it needs no C library; it is rewritten atomically at the
//! end of a run, keeping the newest [`MAX_ENTRIES`] keys, so it stays bounded (about 150
//! bytes a key: 30 MB at most).
//!
//! Keys are HMAC-SHA-256 under a random 32-byte key kept beside the state in `FILE.key`
//! (created with mode 0600): the state never holds a claim number or any other value of
//! a claim in clear, and without the key file its hashes cannot be tested against guessed
//! claim numbers. Only what passed is recorded (interchanges and claims without
//! error-severity findings): a rejected file is fixed and sent again, which is not a
//! duplicate. A key recorded from a file of the same name is that file checked again, not
//! a resubmission.

use super::check::{First, Hash, Ledger};
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most keys kept; the oldest go first.
pub const MAX_ENTRIES: usize = 200_000;

pub struct Seen {
    path: PathBuf,
    pub key: [u8; 32],
    /// Entries in file order (oldest first).
    entries: Vec<(Hash, bool, First)>,
}

/// `h` in lowercase hexadecimal.
fn hex(h: &Hash) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(h) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
    out
}

/// A byte that is not a hexadecimal digit, in [`HEX`].
const NOT_HEX: u8 = 0x80;

/// The value of each hexadecimal digit (either case), [`NOT_HEX`] for other bytes.
static HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

fn unhex(s: &str) -> Option<Hash> {
    let mut out = [0u8; 32];
    if s.len() != 64 {
        return None;
    }
    // Hexadecimal digits, as written, read through a table: a test per digit, its
    // outcome as random as the key, missed about half the time (40 ms for a state of
    // 200,000 keys).
    let mut odd = 0;
    for (pair, o) in s.as_bytes().chunks_exact(2).zip(out.iter_mut()) {
        let (high, low) = (HEX[usize::from(pair[0])], HEX[usize::from(pair[1])]);
        odd |= high | low;
        *o = high << 4 | low;
    }
    if odd & NOT_HEX == 0 {
        return Some(out);
    }
    // Anything else as `from_str_radix` reads it (a sign, say).
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

fn key_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

impl Seen {
    /// Reads the state and its key, or starts both when the state does not exist yet.
    pub fn open(path: &Path) -> Result<Seen, String> {
        let shown = path.display();
        let kp = key_path(path);
        let key = match std::fs::read(&kp) {
            Ok(bytes) => bytes
                .as_slice()
                .try_into()
                .map_err(|_| format!("{}: not a claimlint key (32 bytes)", kp.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !path.exists() => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).map_err(|e| format!("{shown}: no random key: {e}"))?;
                write_key(&kp, &key).map_err(|e| format!("{}: {e}", kp.display()))?;
                key
            }
            Err(e) => return Err(format!("{}: cannot read the key: {e}", kp.display())),
        };
        let mut entries = Vec::new();
        match std::fs::read(path) {
            Ok(text) => {
                // Read whole and cut into lines, as `BufRead::lines` would (a line's CR
                // before its LF is JSON whitespace), without a string for each line.
                let mut interned = Interned::default();
                let mut start = 0;
                let ends = memchr::memchr_iter(b'\n', &text).chain([text.len()]);
                for (n, end) in ends.enumerate() {
                    // After the last line break, nothing is a line.
                    if start >= text.len() {
                        break;
                    }
                    let line = &text[start..end];
                    start = end + 1;
                    let line = std::str::from_utf8(line)
                        .map_err(|_| format!("{shown}: stream did not contain valid UTF-8"))?;
                    if line.trim().is_empty() {
                        continue;
                    }
                    let entry = parse(line, &mut interned)
                        .ok_or_else(|| format!("{shown}: line {}: not a seen entry", n + 1))?;
                    entries.push(entry);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{shown}: {e}")),
        }
        Ok(Seen {
            path: path.to_path_buf(),
            key,
            entries,
        })
    }

    /// Puts the earlier runs' keys into the ledger.
    pub fn fill(&self, ledger: &mut Ledger) {
        ledger.reserve(self.entries.len());
        for (hash, _, first) in &self.entries {
            ledger.remember(hash, first);
        }
    }

    /// Adds this run's keys and rewrites the state, keeping the newest [`MAX_ENTRIES`].
    pub fn save(mut self, new: Vec<(Hash, bool, First)>) -> std::io::Result<()> {
        let mut known: HashSet<Hash, super::check::ByPrefix> = HashSet::default();
        known.reserve(self.entries.len());
        known.extend(self.entries.iter().map(|e| e.0));
        self.entries
            .extend(new.into_iter().filter(|e| !known.contains(&e.0)));
        let skip = self.entries.len().saturating_sub(MAX_ENTRIES);
        let kept = &self.entries[skip..];
        // About 135 bytes a line.
        let mut text = Vec::with_capacity(kept.len() * 160);
        for (hash, interchange, first) in kept {
            write_line(&mut text, hash, *interchange, first);
        }
        super::output::write_atomic(&self.path, &text)
    }
}

/// One line of the state, written as `serde_json::json!` writes the object (its keys in
/// order, no spaces) without building it as a JSON value first: a state of 200,000
/// keys was 0.1 s of a run's time to write.
#[derive(serde::Serialize)]
struct Line<'a> {
    day: Option<&'a str>,
    file: &'a str,
    k: &'a str,
    seg: usize,
    t: &'a str,
}

fn write_line(text: &mut Vec<u8>, hash: &Hash, interchange: bool, first: &First) {
    let k = hex(hash);
    let line = Line {
        day: first.day.as_deref(),
        file: &first.file,
        k: std::str::from_utf8(&k).expect("hexadecimal digits"),
        seg: first.segment,
        t: if interchange { "i" } else { "c" },
    };
    serde_json::to_writer(&mut *text, &line).expect("writing to memory");
    text.push(b'\n');
}

/// One line of the state as read: its strings borrowed from the line when they hold no
/// escape. A line the read cannot take so (a field twice, say) is read as a JSON value,
/// as it always was.
#[derive(serde::Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    k: Cow<'a, str>,
    #[serde(borrow)]
    t: Cow<'a, str>,
    #[serde(borrow)]
    file: Cow<'a, str>,
    seg: u64,
    #[serde(borrow, default)]
    day: Option<Cow<'a, str>>,
}

/// The file name and day of the line before, shared by the lines after that have the
/// same (the state's keys come file by file).
#[derive(Default)]
struct Interned {
    file: Option<Arc<str>>,
    day: Option<Arc<str>>,
}

impl Interned {
    fn share(slot: &mut Option<Arc<str>>, text: &str) -> Arc<str> {
        match slot {
            Some(s) if **s == *text => Arc::clone(s),
            _ => Arc::clone(slot.insert(Arc::from(text))),
        }
    }
}

fn parse(line: &str, interned: &mut Interned) -> Option<(Hash, bool, First)> {
    if let Ok(e) = serde_json::from_str::<Entry<'_>>(line) {
        return Some((
            unhex(&e.k)?,
            e.t == "i",
            First {
                file: Interned::share(&mut interned.file, &e.file),
                segment: e.seg as usize,
                day: Some(Interned::share(
                    &mut interned.day,
                    e.day.as_deref().unwrap_or(""),
                )),
            },
        ));
    }
    parse_as_value(line)
}

/// A line of the state read as a JSON value, as every line was before [`Entry`].
fn parse_as_value(line: &str) -> Option<(Hash, bool, First)> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    Some((
        unhex(v["k"].as_str()?)?,
        v["t"].as_str()? == "i",
        First {
            file: Arc::from(v["file"].as_str()?),
            segment: v["seg"].as_u64()? as usize,
            day: Some(Arc::from(v["day"].as_str().unwrap_or(""))),
        },
    ))
}

fn write_key(path: &Path, key: &[u8; 32]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(key)?;
    f.sync_all()
}

/// Today as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    let (date, _) = super::ack::utc_now();
    let d = date.as_bytes();
    if d.len() == 8 {
        format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..8])
    } else {
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: &str = "fd248e30b7c28f9661d2e1588aca23f7d5ab1fdaf0e231fb7597e30ffede9b2e";

    fn files() -> Vec<&'static str> {
        vec![
            "out/a.x12",
            "out/\"quoted\".x12",
            "back\\slash.x12",
            "tab\there\n.x12",
            "\u{1}\u{1f}\u{7f}.x12",
            "é/日本.x12",
            "",
        ]
    }

    /// A line is written as `serde_json::json!` wrote it, byte for byte.
    #[test]
    fn lines_are_written_as_the_json_value_wrote_them() {
        let hash: Hash = unhex(K).unwrap();
        for file in files() {
            for day in [None, Some("2026-12-04"), Some("")] {
                for (interchange, segment) in [(true, 1), (false, 12_345_678_901)] {
                    let first = First {
                        file: Arc::from(file),
                        segment,
                        day: day.map(Arc::from),
                    };
                    let mut text = Vec::new();
                    write_line(&mut text, &hash, interchange, &first);
                    let expected = serde_json::json!({
                        "k": K,
                        "t": if interchange { "i" } else { "c" },
                        "file": file,
                        "seg": segment,
                        "day": day,
                    });
                    assert_eq!(String::from_utf8(text).unwrap(), format!("{expected}\n"));
                }
            }
        }
    }

    /// A line is read as it was read as a JSON value, well formed or not.
    #[test]
    fn lines_are_read_as_the_json_value_read_them() {
        let upper = K.to_uppercase();
        let signed = format!("+f{}", &K[2..]);
        let mut lines = vec![
            format!(r#"{{"day":"2026-12-06","file":"a.x12","k":"{K}","seg":1,"t":"i"}}"#),
            format!(r#"{{"k":"{K}","t":"c","file":"a.x12","seg":21}}"#),
            format!(r#"{{"k":"{K}","t":"c","file":"a.x12","seg":21,"day":null}}"#),
            format!(r#"{{"k":"{K}","t":"c","file":"a.x12","seg":21,"day":7}}"#),
            format!(r#"{{"k":"{K}","t":"x","file":"a.x12","seg":21,"day":"d","more":[1]}}"#),
            format!(r#"{{"k":"{K}","t":"i","file":"a.x12","seg":21.0,"day":"d"}}"#),
            format!(r#"{{"k":"{K}","t":"i","file":"a.x12","seg":-1,"day":"d"}}"#),
            format!(r#"{{"k":"{K}","t":"i","file":"a.x12","seg":1,"seg":2,"day":"d"}}"#),
            format!(r#"{{"k":"{K}","t":"i","file":"a\"b\\c\u00e9\n","seg":1,"day":"d\t"}}"#),
            format!(r#"{{"k":"{upper}","t":"i","file":"a","seg":1}}"#),
            format!(r#"{{"k":"{signed}","t":"i","file":"a","seg":1}}"#),
            format!(r#"{{"k":"{}","t":"i","file":"a","seg":1}}"#, &K[1..]),
            format!(r#"{{"k":"{}é","t":"i","file":"a","seg":1}}"#, &K[2..]),
            format!(r#"{{"k":"{K}","t":1,"file":"a","seg":1}}"#),
            format!(r#"{{"k":"{K}","t":"i","file":null,"seg":1}}"#),
            format!(r#"{{"k":"{K}","t":"i","file":"a","seg":1}}  "#),
            format!(r#"{{"k":"{K}","t":"i","file":"a","seg":1}}x"#),
            format!(r#"[{{"k":"{K}","t":"i","file":"a","seg":1}}]"#),
            "{}".to_string(),
            "not json".to_string(),
        ];
        for file in files() {
            lines.push(
                serde_json::json!({"k": K, "t": "c", "file": file, "seg": 3, "day": file})
                    .to_string(),
            );
        }
        for line in &lines {
            let mut interned = Interned::default();
            let read = parse(line, &mut interned);
            let expected = parse_as_value(line);
            assert_eq!(format!("{read:?}"), format!("{expected:?}"), "{line}");
        }
        assert!(lines.iter().filter(|l| parse_as_value(l).is_some()).count() > 10);
    }

    /// The state's lines as they were read before: line by line, each as a JSON value.
    fn read_as_before(path: &Path) -> Result<Vec<(Hash, bool, First)>, String> {
        use std::io::BufRead;
        let shown = path.display();
        let mut entries = Vec::new();
        let f = std::fs::File::open(path).unwrap();
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| format!("{shown}: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let entry = parse_as_value(&line)
                .ok_or_else(|| format!("{shown}: line {}: not a seen entry", n + 1))?;
            entries.push(entry);
        }
        Ok(entries)
    }

    /// A state file is read whole and cut into lines as `BufRead::lines` cut it.
    #[test]
    fn a_state_is_read_as_it_was_line_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sent.jsonl");
        std::fs::write(key_path(&path), [9u8; 32]).unwrap();
        let line = |seg: u32| {
            format!(r#"{{"day":"2026-12-06","file":"a.x12","k":"{K}","seg":{seg},"t":"i"}}"#)
        };
        let texts: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"\n".to_vec(),
            format!("{}\n{}\n", line(1), line(2)).into_bytes(),
            format!("{}\n{}", line(1), line(2)).into_bytes(),
            format!("{}\r\n\r\n{}\r\n", line(1), line(2)).into_bytes(),
            format!("\n\n  \n{}\n\n", line(3)).into_bytes(),
            format!("{}\n{}\nnot json\n", line(1), line(2)).into_bytes(),
            [line(1).as_bytes(), b"\n\xff\xfe\n", line(2).as_bytes()].concat(),
            [line(1).as_bytes(), b"\nnot json\n\xff\n"].concat(),
        ];
        for text in texts {
            std::fs::write(&path, &text).unwrap();
            let read = Seen::open(&path).map(|s| s.entries);
            let expected = read_as_before(&path);
            assert_eq!(
                format!("{read:?}"),
                format!("{expected:?}"),
                "{}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn hex_reads_back() {
        let hash = unhex(K).unwrap();
        assert_eq!(std::str::from_utf8(&hex(&hash)).unwrap(), K);
    }
}
