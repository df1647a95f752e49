//! `--redact`: a file full of fake personal data gives reports in which none of it appears,
//! in every output format, while codes, amounts and dates of service stay readable.

use assert_cmd::Command;

const SAMPLE: &str = "samples/redact/fake_personal_data.x12";

/// Every personal value in the sample: names, member and group numbers, the claim number,
/// addresses, the birth date, the practice's name and its NPI.
const PERSONAL: &[&str] = &[
    "QUIXOTEVANDER",
    "ZELPHINA",
    "ZQXMEMBER4711",
    "ZQXGROUP5150",
    "ZQXPCN778899",
    "WIMBLEQUARK",
    "FROBNITZVILLE",
    "627019876",
    "19770707",
    "ZQXCLINIC",
    "WOMBATS",
    "1730098761",
];

fn output(args: &[&str]) -> String {
    let out = Command::cargo_bin("claimlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn no_personal_value_reaches_any_output() {
    for format in ["human", "concise", "json", "jsonl", "sarif", "999"] {
        let text = output(&["check", "--redact", "--format", format, SAMPLE]);
        assert!(text.len() > 200, "{format}: {text}");
        for value in PERSONAL {
            assert!(!text.contains(value), "{format} shows `{value}`:\n{text}");
        }
    }
    let ack = output(&["ack", "--redact", SAMPLE]);
    assert!(ack.contains("IK5*R"), "{ack}");
    for value in PERSONAL {
        assert!(!ack.contains(value), "ack shows `{value}`:\n{ack}");
    }
}

#[test]
fn codes_amounts_and_dates_of_service_stay_readable() {
    let text = output(&["check", "--redact", SAMPLE]);
    for kept in [
        "SV1*HC:9921*50*UN*1***1:7~",
        "HI*ABK:J029*ABF:R509~",
        "*175***11:B:1*",
    ] {
        assert!(text.contains(kept), "`{kept}` missing:\n{text}");
    }
}

#[test]
fn without_redact_the_same_report_shows_the_data() {
    // The test above can fail: the sample's findings do show personal data unredacted.
    let text = output(&["check", SAMPLE]);
    for value in ["ZQXGROUP5150", "ZQXPCN778899", "ZQXCLINIC", "1730098761"] {
        assert!(
            text.contains(value),
            "`{value}` expected in the plain report:\n{text}"
        );
    }
}
