//! H023 `unexpected-qualifier`

use super::loop_name;
use crate::grammar::FindingKind;
use crate::grammar::LOOPS;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H023",
    name: "unexpected-qualifier",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Structure(|c, n| {
        if let FindingKind::UnexpectedQualifier = n.finding.kind {
            report(c, n.transaction, n.finding.segment, n.finding.loop_index);
        }
    })],
    summary: "a segment's qualifier (NM101, REF01, DTP01 ...) is not one the guide allows in its loop",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a segment whose ID fits where it is, but whose qualifier does not: the
entity code `NM101` that says which name loop an `NM1` starts, or the first code of a
`REF`, `DTP`, `AMT`, `HI` ... that says which of the loop's segments it is. The segment is
read as the loop's segment with that ID, so the rest of the loop is still checked.

## Why does it matter?
The qualifier is how a receiver tells segments and loops apart; one it does not expect
there leaves the data unreadable and is rejected (IK403 `7`, invalid code value).

## Example
```text
HL*1**20*1~
NM1*117*2*EXAMPLE FAMILY PRACTICE*****XX*1234567893~
```

## How to fix
Use one of the qualifiers listed in the message, or move the segment to the loop that
uses this qualifier.

## References
Each segment's qualifier in `grammar/loops/` (`qualifier = "NM101"`) and its code list.
"#,
};

pub fn report(checker: &mut Checker, t: &Transaction<'_>, index: usize, loop_index: usize) {
    let segment = &t.segments[index];
    let l = &LOOPS[loop_index];
    let use_index = t.placements[index].segment().unwrap_or(0);
    let Some(q) = &l.segments[use_index].qualifier else {
        return;
    };
    let expected = expected_codes(segment.id(), loop_index, use_index == 0);
    let value = match q.component {
        0 => segment.element(q.element.into()),
        c => segment
            .element(q.element.into())
            .and_then(|e| e.component(c.into()))
            .map(|p| crate::x12::Element {
                value: p.value,
                start: p.start,
                position: q.element.into(),
                delimiters: segment.delimiters,
            }),
    };
    let reference = l.segments[use_index]
        .element(q.element.into())
        .map_or("", |e| match q.component {
            0 => e.reference,
            c => e
                .components
                .get(usize::from(c) - 1)
                .map_or(e.reference, |c| c.reference),
        });
    let span = value.map_or_else(|| segment.end_span(), |v| v.span());
    let shown_value = shown(value.map_or(&[][..], |v| v.value));
    let what = if use_index == 0 {
        "does not start any loop expected here".to_string()
    } else {
        format!(
            "is not a qualifier of `{}` in {}",
            shown(segment.id()),
            loop_name(l)
        )
    };
    checker
        .report_in(
            Rule::UnexpectedQualifier,
            segment,
            span,
            format!("{reference} `{shown_value}` {what}"),
        )
        .label(format!("expected one of {}", list(&expected)))
        .element(
            &segment.id_str(),
            q.element.into(),
            (q.component > 0).then_some(q.component.into()),
        )
        .help("use one of the expected qualifiers, or move the segment to the loop that uses this one");
}

/// The qualifiers that would fit: those of every use of this segment ID in the loop, or
/// for a loop's first segment, those of every loop that could start here.
fn expected_codes(id: &[u8], loop_index: usize, trigger: bool) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    let mut add = |s: &crate::grammar::SegmentDef| {
        if s.id.as_bytes() == id
            && let Some(q) = &s.qualifier
        {
            for c in q.codes {
                if !codes.contains(c) {
                    codes.push(c);
                }
            }
        }
    };
    if trigger {
        for parent in LOOPS
            .iter()
            .filter(|p| p.children.iter().any(|c| c.index == loop_index))
        {
            for c in parent.children {
                add(LOOPS[c.index].trigger());
            }
        }
    } else {
        for s in LOOPS[loop_index].segments {
            add(s);
        }
    }
    codes
}

fn list(codes: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut text = codes
        .iter()
        .take(SHOWN)
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if codes.len() > SHOWN {
        text.push_str(&format!(" and {} more", codes.len() - SHOWN));
    }
    text
}
