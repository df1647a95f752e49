//! Service lines: built clean, paired with their companions, and given injected errors.

use super::*;

/// One service line; `Copy`, so a claim's lines live in a reused vector without allocation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) cpt: bool,
    pub(super) qual: &'static str,
    pub(super) code: &'static str,
    pub(super) mods: [&'static str; 2],
    pub(super) n_mods: usize,
    pub(super) cents: u64,
    pub(super) basis: &'static str,
    pub(super) qty: u64,
    pub(super) ptrs: [u8; 4],
    pub(super) n_ptrs: usize,
    pub(super) ndc: Option<&'static str>,
}

pub(super) fn build_line(rng: &mut Rng, n_dx: usize) -> Line {
    let mut r = rng.below(PROC_WEIGHT_TOTAL);
    let mut i = 0;
    while r >= PROCS[i].weight {
        r -= PROCS[i].weight;
        i += 1;
    }
    let pr = &PROCS[i];
    let chosen = rng.pick(pr.mods);
    let mut mods = [""; 2];
    mods[..chosen.len()].copy_from_slice(chosen);
    let qty = rng.range(pr.qlo, pr.qhi);
    let cents = if pr.basis == "MJ" {
        // Anesthesia: the charge scales with the minutes.
        rng.range(pr.lo, pr.hi) * 100
    } else {
        let unit = if pr.hi > 0 {
            rng.range(pr.lo * 100, pr.hi * 100)
        } else {
            0
        };
        (unit - unit % 5) * qty
    };
    // Distinct pointers into HI: a partial Fisher-Yates shuffle of 1..=n_dx.
    let n_ptrs = rng.range(1, n_dx.min(4) as u64) as usize;
    let mut pool = [1u8, 2, 3, 4];
    for k in 0..n_ptrs {
        let j = k + rng.below((n_dx - k) as u64) as usize;
        pool.swap(k, j);
    }
    Line {
        cpt: pr.cpt,
        qual: "HC",
        code: pr.code,
        mods,
        n_mods: chosen.len(),
        cents,
        basis: pr.basis,
        qty,
        ptrs: pool,
        n_ptrs,
        ndc: pr.ndc,
    }
}

/// The line billed right before a line of `code` so that the claim is consistent: the
/// injection that gives the drug, the vaccine that the administration gives.
pub(super) fn companion(code: &str) -> Option<&'static str> {
    match code {
        "J1885" => Some("96372"),
        "90471" => Some("90707"),
        _ => None,
    }
}

pub(super) fn companion_line(code: &'static str, of: &Line) -> Line {
    let pr = PROCS
        .iter()
        .find(|p| p.code == code)
        .expect("companions are in PROCS");
    Line {
        cpt: pr.cpt,
        qual: "HC",
        code,
        mods: [""; 2],
        n_mods: 0,
        cents: pr.lo * 100,
        basis: pr.basis,
        qty: 1,
        ptrs: of.ptrs,
        n_ptrs: of.n_ptrs,
        ndc: None,
    }
}

/// Modifiers that say a line repeats a service on purpose.
pub(super) const REPEAT_MODIFIERS: [&str; 4] = ["76", "77", "59", "XU"];

/// Whether `line` bills the same code with the same modifiers as a line of `lines`.
pub(super) fn repeats(lines: &[Line], line: &Line) -> bool {
    let mods = |l: &Line| {
        let mut m = l.mods;
        m[l.n_mods..].fill("");
        m.sort_unstable();
        m
    };
    lines
        .iter()
        .any(|l| l.code == line.code && mods(l) == mods(line))
}

/// An error decided for a line of the current claim, before the claim is written.
pub(super) struct Pending {
    pub(super) line: usize,
    pub(super) kind: ErrorKind,
    pub(super) element: String,
    pub(super) value: String,
    pub(super) expected: String,
}

/// Mutates a clean line to carry one error of `kind` (not `Clm02Mismatch`); returns
/// (element, value, expected) as `gen837.py`'s `inject`.
pub(super) fn inject(
    rng: &mut Rng,
    line: &mut Line,
    kind: ErrorKind,
    n_dx: usize,
) -> (String, String, String) {
    let s = |x: &str| x.to_string();
    match kind {
        ErrorKind::BadQualifier => {
            line.qual = "ZZ";
            (s("SV101-1"), s("ZZ"), s("HC"))
        }
        ErrorKind::MalformedCode => {
            let good = line.code;
            line.code = &good[..good.len() - 1];
            (s("SV101-2"), s(line.code), s(good))
        }
        ErrorKind::HcpcsLevel3 => {
            let good = line.code;
            line.code = rng.pick(&["X1234", "X1234", "W4321", "Y0010", "Z9876"]);
            line.cpt = false;
            line.ndc = None;
            (s("SV101-2"), s(line.code), s(good))
        }
        ErrorKind::CptWrongQualifier => {
            if !line.cpt {
                // Replace the HCPCS code with a CPT code so the error is what it says.
                line.code = rng.pick(&["99213", "99214", "93000", "36415", "81002"]);
                line.cpt = true;
                line.n_mods = 0;
                line.ndc = None;
                line.basis = "UN";
                line.qty = 1;
            }
            let q = rng.pick(&["ER", "IV", "WK"]);
            line.qual = q;
            (s("SV101-1"), s(q), s("HC"))
        }
        ErrorKind::Modifier3Char => {
            let bad = rng.pick(&["25X", "RTT", "591", "LTX", "QW1"]);
            let good = if line.n_mods > 0 { line.mods[0] } else { "" };
            line.mods[0] = bad;
            line.n_mods = line.n_mods.max(1);
            (s("SV101-3"), s(bad), s(good))
        }
        ErrorKind::DxPointerMissing => {
            let bad = rng.range(n_dx as u64 + 1, 12) as u8;
            let idx = if line.n_ptrs < 4 {
                rng.below(line.n_ptrs as u64 + 1) as usize
            } else {
                rng.below(4) as usize
            };
            let good = if idx >= line.n_ptrs {
                line.n_ptrs += 1;
                String::new()
            } else {
                line.ptrs[idx].to_string()
            };
            line.ptrs[idx] = bad;
            (format!("SV107-{}", idx + 1), bad.to_string(), good)
        }
        ErrorKind::Clm02Mismatch => unreachable!("clm02_mismatch is not a line error"),
    }
}

/// `(year, month, day)` of day `doy` (1-based) of 2024.
pub(super) fn date_of_day(mut doy: u32) -> (u32, u32, u32) {
    let mut m = 0;
    while doy > MONTH_DAYS[m] {
        doy -= MONTH_DAYS[m];
        m += 1;
    }
    (YEAR, m as u32 + 1, doy)
}

/// Luhn check digit of a 9-digit NPI base with the `80840` prefix.
pub(super) fn npi_check_digit(base: &[u8; 9]) -> u8 {
    let mut total = 0u32;
    // The payload is 80840 + base; its rightmost digit is doubled (the check digit follows).
    let payload = b"80840".iter().chain(base.iter());
    for (i, &d) in payload.rev().enumerate() {
        let mut d = u32::from(d - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        total += d;
    }
    b'0' + ((10 - total % 10) % 10) as u8
}

pub(super) fn make_npi(rng: &mut Rng) -> [u8; 10] {
    let mut npi = [0u8; 10];
    npi[0] = b'1' + rng.below(2) as u8;
    for d in &mut npi[1..9] {
        *d = b'0' + rng.below(10) as u8;
    }
    let base: [u8; 9] = npi[..9].try_into().unwrap_or([b'1'; 9]);
    npi[9] = npi_check_digit(&base);
    npi
}
