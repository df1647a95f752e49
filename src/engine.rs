//! Checks the transaction sets of one file whose segments are laid end to end: the
//! envelope first, then every 837P set, whole or (when large) in parts, on all cores with
//! the `parallel` feature, the results merged in file order.
//!
//! A large set is cut into parts ([`crate::claim::split`]); each part is modelled and
//! checked on its own, and its findings are merged back as the set's: claims numbered
//! across the set, the per-set cap applied over the set, H001 reported once per set, the
//! set's claims counted for H018 once all its parts are in. The
//! parts of a set must fit together (each part's first segment placed where the part
//! before it saw it, every count the cut promised found); a set whose parts do not is
//! checked whole, so a finding never depends on the cut.

#[cfg(feature = "parallel")]
mod ordered;

use crate::claim;
use crate::claim::split::{self, Part};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::rules::h::h018_too_many_claims_in_set as h018;
use crate::rules::{self, Checker};
use crate::settings::Settings;
use crate::source::Span;
use crate::x12::{self, Group, Interchange, Segment, TransactionSet};
use crate::{Report, Stats, Timings, batch};

/// Transaction sets (or parts of one) checked or being checked ahead of the merge of their
/// findings, so a file of a million sets never holds the findings of all of them at once.
#[cfg(feature = "parallel")]
const WORK_AHEAD: usize = 32;

/// A component separator other than ISA16 (X032): the separator, and the segment and
/// element it was found in.
type OtherSeparator<'a> = (u8, Segment<'a>, usize);

/// One 837P transaction set to check, with its envelope.
struct SetJob<'d, 'a> {
    interchange: &'d Interchange<'a>,
    group: &'d Group<'a>,
    /// The set, read with the component separator its composites use.
    set: TransactionSet<'a>,
    separator: Option<OtherSeparator<'a>>,
    /// How many parts it is checked in (1: whole).
    parts: usize,
    /// Larger than the sets checked whole ([`Settings::max_set_bytes`]).
    too_large: bool,
}

/// One unit of work: a whole set, or one part of one.
struct Work {
    job: usize,
    part: Option<(usize, Part)>,
}

/// What checking one set, or one part of one, produced.
#[derive(Default)]
struct SetResult {
    diagnostics: Vec<Diagnostic>,
    capped: Vec<rules::cap::Capped>,
    claims: u64,
    service_lines: u64,
    model: std::time::Duration,
    rules: std::time::Duration,
    /// For a part: whether it fits the cut and its neighbours.
    fit: Option<claim::Fit>,
    /// The claim keys of its own segments, when they are gathered (S120, `--seen`).
    claim_keys: Option<batch::ScannedClaims>,
    /// Where its first claims are (their `CLM` IDs), up to the first one over the most a
    /// set should hold (H018): every one for a part, whose claims may be any of its set's,
    /// until the claims before it are counted; for a whole set, only when it holds more.
    first_claims: Vec<Span>,
}

/// [`crate::check`] on bytes whose segments are laid end to end; also returns the bytes it
/// reported to `on_progress` (the transaction sets it checked).
pub(crate) fn check_bytes(
    bytes: &[u8],
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    keep_keys: bool,
    run: Option<&batch::RunKey>,
) -> (Report, u64) {
    let started = std::time::Instant::now();
    let doc = x12::parse(bytes);
    check_document(doc, started, settings, on_progress, keep_keys, run)
}

/// [`check_bytes`] on bytes that may need unwrapping first, as `probe` tells: `None`
/// when they do, before any check. The envelope pass of a file of 512 KB or more answers
/// the probe in the pieces it reads (on all cores when the file is split), while they are
/// in cache; a smaller file's is answered in a pass of its own after the envelope pass.
pub(crate) fn check_unless_wrapped(
    bytes: &[u8],
    probe: &x12::unwrap::Probe,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    keep_keys: bool,
    run: Option<&batch::RunKey>,
) -> Option<(Report, u64)> {
    let started = std::time::Instant::now();
    let (doc, probed) = x12::envelope::parse_probing(bytes, probe);
    if probed.unwrap_or_else(|| probe.finds(bytes)) {
        return None;
    }
    Some(check_document(
        doc,
        started,
        settings,
        on_progress,
        keep_keys,
        run,
    ))
}

