//! C016 `duplicate-diagnosis-code`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "C016",
    name: "duplicate-diagnosis-code",
    snip: Snip::CodeSets,
    severity: Severity::Warning,
    checks: &[Check::Claim(check)],
    summary: "the same diagnosis code appears twice in the claim's HI",
    ack: Ack::NONE,
    claim_status: Some(ClaimStatus {
        category: "A7",
        status: "255",
        entity: None,
    }),
    owns: &[],
    doc: r#"## What it does
Reports a diagnosis code that the claim's diagnosis HI segment lists again: the second
and any later copy of the same code, whatever its qualifier.

## Why does it matter?
Each of the at most 12 diagnosis positions is a place a line can point to (SV107). A
repeated code wastes a position and makes the pointers ambiguous; some payers reject the
claim (277CA), others drop the copy and shift the positions the lines point to.

## Example
```text
HI*ABK:J029*ABF:R509*ABF:J029~
```

## How to fix
List each diagnosis once, and point the lines at that one position.

## References
Loop 2300 HI, health care diagnosis code (data elements 1270, 1271); loop 2400 SV107
diagnosis code pointers.
"#,
};

/// C016
pub fn check(checker: &mut Checker, claim: &Claim<'_>) {
    if claim.diagnosis_count < 2 {
        return;
    }
    // Each code as one integer, compared with those before it: a claim has a few codes,
    // almost never the same one twice. A duplicate, a long code or a long list is judged
    // again by value, which words the findings.
    let mut keys = [0u64; 16];
    for (n, value) in claim.diagnosis_values().enumerate() {
        let Some(key) = key(value) else {
            return by_value(checker, claim);
        };
        if n == keys.len() || (key != EMPTY && keys[..n].contains(&key)) {
            return by_value(checker, claim);
        }
        keys[n] = key;
    }
}

/// The [`key`] of an empty code, which never makes a duplicate.
const EMPTY: u64 = 0;

/// A code of up to 7 bytes as one integer: its bytes from the top byte down, its length in
/// the low byte, so two codes have the same key exactly when they are equal. `None` for a
/// longer one. Two loads that may overlap (a byte loaded twice lands in the same place both
/// times), not a shift per byte.
#[inline(always)]
fn key(v: &[u8]) -> Option<u64> {
    let n = v.len();
    let bytes = match n {
        0 => return Some(EMPTY),
        1..=3 => v.iter().fold(0u64, |w, &b| w << 8 | u64::from(b)) << (64 - 8 * n),
        4..=7 => {
            let first = u64::from(u32::from_be_bytes([v[0], v[1], v[2], v[3]]));
            let last = u64::from(u32::from_be_bytes([v[n - 4], v[n - 3], v[n - 2], v[n - 1]]));
            first << 32 | last << (64 - 8 * n)
        }
        _ => return None,
    };
    Some(bytes | n as u64)
}

/// C016 comparing the codes by value, for a claim where [`check`] found a duplicate (or
/// could not tell).
#[inline(never)]
fn by_value(checker: &mut Checker, claim: &Claim<'_>) {
    // Each code is compared with those before it, by value: a claim has a few codes, and
    // the composites are only built for a finding.
    for (i, value) in claim.diagnosis_values().enumerate() {
        if value.is_empty() {
            continue;
        }
        let Some(n) = claim.diagnosis_values().take(i).position(|v| v == value) else {
            continue;
        };
        // A finding: the two composites, for its wording.
        let (Some(dx), Some(first)) =
            (claim.diagnosis_list().nth(i), claim.diagnosis_list().nth(n))
        else {
            continue;
        };
        let Some(code) = dx.code else {
            continue;
        };
        let first_code = first.code.map_or(first.qualifier.span(), |c| c.span());
        checker
            .report_in(
                Rule::DuplicateDiagnosisCode,
                &dx.hi,
                code.span(),
                format!("diagnosis code `{}` is listed twice", shown(code.value)),
            )
            .element("HI", dx.position, Some(2))
            .label(format!("same code as diagnosis {}", n + 1))
            .secondary(first_code, "first listed here")
            .help("list each diagnosis once and point the service lines at that position");
    }
}

#[cfg(test)]
mod tests {
    use super::{EMPTY, key};

    /// Two codes have the same key exactly when they are equal, and only the empty code
    /// has [`EMPTY`]: codes of every length up to 8, each byte of a few changed to many
    /// values (zero bytes included, which a key pads with).
    #[test]
    fn keys_are_equal_exactly_when_codes_are() {
        let mut codes: Vec<Vec<u8>> = vec![Vec::new()];
        for base in [&b"E1190AB"[..], b"\0\0\0\0\0\0\0", b"J0290\0Z", b"ZZZZZZZZ"] {
            for len in 1..=base.len() {
                for at in 0..len {
                    for b in [0u8, 1, b'0', b'9', b'A', b'E', b'Z', 0x7f, 0x80, 0xff] {
                        let mut code = base[..len].to_vec();
                        code[at] = b;
                        codes.push(code);
                    }
                }
            }
        }
        for a in &codes {
            assert_eq!(key(a).is_none(), a.len() > 7, "{a:?}");
            assert_eq!(key(a) == Some(EMPTY), a.is_empty(), "{a:?}");
            for b in &codes {
                if let (Some(ka), Some(kb)) = (key(a), key(b)) {
                    assert_eq!(ka == kb, a == b, "{a:?} {b:?}");
                }
            }
        }
    }
}
