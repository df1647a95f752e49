//! Loops 2000D to 2220D of the 277CA: the patient of one claim, the claim's status and
//! its rejected service lines.

use super::status::composite;
use super::values::{amount, cents, key, name};
use super::{ClaimAnswer, ancestors};
use crate::claim::{LoopId, Transaction};
use crate::redact::{MASK, View};
use crate::report::ack::{AckOptions, Builder, safe_byte, text};
use crate::rules::ClaimStatus;

/// 2100D/2200D: the patient of one claim and its status, and 2220D: its rejected
/// lines (the 2000D HL that opens them is numbered when the set is written).
pub(super) fn patient(
    view: &View<'_>,
    model: &Transaction<'_>,
    c: &ClaimAnswer<'_>,
    options: &AckOptions,
    b: &mut Builder,
) {
    // The patient: 2010CA under a patient HL, else the subscriber (2010BA); the member ID
    // is the subscriber's.
    let chain = ancestors(model, c.hl);
    let find = |l: LoopId| {
        chain.iter().find_map(|&h| {
            model
                .hl_segments(h)
                .find(|&i| model.loops[i] == l && model.segments[i].is(b"NM1"))
                .map(|i| model.segments[i])
        })
    };
    let subscriber = find(LoopId::L2010BA);
    let person = find(LoopId::L2010CA).or(subscriber);
    b.segment(&[
        "NM1",
        "QC",
        "1",
        &name(view, person, 3, "UNKNOWN"),
        &name(view, person, 4, ""),
        &name(view, person, 5, ""),
        "",
        "",
        "MI",
        &key(view, subscriber, 9, (2, 80)),
    ]);
    b.segment(&["TRN", "2", &key(view, Some(c.clm), 1, (1, 50))]);
    let charge = amount(c.charge);
    if c.statuses.is_empty() {
        b.segment(&["STC", "A2:20", &options.date, "WQ", &charge]);
    } else {
        // STC01, STC10, STC11: the first three distinct statuses.
        let mut distinct: Vec<ClaimStatus> = Vec::new();
        for (s, _) in &c.statuses {
            if !distinct.contains(s) {
                distinct.push(*s);
            }
        }
        let stc01 = composite(&distinct[0]);
        let stc10 = distinct.get(1).map(composite).unwrap_or_default();
        let stc11 = distinct.get(2).map(composite).unwrap_or_default();
        let mut rules: Vec<String> = Vec::new();
        for (_, r) in &c.statuses {
            let m = r.meta();
            let t = format!("{} {}", m.code, m.name);
            if !rules.contains(&t) {
                rules.push(t);
            }
        }
        let mut stc12 = rules.join(", ");
        stc12.truncate(264);
        b.segment(&[
            "STC",
            &stc01,
            &options.date,
            "U",
            &charge,
            "",
            "",
            "",
            "",
            "",
            &stc10,
            &stc11,
            &stc12,
        ]);
    }
    let period = c.period.unwrap_or_else(|| {
        let today: u32 = options.date.parse().unwrap_or(0);
        (today, today)
    });
    date_segment(b, period);
    for (_, line, statuses) in &c.lines {
        if !statuses.is_empty() {
            service_line(view, line, statuses, options, b);
        }
    }
}

fn date_segment(b: &mut Builder, period: (u32, u32)) {
    if period.0 == period.1 {
        b.segment(&["DTP", "472", "D8", &period.0.to_string()]);
    } else {
        b.segment(&["DTP", "472", "RD8", &format!("{}-{}", period.0, period.1)]);
    }
}

/// 2220D: a rejected service line, its procedure (SVC) and its status. Left out when the
/// line's SV101 cannot be echoed (its qualifier is not one SVC01 allows).
fn service_line(
    view: &View<'_>,
    line: &crate::claim::ServiceLine<'_>,
    statuses: &[ClaimStatus],
    options: &AckOptions,
    b: &mut Builder,
) {
    let Some(sv1) = &line.sv1 else {
        return;
    };
    let seg = &sv1.segment;
    let Some(sv101) = seg.element(1) else {
        return;
    };
    let parts: Vec<&[u8]> = sv101.components().take(6).map(|p| p.value).collect();
    let qualifier_ok = matches!(
        parts.first().copied(),
        Some(b"AD" | b"ER" | b"HC" | b"HP" | b"IV" | b"NU" | b"WK")
    );
    let code = parts.get(1).copied().unwrap_or_default();
    // A component masked under `--redact` (a value that fails its shape) cannot be echoed.
    let writable = |v: &[u8]| {
        v.len() <= 48
            && v.iter().all(|b| safe_byte(*b) && *b != b' ')
            && !(view.is_redacted() && v.contains(&MASK))
    };
    if !qualifier_ok || code.is_empty() || !parts.iter().all(|p| writable(p)) {
        return;
    }
    let svc01 = parts.iter().map(|p| text(p)).collect::<Vec<_>>().join(":");
    let svc01 = svc01.trim_end_matches(':').to_string();
    let units = seg.value(4);
    let units = if !units.is_empty()
        && units.len() <= 15
        && units.iter().all(|b| b.is_ascii_digit() || *b == b'.')
    {
        text(units)
    } else {
        String::new()
    };
    b.segment(&[
        "SVC",
        &svc01,
        &amount(cents(seg.value(2))),
        "",
        "",
        "",
        "",
        &units,
    ]);
    let stc10 = statuses.get(1).map(composite).unwrap_or_default();
    let stc11 = statuses.get(2).map(composite).unwrap_or_default();
    b.segment(&[
        "STC",
        &composite(&statuses[0]),
        &options.date,
        "U",
        "",
        "",
        "",
        "",
        "",
        "",
        &stc10,
        &stc11,
    ]);
    if let Some(d) = &line.date_of_service {
        date_segment(b, (d.from.0, d.to.0));
    }
}