/// [`check_bytes`] from the envelope pass's document.
fn check_document(
    mut doc: x12::Document<'_>,
    started: std::time::Instant,
    settings: &Settings,
    on_progress: &(dyn Fn(u64) + Sync),
    keep_keys: bool,
    run: Option<&batch::RunKey>,
) -> (Report, u64) {
    let bytes = doc.bytes;
    let file_cap = settings.max_findings_per_rule_per_file();
    // Held only while the large sets are planned: a 100 MB file has half a million HLs.
    let hls = std::mem::take(&mut doc.hls);
    let mut checker = Checker::new(settings, bytes).with_cap(file_cap);
    let is_837p = rules::x::check(&mut checker, &doc);
    let duplicates = batch::check_interchanges(&mut checker, &doc);
    // The claim keys (S120) are read as each set's model places its segments.
    let gather_keys = keep_keys || checker.enabled(Rule::DuplicateClaim);

    let mut stats = Stats {
        bytes: bytes.len() as u64,
        segments: doc.segment_count as u64,
        interchanges: doc.interchanges.len() as u64,
        ..Stats::default()
    };
    let mut sets = Vec::new();
    for ic in &doc.interchanges {
        stats.groups += ic.groups.len() as u64;
        for g in &ic.groups {
            stats.transactions += g.transactions.len() as u64;
            sets.extend(g.transactions.iter().map(|t| (ic, g, t)));
        }
    }
    // Sets of another kind were reported once by the envelope rules.
    let mut flags = is_837p.iter();
    sets.retain(|_| flags.next().copied().unwrap_or(false));
    // Each set once, or in parts.
    let limit = settings.max_set_bytes();
    let mut jobs = Vec::with_capacity(sets.len());
    let mut work = Vec::with_capacity(sets.len());
    // Where the large sets are cut is found for all of them at once, on all cores; the
    // others are prepared as they come.
    #[cfg(feature = "parallel")]
    let large = |set: &TransactionSet<'_>| {
        set_size(set) >= (settings.part_bytes() as u64).saturating_mul(2)
    };
    #[cfg(feature = "parallel")]
    let mut prepared = {
        use rayon::prelude::*;
        let large: Vec<&TransactionSet<'_>> =
            sets.iter().map(|s| s.2).filter(|set| large(set)).collect();
        // Not for one set: it is prepared in pieces on all cores anyway, and a small
        // file starts no thread.
        match large.len() {
            0 | 1 => large
                .iter()
                .map(|set| prepare_set(bytes, settings, set, &hls))
                .collect::<Vec<_>>(),
            _ => large
                .par_iter()
                .map(|set| prepare_set(bytes, settings, set, &hls))
                .collect::<Vec<_>>(),
        }
        .into_iter()
    };
    for &(interchange, group, set) in &sets {
        #[cfg(feature = "parallel")]
        let (set, separator, parts) = match large(set) {
            true => prepared.next().expect("prepared"),
            false => prepare_set(bytes, settings, set, &hls),
        };
        #[cfg(not(feature = "parallel"))]
        let (set, separator, parts) = prepare_set(bytes, settings, set, &hls);
        // A set too large to model whole within the memory bound, and that cannot be
        // cut into parts, gets X041 instead of its checks.
        let too_large = set_size(&set) > limit as u64;
        if too_large && parts.is_empty() {
            too_large_set(&mut checker, interchange, group, &set, limit);
            continue;
        }
        let job = jobs.len();
        jobs.push(SetJob {
            interchange,
            group,
            set,
            separator,
            parts: parts.len().max(1),
            too_large,
        });
        if parts.is_empty() {
            work.push(Work { job, part: None });
        }
        work.extend(parts.into_iter().enumerate().map(|(n, part)| Work {
            job,
            part: Some((n, part)),
        }));
    }
    // The room S120's list of the file's claims is made with (`Gather::new`).
    let hl_count = hls.len();
    drop(hls);
    let reported = jobs.iter().map(|job| set_size(&job.set)).sum();
    let mut timings = Timings {
        envelope: started.elapsed(),
        ..Timings::default()
    };

    let check_work = |w: &Work| {
        let result = check_set(bytes, settings, &jobs[w.job], w.part.as_ref(), gather_keys);
        on_progress(match &w.part {
            Some((_, part)) => (part.own.end - part.own.start) as u64,
            None => set_size(&jobs[w.job].set),
        });
        result
    };

    let (mut diagnostics, envelope_capped) = checker.into_parts();
    // A duplicate interchange (X050) is also a reused ISA13 (X027): one finding, the
    // precise one.
    diagnostics.retain(|d| {
        d.rule != Rule::DuplicateInterchangeControlNumber
            || !duplicates.isa13.contains(&d.span.start)
    });
    // The envelope's findings count against the file's cap first; the sets' are merged in
    // file order, so the same findings are kept whatever the number of threads.
    let mut cap = rules::cap::Cap::new(file_cap);
    for d in &diagnostics {
        cap.admit(d.rule);
    }
    for c in &envelope_capped {
        cap.leave_out(&c.first, c.more);
    }
    let set_cap = settings.max_findings_per_rule();
    // The claims of each set are taken in (and S120 checked) as the set is merged.
    let mut gather = gather_keys.then(|| {
        let checker = Checker::new(settings, bytes).with_cap(file_cap);
        batch::Gather::new(
            &doc,
            keep_keys,
            Some(checker),
            duplicates.duplicate,
            run,
            hl_count,
        )
    });
    let mut merge_set =
        |job: &SetJob<'_, '_>, mut r: SetResult, stats: &mut Stats, timings: &mut Timings| {
            rules::settle_set(bytes, &mut r.diagnostics, &mut r.capped, r.service_lines);
            too_many_claims(bytes, settings, job, &mut r);
            stats.claims += r.claims;
            stats.service_lines += r.service_lines;
            timings.model += r.model;
            timings.rules += r.rules;
            for d in r.diagnostics {
                if cap.admit(d.rule) {
                    diagnostics.push(d);
                } else {
                    cap.leave_out_one(&d);
                }
            }
            for c in r.capped {
                if cap.admit(c.first.rule) {
                    diagnostics.push(c.summary("transaction set", set_cap));
                } else {
                    cap.leave_out(&c.first, c.more);
                }
            }
        };
    // The parts of the set being merged, until its last arrives.
    let mut pending: Vec<SetResult> = Vec::new();
    // How many claims they hold.
    let mut pending_claims: u64 = 0;
    let mut merge = |w: &Work, mut r: SetResult, stats: &mut Stats, timings: &mut Timings| {
        let job = &jobs[w.job];
        if w.part.is_none() {
            if let (Some(gather), Some(keys)) = (&mut gather, r.claim_keys.take()) {
                gather.add(batch::SetStart::of(&job.set.st), keys);
            }
            merge_set(job, r, stats, timings);
            return;
        }
        // A part's claims are taken in as it comes (they do not depend on how its loops
        // were placed), so a large set's keys are never all held.
        if let (Some(gather), Some(keys)) = (&mut gather, r.claim_keys.take()) {
            let last = pending.len() + 1 == job.parts;
            gather.add_part(batch::SetStart::of(&job.set.st), keys, last);
        }
        // The parts before it are in: of its claims, only those up to the set's first one
        // over the limit can be needed (H018), so a large set holds no more of them.
        let before = usize::try_from(pending_claims).unwrap_or(usize::MAX);
        pending_claims += r.claims;
        r.first_claims.truncate(
            settings
                .max_claims_per_set()
                .saturating_add(1)
                .saturating_sub(before),
        );
        r.first_claims.shrink_to_fit();
        pending.push(r);
        if pending.len() < job.parts {
            return;
        }
        let parts = std::mem::take(&mut pending);
        pending_claims = 0;
        let whole = match join_parts(parts, set_cap) {
            Some(joined) => joined,
            // The parts do not fit together: the set is checked whole, if it may be.
            None if job.too_large => {
                let mut checker = Checker::new(settings, bytes);
                too_large_set(&mut checker, job.interchange, job.group, &job.set, limit);
                let (diagnostics, capped) = checker.into_parts();
                SetResult {
                    diagnostics,
                    capped,
                    ..SetResult::default()
                }
            }
            // Its claims were taken in from its parts.
            None => check_set(bytes, settings, job, None, false),
        };
        merge_set(job, whole, stats, timings);
    };
    #[cfg(feature = "parallel")]
    if work.len() > 1 && crate::cores::worth_splitting(bytes.len()) {
        // Each result is merged as soon as those before it are (merging, S120's claims
        // among them, is one thread's work at a time), while the other threads go on
        // checking: no thread waits for a batch to end.
        ordered::check_in_order(&work, WORK_AHEAD, check_work, |w, r| {
            merge(w, r, &mut stats, &mut timings);
        });
    } else {
        for w in &work {
            merge(w, check_work(w), &mut stats, &mut timings);
        }
    }
    #[cfg(not(feature = "parallel"))]
    for w in &work {
        merge(w, check_work(w), &mut stats, &mut timings);
    }
    let (keys, claims_checker) = gather.map_or((None, None), batch::Gather::finish);
    if let Some(checker) = claims_checker {
        // S120's findings count against the file's cap as the envelope's do.
        let (found, capped) = checker.into_parts();
        for d in found {
            cap.admit(d.rule);
            diagnostics.push(d);
        }
        for c in &capped {
            cap.leave_out(&c.first, c.more);
        }
    }
    diagnostics.extend(
        cap.into_capped()
            .iter()
            .map(|c| c.summary("file", file_cap)),
    );
    crate::sort(&mut diagnostics);
    (
        Report {
            diagnostics,
            stats,
            timings,
            keys,
            interchanges: Some(crate::report::Interchanges::of(&doc)),
        },
        reported,
    )
}

