//! X029 `implementation-reference-mismatch`

use super::x023_unsupported_implementation_guide::{Guide, classify};
use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X029",
    name: "implementation-reference-mismatch",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::TransactionSet(|c, n| {
        // A wrong GS08 is reported once on the GS (X023): ST03 is compared with it
        // only when the group itself is an 837P. Without a GS, ST03 stands alone.
        if n.group.implicit {
            check_alone(c, &n.set.st);
        } else if n.guide.is_professional() {
            check(c, &n.group.gs, &n.set.st);
        }
    })],
    summary: "ST03 is missing, names no guide, or differs from GS08",
    ack: Ack {
        ik502: Some("I6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that ST03, the implementation convention reference of the transaction set, is
present and equal to GS08 of its group.

When ST03 is missing or names no guide at all (a typing error), the transaction set is
still checked, against the guide GS08 names (or `005010X222A1` when there is no GS), and
the finding says which guide was used. When ST03 names another known guide (an 837I, a
4010 claim…), the finding says that the transaction set is not checked.

## Why does it matter?
The 5010 guides require ST03 and require it to repeat GS08. A missing or different value
is rejected in the 999 (IK502 I6).

## Example
```text
GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X222A1~
ST*837*0001~
```

## How to fix
Write the same value in ST03 as in GS08: `005010X222A1`.

## References
ST03 (data element 1705), GS08 (data element 480).
"#,
};

/// X029 on a set of an 837P group. Returns whether the set's content is checked: yes when
/// ST03 is an 837P guide or names no guide (then GS08's guide is used, and the finding says
/// so); no when ST03 names another guide (and the finding says so).
pub fn check(checker: &mut Checker, gs: &Segment<'_>, st: &Segment<'_>) -> bool {
    let (group, set) = (gs.value(8), st.value(3));
    if group == set {
        return true;
    }
    let (message, checked) = match classify(set) {
        Guide::Professional | Guide::ProfessionalOtherRelease => (
            format!(
                "ST03 `{}` does not match GS08 `{}`",
                shown(set),
                shown(group)
            ),
            true,
        ),
        Guide::Other(what) => (
            format!(
                "ST03 `{}` is {what}, but GS08 is `{}`: the transaction set is not checked",
                shown(set),
                shown(group)
            ),
            false,
        ),
        Guide::Unknown if set.is_empty() => (
            format!(
                "ST03 implementation convention reference is missing; the transaction set is checked against GS08's guide `{}`",
                shown(group)
            ),
            true,
        ),
        Guide::Unknown => (
            format!(
                "ST03 `{}` names no implementation guide; the transaction set is checked against GS08's guide `{}`",
                shown(set),
                shown(group)
            ),
            true,
        ),
    };
    if checker.enabled(Rule::ImplementationReferenceMismatch) {
        checker
            .report_in(
                Rule::ImplementationReferenceMismatch,
                st,
                element_span(st, 3),
                message,
            )
            .element("ST", 3, None)
            .label(format!("expected `{}`", shown(group)))
            .secondary(element_span(gs, 8), "the group's implementation guide")
            .help(format!(
                "write `{}` in ST03, the same value as GS08",
                shown(group)
            ));
    }
    checked
}

/// X029 on a set with no GS before it: ST03 alone says which guide it follows. Returns
/// whether its content is checked (as X222A1 when ST03 names no guide).
pub fn check_alone(checker: &mut Checker, st: &Segment<'_>) -> bool {
    let set = st.value(3);
    let (message, checked) = match classify(set) {
        Guide::Professional | Guide::ProfessionalOtherRelease => return true,
        Guide::Other(what) => (
            format!(
                "ST03 `{}` is {what}: the transaction set is not checked",
                shown(set)
            ),
            false,
        ),
        Guide::Unknown if set.is_empty() => (
            "ST03 implementation convention reference is missing; the transaction set is checked against `005010X222A1`".to_string(),
            true,
        ),
        Guide::Unknown => (
            format!(
                "ST03 `{}` names no implementation guide; the transaction set is checked against `005010X222A1`",
                shown(set)
            ),
            true,
        ),
    };
    if checker.enabled(Rule::ImplementationReferenceMismatch) {
        checker
            .report_in(
                Rule::ImplementationReferenceMismatch,
                st,
                element_span(st, 3),
                message,
            )
            .element("ST", 3, None)
            .label("expected `005010X222A1`")
            .help("write `005010X222A1` in ST03 (and in GS08)");
    }
    checked
}
