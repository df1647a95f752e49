//! The 999 Implementation Acknowledgment (005010X231A1), and a TA1 when the interchange
//! header itself has problems.
//!
//! One 999 interchange answers one 837 interchange: sender and receiver swapped, one ST per
//! acknowledged functional group, an AK2 loop per 837 transaction set with an IK3 per
//! segment in error (its ID, its position in the set, ST = 1, and the 4-character loop
//! identifier of the X12 837 table), an IK4 per element in error (position and component,
//! the numeric data element reference number, the error code and, for values that are not
//! personal data, the bad value), a CTX naming the claim (CLM01) when the segment belongs to
//! one, the IK5 verdict, and AK9 with the group's counts.
//!
//! Only syntax and implementation-guide findings belong in a 999 ([`in_999`]). Code-set,
//! balancing and situational findings are claim-level: a clearinghouse reports them per
//! claim in the 277CA ([`super::claim_ack`]); they never appear here.
//!
//! The acknowledgment is the receiver's answer to the file, so it never depends on lint
//! settings: build the findings with [`settings`], whatever `select`, `ignore`, severities
//! or profile the user chose for the report.
//!
//! Rendering and numbering are two steps: [`render`] builds the segments of every
//! interchange, and [`Acknowledgment::write`] gives them their control numbers from a
//! [`ControlNumbers`] counter, so a batch of files gets increasing numbers in input order
//! even when the files are checked in parallel.

mod envelope;
mod ik3;
mod ta1;

pub use envelope::{Acknowledgment, ControlNumbers, MAX_CONTROL_NUMBER};
pub(crate) use envelope::{Builder, safe_byte, text};
use ik3::segment_loop;
use ta1::ta1;

use crate::diagnostic::{Diagnostic, Severity};
use crate::redact::View;
use crate::rules::Rule;
use crate::settings::Settings;
use crate::source::Span;
use crate::x12::{self, Group, TransactionSet};

/// What the acknowledgment's own envelope carries.
#[derive(Debug, Clone)]
pub struct AckOptions {
    /// ISA13 and GS06 of the first interchange and group (used by [`render_numbered`]).
    pub control_number: u32,
    /// Creation date `CCYYMMDD` and time `HHMM`.
    pub date: String,
    pub time: String,
}

/// How the receiver answered the transaction sets (999) or claims (277CA).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AckSummary {
    pub transactions: usize,
    pub accepted: usize,
    pub rejected: usize,
}

/// Whether a finding of `rule` belongs in a 999 or TA1: its registry row maps it to an
/// acknowledgment code (syntax, implementation-guide and SV101 qualifier and modifier
/// syntax findings).
pub fn in_999(rule: Rule) -> bool {
    rule.meta().in_999()
}

/// The settings acknowledgments are built with: every rule at its default severity, and
/// the code tables of `settings` (a newer HCPCS quarter or a CPT list still applies).
pub fn settings(settings: &Settings) -> Settings {
    Settings::default().with_code_sets(settings.code_sets_arc().clone())
}
/// Builds the 999 for every interchange of a file, numbered from `options.control_number`.
/// `None` when the file has no readable interchange to acknowledge.
pub fn render_numbered(
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
) -> Option<(String, AckSummary)> {
    let ack = render(view, diagnostics, options)?;
    let mut numbers = ControlNumbers::starting_at(options.control_number)?;
    Some((ack.write(&mut numbers), ack.summary))
}

/// Builds the 999 for every interchange of a file. `None` when the file has no readable
/// interchange to acknowledge.
///
/// Every value copied from the file comes from `view`: under `--redact` the masked file,
/// so CTX carries CLM01's pseudonym (or `#`s) and IK301 only a segment ID the 837P knows.
pub fn render(
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
) -> Option<Acknowledgment> {
    let bytes = view.bytes();
    // A wrapped or indented file is acknowledged from the copy it was checked in.
    let unwrapped = x12::unwrap::prepare(bytes);
    let moved: Vec<Diagnostic>;
    let (bytes, diagnostics) = match &unwrapped {
        Some(u) => {
            moved = diagnostics
                .iter()
                .map(|d| {
                    let mut d = d.clone();
                    d.span = Span::new(u.copy_offset(d.span.start), u.copy_offset(d.span.end));
                    d
                })
                .collect();
            (&u.bytes[..], &moved[..])
        }
        None => (bytes, diagnostics),
    };
    let doc = x12::parse(bytes);
    if doc.interchanges.is_empty() {
        return None;
    }
    let relevant: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| in_999(d.rule) && d.severity >= Severity::Warning)
        .collect();
    let mut ack = Acknowledgment::default();
    for ic in &doc.interchanges {
        let mut b = Builder::default();
        b.isa(ic, options);
        for group in &ic.groups {
            functional_group(view, group, &relevant, options, &mut b, &mut ack.summary);
        }
        if let Some(ta1) = ta1(ic, &relevant, options) {
            // After the groups, where the X12 control structure of the 999's validators
            // (pyx12's x12.control.00501 map and its own 999 writer) places it.
            b.segment(&ta1.iter().map(String::as_str).collect::<Vec<_>>());
        }
        b.iea(ic.groups.len());
        ack.push(b);
    }
    Some(ack)
}

