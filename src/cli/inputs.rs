//! Turns the paths on the command line into the list of inputs to check, and opens them.
//!
//! Files named on the command line are always checked. Inside directories (walked
//! recursively, in name order, symlinked directories not followed so a link loop cannot
//! trap the walk) a file is checked when it is named like a claim file (`x12 edi 837 dat`,
//! so an empty or binary one is reported as such) or its first 4 KiB look like X12,
//! whatever its name: `ISA`, `GS` or `ST` at the start (after a byte-order mark or blank space),
//! `ISA` in UTF-16, or `ISA` at the start of a line after a preamble such as e-mail
//! headers. Anything else (a `README.txt`, the `--cpt` list) is skipped as "not X12". A
//! file ending in `.gz` is decompressed as it is read, for the sniffing and for the check
//! (`claims.x12.gz` is named like a claim file). Entries matching an `--exclude` pattern
//! are left out of the walk altogether.
//!
//! Every entry the walk sees is an input, so nothing vanishes from the report: a file that
//! is checked; one that is skipped, with the reason ([`Skip`]); or one that cannot be
//! read (a symbolic link that loops or dangles, an entry that cannot be opened, a FIFO,
//! socket or device named like a claim file, which is reported without being opened since
//! opening a FIFO waits for a writer forever).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Stdin,
    /// A path that could not be listed or opened; the message says why.
    Unreadable(PathBuf, String),
    /// An entry of a folder walk that is not checked, and why.
    Skipped(PathBuf, Skip),
}

/// Why a folder walk does not check an entry. Each reason has a stable code for the
/// machine formats (`reason` in JSON); a reason found by reading the file (a compressed
/// file, text that is not X12) or by the user's patterns fits in as one more variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A name starting with `.` (a hidden folder is not entered).
    Hidden,
    /// The first bytes do not look like X12.
    NotX12,
    /// A symbolic link to a directory (not followed).
    DirectoryLink,
    /// A FIFO, socket or device without a claim extension (never opened).
    SpecialFile(&'static str),
}

impl Skip {
    /// The code in machine formats.
    pub fn code(self) -> &'static str {
        match self {
            Skip::Hidden => "hidden",
            Skip::NotX12 => "not-x12",
            Skip::DirectoryLink => "directory-link",
            Skip::SpecialFile(_) => "special-file",
        }
    }

    /// A sentence for people.
    pub fn describe(self) -> String {
        match self {
            Skip::Hidden => "hidden (its name starts with `.`)".to_string(),
            Skip::NotX12 => "not X12 (it starts with none of ISA, GS, ST)".to_string(),
            Skip::DirectoryLink => "a symbolic link to a directory (not followed)".to_string(),
            Skip::SpecialFile(kind) => format!("not a regular file ({kind})"),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    pub mapping: Mapping,
}

/// Which input files are memory-mapped rather than read onto the heap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mapping {
    /// Files of [`MAP_MIN`] and more: their copy on the heap would be what the check
    /// costs in memory most, and its fresh pages cost the kernel more than mapping the
    /// file's. A small file is read: mapping and unmapping it costs more than the copy.
    #[default]
    Large,
    /// Every file (`--mmap`).
    All,
    /// None (`--no-mmap`).
    Never,
}

/// The size from which a file is mapped by default. Mapped, generated files of 1.2, 3.0
/// and 5.1 MB were checked in 8.4, 16.0 and 20.5 ms against 9.7, 17.7 and 23.9 ms read
/// (hyperfine medians, two cores); a 1.0 MB one in 9.8 against 10.3 ms, a 0.3 MB one in
/// 4.9 against 4.8 ms, and 2,000 files of 5.6 KB, all mapped, in 86 against 52 ms.
pub const MAP_MIN: u64 = 1 << 20;

impl Mapping {
    pub fn of(mmap: bool, no_mmap: bool) -> Mapping {
        match (mmap, no_mmap) {
            (true, _) => Mapping::All,
            (_, true) => Mapping::Never,
            _ => Mapping::Large,
        }
    }

    fn maps(self, len: u64) -> bool {
        match self {
            Mapping::Large => len >= MAP_MIN,
            Mapping::All => true,
            Mapping::Never => false,
        }
    }
}