/// A set as it is checked: with the component separator its composites use (X032), and
/// where it is cut into parts (none for a set checked whole).
fn prepare_set<'a>(
    bytes: &'a [u8],
    settings: &Settings,
    set: &TransactionSet<'a>,
    hls: &[x12::envelope::HlStart],
) -> (TransactionSet<'a>, Option<OtherSeparator<'a>>, Vec<Part>) {
    let mut set = *set;
    let separator = rules::x::x032_component_separator_mismatch::detect(bytes, &set);
    if let Some((found, ..)) = separator {
        set.st.delimiters.component = found;
    }
    // The HLs the envelope pass found, when it found them all: no second search.
    let known = set.hls.and_then(|(from, to)| hls.get(from..to));
    let parts = split::plan_with(bytes, &set, settings.part_bytes(), known).unwrap_or_default();
    (set, separator, parts)
}

/// X041 for a set too large to check.
fn too_large_set(
    checker: &mut Checker,
    interchange: &Interchange<'_>,
    group: &Group<'_>,
    set: &TransactionSet<'_>,
    limit: usize,
) {
    if checker.enabled(Rule::TransactionSetTooLarge) {
        checker.enter_interchange(interchange.isa.value(13));
        checker.enter_group(group.gs.value(6));
        checker.enter_transaction(&set.st);
        let size = set.end.saturating_sub(set.st.start);
        rules::x::x041_transaction_set_too_large::report(checker, &set.st, size, limit);
    }
}

