//! The earlier ICD-10-CM releases, stored as the codes whose status differs from the current one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::icd10cm::is_icd10cm_code;
use super::write::*;
use super::{Source, anweb, format};

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
pub(super) fn render_icd10cm_history(
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
