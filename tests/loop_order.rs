//! Loop order between sibling loops (H070), with every rule enabled: one finding on the
//! misplaced loop's first segment, naming the sibling it should precede, and nothing else.

use claimlint::{Rule, Settings, SourceFile, lint};

const OK: &str = include_str!("../samples/rules/H070/ok_2330a_to_2330d_and_2410_before_2430.x12");

/// (code, segment ID, loop, message) of every finding.
fn findings(text: &str) -> Vec<(String, String, Option<String>, String)> {
    let report = lint(
        &SourceFile::new("t.x12", text.as_bytes().to_vec()),
        &Settings::default(),
    );
    report
        .diagnostics
        .iter()
        .map(|d| {
            let view = claimlint::redact::View::plain(text.as_bytes());
            (
                d.code().to_string(),
                d.location
                    .segment_id
                    .as_ref()
                    .map(|id| view.segment_id(id))
                    .unwrap_or_default(),
                d.location.loop_id.map(str::to_string),
                d.message(&view),
            )
        })
        .collect()
}

fn swap(text: &str, first: &str, second: &str) -> String {
    let joined = format!("{first}{second}");
    assert!(text.contains(&joined), "{joined}");
    text.replacen(&joined, &format!("{second}{first}"), 1)
}

const DRUG: &str = "LIN**N4*00002143380~\nCTP****1*UN~\n";
const ADJUDICATION: &str = "SVD*99999*80*HC:J3420**1~\nDTP*573*D8*20240201~\n";

#[test]
fn the_ok_sample_is_clean() {
    assert_eq!(findings(OK), []);
}

#[test]
fn a_2410_after_its_lines_2430_is_one_finding() {
    let f = findings(&swap(OK, DRUG, ADJUDICATION));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "H070");
    assert_eq!(f[0].1, "LIN");
    assert_eq!(f[0].2.as_deref(), Some("2410"));
    assert!(f[0].3.contains("comes after loop 2430"), "{}", f[0].3);
}

#[test]
fn a_2330c_after_its_2330d_is_one_finding() {
    let f = findings(&swap(
        OK,
        "NM1*DN*1~\nREF*G2*REFPROV01~\n",
        "NM1*82*1~\nREF*G2*RENDPROV01~\n",
    ));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0.as_str(), f[0].1.as_str()), ("H070", "NM1"));
    assert_eq!(f[0].2.as_deref(), Some("2330C"));
    assert!(f[0].3.contains("comes after loop 2330D"), "{}", f[0].3);
}

#[test]
fn the_sibling_named_is_the_first_one_met() {
    // 2430, then a rendering provider 2420A (itself out of order), then the 2410: the
    // 2410 should have come before the 2430, where the later loops begin.
    let text = OK.replacen(
        &format!("{DRUG}{ADJUDICATION}"),
        &format!("{ADJUDICATION}NM1*82*1*DOE*JOHN****XX*1234567893~\n{DRUG}"),
        1,
    );
    let f: Vec<_> = findings(&text)
        .into_iter()
        .filter(|f| f.0 == "H070")
        .collect();
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].2.as_deref(), Some("2420A"));
    assert_eq!(f[1].2.as_deref(), Some("2410"));
    assert!(f[1].3.contains("comes after loop 2430"), "{}", f[1].3);
}

#[test]
fn a_repeat_after_a_misplaced_loop_is_not_reported_again() {
    // 2430, 2410, 2430: only the 2410 is out of place.
    let text = OK.replacen(
        &format!("{DRUG}{ADJUDICATION}"),
        &format!("{ADJUDICATION}{DRUG}{ADJUDICATION}"),
        1,
    );
    let f: Vec<_> = findings(&text)
        .into_iter()
        .filter(|f| f.0 == "H070")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].2.as_deref(), Some("2410"));
}

#[test]
fn a_loop_taken_by_its_segment_id_alone_is_a_qualifier_finding_only() {
    // `NM1*ZZ` after the 2430 fits no loop's qualifier: H023, not also H070.
    let text = OK.replacen(ADJUDICATION, &format!("{ADJUDICATION}NM1*ZZ*1~\n"), 1);
    let f = findings(&text);
    assert!(f.iter().any(|f| f.0 == "H023"), "{f:?}");
    assert!(!f.iter().any(|f| f.0 == "H070"), "{f:?}");
}

#[test]
fn the_999_reports_a_misplaced_loop_as_a_segment_out_of_sequence() {
    assert_eq!(Rule::LoopOutOfOrder.meta().ack.ik304, Some("7"));
}
