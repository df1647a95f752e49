//! Which bytes of a file may be shown under redaction, decided from the grammar when the
//! file is read.
//!
//! An element value is shown only when it is a code, a number, a time or a date of
//! service **and** has the shape its data element calls for; everything else is
//! personal: names, identifiers, addresses, birth dates, phone numbers and e-mail, free
//! text (NTE, K3, SV101-7, descriptions), a value in a kept position that fails its own
//! shape (a surname shifted into NM102 by a lost separator is not a code), the ID of a
//! segment the 837P does not have, and every byte outside an interchange (text before the
//! ISA, stray lines, text after the IEA). CLM01 and member IDs are keys: masked in the
//! file, pseudonymised where they are quoted.

use crate::grammar::{DataType, ElementDef, LOOPS, SegmentDef};
use crate::source::Span;
use crate::x12::{self, Segment};
use std::sync::OnceLock;

/// The byte that replaces each masked byte: `#`, not `*`, which would read as an element
/// separator.
pub const MASK: u8 = b'#';

/// What a value is, for redaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A code, number, time, date of service or control number: shown.
    Shown,
    /// Personal or unknown: masked.
    Personal,
    /// CLM01 or a member ID: masked in the file, pseudonymised where quoted.
    Key,
}

/// The masked copy of a file and the byte ranges of its keys.
pub(crate) struct Masked {
    pub bytes: Vec<u8>,
    pub keys: Vec<Span>,
}

/// Bytes of an interchange masked as one piece: a larger interchange is cut at segment
/// boundaries into pieces of about this size, masked on all cores.
const PIECE_BYTES: usize = 1 << 20;

/// Masks every personal byte of `bytes`, keeping the length and every offset.
///
/// The copy starts as the file; then everything outside an interchange (before the ISA,
/// after the IEA), every segment with an unknown ID, and every value whose class is not
/// [`Class::Shown`] is overwritten. Line breaks stay, so the display view keeps its lines.
pub(crate) fn mask(bytes: &[u8]) -> Masked {
    mask_in_pieces(bytes, PIECE_BYTES)
}

/// [`mask`], cutting interchanges into pieces of about `piece_bytes`.
fn mask_in_pieces(bytes: &[u8], piece_bytes: usize) -> Masked {
    let mut out = bytes.to_vec();
    let mut keys = Vec::new();
    let doc = x12::parse(bytes);
    // Bytes before this offset are decided.
    let mut decided = 0;
    for (i, ic) in doc.interchanges.iter().enumerate() {
        let next = doc
            .interchanges
            .get(i + 1)
            .map_or(bytes.len(), |n| n.isa.start);
        // Text after the IEA is not part of the interchange.
        let end = ic
            .iea
            .map_or(next, |iea| (iea.start + iea.raw.len()).min(next));
        let d = ic.isa.delimiters;
        mask_text(&mut out[decided.min(ic.isa.start)..ic.isa.start]);
        let cuts = cuts(bytes, ic.isa.start, end, d.segment, piece_bytes);
        let last_end = mask_pieces(bytes, &mut out, &cuts, d, &mut keys).unwrap_or(ic.isa.start);
        decided = last_end;
        if bytes.get(last_end) == Some(&d.segment) && last_end < next {
            decided += 1;
        }
    }
    mask_text(&mut out[decided..]);
    Masked { bytes: out, keys }
}

/// Where to cut `bytes[start..end]` into pieces of about `piece_bytes`: `start`, then
/// where a segment starts (after a terminator and its line breaks), then `end`. The
/// segments of the pieces are the segments of the whole, since a segment never holds
/// its terminator.
fn cuts(bytes: &[u8], start: usize, end: usize, terminator: u8, piece_bytes: usize) -> Vec<usize> {
    let end = end.min(bytes.len()).max(start);
    let mut cuts = vec![start];
    let mut at = start;
    while end - at > piece_bytes {
        let Some(p) = memchr::memchr(terminator, &bytes[at + piece_bytes..end]) else {
            break;
        };
        let mut next = at + piece_bytes + p + 1;
        while next < end && matches!(bytes[next], b'\r' | b'\n') {
            next += 1;
        }
        if next >= end {
            break;
        }
        cuts.push(next);
        at = next;
    }
    cuts.push(end);
    cuts
}

