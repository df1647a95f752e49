//! Reads the public code-set sources and renders `src/codes/tables/*.rs`. Std only, and no
//! dependency on the claimlint library, so it also works before the crate is wired up.
//!
//! The output depends only on the bytes of the source files and their names: no clock, no
//! environment (except the optional POS release label), no directory order.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

// The one ANWEB parser and record format, shared with the library.
#[allow(dead_code)]
#[path = "../../src/codes/tables/anweb.rs"]
mod anweb;
#[allow(dead_code)]
#[path = "../../src/codes/tables/format.rs"]
mod format;

#[path = "hcpcs.rs"]
mod hcpcs;
#[path = "icd10cm.rs"]
mod icd10cm;
#[path = "icd10cm_history.rs"]
mod icd10cm_history;
#[path = "pos.rs"]
mod pos;
#[path = "write.rs"]
mod write;

use hcpcs::{render_hcpcs, render_noc};
use icd10cm::render_icd10cm;
use icd10cm_history::render_icd10cm_history;
use pos::render_pos;
use write::*;
pub use write::{const_value, sha256_hex};

/// Names of the generated files, in the order they are written.
pub const FILES: [&str; 6] = [
    "hcpcs.rs",
    "modifiers.rs",
    "noc.rs",
    "icd10cm.rs",
    "pos.rs",
    "icd10cm_history.rs",
];

/// sha256 of the `pos/pos.tsv` whose release is known, and that release. Any other `pos.tsv`
/// needs `CLAIMLINT_CODESET_POS_RELEASE`, since the file itself carries no date.
const KNOWN_POS: (&str, &str) = (
    "5179dad3270190c0d6e12f22931ddca86048d5d1866cb8ff2585687a13215fa6",
    "CMS POS code set, database updated 2024-05-02",
);

const REGENERATE: &str = "// Regenerate: CLAIMLINT_CODESET_SOURCES=<dir> CLAIMLINT_CODESET_WRITE=1 \
                          cargo test --test codegen\n";

struct Source {
    /// Path relative to the sources directory, with `/`.
    name: String,
    file_name: String,
    bytes: Vec<u8>,
    sha256: String,
}

/// The one file in `dir/sub` whose name starts with `prefix`, contains `infix` (ASCII case
/// aside) and ends with `suffix`.
fn read_source(
    dir: &Path,
    sub: &str,
    prefix: &str,
    infix: &str,
    suffix: &str,
) -> Result<Source, String> {
    let folder = dir.join(sub);
    let entries =
        fs::read_dir(&folder).map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            n.starts_with(prefix)
                && n.ends_with(suffix)
                && n.to_ascii_uppercase().contains(&infix.to_ascii_uppercase())
        })
        .collect();
    names.sort();
    let file_name = match names.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(format!(
                "no {sub}/{prefix}*{infix}*{suffix} in {}",
                dir.display()
            ));
        }
        many => {
            return Err(format!(
                "several {sub}/{prefix}*{infix}*{suffix}: {many:?}; keep one"
            ));
        }
    };
    let path: PathBuf = folder.join(&file_name);
    let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Source {
        name: format!("{sub}/{file_name}"),
        sha256: sha256_hex(&bytes),
        file_name,
        bytes,
    })
}

/// Every file in `dir/sub` whose name starts with `prefix` and ends with `suffix`, sorted by
/// name; at least one.
fn read_sources(dir: &Path, sub: &str, prefix: &str, suffix: &str) -> Result<Vec<Source>, String> {
    let folder = dir.join(sub);
    let entries =
        fs::read_dir(&folder).map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(prefix) && n.ends_with(suffix))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no {sub}/{prefix}*{suffix} in {}", dir.display()));
    }
    names
        .into_iter()
        .map(|file_name| {
            let path = folder.join(&file_name);
            let bytes =
                fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok(Source {
                name: format!("{sub}/{file_name}"),
                sha256: sha256_hex(&bytes),
                file_name,
                bytes,
            })
        })
        .collect()
}

/// File name and bytes of the ANWEB source file.
pub fn anweb_source(dir: &Path) -> Result<(String, Vec<u8>), String> {
    let src = read_source(dir, "hcpcs", "HCPC", "_ANWEB", ".txt")?;
    Ok((src.file_name, src.bytes))
}

/// Generates every table file from a directory laid out like `hcpcs/`, `icd10cm/`, `pos/`.
/// Returns (file name, contents) in [`FILES`] order.
pub fn generate(dir: &Path) -> Result<Vec<(&'static str, String)>, String> {
    let anweb_src = read_source(dir, "hcpcs", "HCPC", "_ANWEB", ".txt")?;
    let noc_src = read_source(dir, "hcpcs", "noc_codes_", "", ".tsv")?;
    let codes_src = read_source(dir, "icd10cm", "code-list-", "", ".txt")?;
    let billable_src = read_source(dir, "icd10cm", "billable-codes-", "", ".txt")?;
    let licence_src = read_source(dir, "icd10cm", "LICENSE", "", ".txt")?;
    let pos_src = read_source(dir, "pos", "pos", "", ".tsv")?;

    let file = anweb::parse(&anweb_src.bytes).map_err(|e| format!("{}: {e}", anweb_src.name))?;
    let (release, release_date) = anweb::release_from_file_name(&anweb_src.file_name)
        .ok_or_else(|| format!("no release in the file name {}", anweb_src.name))?;
    let procedures = render_hcpcs(&anweb_src, &file.procedures, 5, &release, release_date)?;
    let modifiers = render_hcpcs(&anweb_src, &file.modifiers, 2, &release, release_date)?;
    let noc = render_noc(&noc_src, &file.procedures)?;
    let icd = render_icd10cm(&codes_src, &billable_src, &licence_src)?;
    let pos = render_pos(&pos_src)?;
    let history = read_sources(dir, "icd10cm/history", "ICD10CM-FY", ".tsv")?;
    let history_licences = read_sources(dir, "icd10cm/history", "LICENSE", ".txt")?;
    let icd_history =
        render_icd10cm_history(&codes_src, &billable_src, &history, &history_licences)?;
    Ok(vec![
        (FILES[0], procedures),
        (FILES[1], modifiers),
        (FILES[2], noc),
        (FILES[3], icd),
        (FILES[4], pos),
        (FILES[5], icd_history),
    ])
}

/// Procedure codes CPT or CDT could own: five digits, `D` and four digits (for modifiers, two
/// digits). They must never be embedded.
pub fn is_licensed_shape(code: &str) -> bool {
    let b = code.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => digits(b) || (b[0] == b'D' && digits(&b[1..])),
        2 => digits(b),
        _ => false,
    }
}
