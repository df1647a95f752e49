//! Mutations of a valid file that real senders make, each expected to give its finding on
//! the right segment and nothing else; and layouts real files come in (indented, wrapped,
//! a bare transaction set), each expected to be read whole with at most one error.

use claimlint::redact::View;
use claimlint::{Report, Settings, Severity, SourceFile, lint};
use claimlint_synth::{self as synth, Options};

/// A clean synthetic file: several claims, patients that are subscribers and dependents,
/// one segment per line.
fn valid() -> String {
    let options = Options {
        claims: 6,
        lines_per_claim: 3,
        newline: true,
        dependent_rate: 0.5,
        ..Options::default()
    };
    let (bytes, _) = synth::generate(&options);
    String::from_utf8(bytes).unwrap()
}

fn check(text: &str) -> Report {
    lint(
        &SourceFile::new("mutated.837", text.as_bytes().to_vec()),
        &Settings::default(),
    )
}

fn segments(text: &str) -> Vec<&str> {
    text.split("~\n").filter(|s| !s.is_empty()).collect()
}

fn join(segments: &[String]) -> String {
    segments.iter().map(|s| format!("{s}~\n")).collect()
}

/// Replaces the first segment starting with `prefix`; returns the file and the segment's
/// 1-based ordinal.
fn replace_first(text: &str, prefix: &str, with: impl Fn(&str) -> String) -> (String, usize) {
    let mut all: Vec<String> = segments(text).into_iter().map(String::from).collect();
    let i = all.iter().position(|s| s.starts_with(prefix)).unwrap();
    all[i] = with(&all[i]);
    (join(&all), i + 1)
}

/// Inserts `segment` after the first segment starting with `after` and fixes SE01.
fn insert_after(text: &str, after: &str, segment: &str) -> (String, usize) {
    let mut all: Vec<String> = segments(text).into_iter().map(String::from).collect();
    let i = all.iter().position(|s| s.starts_with(after)).unwrap() + 1;
    all.insert(i, segment.to_string());
    let se = all.iter().position(|s| s.starts_with("SE*")).unwrap();
    let st = all.iter().position(|s| s.starts_with("ST*")).unwrap();
    let control = all[se].rsplit('*').next().unwrap().to_string();
    all[se] = format!("SE*{}*{control}", se - st + 1);
    (join(&all), i + 1)
}

/// The findings as (code, segment ordinal).
fn found(report: &Report) -> Vec<(&'static str, Option<usize>)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.location.segment_ordinal))
        .collect()
}

#[test]
fn the_valid_file_is_clean() {
    let report = check(&valid());
    assert_eq!(found(&report), []);
    assert_eq!(report.stats.claims, 6);
    assert_eq!(report.stats.service_lines, 18);
}

#[test]
fn birth_date_with_month_13() {
    let (text, at) = replace_first(&valid(), "DMG*D8*", |s| {
        let mut e: Vec<&str> = s.split('*').collect();
        let year = &e[2][..4].to_string();
        let date = format!("{year}1301");
        e[2] = &date;
        e.join("*")
    });
    assert_eq!(found(&check(&text)), [("H043", Some(at))]);
}

#[test]
fn onset_date_with_day_99() {
    let (text, at) = insert_after(&valid(), "CLM*", "DTP*431*D8*20240199");
    assert_eq!(found(&check(&text)), [("H043", Some(at))]);
}

#[test]
fn statement_period_reversed() {
    // DTP*434 is not a qualifier of the 837P's loop 2300 (H023); the reversed range is
    // reported on the same segment.
    let (text, at) = insert_after(&valid(), "CLM*", "DTP*434*RD8*20240110-20240101");
    let report = check(&text);
    assert_eq!(found(&report), [("H023", Some(at)), ("H043", Some(at))]);
    let message = report.diagnostics[1].message(&View::plain(text.as_bytes()));
    assert!(message.contains("ends before it starts"), "{message}");
}

