//! The generated files: deterministic, well counted, valid, and clean when asked to be.

use super::*;
use std::collections::{HashMap, HashSet};

// ---- a tiny independent reader of the generated text ----

/// The segments with their byte offsets (terminator `~`, optional `\n` after it).
pub(super) fn segments(bytes: &[u8]) -> Vec<(usize, &str)> {
    let text = std::str::from_utf8(bytes).expect("ASCII output");
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'~' {
            out.push((start, &text[start..i]));
            start = i + 1;
            if text.as_bytes().get(start) == Some(&b'\n') {
                start += 1;
            }
        }
    }
    assert_eq!(start, text.len(), "text after the last terminator");
    out
}

pub(super) fn el(seg: &str, n: usize) -> &str {
    seg.split('*').nth(n).unwrap_or("")
}

pub(super) fn id(seg: &str) -> &str {
    el(seg, 0)
}

/// The value of an X12 reference such as `CLM02`, `SV101-3`, `SV107-2` in `seg`.
pub(super) fn element_value<'s>(seg: &'s str, reference: &str) -> Option<&'s str> {
    let rest = reference.strip_prefix(id(seg))?;
    let (pos, comp) = match rest.split_once('-') {
        Some((p, c)) => (p, Some(c.parse::<usize>().ok()?)),
        None => (rest, None),
    };
    let element = seg.split('*').nth(pos.parse().ok()?)?;
    match comp {
        None => Some(element),
        Some(c) => element.split(':').nth(c - 1),
    }
}

pub(super) fn cents(amount: &str) -> u64 {
    let (d, f) = amount.split_once('.').unwrap_or((amount, ""));
    assert!(f.len() <= 2 && !f.ends_with('0'), "amount {amount}");
    let f = format!("{f:0<2}");
    d.parse::<u64>().unwrap() * 100 + f.parse::<u64>().unwrap()
}

pub(super) fn valid_date(d: &str) -> bool {
    if d.len() != 8 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (y, m, day): (u32, u32, u32) = (
        d[..4].parse().unwrap(),
        d[4..6].parse().unwrap(),
        d[6..].parse().unwrap(),
    );
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && day >= 1 && day <= days[m as usize - 1]
}

pub(super) fn npi_valid(npi: &str) -> bool {
    let b = npi.as_bytes();
    b.len() == 10
        && b.iter().all(u8::is_ascii_digit)
        && npi_check_digit(b[..9].try_into().unwrap()) == b[9]
}

/// Per claim: CLM01 -> (index of the CLM segment, SV1 segment indexes by line).
pub(super) fn claims_index(segs: &[(usize, &str)]) -> HashMap<String, (usize, Vec<usize>)> {
    let mut map: HashMap<String, (usize, Vec<usize>)> = HashMap::new();
    let mut current = String::new();
    for (i, (_, s)) in segs.iter().enumerate() {
        match id(s) {
            "CLM" => {
                current = el(s, 1).to_string();
                map.insert(current.clone(), (i, Vec::new()));
            }
            "SV1" => map.get_mut(&current).unwrap().1.push(i),
            _ => {}
        }
    }
    map
}

pub(super) fn with_errors(seed: u64, rate: f64) -> Options {
    Options {
        claims: 300,
        lines_per_claim: 4,
        seed,
        error_rate: rate,
        ..Options::default()
    }
}

// ---- tests ----

#[test]
fn same_options_same_bytes_other_seed_other_bytes() {
    let o = with_errors(42, 0.2);
    let (a, sa) = generate(&o);
    let (b, sb) = generate(&o);
    assert_eq!(a, b);
    assert_eq!(sa, sb);
    let (c, _) = generate(&Options {
        seed: 43,
        ..o.clone()
    });
    assert_ne!(a, c);
    let (d, _) = generate(&Options {
        seed: 43,
        ..Options::default()
    });
    let (e, _) = generate(&Options {
        seed: 44,
        ..Options::default()
    });
    assert_ne!(d, e);
}

