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

fn render_hcpcs(
    src: &Source,
    list: &[anweb::AnwebRecord],
    code_width: usize,
    release: &str,
    release_date: u32,
) -> Result<String, String> {
    let procedures = code_width == 5;
    if list.is_empty() {
        return Err(format!("{}: no records of this kind", src.name));
    }
    if let Some(r) = list.iter().find(|r| is_licensed_shape(&r.code)) {
        return Err(format!(
            "{} line {}: {} looks like a CPT/CDT code, which must not be embedded",
            src.name, r.line, r.code
        ));
    }
    if let Some(r) = list.iter().find(|r| r.add_date > release_date) {
        return Err(format!(
            "{} line {}: ADD_DT {} is after the release date {release_date} taken from the \
             file name",
            src.name, r.line, r.add_date
        ));
    }
    let oldest = list
        .iter()
        .filter_map(|r| r.term_date)
        .min()
        .unwrap_or(release_date);
    let terminated = list.iter().filter(|r| r.term_date.is_some()).count();
    let (data, desc_width) = anweb::records(list, code_width);
    let width = format::hcpcs_record_width(code_width, desc_width);

    let (what, ric, module_doc) = if procedures {
        (
            "HCPCS Level II procedure codes",
            "RIC 3",
            "HCPCS Level II procedure codes (generated; see the header).",
        )
    } else {
        (
            "HCPCS Level II modifiers",
            "RIC 7",
            "HCPCS Level II modifiers (generated; see the header).",
        )
    };
    let mut out = String::new();
    header(&mut out, &[src]);
    let _ = writeln!(
        out,
        "// Release: {release} (quarter starting {release_date})"
    );
    let _ = writeln!(
        out,
        "// Records: {} {what} ({ric} first-line records),\n\
         //          {terminated} of them with a TERM_DT; earliest TERM_DT {oldest}.",
        list.len()
    );
    out.push_str(
        "// Owner:   Centers for Medicare & Medicaid Services. U.S. Government work, public domain\n\
         //          (17 U.S.C. 105). HCPCS Level II only: the CMS file holds no CPT (AMA) and no\n\
         //          CDT (ADA) codes. CMS: brand names in descriptors are for indexing only, and\n\
         //          inclusion of a code does not imply coverage.\n",
    );
    let _ = writeln!(
        out,
        "// Layout:  RECORDS is {} fixed-width records of {width} bytes sorted by code: code ({code_width}),",
        list.len()
    );
    let _ = writeln!(
        out,
        "//          ADD_DT (8, YYYYMMDD), TERM_DT (8, blank if not terminated), {}, short\n\
         //          description ({desc_width}, space padded).",
        if procedures {
            "payment\n\
             //          attributes (19: pricing indicators, columns 120-127; coverage code, 230; ASC\n\
             //          payment group, 231-232; BETOS, 257-259; type of service, 261-265)"
        } else {
            "19 blanks\n\
             //          (the payment attributes of procedure codes)"
        }
    );
    let _ = writeln!(out, "\n//! {module_doc}\n");
    provenance_consts(&mut out, src, "");
    const_str(&mut out, "RELEASE", "Release label.", release);
    const_u32(
        &mut out,
        "RELEASE_DATE",
        "First date of the quarter the file covers (YYYYMMDD).",
        release_date,
    );
    const_u32(
        &mut out,
        "OLDEST_TERMINATION",
        "Earliest TERM_DT in this table (`RELEASE_DATE` if none).",
        oldest,
    );
    const_usize(&mut out, "COUNT", "Number of records.", list.len());
    const_usize(
        &mut out,
        "CODE_WIDTH",
        "Width of the code field.",
        code_width,
    );
    const_usize(
        &mut out,
        "DESC_WIDTH",
        "Width of the short-description field.",
        desc_width,
    );
    const_usize(&mut out, "RECORD_WIDTH", "Width of one record.", width);
    records_literal(&mut out, &data, width, 1)?;
    Ok(out)
}

