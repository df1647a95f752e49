//! The fixed-width record format behind every code table, embedded or loaded at run time.
//!
//! A table is one string of equal-width records sorted by a space-padded key at the start of
//! each record, so a lookup is a binary search over byte offsets: nothing is parsed at start-up
//! and nothing is allocated per lookup. The generator (`tests/codegen/generate.rs`) includes
//! this file by path to write the embedded tables, so it must stay self-contained.

/// Width of a `YYYYMMDD` date field.
pub const DATE_WIDTH: usize = 8;

/// Width of the payment attributes of a HCPCS record: the CMS file's pricing indicators
/// (columns 120-127), coverage code (230), ASC payment group (231-232), BETOS (257-259) and
/// type of service codes (261-265), copied as they stand. Blank for modifiers.
pub const ATTRIBUTES_WIDTH: usize = 19;

/// Width of a HCPCS record: code, ADD_DT, TERM_DT, payment attributes, short description.
pub const fn hcpcs_record_width(code_width: usize, desc_width: usize) -> usize {
    code_width + 2 * DATE_WIDTH + ATTRIBUTES_WIDTH + desc_width
}

/// Number of whole records in `data`.
pub fn record_count(data: &str, width: usize) -> usize {
    data.len().checked_div(width).unwrap_or(0)
}

/// Record `index`, or `None` past the end. `str::get` also refuses a slice that would split a
/// character, so a corrupt table yields `None` instead of a panic.
pub fn record(data: &str, width: usize, index: usize) -> Option<&str> {
    let start = index.checked_mul(width)?;
    data.get(start..start.checked_add(width)?)
}

/// The key of a record without its padding.
pub fn key_of(record: &str, key_width: usize) -> &str {
    record
        .get(..key_width)
        .unwrap_or(record)
        .trim_end_matches(' ')
}

/// Index of the record whose key equals `key`.
///
/// Keys hold only `[0-9A-Z]`, all above the padding space, so sorting the padded keys sorts
/// the bare keys too (`E11` before `E110`).
pub fn find(data: &str, width: usize, key_width: usize, key: &[u8]) -> Option<usize> {
    // Keys are stored space-padded to `key_width`; comparing the padded probe with the raw
    // bytes of each record orders exactly like comparing the trimmed strings (codes hold
    // no bytes below the space) and avoids UTF-8 slicing and trimming on every probe.
    const MAX_KEY: usize = 16;
    if key.is_empty() || key.len() > key_width || key_width > MAX_KEY || width == 0 {
        return None;
    }
    let mut padded = [b' '; MAX_KEY];
    padded[..key.len()].copy_from_slice(key);
    let probe = &padded[..key_width];
    let bytes = data.as_bytes();
    let (mut lo, mut hi) = (0, record_count(data, width));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = mid * width;
        match bytes[start..start + key_width].cmp(probe) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// Reads a stored date field; blank means "no date".
pub fn stored_date(field: &str) -> Option<u32> {
    if field.len() != DATE_WIDTH || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// The fields of a HCPCS record, borrowed from the table.
pub struct HcpcsFields<'a> {
    pub code: &'a str,
    pub add_date: u32,
    pub term_date: Option<u32>,
    /// The payment attributes, [`ATTRIBUTES_WIDTH`] bytes.
    pub attributes: &'a str,
    pub short_description: &'a str,
}

/// Splits a HCPCS record; `None` if it is not one (only a corrupt table could do that).
pub fn hcpcs_fields(record: &str, code_width: usize) -> Option<HcpcsFields<'_>> {
    let add_end = code_width + DATE_WIDTH;
    let term_end = add_end + DATE_WIDTH;
    let attributes_end = term_end + ATTRIBUTES_WIDTH;
    Some(HcpcsFields {
        code: key_of(record, code_width),
        add_date: stored_date(record.get(code_width..add_end)?)?,
        term_date: stored_date(record.get(add_end..term_end)?),
        attributes: record.get(term_end..attributes_end)?,
        short_description: record.get(attributes_end..)?.trim_end_matches(' '),
    })
}

/// Appends `value` left-aligned in a field of `width` bytes. Callers size `width` from the
/// longest value, so nothing is ever cut.
pub fn push_padded(out: &mut String, value: &str, width: usize) {
    out.push_str(value);
    for _ in value.len()..width {
        out.push(' ');
    }
}

/// Appends a date field, blank for `None`.
pub fn push_date(out: &mut String, date: Option<u32>) {
    match date {
        Some(d) => {
            use std::fmt::Write as _;
            // Writing to a String cannot fail.
            let _ = write!(out, "{d:08}");
        }
        None => push_padded(out, "", DATE_WIDTH),
    }
}

/// Appends one HCPCS record, its code padded to `code_width` and its description to
/// `desc_width`.
pub fn push_hcpcs_record(
    out: &mut String,
    fields: &HcpcsFields<'_>,
    code_width: usize,
    desc_width: usize,
) {
    push_padded(out, fields.code, code_width);
    push_date(out, Some(fields.add_date));
    push_date(out, fields.term_date);
    push_padded(out, fields.attributes, ATTRIBUTES_WIDTH);
    push_padded(out, fields.short_description, desc_width);
}