#[test]
fn envelope_counts_and_control_numbers() {
    for (claims, per_st, st_per_gs) in [(1, 5000, 10), (50, 7, 3), (23, 5, 0), (40, 4, 10)] {
        let o = Options {
            claims,
            claims_per_st: per_st,
            st_per_gs,
            claims_per_provider: 3,
            seed: 9,
            ..Options::default()
        };
        let (bytes, summary) = generate(&o);
        let segs = segments(&bytes);
        assert_eq!(summary.segments, segs.len());
        assert_eq!(summary.bytes, bytes.len());
        let isa = segs[0].1;
        assert_eq!(isa.len(), 105, "ISA is fixed width");
        assert!(
            isa.starts_with(
                "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *"
            )
        );
        let (mut gs_count, mut st_in_gs, mut st_start, mut st_ctl, mut gs_ctl) = (0, 0, 0, "", "");
        let mut st_total = 0;
        let mut ctl_seen = HashSet::new();
        for (i, (_, s)) in segs.iter().enumerate() {
            match id(s) {
                "GS" => {
                    gs_count += 1;
                    st_in_gs = 0;
                    gs_ctl = el(s, 6);
                    assert_eq!(gs_ctl, gs_count.to_string());
                    assert_eq!(el(s, 8), "005010X222A1");
                }
                "ST" => {
                    st_in_gs += 1;
                    st_total += 1;
                    st_start = i;
                    st_ctl = el(s, 2);
                    assert!(ctl_seen.insert(st_ctl.to_string()));
                    assert_eq!(el(s, 3), "005010X222A1");
                }
                "SE" => {
                    assert_eq!(el(s, 1), (i - st_start + 1).to_string(), "SE01 of {st_ctl}");
                    assert_eq!(el(s, 2), st_ctl);
                }
                "GE" => {
                    assert_eq!(el(s, 1), st_in_gs.to_string());
                    assert_eq!(el(s, 2), gs_ctl);
                }
                "IEA" => {
                    assert_eq!(i, segs.len() - 1);
                    assert_eq!(el(s, 1), gs_count.to_string());
                    assert_eq!(el(s, 2), el(isa, 13));
                }
                _ => {}
            }
        }
        let n_st = claims.div_ceil(per_st);
        assert_eq!(st_total, n_st);
        let expected_gs = if st_per_gs == 0 {
            1
        } else {
            n_st.div_ceil(st_per_gs)
        };
        assert_eq!(gs_count, expected_gs);
    }
}

#[test]
fn claim_line_and_loop_counts() {
    let o = Options {
        claims: 257,
        lines_per_claim: 7,
        claims_per_st: 100,
        claims_per_provider: 30,
        seed: 5,
        ..Options::default()
    };
    let (bytes, summary) = generate(&o);
    let segs = segments(&bytes);
    let count = |sid: &str| segs.iter().filter(|(_, s)| id(s) == sid).count();
    assert_eq!(count("CLM"), 257);
    assert_eq!(count("LX"), 257 * 7);
    assert_eq!(count("SV1"), 257 * 7);
    assert_eq!(count("DTP"), 257 * 7);
    assert_eq!(count("LIN"), count("CTP"));
    assert_eq!(summary.claims, 257);
    assert_eq!(summary.service_lines, 257 * 7);
    // Providers: ceil(100/30) per full set of 100 claims, ceil(57/30) in the last.
    assert_eq!(
        segs.iter()
            .filter(|(_, s)| s.starts_with("HL*") && el(s, 3) == "20")
            .count(),
        4 + 4 + 2
    );
    let dependents = segs
        .iter()
        .filter(|(_, s)| s.starts_with("HL*") && el(s, 3) == "23")
        .count();
    assert!(
        dependents > 30 && dependents < 130,
        "dependents {dependents}"
    );
    // HL numbering restarts per ST, is sequential, and parents exist at the right level.
    let mut levels: HashMap<&str, &str> = HashMap::new();
    let mut next = 1;
    let mut lx_expected = 1;
    for (_, s) in &segs {
        match id(s) {
            "ST" => {
                levels.clear();
                next = 1;
            }
            "HL" => {
                assert_eq!(el(s, 1), next.to_string());
                next += 1;
                let parent = el(s, 2);
                match el(s, 3) {
                    "20" => assert_eq!(parent, ""),
                    "22" => assert_eq!(levels[parent], "20"),
                    "23" => assert_eq!(levels[parent], "22"),
                    other => panic!("HL03 {other}"),
                }
                levels.insert(el(s, 1), el(s, 3));
            }
            "CLM" => lx_expected = 1,
            "LX" => {
                assert_eq!(el(s, 1), lx_expected.to_string());
                lx_expected += 1;
            }
            _ => {}
        }
    }
}