fn render_noc(src: &Source, procedures: &[anweb::AnwebRecord]) -> Result<String, String> {
    let text = std::str::from_utf8(&src.bytes).map_err(|e| format!("{}: {e}", src.name))?;
    let tag = src
        .file_name
        .strip_prefix("noc_codes_")
        .and_then(|s| s.strip_suffix(".tsv"))
        .unwrap_or("");
    let month = anweb::month_number(tag);
    let year = tag
        .get(3..)
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    let (Some(month), Some(year)) = (month, year) else {
        return Err(format!(
            "{}: expected a name like noc_codes_JAN2026.tsv",
            src.name
        ));
    };
    let release = format!("HCPCS NOC {year}-{month:02}");
    let known: BTreeSet<&str> = procedures.iter().map(|r| r.code.as_str()).collect();

    let mut codes = BTreeMap::new();
    let mut rows = 0;
    let mut previous = "";
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, "code\tlong_description\tadd_date\tterm_date")) => {}
        _ => return Err(format!("{} line 1: unexpected header", src.name)),
    }
    for (i, line) in lines {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        rows += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let code = fields.first().copied().unwrap_or("");
        // The sheet wraps a long description onto a second row with the same code and no
        // dates (J7192, J7195 in January 2026); that row adds no code.
        let dates_blank = fields
            .get(2..)
            .is_some_and(|d| d.iter().all(|f| f.is_empty()));
        if code == previous && dates_blank {
            continue;
        }
        previous = code;
        let b = code.as_bytes();
        if b.len() != 5 || !b[0].is_ascii_uppercase() || !b[1..].iter().all(u8::is_ascii_digit) {
            return Err(format!("{} line {line_no}: bad code {code:?}", src.name));
        }
        if is_licensed_shape(code) {
            return Err(format!(
                "{} line {line_no}: {code} looks like CDT",
                src.name
            ));
        }
        if !known.contains(code) {
            return Err(format!(
                "{} line {line_no}: {code} is not in the ANWEB file",
                src.name
            ));
        }
        if let Some(first) = codes.insert(code.to_string(), line_no) {
            return Err(format!(
                "{} line {line_no}: {code} repeats line {first}",
                src.name
            ));
        }
    }
    let data: String = codes.keys().map(String::as_str).collect();

    let mut out = String::new();
    header(&mut out, &[src]);
    let _ = writeln!(out, "// Release: {release}");
    let _ = writeln!(
        out,
        "// Records: {} not-otherwise-classified HCPCS Level II codes from {rows} rows (a code\n\
         //          whose description wraps takes two rows); all present in the ANWEB file.",
        codes.len()
    );
    out.push_str(
        "// Owner:   Centers for Medicare & Medicaid Services (NOC codes list from the quarterly\n\
         //          HCPCS zip, converted to TSV). U.S. Government work, public domain.\n",
    );
    out.push_str("// Layout:  RECORDS is the sorted 5-character codes, back to back.\n");
    out.push_str("\n//! CMS not-otherwise-classified HCPCS codes (generated; see the header).\n\n");
    provenance_consts(&mut out, src, "");
    const_str(&mut out, "RELEASE", "Release label.", &release);
    const_usize(&mut out, "COUNT", "Number of records.", codes.len());
    const_usize(&mut out, "CODE_WIDTH", "Width of the code field.", 5);
    const_usize(&mut out, "RECORD_WIDTH", "Width of one record.", 5);
    records_literal(&mut out, &data, 5, 10)?;
    Ok(out)
}

