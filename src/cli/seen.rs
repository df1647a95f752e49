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
use std::collections::HashMap;
use std::io::{BufRead, Write};
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

fn hex(h: &[u8]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Hash> {
    let mut out = [0u8; 32];
    if s.len() != 64 {
        return None;
    }
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
        match std::fs::File::open(path) {
            Ok(f) => {
                for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
                    let line = line.map_err(|e| format!("{shown}: {e}"))?;
                    if line.trim().is_empty() {
                        continue;
                    }
                    let entry = parse(&line)
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
        for (hash, _, first) in &self.entries {
            ledger.remember(hash, first);
        }
    }

    /// Adds this run's keys and rewrites the state, keeping the newest [`MAX_ENTRIES`].
    pub fn save(mut self, new: Vec<(Hash, bool, First)>) -> std::io::Result<()> {
        let known: HashMap<Hash, ()> = self.entries.iter().map(|e| (e.0, ())).collect();
        self.entries
            .extend(new.into_iter().filter(|e| !known.contains_key(&e.0)));
        let skip = self.entries.len().saturating_sub(MAX_ENTRIES);
        let mut text = String::new();
        for (hash, interchange, first) in &self.entries[skip..] {
            let line = serde_json::json!({
                "k": hex(hash),
                "t": if *interchange { "i" } else { "c" },
                "file": &*first.file,
                "seg": first.segment,
                "day": first.day.as_deref(),
            });
            text.push_str(&line.to_string());
            text.push('\n');
        }
        super::output::write_atomic(&self.path, text.as_bytes())
    }
}

fn parse(line: &str) -> Option<(Hash, bool, First)> {
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