#[test]
fn clean_file_is_valid() {
    let o = Options {
        claims: 600,
        lines_per_claim: 6,
        seed: 77,
        ..Options::default()
    };
    let (bytes, summary) = generate(&o);
    assert!(summary.errors.is_empty());
    let segs = segments(&bytes);
    let creation = el(segs.iter().find(|(_, s)| id(s) == "BHT").unwrap().1, 4).to_string();
    let (mut n_dx, mut sum, mut clm02, mut sbr02) = (0, 0, None, "");
    let (mut dependent_payers, mut kinds_seen) = (HashSet::new(), HashSet::new());
    for (_, s) in &segs {
        // ISA16 is the component separator itself.
        let body = if id(s) == "ISA" { &s[..s.len() - 2] } else { s };
        assert!(
            !body.ends_with('*') && !body.ends_with(':') && !body.contains(":*"),
            "trailing separator: {s}"
        );
        assert!(s.bytes().all(|b| b.is_ascii_graphic() || b == b' '), "{s}");
        match id(s) {
            "NM1" if el(s, 1) == "85" => assert!(npi_valid(el(s, 9)), "NPI {s}"),
            "SBR" => sbr02 = el(s, 2),
            "NM1" if el(s, 1) == "PR" && sbr02.is_empty() => {
                dependent_payers.insert(el(s, 3).to_string());
            }
            "DMG" => assert!(valid_date(el(s, 2)) && el(s, 2) < "2024", "{s}"),
            "CLM" => {
                if let Some(clm02) = clm02 {
                    assert_eq!(sum, clm02, "CLM02 = sum of SV102");
                }
                clm02 = Some(cents(el(s, 2)));
                sum = 0;
                assert_eq!(el(s, 5), "11:B:1");
            }
            "HI" => {
                let codes: Vec<&str> = s.split('*').skip(1).collect();
                n_dx = codes.len();
                assert!((1..=4).contains(&n_dx));
                for (i, c) in codes.iter().enumerate() {
                    let (q, code) = c.split_once(':').unwrap();
                    assert_eq!(q, if i == 0 { "ABK" } else { "ABF" });
                    assert!(ICD10.contains(&code), "{code}");
                }
                let distinct: HashSet<_> = codes.iter().collect();
                assert_eq!(distinct.len(), n_dx);
            }
            "SV1" => {
                let sv101: Vec<&str> = el(s, 1).split(':').collect();
                assert_eq!(sv101[0], "HC");
                assert!(PROCS.iter().any(|p| p.code == sv101[1]), "{s}");
                assert!(sv101[2..].iter().all(|m| m.len() == 2), "{s}");
                kinds_seen.insert(sv101[1].to_string());
                sum += cents(el(s, 2));
                let ptrs: Vec<usize> = el(s, 7).split(':').map(|p| p.parse().unwrap()).collect();
                assert!((1..=4).contains(&ptrs.len()));
                assert!(
                    ptrs.iter().all(|&p| p >= 1 && p <= n_dx),
                    "{s} with {n_dx} dx"
                );
                assert_eq!(ptrs.iter().collect::<HashSet<_>>().len(), ptrs.len());
            }
            "DTP" => {
                let d = el(s, 3);
                assert!(
                    valid_date(d) && d.starts_with("2024") && d <= creation.as_str(),
                    "{s}"
                );
            }
            "LIN" => assert_eq!(*s, "LIN**N4*00409379501"),
            _ => {}
        }
    }
    assert_eq!(Some(sum), clm02, "CLM02 = sum of SV102");
    assert_eq!(kinds_seen.len(), PROCS.len(), "every procedure appears");
    assert!(!dependent_payers.is_empty());
    assert!(
        dependent_payers
            .iter()
            .all(|p| p != "MEDICARE PART B" && p != "STATE MEDICAID")
    );
}
