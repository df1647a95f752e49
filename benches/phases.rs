//! Each phase of a check on its own, on one core, so a change shows in the phase it touches.
//!
//! On a generated file of about 5 MB (12,000 claims of 3 lines, 3 transaction sets):
//!
//! * `phases/envelope`: the envelope pass, `x12::parse` (interchanges, groups, sets).
//! * `phases/model`: building the loop model of every transaction set,
//!   `claim::Transaction::build`, on a file already parsed.
//! * `phases/check none`: `check` with every rule off: the two phases above and the
//!   dispatch, the floor under any rule set.
//! * `phases/check X`, `H`, `B`, `S`, `C`, `P`: `check` with one rule family selected
//!   (`--select X`); the difference to `check none` is that family's cost.
//! * `phases/check all`: the full default rule set, as `claimlint check --jobs 1` runs it.
//!
//! Throughput is in bytes of the file. The checks run in a one-thread pool, so the phases add
//! up to what one core does.
//!
//! * `codes/…`: the code-table lookups, every code of the embedded table and as many near
//!   misses in a scrambled order; throughput in lookups.
//!
//! Run with `cargo bench --bench phases`; one group with e.g. `cargo bench --bench phases --
//! codes`. Each benchmark takes a few seconds.

use claimlint::codes::tables;
use claimlint::{Rule, Settings, SourceFile, check, claim, x12};
use claimlint_synth::{self as synth, Options};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::Duration;

// The same allocator as the `claimlint` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn generated_file() -> SourceFile {
    let options = Options {
        claims: 12_000,
        lines_per_claim: 3,
        seed: 7,
        ..Options::default()
    };
    SourceFile::new("phases.837", synth::generate(&options).0)
}

fn model(bytes: &[u8], doc: &x12::Document<'_>) -> usize {
    let mut claims = 0;
    for ic in &doc.interchanges {
        for g in &ic.groups {
            for t in &g.transactions {
                claims += claim::Transaction::build(bytes, t).claims.len();
            }
        }
    }
    claims
}

/// The rule families: the first letter of every rule code.
fn families() -> BTreeSet<String> {
    Rule::ALL
        .iter()
        .map(|r| r.meta().code[..1].to_string())
        .collect()
}

fn phases(c: &mut Criterion) {
    let source = generated_file();
    let bytes = source.bytes();
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");

    let mut group = c.benchmark_group("phases");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Bytes(bytes.len() as u64));

    group.bench_function("envelope", |b| {
        b.iter(|| x12::parse(black_box(bytes)).segment_count)
    });
    let doc = x12::parse(bytes);
    group.bench_function("model", |b| b.iter(|| model(black_box(bytes), &doc)));

    let families: Vec<String> = families().into_iter().collect();
    let none = Settings::select(&[], &families).expect("rule families");
    let mut runs = vec![("none".to_string(), none)];
    for family in &families {
        let settings = Settings::select(std::slice::from_ref(family), &[]).expect("a family");
        runs.push((family.clone(), settings));
    }
    runs.push(("all".to_string(), Settings::default()));
    for (label, settings) in &runs {
        group.bench_function(BenchmarkId::new("check", label), |b| {
            b.iter(|| one_thread.install(|| check(black_box(&source), settings).diagnostics.len()))
        });
    }
    group.finish();
}

/// Every code of a table and a near miss of each (one character changed), scrambled.
fn probes(codes: impl Iterator<Item = String>, miss: impl Fn(&mut Vec<u8>)) -> Vec<Vec<u8>> {
    let mut probes = Vec::new();
    for code in codes {
        let mut near = code.clone().into_bytes();
        miss(&mut near);
        probes.push(code.into_bytes());
        probes.push(near);
    }
    let mut state: u64 = 7;
    for i in (1..probes.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        probes.swap(i, (state >> 33) as usize % (i + 1));
    }
    probes
}

fn lookups(c: &mut Criterion, name: &str, probes: &[Vec<u8>], lookup: impl Fn(&[u8]) -> bool) {
    let mut group = c.benchmark_group("codes");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(probes.len() as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            probes
                .iter()
                .filter(|p| lookup(black_box(p.as_slice())))
                .count()
        })
    });
    group.finish();
}

fn codes(c: &mut Criterion) {
    let icd = probes(tables::icd10cm_codes().map(|(c, _)| c.to_string()), |c| {
        c.push(b'9')
    });
    lookups(c, "icd10cm billable", &icd, tables::icd10cm_billable);
    lookups(c, "icd10cm changed", &icd, tables::icd10cm_changed);

    let hcpcs = tables::HcpcsTable::embedded_ref();
    let procedures = probes(hcpcs.procedures().map(|e| e.code.to_string()), |c| {
        c[4] = b'0' + (c[4] - b'0' + 5) % 10
    });
    // The entry is what the rules read: its dates and attributes.
    lookups(c, "hcpcs procedure", &procedures, |p| {
        tables::hcpcs(p).is_some_and(|e| e.active_on(20260115))
    });
    lookups(c, "hcpcs noc", &procedures, tables::is_noc);
    let modifiers = probes(hcpcs.modifiers().map(|e| e.code.to_string()), |c| {
        c[1] = if c[1] == b'Q' { b'9' } else { b'Q' }
    });
    lookups(c, "hcpcs modifier", &modifiers, |p| {
        tables::hcpcs_modifier(p).is_some_and(|e| e.active_on(20260115))
    });
    let pos = probes((0..100).map(|n| format!("{n:02}")), |c| c.insert(0, b'0'));
    lookups(c, "place of service", &pos, tables::is_pos);
}

criterion_group!(benches, phases, codes);
criterion_main!(benches);
