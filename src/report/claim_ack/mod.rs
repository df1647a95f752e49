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
use crate::claim::{LoopId, Transaction, split};
use crate::diagnostic::{Diagnostic, Severity};
use crate::redact::View;
use crate::rules::{ClaimStatus, Rule};
use crate::settings::DEFAULT_PART_BYTES;
use crate::source::Span;
use crate::x12::{self, Segment, TransactionSet};

/// Builds the 277CA for every interchange of a file that has a transaction set the 999
/// accepts, with its claims. `None` when there is none.
///
/// Every value copied from the file comes from `view`: under `--redact` the masked file,
/// so TRN02 and the member ID carry their pseudonyms (or `#`s), and a name or identifier
/// that is masked is replaced by a fixed placeholder ([`name`], [`ident`]).
///
/// A large transaction set is modelled part by part (the cuts of [`split`], as the check
/// makes them) and each claim's answer is written while its part is in memory, so the
/// memory an acknowledgment takes follows its own size, not the set's.
pub fn render(
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
) -> Option<Acknowledgment> {
    render_in_parts(view, diagnostics, options, DEFAULT_PART_BYTES)
}

/// [`render`], with sets cut into parts of about `part_bytes` (`usize::MAX`: never cut).
/// The acknowledgment is the same whatever the size; only memory and time differ.
pub fn render_in_parts(
    view: &View<'_>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
    part_bytes: usize,
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
                let answers = answer_set(view, bytes, set, diagnostics, options, part_bytes);
                if answers.claims == 0 {
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
                let answered = transaction(view, group.gs.value(6), set, answers, options, &mut b);
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

/// One claim's answer while its model is in memory.
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
    /// Its service lines: the LX's index in the model, the line, and the statuses of the
    /// findings inside it.
    lines: Vec<(usize, &'a crate::claim::ServiceLine<'a>, Vec<ClaimStatus>)>,
}

/// One claim's answer as written: loops 2100D to 2220D (the HL of 2000D is numbered
/// when the set is written).
struct Written {
    accepted: bool,
    charge: Cents,
    body: Builder,
}

/// A billing provider (loop 2000C) and the answers of its claims, in file order.
struct Provider<'a> {
    hl: Option<Segment<'a>>,
    nm1: Option<Segment<'a>>,
    claims: Vec<Written>,
}

/// What a transaction set's 277 is written from.
#[derive(Default)]
struct SetAnswers<'a> {
    header: Header<'a>,
    /// In the order of their first claims.
    providers: Vec<Provider<'a>>,
    /// Index in `providers` by the billing provider HL's position among the set's HLs.
    slot: std::collections::HashMap<Option<usize>, usize>,
    claims: usize,
}

/// The 1000B and 1000A NM1 and the BHT of a set.
#[derive(Default, Clone, Copy)]
struct Header<'a> {
    receiver: Option<Segment<'a>>,
    submitter: Option<Segment<'a>>,
    bht: Option<Segment<'a>>,
}

/// A claim's billing provider: the HL's position among the set's HLs, the HL and its
/// 2010AA NM1.
type ProviderKey<'a> = (Option<usize>, Option<Segment<'a>>, Option<Segment<'a>>);

/// The answers of one model's claims (a whole set's, or one part's), in file order.
struct ModelAnswers<'a> {
    header: Header<'a>,
    claims: Vec<(ProviderKey<'a>, Written)>,
    /// For a part, how it meets its neighbours.
    fit: Option<crate::claim::Fit>,
}

impl<'a> SetAnswers<'a> {
    fn add(&mut self, model: ModelAnswers<'a>) {
        if self.claims == 0 {
            self.header = model.header;
        }
        self.claims += model.claims.len();
        for ((key, hl, nm1), written) in model.claims {
            let i = *self.slot.entry(key).or_insert_with(|| {
                self.providers.push(Provider {
                    hl,
                    nm1,
                    claims: Vec::new(),
                });
                self.providers.len() - 1
            });
            self.providers[i].claims.push(written);
        }
    }
}

