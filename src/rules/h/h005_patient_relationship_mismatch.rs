//! H005 `patient-relationship-mismatch`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H005",
    name: "patient-relationship-mismatch",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Hl(|c, n| check(c, n.transaction, n.index))],
    summary: "SBR02 disagrees with whether a patient HL follows the subscriber HL",
    ack: Ack {
        ik403: Some("I9"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::element("SBR", 2)],
    doc: r#"## What it does
Checks the individual relationship code SBR02 of every subscriber HL (loop 2000B) against
the hierarchy. When no patient HL (loop 2000C) follows the subscriber HL, the patient is
the subscriber and SBR02 is `18` (self). When a patient HL follows, the patient is someone
else and SBR02 is left empty; that patient's relationship to the subscriber goes in PAT01.

## Why does it matter?
The payer decides whose coverage and whose demographics apply from these two facts. When
they disagree it cannot tell whether the claims belong to the subscriber or to a dependent,
and rejects them.

## Example
```text
HL*2*1*22*1~
SBR*P*18*GRP01234******CI~
...
HL*3*2*23*0~
PAT*19~
```
SBR02 says the subscriber is the patient, but a patient HL follows.

## How to fix
When the patient is the subscriber, send `18` in SBR02 and no patient HL. When the patient
is a dependent, leave SBR02 empty and send a patient HL with PAT under the subscriber HL.

## References
Loop 2000B SBR02 individual relationship code (data element 1069); loop 2000C HL and PAT01.
"#,
};

/// H005
pub fn check(checker: &mut Checker, t: &Transaction<'_>, i: usize) {
    let hl = &t.hls[i];
    if hl.level != b"22" {
        return;
    }
    // A missing SBR is a missing required segment, not a relationship problem.
    let Some(sbr) = subscriber_sbr(t, i) else {
        return;
    };
    let patient = t.hls.get(i + 1).filter(|h| h.level == b"23");
    match (patient, sbr02(&sbr)) {
        (None, b"18") | (Some(_), b"") => {}
        // HL04 `1` and an empty SBR02 agree that a patient HL was meant: the missing 2000C
        // is the one problem, and H004 reports it on HL04.
        (None, b"") if hl.child_code == b"1" => {}
        (patient, code) => report(checker, hl, patient, &sbr, code),
    }
}

/// [`Transaction::subscriber_sbr`], looked for first just after the HL, where the guide
/// puts it: the first segment of its HL that can be it.
fn subscriber_sbr<'a>(t: &Transaction<'a>, i: usize) -> Option<Segment<'a>> {
    let next = t.hls[i].index + 1;
    let end = t.hls.get(i + 1).map_or(t.segments.len(), |h| h.index);
    if next < end
        && t.loops[next] == crate::claim::LoopId::L2000B
        && let Some(segment) = t.segments.get(next)
        && is_sbr(segment)
    {
        return Some(*segment);
    }
    t.subscriber_sbr(i)
}

/// Whether `segment`'s ID is `SBR`, read in place.
fn is_sbr(segment: &Segment<'_>) -> bool {
    match *segment.raw {
        [b'S', b'B', b'R'] => true,
        [b'S', b'B', b'R', s, ..] => s == segment.delimiters.element,
        _ => false,
    }
}

/// SBR02's value (empty when absent). Read in place when SBR01 is one character and SBR02
/// empty or of two (`SBR*P**…`, `SBR*P*18*…`, as nearly every SBR is); else from its
/// elements, separator by separator from the start: it is the second element, a few
/// bytes in, nearer than a marking of the whole segment's separators would find it.
fn sbr02<'a>(sbr: &Segment<'a>) -> &'a [u8] {
    let (raw, s) = (sbr.raw, sbr.delimiters.element);
    if let [_, _, _, s1, a, s2, ref rest @ ..] = *raw
        && s1 == s
        && s2 == s
        && a != s
    {
        match *rest {
            [] => return b"",
            [x, ..] if x == s => return b"",
            [x, y, ref after @ ..] if x != s && y != s && after.first().is_none_or(|&b| b == s) => {
                return &raw[6..8];
            }
            _ => {}
        }
    }
    sbr.elements().nth(1).map_or(&b""[..], |e| e.value)
}

#[cold]
#[inline(never)]
fn report(
    checker: &mut Checker,
    hl: &crate::claim::Hl<'_>,
    patient: Option<&crate::claim::Hl<'_>>,
    sbr: &Segment<'_>,
    code: &[u8],
) {
    let span = sbr
        .elements()
        .nth(1)
        .map_or_else(|| sbr.end_span(), |e| e.span());
    match patient {
        None => {
            let message = if code.is_empty() {
                format!(
                    "SBR02 relationship code is missing, but subscriber HL `{}` has no patient HL, so the patient is the subscriber",
                    shown(hl.id)
                )
            } else {
                format!(
                    "relationship code `{}` says the patient is not the subscriber, but subscriber HL `{}` has no patient HL",
                    shown(code),
                    shown(hl.id)
                )
            };
            checker
                .report_in(Rule::PatientRelationshipMismatch, sbr, span, message)
                .element("SBR", 2, None)
                .label("expected `18` (self)")
                .secondary(element_span(&hl.segment, 1), "no patient HL follows this subscriber HL")
                .help("send `18` in SBR02 when the patient is the subscriber; when the patient is a dependent, leave SBR02 empty and add a patient HL (2000C) with PAT");
        }
        Some(patient) => {
            let message = if code == b"18" {
                format!(
                    "relationship code `18` says the patient is the subscriber, but patient HL `{}` follows",
                    shown(patient.id)
                )
            } else {
                format!(
                    "relationship code `{}` must be empty when a patient HL follows; the patient's relationship goes in PAT01",
                    shown(code)
                )
            };
            checker
                .report_in(Rule::PatientRelationshipMismatch, sbr, span, message)
                .element("SBR", 2, None)
                .label("expected empty")
                .secondary(element_span(&patient.segment, 3), "the patient is a dependent")
                .help("leave SBR02 empty when the claims are for a dependent (their relationship goes in PAT01); when the patient is the subscriber, send `18` and move the claims out of the patient HL");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SBR02 and the ID read in place are what the elements say, for any short SBR.
    #[test]
    fn sbr02_read_in_place_is_the_elements_second() {
        let pieces: [&[u8]; 7] = [b"", b"*", b"P", b"18", b"ABC", b"1", b"**"];
        let mut texts: Vec<Vec<u8>> = vec![b"SB".to_vec(), b"SBRX*P**".to_vec(), b"SBR".to_vec()];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push([&b"SBR"[..], a, b, c].concat());
                    texts.push([&b"SBR*"[..], a, b"*", b, c].concat());
                }
            }
        }
        for raw in &texts {
            let sbr = Segment {
                raw,
                start: 0,
                ordinal: 1,
                delimiters: crate::x12::Delimiters::default(),
            };
            let text = String::from_utf8_lossy(raw);
            assert_eq!(is_sbr(&sbr), sbr.is(b"SBR"), "{text}");
            let expected = sbr.elements().nth(1).map_or(&b""[..], |e| e.value);
            assert_eq!(sbr02(&sbr), expected, "{text}");
        }
    }
}
