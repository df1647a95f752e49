//! H004 `hl-child-code-mismatch`

use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H004",
    name: "hl-child-code-mismatch",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Hl(|c, n| check(c, n.transaction, n.index))],
    summary: "HL04 does not say whether the HL has child HLs",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::element("HL", 4)],
    doc: r#"## What it does
Checks the hierarchical child code HL04 of every HL segment against the HLs that follow.
HL04 is `1` when at least one later HL names this HL as its parent in HL02, and `0` when
none does. A patient HL (HL03 `23`) is the bottom of the hierarchy, so its HL04 is always
`0`. An HL placed under this one whose HL02 names another parent also counts as a child
here: the wrong parent ID is reported once, by H002. HLs with an unknown level code are
left to H003.

## Why does it matter?
Receivers use HL04 to know whether to expect dependent HLs. A billing provider or
subscriber HL that claims children it does not have, or hides the ones it has, breaks the
hierarchy, and front ends reject the transaction set in their 999.

## Example
```text
HL*2*1*22*0~
SBR*P**GRP01234******CI~
...
HL*3*2*23*0~
```
Subscriber HL `2` has a patient HL under it, so its HL04 must be `1`.

## How to fix
Set HL04 to `1` on an HL that other HLs name in their HL02, and to `0` on one that no HL
names. Patient HLs always have `0`.

## References
HL04 hierarchical child code (data element 736) and HL02 hierarchical parent ID number
(data element 734), loops 2000A, 2000B and 2000C.
"#,
};

/// H004
pub fn check(checker: &mut Checker, t: &Transaction<'_>, i: usize) {
    let hl = &t.hls[i];
    // An unknown level is reported by H003.
    let Some(name) = hl.level_name() else {
        return;
    };
    // Children by HL02, and the HL right after this one when it sits under it: when the
    // two disagree the parent ID is wrong, and H002 reports that instead.
    let named = hl.first_child.map(|c| &t.hls[c]);
    let below = t.hls.get(i + 1).filter(|h| h.enclosing == Some(i));
    let child = named.or(below);
    let patient = hl.level == b"23";
    let expected: &[u8] = if child.is_some() && !patient {
        b"1"
    } else {
        b"0"
    };
    let code = hl.child_code;
    if code != expected {
        report(checker, t, i, name, expected);
    }
}

/// [`check`]'s finding on an HL whose HL04 is not `expected`: worded out of line, so that
/// the usual HL costs no room made for it.
#[inline(never)]
fn report(checker: &mut Checker, t: &Transaction<'_>, i: usize, name: &str, expected: &[u8]) {
    let hl = &t.hls[i];
    let named = hl.first_child.map(|c| &t.hls[c]);
    let below = t.hls.get(i + 1).filter(|h| h.enclosing == Some(i));
    let patient = hl.level == b"23";
    let code = hl.child_code;
    let expected = shown(expected);
    let message = match code {
        b"" => "HL04 hierarchical child code is missing".to_string(),
        b"1" if patient => {
            "patient HL has child code `1`; a patient HL has no child HLs".to_string()
        }
        b"1" => format!("{name} HL has child code `1`, but no HL names it as its parent"),
        b"0" => match (named, below) {
            (Some(c), _) => format!(
                "{name} HL has child code `0`, but HL `{}` names it as its parent",
                shown(c.id)
            ),
            (None, Some(c)) => format!(
                "{name} HL has child code `0`, but HL `{}` sits under it",
                shown(c.id)
            ),
            (None, None) => unreachable!("child code `0` is only wrong with a child"),
        },
        other => format!("`{}` is not a hierarchical child code", shown(other)),
    };
    let segment = &hl.segment;
    let d = checker.report_in(
        Rule::HlChildCodeMismatch,
        segment,
        element_span(segment, 4),
        message,
    );
    d.element("HL", 4, None)
        .label(format!("expected `{expected}`"))
        .help(if patient {
            "set HL04 to `0` on patient HLs"
        } else {
            "set HL04 to `1` when a later HL names this one in its HL02, and to `0` when none does"
        });
    if patient {
        return;
    }
    if let Some(c) = named {
        d.secondary(
            element_span(&c.segment, 2),
            format!("HL `{}` names this HL as its parent", shown(c.id)),
        );
    } else if let Some(c) = below {
        d.secondary(c.segment.id_span(), "the HL under it");
    }
}