fn set_size(set: &TransactionSet<'_>) -> u64 {
    set.end.saturating_sub(set.st.start) as u64
}

/// Models and checks one set, or one part of it.
fn check_set(
    bytes: &[u8],
    settings: &Settings,
    job: &SetJob<'_, '_>,
    part: Option<&(usize, Part)>,
    gather_keys: bool,
) -> SetResult {
    let started = std::time::Instant::now();
    let mut checker = Checker::new(settings, bytes);
    checker.enter_interchange(job.interchange.isa.value(13));
    checker.enter_group(job.group.gs.value(6));
    checker.enter_transaction(&job.set.st);
    let first = part.is_none_or(|(n, _)| *n == 0);
    if let Some((separator, segment, element)) = job.separator
        && first
        && checker.enabled(Rule::ComponentSeparatorMismatch)
    {
        rules::x::x032_component_separator_mismatch::report(
            &mut checker,
            &segment,
            element,
            separator,
        );
    }
    // The claim keys (S120, `--seen`) are read as the model places each segment; a part
    // after the first starts inside its set, with what was in force before it unknown.
    let keys = (gather_keys && job.set.st.value(1) == b"837").then(|| match part {
        Some((n, _)) if *n > 0 => batch::ClaimScan::resuming(),
        _ => batch::ClaimScan::default(),
    });
    let (t, claim_keys) = match (part, keys) {
        (None, Some(keys)) => {
            let (t, found) = claim::Transaction::build_keyed(bytes, &job.set, keys);
            (t, Some(found))
        }
        (None, None) => (claim::Transaction::build(bytes, &job.set), None),
        (Some((_, part)), keys) => {
            claim::Transaction::build_part_keyed(bytes, &job.set, part, keys)
        }
    };
    let built = std::time::Instant::now();
    if let Some((_, part)) = part {
        // The last part reports on its set's last segment, which may end the file with
        // no terminator: a finding at its very end is its own too.
        let end = if part.is_last() {
            usize::MAX
        } else {
            part.own.end
        };
        checker.set_own(Some(part.own.start..end));
    }
    rules::check_transaction(&mut checker, &t);
    let limit = settings.max_claims_per_set();
    let first_claims = if checker.enabled(Rule::TooManyClaimsInSet)
        && limit < usize::MAX
        && (part.is_some() || t.claims.len() > limit)
    {
        t.claims
            .iter()
            .take(limit.saturating_add(1))
            .map(|c| c.clm.id_span())
            .collect()
    } else {
        Vec::new()
    };
    let (mut diagnostics, mut capped) = checker.into_parts();
    name_claims(&mut diagnostics, &t);
    for c in &mut capped {
        name_claims(std::slice::from_mut(&mut c.first), &t);
    }
    SetResult {
        diagnostics,
        capped,
        claims: t.claims.len() as u64,
        service_lines: t.service_line_count() as u64,
        model: built - started,
        rules: built.elapsed(),
        fit: t.part.as_ref().map(claim::PartView::fit),
        claim_keys,
        first_claims,
    }
}