/// A finding that starts inside `span` (both ends included).
pub(crate) fn within(d: &Diagnostic, span: Span) -> bool {
    d.span.start >= span.start && d.span.start <= span.end
}
fn functional_group(
    view: &View<'_>,
    group: &Group<'_>,
    relevant: &[&Diagnostic],
    options: &AckOptions,
    w: &mut Builder,
    summary: &mut AckSummary,
) {
    let gs = &group.gs;
    w.gs(gs, "FA", "005010X231A1", options);
    w.st("999", "005010X231A1");
    let ak102 = numeric_or(gs.value(6), "0");
    // A group without its GS (read inside an implicit one), or whose GS08 the view masks
    // (under `--redact`, a value cut by a line break), is acknowledged as the 837P group
    // it was read as.
    let gs08 = gs.value(8);
    let shaped = gs08.len() <= 12 && gs08.iter().all(u8::is_ascii_alphanumeric);
    let guide = if gs08.is_empty() || !shaped {
        "005010X222A1".to_string()
    } else {
        text(gs.value(8))
    };
    w.segment(&["AK1", &id_or(gs.value(1), "HC"), &ak102, &guide]);

    let mut received = 0;
    let mut accepted = 0;
    for set in &group.transactions {
        received += 1;
        if transaction(view, set, relevant, w) {
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
        .filter(|n| *n <= 999_999)
        .unwrap_or(received);
    let (stated, received_s, accepted_s) = (
        stated.to_string(),
        received.to_string(),
        accepted.to_string(),
    );
    let mut ak9 = vec!["AK9", verdict, &stated, &received_s, &accepted_s];
    ak9.extend(codes.iter().copied());
    w.segment(&ak9);
    w.se();
    w.ge();
}

/// Writes the AK2 loop of one transaction set; returns whether it is accepted.
fn transaction(
    view: &View<'_>,
    set: &TransactionSet<'_>,
    relevant: &[&Diagnostic],
    w: &mut Builder,
) -> bool {
    let bytes = view.bytes();
    let st = &set.st;
    // A set without its ST is acknowledged by its SE's control number, as an 837P.
    let (control, guide) = if set.implicit {
        let se = set.se.map_or(&b""[..], |se| se.value(2));
        (control_text(se), "005010X222A1".to_string())
    } else {
        (control_text(st.value(2)), text(st.value(3)))
    };
    w.segment(&["AK2", &id_or(st.value(1), "837"), &control, &guide]);
    let findings: Vec<&&Diagnostic> = relevant
        .iter()
        .filter(|d| within(d, Span::new(st.start, set.end)))
        .collect();

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

    // The segments in error, read in one pass in step with the findings (sorted by
    // position): no model of the set is needed, whatever its size.
    let mut segments = set.segments(bytes).enumerate().peekable();
    let mut i = 0;
    while i < segment_findings.len() {
        let ordinal = segment_findings[i].location.segment_ordinal;
        let same: Vec<&&Diagnostic> = segment_findings[i..]
            .iter()
            .take_while(|d| d.location.segment_ordinal == ordinal)
            .copied()
            .collect();
        i += same.len();
        let position = same[0].location.transaction_position;
        let segment = position.and_then(|p| {
            while segments.next_if(|(index, _)| index + 1 < p).is_some() {}
            segments
                .peek()
                .filter(|(index, _)| index + 1 == p)
                .map(|(_, s)| *s)
        });
        segment_loop(view, &same, segment.as_ref(), w);
    }
    if !segment_findings.is_empty() && !set_codes.contains(&"5") {
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
/// An identifier code copied from the input (GS01, ST01), or `fallback` when the input's
/// is not a code an acknowledgment can carry.
fn id_or(v: &[u8], fallback: &str) -> String {
    if (2..=3).contains(&v.len()) && v.iter().all(u8::is_ascii_alphanumeric) {
        text(v)
    } else {
        fallback.into()
    }
}

/// A numeric control number copied from the input (GS06), or `fallback`.
fn numeric_or(v: &[u8], fallback: &str) -> String {
    if (1..=9).contains(&v.len()) && v.iter().all(u8::is_ascii_digit) {
        text(v)
    } else {
        fallback.into()
    }
}

/// ST02 for AK202 (4–9 characters): the input's when it fits, else `0000`.
fn control_text(v: &[u8]) -> String {
    if (4..=9).contains(&v.len()) && v.iter().all(|b| safe_byte(*b) && *b != b' ') {
        text(v)
    } else {
        "0000".into()
    }
}
