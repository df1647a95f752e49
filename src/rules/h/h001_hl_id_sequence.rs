//! H001 `hl-id-sequence`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H001",
    name: "hl-id-sequence",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Transaction(check)],
    summary: "HL01 does not count 1, 2, 3… through the transaction set",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks the hierarchical ID number HL01 of every HL segment in a transaction set: the first
HL is `1`, and each HL after it is one more than the one before. Only the first HL that
breaks the count is reported in each transaction set, since the HLs after it are usually
off for the same reason.

## Why does it matter?
Subscriber and patient HLs name their parent by this number (HL02), so the hierarchy can
only be read when the numbers are unique and in order. Front ends check the count and
reject the transaction set in their 999.

## Example
```text
HL*1**20*1~
...
HL*2*1*22*1~
...
HL*4*2*23*0~
```
The third HL is numbered `4` instead of `3`.

## How to fix
Number the HLs `1`, `2`, `3`… in the order they appear, and update the HL02 parent
numbers to match.

## References
HL01 hierarchical ID number (data element 628), loops 2000A, 2000B and 2000C.
"#,
};

/// H001
pub fn check(checker: &mut Checker, t: &Transaction<'_>) {
    for (i, hl) in t.hls.iter().enumerate() {
        let expected = hl.position + 1;
        if number(hl.id) == Some(expected) {
            continue;
        }
        checker.set_loop(Some(t.loops[hl.index].as_str()));
        let message = if hl.id.is_empty() {
            format!("HL01 hierarchical ID is missing; expected `{expected}`")
        } else {
            format!(
                "hierarchical ID `{}` is out of sequence; expected `{expected}`",
                shown(hl.id)
            )
        };
        let d = checker.report_in(
            Rule::HlIdSequence,
            &hl.segment,
            element_span(&hl.segment, 1),
            message,
        );
        d.element("HL", 1, None)
            .label(if hl.position == 0 {
                "the first HL of a transaction set is `1`".to_string()
            } else {
                format!("expected `{expected}`")
            })
            .help("number the HLs 1, 2, 3… in the order they appear, and update the HL02 parent numbers to match");
        if let Some(previous) = t.previous_hl(i) {
            d.secondary(element_span(&previous, 1), "the HL before it");
        }
        return;
    }
}

/// HL01 as a number, when it is only digits. Up to 19 digits, which no `u64` overflows,
/// it is read in one pass (every HL of the set is); longer ones as a line number.
fn number(id: &[u8]) -> Option<usize> {
    if id.len() > 19 {
        return by_line_number(id);
    }
    if id.is_empty() {
        return None;
    }
    let mut n = 0u64;
    for &b in id {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u64::from(d);
    }
    usize::try_from(n).ok()
}

/// [`number`] by [`crate::claim::line_number`], with its checked arithmetic.
fn by_line_number(id: &[u8]) -> Option<usize> {
    if id.is_empty() || !id.iter().all(u8::is_ascii_digit) {
        return None;
    }
    crate::claim::line_number(id)
}

#[cfg(test)]
mod tests {
    use super::{by_line_number, number};
    use crate::{Rule, Settings, SourceFile, lint};

    #[test]
    fn an_id_read_in_one_pass_is_read_as_a_line_number() {
        let mut ids: Vec<String> = (0..2000).map(|n| n.to_string()).collect();
        ids.extend(
            [
                "",
                "+1",
                "-1",
                "01",
                "1a",
                " 1",
                "1 ",
                "A",
                "0",
                "00000000000000000001",
                "9999999999999999999",
                "18446744073709551615",
                "18446744073709551616",
                "99999999999999999999",
            ]
            .map(String::from),
        );
        for id in &ids {
            assert_eq!(number(id.as_bytes()), by_line_number(id.as_bytes()), "{id}");
        }
    }

    /// An HL is in no claim, whatever the checks before it reported in one.
    #[test]
    fn an_hl_out_of_sequence_is_in_no_claim() {
        let path = format!(
            "{}/samples/rules/C010/bad_second_subscriber_rendering.x12",
            env!("CARGO_MANIFEST_DIR")
        );
        let sample = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // A service facility with an unknown state in the first claim (C040), and the
        // second subscriber's HL numbered 4 instead of 3 (H001).
        let text = sample
            .replacen(
                "HI*ABK:J029~\n",
                "HI*ABK:J029~\nNM1*77*2*EXAMPLE CLINIC*****XX*1234567893~\nN3*1 MAIN STREET~\nN4*SPRINGFIELD*11*627010000~\n",
                1,
            )
            .replace("HL*3*1*22*0~", "HL*4*1*22*0~");
        let settings = Settings::select(&["C040".to_string(), "H001".to_string()], &[]).unwrap();
        let report = lint(&SourceFile::new("hl.x12", text.into_bytes()), &settings);
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.location.claim))
            .collect();
        assert_eq!(
            found,
            [
                (Rule::InvalidStateCode, Some(1)),
                (Rule::HlIdSequence, None)
            ]
        );
    }
}