/// Answers every claim of `set`: part by part, on all cores, when the check would cut
/// it; else, or when its parts do not fit together, whole.
fn answer_set<'a>(
    view: &View<'_>,
    bytes: &'a [u8],
    set: &TransactionSet<'a>,
    diagnostics: &[Diagnostic],
    options: &AckOptions,
    part_bytes: usize,
) -> SetAnswers<'a> {
    // Findings: each error that rejects a claim, in file order.
    let span = Span::new(set.st.start, set.end);
    let mut findings: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && within(d, span))
        .filter(|d| status_of(d.rule).is_some())
        .collect();
    findings.sort_by_key(|d| d.span.start);
    if let Some(parts) = split::plan(bytes, set, part_bytes) {
        // Findings with no position in the set go to all of its claims; the others to
        // the parts whose models hold their segments (header and billing provider
        // included).
        let unplaced: Vec<&Diagnostic> = findings
            .iter()
            .copied()
            .filter(|d| d.location.transaction_position.is_none())
            .collect();
        let placed = |range: std::ops::Range<usize>| {
            let from = findings.partition_point(|d| d.span.start < range.start);
            let to = findings.partition_point(|d| d.span.start < range.end);
            findings[from..to]
                .iter()
                .copied()
                .filter(|d| d.location.transaction_position.is_some())
        };
        let answer_part = |part: &split::Part| {
            let model = Transaction::build_part(bytes, set, part);
            let mut mine = unplaced.clone();
            let provider = part.provider.as_ref().map(|p| p.bytes.clone());
            for range in [part.header.clone(), provider, Some(part.own.clone())]
                .into_iter()
                .flatten()
            {
                mine.extend(placed(range));
            }
            answer_model(view, set, &model, &mine, options)
        };
        #[cfg(feature = "parallel")]
        let answered: Vec<ModelAnswers<'a>> = {
            use rayon::prelude::*;
            parts.par_iter().map(answer_part).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let answered: Vec<ModelAnswers<'a>> = parts.iter().map(answer_part).collect();
        if crate::claim::parts_fit(answered.iter().map(|a| a.fit.as_ref())) {
            let mut answers = SetAnswers::default();
            for a in answered {
                answers.add(a);
            }
            return answers;
        }
    }
    let model = Transaction::build(bytes, set);
    let mut answers = SetAnswers::default();
    answers.add(answer_model(view, set, &model, &findings, options));
    answers
}

