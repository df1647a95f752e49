//! `--redact`: reports without patient data.
//!
//! Every element value is masked except what a reviewer needs and what identifies no one:
//! qualifiers and other code values, procedure, diagnosis and modifier codes, amounts,
//! quantities, dates of service, and the envelope's control numbers. Names, member and
//! group numbers, addresses, phone numbers, birth dates, claim numbers (CLM01), provider
//! identifiers and free text are replaced by `#`, one per byte, so every span still points
//! at the same place (`#` rather than `*`, which would read as an element separator).
//!
//! Masking applies to the segments shown in snippets and to every value a message, label or
//! help text quotes from the segments the finding is about.

use crate::diagnostic::Diagnostic;
use crate::x12::{self, Delimiters, Segment};

/// The byte that replaces each masked byte.
pub const MASK: u8 = b'#';

/// Whether element `n` (1-based) of segment `id` may be shown. `first` is element 1, the
/// qualifier of segments such as DTP.
pub fn keep(id: &[u8], n: usize, first: &[u8]) -> bool {
    match id {
        // Envelope and structure: control numbers, counts, codes.
        b"ISA" | b"GS" | b"ST" | b"SE" | b"GE" | b"IEA" | b"TA1" | b"BHT" | b"HL" | b"LX" => true,
        // Procedure, diagnosis, drug and amount segments, but not the free-text description.
        b"SV1" | b"SV5" | b"HI" | b"LIN" | b"CTP" | b"AMT" | b"QTY" | b"MEA" | b"PRV" | b"CUR"
        | b"CN1" | b"PWK" | b"CR1" | b"CR3" | b"CRC" | b"HCP" | b"SVD" | b"CAS" | b"K3" => true,
        // CLM01 is the patient control number; the rest are amounts and codes.
        b"CLM" => n != 1,
        // Dates of service are kept; other dates (birth, onset, accident…) are not.
        b"DTP" => n <= 2 || matches!(first, b"472" | b"434" | b"573"),
        // Entity and ID qualifiers only.
        b"NM1" => matches!(n, 1 | 2 | 8),
        b"PER" => matches!(n, 1 | 3 | 5 | 7),
        b"REF" | b"DMG" => n == 1,
        b"SBR" => matches!(n, 1 | 2 | 5 | 9),
        b"PAT" => matches!(n, 1 | 5),
        // Addresses, free text and anything unknown.
        _ => false,
    }
}

/// The segment with every value that may not be shown replaced by `#` (same length).
pub fn mask_segment(segment: &Segment<'_>) -> Vec<u8> {
    let mut out = segment.raw.to_vec();
    let id = segment.id();
    let first = segment.value(1);
    for e in segment.elements() {
        let keep_element = keep(id, e.position, first);
        let description = id == b"SV1" && e.position == 1;
        for p in e.components() {
            let hide = !keep_element || (description && p.position == 7);
            if hide {
                let from = p.start - segment.start;
                for b in &mut out[from..from + p.value.len()] {
                    *b = MASK;
                }
            }
        }
    }
    out
}

/// The whole file with every value that may not be shown masked, byte for byte, so every
/// span of every diagnostic still points at the same place. Text outside interchanges is
/// masked entirely (letters and digits).
pub fn mask_file(bytes: &[u8]) -> Vec<u8> {
    let mut out = mask_text(bytes);
    let doc = x12::parse(bytes);
    for (i, ic) in doc.interchanges.iter().enumerate() {
        let end = doc
            .interchanges
            .get(i + 1)
            .map_or(bytes.len(), |next| next.isa.start);
        for segment in x12::Segments::new(bytes, ic.isa.start, end, 1, ic.isa.delimiters) {
            let masked = mask_segment(&segment);
            out[segment.start..segment.start + masked.len()].copy_from_slice(&masked);
            // Restore the terminator and line breaks that follow the segment.
            let mut at = segment.start + masked.len();
            while at < end
                && (bytes[at] == ic.isa.delimiters.segment || matches!(bytes[at], b'\r' | b'\n'))
            {
                out[at] = bytes[at];
                at += 1;
            }
        }
    }
    out
}

/// Masks a display line that is not an X12 segment (text around interchanges).
pub fn mask_text(text: &[u8]) -> Vec<u8> {
    text.iter()
        .map(|&b| if b.is_ascii_alphanumeric() { MASK } else { b })
        .collect()
}

