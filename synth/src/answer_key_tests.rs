//! The answer key of injected errors, the options, streaming and speed.

use super::tests::*;
use super::*;
use std::collections::HashSet;

fn check_answer_key(bytes: &[u8], summary: &Summary, newline: bool) {
    let segs = segments(bytes);
    let mut st_start = 0;
    let mut context = Vec::with_capacity(segs.len()); // (st index, st_ctl, gs_ctl, clm01, lx)
    let (mut st_ctl, mut gs_ctl, mut clm, mut lx) = ("", "", "", 0);
    for (i, (_, s)) in segs.iter().enumerate() {
        match id(s) {
            "GS" => gs_ctl = el(s, 6),
            "ST" => {
                st_start = i;
                st_ctl = el(s, 2);
            }
            "CLM" => {
                clm = el(s, 1);
                lx = 0;
            }
            "LX" => lx = el(s, 1).parse().unwrap(),
            _ => {}
        }
        context.push((i - st_start + 1, st_ctl, gs_ctl, clm, lx));
    }
    let mut last = 0;
    let mut mismatches = HashSet::new();
    for e in &summary.errors {
        assert!(e.file_segment > last, "key in file order");
        last = e.file_segment;
        let (offset, seg) = segs[e.file_segment - 1];
        assert_eq!(offset, e.byte_offset, "{e:?}");
        assert!(bytes[e.byte_offset..].starts_with(format!("{}*", e.segment_id).as_bytes()));
        assert_eq!(id(seg), e.segment_id);
        assert_eq!(
            element_value(seg, &e.element),
            Some(e.value.as_str()),
            "{e:?} in {seg}"
        );
        assert_ne!(e.value, e.expected);
        let (st_pos, st, gs, claim, line) = context[e.file_segment - 1];
        assert_eq!(
            (e.st_segment, e.st_control.as_str(), e.gs_control.as_str()),
            (st_pos, st, gs)
        );
        assert_eq!(e.claim_id, claim);
        if e.kind == ErrorKind::Clm02Mismatch {
            assert_eq!(e.element, "CLM02");
            assert!(
                mismatches.insert(e.claim_id.clone()),
                "one mismatch per claim"
            );
            assert!(e.line >= 1);
        } else {
            assert_eq!(e.line, line, "{e:?}");
        }
        if newline {
            let line_no = bytes[..e.byte_offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            assert_eq!(line_no, e.file_segment);
        }
        // What each kind promises.
        let sv101 = el(seg, 1);
        match e.kind {
            ErrorKind::BadQualifier => assert!(sv101.starts_with("ZZ:")),
            ErrorKind::MalformedCode => assert_eq!(e.value.len(), 4),
            ErrorKind::HcpcsLevel3 => assert!(e.value.starts_with(['W', 'X', 'Y', 'Z'])),
            ErrorKind::CptWrongQualifier => {
                assert!(["ER", "IV", "WK"].contains(&e.value.as_str()));
                let code = sv101.split(':').nth(1).unwrap();
                assert!(PROCS.iter().any(|p| p.cpt && p.code == code), "{seg}");
            }
            ErrorKind::Modifier3Char => assert_eq!(e.value.len(), 3),
            ErrorKind::DxPointerMissing => {
                let hi = segs[..e.file_segment]
                    .iter()
                    .rev()
                    .find(|(_, s)| id(s) == "HI")
                    .unwrap()
                    .1;
                let n_dx = hi.split('*').count() - 1;
                assert!(e.value.parse::<usize>().unwrap() > n_dx);
                assert!(e.value.parse::<usize>().unwrap() <= 12);
            }
            ErrorKind::Clm02Mismatch => {}
        }
    }
    // Nothing else is wrong: segments not in the key look like the clean generator's.
    let flagged: HashSet<usize> = summary.errors.iter().map(|e| e.file_segment).collect();
    for (i, (_, s)) in segs.iter().enumerate() {
        if id(s) == "SV1" && !flagged.contains(&(i + 1)) {
            assert!(el(s, 1).starts_with("HC:"), "{s}");
        }
    }
}

#[test]
fn answer_key_points_at_the_errors() {
    for (seed, newline) in [(1, false), (2, true), (3, false)] {
        let o = Options {
            newline,
            claims_per_st: 120,
            st_per_gs: 2,
            ..with_errors(seed, 0.25)
        };
        let (bytes, summary) = generate(&o);
        let kinds: HashSet<ErrorKind> = summary.errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds.len(), ErrorKind::ALL.len(), "all kinds drawn");
        assert!(summary.errors.len() > 200);
        check_answer_key(&bytes, &summary, newline);
    }
}