impl Input {
    /// The input a single-file command (`ack`, `inspect`) names: `-` is standard input; a
    /// FIFO, socket, device or directory is refused without being opened, as `check`
    /// refuses it.
    pub fn single(path: &Path) -> Input {
        if path.as_os_str() == "-" {
            return Input::Stdin;
        }
        match fs::metadata(path) {
            Ok(m) if m.is_file() => Input::File(path.to_path_buf()),
            Ok(m) if m.is_dir() => Input::Unreadable(path.to_path_buf(), "is a directory".into()),
            Ok(m) => Input::Unreadable(path.to_path_buf(), not_regular(m.file_type())),
            Err(e) => Input::Unreadable(path.to_path_buf(), e.to_string()),
        }
    }

    /// The name shown for the input: the path, with bytes that are not UTF-8 and control
    /// characters escaped (see [`display_path`]).
    pub fn name(&self) -> String {
        match self {
            Input::File(p) | Input::Unreadable(p, _) | Input::Skipped(p, _) => display_path(p),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Opens the input read-only: read onto the heap, or memory-mapped (see [`Mapping`]).
    /// Either way, a file that changes meanwhile is marked (see [`claimlint::Change`]).
    pub fn open(&self, options: ReadOptions) -> Result<claimlint::SourceFile, String> {
        match self {
            Input::File(p) if is_gzip(p) => {
                Ok(claimlint::SourceFile::new(self.name(), self.read()?))
            }
            Input::File(p) => {
                let file = fs::File::open(p).map_err(|e| e.to_string())?;
                let opened = file.metadata().map_err(|e| e.to_string())?;
                if options.mapping.maps(opened.len()) {
                    let source = claimlint::SourceFile::map_opened(self.name(), file, opened)
                        .map_err(|e| e.to_string())?;
                    #[cfg(feature = "test-hooks")]
                    truncate_for_test(p);
                    return Ok(source);
                }
                #[cfg(feature = "test-hooks")]
                truncate_for_test(p);
                claimlint::SourceFile::read_opened(self.name(), file, &opened)
                    .map_err(|e| e.to_string())
            }
            _ => Ok(claimlint::SourceFile::new(self.name(), self.read()?)),
        }
    }

    /// Reads the whole input (opened read-only).
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            Input::File(p) if is_gzip(p) => {
                let file = fs::File::open(p).map_err(|e| e.to_string())?;
                let mut buf = Vec::new();
                flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file))
                    .read_to_end(&mut buf)
                    .map_err(|e| format!("cannot decompress: {e}"))?;
                Ok(buf)
            }
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
            Input::Skipped(_, why) => Err(why.describe()),
        }
    }

    /// The file's path, for a file on disk.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File(p) | Input::Unreadable(p, _) | Input::Skipped(p, _) => Some(p),
            Input::Stdin => None,
        }
    }
}

/// Lets the test suite shrink a file between opening and reading it, deterministically:
/// `CLAIMLINT_TEST_TRUNCATE_WHILE_READING=NAME_SUFFIX:LENGTH`. Test builds only (`test-hooks`).
#[cfg(feature = "test-hooks")]
fn truncate_for_test(path: &Path) {
    truncate_by("CLAIMLINT_TEST_TRUNCATE_WHILE_READING", path);
}

/// For the test suite (`test-hooks` builds only): `CLAIMLINT_TEST_TRUNCATE_WHILE_CHECKING=
/// SUFFIX:LEN` truncates the file whose path ends with SUFFIX to LEN bytes when the check
/// of the file first reports progress, while its later transaction sets are still to be
/// read.
#[cfg(feature = "test-hooks")]
pub fn truncate_while_checking(path: &Path) {
    truncate_by("CLAIMLINT_TEST_TRUNCATE_WHILE_CHECKING", path);
}

#[cfg(feature = "test-hooks")]
fn truncate_by(variable: &str, path: &Path) {
    let Some(spec) = std::env::var_os(variable) else {
        return;
    };
    let spec = spec.to_string_lossy();
    let Some((suffix, len)) = spec.rsplit_once(':') else {
        return;
    };
    if path.to_string_lossy().ends_with(suffix)
        && let Ok(len) = len.parse()
        && let Ok(f) = fs::OpenOptions::new().write(true).open(path)
    {
        let _ = f.set_len(len);
    }
}

