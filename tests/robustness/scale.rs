//! Inputs large enough to show a quadratic step: a 100 MB segment, a million empty
//! segments, ten thousand service lines, 50,000 unclosed interchanges, a 20,000-level HL
//! chain. Each is one pass, with one finding per root cause (or a capped count).

use crate::{NAME, check_spans, code_counts, codes, pipeline, uncapped, valid};
use claimlint::redact::View;
use claimlint::report::json::JsonDiagnostic;
use claimlint::report::{DisplayIndex, concise, human};
use claimlint::{Settings, SourceFile, lint};
use std::collections::BTreeMap;

const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000101*0*T*:~";
const GS_ST: &str = "GS*HC*SUBMITTER01*RECEIVER01*20240115*1030*101*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*B1*20240115*1030*CH~";

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let out = f();
    eprintln!("{what}: {:.2?}", started.elapsed());
    out
}

/// A 100 MB segment with no terminator: one pass over it, one finding (the file ends inside
/// the interchange), and a human report that shows a part of the line, not 100 MB of it.
#[test]
fn a_100_mb_segment_without_terminator_is_one_finding() {
    let mut bytes = format!("{ISA}{GS_ST}NM1*41*2*").into_bytes();
    bytes.resize(bytes.len() + (100 << 20), b'A');
    let report = timed("100 MB segment", || pipeline(&bytes));
    assert_eq!(codes(&report), ["X009"]);
    let index = DisplayIndex::new(&bytes);
    let text = human::render(
        NAME,
        &View::plain(&bytes),
        &index,
        &report.diagnostics,
        human::HumanOptions::default(),
    );
    assert!(text.len() < 4096, "{} bytes of report", text.len());
    assert!(text.contains("file ends before"), "{text}");
}

/// A long line of text outside any interchange is cut for display too (miette cannot
/// draw a label past column 65,535).
#[test]
fn a_label_far_along_a_long_line_renders() {
    let mut bytes = valid();
    bytes.extend(std::iter::repeat_n(b'x', 70_000));
    bytes.extend_from_slice(b" ISA");
    let report = pipeline(&bytes);
    assert_eq!(codes(&report), ["X008"]);
}

/// A million empty segments (`~~~~`) inside a transaction set: counted as segments, so an
/// SE01 written for the real segments is one X020, in linear time.
#[test]
fn a_million_empty_segments_are_one_count_mismatch() {
    let mut bytes = format!("{ISA}{GS_ST}").into_bytes();
    bytes.extend(std::iter::repeat_n(b'~', 1_000_000));
    bytes.extend_from_slice(b"SE*3*0001~GE*1*101~IEA*1*000000101~");
    let report = timed("a million empty segments", || pipeline(&bytes));
    // One count mismatch, one finding for the run of empty segments, and the loops the
    // set lacks: nothing per empty segment.
    assert_eq!(codes(&report), ["H025", "H025", "H025", "H028", "X020"]);
    let x020 = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "X020")
        .unwrap();
    let plain = View::plain(&bytes);
    assert!(x020.message(&plain).contains("1000003"));
    let h028 = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "H028")
        .unwrap();
    assert!(
        h028.message(&plain).contains("1000000 empty segments"),
        "{}",
        h028.message(&plain)
    );
    assert_eq!(report.stats.segments, 1_000_007);
}

/// A claim with `n` service lines of 10.00 each, balanced and counted: the same laboratory
/// test, repeated with modifier `91`.
fn claim_with_lines(n: usize) -> Vec<u8> {
    let text = String::from_utf8(valid()).unwrap();
    let head = &text[..text.find("LX*1~").unwrap()];
    let mut out = head.replace("CLM*PCN0001*150*", &format!("CLM*PCN0001*{}*", 10 * n));
    for i in 1..=n {
        let repeat = if i > 1 { ":91" } else { "" };
        out.push_str(&format!(
            "LX*{i}~\nSV1*HC:87880{repeat}*10*UN*1***1~\nDTP*472*D8*20240110~\n"
        ));
    }
    out.push_str(&format!(
        "SE*{}*0001~\nGE*1*101~\nIEA*1*000000101~\n",
        21 + 3 * n
    ));
    out.into_bytes()
}

#[test]
fn loops_repeated_beyond_their_limit_are_reported_once() {
    assert_eq!(codes(&pipeline(&claim_with_lines(50))), Vec::<&str>::new());
    let report = pipeline(&claim_with_lines(60));
    assert_eq!(codes(&report), ["H016"]);
    let report = timed("10,000 service lines", || {
        pipeline(&claim_with_lines(10_000))
    });
    assert_eq!(codes(&report), ["H016"]);
}

/// Many interchanges that never close: one X010 each, and the reports that map every
/// finding to a line (concise, JSON) stay linear in the number of findings.
#[test]
fn many_unclosed_interchanges_render_in_linear_time() {
    let n = 50_000;
    let mut bytes = Vec::new();
    for i in 0..n {
        bytes.extend_from_slice(ISA.replace("000000101", &format!("{i:09}")).as_bytes());
        bytes.push(b'\n');
    }
    let report = timed("50,000 unclosed interchanges", || {
        lint(&SourceFile::new(NAME, bytes.clone()), &uncapped())
    });
    check_spans(&bytes, &report);
    let counts = code_counts(&report);
    assert_eq!(counts, BTreeMap::from([("X009", 1), ("X010", n - 1)]));
    let lines = timed("concise", || {
        concise(
            NAME,
            &View::plain(&bytes),
            &DisplayIndex::new(&bytes),
            &report.diagnostics,
        )
    });
    assert_eq!(lines.lines().count(), n);
    assert!(lines.ends_with(&format!(
        "{NAME}:{n}:107: X009 [error] file ends before `IEA`\n"
    )));
    let json = timed("json", || {
        JsonDiagnostic::all(NAME, &View::plain(&bytes), &report.diagnostics)
    });
    assert_eq!(json.last().map(|d| d.line), Some(n));
}

/// A hierarchy 20,000 HL levels deep, each the parent of the next: no recursion limit,
/// no walk up the chain per HL.
#[test]
fn a_very_deep_hl_chain_is_linear() {
    let n = 20_000;
    let mut text = format!("{ISA}{GS_ST}HL*1**20*1~");
    for i in 2..=n {
        text.push_str(&format!("HL*{i}*{}*22*1~", i - 1));
    }
    text.push_str(&format!("SE*{}*0001~GE*1*101~IEA*1*000000101~", n + 3));
    let report = timed("20,000 nested HL levels", || pipeline(text.as_bytes()));
    let counts = code_counts(&report);
    // Every subscriber HL names another subscriber as its parent (H002) but the first,
    // and the last one says it has children (H004). Each of the n - 1 subscriber loops
    // lacks its SBR (H024) and its two name loops (H025); the header lacks 1000A and
    // 1000B and the billing provider its 2010AA.
    assert_eq!(
        counts,
        BTreeMap::from([
            ("H002", n - 2),
            ("H004", 1),
            ("H024", n - 1),
            ("H025", 2 * (n - 1) + 3)
        ])
    );
    // With the default cap, 100 of each per transaction set and one finding that counts
    // the rest.
    let capped = lint(
        &SourceFile::new(NAME, text.as_bytes()),
        &Settings::default(),
    );
    let counts = code_counts(&capped);
    assert_eq!(
        counts,
        BTreeMap::from([("H002", 101), ("H004", 1), ("H024", 101), ("H025", 101)])
    );
}
