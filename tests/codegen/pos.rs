//! The place-of-service table.

use super::*;

pub(super) fn render_pos(src: &Source) -> Result<String, String> {
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
