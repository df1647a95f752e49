//! The fixed-width record format behind every code table, embedded or loaded at run time.
//!
//! A table is one string of equal-width records sorted by a space-padded key at the start of
//! each record: nothing is parsed at start-up. Lookups do not search this text: they find a
//! record's position through the integer keys and direct indexes of `index.rs`. The generator (`tests/codegen/generate.rs`) includes
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
    without_padding(record.get(..key_width).unwrap_or(record))
}

/// A field without the spaces that pad it. Byte-wise, as every lookup returning an entry
/// pays for it: a space never ends a multi-byte character, so the cut is always on a
/// character boundary.
pub fn without_padding(field: &str) -> &str {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let bytes = field.as_bytes();
    let mut end = bytes.len();
    // Eight bytes at a time from the end (a description is padded by a dozen spaces or
    // more): the last byte that is not a space is the highest byte of the word that
    // differs from eight spaces.
    while end >= 8 {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[end - 8..end]);
        let differs = u64::from_le_bytes(word) ^ SPACES;
        if differs != 0 {
            end -= (differs.leading_zeros() / 8) as usize;
            return field.get(..end).unwrap_or(field);
        }
        end -= 8;
    }
    while end > 0 && bytes[end - 1] == b' ' {
        end -= 1;
    }
    field.get(..end).unwrap_or(field)
}

/// Reads a stored date field, eight ASCII digits; blank means "no date". All eight digits at
/// once: every HCPCS lookup reads two dates.
pub fn stored_date(field: &[u8]) -> Option<u32> {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let digits: [u8; DATE_WIDTH] = field.try_into().ok()?;
    let v = u64::from_le_bytes(digits);
    // Each byte is 0x30-0x3F, and still is with 6 added (no carry can cross bytes then):
    // exactly the digits 0x30-0x39.
    if v & HIGH != ZEROS || (v + 0x0606_0606_0606_0606) & HIGH != ZEROS {
        return None;
    }
    // The first digit is the lowest byte: combine neighbours into pairs, fours, then eight.
    let v = v - ZEROS;
    let v = (v * 10 + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    let v = (v * 100 + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    let v = (v * 10_000 + (v >> 32)) & 0xFFFF_FFFF;
    u32::try_from(v).ok()
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
    let bytes = record.as_bytes();
    Some(HcpcsFields {
        code: key_of(record, code_width),
        add_date: stored_date(bytes.get(code_width..add_end)?)?,
        term_date: stored_date(bytes.get(add_end..term_end)?),
        attributes: record.get(term_end..attributes_end)?,
        short_description: without_padding(record.get(attributes_end..)?),
    })
}

/// The dates of a HCPCS record, as [`hcpcs_fields`] reads them (ADD_DT and TERM_DT), and
/// `None` exactly when it gives `None`: without cutting the code and the description out of
/// the record, for a check that only asks whether a code is in force on a date.
pub fn hcpcs_dates(record: &str, code_width: usize) -> Option<(u32, Option<u32>)> {
    let add_end = code_width + DATE_WIDTH;
    let term_end = add_end + DATE_WIDTH;
    let attributes_end = term_end + ATTRIBUTES_WIDTH;
    let bytes = record.as_bytes();
    let add_date = stored_date(bytes.get(code_width..add_end)?)?;
    let term_date = stored_date(bytes.get(add_end..term_end)?);
    // What `hcpcs_fields` slices after the dates: the attributes and the description, each
    // on character boundaries.
    (record.is_char_boundary(term_end) && record.is_char_boundary(attributes_end))
        .then_some((add_date, term_date))
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

#[cfg(test)]
mod tests {
    use super::without_padding;

    /// A byte at a time from the end: what the word-at-a-time search must answer.
    fn by_bytes(field: &str) -> &str {
        let end = field
            .as_bytes()
            .iter()
            .rposition(|&b| b != b' ')
            .map_or(0, |i| i + 1);
        field.get(..end).unwrap_or(field)
    }

    #[test]
    fn padding_is_cut_as_byte_by_byte() {
        let mut checked = 0;
        for text in ["", "A", "AB C", "Infliximab-dyyb, 10 mg", "é", "dés ", " x"] {
            for spaces in 0..20 {
                for lead in 0..3 {
                    let field = format!("{}{text}{}", " ".repeat(lead), " ".repeat(spaces));
                    assert_eq!(without_padding(&field), by_bytes(&field), "{field:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 300, "{checked}");
    }
}