/// Masks the segments of the pieces between `cuts` (on all cores with the `parallel`
/// feature), adding the keys found in file order; returns the end of the last segment.
fn mask_pieces(
    bytes: &[u8],
    out: &mut [u8],
    cuts: &[usize],
    d: x12::Delimiters,
    keys: &mut Vec<Span>,
) -> Option<usize> {
    // Each piece gets its own part of the copy.
    let mut pieces = Vec::with_capacity(cuts.len());
    let mut rest = &mut out[cuts[0]..];
    for w in cuts.windows(2) {
        let (piece, after) = rest.split_at_mut(w[1] - w[0]);
        pieces.push((w[0], w[1], piece));
        rest = after;
    }
    let masked: Vec<(Option<usize>, Vec<Span>)> = {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            pieces
                .into_par_iter()
                .map(|(start, end, piece)| mask_piece(bytes, start, end, piece, d))
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            pieces
                .into_iter()
                .map(|(start, end, piece)| mask_piece(bytes, start, end, piece, d))
                .collect()
        }
    };
    let mut last_end = None;
    for (end, found) in masked {
        last_end = end.or(last_end);
        keys.extend(found);
    }
    last_end
}

/// Masks the segments of `bytes[start..end]` into `out` (the copy of those bytes);
/// returns the end of the last segment and the keys found.
fn mask_piece(
    bytes: &[u8],
    start: usize,
    end: usize,
    out: &mut [u8],
    d: x12::Delimiters,
) -> (Option<usize>, Vec<Span>) {
    let mut keys = Vec::new();
    let mut last_end = start;
    let mut found = None;
    for segment in x12::Segments::new(bytes, start, end, 1, d) {
        // Between segments: terminators and line breaks only.
        for at in last_end..segment.start {
            if bytes[at] != d.segment {
                out[at - start] = mask_byte(bytes[at]);
            }
        }
        last_end = segment.start + segment.raw.len();
        found = Some(last_end);
        mask_segment(&segment, out, start, &mut keys);
    }
    (found, keys)
}

/// Masks text that is not an element: every byte but line breaks.
fn mask_text(text: &mut [u8]) {
    for b in text {
        *b = mask_byte(*b);
    }
}

fn mask_byte(b: u8) -> u8 {
    if matches!(b, b'\r' | b'\n') { b } else { MASK }
}

/// Masks in `out` (the copy of the file from offset `base`) what may not be shown of
/// `segment`: all of it when its ID is unknown, else each value whose class is not
/// [`Class::Shown`] (separators stay).
fn mask_segment(segment: &Segment<'_>, out: &mut [u8], base: usize, keys: &mut Vec<Span>) {
    let id = segment.id();
    let def = segment_definition(id);
    let at = segment.start - base;
    if def.is_none() && !is_envelope(id) {
        mask_text(&mut out[at..at + segment.raw.len()]);
        return;
    }
    let d = segment.delimiters;
    for e in segment.elements() {
        let composite = e.value.contains(&d.component);
        for p in e.components() {
            let component = composite.then_some(p.position);
            match class_in(segment, def, e.position, component, p.value) {
                Class::Shown => {}
                class => {
                    if class == Class::Key && !p.value.is_empty() {
                        keys.push(p.span());
                    }
                    let at = p.start - base;
                    out[at..at + p.value.len()].fill(MASK);
                }
            }
        }
    }
}

fn is_envelope(id: &[u8]) -> bool {
    matches!(id, b"ISA" | b"IEA" | b"GS" | b"GE" | b"ST" | b"SE" | b"TA1")
}

/// Whether `id` is a segment ID claimlint knows (the 837P's and the envelope's): the
/// only IDs shown under redaction and the only ones a 999 may carry.
pub fn known_segment_id(id: &str) -> Option<&'static str> {
    const ENVELOPE: [&str; 7] = ["ISA", "IEA", "GS", "GE", "ST", "SE", "TA1"];
    ENVELOPE
        .iter()
        .copied()
        .chain(crate::grammar::SEGMENT_IDS.iter().copied())
        .find(|known| *known == id)
}

