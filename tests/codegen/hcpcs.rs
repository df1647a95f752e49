//! The HCPCS Level II tables: procedure codes, modifiers and the NOC list.

use super::*;

pub(super) fn render_hcpcs(
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

pub(super) fn render_noc(
    src: &Source,
    procedures: &[anweb::AnwebRecord],
) -> Result<String, String> {
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
