//! The 999 Implementation Acknowledgment (005010X231A1), and a TA1 when the interchange
//! header itself has problems.
//!
//! One 999 interchange answers one 837 interchange: sender and receiver swapped, one ST per
//! acknowledged functional group, an AK2 loop per 837 transaction set with an IK3 per
//! segment in error (its position in the set, ST = 1, and its loop), an IK4 per element in
//! error (position, component, data element number, error code and the bad value), a CTX
//! naming the claim (CLM01) when the segment belongs to one, the IK5 verdict, and AK9 with
//! the group's counts.
//!
//! Only syntax and implementation-guide findings belong in a 999 (the X and H families, and
//! the SV101 qualifier and modifier syntax: C001, C002, C008). Code-set and business rules
//! (the rest of C, and B and S) are claim-level findings a clearinghouse reports in a 277CA;
//! they never appear here.

use crate::diagnostic::{Diagnostic, Severity};
use crate::redact::View;
use crate::rules::Rule;
use crate::source::Span;
use crate::x12::{self, Group, Interchange, TransactionSet};
use std::fmt::Write;

/// What the 999's own envelope carries.
#[derive(Debug, Clone)]
pub struct AckOptions {
    /// ISA13/GS06 of the 999 (its own control number).
    pub control_number: u32,
    /// Creation date `CCYYMMDD` and time `HHMM` of the 999.
    pub date: String,
    pub time: String,
}

/// How the receiver answered each transaction set and group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AckSummary {
    pub transactions: usize,
    pub accepted: usize,
    pub rejected: usize,
}

/// Whether a finding of `rule` belongs in a 999 or TA1: its registry row maps it to an
/// acknowledgment code (see `RuleMeta::in_999`).
pub fn belongs_in_999(rule: Rule) -> bool {
    rule.meta().in_999()
}

/// Builds the 999 for every interchange of a file. Returns `None` when the file has no
/// readable interchange to acknowledge.
///
/// Every value the 999 copies from the file comes from `view`: under `--redact` a
/// redacted view, so IK404 and CTX carry masked values or pseudonyms, and IK301 only a
/// segment ID the 837P knows.
pub fn render(
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
) -> Option<(String, AckSummary)> {
    let bytes = view.bytes();
    let doc = x12::parse(bytes);
    if doc.interchanges.is_empty() {
        return None;
    }
    let relevant: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| belongs_in_999(d.rule) && d.severity >= Severity::Warning)
        .collect();
    let mut out = String::new();
    let mut summary = AckSummary::default();
    // Each 999 interchange and group gets its own control number, counting up.
    let mut next_group = options.control_number;
    for (i, ic) in doc.interchanges.iter().enumerate() {
        let control = options.control_number.wrapping_add(i as u32);
        interchange(
            view,
            ic,
            &relevant,
            options,
            control,
            &mut next_group,
            &mut out,
            &mut summary,
        );
    }
    Some((out, summary))
}

fn within(d: &Diagnostic, span: Span) -> bool {
    d.span.start >= span.start && d.span.start <= span.end
}

/// Writes segments and counts them, for SE01.
struct Writer<'o> {
    out: &'o mut String,
    count: usize,
}

impl Writer<'_> {
    fn segment(&mut self, elements: &[&str]) {
        // Trailing empty elements are never sent.
        let used = elements
            .iter()
            .rposition(|e| !e.is_empty())
            .map_or(0, |i| i + 1);
        self.out.push_str(&elements[..used].join("*"));
        self.out.push_str("~\n");
        self.count += 1;
    }
}

