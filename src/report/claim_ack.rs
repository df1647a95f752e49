//! The 277CA Health Care Claim Acknowledgment (005010X214): the claim-level answer a
//! receiver sends after the 999, for every transaction set the 999 accepted.
//!
//! Per accepted 837 transaction set, one 277 transaction set:
//!
//! ```text
//! 2000A  HL*1**20*1                information source: the 837's receiver (1000B)
//!   2100A NM1*AY                   …, 2200A TRN*1 (our trace), DTP*050 received, DTP*009 processed
//! 2000B  HL*2*1*21*1               information receiver: the 837's submitter (1000A)
//!   2100B NM1*41, 2200B TRN*2 (the 837's BHT03), STC*A1:19:PR, QTY/AMT accepted and rejected
//! 2000C  HL*n*2*19*1               one per billing provider (2010AA) with claims
//!   2100C NM1*85, 2200C TRN*1, STC*A1:19:85, QTY/AMT accepted and rejected
//! 2000D  HL*n*c*PT                 one per claim: the patient
//!   2100D NM1*QC, 2200D TRN*2*CLM01, STC (A2:20 accepted, or the rejection), DTP*472
//! ```
//!
//! A claim is rejected when an error-severity finding that is not a 999 matter lies inside
//! it, or in the HL levels above it (a bad billing provider NPI rejects every claim of that
//! provider). Each rule's claim status category, status code and entity come from
//! [`status_of`]; the first three distinct ones go in STC01, STC10 and STC11, and the rule
//! codes in STC12.

use super::ack::{
    AckOptions, AckSummary, Acknowledgment, Builder, in_999, safe_byte, text, within,
};
use crate::claim::{LoopId, Transaction};
use crate::diagnostic::{Diagnostic, Severity};
use crate::redact::{MASK, View};
use crate::rules::{ClaimStatus, Rule};
use crate::source::Span;
use crate::x12::{self, Segment, TransactionSet};

/// The 277CA status a finding of `rule` gives its claim (its registry row's
/// `claim_status`); `None` for rules whose findings go in the 999 instead.
///
/// Status codes used (code source 508): 21 missing or invalid information · 126 entity's
/// address (the entity from the NM1 of the address's loop) · 218 NDC number · 247 line information · 249 place
/// of service · 251 total anesthesia minutes · 254 principal diagnosis code (a 255 finding
/// in HI01 under `ABK`/`BK`) · 255 diagnosis code · 306 detailed description of service ·
/// 400 claim is out of balance · 453 procedure code modifier(s) for service(s) rendered · 454 procedure code for services rendered · 476 missing or
/// invalid units of service · 477 diagnosis code pointer is missing or invalid · 562
/// entity's National Provider Identifier (NPI) · 583 line item charge amount. Categories
/// (code source 507): `A6` rejected for missing information, `A7` rejected for invalid
/// information.
pub fn status_of(rule: Rule) -> Option<ClaimStatus> {
    rule.meta().claim_status.filter(|_| !in_999(rule))
}

/// What a claim status means, for `claimlint explain` and the README: e.g. `STC01 A7:454
/// (A7 rejected for invalid information; 454 procedure code for services rendered)`.
pub fn describe(s: &ClaimStatus) -> String {
    let category = match s.category {
        "A3" => "returned as unprocessable claim",
        "A6" => "rejected for missing information",
        "A7" => "rejected for invalid information",
        "A8" => "rejected for relational field in error",
        _ => "",
    };
    let status = match s.status {
        "21" => "missing or invalid information",
        "126" => "entity's address",
        "218" => "NDC number",
        "247" => "line information",
        "249" => "place of service",
        "251" => "total anesthesia minutes",
        "254" => "principal diagnosis code",
        "255" => "diagnosis code",
        "306" => "detailed description of service",
        "400" => "claim is out of balance",
        "453" => "procedure code modifier(s) for service(s) rendered",
        "454" => "procedure code for services rendered",
        "476" => "missing or invalid units of service",
        "477" => "diagnosis code pointer is missing or invalid",
        "562" => "entity's National Provider Identifier (NPI)",
        "583" => "line item charge amount",
        _ => "",
    };
    let entity = match s.entity {
        Some("85") => "; entity 85 billing provider, or the provider whose NM1 holds the NPI",
        Some("1P") => {
            "; entity from the NM1 of the address's loop (subscriber, patient, provider …)"
        }
        Some(_) => "; with the entity code",
        None => "",
    };
    format!(
        "STC01 {} ({} {category}; {} {status}{entity})",
        composite(s),
        s.category,
        s.status
    )
}

