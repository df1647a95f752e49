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

mod patient;
mod status;
mod values;

use patient::patient;
use status::{address_entity, npi_entity, principal_diagnosis};
pub use status::{describe, status_of};
use values::{Cents, amount, cents, ident, name, npi_shaped};

use super::ack::{AckOptions, AckSummary, Acknowledgment, Builder, in_999, text, within};
use crate::claim::{LoopId, Transaction};
use crate::diagnostic::{Diagnostic, Severity};
use crate::redact::View;
use crate::rules::{ClaimStatus, Rule};
use crate::source::Span;
use crate::x12::{self, Segment, TransactionSet};

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
    let (ok, bad) = tally(&claims);
    let answered = AckSummary {
        transactions: claims.len(),
        accepted: ok.0,
        rejected: bad.0,
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
    totals(b, ("A1:19:PR", &options.date), ("90", "AA"), ok, bad);

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
        let (ok, bad) = tally(mine.iter().copied());
        totals(b, ("A1:19:85", ""), ("QA", "QC"), ok, bad);

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

/// How many of `claims` are accepted and rejected, and their charges: `(ok, bad)`.
fn tally<'a, 'c: 'a>(
    claims: impl IntoIterator<Item = &'a ClaimAnswer<'c>>,
) -> ((usize, Cents), (usize, Cents)) {
    claims.into_iter().fold(((0, 0), (0, 0)), |(ok, bad), c| {
        if c.statuses.is_empty() {
            ((ok.0 + 1, ok.1 + c.charge), bad)
        } else {
            (ok, (bad.0 + 1, bad.1 + c.charge))
        }
    })
}

/// The STC of an information receiver or provider level (STC01 and STC02 from `stc`, the
/// total charge of its claims in STC04), then QTY and AMT of its accepted and rejected
/// claims, each only when there are such claims.
fn totals(
    b: &mut Builder,
    stc: (&str, &str),
    qty: (&str, &str),
    ok: (usize, Cents),
    bad: (usize, Cents),
) {
    b.segment(&["STC", stc.0, stc.1, "WQ", &amount(ok.1 + bad.1)]);
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