#[test]
fn expected_values_are_those_of_the_clean_file() {
    let o = with_errors(11, 0.3);
    let (bytes, summary) = generate(&o);
    let (clean, clean_summary) = generate(&Options {
        error_rate: 0.0,
        ..o.clone()
    });
    assert!(clean_summary.errors.is_empty());
    let segs = segments(&bytes);
    let clean_segs = segments(&clean);
    let clean_idx = claims_index(&clean_segs);
    // A J-code line whose code was replaced loses its LIN and CTP; nothing else moves.
    let dropped = summary
        .errors
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                ErrorKind::HcpcsLevel3 | ErrorKind::CptWrongQualifier
            )
        })
        .filter(|e| id(clean_segs[clean_idx[&e.claim_id].1[e.line - 1] + 2].1) == "LIN")
        .count();
    assert_eq!(clean_summary.segments, summary.segments + 2 * dropped);
    let mut touched = HashSet::new();
    for e in &summary.errors {
        let (clm, sv1s) = &clean_idx[&e.claim_id];
        let clean_seg = if e.segment_id == "CLM" {
            clean_segs[*clm].1
        } else {
            clean_segs[sv1s[e.line - 1]].1
        };
        let expected = element_value(clean_seg, &e.element).unwrap_or("");
        assert_eq!(expected, e.expected, "{e:?}");
        touched.insert(e.file_segment);
    }
    // Every claim not touched by an error is byte-for-byte the clean claim.
    let idx = claims_index(&segs);
    for (claim, (clm, sv1s)) in &idx {
        let (clean_clm, clean_sv1s) = &clean_idx[claim];
        if !touched.contains(&(clm + 1)) {
            assert_eq!(segs[*clm].1, clean_segs[*clean_clm].1);
        }
        for (a, b) in sv1s.iter().zip(clean_sv1s) {
            if !touched.contains(&(a + 1)) {
                assert_eq!(segs[*a].1, clean_segs[*b].1);
            }
        }
    }
}

#[test]
fn no_errors_no_key() {
    let (_, summary) = generate(&Options {
        claims: 200,
        error_rate: 0.0,
        kinds: vec![],
        ..Options::default()
    });
    assert!(summary.errors.is_empty());
    let (_, summary) = generate(&Options {
        claims: 200,
        ..Options::default()
    });
    assert!(summary.errors.is_empty());
}

#[test]
fn one_clm02_mismatch_per_claim() {
    let o = Options {
        claims: 150,
        lines_per_claim: 5,
        error_rate: 1.0,
        kinds: vec![ErrorKind::Clm02Mismatch],
        seed: 8,
        ..Options::default()
    };
    let (bytes, summary) = generate(&o);
    assert_eq!(summary.errors.len(), 150);
    assert!(
        summary
            .errors
            .iter()
            .all(|e| e.kind == ErrorKind::Clm02Mismatch && e.segment_id == "CLM" && e.line == 1)
    );
    let ids: HashSet<&str> = summary.errors.iter().map(|e| e.claim_id.as_str()).collect();
    assert_eq!(ids.len(), 150);
    check_answer_key(&bytes, &summary, false);
    // CLM02 differs from the line sum by whole dollars; `expected` is the sum.
    let segs = segments(&bytes);
    for e in &summary.errors {
        let i = e.file_segment - 1;
        let sum: u64 = segs[i..]
            .iter()
            .skip(1)
            .take_while(|(_, s)| id(s) != "HL" && id(s) != "SE")
            .filter(|(_, s)| id(s) == "SV1")
            .map(|(_, s)| cents(el(s, 2)))
            .sum();
        assert_eq!(cents(&e.expected), sum);
        let diff = cents(&e.value).abs_diff(sum);
        assert!(diff > 0 && diff.is_multiple_of(100) && diff <= 5000);
    }
    // With another kind allowed, the repeated draws become line errors.
    let (bytes, summary) = generate(&Options {
        kinds: vec![ErrorKind::Clm02Mismatch, ErrorKind::BadQualifier],
        ..o
    });
    assert_eq!(summary.errors.len(), 150 * 5);
    let mismatches = summary
        .errors
        .iter()
        .filter(|e| e.kind == ErrorKind::Clm02Mismatch)
        .count();
    assert!(mismatches > 120 && mismatches <= 150, "{mismatches}");
    check_answer_key(&bytes, &summary, false);
}

#[test]
fn only_the_requested_kinds() {
    let kinds = vec![ErrorKind::DxPointerMissing, ErrorKind::Modifier3Char];
    let (bytes, summary) = generate(&Options {
        kinds: kinds.clone(),
        ..with_errors(4, 0.5)
    });
    assert!(!summary.errors.is_empty());
    assert!(summary.errors.iter().all(|e| kinds.contains(&e.kind)));
    check_answer_key(&bytes, &summary, false);
}