#[test]
fn service_date_after_creation() {
    let text = valid();
    let bht04: String = segments(&text)
        .into_iter()
        .find(|s| s.starts_with("BHT*"))
        .unwrap()
        .split('*')
        .nth(4)
        .unwrap()
        .to_string();
    let later = format!("{}{}", bht04[..4].parse::<u32>().unwrap() + 1, &bht04[4..]);
    let original: Vec<String> = segments(&text).into_iter().map(str::to_string).collect();
    let dates: Vec<usize> = (0..original.len())
        .filter(|&i| original[i].starts_with("DTP*472*"))
        .collect();
    assert!(
        dates.len() >= 2,
        "the valid file has {} service dates",
        dates.len()
    );
    let bht = original.iter().position(|s| s.starts_with("BHT*")).unwrap();
    // One service date a year after the file was created, the others before: that date is
    // reported.
    let mut one = original.clone();
    let last = *dates.last().unwrap();
    one[last] = format!("DTP*472*D8*{later}");
    assert_eq!(found(&check(&join(&one))), [("S020", Some(last + 1))]);
    // Every service date a year after (one date for all lines, so the cross-line rules see
    // the same day as before): BHT04 is the likely problem, reported once.
    let mut all = original.clone();
    for &i in &dates {
        all[i] = format!("DTP*472*D8*{later}");
    }
    assert_eq!(found(&check(&join(&all))), [("S020", Some(bht + 1))]);
}

#[test]
fn birth_date_after_service_date() {
    let text = valid();
    let all = segments(&text);
    // The patient of the first claim: the last DMG before its CLM.
    let clm = all.iter().position(|s| s.starts_with("CLM*")).unwrap();
    let dmg = all[..clm]
        .iter()
        .rposition(|s| s.starts_with("DMG*"))
        .unwrap();
    let mut owned: Vec<String> = all.iter().map(|s| s.to_string()).collect();
    let mut e: Vec<String> = owned[dmg].split('*').map(String::from).collect();
    e[2] = "20991231".to_string();
    owned[dmg] = e.join("*");
    let report = check(&join(&owned));
    let findings = found(&report);
    assert!(!findings.is_empty());
    for (code, ordinal) in findings {
        assert_eq!(code, "S021");
        let segment = owned[ordinal.unwrap() - 1].as_str();
        assert!(segment.starts_with("DTP*472*"), "{segment}");
    }
    assert!(report.diagnostics[0].secondary[0].span.start > 0);
}

#[test]
fn mistyped_n4_gives_both_findings_linked() {
    let (text, at) = replace_first(&valid(), "N4*", |s| s.replacen("N4", "Nd4", 1));
    let report = check(&text);
    let codes: Vec<_> = found(&report).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["H024", "H020"], "{:?}", found(&report));
    assert_eq!(report.diagnostics[1].location.segment_ordinal, Some(at));
    let missing = &report.diagnostics[0];
    assert!(
        missing
            .secondary
            .iter()
            .any(|l| l.message(&View::plain(text.as_bytes())) == "is `Nd4` meant to be `N4`?"),
        "{missing:?}"
    );
}

/// Read whole: every claim and line, and at most one error.
fn read_whole(text: &str, layout: &str) -> Report {
    let report = check(text);
    assert_eq!(report.stats.claims, 6, "{layout}: {:?}", found(&report));
    assert_eq!(report.stats.service_lines, 18, "{layout}");
    assert!(
        report.count(Severity::Error) <= 1,
        "{layout}: {:?}",
        found(&report)
    );
    report
}

#[test]
fn indented_file_is_read_whole() {
    let text = valid().replace("~\n", "~\n    ");
    let report = read_whole(&text, "indented");
    assert_eq!(found(&report), [("X030", None)]);
}

#[test]
fn file_wrapped_at_80_columns_with_crlf_is_read_whole() {
    let flat = valid().replace('\n', "");
    let wrapped: String = flat
        .as_bytes()
        .chunks(80)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let report = read_whole(&wrapped, "wrapped");
    assert_eq!(found(&report), [("X031", None)]);
    // Every span points into the original bytes, at the same text.
    let d = &report.diagnostics[0];
    assert_eq!(&wrapped[d.span.start..d.span.end], "\r\n");
}