/// Answers the claims of one model, given the findings that lie in its segments.
fn answer_model<'a>(
    view: &View<'_>,
    set: &TransactionSet<'a>,
    model: &Transaction<'a>,
    findings: &[&Diagnostic],
    options: &AckOptions,
) -> ModelAnswers<'a> {
    // The index in `model.claims` of the claim a finding names: by its ordinal in the
    // set for a whole set; in a part, whose claims are counted from its start, by where
    // the claim's CLM01 is.
    let claim_of = |d: &Diagnostic| {
        let k = d.location.claim?;
        if model.part.is_none() {
            return k.checked_sub(1);
        }
        let clm01 = d.location.claim_keys.as_ref()?.clm01?.start;
        let after = model.claims.partition_point(|c| c.clm.start <= clm01);
        let c = after.checked_sub(1)?;
        let clm = &model.claims[c].clm;
        (clm01 <= clm.start + clm.raw.len()).then_some(c)
    };
    // The model's index of the segment at a 1-based position in the set.
    let index_at = |position: usize| {
        let ordinal = (set.st.ordinal + position).checked_sub(1)?;
        model
            .segments
            .binary_search_by_key(&ordinal, |s| s.ordinal)
            .ok()
    };
    // The HL a segment index sits under (the last HL at or before it).
    let hl_at = |i: usize| model.hls.partition_point(|h| h.index <= i).checked_sub(1);
    let ancestors = |hl: Option<usize>| ancestors(model, hl);
    let index_of = |s: &Segment<'_>| index_at(s.ordinal + 1 - set.st.ordinal).unwrap_or(0);

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
    // Each error that rejects a claim goes to the claim it is in, or to every claim under
    // the HL level it is in, or to every claim of the set (header).
    for d in findings {
        let Some(mut status) = status_of(d.rule) else {
            continue;
        };
        let index = d.location.transaction_position.and_then(index_at);
        let segment = index.and_then(|i| model.segments.get(i));
        if status.status == "562" {
            // The NPI of the provider whose NM1 holds it.
            status.entity = Some(npi_entity(segment));
        }
        if status.status == "126" {
            // An address: the entity is the NM1 that starts the address's loop.
            let nm1 = index.and_then(|i| model.segments[..=i].iter().rev().find(|s| s.is(b"NM1")));
            status.entity = Some(address_entity(nm1));
        }
        if status.status == "255" && principal_diagnosis(segment, d) {
            status.status = "254";
        }
        let targets: Vec<usize> = match claim_of(d) {
            Some(k) if k < claims.len() => vec![k],
            _ => match index.and_then(hl_at) {
                None => (0..claims.len()).collect(),
                Some(h) => (0..claims.len())
                    .filter(|&c| chains[c].contains(&h))
                    .collect(),
            },
        };
        // A finding inside a service line also gives that line its status (loop 2220D).
        if let [c] = targets[..]
            && let Some(i) = index
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

    // The set's header is in every model.
    let seg_in = |l: LoopId, id: &[u8]| {
        model
            .segments
            .iter()
            .zip(&model.loops)
            .find(|(s, lp)| **lp == l && s.is(id))
            .map(|(s, _)| *s)
    };
    let header = Header {
        receiver: seg_in(LoopId::L1000B, b"NM1"),
        submitter: seg_in(LoopId::L1000A, b"NM1"),
        bht: model.segments.iter().find(|s| s.is(b"BHT")).copied(),
    };
    let mut provider: Option<(Option<usize>, ProviderKey<'a>)> = None;
    let claims = claims
        .iter()
        .map(|c| {
            // Claims of one provider follow each other: its NM1 is looked up once.
            let key = match provider {
                Some((h, key)) if h == c.provider => key,
                _ => {
                    let nm1 = c.provider.and_then(|h| {
                        model
                            .hl_segments(h)
                            .find(|&i| {
                                model.loops[i] == LoopId::L2010AA && model.segments[i].is(b"NM1")
                            })
                            .map(|i| model.segments[i])
                    });
                    let key = (
                        c.provider.map(|h| model.hls[h].position),
                        c.provider.map(|h| model.hls[h].segment),
                        nm1,
                    );
                    provider = Some((c.provider, key));
                    key
                }
            };
            let mut body = Builder::default();
            patient(view, model, c, options, &mut body);
            let written = Written {
                accepted: c.statuses.is_empty(),
                charge: c.charge,
                body,
            };
            (key, written)
        })
        .collect();
    ModelAnswers {
        header,
        claims,
        fit: model.part.as_ref().map(crate::claim::PartView::fit),
    }
}

/// The 277 answering one set.
fn transaction(
    view: &View<'_>,
    gs06: &[u8],
    set: &TransactionSet<'_>,
    answers: SetAnswers<'_>,
    options: &AckOptions,
    b: &mut Builder,
) -> AckSummary {
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
    let Header {
        receiver,
        submitter,
        bht,
    } = answers.header;

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
    let (ok, bad) = tally(answers.providers.iter().flat_map(|p| &p.claims));
    let answered = AckSummary {
        transactions: answers.claims,
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
    b.segment(&["TRN", "2", &ident(view, bht, 3, 1, "0")]);
    totals(b, ("A1:19:PR", &options.date), ("90", "AA"), ok, bad);

    // 2000C per billing provider, in the order their first claims appear.
    let mut hl = 2;
    for p in answers.providers {
        hl += 1;
        let provider_hl = hl;
        let nm1 = p.nm1;
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
        let hl01 =
            p.hl.map_or(String::from("0"), |s| ident(view, Some(s), 1, 1, "0"));
        b.segment(&["TRN", "1", &hl01]);
        let (ok, bad) = tally(&p.claims);
        totals(b, ("A1:19:85", ""), ("QA", "QC"), ok, bad);

        for c in p.claims {
            hl += 1;
            // 2000D: the patient of one claim.
            b.segment(&["HL", &hl.to_string(), &provider_hl.to_string(), "PT"]);
            b.append(c.body);
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
fn tally<'a>(claims: impl IntoIterator<Item = &'a Written>) -> ((usize, Cents), (usize, Cents)) {
    claims.into_iter().fold(((0, 0), (0, 0)), |(ok, bad), c| {
        // Saturating: a file may send a hundred claims of a quadrillion dollars each.
        if c.accepted {
            ((ok.0 + 1, ok.1.saturating_add(c.charge)), bad)
        } else {
            (ok, (bad.0 + 1, bad.1.saturating_add(c.charge)))
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
    b.segment(&[
        "STC",
        stc.0,
        stc.1,
        "WQ",
        &amount(ok.1.saturating_add(bad.1)),
    ]);
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
