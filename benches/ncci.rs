//! NCCI edit packs: how long a full quarter takes to load, and the full rule set's
//! throughput with it loaded.
//!
//! The pack is synthetic, written to a temporary folder in CMS's layouts at the size of a
//! practitioner quarter: 1.5 million PTP edits in four parts, 15,000 MUE rows, 6,000
//! add-on rows. Its pairs are invented; three of them, and the MUEs, involve the codes the
//! generator bills, so the rules find something to report.
//!
//! * `ncci/load`: reading and indexing the folder (`NcciPack::load_dir`).
//! * `ncci/lint 100MB`: the full default rule set on the 100 MB generated file, without and
//!   with the pack.
//!
//! Run with `cargo bench --bench ncci`.

use claimlint::codes::ncci::NcciPack;
use claimlint::{Settings, SourceFile, lint};
use claimlint_synth::{self as synth, Options};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The codes the generator bills.
const BILLED: &[&str] = &[
    "99213", "99214", "93000", "90460", "96110", "36415", "81002", "00790", "J1885", "E0114",
    "A0428", "L1833", "G0439", "96372", "90707",
];

/// A deterministic stream of codes: five digits, or a HCPCS letter and four digits.
struct Codes(u64);

impl Codes {
    fn next(&mut self) -> String {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let n = (self.0 >> 33) as u32;
        if n.is_multiple_of(8) {
            let letter = b"AEGJLQ"[(n / 8 % 6) as usize] as char;
            format!("{letter}{:04}", n / 64 % 10_000)
        } else {
            format!("{:05}", n / 8 % 100_000)
        }
    }
}

const PREAMBLE: &str = "Synthetic NCCI edits for claimlint's benchmark: invented code pairs in the CMS layout, not CMS data.";

fn write_pack(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut codes = Codes(7);
    let header = "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale";
    let rationales = [
        "Misuse of column two code with column one code",
        "Standards of medical / surgical services",
        "Mutually exclusive procedures",
        "CPT Manual or CMS manual coding instruction",
    ];
    const PAIRS: usize = 1_500_000;
    const PARTS: usize = 4;
    for part in 0..PARTS {
        let mut text = format!("{PREAMBLE}\r\n\r\n{header}\r\n");
        for i in (part * PAIRS / PARTS)..((part + 1) * PAIRS / PARTS) {
            // Sorted by column one, as CMS sorts them: 15,000 column-one codes with about
            // 100 column-two codes each.
            let column1 = format!("{:05}", i / 100 * 6 + 1);
            let column2 = codes.next();
            let (deletion, indicator) = match i % 10 {
                0 => ("20231231", '1'),
                1 => ("*", '0'),
                2 if i % 1000 == 2 => ("20190101", '9'),
                _ => ("*", '1'),
            };
            let before = if i.is_multiple_of(7) { "*" } else { "" };
            let effective = if i.is_multiple_of(3) {
                "19960101"
            } else {
                "20200101"
            };
            writeln!(
                text,
                "{column1}\t{column2}\t{before}\t{effective}\t{deletion}\t{indicator}\t{}\r",
                rationales[i % 4]
            )
            .unwrap();
        }
        if part == 0 {
            // A few pairs of the billed codes, so the rules have lines to report.
            for (a, b, indicator) in [
                ("93000", "36415", 1),
                ("99214", "96372", 0),
                ("99213", "81002", 1),
            ] {
                writeln!(
                    text,
                    "{a}\t{b}\t\t20200101\t*\t{indicator}\t{}\r",
                    rationales[0]
                )
                .unwrap();
            }
        }
        std::fs::write(dir.join(format!("ccipra-v320r0-f{}.txt", part + 1)), text).unwrap();
    }
    let mut mue = format!(
        "\"{PREAMBLE}\n\nInvented values.\",,,\r\n\"HCPCS/\nCPT Code\",\"Practitioner Services MUE Values\",\"MUE Adjudication Indicator\",\"MUE Rationale\"\r\n"
    );
    let mais = [
        "1 Line Edit",
        "2 Date of Service Edit: Policy",
        "3 Date of Service Edit: Clinical",
    ];
    // The billed codes' MUEs; the generator bills 90460 with one or two units.
    for (i, code) in BILLED.iter().enumerate() {
        let value = if *code == "90460" { 1 } else { 4 };
        writeln!(
            mue,
            "{code},{value},\"{}\",\"Clinical: Data\"\r",
            mais[i % 3]
        )
        .unwrap();
    }
    for i in 0..15_000 {
        let code = format!("{:05}", i * 6 + 1);
        writeln!(
            mue,
            "{code},{},\"{}\",\"Clinical: Data\"\r",
            1 + i % 9,
            mais[i % 3]
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("MCR_MUE_PractitionerServices_Eff_01-01-2026.csv"),
        mue,
    )
    .unwrap();
    let mut aoc = String::from(
        "Add-on Code\tPrimary Code\tAOC_DEL_DT\tPrimary Code Del Dt\tAOC Edit Type\tAOC_EDIT_EFF_DT\tAOC_EDIT_DEL_DT\tSpecial Instruction Notes\r\n",
    );
    for i in 0..6_000u32 {
        let add_on = format!("{:05}", 90_000 + i / 10);
        let primary = if i.is_multiple_of(50) {
            "CCCCC".to_string()
        } else {
            codes.next()
        };
        let kind = if i.is_multiple_of(50) { 2 } else { 1 };
        writeln!(aoc, "{add_on}\t{primary}\t\t\t{kind}\t2020001\t\t\r").unwrap();
    }
    std::fs::write(dir.join("AOC_V2026Q1-MCR.txt"), aoc).unwrap();
}

fn pack_dir() -> PathBuf {
    std::env::temp_dir().join(format!("claimlint-ncci-bench-{}", std::process::id()))
}

fn ncci(c: &mut Criterion) {
    let dir = pack_dir();
    write_pack(&dir);
    let bytes: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();

    let mut group = c.benchmark_group("ncci");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("load", |b| {
        b.iter(|| {
            NcciPack::load_dir(black_box(&dir))
                .unwrap()
                .ptp
                .map(|p| p.len())
        })
    });
    group.finish();

    let pack = Arc::new(NcciPack::load_dir(&dir).unwrap());
    let _ = std::fs::remove_dir_all(&dir);

    let options = Options {
        claims: 100 * 1_000_000 / 430,
        lines_per_claim: 3,
        seed: 7,
        ..Options::default()
    };
    let source = SourceFile::new("100MB", synth::generate(&options).0);
    let without = Settings::default();
    let sets = (**without.code_sets_arc())
        .clone()
        .with_ncci(pack, "synthetic pack");
    let with = Settings::default().with_code_sets(Arc::new(sets));
    let count = |settings: &Settings| {
        let report = lint(&source, settings);
        let ncci = report
            .diagnostics
            .iter()
            .filter(|d| d.code().starts_with("P1"))
            .count();
        (report.diagnostics.len(), ncci)
    };
    eprintln!(
        "findings on the 100 MB file (all, NCCI): without the pack {:?}, with it {:?}",
        count(&without),
        count(&with)
    );
    let mut group = c.benchmark_group("ncci");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(source.len() as u64));
    for (label, settings) in [("without pack", &without), ("with pack", &with)] {
        group.bench_function(BenchmarkId::new("lint 100MB", label), |b| {
            b.iter(|| lint(black_box(&source), settings).diagnostics.len())
        });
    }
    group.finish();
}

criterion_group!(benches, ncci);
criterion_main!(benches);