/// A letter, then 2 to 6 digits or letters. The second character is not always a digit: the
/// April 2026 update brought `QA0` and its subcodes.
fn is_icd10cm_code(code: &str) -> bool {
    let b = code.as_bytes();
    (3..=7).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// Billable status of every code of the current release (`true` billable), as
/// [`render_icd10cm`] reads it (the two files were checked against each other there).
fn icd10cm_current(codes: &Source, billable: &Source) -> Result<BTreeMap<String, bool>, String> {
    let text = std::str::from_utf8(&codes.bytes).map_err(|e| format!("{}: {e}", codes.name))?;
    let mut status = BTreeMap::new();
    for line in text.lines() {
        let item = line.trim();
        if item.is_empty() || item.bytes().all(|b| b.is_ascii_digit()) || item.contains('-') {
            continue;
        }
        status.insert(item.to_string(), false);
    }
    let text =
        std::str::from_utf8(&billable.bytes).map_err(|e| format!("{}: {e}", billable.name))?;
    for code in text.lines().map(str::trim).filter(|c| !c.is_empty()) {
        status.insert(code.to_string(), true);
    }
    Ok(status)
}

/// `ICD10CM-FY2021-2020-10-01.tsv` → (2021, 20201001).
fn history_release(file_name: &str) -> Option<(u32, u32)> {
    let tag = file_name.strip_prefix("ICD10CM-FY")?.strip_suffix(".tsv")?;
    let (fy, date) = tag.split_once('-')?;
    let fy: u32 = fy.parse().ok().filter(|y| (2016..=9999).contains(y))?;
    let date: String = date.chars().filter(|c| *c != '-').collect();
    let from = anweb::parse_date(date.as_bytes())?;
    // A release starts inside its fiscal year (October of the year before to September).
    ((fy - 1) * 10_000 + 1001 <= from && from <= fy * 10_000 + 930).then_some((fy, from))
}

/// The earlier ICD-10-CM releases, each a TSV of `code<TAB>B|N` (billable or not), stored as
/// the codes whose status in some earlier release differs from the current one.
fn render_icd10cm_history(
    codes: &Source,
    billable: &Source,
    history: &[Source],
    licences: &[Source],
) -> Result<String, String> {
    let current = icd10cm_current(codes, billable)?;
    let mut releases = Vec::new();
    for src in history {
        let (fy, from) = history_release(&src.file_name).ok_or_else(|| {
            format!(
                "{}: expected a name like ICD10CM-FY2021-2020-10-01.tsv",
                src.name
            )
        })?;
        let text = std::str::from_utf8(&src.bytes).map_err(|e| format!("{}: {e}", src.name))?;
        let mut status = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let (code, flag) = line
                .split_once('\t')
                .ok_or_else(|| format!("{} line {}: expected code<TAB>B|N", src.name, i + 1))?;
            if !is_icd10cm_code(code) || !matches!(flag, "B" | "N") {
                return Err(format!("{} line {}: bad record {line:?}", src.name, i + 1));
            }
            if status.insert(code.to_string(), flag == "B").is_some() {
                return Err(format!("{} line {}: {code} repeats", src.name, i + 1));
            }
        }
        // Billable means leaf, as for the current release.
        let sorted: Vec<(&String, &bool)> = status.iter().collect();
        for (i, (code, billable)) in sorted.iter().enumerate() {
            let leaf = sorted
                .get(i + 1)
                .is_none_or(|(next, _)| !next.starts_with(code.as_str()));
            if leaf != **billable {
                return Err(format!(
                    "{}: {code} billable = {billable}, leaf = {leaf}",
                    src.name
                ));
            }
        }
        releases.push((fy, from, src, status));
    }
    if let Some(pair) = releases.windows(2).find(|p| p[0].0 == p[1].0) {
        return Err(format!(
            "two releases for FY{}: keep one per fiscal year",
            pair[0].0
        ));
    }
    let all: BTreeSet<&String> = releases
        .iter()
        .flat_map(|r| r.3.keys())
        .chain(current.keys())
        .collect();
    const CODE_WIDTH: usize = 7;
    let width = CODE_WIDTH + releases.len();
    let mut data = String::new();
    let mut count = 0;
    for code in all {
        let now = current.get(code.as_str());
        let then: Vec<Option<&bool>> = releases.iter().map(|r| r.3.get(code.as_str())).collect();
        if then.iter().all(|t| *t == now) {
            continue;
        }
        format::push_padded(&mut data, code, CODE_WIDTH);
        for t in then {
            data.push(match t {
                Some(true) => 'B',
                Some(false) => 'N',
                None => '-',
            });
        }
        count += 1;
    }

    let mut out = String::new();
    let mut sources: Vec<&Source> = history.iter().collect();
    sources.extend(licences.iter());
    header(&mut out, &sources);
    out.push_str("// Releases:");
    for (i, (fy, from, src, status)) in releases.iter().enumerate() {
        let lead = if i == 0 { " " } else { "//           " };
        let _ = writeln!(
            out,
            "{lead}ICD-10-CM FY{fy}, dates of service {from} to {fy}0930 ({} codes, {} billable;\n\
             //           {})",
            status.len(),
            status.values().filter(|b| **b).count(),
            src.file_name
        );
    }
    out.push_str(
        "// Owner:   ICD-10-CM is maintained by CDC's National Center for Health Statistics with\n\
         //          CMS (U.S. Government work). Each release's code list was taken from the CDC\n\
         //          files as shipped by the simple-icd-10-cm package (PyPI, MIT licence; FY2021 from\n\
         //          version 1.0.5, icd10cm-order-Jan-2021.txt, billable flag as given; FY2025 from\n\
         //          version 1.4.0, code-list-April-2025.txt, billable = no subcodes). The licences\n\
         //          are kept below as they ask.\n",
    );
    let _ = writeln!(
        out,
        "// Layout:  RECORDS is {count} records of {width} bytes sorted by code: the codes whose status in\n\
         //          an earlier release differs from the current table (icd10cm.rs): code (7, space\n\
         //          padded), then one byte per release in RELEASES order: B billable, N not billable,\n\
         //          - absent. Any other code had the current table's status in every release.\n//"
    );
    for licence in licences {
        let text =
            std::str::from_utf8(&licence.bytes).map_err(|e| format!("{}: {e}", licence.name))?;
        let _ = writeln!(out, "//   [{}]", licence.file_name);
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                out.push_str("//\n");
            } else {
                let _ = writeln!(out, "//   {line}");
            }
        }
    }
    out.push_str("\n//! Earlier ICD-10-CM releases (generated; see the header).\n\n");
    let labels: Vec<String> = releases
        .iter()
        .map(|(fy, ..)| format!("\"ICD-10-CM FY{fy}\""))
        .collect();
    let _ = writeln!(
        out,
        "/// Release labels, oldest first.\npub const RELEASES: [&str; {}] = [{}];",
        releases.len(),
        labels.join(", ")
    );
    let froms: Vec<String> = releases.iter().map(|r| r.1.to_string()).collect();
    let _ = writeln!(
        out,
        "/// First date of service of each release (YYYYMMDD).\npub const EFFECTIVE_FROM: [u32; {}] = [{}];",
        releases.len(),
        froms.join(", ")
    );
    let throughs: Vec<String> = releases.iter().map(|r| format!("{}0930", r.0)).collect();
    let _ = writeln!(
        out,
        "/// Last date of service of each release (YYYYMMDD).\npub const EFFECTIVE_THROUGH: [u32; {}] = [{}];",
        releases.len(),
        throughs.join(", ")
    );
    const_usize(&mut out, "COUNT", "Number of records.", count);
    const_usize(
        &mut out,
        "CODE_WIDTH",
        "Width of the code field.",
        CODE_WIDTH,
    );
    const_usize(&mut out, "RECORD_WIDTH", "Width of one record.", width);
    records_literal(&mut out, &data, width, 8)?;
    Ok(out)
}

