//! H002 `invalid-hl-parent`

use crate::claim::Hl;
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H002",
    name: "invalid-hl-parent",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Hl(|c, n| check(c, n.transaction, n.index))],
    summary: "HL02 does not name the billing provider or subscriber HL above it",
    ack: Ack {
        ik403: Some("7"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[Owned::element("HL", 2)],
    doc: r#"## What it does
Checks the hierarchical parent ID HL02 of every HL segment against the 837P hierarchy:

- a billing provider HL (HL03 `20`) has no parent, so HL02 is empty;
- a subscriber HL (`22`) names an earlier billing provider HL, the one it sits under;
- a patient HL (`23`) names an earlier subscriber HL, the one it sits under.

HL02 is matched against the HL01 of the HLs before it. An HL with an unknown level code is
left to H003.

## Why does it matter?
The parent link says which provider bills for a subscriber and whose dependent a patient
is. A link to a missing HL, to the wrong kind of HL, or to another subscriber than the one
the patient follows makes the claims under it ambiguous, and front ends reject the
transaction set in their 999.

## Example
```text
HL*1**20*1~
...
HL*2*1*22*1~
...
HL*3*1*23*0~
```
The patient HL names the billing provider HL `1` instead of the subscriber HL `2`.

## How to fix
Set HL02 to the HL01 of the HL this one sits under: the billing provider HL for a
subscriber, the subscriber HL for a patient. Leave HL02 empty on billing provider HLs.

## References
HL02 hierarchical parent ID number (data element 734) and HL03 hierarchical level code
(data element 735), loops 2000A, 2000B and 2000C.
"#,
};

/// H002
pub fn check(checker: &mut Checker, t: &Transaction<'_>, i: usize) {
    let hl = &t.hls[i];
    // The usual HL, told in a few compares: a billing provider without HL02, a subscriber
    // or patient whose HL02 names the HL of the level above that it sits under, or a level
    // H003 reports. Anything else is looked at in full, out of line.
    let usual = match hl.level {
        b"20" => hl.parent.is_empty(),
        b"22" | b"23" => {
            let above: &[u8] = if hl.level == b"22" { b"20" } else { b"22" };
            !hl.parent.is_empty()
                && hl.parent_hl.is_some()
                && hl.parent_hl == hl.enclosing
                && hl.parent_hl.is_some_and(|p| t.hls[p].level == above)
        }
        _ => true,
    };
    if !usual {
        report(checker, t, i);
    }
}

/// [`check`] of an HL that is not the usual one: what is wrong with its parent, if anything.
#[inline(never)]
fn report(checker: &mut Checker, t: &Transaction<'_>, i: usize) {
    let hl = &t.hls[i];
    let segment = &hl.segment;
    let (parent_level, parent_name, name) = match hl.level {
        b"20" => {
            if !hl.parent.is_empty() {
                checker
                    .report_in(
                        Rule::InvalidHlParent,
                        segment,
                        element_span(segment, 2),
                        format!(
                            "billing provider HL has parent ID `{}`; HL02 is not used at this level",
                            shown(hl.parent)
                        ),
                    )
                    .element("HL", 2, None)
                    .label("expected empty")
                    .help("leave HL02 empty on billing provider HLs, e.g. `HL*1**20*1~`");
            }
            return;
        }
        b"22" => (&b"20"[..], "billing provider", "subscriber"),
        b"23" => (&b"22"[..], "subscriber", "patient"),
        // An unknown level is reported by H003.
        _ => return,
    };
    let enclosing = hl.enclosing.map(|e| &t.hls[e]);
    // Built only when there is something to report.
    let help = || match enclosing {
        Some(e) => format!(
            "set HL02 to `{}`, the HL01 of the {parent_name} HL this {name} HL sits under",
            shown(e.id)
        ),
        None => format!("set HL02 to the HL01 of the {parent_name} HL this {name} HL belongs to"),
    };

    if hl.parent.is_empty() {
        let d = checker.report_in(
            Rule::InvalidHlParent,
            segment,
            element_span(segment, 2),
            format!("{name} HL has no parent ID; HL02 must name its {parent_name} HL"),
        );
        d.element("HL", 2, None)
            .label(format!("expected the ID of a {parent_name} HL"))
            .help(help());
        if let Some(e) = enclosing {
            d.secondary(
                element_span(&e.segment, 1),
                format!("the {parent_name} HL above it"),
            );
        }
        return;
    }

    // Found only when there is something to report: most HLs name the right parent.
    let parent_span = || element_span(segment, 2);
    match hl.parent_hl.map(|p| &t.hls[p]) {
        None => {
            let d = checker.report_in(
                Rule::InvalidHlParent,
                segment,
                parent_span(),
                format!("parent ID `{}` names no earlier HL", shown(hl.parent)),
            );
            d.element("HL", 2, None)
                .label(format!(
                    "expected the ID of a {parent_name} HL before this one"
                ))
                .help(help());
            if let Some(later) = t.hls[i..].iter().find(|h| h.id == hl.parent) {
                let why = if std::ptr::eq(later, hl) {
                    "this HL's own ID".to_string()
                } else {
                    format!("HL `{}` comes after it", shown(later.id))
                };
                d.secondary(element_span(&later.segment, 1), why);
            }
        }
        Some(parent) if parent.level != parent_level => {
            let d = checker.report_in(
                Rule::InvalidHlParent,
                segment,
                parent_span(),
                format!(
                    "parent ID `{}` names {}; a {name} HL's parent is a {parent_name} HL",
                    shown(hl.parent),
                    describe(parent)
                ),
            );
            d.element("HL", 2, None)
                .label(format!("expected the ID of a {parent_name} HL"))
                .secondary(
                    element_span(&parent.segment, 3),
                    format!("HL `{}` is {}", shown(parent.id), describe(parent)),
                )
                .help(help());
        }
        Some(parent) => {
            // The parent exists and has the right level: it must be the one this HL sits
            // under, not an earlier one.
            let Some(e) = enclosing.filter(|e| !std::ptr::eq(*e, parent)) else {
                return;
            };
            checker
                .report_in(
                    Rule::InvalidHlParent,
                    segment,
                    parent_span(),
                    format!(
                        "parent ID `{}` names {parent_name} HL `{}`, but this {name} HL sits under {parent_name} HL `{}`",
                        shown(hl.parent),
                        shown(parent.id),
                        shown(e.id)
                    ),
                )
                .element("HL", 2, None)
                .label(format!("expected `{}`", shown(e.id)))
                .secondary(element_span(&parent.segment, 1), "the HL it names")
                .secondary(element_span(&e.segment, 1), format!("the {parent_name} HL above it"))
                .help(format!(
                    "set HL02 to `{}`, or move this HL and its loops under {parent_name} HL `{}`",
                    shown(e.id),
                    shown(parent.id)
                ));
        }
    }
}

/// "a subscriber HL", or "an HL of level `19`".
fn describe(hl: &Hl<'_>) -> String {
    match hl.level_name() {
        Some(name) => format!("a {name} HL"),
        None => format!("an HL of level `{}`", shown(hl.level)),
    }
}
