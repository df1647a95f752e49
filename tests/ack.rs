//! The 999 acknowledgment: a golden 999 for a broken file, acceptance of a clean one, and
//! every 999 claimlint writes is itself a well-formed 999 interchange.

use claimlint::redact::View;
use claimlint::report::ack::{self, AckOptions};
use claimlint::x12::{self, Segments};
use claimlint::{Settings, SourceFile, lint};

fn options() -> AckOptions {
    AckOptions {
        control_number: 7,
        date: "20240116".into(),
        time: "0800".into(),
    }
}

fn acknowledge(path: &str) -> (String, ack::AckSummary) {
    let bytes = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let source = SourceFile::new(path, bytes);
    let report = lint(&source, &Settings::default());
    ack::render(
        &View::plain(source.bytes()),
        &report.diagnostics,
        &options(),
    )
    .unwrap()
}

#[test]
fn golden_999_for_a_broken_file() {
    let (text, summary) = acknowledge("samples/ack/broken_claim_and_clean_claim.x12");
    assert_eq!(summary.transactions, 2);
    assert_eq!(summary.rejected, 1);
    // Code-set and balancing findings (C003, B001) are claim-level: never in a 999.
    assert!(!text.contains("9921"), "C003's value must not appear");
    insta::assert_snapshot!("ack_broken_claim_and_clean_claim", text);
    check_999_structure(&text);
}

#[test]
fn a_clean_837p_is_accepted() {
    let (text, summary) = acknowledge("samples/ack/clean.x12");
    assert_eq!(summary.rejected, 0);
    assert!(
        text.contains("IK5*A~") && text.contains("AK9*A*1*1*1~"),
        "{text}"
    );
    check_999_structure(&text);
}

#[test]
fn every_sample_gets_a_well_formed_999() {
    let mut checked = 0;
    for dir in ["samples/valid", "samples/ack"]
        .into_iter()
        .map(String::from)
        .chain(
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/rules"))
                .unwrap()
                .map(|d| d.unwrap().path().display().to_string()),
        )
    {
        let dir = if dir.starts_with('/') {
            dir
        } else {
            format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))
        };
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let source = SourceFile::new(path.display().to_string(), bytes);
            let report = lint(&source, &Settings::default());
            if let Some((text, _)) = ack::render(
                &View::plain(source.bytes()),
                &report.diagnostics,
                &options(),
            ) {
                check_999_structure(&text);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Lints a 999 with claimlint's envelope rules (the 837-specific ones excepted) and checks
/// the 999's own loop structure and code lists.
fn check_999_structure(text: &str) {
    let settings = Settings::select(
        &["X".into()],
        // ST01 999, GS01 FA and the 999 guide are right for a 999.
        &["X021".into(), "X022".into(), "X023".into(), "X029".into()],
    )
    .unwrap();
    let source = SourceFile::new("999", text.as_bytes().to_vec());
    let report = lint(&source, &settings);
    assert!(
        report.diagnostics.is_empty(),
        "{text}\n{:#?}",
        report.diagnostics
    );

    let doc = x12::parse(text.as_bytes());
    for ic in &doc.interchanges {
        for g in &ic.groups {
            assert_eq!(g.gs.value(1), b"FA");
            assert_eq!(g.gs.value(8), b"005010X231A1");
            for t in &g.transactions {
                let ids: Vec<String> = t.segments(text.as_bytes()).map(|s| s.id_str()).collect();
                assert_loops(&ids, text);
                for s in t.segments(text.as_bytes()) {
                    codes(&s, text);
                }
            }
        }
    }
}

/// ST AK1 (AK2 (IK3 CTX* (IK4 CTX*)*)* IK5)* AK9 SE, by a small state machine.
fn assert_loops(ids: &[String], text: &str) {
    let mut state = "ST";
    for id in ids {
        let next = match (state, id.as_str()) {
            ("ST", "AK1") => "AK1",
            ("AK1" | "IK5", "AK2") => "AK2",
            ("AK2" | "IK3" | "IK4" | "CTX3" | "CTX4", "IK3") => "IK3",
            ("IK3" | "CTX3", "CTX") => "CTX3",
            ("IK4" | "CTX4", "CTX") => "CTX4",
            ("IK3" | "CTX3" | "IK4" | "CTX4", "IK4") => "IK4",
            ("AK2" | "IK3" | "CTX3" | "IK4" | "CTX4", "IK5") => "IK5",
            ("AK1" | "IK5", "AK9") => "AK9",
            ("AK9", "SE") => "SE",
            (_, "ST") if state == "ST" => "ST",
            _ => panic!("`{id}` after `{state}` breaks the 999 loop structure:\n{text}"),
        };
        state = next;
    }
    assert_eq!(state, "SE", "{text}");
}

fn codes(s: &x12::Segment<'_>, text: &str) {
    const IK304: &[&[u8]] = &[
        b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8", b"I4", b"I6", b"I7", b"I8", b"I9",
    ];
    const IK403: &[&[u8]] = &[
        b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8", b"9", b"10", b"12", b"13", b"I6", b"I9",
        b"I10", b"I11", b"I12", b"I13",
    ];
    let ok = match s.id() {
        b"IK3" => IK304.contains(&s.value(4)) && s.value(2).iter().all(u8::is_ascii_digit),
        b"IK4" => IK403.contains(&s.value(3)) && !s.value(1).is_empty(),
        b"IK5" => matches!(s.value(1), b"A" | b"E" | b"R"),
        b"AK9" => matches!(s.value(1), b"A" | b"E" | b"P" | b"R"),
        _ => true,
    };
    assert!(
        ok,
        "bad code in `{}`:\n{text}",
        String::from_utf8_lossy(s.raw)
    );
    let _ = Segments::new;
}
