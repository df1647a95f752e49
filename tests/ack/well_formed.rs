//! Every 999 and 277CA claimlint writes for the samples keeps the structural rules of its
//! guide (X231A1, X214): loops, code lists, element formats and envelope, checked here
//! as the CI's independent validator (pyx12) checks them.

use crate::options;
use claimlint::redact::View;
use claimlint::report::ack;
use claimlint::report::claim_ack;
use claimlint::x12::{self, Segment};
use claimlint::{Settings, SourceFile, lint};
use std::path::{Path, PathBuf};

/// Every sample's acknowledgments.
fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut dirs = vec![root.join("valid"), root.join("ack")];
    for d in std::fs::read_dir(root.join("rules")).unwrap() {
        dirs.push(d.unwrap().path());
    }
    let mut files = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn every_sample_gets_a_well_formed_999() {
    let mut checked = 0;
    for path in samples() {
        let bytes = std::fs::read(&path).unwrap();
        let source = SourceFile::new(path.display().to_string(), bytes);
        let report = lint(&source, &Settings::default());
        if let Some((text, _)) = ack::render_numbered(
            &claimlint::redact::View::plain(source.bytes()),
            &report.diagnostics,
            &options(),
        ) {
            check_999_structure(&text);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn every_sample_gets_a_well_formed_277ca() {
    let mut checked = 0;
    for path in samples() {
        let bytes = std::fs::read(&path).unwrap();
        let source = SourceFile::new(path.display().to_string(), bytes);
        let report = lint(&source, &Settings::default());
        let view = View::plain(source.bytes());
        if let Some(built) = claim_ack::render(&view, &report.diagnostics, &options()) {
            let text = built.write(&mut ack::ControlNumbers::starting_at(1).unwrap());
            check_277ca_structure(&text, &source);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Lints an acknowledgment with claimlint's envelope rules (the 837-specific ones
/// excepted): delimiters, envelope counts and control numbers.
fn check_envelope(text: &str, gs01: &[u8], guide: &[u8]) {
    let settings = Settings::select(
        &["X".into()],
        // ST01, GS01 and the guide are right for an acknowledgment.
        &["X021".into(), "X022".into(), "X023".into(), "X029".into()],
    )
    .unwrap();
    let source = SourceFile::new("ack", text.as_bytes().to_vec());
    let report = lint(&source, &settings);
    assert!(
        report.diagnostics.is_empty(),
        "{text}\n{:#?}",
        report.diagnostics
    );
    let doc = x12::parse(text.as_bytes());
    for ic in &doc.interchanges {
        assert_eq!(ic.isa.value(14), b"0", "{text}");
        for g in &ic.groups {
            assert_eq!(g.gs.value(1), gs01, "{text}");
            assert_eq!(g.gs.value(8), guide, "{text}");
        }
    }
}

/// The 999's loop structure, code lists and element formats (X231A1).
pub(crate) fn check_999_structure(text: &str) {
    check_envelope(text, b"FA", b"005010X231A1");
    let doc = x12::parse(text.as_bytes());
    for ic in &doc.interchanges {
        // A TA1 only ever holds valid values, and stands after the groups.
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if let Some(ta1) = line.strip_prefix("TA1*") {
                let f: Vec<&str> = ta1.trim_end_matches('~').split('*').collect();
                assert_eq!(f.len(), 5, "{text}");
                assert!(f[0].len() == 9 && digits(f[0]), "TA101: {text}");
                assert!(f[1].len() == 6 && digits(f[1]), "TA102: {text}");
                assert!(f[2].len() == 4 && digits(f[2]), "TA103: {text}");
                assert!(matches!(f[3], "A" | "E" | "R"), "TA104: {text}");
                assert!(f[4].len() == 3 && digits(f[4]), "TA105: {text}");
                assert!(lines[i + 1].starts_with("IEA*"), "TA1 before IEA: {text}");
            }
        }
        for g in &ic.groups {
            for t in &g.transactions {
                let ids: Vec<String> = t.segments(text.as_bytes()).map(|s| s.id_str()).collect();
                assert_999_loops(&ids, text);
                for s in t.segments(text.as_bytes()) {
                    codes_999(&s, text);
                }
            }
        }
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn value(s: &Segment<'_>, n: usize) -> String {
    String::from_utf8_lossy(s.value(n)).into_owned()
}

/// ST AK1 (AK2 (IK3 CTX* (IK4 CTX*)*)* IK5)* AK9 SE, by a small state machine.
fn assert_999_loops(ids: &[String], text: &str) {
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

fn codes_999(s: &Segment<'_>, text: &str) {
    const IK304: &[&str] = &[
        "1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9",
    ];
    const IK403: &[&str] = &[
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "I6", "I9", "I10", "I11",
        "I12", "I13",
    ];
    let raw = String::from_utf8_lossy(s.raw);
    let ok = match s.id() {
        b"IK3" => {
            let id = value(s, 1);
            let ik303 = value(s, 3);
            // IK301 a segment ID; IK302 a position; IK303 the 4-digit X12 table loop.
            (2..=3).contains(&id.len())
                && id.as_bytes()[0].is_ascii_uppercase()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && digits(&value(s, 2))
                && (ik303.is_empty() || (ik303.len() == 4 && digits(&ik303)))
                && IK304.contains(&value(s, 4).as_str())
        }
        b"IK4" => {
            let ik402 = value(s, 2);
            IK403.contains(&value(s, 3).as_str())
                && !value(s, 1).is_empty()
                && (ik402.is_empty() || (ik402.len() <= 4 && digits(&ik402)))
                && value(s, 4).len() <= 99
        }
        b"IK5" => matches!(s.value(1), b"A" | b"E" | b"R"),
        b"AK9" => matches!(s.value(1), b"A" | b"E" | b"P" | b"R"),
        _ => true,
    };
    assert!(ok, "bad value in `{raw}`:\n{text}");
}

/// The 277CA's loop structure (X214), its codes, and that it answers the input: every
/// claim's CLM01 in a TRN02 and the totals adding up.
pub(crate) fn check_277ca_structure(text: &str, input: &SourceFile) {
    check_envelope(text, b"HN", b"005010X214");
    let doc = x12::parse(text.as_bytes());
    let mut clm01s: Vec<String> = Vec::new();
    for ic in &doc.interchanges {
        for g in &ic.groups {
            for t in &g.transactions {
                let segments: Vec<Segment<'_>> = t.segments(text.as_bytes()).collect();
                clm01s.extend(check_277_set(&segments, text));
            }
        }
    }
    // Every claim echoed (unless redacted), and only claims of the input.
    let input_doc = x12::parse(input.bytes());
    let mut input_clm01s: Vec<String> = Vec::new();
    for ic in &input_doc.interchanges {
        for g in &ic.groups {
            for t in &g.transactions {
                for s in t.segments(input.bytes()) {
                    if s.is(b"CLM") {
                        input_clm01s.push(value(&s, 1));
                    }
                }
            }
        }
    }
    for c in &clm01s {
        assert!(
            c == "UNKNOWN" || c.bytes().all(|b| b == b'#') || input_clm01s.contains(c),
            "TRN02 `{c}` is no CLM01 of the input:\n{text}"
        );
    }
}

/// One 277 set; returns its claims' TRN02.
fn check_277_set(segments: &[Segment<'_>], text: &str) -> Vec<String> {
    let ids: Vec<String> = segments.iter().map(|s| s.id_str()).collect();
    // ST BHT, 2000A HL NM1 TRN DTP DTP, 2000B HL NM1 TRN STC+ QTY* AMT*,
    // (2000C HL NM1 TRN STC+ QTY* AMT*, (2000D HL NM1 TRN STC DTP (SVC STC DTP?)*)+)+ SE
    let mut state = "start";
    let mut hl_levels: Vec<(String, String, String)> = Vec::new();
    let mut clm01s = Vec::new();
    let (mut accepted, mut rejected) = (0usize, 0usize);
    let mut qty = std::collections::BTreeMap::<String, usize>::new();
    for (s, id) in segments.iter().zip(&ids) {
        let hl3 = if id == "HL" {
            value(s, 3)
        } else {
            String::new()
        };
        let next = match (state, id.as_str(), hl3.as_str()) {
            ("start", "ST", _) => "ST",
            ("ST", "BHT", _) => "BHT",
            ("BHT", "HL", "20") => "HL-A",
            ("HL-A", "NM1", _) => "NM1-A",
            ("NM1-A", "TRN", _) => "TRN-A",
            ("TRN-A", "DTP", _) => "DTP-A1",
            ("DTP-A1", "DTP", _) => "DTP-A2",
            ("DTP-A2", "HL", "21") => "HL-B",
            ("HL-B", "NM1", _) => "NM1-B",
            ("NM1-B", "TRN", _) => "TRN-B",
            ("TRN-B" | "STC-B", "STC", _) => "STC-B",
            ("STC-B" | "QTY-B", "QTY", _) => "QTY-B",
            ("STC-B" | "QTY-B" | "AMT-B", "AMT", _) => "AMT-B",
            ("STC-B" | "QTY-B" | "AMT-B" | "DTP-D" | "SVC-DTP" | "SVC-STC", "HL", "19") => "HL-C",
            ("HL-C", "NM1", _) => "NM1-C",
            ("NM1-C", "TRN", _) => "TRN-C",
            ("TRN-C" | "STC-C", "STC", _) => "STC-C",
            ("STC-C" | "QTY-C", "QTY", _) => "QTY-C",
            ("STC-C" | "QTY-C" | "AMT-C", "AMT", _) => "AMT-C",
            ("STC-C" | "QTY-C" | "AMT-C" | "DTP-D" | "SVC-DTP" | "SVC-STC", "HL", "PT") => "HL-D",
            ("HL-D", "NM1", _) => "NM1-D",
            ("NM1-D", "TRN", _) => "TRN-D",
            ("TRN-D", "STC", _) => "STC-D",
            ("STC-D", "DTP", _) => "DTP-D",
            ("DTP-D" | "SVC-STC" | "SVC-DTP", "SVC", _) => "SVC",
            ("SVC", "STC", _) => "SVC-STC",
            ("SVC-STC", "DTP", _) => "SVC-DTP",
            ("DTP-D" | "SVC-STC" | "SVC-DTP", "SE", _) => "SE",
            _ => panic!("`{id}` after `{state}` breaks the 277CA loop structure:\n{text}"),
        };
        let raw = String::from_utf8_lossy(s.raw);
        match next {
            "HL-A" | "HL-B" | "HL-C" | "HL-D" => {
                // HL01 counts from 1; HL02 names an earlier HL of the level above.
                assert_eq!(
                    value(s, 1),
                    (hl_levels.len() + 1).to_string(),
                    "{raw}\n{text}"
                );
                let parent = value(s, 2);
                let want_parent = match next {
                    "HL-A" => None,
                    "HL-B" => Some("20"),
                    "HL-C" => Some("21"),
                    _ => Some("19"),
                };
                match want_parent {
                    None => assert!(parent.is_empty(), "{raw}"),
                    Some(level) => assert!(
                        hl_levels
                            .iter()
                            .any(|(id, _, l)| *id == parent && l == level),
                        "HL02 of `{raw}`:\n{text}"
                    ),
                }
                hl_levels.push((value(s, 1), parent, hl3.clone()));
            }
            "NM1-A" => assert_eq!(value(s, 1), "AY", "{raw}"),
            "NM1-B" => assert!(value(s, 1) == "41" && value(s, 8) == "46", "{raw}"),
            "NM1-C" => assert!(
                value(s, 1) == "85" && matches!(value(s, 8).as_str(), "XX" | "FI"),
                "{raw}"
            ),
            "NM1-D" => assert!(value(s, 1) == "QC" && value(s, 8) == "MI", "{raw}"),
            "TRN-A" | "TRN-C" => assert_eq!(value(s, 1), "1", "{raw}"),
            "TRN-B" => assert_eq!(value(s, 1), "2", "{raw}"),
            "TRN-D" => {
                assert_eq!(value(s, 1), "2", "{raw}");
                clm01s.push(value(s, 2));
            }
            "STC-B" | "STC-C" => assert!(value(s, 1).starts_with("A1:19:"), "{raw}"),
            "STC-D" => {
                let stc01 = value(s, 1);
                let action = value(s, 3);
                if stc01 == "A2:20" {
                    assert_eq!(action, "WQ", "{raw}");
                    accepted += 1;
                } else {
                    assert!(
                        (stc01.starts_with("A6:") || stc01.starts_with("A7:")) && action == "U",
                        "{raw}"
                    );
                    // Rejections name the rules that rejected the claim.
                    assert!(!value(s, 12).is_empty(), "{raw}");
                    rejected += 1;
                }
                assert_eq!(value(s, 2).len(), 8, "STC02 is a date: {raw}");
                assert!(!value(s, 4).is_empty(), "STC04 the claim charge: {raw}");
            }
            "SVC-STC" => assert_eq!(value(s, 3), "U", "{raw}"),
            "QTY-B" | "QTY-C" => {
                *qty.entry(value(s, 1)).or_default() +=
                    value(s, 2).parse::<usize>().expect("QTY02 is a count");
            }
            "DTP-A1" => assert_eq!(value(s, 1), "050", "{raw}"),
            "DTP-A2" => assert_eq!(value(s, 1), "009", "{raw}"),
            "DTP-D" | "SVC-DTP" => assert_eq!(value(s, 1), "472", "{raw}"),
            _ => {}
        }
        state = next;
    }
    assert_eq!(state, "SE", "{text}");
    // The set's totals and the providers' add up to the claims' statuses.
    assert_eq!(qty.get("90").copied().unwrap_or(0), accepted, "{text}");
    assert_eq!(qty.get("AA").copied().unwrap_or(0), rejected, "{text}");
    assert_eq!(qty.get("QA").copied().unwrap_or(0), accepted, "{text}");
    assert_eq!(qty.get("QC").copied().unwrap_or(0), rejected, "{text}");
    clm01s
}