/// The class of element `position` (component `component`) of `segment`, holding
/// `value`.
pub fn class(
    segment: &Segment<'_>,
    position: usize,
    component: Option<usize>,
    value: &[u8],
) -> Class {
    class_in(
        segment,
        segment_definition(segment.id()),
        position,
        component,
        value,
    )
}

/// [`class`] with the segment's definition looked up already.
fn class_in(
    segment: &Segment<'_>,
    segment_def: Option<&'static SegmentDef>,
    position: usize,
    component: Option<usize>,
    value: &[u8],
) -> Class {
    let id = segment.id();
    if value.is_empty() {
        return Class::Shown;
    }
    if is_envelope(id) {
        // ISA02 and ISA04 are authorization and security information (passwords).
        let secret = id == b"ISA" && matches!(position, 2 | 4);
        return if !secret && envelope_shaped(value) {
            Class::Shown
        } else {
            Class::Personal
        };
    }
    let Some(def) = segment_def.and_then(|s| definition(s, position, component)) else {
        return Class::Personal;
    };
    match (id, position) {
        (b"CLM", 1) => return Class::Key,
        (b"NM1", 9) => return nm109(segment, value),
        (b"DTP", 3) => {
            return if matches!(segment.value(1), b"472" | b"434" | b"573") && date_range(value) {
                Class::Shown
            } else {
                Class::Personal
            };
        }
        // Gender, marital status, race: with the birth date, they narrow down a person.
        (b"DMG", p) if p > 1 => return Class::Personal,
        _ => {}
    }
    let shaped = match def.data_type {
        DataType::Id => !personal_element(def.number) && code(value, def.max),
        DataType::An => code_element(def.number) && code(value, def.max),
        DataType::R => decimal(value),
        DataType::N0 => value.len() <= 15 && value.iter().all(u8::is_ascii_digit),
        DataType::Dt => matches!(value.len(), 6 | 8) && value.iter().all(u8::is_ascii_digit),
        DataType::Tm => (4..=8).contains(&value.len()) && value.iter().all(u8::is_ascii_digit),
        DataType::Composite => false,
    };
    if shaped {
        Class::Shown
    } else {
        Class::Personal
    }
}

/// Data elements that identify or locate a person whatever their type: postal code,
/// state, country, location, gender, marital status, race or ethnicity.
fn personal_element(number: &str) -> bool {
    matches!(
        number,
        "116" | "156" | "26" | "309" | "310" | "1715" | "1068" | "1067" | "1109" | "1066"
    )
}

/// String (AN) data elements that hold codes: product/service ID (procedure codes, NDC),
/// industry code (diagnoses), modifiers, place of service, HL IDs, version.
fn code_element(number: &str) -> bool {
    matches!(
        number,
        "234" | "1271" | "1331" | "1339" | "1341" | "628" | "734" | "799"
    )
}

/// NM109: a member ID is a key; a provider's NPI that passes its check digit and a
/// payer ID are shown; anything else is personal.
fn nm109(segment: &Segment<'_>, value: &[u8]) -> Class {
    match segment.value(1) {
        b"IL" | b"QC" => Class::Key,
        b"PR" if payer_id(value) => Class::Shown,
        _ if segment.value(8) == b"XX" && npi(value) => Class::Shown,
        _ => Class::Personal,
    }
}

/// A payer ID: letters and digits, with at least one digit, as payer IDs are.
fn payer_id(value: &[u8]) -> bool {
    value.len() <= 80
        && value
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && value.iter().any(u8::is_ascii_digit)
}

/// A valid NPI: 10 digits, first `1` or `2`, Luhn check digit with the `80840` prefix.
fn npi(value: &[u8]) -> bool {
    if value.len() != 10 || !value.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if !matches!(value[0], b'1' | b'2') {
        return false;
    }
    let mut sum: u32 = 24;
    for (i, &b) in value[..9].iter().rev().enumerate() {
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 {
            (d * 2) / 10 + (d * 2) % 10
        } else {
            d
        };
    }
    u32::from(value[9] - b'0') == (10 - sum % 10) % 10
}