/// `code-list-April-2026.txt` → (4, 2026).
fn icd_month_year(file_name: &str, prefix: &str) -> Option<(u32, u32)> {
    let tag = file_name.strip_prefix(prefix)?.strip_suffix(".txt")?;
    let (month, year) = tag.split_once('-')?;
    let year: u32 = year.parse().ok().filter(|y| (1000..=9999).contains(y))?;
    Some((anweb::month_number(month)?, year))
}

fn render_icd10cm(codes: &Source, billable: &Source, licence: &Source) -> Result<String, String> {
    let (month, year) = icd_month_year(&codes.file_name, "code-list-").ok_or_else(|| {
        format!(
            "{}: expected a name like code-list-April-2026.txt",
            codes.name
        )
    })?;
    if icd_month_year(&billable.file_name, "billable-codes-") != Some((month, year)) {
        return Err(format!(
            "{} and {} are not the same release",
            codes.name, billable.name
        ));
    }
    // The fiscal year runs October to September; a release applies until the next one.
    let fiscal_year = if month >= 10 { year + 1 } else { year };
    let effective_from = year * 10_000 + month * 100 + 1;
    let effective_through = fiscal_year * 10_000 + 930;
    let release = format!("ICD-10-CM FY{fiscal_year} {year}-{month:02}-01");

    let text = std::str::from_utf8(&codes.bytes).map_err(|e| format!("{}: {e}", codes.name))?;
    let mut known = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let item = line.trim();
        // Chapters are numbers and blocks are ranges (`A00-A09`); blocks holding one category
        // are written as that category and deduplicate below.
        if item.is_empty() || item.bytes().all(|b| b.is_ascii_digit()) || item.contains('-') {
            continue;
        }
        if !is_icd10cm_code(item) {
            return Err(format!("{} line {}: bad code {item:?}", codes.name, i + 1));
        }
        known.insert(item);
    }

    let text =
        std::str::from_utf8(&billable.bytes).map_err(|e| format!("{}: {e}", billable.name))?;
    let mut billable_set = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim();
        if code.is_empty() {
            continue;
        }
        if !known.contains(code) {
            return Err(format!(
                "{} line {}: {code:?} is not in {}",
                billable.name,
                i + 1,
                codes.name
            ));
        }
        if !billable_set.insert(code) {
            return Err(format!("{} line {}: {code} repeats", billable.name, i + 1));
        }
    }
    // Billable means leaf; a disagreement would mean one of the two files is damaged.
    let sorted: Vec<&str> = known.iter().copied().collect();
    for (i, code) in sorted.iter().enumerate() {
        let leaf = sorted.get(i + 1).is_none_or(|next| !next.starts_with(code));
        if leaf != billable_set.contains(code) {
            return Err(format!(
                "{code}: {} says billable = {}, but it {} subcodes in {}",
                billable.name,
                !leaf,
                if leaf { "has no" } else { "has" },
                codes.name
            ));
        }
    }

    const CODE_WIDTH: usize = 7;
    let mut data = String::with_capacity(known.len() * (CODE_WIDTH + 1));
    for code in &known {
        format::push_padded(&mut data, code, CODE_WIDTH);
        data.push(if billable_set.contains(code) {
            'B'
        } else {
            'N'
        });
    }

    let mut out = String::new();
    header(&mut out, &[codes, billable, licence]);
    let _ = writeln!(
        out,
        "// Release: {release} (dates of service {effective_from} to {effective_through}, unless a later\n\
         //          release replaces it)"
    );
    let _ = writeln!(
        out,
        "// Records: {} ICD-10-CM codes (categories and subcategories, no chapters or blocks), {}\n\
         //          of them billable (no subcodes). Codes only, without the decimal point.",
        known.len(),
        billable_set.len()
    );
    out.push_str(
        "// Owner:   ICD-10-CM is maintained by CDC's National Center for Health Statistics with\n\
         //          CMS (U.S. Government work). The code list was produced from the CDC release by\n\
         //          the simple-icd-10-cm package (PyPI, version 1.5.0), distributed under the MIT\n\
         //          licence below; its notice is kept here as that licence asks.\n",
    );
    let _ = writeln!(
        out,
        "// Layout:  RECORDS is {} records of {} bytes sorted by code: code (7, space padded), then\n\
         //          B (billable) or N (not billable).\n//",
        known.len(),
        CODE_WIDTH + 1
    );
    let licence_text =
        std::str::from_utf8(&licence.bytes).map_err(|e| format!("{}: {e}", licence.name))?;
    for line in licence_text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str("//\n");
        } else {
            let _ = writeln!(out, "//   {line}");
        }
    }
    out.push_str("\n//! ICD-10-CM codes (generated; see the header).\n\n");
    provenance_consts(&mut out, codes, "");
    provenance_consts(&mut out, billable, "BILLABLE_");
    const_str(&mut out, "RELEASE", "Release label.", &release);
    const_u32(
        &mut out,
        "EFFECTIVE_FROM",
        "First date of service of the release (YYYYMMDD).",
        effective_from,
    );
    const_u32(
        &mut out,
        "EFFECTIVE_THROUGH",
        "Last day of the release's fiscal year (YYYYMMDD).",
        effective_through,
    );
    const_usize(
        &mut out,
        "COUNT",
        "Number of records (all codes).",
        known.len(),
    );
    const_usize(
        &mut out,
        "BILLABLE_COUNT",
        "Number of billable codes.",
        billable_set.len(),
    );
    const_usize(
        &mut out,
        "CODE_WIDTH",
        "Width of the code field.",
        CODE_WIDTH,
    );
    const_usize(
        &mut out,
        "RECORD_WIDTH",
        "Width of one record.",
        CODE_WIDTH + 1,
    );
    out.push_str(
        "/// Flag byte after the code of a billable record.\npub const BILLABLE: u8 = b'B';\n",
    );
    out.push_str(
        "/// Flag byte after the code of a record that is not billable.\npub const NOT_BILLABLE: u8 = b'N';\n",
    );
    records_literal(&mut out, &data, CODE_WIDTH + 1, 8)?;
    Ok(out)
}

