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

/// Runs the binary with a configuration file and environment; returns stdout.
fn run_with(config: &str, env: &[(&str, &str)], args: &[&str]) -> String {
    // One directory per call: tests run in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("redact-config-{}", std::process::id()))
        .join(call.to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("claimlint.toml");
    std::fs::write(&path, config).unwrap();
    let mut cmd = Command::cargo_bin("claimlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLAIMLINT_REDACT_KEY")
        .args(["check", "--config"])
        .arg(&path)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
}

#[test]
fn redact_in_the_configuration_applies_and_no_redact_overrides_it() {
    let args = ["--format", "concise", SAMPLE];
    let redacted = run_with("redact = true\n", &[], &args);
    assert!(
        redacted.contains("claim ############ (1 of 1)"),
        "{redacted}"
    );
    assert!(!redacted.contains("ZQXPCN778899"), "{redacted}");
    let plain = run_with(
        "redact = true\n",
        &[],
        &["--no-redact", "--format", "concise", SAMPLE],
    );
    assert!(plain.contains("claim ZQXPCN778899 (1 of 1)"), "{plain}");
    // The command line's `--redact` wins over `redact = false`.
    let forced = run_with(
        "redact = false\n",
        &[],
        &["--redact", "--format", "concise", SAMPLE],
    );
    assert!(!forced.contains("ZQXPCN778899"), "{forced}");
}

#[test]
fn claim_numbers_become_keyed_pseudonyms() {
    // HMAC-SHA-256("example-key", "ZQXPCN778899"), computed outside claimlint:
    // python3 -c "import hmac,hashlib; print(hmac.new(b'example-key', b'ZQXPCN778899',
    // hashlib.sha256).hexdigest()[:12])"
    let expected = "pk_8a3aa1302293";
    let args = ["--redact", "--format", "json", SAMPLE];
    let json = run_with("", &[("CLAIMLINT_REDACT_KEY", "example-key")], &args);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let claim = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|d| d["claim"].as_object().cloned())
        .expect("a finding inside the claim");
    assert_eq!(claim["id"], expected);
    assert_eq!(claim["payer"], "66783");
    // The sample's billing NPI fails its check digit: it may be anything, so it is masked.
    assert_eq!(claim["billing_npi"], "##########");
    // The configuration's key is used when the environment has none, and differs.
    let from_config = run_with("redact-key = \"config-key\"\n", &[], &args);
    assert!(!from_config.contains(expected), "{from_config}");
    assert!(from_config.contains("\"id\": \"pk_"), "{from_config}");
    // Without a key the number is masked.
    let unkeyed = run_with("", &[], &args);
    assert!(unkeyed.contains("\"id\": \"############\""), "{unkeyed}");
}

#[test]
fn a_stray_line_never_becomes_a_segment_id_in_the_999() {
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let stray = sample.replacen("LX*1~\n", "LX*1~\nQUIXOTEVANDER ZELPHINA 19770707\n", 1);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("redact-stray-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("stray.x12");
    std::fs::write(&path, stray).unwrap();
    let path = path.to_str().unwrap();
    let ack = output(&["ack", "--redact", path]);
    assert!(ack.contains("IK5*R"), "{ack}");
    for value in ["QUIXOTE", "ZELPHINA", "19770707", "770707"] {
        assert!(!ack.contains(value), "ack shows `{value}`:\n{ack}");
    }
    // No IK3 names the stray line: every IK301 is a segment ID of the 837P.
    for ik3 in ack.lines().filter(|l| l.starts_with("IK3*")) {
        let id = ik3.split('*').nth(1).unwrap_or_default();
        assert!(
            [
                "NM1", "SBR", "HL", "CLM", "SV1", "LX", "DTP", "HI", "N3", "N4", "DMG", "SE"
            ]
            .contains(&id),
            "{ik3}"
        );
    }
    let human = output(&["check", "--redact", path]);
    assert!(human.contains("H020"), "{human}");
    assert!(
        !human.contains("QUIXOTE") && !human.contains("770707"),
        "{human}"
    );
}

#[test]
fn a_character_outside_the_x12_sets_is_named_by_its_bytes_only() {
    // A UTF-8 `É` in the last name and a Latin-1 `É` in the first name: H046 on both.
    let sample = std::fs::read(SAMPLE).unwrap();
    let name: &[u8] = b"QUIXOTEVANDER*ZELPHINA";
    let at = sample
        .windows(name.len())
        .position(|w| w == name)
        .expect("the patient's name");
    let accented = [
        &sample[..at],
        b"QUIXOT\xc3\x89VANDER*Z\xc9LPHINA",
        &sample[at + name.len()..],
    ]
    .concat();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("redact-accent-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("accent.x12");
    std::fs::write(&path, accented).unwrap();
    let path = path.to_str().unwrap();
    for format in ["human", "concise", "json", "jsonl", "sarif", "999"] {
        let text = output(&["check", "--redact", "--format", format, path]);
        if format != "999" {
            assert!(
                text.contains("NM103 contains the UTF-8 character 0xC3 0x89"),
                "{format}: {text}"
            );
        }
        for value in ["QUIXOT", "VANDER", "LPHINA"] {
            assert!(!text.contains(value), "{format} shows `{value}`:\n{text}");
        }
    }
    let ack = output(&["ack", "--redact", path]);
    assert!(ack.contains("IK4*3*1035*6~"), "{ack}");
    assert!(!ack.contains("QUIXOT") && !ack.contains("LPHINA"), "{ack}");
}

#[test]
fn sarif_results_carry_the_claim_keys_and_a_claim_fingerprint() {
    let sarif = run_with(
        "",
        &[("CLAIMLINT_REDACT_KEY", "example-key")],
        &["--redact", "--format", "sarif", SAMPLE],
    );
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let in_claim: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| !r["properties"]["claim"].is_null())
        .collect();
    assert!(!in_claim.is_empty(), "{sarif}");
    for r in in_claim {
        let claim = &r["properties"]["claim"];
        assert_eq!(claim["id"], "pk_8a3aa1302293", "{r}");
        assert_eq!(claim["payer"], "66783", "{r}");
        let fingerprint = r["partialFingerprints"]["claimFinding/v1"]
            .as_str()
            .unwrap();
        assert!(
            fingerprint.contains("pk_8a3aa1302293|66783"),
            "{fingerprint}"
        );
    }
    assert!(!sarif.contains("ZQXPCN778899"));
}
