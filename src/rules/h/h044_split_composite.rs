//! H044 `split-composite`

use crate::grammar::elements::{ElementFinding, Problem};
use crate::grammar::{DataType, ElementDef, SegmentDef};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "H044",
    name: "split-composite",
    snip: Snip::Requirements,
    severity: Severity::Error,
    checks: &[Check::Finding(Node::Element)],
    summary: "a composite is written with the element separator between its components",
    ack: Ack {
        ik403: Some("1"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Reports a composite whose components are written with the element separator instead of
the component separator: `HI*BK*8901~` for `HI*BK:8901~`, `SV1*HC*99213*100*UN*1***1~`
for `SV1*HC:99213*100*UN*1***1~`, `CLM*PCN1*150***11*B*1*Y*A*Y*Y~` for `11:B:1`.

It is reported when a composite holds only its qualifier (a value of its first
component's code list), its required second component is missing, the next element holds
a value that fits that component and is not itself a qualifier, and something later in
the segment is wrong as read. Further composites of the segment split the same way are
labelled on the same finding.

This one finding stands for everything the split causes. In a segment whose later
elements are of another kind (`SV1`, `CLM`), each later element is shifted by one, so no
other finding is given on the composite or on any element after it: not the missing
code (H030, C003), the charge that reads as a procedure code (H010), the unit code that
reads as a charge (H035). In a segment of repeated composites (`HI`), only the two
elements of each split are left to this finding; later composites are checked as
usual.

## Why does it matter?
A receiver reads each element where it stands: `BK` alone is a diagnosis qualifier with
no code (IK403 `1`, required component missing), and `8901` is read as the next
composite's qualifier, which it is not. The transaction set is rejected; where the
segment is `SV1`, the line's charge and units are read from the wrong elements too.

## Example
```text
HI*BK*8901*BF*87200*BF:5559~    (two composites split: BK:8901 and BF:87200)
HI*BK:8901*BF:87200*BF:5559~    (fine)
```

## How to fix
Join the components with the component separator the ISA declares (ISA16), or fix the
program that writes the composite.

## References
X12.6 composite data structures; ISA16 (component element separator); the composites
`C022` (`HI`), `C003` (`SV101`) and `C023` (`CLM05`) in `grammar/`.
"#,
};

/// One composite written as several elements: its first component in element
/// `position`, its second in the next, and so on.
#[derive(Debug, Clone, Copy)]
pub struct Split {
    pub position: u8,
    /// How many elements hold its components (2 or more).
    pub elements: u8,
    /// From the first component to the end of the last.
    pub span: Span,
    /// Where the first component ends: what comes after it is out of place.
    pub first_end: usize,
}

/// The composites of `segment` written with the element separator, given the element
/// findings of the segment as read; empty when there are none.
///
/// The first split needs something wrong after it as read (a value that is not a code,
/// not a number): a composite that holds only its qualifier, followed by an element that
/// is right where it is, is a missing component (H030), not a split.
pub fn find(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    findings: &[ElementFinding],
) -> Vec<Split> {
    let mut splits = Vec::new();
    let mut position = 1u8;
    while usize::from(position) < def.elements.len() {
        let split = def
            .element(position.into())
            .filter(|e| is_split(segment, def, e, findings))
            .filter(|_| {
                !splits.is_empty()
                    || findings.iter().any(|f| {
                        f.def.position > position && !matches!(f.problem, Problem::Missing)
                    })
            });
        match split {
            Some(e) => {
                let elements = 2 + further_components(segment, def, e);
                let last = usize::from(position) + usize::from(elements) - 1;
                let (first, last) = (segment.element(position.into()), segment.element(last));
                if let (Some(first), Some(last)) = (first, last) {
                    splits.push(Split {
                        position,
                        elements,
                        span: Span {
                            start: first.span().start,
                            end: last.span().end,
                        },
                        first_end: first.span().end,
                    });
                }
                position = position.saturating_add(elements);
            }
            None => position += 1,
        }
    }
    splits
}

/// How many of the elements after a split composite's second component hold its
/// further required components (`CLM*…*11*B*1*…`, where `1` is CLM05-3). Situational
/// components (a modifier after `SV101-2`) are not taken: the next element is more
/// likely what it is read as.
fn further_components(segment: &Segment<'_>, def: &'static SegmentDef, e: &ElementDef) -> u8 {
    let mut taken = 0u8;
    for (index, c) in e.components.iter().enumerate().skip(2) {
        let at = usize::from(e.position) + index;
        let value = segment.value(at);
        let required = e.required & (1 << (index + 1).min(63)) != 0;
        if !required || !whole(segment, value) || !fits(c, value) || is_qualifier(def, at, value) {
            break;
        }
        taken += 1;
    }
    taken
}

/// Whether `value` is one element, not several components or repetitions.
fn whole(segment: &Segment<'_>, value: &[u8]) -> bool {
    let d = segment.delimiters;
    !value.is_empty()
        && !value.contains(&d.component)
        && d.repetition.is_none_or(|r| !value.contains(&r))
}

/// Whether `value`, in element `position`, is a qualifier of its own composite there
/// (`HI*ABK*ABF:…` is a missing code, not a split).
fn is_qualifier(def: &'static SegmentDef, position: usize, value: &[u8]) -> bool {
    def.element(position)
        .and_then(|n| n.components.first())
        .is_some_and(|q| q.accepts(value))
}

/// Whether composite `e` holds only its qualifier and the element after it holds its
/// second component.
fn is_split(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    e: &'static ElementDef,
    findings: &[ElementFinding],
) -> bool {
    let (Some(first), Some(second)) = (e.components.first(), e.components.get(1)) else {
        return false;
    };
    if e.data_type != DataType::Composite {
        return false;
    }
    let this = segment.value(e.position.into());
    let next = segment.value(usize::from(e.position) + 1);
    let missing_second = findings.iter().any(|f| {
        matches!(f.problem, Problem::Missing)
            && f.def.position == e.position
            && f.def.component == 2
    });
    missing_second
        && whole(segment, this)
        && whole(segment, next)
        && fits(first, this)
        && fits(second, next)
        && !is_qualifier(def, usize::from(e.position) + 1, next)
}

/// Whether `value` could be component `c`: one of its codes, or of its length.
fn fits(c: &ElementDef, value: &[u8]) -> bool {
    if !c.codes.is_empty() {
        return c.accepts(value);
    }
    (usize::from(c.min)..=usize::from(c.max)).contains(&value.len())
        && value.iter().all(u8::is_ascii_graphic)
}

/// Whether every element from `position` on is the same composite as the one before it
/// (`HI`): then an element after a split is read as what it is meant to be.
pub fn repeats_from(def: &SegmentDef, position: u8) -> bool {
    let from = usize::from(position).saturating_sub(1);
    def.elements
        .get(from..)
        .is_some_and(|rest| rest.iter().all(|e| e.number == rest[0].number))
}

/// H044, once per segment: the first split, and the others as labels.
pub fn report(checker: &mut Checker, segment: &Segment<'_>, splits: &[Split]) {
    let Some(first) = splits.first() else {
        return;
    };
    let id = segment.id_str();
    let (element, component) = (
        char::from(segment.delimiters.element),
        char::from(segment.delimiters.component),
    );
    let positions = |s: &Split| usize::from(s.position)..usize::from(s.position + s.elements);
    // `HC:99213`, each value quoted from the file.
    let joined = |s: &Split| {
        let values: Vec<String> = positions(s).map(|p| shown(segment.value(p))).collect();
        format!("`{}`", values.join(&component.to_string()))
    };
    // `SV101 `HC` and SV102 `99213``.
    let elements: Vec<String> = positions(first)
        .map(|p| format!("{id}{p:02} `{}`", shown(segment.value(p))))
        .collect();
    let elements = match elements.split_last() {
        Some((last, [single])) => format!("{single} and {last}"),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let d = checker.report_in(
        Rule::SplitComposite,
        segment,
        first.span,
        format!(
            "{elements} look like one composite written with the element separator `{element}`"
        ),
    );
    d.element(&id, first.position.into(), Some(2))
        .label(format!("meant as {}", joined(first)))
        .help(format!(
            "join the components with the component separator `{component}` (ISA16)"
        ));
    if splits.len() > 1 {
        d.extend_message(&format!(" (and {} more in this segment)", splits.len() - 1));
        for other in &splits[1..] {
            d.secondary(other.span, format!("{} too", joined(other)));
        }
    }
}