fn render_pos(src: &Source) -> Result<String, String> {
    let sha_release;
    let release = if let Ok(label) = std::env::var("CLAIMLINT_CODESET_POS_RELEASE") {
        sha_release = label;
        sha_release.as_str()
    } else if src.sha256 == KNOWN_POS.0 {
        KNOWN_POS.1
    } else {
        return Err(format!(
            "{} is not the known release (sha256 {}); set CLAIMLINT_CODESET_POS_RELEASE to \
             its label",
            src.name, src.sha256
        ));
    };
    let text = std::str::from_utf8(&src.bytes).map_err(|e| format!("{}: {e}", src.name))?;
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, "code\tname\tsource")) => {}
        _ => return Err(format!("{} line 1: unexpected header", src.name)),
    }
    let mut entries = BTreeMap::new();
    for (i, line) in lines {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let code = fields.next().unwrap_or("");
        let name = fields.next().unwrap_or("").trim();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() {
            return Err(format!("{} line {line_no}: bad row {line:?}", src.name));
        }
        if entries.insert(code, name).is_some() {
            return Err(format!("{} line {line_no}: {code} repeats", src.name));
        }
    }

    let name_width = entries.values().map(|n| n.len()).max().unwrap_or(0);
    let width = 2 + name_width;
    let mut data = String::with_capacity(entries.len() * width);
    for (code, name) in &entries {
        data.push_str(code);
        format::push_padded(&mut data, name, name_width);
    }

    let mut out = String::new();
    header(&mut out, &[src]);
    let _ = writeln!(out, "// Release: {release}");
    let _ = writeln!(
        out,
        "// Records: {} place-of-service codes with their CMS names.",
        entries.len()
    );
    out.push_str(
        "// Owner:   Centers for Medicare & Medicaid Services, Place of Service Code Set; public\n\
         //          domain. Code values cross-checked with pyx12's codes.xml (BSD licence).\n",
    );
    let _ = writeln!(
        out,
        "// Layout:  RECORDS is {} records of {width} bytes sorted by code: code (2), name\n\
         //          ({name_width}, space padded).",
        entries.len()
    );
    out.push_str("\n//! CMS place-of-service codes (generated; see the header).\n\n");
    provenance_consts(&mut out, src, "");
    const_str(&mut out, "RELEASE", "Release label.", release);
    const_usize(&mut out, "COUNT", "Number of records.", entries.len());
    const_usize(&mut out, "CODE_WIDTH", "Width of the code field.", 2);
    const_usize(
        &mut out,
        "NAME_WIDTH",
        "Width of the name field.",
        name_width,
    );
    const_usize(&mut out, "RECORD_WIDTH", "Width of one record.", width);
    records_literal(&mut out, &data, width, 1)?;
    Ok(out)
}