#[allow(clippy::too_many_arguments)]
fn interchange(
    view: &View<'_>,
    ic: &Interchange<'_>,
    relevant: &[&Diagnostic],
    options: &AckOptions,
    control: u32,
    next_group: &mut u32,
    out: &mut String,
    summary: &mut AckSummary,
) {
    let isa = &ic.isa;
    let control = format!("{:09}", control % 1_000_000_000);
    let pad = |v: &[u8], n: usize| format!("{:<n$}", String::from_utf8_lossy(v.trim_ascii_end()));
    // Sender and receiver swap places in the acknowledgment.
    let isa_line = format!(
        "ISA*00*          *00*          *{}*{}*{}*{}*{}*{}*^*00501*{control}*0*{}*:",
        pad(isa.value(7), 2),
        pad(isa.value(8), 15),
        pad(isa.value(5), 2),
        pad(isa.value(6), 15),
        &options.date[2..],
        options.time,
        if isa.value(15) == b"P" { "P" } else { "T" },
    );
    out.push_str(&isa_line);
    out.push_str("~\n");

    // TA1: the interchange header itself, when it has findings or a TA1 was requested.
    let ic_end = ic.iea.map_or(usize::MAX, |s| s.start + s.raw.len());
    let first_group = ic.groups.first().map_or(ic_end, |g| g.gs.start);
    let header_findings: Vec<&&Diagnostic> = relevant
        .iter()
        .filter(|d| d.rule.meta().ack.ta1.is_some())
        .filter(|d| {
            within(d, Span::new(isa.start, first_group.saturating_sub(1)))
                || ic.iea.is_some_and(|iea| within(d, iea.span()))
        })
        .collect();
    if !header_findings.is_empty() || isa.value(14) == b"1" {
        let (verdict, note) = match header_findings
            .iter()
            .find(|d| d.severity == Severity::Error)
        {
            Some(d) => ("R", d.rule.meta().ack.ta1.unwrap_or("022")),
            None if !header_findings.is_empty() => {
                ("E", header_findings[0].rule.meta().ack.ta1.unwrap_or("000"))
            }
            None => ("A", "000"),
        };
        let _ = writeln!(
            out,
            "TA1*{}*{}*{}*{verdict}*{note}~",
            text(isa.value(13)),
            text(isa.value(9)),
            text(isa.value(10))
        );
    }

    for group in &ic.groups {
        functional_group(view, group, relevant, options, *next_group, out, summary);
        *next_group = next_group.wrapping_add(1);
    }
    let _ = writeln!(out, "IEA*{}*{control}~", ic.groups.len());
}

#[allow(clippy::too_many_arguments)]
fn functional_group(
    view: &View<'_>,
    group: &Group<'_>,
    relevant: &[&Diagnostic],
    options: &AckOptions,
    group_control: u32,
    out: &mut String,
    summary: &mut AckSummary,
) {
    let gs = &group.gs;
    let group_control = (group_control % 1_000_000_000).max(1).to_string();
    let _ = writeln!(
        out,
        "GS*FA*{}*{}*{}*{}*{group_control}*X*005010X231A1~",
        text(gs.value(3)),
        text(gs.value(2)),
        options.date,
        options.time
    );
    let mut w = Writer { out, count: 0 };
    w.segment(&["ST", "999", "0001", "005010X231A1"]);
    w.segment(&[
        "AK1",
        &text(gs.value(1)),
        &text(gs.value(6)),
        &text(gs.value(8)),
    ]);

    let mut received = 0;
    let mut accepted = 0;
    for set in &group.transactions {
        received += 1;
        if transaction(view, set, relevant, &mut w) {
            accepted += 1;
        }
    }
    summary.transactions += received;
    summary.accepted += accepted;
    summary.rejected += received - accepted;

    // Group-level findings: on GS or GE.
    let group_findings: Vec<&&Diagnostic> = relevant
        .iter()
        .filter(|d| d.rule.meta().ack.ak905.is_some())
        .filter(|d| within(d, gs.span()) || group.ge.is_some_and(|ge| within(d, ge.span())))
        .collect();
    let mut codes: Vec<&str> = Vec::new();
    for d in &group_findings {
        if let Some(c) = d.rule.meta().ack.ak905
            && !codes.contains(&c)
            && codes.len() < 5
        {
            codes.push(c);
        }
    }
    let group_rejected = group_findings.iter().any(|d| d.severity == Severity::Error);
    let verdict = if group_rejected || (received > 0 && accepted == 0) {
        "R"
    } else if accepted < received {
        "P"
    } else if !codes.is_empty() {
        "E"
    } else {
        "A"
    };
    let stated = group
        .ge
        .and_then(|ge| std::str::from_utf8(ge.value(1)).ok()?.parse::<usize>().ok())
        .unwrap_or(received);
    let (stated, received_s, accepted_s) = (
        stated.to_string(),
        received.to_string(),
        accepted.to_string(),
    );
    let mut ak9 = vec!["AK9", verdict, &stated, &received_s, &accepted_s];
    ak9.extend(codes.iter().copied());
    w.segment(&ak9);
    let se01 = (w.count + 1).to_string();
    w.segment(&["SE", &se01, "0001"]);
    let _ = writeln!(w.out, "GE*1*{group_control}~");
}