/// A path for people and reports. Valid UTF-8 is shown as it is; each byte that is not
/// is written `\xNN`, control characters as escapes (`\n`, `\u{1b}`), and (outside
/// Windows) a backslash as `\\`, so two different names never show the same and a name
/// cannot break a line or drive a terminal.
pub fn display_path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    c if c.is_control() => out.extend(c.escape_default()),
                    c => out.push(c),
                }
            }
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// Extensions of claim files: such a file is checked even when it does not look like X12
/// (empty, binary, UTF-16), and a FIFO or device named so is reported as unreadable
/// rather than skipped.
const EXTENSIONS: &[&str] = &["x12", "edi", "837", "dat"];

/// Whether the file is read through gzip (its name ends in `.gz`).
pub fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The `--exclude` and `exclude = [...]` patterns, as globs (`**` crosses folders). A
/// pattern without `/` matches a file or folder name anywhere; one with `/` matches the
/// path below the folder being walked.
pub struct Exclude {
    names: globset::GlobSet,
    paths: globset::GlobSet,
}

impl Exclude {
    pub fn new(patterns: &[String]) -> Result<Exclude, String> {
        let mut names = globset::GlobSetBuilder::new();
        let mut paths = globset::GlobSetBuilder::new();
        for p in patterns {
            let glob = globset::GlobBuilder::new(p.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("exclude pattern `{p}`: {e}"))?;
            if p.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        Ok(Exclude {
            names: names.build().map_err(|e| e.to_string())?,
            paths: paths.build().map_err(|e| e.to_string())?,
        })
    }

    fn excludes(&self, root: &Path, path: &Path) -> bool {
        path.file_name().is_some_and(|n| self.names.is_match(n))
            || path
                .strip_prefix(root)
                .is_ok_and(|rel| self.paths.is_match(rel))
            || self.paths.is_match(path)
    }
}

pub fn collect(paths: &[PathBuf], exclude: &Exclude) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, path, exclude, &mut inputs),
            Ok(m) if m.is_file() => inputs.push(Input::File(path.clone())),
            Ok(m) => inputs.push(Input::Unreadable(path.clone(), not_regular(m.file_type()))),
            Err(e) => inputs.push(Input::Unreadable(path.clone(), e.to_string())),
        }
    }
    inputs
}

fn walk(root: &Path, dir: &Path, exclude: &Exclude, inputs: &mut Vec<Input>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.push(Input::Unreadable(dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    // Each entry with its type as the directory listing gives it (no `stat` per entry on
    // most file systems): a file is looked at once more, when it is opened.
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push((e.path(), e.file_type())),
            Err(e) => inputs.push(Input::Unreadable(dir.to_path_buf(), e.to_string())),
        }
    }
    // The paths share the folder and differ in their last component, which holds no
    // separator: ordered as text, they are in the order `Path`'s comparison gives
    // (component by component), at a small part of its cost: sorting the 2,000 files
    // of a folder took 19 million instructions, before any file could be checked.
    paths.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    for (path, listed) in paths {
        if exclude.excludes(root, &path) {
            continue;
        }
        let hidden = path
            .file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
        if hidden {
            inputs.push(Input::Skipped(path, Skip::Hidden));
            continue;
        }
        let link = match listed.or_else(|_| fs::symlink_metadata(&path).map(|m| m.file_type())) {
            Ok(link) => link,
            // Gone since it was listed.
            Err(e) => {
                inputs.push(Input::Unreadable(path, e.to_string()));
                continue;
            }
        };
        if link.is_dir() {
            walk(root, &path, exclude, inputs);
            continue;
        }
        // Follow symlinks to files, never to directories; anything else was looked at
        // once already.
        let target = if link.is_symlink() {
            fs::metadata(&path).map(|m| m.file_type())
        } else {
            Ok(link)
        };
        let input = match target {
            Ok(m) if m.is_file() && has_x12_extension(&path) => Input::File(path),
            Ok(m) if m.is_file() => match looks_like_x12(&path) {
                Ok(true) => Input::File(path),
                Ok(false) => Input::Skipped(path, Skip::NotX12),
                // Cannot tell what it is: say so rather than guess.
                Err(e) => Input::Unreadable(path, e),
            },
            Ok(m) if m.is_dir() => Input::Skipped(path, Skip::DirectoryLink),
            // Never opened: a FIFO would block the walk.
            Ok(m) if has_x12_extension(&path) => {
                let reason = not_regular(m);
                Input::Unreadable(path, reason)
            }
            Ok(m) => Input::Skipped(path, Skip::SpecialFile(special_kind(m))),
            // A link that loops or points nowhere, or an entry that cannot be looked at.
            Err(e) => Input::Unreadable(path, e.to_string()),
        };
        inputs.push(input);
    }
}