fn header(out: &mut String, sources: &[&Source]) {
    out.push_str(
        "// @generated by tests/codegen.rs from public code-set files. Do not edit by hand.\n",
    );
    out.push_str(REGENERATE);
    out.push_str("//\n");
    for (i, src) in sources.iter().enumerate() {
        let label = if i == 0 { "Source: " } else { "        " };
        let _ = writeln!(out, "// {label} {}", src.name);
        let _ = writeln!(
            out,
            "//          sha256 {}, {} bytes",
            src.sha256,
            src.bytes.len()
        );
    }
}

fn provenance_consts(out: &mut String, src: &Source, prefix: &str) {
    const_str(
        out,
        &format!("{prefix}SOURCE_FILE"),
        &format!("Source file (`{}`).", src.name),
        &src.file_name,
    );
    const_str(
        out,
        &format!("{prefix}SOURCE_SHA256"),
        "sha256 of the source file.",
        &src.sha256,
    );
}

/// Writes a string const, breaking after `=` as rustfmt would when the line is too long (the
/// generated modules are also marked `#[rustfmt::skip]`, so this is only for looks).
fn const_str(out: &mut String, name: &str, doc: &str, value: &str) {
    let line = format!("pub const {name}: &str = {};", quote(value));
    if line.len() <= 100 {
        let _ = writeln!(out, "/// {doc}\n{line}");
    } else {
        let _ = writeln!(
            out,
            "/// {doc}\npub const {name}: &str =\n    {};",
            quote(value)
        );
    }
}