fn code(value: &[u8], max: u16) -> bool {
    value.len() <= usize::from(max.max(1))
        && value
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn decimal(value: &[u8]) -> bool {
    let digits = value.strip_prefix(b"-").unwrap_or(value);
    value.len() <= 18
        && digits.iter().filter(|&&b| b == b'.').count() <= 1
        && digits.iter().all(|&b| b.is_ascii_digit() || b == b'.')
}

/// `CCYYMMDD` or `CCYYMMDD-CCYYMMDD`.
fn date_range(value: &[u8]) -> bool {
    let digits = |v: &[u8]| v.len() == 8 && v.iter().all(u8::is_ascii_digit);
    match value.len() {
        8 => digits(value),
        17 => digits(&value[..8]) && value[8] == b'-' && digits(&value[9..]),
        _ => false,
    }
}

/// Envelope values: control numbers, dates, IDs of sender and receiver, versions.
fn envelope_shaped(value: &[u8]) -> bool {
    value.len() <= 35
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'-'))
}

/// The grammar's first use of segment `id`: its elements are the same data elements in
/// every use. Found by the segment ID's [`key`](crate::grammar::key) in a sorted table.
fn segment_definition(id: &[u8]) -> Option<&'static SegmentDef> {
    static SEGMENTS: OnceLock<Vec<(u128, &'static SegmentDef)>> = OnceLock::new();
    let segments = SEGMENTS.get_or_init(|| {
        let mut table: Vec<(u128, &'static SegmentDef)> = Vec::new();
        for s in LOOPS.iter().flat_map(|l| l.segments.iter()) {
            if !table.iter().any(|(k, _)| *k == s.key) {
                table.push((s.key, s));
            }
        }
        table.sort_by_key(|(k, _)| *k);
        table
    });
    let key = crate::grammar::key(id);
    segments
        .binary_search_by_key(&key, |(k, _)| *k)
        .ok()
        .map(|i| segments[i].1)
}

/// The definition of element `position` (component `component`) of a segment.
fn definition(
    segment: &'static SegmentDef,
    position: usize,
    component: Option<usize>,
) -> Option<&'static ElementDef> {
    let def = segment.element(position)?;
    match (component, def.data_type) {
        (Some(c), DataType::Composite) => def.components.get(c.checked_sub(1)?),
        (None, DataType::Composite) => def.components.first(),
        (Some(c), _) if c > 1 => None,
        _ => Some(def),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~";

    fn masked(body: &str) -> String {
        let file = format!("{ISA}{body}");
        let m = mask(file.as_bytes());
        String::from_utf8(m.bytes).unwrap()[ISA.len()..].to_string()
    }

    #[test]
    fn names_ids_addresses_and_birth_dates_are_masked() {
        assert_eq!(
            masked("NM1*IL*1*DOE*JANE****MI*XJD000000001~"),
            "NM1*IL*1*###*####****MI*############~"
        );
        assert_eq!(masked("DMG*D8*19800101*F~"), "DMG*D8*########*#~");
        assert_eq!(
            masked("CLM*PCN0001*150***11:B:1*Y~"),
            "CLM*#######*150***11:B:1*Y~"
        );
        assert_eq!(masked("N3*1 TEST LANE~"), "N3*###########~");
        assert_eq!(masked("N4*TOWN*NY*12345~"), "N4*####*##*#####~");
        assert_eq!(masked("REF*EI*123456789~"), "REF*EI*#########~");
        assert_eq!(
            masked("PER*IC*JANE*TE*5551234567~"),
            "PER*IC*####*TE*##########~"
        );
    }

    #[test]
    fn codes_amounts_and_dates_of_service_stay() {
        for kept in [
            "SV1*HC:99213:25*100*UN*1***1:2~",
            "DTP*472*D8*20240110~",
            "HI*ABK:J029*ABF:R509~",
            "LIN**N4*00409379501~",
            "HL*2*1*22*0~",
            "NM1*85*2*PRACTICE*****XX*1234567893~",
            "NM1*PR*2*PAYER*****PI*87726~",
        ] {
            let shown = masked(kept);
            let expected = kept
                .replace("PRACTICE", "########")
                .replace("PAYER", "#####");
            assert_eq!(shown, expected, "{kept}");
        }
        assert_eq!(masked("DTP*431*D8*20240110~"), "DTP*431*D8*########~");
    }

    #[test]
    fn free_text_and_descriptions_are_masked() {
        assert_eq!(
            masked("SV1*HC:J3490:::::SECRET DRUG*10*UN*1~"),
            "SV1*HC:J3490:::::###########*10*UN*1~"
        );
        assert_eq!(masked("NTE*ADD*CALL MOM~"), "NTE*ADD*########~");
        assert_eq!(masked("K3*JANE DOE 1980~"), "K3*#############~");
    }

    #[test]
    fn a_value_shifted_into_a_code_position_is_masked() {
        // A lost separator puts the surname in NM102 and the birth date in DMG01.
        assert_eq!(masked("NM1*ILDOE*JANE~"), "NM1*#####*####~");
        assert_eq!(masked("NM1*IL*DOE*JANE~"), "NM1*IL*###*####~");
        assert_eq!(masked("DMG*19800101*F~"), "DMG*########*#~");
        // An NPI that fails its check digit may be something else.
        assert_eq!(
            masked("NM1*85*2*P*****XX*1234567890~"),
            "NM1*85*2*#*****XX*##########~"
        );
    }

    #[test]
    fn text_outside_segments_and_unknown_segments_are_masked() {
        assert_eq!(masked("JANE DOE~LX*1~"), "########~LX*1~");
        // The stray line runs into the IEA: one segment with an unknown ID.
        assert_eq!(
            masked("LX*1~\nJANE DOE 1980\nIEA*1*000000001~after IEA: JANE"),
            "LX*1~\n#############\n###############~###############"
        );
        assert_eq!(
            masked("LX*1~IEA*1*000000001~\nafter IEA: JANE\n"),
            "LX*1~IEA*1*000000001~\n###############\n"
        );
    }

    /// Every `.x12` file under `dir`, recursively.
    fn x12_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                x12_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "x12") {
                out.push(path);
            }
        }
    }

    /// A large file is masked in pieces on all cores: the same bytes and keys as in one
    /// piece, wherever the cuts fall (after `~`, after a newline terminator, before
    /// blank lines, inside and outside interchanges).
    #[test]
    fn pieces_mask_as_the_whole_does() {
        let mut paths = Vec::new();
        x12_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
            &mut paths,
        );
        let mut files: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
        for newline in [false, true] {
            let options = claimlint_synth::Options {
                claims: 40,
                error_rate: 0.3,
                newline,
                claims_per_st: 7,
                ..claimlint_synth::Options::default()
            };
            let (one, _) = claimlint_synth::generate(&options);
            // Two interchanges, blank lines and stray text between them.
            let mut two = one.clone();
            two.extend_from_slice(b"\n\nJANE DOE\n\n");
            two.extend_from_slice(&one);
            two.extend_from_slice(b"\n~~\r\n");
            files.extend([one, two]);
        }
        let mut cut = 0;
        for bytes in &files {
            let whole = mask_in_pieces(bytes, usize::MAX);
            for piece_bytes in [1, 7, 100, 4096] {
                let pieces = mask_in_pieces(bytes, piece_bytes);
                assert!(
                    pieces.bytes == whole.bytes && pieces.keys == whole.keys,
                    "{piece_bytes}-byte pieces of {}",
                    String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                );
            }
            cut += cuts(bytes, 0, bytes.len(), b'~', 100).len();
        }
        assert!(cut > 1000, "the files are cut in many pieces: {cut}");
    }

    #[test]
    fn member_ids_and_claim_numbers_are_keys() {
        let file = format!("{ISA}CLM*PCN0001*150~NM1*QC*1*DOE*****MI*M123~");
        let m = mask(file.as_bytes());
        let keys: Vec<&str> = m.keys.iter().map(|s| &file[s.start..s.end]).collect();
        assert_eq!(keys, ["PCN0001", "M123"]);
    }
}
