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

use crate::claim::Transaction;
use crate::diagnostic::{Diagnostic, Severity};
use crate::redact::View;
use crate::rules::Rule;
use crate::settings::Settings;
use crate::source::Span;
use crate::x12::{self, Group, Interchange, Segment, TransactionSet};

/// What the acknowledgment's own envelope carries.
#[derive(Debug, Clone)]
pub struct AckOptions {
    /// ISA13 and GS06 of the first interchange and group (used by [`render_numbered`]).
    pub control_number: u32,
    /// Creation date `CCYYMMDD` and time `HHMM`.
    pub date: String,
    pub time: String,
    /// Mask claim numbers (CTX, TRN02) and names that are personal data.
    pub redact: bool,
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

/// Largest interchange control number (ISA13 is nine digits).
pub const MAX_CONTROL_NUMBER: u32 = 999_999_999;

/// Hands out interchange (ISA13/IEA02) and group (GS06/GE02) control numbers in order.
#[derive(Debug, Clone)]
pub struct ControlNumbers {
    interchange: u32,
    group: u32,
}

impl ControlNumbers {
    /// Counting from `first`; `None` when it is not 1–999999999.
    pub fn starting_at(first: u32) -> Option<Self> {
        (1..=MAX_CONTROL_NUMBER)
            .contains(&first)
            .then_some(ControlNumbers {
                interchange: first,
                group: first,
            })
    }

    fn take(n: &mut u32) -> u32 {
        let current = *n;
        *n = if current >= MAX_CONTROL_NUMBER {
            1
        } else {
            current + 1
        };
        current
    }
}

/// One element of an acknowledgment segment; control numbers are filled in when written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    Text(String),
    /// ISA13 / IEA02 of the enclosing interchange.
    Interchange,
    /// GS06 / GE02 of the enclosing group.
    Group,
}

type Seg = Vec<Field>;

/// Built acknowledgment interchanges, waiting for their control numbers.
#[derive(Debug, Clone, Default)]
pub struct Acknowledgment {
    interchanges: Vec<Vec<Seg>>,
    pub summary: AckSummary,
}

impl Acknowledgment {
    pub fn is_empty(&self) -> bool {
        self.interchanges.is_empty()
    }

    /// How many interchanges it holds (each takes one interchange control number).
    pub fn interchange_count(&self) -> usize {
        self.interchanges.len()
    }

    /// The X12 text, one segment per line, numbered from `numbers`.
    pub fn write(&self, numbers: &mut ControlNumbers) -> String {
        let mut out = String::new();
        for ic in &self.interchanges {
            let icn = format!("{:09}", ControlNumbers::take(&mut numbers.interchange));
            let mut gcn = String::new();
            for seg in ic {
                if seg.first() == Some(&Field::Text("GS".into())) {
                    gcn = ControlNumbers::take(&mut numbers.group).to_string();
                }
                for (i, f) in seg.iter().enumerate() {
                    if i > 0 {
                        out.push('*');
                    }
                    out.push_str(match f {
                        Field::Text(t) => t,
                        Field::Interchange => &icn,
                        Field::Group => &gcn,
                    });
                }
                out.push_str("~\n");
            }
        }
        out
    }
}

/// Collects the segments of one interchange and counts those of the open transaction set.
#[derive(Default)]
pub(crate) struct Builder {
    segments: Vec<Seg>,
    /// Segments since ST, for SE01.
    count: usize,
    /// Transaction sets since GS, for ST02 and GE01.
    sets: usize,
}

impl Builder {
    /// Adds a segment; trailing empty elements are never sent.
    pub(crate) fn segment(&mut self, elements: &[&str]) {
        let used = elements
            .iter()
            .rposition(|e| !e.is_empty())
            .map_or(0, |i| i + 1);
        self.segments.push(
            elements[..used]
                .iter()
                .map(|e| Field::Text((*e).to_string()))
                .collect(),
        );
        self.count += 1;
    }

    fn numbered(&mut self, head: &[&str], number: Field, tail: &[&str]) {
        let mut seg: Seg = head.iter().map(|e| Field::Text((*e).to_string())).collect();
        seg.push(number);
        seg.extend(tail.iter().map(|e| Field::Text((*e).to_string())));
        self.segments.push(seg);
    }

    /// ISA of an acknowledgment of `ic`: sender and receiver swapped, our date and time.
    pub(crate) fn isa(&mut self, ic: &Interchange<'_>, options: &AckOptions) {
        let isa = &ic.isa;
        let usage = if isa.value(15) == b"P" { "P" } else { "T" };
        self.numbered(
            &[
                "ISA",
                "00",
                "          ",
                "00",
                "          ",
                &qualifier(isa.value(7)),
                &format!("{:<15}", id_text(isa.value(8), 15)),
                &qualifier(isa.value(5)),
                &format!("{:<15}", id_text(isa.value(6), 15)),
                &options.date[2..],
                &options.time,
                "^",
                "00501",
            ],
            Field::Interchange,
            &["0", usage, ":"],
        );
    }