/// H018 for a whole set's result (checked whole, or its parts joined): more claims than
/// the guide recommends, counted over the whole set.
fn too_many_claims(bytes: &[u8], settings: &Settings, job: &SetJob<'_, '_>, r: &mut SetResult) {
    let limit = settings.max_claims_per_set();
    let Some(&over) = r.first_claims.get(limit) else {
        return;
    };
    let mut checker = Checker::new(settings, bytes);
    if !checker.enabled(Rule::TooManyClaimsInSet) {
        return;
    }
    checker.enter_interchange(job.interchange.isa.value(13));
    checker.enter_group(job.group.gs.value(6));
    checker.enter_transaction(&job.set.st);
    h018::report(&mut checker, &job.set.st, r.claims, limit, over);
    r.diagnostics.extend(checker.into_diagnostics());
}

/// The results of a set's parts as the set's, or `None` when the parts do not fit
/// together.
fn join_parts(parts: Vec<SetResult>, set_cap: usize) -> Option<SetResult> {
    if !claim::parts_fit(parts.iter().map(|r| r.fit.as_ref())) {
        return None;
    }
    let total = parts.iter().map(|r| r.claims as usize).sum();
    let mut joined = SetResult::default();
    let mut cap = rules::cap::Cap::new(set_cap);
    let mut hl_sequence_reported = false;
    for mut part in parts {
        let offset = joined.claims as usize;
        for d in part.diagnostics.iter_mut() {
            renumber_claim(d, offset, total);
        }
        for c in part.capped.iter_mut() {
            renumber_claim(&mut c.first, offset, total);
        }
        for d in part.diagnostics {
            // H001 reports the first break of the count in a set, which is the first
            // part's that has one.
            if d.rule == Rule::HlIdSequence {
                if hl_sequence_reported {
                    continue;
                }
                hl_sequence_reported = true;
            }
            if cap.admit(d.rule) {
                joined.diagnostics.push(d);
            } else {
                cap.leave_out_one(&d);
            }
        }
        for c in part.capped {
            cap.leave_out(&c.first, c.more);
        }
        // Each part holds its claims up to the set's first over the limit: together, the
        // set's first claims up to that one.
        joined.first_claims.extend(part.first_claims);
        joined.claims += part.claims;
        joined.service_lines += part.service_lines;
        joined.model += part.model;
        joined.rules += part.rules;
    }
    joined.capped = cap.into_capped();
    Some(joined)
}

/// Numbers a part's claim in its set: the part's claims come after `offset` others, of
/// `total` in the set.
fn renumber_claim(d: &mut Diagnostic, offset: usize, total: usize) {
    if let Some(claim) = &mut d.location.claim {
        *claim += offset;
    }
    if let Some(keys) = &mut d.location.claim_keys {
        keys.ordinal += offset;
        keys.of = total;
    }
}

/// Gives every finding inside a claim the claim's keys: where its CLM01, payer ID and
/// billing NPI are, and its ordinal among the set's claims.
fn name_claims(diagnostics: &mut [Diagnostic], t: &claim::Transaction<'_>) {
    for d in diagnostics {
        let Some(claim) = d
            .location
            .claim
            .and_then(|o| t.claims.get(o.checked_sub(1)?))
        else {
            continue;
        };
        d.location.claim_keys = Some(crate::redact::ClaimKeys {
            ordinal: claim.ordinal,
            of: t.claims.len(),
            clm01: claim.clm.element(1).map(|e| e.span()),
            payer: claim.payer_id,
            billing_npi: claim.billing_id,
        });
    }
}