/// Masks, in the messages, labels and help of each diagnostic, every value it quotes from
/// the segments it is about, unless that value may be shown.
pub fn diagnostics(bytes: &[u8], diagnostics: &mut [Diagnostic]) {
    // A wrapped or indented file was checked from a copy without that whitespace, and its
    // messages quote the copy's values: look them up there.
    let unwrapped = x12::unwrap::prepare(bytes);
    let bytes = unwrapped.as_ref().map_or(bytes, |u| &u.bytes[..]);
    let in_copy = |at: usize| unwrapped.as_ref().map_or(at, |u| u.copy_offset(at));
    let doc = x12::parse(bytes);
    let delimiters: Vec<(usize, Delimiters)> = doc
        .interchanges
        .iter()
        .map(|ic| (ic.isa.start, ic.isa.delimiters))
        .collect();
    for d in diagnostics {
        let mut hidden: Vec<String> = Vec::new();
        let spans = std::iter::once(d.span).chain(d.secondary.iter().map(|l| l.span));
        for span in spans {
            if let Some(segment) = segment_at(bytes, in_copy(span.start), &delimiters) {
                collect_hidden(&segment, &mut hidden);
            }
        }
        // Longest first, so a value containing another is masked whole.
        hidden.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let mask = |text: &mut String| {
            for value in &hidden {
                let quoted = format!("`{value}`");
                if text.contains(&quoted) {
                    *text =
                        text.replace(&quoted, &format!("`{}`", "#".repeat(value.chars().count())));
                }
            }
        };
        mask(&mut d.message);
        if let Some(l) = &mut d.label {
            mask(l);
        }
        if let Some(h) = &mut d.help {
            mask(h);
        }
        for l in &mut d.secondary {
            mask(&mut l.message);
        }
    }
}

fn collect_hidden(segment: &Segment<'_>, hidden: &mut Vec<String>) {
    let masked = mask_segment(segment);
    for e in segment.elements() {
        for p in e.components() {
            let from = p.start - segment.start;
            let masked_piece = &masked[from..from + p.value.len()];
            if !p.value.is_empty() && masked_piece != p.value {
                // As read, and as messages quote it (control characters written visibly).
                let text = String::from_utf8_lossy(p.value.trim_ascii_end()).into_owned();
                for text in [text, crate::rules::shown(p.value)] {
                    if !text.is_empty() && !hidden.contains(&text) {
                        hidden.push(text);
                    }
                }
            }
        }
        if e.value.contains(&e.delimiters.component) {
            let masked_element =
                &masked[e.start - segment.start..e.start - segment.start + e.value.len()];
            if masked_element != e.value {
                hidden.push(String::from_utf8_lossy(e.value).into_owned());
                hidden.push(crate::rules::shown(e.value));
            }
        }
    }
}

/// The segment that contains `offset`, found by scanning back to the previous terminator of
/// the interchange it lies in.
pub fn segment_at<'a>(
    bytes: &'a [u8],
    offset: usize,
    interchanges: &[(usize, Delimiters)],
) -> Option<Segment<'a>> {
    let (isa_start, d) = interchanges
        .iter()
        .rev()
        .find(|(start, _)| *start <= offset)?;
    let offset = offset.min(bytes.len().saturating_sub(1));
    let mut start = offset;
    while start > *isa_start && bytes[start - 1] != d.segment {
        start -= 1;
    }
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    let end = bytes[start..]
        .iter()
        .position(|&b| b == d.segment)
        .map_or(bytes.len(), |p| start + p);
    Some(Segment {
        raw: &bytes[start..end],
        start,
        ordinal: 0,
        delimiters: *d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(raw: &str) -> Segment<'_> {
        Segment {
            raw: raw.as_bytes(),
            start: 0,
            ordinal: 1,
            delimiters: Delimiters::default(),
        }
    }

    fn masked(raw: &str) -> String {
        String::from_utf8(mask_segment(&seg(raw))).unwrap()
    }

    #[test]
    fn names_ids_and_birth_dates_are_masked() {
        assert_eq!(
            masked("NM1*IL*1*DOE*JANE****MI*XJD000000001"),
            "NM1*IL*1*###*####****MI*############"
        );
        assert_eq!(masked("DMG*D8*19800101*F"), "DMG*D8*########*#");
        assert_eq!(
            masked("CLM*PCN0001*150***11:B:1*Y"),
            "CLM*#######*150***11:B:1*Y"
        );
        assert_eq!(masked("N3*1 TEST LANE"), "N3*###########");
        assert_eq!(masked("REF*EI*123456789"), "REF*EI*#########");
    }

    #[test]
    fn codes_amounts_and_dates_of_service_stay() {
        for kept in [
            "SV1*HC:99213:25*100*UN*1***1:2",
            "DTP*472*D8*20240110",
            "HI*ABK:J029*ABF:R509",
            "LIN**N4*00409379501",
            "HL*2*1*22*0",
        ] {
            assert_eq!(masked(kept), kept);
        }
        assert_eq!(masked("DTP*431*D8*20240110"), "DTP*431*D8*########");
        assert_eq!(
            masked("SV1*HC:J3490:::::SECRET DRUG*10*UN*1"),
            "SV1*HC:J3490:::::###########*10*UN*1"
        );
    }

    #[test]
    fn quoted_values_of_masked_elements_leave_messages() {
        let text = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~NM1*85*2*PRACTICE*****XX*1234567890~";
        let at = text.find("1234567890").unwrap();
        let mut d = vec![Diagnostic::new(
            crate::Rule::InvalidNpi,
            crate::Span::at(at, 10),
            "NPI `1234567890` fails the check digit test",
        )];
        d[0].help("check `1234567890` and `XX`");
        diagnostics(text.as_bytes(), &mut d);
        assert_eq!(d[0].message, "NPI `##########` fails the check digit test");
        assert_eq!(d[0].help.as_deref(), Some("check `##########` and `XX`"));
    }
}
