//! Turns the paths on the command line into the list of inputs to check.
//!
//! Files named on the command line are always checked. Inside directories (walked
//! recursively, in name order, hidden entries skipped, symlinked directories not followed
//! so a link loop cannot trap the walk) a file is checked when its extension is a usual
//! one for X12 (`x12 edi 837 txt dat`) or when it starts with `ISA`. Every input appears in
//! the output, including the ones that cannot be read: a symbolic link that loops or
//! dangles, and a FIFO, socket or device with one of those extensions, which is reported
//! without being opened (opening a FIFO would wait for a writer forever).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Stdin,
    /// A path that could not be listed or opened; the message says why.
    Unreadable(PathBuf, String),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p) | Input::Unreadable(p, _) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Opens the input read-only: large files are memory-mapped, the rest is read.
    pub fn open(&self) -> Result<claimlint::SourceFile, String> {
        match self {
            Input::File(p) => {
                claimlint::SourceFile::open_mapped(self.name(), p).map_err(|e| e.to_string())
            }
            _ => Ok(claimlint::SourceFile::new(self.name(), self.read()?)),
        }
    }

    /// Reads the whole input (opened read-only).
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            Input::File(p) => fs::read(p).map_err(|e| e.to_string()),
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut buf)
                    .map_err(|e| e.to_string())?;
                Ok(buf)
            }
            Input::Unreadable(_, e) => Err(e.clone()),
        }
    }
}

const EXTENSIONS: &[&str] = &["x12", "edi", "837", "txt", "dat"];

pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut inputs),
            Ok(m) if m.is_file() => inputs.push(Input::File(path.clone())),
            Ok(m) => inputs.push(Input::Unreadable(path.clone(), not_regular(&m))),
            Err(e) => inputs.push(Input::Unreadable(path.clone(), e.to_string())),
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Input>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.push(Input::Unreadable(dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(link) = fs::symlink_metadata(&path) else {
            continue;
        };
        if link.is_dir() {
            walk(&path, inputs);
            continue;
        }
        // Follow symlinks to files, never to directories.
        match fs::metadata(&path) {
            Ok(m) if m.is_file() => {
                if has_x12_extension(&path) || starts_with_isa(&path) {
                    inputs.push(Input::File(path));
                }
            }
            // Never opened: a FIFO would block the walk.
            Ok(m) if !m.is_dir() && has_x12_extension(&path) => {
                let reason = not_regular(&m);
                inputs.push(Input::Unreadable(path, reason));
            }
            // A symlinked directory, or a special file that is not named like a claim file.
            Ok(_) => {}
            // A link that loops or points nowhere.
            Err(e) if link.file_type().is_symlink() => {
                inputs.push(Input::Unreadable(path, e.to_string()));
            }
            Err(_) => {}
        }
    }
}

/// Why a path that exists cannot be checked: it is not a regular file.
fn not_regular(m: &fs::Metadata) -> String {
    format!("not a regular file ({})", special_kind(m.file_type()))
}

#[cfg(unix)]
fn special_kind(t: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "FIFO"
    } else if t.is_socket() {
        "socket"
    } else if t.is_char_device() {
        "character device"
    } else if t.is_block_device() {
        "block device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: fs::FileType) -> &'static str {
    "special file"
}

fn has_x12_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn starts_with_isa(path: &Path) -> bool {
    let mut head = [0u8; 64];
    let Ok(mut f) = fs::File::open(path) else {
        // Unreadable files with other extensions are not ours to report.
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let text = &head[..n];
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    text.trim_ascii_start().starts_with(b"ISA")
}