/// Builds the 277CA for every interchange of a file that has a transaction set the 999
/// accepts, with its claims. `None` when there is none.
///
/// Every value copied from the file comes from `view`: under `--redact` the masked file,
/// so TRN02 and the member ID carry their pseudonyms (or `#`s), and a name or identifier
/// that is masked is replaced by a fixed placeholder ([`name`], [`ident`]).
pub fn render(
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
) -> Option<Acknowledgment> {
    let bytes = view.bytes();
    let doc = x12::parse(bytes);
    let mut ack = Acknowledgment::default();
    for ic in &doc.interchanges {
        let mut b = Builder::default();
        let mut groups = 0;
        for group in &ic.groups {
            let accepted: Vec<&TransactionSet<'_>> = group
                .transactions
                .iter()
                .filter(|set| accepted_by_999(set, diagnostics))
                .collect();
            let mut opened = false;
            for set in accepted {
                let model = Transaction::build(bytes, set);
                if model.claims.is_empty() {
                    continue;
                }
                if !opened {
                    if groups == 0 {
                        b.isa(ic, options);
                    }
                    b.gs(&group.gs, "HN", "005010X214", options);
                    opened = true;
                    groups += 1;
                }
                let answered = transaction(
                    view,
                    group.gs.value(6),
                    set,
                    &model,
                    diagnostics,
                    options,
                    &mut b,
                );
                ack.summary.transactions += answered.transactions;
                ack.summary.accepted += answered.accepted;
                ack.summary.rejected += answered.rejected;
            }
            if opened {
                b.ge();
            }
        }
        if groups > 0 {
            b.iea(groups);
            ack.push(b);
        }
    }
    (!ack.is_empty()).then_some(ack)
}

/// Whether the 999 accepts a transaction set: no error-severity 999 finding inside it.
fn accepted_by_999(set: &TransactionSet<'_>, diagnostics: &[Diagnostic]) -> bool {
    let span = Span::new(set.st.start, set.end);
    !diagnostics
        .iter()
        .any(|d| in_999(d.rule) && d.severity == Severity::Error && within(d, span))
}

/// One claim's answer.
struct ClaimAnswer<'a> {
    clm: Segment<'a>,
    /// Index in `Transaction::hls` of the billing provider HL above the claim.
    provider: Option<usize>,
    /// Index in `Transaction::hls` of the HL the claim sits in (subscriber or patient).
    hl: Option<usize>,
    charge: Cents,
    statuses: Vec<(ClaimStatus, Rule)>,
    /// Service period: first and last date of service of its lines.
    period: Option<(u32, u32)>,
    /// Its service lines: the LX's index in the set, the line, and the statuses of the
    /// findings inside it.
    lines: Vec<(usize, &'a crate::claim::ServiceLine<'a>, Vec<ClaimStatus>)>,
}

/// An amount in hundredths.
type Cents = i64;

fn cents(v: &[u8]) -> Cents {
    let s = std::str::from_utf8(v).unwrap_or("").trim();
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.len() > 15 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let w: i64 = whole.parse().unwrap_or(0);
    let mut f = frac
        .bytes()
        .take(2)
        .fold(0i64, |a, b| a * 10 + i64::from(b - b'0'));
    if frac.len() == 1 {
        f *= 10;
    }
    let c = w * 100 + f;
    if neg { -c } else { c }
}