#[test]
fn newline_after_every_terminator() {
    let o = Options {
        claims: 30,
        newline: true,
        ..Options::default()
    };
    let (bytes, summary) = generate(&o);
    let (flat, flat_summary) = generate(&Options {
        newline: false,
        ..o
    });
    let tildes = bytes.iter().filter(|&&b| b == b'~').count();
    assert_eq!(tildes, summary.segments);
    assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), tildes);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'~' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'));
        }
    }
    assert!(bytes.ends_with(b"~\n"));
    assert_eq!(bytes.len(), flat.len() + flat_summary.segments);
    let stripped: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'\n').collect();
    assert_eq!(stripped, flat);
    assert!(!flat.contains(&b'\n'));
}

#[test]
fn streams_in_bounded_writes() {
    struct Chunks {
        total: Vec<u8>,
        largest: usize,
    }
    impl Write for Chunks {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.largest = self.largest.max(buf.len());
            self.total.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let o = Options {
        claims: 2000,
        lines_per_claim: 5,
        error_rate: 0.01,
        ..Options::default()
    };
    let mut sink = Chunks {
        total: Vec::new(),
        largest: 0,
    };
    let summary = write(&o, &mut sink).unwrap();
    assert!(
        sink.largest < FLUSH_AT + 16 * 1024,
        "largest write {}",
        sink.largest
    );
    let (bytes, expected) = generate(&o);
    assert_eq!(sink.total, bytes);
    assert_eq!(summary, expected);
    // About a megabyte.
    assert!(
        summary.bytes > 900_000 && summary.bytes < 2_000_000,
        "{} bytes",
        summary.bytes
    );
    assert_eq!(summary.service_lines, 10_000);
}

#[test]
fn invalid_options_are_rejected() {
    let bad = [
        Options {
            claims: 0,
            ..Options::default()
        },
        Options {
            lines_per_claim: 0,
            ..Options::default()
        },
        Options {
            lines_per_claim: 51,
            ..Options::default()
        },
        Options {
            error_rate: 1.5,
            ..Options::default()
        },
        Options {
            error_rate: f64::NAN,
            ..Options::default()
        },
        Options {
            error_rate: 0.1,
            kinds: vec![],
            ..Options::default()
        },
        Options {
            dependent_rate: -0.1,
            ..Options::default()
        },
        Options {
            claims_per_st: 0,
            ..Options::default()
        },
        Options {
            claims_per_provider: 0,
            ..Options::default()
        },
        Options {
            version: "005010*X222A1".into(),
            ..Options::default()
        },
        Options {
            version: String::new(),
            ..Options::default()
        },
    ];
    for o in bad {
        let mut out = Vec::new();
        let err = write(&o, &mut out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{o:?}");
        assert!(out.is_empty());
    }
    let (_, s) = generate(&Options {
        lines_per_claim: 50,
        claims: 2,
        ..Options::default()
    });
    assert_eq!(s.service_lines, 100);
}

#[test]
fn names_and_helpers() {
    let names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        [
            "bad_qualifier",
            "malformed_code",
            "hcpcs_level3",
            "cpt_wrong_qualifier",
            "modifier_3char",
            "dx_pointer_missing",
            "clm02_mismatch"
        ]
    );
    for k in ErrorKind::ALL {
        assert_eq!(ErrorKind::from_name(k.name()), Some(k));
    }
    assert_eq!(ErrorKind::from_name("nope"), None);
    assert_eq!(money_string(15000), "150");
    assert_eq!(money_string(1250), "12.5");
    assert_eq!(money_string(5), "0.05");
    assert_eq!(money_string(0), "0");
    assert_eq!(money_string(123_456), "1234.56");
    // NPI check digit: the CMS example 123456789 -> 3.
    assert_eq!(npi_check_digit(b"123456789"), b'3');
    assert!(npi_valid("1234567893"));
    assert_eq!(date_of_day(1), (2024, 1, 1));
    assert_eq!(date_of_day(60), (2024, 2, 29));
    assert_eq!(date_of_day(366), (2024, 12, 31));
    assert_eq!(PROC_WEIGHT_TOTAL, 82);
}

/// `cargo test --release --lib synth -- --ignored --nocapture`
#[test]
#[ignore = "benchmark: about 100 MB"]
fn speed_100mb() {
    let probe = write(
        &Options {
            claims: 1000,
            lines_per_claim: 5,
            ..Options::default()
        },
        &mut io::sink(),
    )
    .unwrap();
    let claims = 100_000_000 * 1000 / probe.bytes;
    let o = Options {
        claims,
        lines_per_claim: 5,
        error_rate: 0.001,
        ..Options::default()
    };
    let start = std::time::Instant::now();
    let summary = write(&o, &mut io::sink()).unwrap();
    let elapsed = start.elapsed();
    println!(
        "synth: {} bytes, {} segments, {} claims, {} lines, {} errors in {:.3} s ({:.0} MB/s)",
        summary.bytes,
        summary.segments,
        summary.claims,
        summary.service_lines,
        summary.errors.len(),
        elapsed.as_secs_f64(),
        summary.bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );
    assert!(summary.bytes >= 99_000_000);
}