    pub(crate) fn iea(&mut self, groups: usize) {
        self.numbered(&["IEA", &groups.to_string()], Field::Interchange, &[]);
    }

    /// GS of a group answering `gs`, with functional identifier `id` and guide `guide`.
    pub(crate) fn gs(&mut self, gs: &Segment<'_>, id: &str, guide: &str, options: &AckOptions) {
        self.numbered(
            &[
                "GS",
                id,
                &id_text(gs.value(3), 15),
                &id_text(gs.value(2), 15),
                &options.date,
                &options.time,
            ],
            Field::Group,
            &["X", guide],
        );
        self.sets = 0;
    }

    pub(crate) fn ge(&mut self) {
        self.numbered(&["GE", &self.sets.to_string()], Field::Group, &[]);
    }

    pub(crate) fn st(&mut self, id: &str, guide: &str) {
        self.count = 0;
        self.sets += 1;
        let control = format!("{:04}", self.sets);
        self.segment(&["ST", id, &control, guide]);
    }

    pub(crate) fn se(&mut self) {
        let n = (self.count + 1).to_string();
        let control = format!("{:04}", self.sets);
        self.segment(&["SE", &n, &control]);
    }

    fn finish(self) -> Vec<Seg> {
        self.segments
    }
}

impl Acknowledgment {
    pub(crate) fn push(&mut self, interchange: Builder) {
        self.interchanges.push(interchange.finish());
    }
}

/// An ISA05/ISA07 interchange ID qualifier: the input's when it is one of the code list's,
/// `ZZ` (mutually defined) otherwise.
fn qualifier(value: &[u8]) -> String {
    const CODES: &[&[u8]] = &[
        b"01", b"14", b"20", b"27", b"28", b"29", b"30", b"33", b"ZZ",
    ];
    if CODES.contains(&value) {
        text(value)
    } else {
        "ZZ".into()
    }
}

/// A sender or receiver ID for the acknowledgment's envelope: the input's, or `UNKNOWN`
/// when it is empty, too long or holds characters an acknowledgment cannot carry.
fn id_text(value: &[u8], max: usize) -> String {
    let v = value.trim_ascii();
    if v.is_empty() || v.len() > max || !v.iter().all(|b| safe_byte(*b)) {
        "UNKNOWN".into()
    } else {
        text(v)
    }
}