fn const_u32(out: &mut String, name: &str, doc: &str, value: u32) {
    let _ = writeln!(out, "/// {doc}\npub const {name}: u32 = {value};");
}

fn const_usize(out: &mut String, name: &str, doc: &str, value: usize) {
    let _ = writeln!(out, "/// {doc}\npub const {name}: usize = {value};");
}

/// A Rust string literal for `value`.
fn quote(value: &str) -> String {
    let mut s = String::from("\"");
    for c in value.chars() {
        push_escaped(&mut s, c);
    }
    s.push('"');
    s
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// Writes `RECORDS` as one string literal, `per_line` records per source line joined with
/// `\`-newline continuations (which add nothing to the string), so the source stays readable
/// and diffs stay line-sized while the compiler sees a single literal.
fn records_literal(
    out: &mut String,
    data: &str,
    width: usize,
    per_line: usize,
) -> Result<(), String> {
    out.push_str("/// The records, back to back (see the header for the layout).\n");
    out.push_str("pub const RECORDS: &str = \"\\\n");
    let count = format::record_count(data, width);
    for first in (0..count).step_by(per_line) {
        let mut line = String::new();
        for index in first..(first + per_line).min(count) {
            let record = format::record(data, width, index)
                .ok_or_else(|| format!("record {index} is not {width} bytes"))?;
            line.push_str(record);
        }
        // A continuation also swallows whitespace at the start of the next line, so a line
        // must not start with any.
        if line.starts_with([' ', '\t', '\n', '\r']) {
            return Err(format!("record {first} starts with whitespace"));
        }
        for c in line.chars() {
            push_escaped(out, c);
        }
        out.push_str("\\\n");
    }
    out.push_str("\";\n");
    Ok(())
}

/// Value of `pub const NAME: type = value;` in a generated file.
pub fn const_value<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let prefix = format!("pub const {name}: ");
    text.lines()
        .find_map(|line| line.strip_prefix(prefix.as_str()))
        .and_then(|rest| rest.split_once(" = "))
        .and_then(|(_, value)| value.strip_suffix(';'))
}

/// Lowercase hex sha256 (FIPS 180-4), so the generator needs no dependency.
pub fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().fold(String::new(), |mut s, x| {
        let _ = write!(s, "{x:08x}");
        s
    })
}