/// Writes the AK2 loop of one transaction set; returns whether it is accepted.
fn transaction(
    view: &View<'_>,
    set: &TransactionSet<'_>,
    relevant: &[&Diagnostic],
    w: &mut Writer<'_>,
) -> bool {
    let st = &set.st;
    w.segment(&[
        "AK2",
        &text(st.value(1)),
        &text(st.value(2)),
        &text(st.value(3)),
    ]);
    let span = Span::new(st.start, set.end);
    let findings: Vec<&&Diagnostic> = relevant.iter().filter(|d| within(d, span)).collect();

    // Transaction-level codes (IK502…) and segment-level findings (IK3/IK4).
    let mut set_codes: Vec<&str> = Vec::new();
    let mut segment_findings: Vec<&&Diagnostic> = Vec::new();
    for d in &findings {
        let ack = d.rule.meta().ack;
        if ack.ik304.is_some() || ack.ik403.is_some() {
            segment_findings.push(d);
        } else if let Some(c) = ack.ik502
            && !set_codes.contains(&c)
        {
            set_codes.push(c);
        }
    }
    segment_findings.sort_by_key(|d| (d.location.segment_ordinal, d.span.start));

    let mut i = 0;
    while i < segment_findings.len() {
        let ordinal = segment_findings[i].location.segment_ordinal;
        let same: Vec<&&Diagnostic> = segment_findings[i..]
            .iter()
            .take_while(|d| d.location.segment_ordinal == ordinal)
            .copied()
            .collect();
        i += same.len();
        segment_loop(view, &same, w);
    }
    if !segment_findings.is_empty() && set_codes.len() < 5 && !set_codes.contains(&"5") {
        set_codes.push("5");
    }
    set_codes.truncate(5);
    let rejected = findings.iter().any(|d| d.severity == Severity::Error);
    let verdict = if rejected {
        "R"
    } else if findings.is_empty() {
        "A"
    } else {
        "E"
    };
    let mut ik5 = vec!["IK5", verdict];
    ik5.extend(set_codes.iter().copied());
    w.segment(&ik5);
    !rejected
}

/// One IK3 for a segment in error, its claim context, and an IK4 per element finding.
fn segment_loop(
    view: &View<'_>,
    findings: &[&&Diagnostic],
    w: &mut Writer<'_>,
) {
    let first = findings[0];
    let l = &first.location;
    // Only a segment ID the 837P knows (or, unredacted, one shaped like an ID): a stray
    // line is never copied into the 999, which then gives the position alone.
    let id = l
        .segment_id
        .as_ref()
        .and_then(|id| view.ack_segment_id(id))
        .unwrap_or_default();
    let position = l
        .transaction_position
        .map(|p| p.to_string())
        .unwrap_or_default();
    let loop_id = l
        .loop_id
        .filter(|l| !matches!(*l, "HEADER" | "TRAILER"))
        .unwrap_or("");
    // A finding about the segment itself gives its IK304; element findings give 8.
    let code = findings
        .iter()
        .find_map(|d| {
            d.rule
                .meta()
                .ack
                .ik304
                .filter(|_| d.location.element.is_none())
        })
        .unwrap_or("8");
    w.segment(&["IK3", &id, &position, loop_id, code]);

    // CLM01 from the finding's claim keys, through the view: a pseudonym or masked under
    // `--redact`. (The model of the masked file could place claims differently.)
    if let Some(clm01) = l.claim_keys.as_ref().and_then(|k| k.clm01) {
        let shown = view.value(clm01).into_owned();
        if !shown.is_empty() && !shown.contains([':', '*', '~', '^']) {
            w.segment(&["CTX", &format!("CLM01:{shown}")]);
        }
    }

    for d in findings {
        let (Some(ik403), Some(element)) = (d.rule.meta().ack.ik403, &d.location.element) else {
            continue;
        };
        let position = match element.component {
            Some(c) => format!("{}:{c}", element.element),
            None => element.element.to_string(),
        };
        let number =
            data_element(&element.segment, element.element, element.component).unwrap_or("");
        let value = view
            .bytes()
            .get(d.span.start..d.span.end)
            .unwrap_or_default();
        let bad = if value.is_empty()
            || value.len() > 99
            || value.iter().any(|b| !b.is_ascii_graphic() && *b != b' ')
            || value.iter().any(|b| matches!(b, b'*' | b':' | b'~' | b'^'))
        {
            String::new()
        } else {
            // Masked under `--redact` (`#`, never `*`, the 999's element separator).
            text(value)
        };
        w.segment(&["IK4", &position, number, ik403, &bad]);
    }
}

/// The X12 data element number of an element, for IK402: the grammar's, except for the
/// envelope segments it does not describe, and SV107 as a whole, which H012 reports by
/// its pointers' element.
fn data_element(segment: &str, element: usize, component: Option<usize>) -> Option<&'static str> {
    match (segment, element, component) {
        ("ST", 1, _) => Some("143"),
        ("ST", 2, _) | ("SE", 2, _) => Some("329"),
        ("ST", 3, _) => Some("1705"),
        ("SE", 1, _) => Some("96"),
        ("SV1", 7, None) => Some("1328"),
        _ => crate::grammar::data_element_number(segment, element, component),
    }
}

fn text(v: &[u8]) -> String {
    String::from_utf8_lossy(v.trim_ascii_end()).into_owned()
}