/// A byte that can stand in an acknowledgment element: printable ASCII other than the
/// acknowledgment's own delimiters.
pub(crate) fn safe_byte(b: u8) -> bool {
    (b.is_ascii_graphic() || b == b' ') && !matches!(b, b'*' | b':' | b'~' | b'^')
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

/// The TA1 for an interchange whose header or trailer has findings, or that asks for one
/// (ISA14 = 1). TA101–TA103 echo ISA13, ISA09 and ISA10; a value that is not valid in its
/// element is replaced (control number `000000000`, our own date or time) and the note
/// code says which one was bad, since an acknowledgment may only hold valid values.
fn ta1(
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
    // A group without its GS (read inside an implicit one) is acknowledged as the 837P
    // group it was read as.
    let guide = if gs.value(8).is_empty() {
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

    let model = (!segment_findings.is_empty()).then(|| Transaction::build(bytes, set));
    let mut i = 0;
    while i < segment_findings.len() {
        let ordinal = segment_findings[i].location.segment_ordinal;
        let same: Vec<&&Diagnostic> = segment_findings[i..]
            .iter()
            .take_while(|d| d.location.segment_ordinal == ordinal)
            .copied()
            .collect();
        i += same.len();
        segment_loop(view, &same, model.as_ref(), w);
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

/// IK301: a segment ID as X12 writes them (an uppercase letter, then one or two uppercase
/// letters or digits).
pub(crate) fn valid_segment_id(id: &str) -> bool {
    let b = id.as_bytes();
    (2..=3).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// IK303: the loop identifier of the X12 837 table that an implementation-guide loop name
/// stands for: `2000B` is loop `2000`, `2010AA` is `2010`. Header and trailer segments are in
/// no loop.
pub(crate) fn table_loop(guide_loop: &str) -> Option<&str> {
    let id = guide_loop.get(..4)?;
    id.bytes().all(|b| b.is_ascii_digit()).then_some(id)
}

/// One IK3 for a segment in error, its claim context, and an IK4 per element finding.
fn segment_loop(
    view: &View<'_>,
    findings: &[&&Diagnostic],
    model: Option<&Transaction<'_>>,
    w: &mut Builder,
) {
    let bytes = view.bytes();
    let first = findings[0];
    let l = &first.location;
    // A segment ID through the view: under `--redact` only one the 837P knows.
    let id = l
        .segment_id
        .as_ref()
        .and_then(|id| view.ack_segment_id(id))
        .unwrap_or_default();
    let Some(position) = l.transaction_position.filter(|p| *p <= 999_999) else {
        return;
    };
    // IK301 only ever holds a segment ID: a garbled one (too long, lower case, symbols) is
    // reported by the IK5 of its set alone, since no IK3 can name it.
    if !valid_segment_id(&id) {
        return;
    }
    let loop_id = l.loop_id.and_then(table_loop).unwrap_or("");
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
    w.segment(&["IK3", &id, &position.to_string(), loop_id, code]);

    // CLM01 from the finding's claim keys, through the view: its pseudonym or `#`s under
    // `--redact` (the model of a masked file could place claims differently).
    if let Some(clm01) = l.claim_keys.as_ref().and_then(|k| k.clm01) {
        let shown = view.value(clm01).into_owned();
        // CTX01-2 holds at most 35 characters (CLM01 may have 38): a longer one is left out
        // rather than cut, since a cut claim number names another claim.
        if !shown.is_empty() && shown.len() <= 35 && shown.bytes().all(safe_byte) {
            w.segment(&["CTX", &format!("CLM01:{shown}")]);
        }
    }

    // The segment in error, to tell a date of service from other dates and so on.
    let segment = model.and_then(|m| m.segments.get(position.checked_sub(1)?));
    for d in findings {
        let (Some(ik403), Some(element)) = (d.rule.meta().ack.ik403, &d.location.element) else {
            continue;
        };
        if element.element == 0 || element.element > 99 {
            continue;
        }
        let position = match element.component {
            Some(c) if (1..=99).contains(&c) => format!("{}:{c}", element.element),
            _ => element.element.to_string(),
        };
        let number = data_element(&element.segment, element.element, element.component)
            .filter(|n| n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or("");
        let value = bytes.get(d.span.start..d.span.end).unwrap_or_default();
        let bad = if !copies_value(ik403)
            || value.is_empty()
            || value.len() > 99
            || !value.iter().all(|b| safe_byte(*b))
            || value.iter().all(|b| *b == b' ')
            || !segment.is_some_and(|s| {
                crate::redact::classify::class(s, element.element, element.component, value)
                    == crate::redact::Class::Shown
            }) {
            // IK404 is only for a value that is there, fits, can be written, and is not
            // personal data: a 999 travels through systems that are not meant to hold it.
            String::new()
        } else {
            text(value)
        };
        w.segment(&["IK4", &position, number, ik403, &bad]);
    }
}

/// Whether an IK403 error is about a value that was sent (and so has a copy for IK404):
/// not for missing elements or repetitions.
fn copies_value(ik403: &str) -> bool {
    !matches!(ik403, "1" | "2" | "I9" | "I11")
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

pub(crate) fn text(v: &[u8]) -> String {
    String::from_utf8_lossy(v.trim_ascii_end()).into_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ik303_is_the_x12_table_loop() {
        assert_eq!(table_loop("2000B"), Some("2000"));
        assert_eq!(table_loop("2010AA"), Some("2010"));
        assert_eq!(table_loop("2400"), Some("2400"));
        assert_eq!(table_loop("HEADER"), None);
    }

    #[test]
    fn ik301_takes_only_segment_ids() {
        assert!(valid_segment_id("SV1") && valid_segment_id("HL") && valid_segment_id("N3"));
        for bad in ["", "NM31", "sv1", "S", "1AB", "N*"] {
            assert!(!valid_segment_id(bad), "{bad}");
        }
    }

    #[test]
    fn control_numbers_count_up_and_wrap() {
        assert!(ControlNumbers::starting_at(0).is_none());
        assert!(ControlNumbers::starting_at(1_000_000_000).is_none());
        let mut n = ControlNumbers::starting_at(MAX_CONTROL_NUMBER).unwrap();
        assert_eq!(ControlNumbers::take(&mut n.interchange), MAX_CONTROL_NUMBER);
        assert_eq!(ControlNumbers::take(&mut n.interchange), 1);
    }

    #[test]
    fn isa_dates_and_times() {
        assert!(valid_yymmdd(b"240229") && !valid_yymmdd(b"230229") && !valid_yymmdd(b"241301"));
        assert!(valid_hhmm(b"2359") && !valid_hhmm(b"2460") && !valid_hhmm(b"12a0"));
    }
}
