//! The TA1 interchange acknowledgment, sent when the interchange header itself has
//! problems.

use super::envelope::text;
use super::{AckOptions, within};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use crate::x12::Interchange;

/// The TA1 for an interchange whose header or trailer has findings, or that asks for one
/// (ISA14 = 1). TA101–TA103 echo ISA13, ISA09 and ISA10; a value that is not valid in its
/// element is replaced (control number `000000000`, our own date or time) and the note
/// code says which one was bad, since an acknowledgment may only hold valid values.
pub(super) fn ta1(
    ic: &Interchange<'_>,
    relevant: &[&Diagnostic],
    options: &AckOptions,
) -> Option<[String; 6]> {
    let isa = &ic.isa;
    let ic_end = ic.iea.map_or(usize::MAX, |s| s.start + s.raw.len());
    let first_group = ic.groups.first().map_or(ic_end, |g| g.gs.start);
    let findings: Vec<&&Diagnostic> = relevant
        .iter()
        .filter(|d| d.rule.meta().ack.ta1.is_some())
        .filter(|d| {
            within(d, Span::new(isa.start, first_group.saturating_sub(1)))
                || ic.iea.is_some_and(|iea| within(d, iea.span()))
        })
        .collect();
    if findings.is_empty() && isa.value(14) != b"1" {
        return None;
    }
    let control = isa.value(13);
    let control_ok = control.len() == 9 && control.iter().all(u8::is_ascii_digit);
    let date = isa.value(9);
    let date_ok = valid_yymmdd(date);
    let time = isa.value(10);
    let time_ok = valid_hhmm(time);
    // The note of a replaced value comes first: it says why TA101–TA103 differ from the
    // interchange.
    let replaced = if !control_ok {
        Some("018")
    } else if !date_ok {
        Some("014")
    } else if !time_ok {
        Some("015")
    } else {
        None
    };
    let error = findings.iter().find(|d| d.severity == Severity::Error);
    let (verdict, note) = match (error, replaced) {
        (_, Some(note)) => ("R", note),
        (Some(d), None) => ("R", d.rule.meta().ack.ta1.unwrap_or("022")),
        (None, None) if !findings.is_empty() => {
            ("E", findings[0].rule.meta().ack.ta1.unwrap_or("000"))
        }
        (None, None) => ("A", "000"),
    };
    Some([
        "TA1".into(),
        if control_ok {
            text(control)
        } else {
            "000000000".into()
        },
        if date_ok {
            text(date)
        } else {
            options.date[2..].to_string()
        },
        if time_ok {
            text(time)
        } else {
            options.time.clone()
        },
        verdict.into(),
        note.into(),
    ])
}

fn valid_yymmdd(v: &[u8]) -> bool {
    if v.len() != 6 || !v.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = |i: usize| u32::from(v[i] - b'0') * 10 + u32::from(v[i + 1] - b'0');
    let (yy, mm, dd) = (n(0), n(2), n(4));
    // ISA09 carries no century; any leap year test on YY agrees for 2000–2099.
    let leap = yy % 4 == 0;
    let days = match mm {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&dd)
}

fn valid_hhmm(v: &[u8]) -> bool {
    v.len() == 4
        && v.iter().all(u8::is_ascii_digit)
        && (v[0] - b'0') * 10 + (v[1] - b'0') < 24
        && (v[2] - b'0') * 10 + (v[3] - b'0') < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isa_dates_and_times() {
        assert!(valid_yymmdd(b"240229") && !valid_yymmdd(b"230229") && !valid_yymmdd(b"241301"));
        assert!(valid_hhmm(b"2359") && !valid_hhmm(b"2460") && !valid_hhmm(b"12a0"));
    }
}