/// A file large enough that its envelope pass reads it in pieces (from 512 KB, on one
/// core; from 4 MB, on all), which then also tells whether it needs unwrapping: one
/// indented segment and one stray line break, deep inside, are each found once, where
/// they are, and every claim is still read.
#[test]
fn a_large_file_indented_or_broken_once_deep_inside_is_read_whole() {
    for (claims, least) in [(1_500, 600_000), (12_000, 5_000_000)] {
        let options = Options {
            claims,
            lines_per_claim: 3,
            ..Options::default()
        };
        let flat = String::from_utf8(synth::generate(&options).0).unwrap();
        assert!(flat.len() > least, "{} bytes", flat.len());
        let plain = check(&flat);
        assert_eq!(found(&plain), []);
        // After the terminator of the segment that ends past 60% of the file; inside the
        // one past 90%.
        let (at_60, at_90) = (flat.len() / 10 * 6, flat.len() / 10 * 9);
        let blank = flat[at_60..].find('~').unwrap() + at_60 + 1;
        let inside = flat[at_90..].find('*').unwrap() + at_90 + 1;
        let cases = [
            (
                "X030",
                format!("{}  {}", &flat[..blank], &flat[blank..]),
                blank,
                2,
            ),
            (
                "X031",
                format!("{}\r\n{}", &flat[..inside], &flat[inside..]),
                inside,
                2,
            ),
        ];
        for (code, text, at, len) in cases {
            let report = check(&text);
            let codes: Vec<_> = found(&report).into_iter().map(|(c, _)| c).collect();
            assert_eq!(codes, [code], "{claims} claims");
            assert_eq!(
                report.diagnostics[0].span.start, at,
                "{code}, {claims} claims"
            );
            assert_eq!(
                report.diagnostics[0].span.len(),
                len,
                "{code}, {claims} claims"
            );
            assert_eq!(
                report.stats.claims, plain.stats.claims,
                "{code}, {claims} claims"
            );
            assert_eq!(
                report.stats.service_lines, plain.stats.service_lines,
                "{code}"
            );
        }
    }
}

#[test]
fn bare_transaction_set_is_read_whole() {
    let text = valid();
    let st = text.find("ST*837*").unwrap();
    let se = text.find("SE*").unwrap();
    let end = se + text[se..].find('~').unwrap() + 1;
    let report = read_whole(&text[st..end], "bare ST…SE");
    assert_eq!(found(&report), [("X004", None)]);
}

#[test]
fn spans_of_a_wrapped_file_point_at_the_original_values() {
    // A bad code in a wrapped file is underlined where it stands in the original.
    let flat = valid().replace('\n', "");
    let bad = flat.replacen("DMG*D8*", "DMG*D8*X", 1);
    let wrapped: String = bad
        .as_bytes()
        .chunks(80)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let report = check(&wrapped);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "H043")
        .expect("the bad birth date is reported");
    let underlined = wrapped[d.span.start..d.span.end].replace("\r\n", "");
    assert!(underlined.starts_with('X'), "{underlined:?}");
}

#[test]
fn redaction_masks_values_read_across_a_line_break() {
    // A birth date with a stray line break inside it: the message quotes the value as read
    // (unwrapped), and redaction must still find and mask it.
    let (text, _) = replace_first(&valid(), "DMG*D8*", |s| {
        let mut e: Vec<String> = s.split('*').map(String::from).collect();
        e[2] = "1980\n1301".to_string();
        e.join("*")
    });
    let report = check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "H043")
        .expect("the bad birth date is reported");
    let plain = d.message(&View::plain(text.as_bytes()));
    assert!(plain.contains("`19801301`"), "{plain}");
    let redacted = View::redacted(text.as_bytes(), &claimlint::redact::Redaction::default());
    for d in &report.diagnostics {
        let message = d.message(&redacted);
        assert!(
            !message.contains("19801301") && !message.contains("1301"),
            "{message}"
        );
    }
}

/// A finding on a segment of a service line names the line, like the line's own rules
/// do; one on a segment placed nowhere does not guess.
#[test]
fn element_findings_in_a_service_line_name_the_line() {
    let text = valid();
    // The third SV1 of the first claim is its line 3: SV103 `UN` made `XX`.
    let mut all: Vec<String> = segments(&text).into_iter().map(String::from).collect();
    let third = all
        .iter()
        .enumerate()
        .filter(|(_, s)| s.starts_with("SV1*"))
        .nth(2)
        .map(|(i, _)| i)
        .unwrap();
    all[third] = all[third].replacen("*UN*", "*XX*", 1);
    let report = check(&join(&all));
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "H035")
        .expect("SV103 `XX` is an H035");
    assert_eq!(d.location.segment_ordinal, Some(third + 1));
    assert_eq!((d.location.claim, d.location.line), (Some(1), Some(3)));
    // In the claim's loop, no line.
    let (text, at) = replace_first(&text, "CLM*", |s| s.replacen("*Y*A*", "*Q*A*", 1));
    let report = check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code() == "H035")
        .unwrap();
    assert_eq!(d.location.segment_ordinal, Some(at));
    assert_eq!((d.location.claim, d.location.line), (Some(1), None));
}