/// An X12 `R` amount: whole dollars without a decimal point, else two decimals.
fn amount(c: Cents) -> String {
    let sign = if c < 0 { "-" } else { "" };
    let a = c.unsigned_abs();
    if a.is_multiple_of(100) {
        format!("{sign}{}", a / 100)
    } else {
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

fn transaction(
    view: &View<'_>,
    gs06: &[u8],
    set: &TransactionSet<'_>,
    model: &Transaction<'_>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
    b: &mut Builder,
) -> AckSummary {
    let first_ordinal = model.segments.first().map_or(0, |s| s.ordinal);
    let index_of = |s: &Segment<'_>| s.ordinal.saturating_sub(first_ordinal);
    // The HL a segment index sits under (the last HL at or before it).
    let hl_at = |i: usize| model.hls.iter().rposition(|h| h.index <= i);
    let ancestors = |hl: Option<usize>| ancestors(model, hl);

    let mut claims: Vec<ClaimAnswer<'_>> = model
        .claims
        .iter()
        .map(|c| {
            let hl = hl_at(index_of(&c.clm));
            let chain = ancestors(hl);
            let provider = chain.iter().copied().find(|&h| model.hls[h].level == b"20");
            let mut period: Option<(u32, u32)> = None;
            for line in &c.lines {
                if let Some(d) = &line.date_of_service {
                    let (f, t) = (d.from.0, d.to.0);
                    period = Some(period.map_or((f, t), |(a, z)| (a.min(f), z.max(t))));
                }
            }
            ClaimAnswer {
                clm: c.clm,
                provider,
                hl,
                charge: cents(c.clm.value(2)),
                statuses: Vec::new(),
                period,
                lines: c
                    .lines
                    .iter()
                    .map(|l| (index_of(&l.lx), l, Vec::new()))
                    .collect(),
            }
        })
        .collect();

    // Each claim's HL chain, worked out once.
    let chains: Vec<Vec<usize>> = claims.iter().map(|c| ancestors(c.hl)).collect();
    // Findings: each error that rejects a claim goes to the claim it is in, or to every
    // claim under the HL level it is in, or to every claim of the set (header).
    let span = Span::new(set.st.start, set.end);
    let mut findings: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && within(d, span))
        .filter(|d| status_of(d.rule).is_some())
        .collect();
    findings.sort_by_key(|d| d.span.start);
    for d in findings {
        let Some(mut status) = status_of(d.rule) else {
            continue;
        };
        let position = d.location.transaction_position.unwrap_or(0);
        let segment = position.checked_sub(1).and_then(|i| model.segments.get(i));
        if status.status == "562" {
            // The NPI of the provider whose NM1 holds it.
            status.entity = Some(npi_entity(segment));
        }
        if status.status == "126" {
            // An address: the entity is the NM1 that starts the address's loop.
            let nm1 = position.checked_sub(1).and_then(|i| {
                model.segments[..=i.min(model.segments.len().saturating_sub(1))]
                    .iter()
                    .rev()
                    .find(|s| s.is(b"NM1"))
            });
            status.entity = Some(address_entity(nm1));
        }
        if status.status == "255" && principal_diagnosis(segment, d) {
            status.status = "254";
        }
        let targets: Vec<usize> = match d.location.claim {
            Some(k) if k >= 1 && k <= claims.len() => vec![k - 1],
            _ => match position.checked_sub(1).and_then(hl_at) {
                None => (0..claims.len()).collect(),
                Some(h) => (0..claims.len())
                    .filter(|&c| chains[c].contains(&h))
                    .collect(),
            },
        };
        // A finding inside a service line also gives that line its status (loop 2220D).
        if let [c] = targets[..]
            && let Some(i) = position.checked_sub(1)
            && let Some(line) = claims[c].lines.iter_mut().rev().find(|l| l.0 <= i)
            && !line.2.contains(&status)
        {
            line.2.push(status);
        }
        for c in targets {
            let s = &mut claims[c].statuses;
            // One entry per status, and every rule that rejected the claim (for STC12).
            if !s.iter().any(|(x, r)| *x == status && *r == d.rule) {
                s.push((status, d.rule));
            }
        }
    }

    // The 277's own segments.
    b.st("277", "005010X214");
    // Our trace of the set received: its group and transaction set control numbers.
    let keep = |v: &[u8]| text(v).replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let trace = format!("{}-{}", keep(gs06), keep(set.st.value(2)));
    b.segment(&[
        "BHT",
        "0085",
        "08",
        &trace,
        &options.date,
        &options.time,
        "TH",
    ]);
    let seg_in = |l: LoopId, id: &[u8]| {
        model
            .segments
            .iter()
            .zip(&model.loops)
            .find(|(s, lp)| **lp == l && s.is(id))
            .map(|(s, _)| *s)
    };
    let receiver = seg_in(LoopId::L1000B, b"NM1");
    let submitter = seg_in(LoopId::L1000A, b"NM1");
    let bht = model.segments.iter().find(|s| s.is(b"BHT"));

    // 2000A information source.
    b.segment(&["HL", "1", "", "20", "1"]);
    b.segment(&[
        "NM1",
        "AY",
        "2",
        &name(view, receiver, 3, "RECEIVER"),
        "",
        "",
        "",
        "",
        "46",
        &ident(view, receiver, 9, 2, "RECEIVER"),
    ]);
    b.segment(&["TRN", "1", &trace]);
    b.segment(&["DTP", "050", "D8", &options.date]);
    b.segment(&["DTP", "009", "D8", &options.date]);

    // 2000B information receiver, with the totals of the set.
    let total = |pick: &dyn Fn(&ClaimAnswer<'_>) -> bool| -> (usize, Cents) {
        claims
            .iter()
            .filter(|c| pick(c))
            .fold((0, 0), |(n, a), c| (n + 1, a + c.charge))
    };
    let (n_ok, amt_ok) = total(&|c| c.statuses.is_empty());
    let (n_bad, amt_bad) = total(&|c| !c.statuses.is_empty());
    let answered = AckSummary {
        transactions: claims.len(),
        accepted: n_ok,
        rejected: n_bad,
    };
    b.segment(&["HL", "2", "1", "21", "1"]);
    let submitter_person = submitter.is_some_and(|s| s.value(2) == b"1");
    b.segment(&[
        "NM1",
        "41",
        if submitter_person { "1" } else { "2" },
        &name(view, submitter, 3, "SUBMITTER"),
        &if submitter_person {
            name(view, submitter, 4, "")
        } else {
            String::new()
        },
        "",
        "",
        "",
        "46",
        &ident(view, submitter, 9, 2, "SUBMITTER"),
    ]);
    b.segment(&["TRN", "2", &ident(view, bht.copied(), 3, 1, "0")]);
    b.segment(&[
        "STC",
        "A1:19:PR",
        &options.date,
        "WQ",
        &amount(amt_ok + amt_bad),
    ]);
    totals(b, ("90", "AA"), (n_ok, amt_ok), (n_bad, amt_bad));

    // 2000C per billing provider, in the order their first claims appear.
    let mut providers: Vec<Option<usize>> = Vec::new();
    for c in &claims {
        if !providers.contains(&c.provider) {
            providers.push(c.provider);
        }
    }
    let mut hl = 2;
    for p in providers {
        hl += 1;
        let provider_hl = hl;
        let mine: Vec<&ClaimAnswer<'_>> = claims.iter().filter(|c| c.provider == p).collect();
        let nm1 = p.and_then(|h| {
            model
                .hl_segments(h)
                .find(|&i| model.loops[i] == LoopId::L2010AA && model.segments[i].is(b"NM1"))
                .map(|i| model.segments[i])
        });
        b.segment(&["HL", &provider_hl.to_string(), "2", "19", "1"]);
        let person = nm1.is_some_and(|s| s.value(2) == b"1");
        let (qualifier, id) = match nm1 {
            Some(s) if s.value(8) == b"XX" && npi_shaped(s.value(9)) => ("XX", text(s.value(9))),
            _ => ("FI", "UNKNOWN".to_string()),
        };
        b.segment(&[
            "NM1",
            "85",
            if person { "1" } else { "2" },
            &name(view, nm1, 3, "PROVIDER"),
            &if person {
                name(view, nm1, 4, "")
            } else {
                String::new()
            },
            "",
            "",
            "",
            qualifier,
            &id,
        ]);
        let hl01 = p.map_or(String::from("0"), |h| {
            ident(view, Some(model.hls[h].segment), 1, 1, "0")
        });
        b.segment(&["TRN", "1", &hl01]);
        let ok: Vec<&&ClaimAnswer<'_>> = mine.iter().filter(|c| c.statuses.is_empty()).collect();
        let bad: Vec<&&ClaimAnswer<'_>> = mine.iter().filter(|c| !c.statuses.is_empty()).collect();
        let sum = |v: &[&&ClaimAnswer<'_>]| v.iter().map(|c| c.charge).sum::<Cents>();
        b.segment(&["STC", "A1:19:85", "", "WQ", &amount(sum(&ok) + sum(&bad))]);
        totals(
            b,
            ("QA", "QC"),
            (ok.len(), sum(&ok)),
            (bad.len(), sum(&bad)),
        );

        for c in mine {
            hl += 1;
            patient(view, model, c, hl, provider_hl, options, b);
        }
    }
    b.se();
    answered
}

/// HL `hl` and the HLs above it (by HL02, else by position), nearest first; a cycle of
/// HL02 references ends the chain.
fn ancestors(model: &Transaction<'_>, mut hl: Option<usize>) -> Vec<usize> {
    let mut chain = Vec::new();
    while let Some(h) = hl {
        if chain.contains(&h) {
            break;
        }
        chain.push(h);
        hl = model.hls[h].parent_hl.or(model.hls[h].enclosing);
    }
    chain
}

/// QTY and AMT of accepted and rejected claims, each only when there are such claims.
fn totals(b: &mut Builder, qty: (&str, &str), ok: (usize, Cents), bad: (usize, Cents)) {
    if ok.0 > 0 {
        b.segment(&["QTY", qty.0, &ok.0.to_string()]);
    }
    if bad.0 > 0 {
        b.segment(&["QTY", qty.1, &bad.0.to_string()]);
    }
    if ok.0 > 0 {
        b.segment(&["AMT", "YU", &amount(ok.1)]);
    }
    if bad.0 > 0 {
        b.segment(&["AMT", "YY", &amount(bad.1)]);
    }
}

/// 2000D/2100D/2200D: the patient of one claim and its status.
fn patient(
    view: &View<'_>,
    model: &Transaction<'_>,
    c: &ClaimAnswer<'_>,
    hl: usize,
    parent: usize,
    options: &AckOptions,
    b: &mut Builder,
) {
    b.segment(&["HL", &hl.to_string(), &parent.to_string(), "PT"]);
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

/// `A7:454`, or `A7:562:85` when the status code names an entity.
fn composite(s: &ClaimStatus) -> String {
    match s.entity {
        Some(e) => format!("{}:{}:{e}", s.category, s.status),
        None => format!("{}:{}", s.category, s.status),
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

/// Whether a diagnosis finding is about the principal diagnosis: HI01 under qualifier
/// `ABK` (ICD-10-CM) or `BK` (ICD-9-CM), status code 254 instead of 255.
fn principal_diagnosis(segment: Option<&Segment<'_>>, d: &Diagnostic) -> bool {
    let Some(hi) = segment.filter(|s| s.is(b"HI")) else {
        return false;
    };
    let in_hi01 = d.location.element.as_ref().is_some_and(|e| e.element == 1);
    let qualifier = hi.element(1).and_then(|e| e.component(1)).map(|c| c.value);
    in_hi01 && matches!(qualifier, Some(b"ABK" | b"BK"))
}

/// The entity of an address finding, from the NM101 of the address's loop: the codes of
/// the X214 entity list that 837P NM1 segments use, else `1P` (provider).
fn address_entity(nm1: Option<&Segment<'_>>) -> &'static str {
    match nm1.map(|s| s.value(1)) {
        Some(b"IL") => "IL",
        Some(b"QC") => "QC",
        Some(b"DN") => "DN",
        Some(b"DQ") => "DQ",
        Some(b"PW") => "PW",
        Some(b"40") => "40",
        _ => npi_entity(nm1),
    }
}

/// The entity of an NPI finding, from the NM101 of its segment: the codes X214 allows in
/// STC01-3, else `1P` (provider).
fn npi_entity(segment: Option<&Segment<'_>>) -> &'static str {
    match segment.filter(|s| s.is(b"NM1")).map(|s| s.value(1)) {
        Some(b"85") => "85",
        Some(b"87") => "87",
        Some(b"82") => "82",
        Some(b"77") => "77",
        Some(b"71") => "71",
        Some(b"72") => "72",
        _ => "1P",
    }
}

fn npi_shaped(v: &[u8]) -> bool {
    v.len() == 10 && v.iter().all(u8::is_ascii_digit)
}

/// Element `n` of `segment` as `view` shows it, trimmed: under `--redact` a pseudonym or
/// the masked copy, never the file's bytes.
fn shown(view: &View<'_>, segment: Option<Segment<'_>>, n: usize) -> String {
    segment
        .and_then(|s| s.element(n))
        .map(|e| view.value(e.span()).trim().to_string())
        .unwrap_or_default()
}

/// Whether `v` can be copied into an element of `min`–`max` characters: printable, none of
/// the acknowledgment's delimiters, and not masked (under `--redact` a masked name or
/// identifier is `#`s, which says nothing to the reader of the 277CA).
fn writable(view: &View<'_>, v: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&v.len())
        && v.bytes().all(safe_byte)
        && !(view.is_redacted() && v.contains(MASK as char))
}

/// A name for an NM1 of the 277 (NM103–NM105, 1–60 characters): the input's when it can
/// be written, else `fallback`. Under `--redact` names are masked, so always `fallback`.
fn name(view: &View<'_>, segment: Option<Segment<'_>>, n: usize, fallback: &str) -> String {
    let v = shown(view, segment, n);
    if writable(view, &v, 1, 60) {
        v
    } else {
        fallback.to_string()
    }
}

/// An identifier copied from the input (`min`–50 characters), or `fallback`; under
/// `--redact` `fallback` when the view masks it (an ETIN, BHT03).
fn ident(
    view: &View<'_>,
    segment: Option<Segment<'_>>,
    n: usize,
    min: usize,
    fallback: &str,
) -> String {
    let v = shown(view, segment, n);
    if writable(view, &v, min, 50) {
        v
    } else {
        fallback.to_string()
    }
}

/// A claim key (CLM01 in TRN02, 1–50 characters; the member ID in NM109, 2–80), or
/// `UNKNOWN`. Under `--redact` its pseudonym, or without a key its masked copy: `#`s,
/// which the X12 extended character set of a 5010 acknowledgment allows in these AN
/// elements.
fn key(
    view: &View<'_>,
    segment: Option<Segment<'_>>,
    n: usize,
    (min, max): (usize, usize),
) -> String {
    let v = shown(view, segment, n);
    if (min..=max).contains(&v.len()) && v.bytes().all(safe_byte) {
        v
    } else {
        "UNKNOWN".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(cents(b"150"), 15_000);
        assert_eq!(cents(b"150.5"), 15_050);
        assert_eq!(cents(b"0.05"), 5);
        assert_eq!(amount(15_000), "150");
        assert_eq!(amount(15_050), "150.50");
        assert_eq!(amount(-5), "-0.05");
    }

    #[test]
    fn every_claim_rule_outside_the_999_has_a_claim_status() {
        // Envelope (X) findings are about the file, never about one claim.
        for rule in Rule::ALL {
            let code = rule.meta().code;
            let claim_level = !in_999(*rule) && !code.starts_with('X');
            assert_eq!(status_of(*rule).is_some(), claim_level, "{code}");
        }
    }
}
