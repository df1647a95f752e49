//! Throughput of claimlint in MB/s, on files from the built-in generator.
//!
//! * `tokenize`: the envelope pass plus splitting every transaction set into segments.
//! * `structure`: tokenize and build the 837P loop model of every transaction set.
//! * `lint`: the full default rule set, as `claimlint check` runs it (transaction sets in
//!   parallel for large files).
//! * `batch`: 2,000 small files (about 5 KB each) checked in parallel, one per task, as
//!   `claimlint check DIR` does.
//!
//! Run with `cargo bench --bench lint`; one size with e.g. `cargo bench --bench lint -- 100MB`.
//! Sizes: 1 MB and 100 MB. The 100 MB inputs take a few seconds to generate.

use claimlint::{Settings, SourceFile, claim, lint, x12};
use claimlint_synth::{self as synth, Options};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Duration;

// The same allocator as the `claimlint` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn generate(claims: usize, seed: u64) -> Vec<u8> {
    let options = Options {
        claims,
        lines_per_claim: 3,
        seed,
        ..Options::default()
    };
    synth::generate(&options).0
}

/// Claims that make roughly `mb` megabytes (one claim with 3 lines is about 430 bytes).
fn claims_for(mb: usize) -> usize {
    mb * 1_000_000 / 430
}

fn tokenize(bytes: &[u8]) -> usize {
    let doc = x12::parse(bytes);
    let mut n = 0;
    for ic in &doc.interchanges {
        for g in &ic.groups {
            for t in &g.transactions {
                n += t.segments(bytes).count();
            }
        }
    }
    n
}

fn structure(bytes: &[u8]) -> usize {
    let doc = x12::parse(bytes);
    let mut n = 0;
    for ic in &doc.interchanges {
        for g in &ic.groups {
            for t in &g.transactions {
                n += claim::Transaction::build(bytes, t).claims.len();
            }
        }
    }
    n
}

fn single_files(c: &mut Criterion) {
    let settings = Settings::default();
    for (label, mb) in [("1MB", 1), ("100MB", 100)] {
        let source = SourceFile::new(label, generate(claims_for(mb), 7));
        let bytes = source.bytes();
        let mut group = c.benchmark_group(label);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if mb >= 100 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        }
        group.bench_function(BenchmarkId::new("tokenize", label), |b| {
            b.iter(|| tokenize(black_box(bytes)))
        });
        group.bench_function(BenchmarkId::new("structure", label), |b| {
            b.iter(|| structure(black_box(bytes)))
        });
        group.bench_function(BenchmarkId::new("lint", label), |b| {
            b.iter(|| lint(black_box(&source), &settings).diagnostics.len())
        });
        group.finish();
    }
}

fn batch(c: &mut Criterion) {
    let settings = Settings::default();
    let files: Vec<SourceFile> = (0..2000)
        .map(|i| SourceFile::new(format!("{i}.837"), generate(12, i + 1)))
        .collect();
    let total: usize = files.iter().map(SourceFile::len).sum();
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("2000 files", |b| {
        b.iter(|| {
            files
                .par_iter()
                .map(|f| lint(f, &settings).diagnostics.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, single_files, batch);
criterion_main!(benches);
