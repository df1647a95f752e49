//! The ICD-10-CM table: every code of the release, and whether it is billable.

use super::*;

/// A letter, then 2 to 6 digits or letters. The second character is not always a digit: the
/// April 2026 update brought `QA0` and its subcodes.
pub(super) fn is_icd10cm_code(code: &str) -> bool {
    let b = code.as_bytes();
    (3..=7).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// `code-list-April-2026.txt` → (4, 2026).
pub(super) fn icd_month_year(file_name: &str, prefix: &str) -> Option<(u32, u32)> {
    let tag = file_name.strip_prefix(prefix)?.strip_suffix(".txt")?;
    let (month, year) = tag.split_once('-')?;
    let year: u32 = year.parse().ok().filter(|y| (1000..=9999).contains(y))?;
    Some((anweb::month_number(month)?, year))
}

pub(super) fn render_icd10cm(
    codes: &Source,
    billable: &Source,
    licence: &Source,
) -> Result<String, String> {
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