/// Why a path that exists cannot be checked: it is not a regular file.
fn not_regular(t: fs::FileType) -> String {
    format!("not a regular file ({})", special_kind(t))
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
    let path = if is_gzip(path) {
        Path::new(path.file_stem().unwrap_or_default())
    } else {
        path
    };
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// How much of a file is read to tell whether it is X12.
const SNIFF_BYTES: usize = 4096;

/// Whether the first bytes of a file look like X12 (see the module documentation).
fn looks_like_x12(path: &Path) -> Result<bool, String> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let file = fs::File::open(path).map_err(|e| e.to_string())?;
    if is_gzip(path) {
        flate2::read::MultiGzDecoder::new(file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| format!("cannot decompress: {e}"))?;
    } else {
        file.take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| e.to_string())?;
    }
    Ok(sniff(&head))
}

fn sniff(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text.trim_ascii_start();
    if start.starts_with(b"ISA") {
        return true;
    }
    // A group or transaction set without its envelope: X004 says what is missing.
    let header = |id: &[u8]| {
        start.starts_with(id)
            && start
                .get(id.len())
                .is_some_and(|b| !b.is_ascii_alphanumeric() && !b.is_ascii_whitespace())
    };
    if header(b"ST") || header(b"GS") {
        return true;
    }
    // UTF-16 of either byte order, with or without a byte-order mark: X003 says so.
    let utf16 = |h: &[u8]| h.starts_with(b"I\0S\0A\0") || h.starts_with(b"\0I\0S\0A");
    if utf16(head) || head.get(2..).is_some_and(utf16) {
        return true;
    }
    // An ISA at the start of a line after a preamble (e-mail headers, a banner): X007
    // reports the preamble.
    memchr::memmem::find_iter(text, b"\nISA").any(|at| {
        text.get(at + 4)
            .is_some_and(|b| !b.is_ascii_alphanumeric() && !b.is_ascii_whitespace())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(sniff(b"\xEF\xBB\xBF  ISA*00"));
        assert!(sniff(b"\xFF\xFEI\0S\0A\0*\0"));
        assert!(sniff(b"I\0S\0A\0*\0"));
        assert!(sniff(b"From: billing\r\nSubject: claims\r\n\r\nISA*00*"));
        assert!(!sniff(b"VISA statement\nISAAC wrote"));
        assert!(!sniff(b"hello"));
        assert!(sniff(b"\r\n ST*837*0001~"));
        assert!(sniff(
            b"GS*HC*SENDER*RECEIVER*19991231*0802*1*X*005010X222A1~"
        ));
        assert!(!sniff(b"ST 837 notes"));
        assert!(!sniff(b"STATUS: all claims sent"));
        assert!(!sniff(b"README for the outbound folder\nISA files go here"));
        assert!(!sniff(b""));
    }

    /// A folder's entries ordered as text are in the order `Path` gives them.
    #[test]
    fn a_folder_s_entries_are_ordered_as_paths_are() {
        let names = [
            "a.x12", "a-b.x12", "a", "a b", "a0", "A.x12", "é.x12", "e.x12", "a.x12.gz", "_", "~",
            "a.", "ab", "a+b", "0", "00", "a\\b", "é", "z", ".hidden",
        ];
        for dir in ["in", "in/out", "/abs/in", "in/./x", "", "in//two"] {
            let mut by_path: Vec<PathBuf> = names.iter().map(|n| Path::new(dir).join(n)).collect();
            let mut by_text = by_path.clone();
            by_path.sort();
            by_text.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
            assert_eq!(by_path, by_text, "{dir}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let a = display_path(Path::new(OsStr::from_bytes(b"in/claim\xFF.x12")));
        let b = display_path(Path::new(OsStr::from_bytes(b"in/claim\xFE.x12")));
        let c = display_path(Path::new(OsStr::from_bytes(b"in/claim\\xFF.x12")));
        assert_eq!(a, "in/claim\\xFF.x12");
        assert_eq!(b, "in/claim\\xFE.x12");
        assert_eq!(c, "in/claim\\\\xFF.x12");
        assert_eq!(
            display_path(Path::new("a\nb\u{1b}.x12")),
            "a\\nb\\u{1b}.x12"
        );
        assert_eq!(display_path(Path::new("plain/é.x12")), "plain/é.x12");
    }
}
