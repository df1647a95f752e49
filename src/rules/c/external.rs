//! The elements the guide ties to an external code list (`@states`, `@country`,
//! `@currency`, `@remark_code` in `grammar/`), found by the loop each segment was placed
//! in, so every N402 of every address loop is judged and no other element is.

use crate::claim::Transaction;
use crate::codes::external::neighbours;
use crate::grammar::{ElementDef, LOOPS};
use crate::rules::{Checker, Rule, shown};
use crate::x12::{Piece, Segment};
use std::sync::LazyLock;

/// One value of an element tied to an external list: the segment, the element's
/// definition and the value as sent (never empty).
pub struct ExternalValue<'t, 'a> {
    pub segment: &'t Segment<'a>,
    pub def: &'static ElementDef,
    pub value: Piece<'a>,
}

impl ExternalValue<'_, '_> {
    /// Where the element sits, for [`crate::Diagnostic::element`]: (`N4`, 2, None).
    pub fn element(&self) -> (String, usize, Option<usize>) {
        (
            self.segment.id_str(),
            self.def.position.into(),
            (self.def.component > 0).then_some(self.def.component.into()),
        )
    }
}

/// Calls `f` for each non-empty value of an element on list `list` in the transaction set
/// that `valid` rejects, in file order, with the checker's loop and claim set for the
/// segment (found only then: it is a search among the claims).
pub fn each_invalid<'t, 'a>(
    checker: &mut Checker,
    t: &'t Transaction<'a>,
    list: &str,
    valid: fn(&[u8]) -> bool,
    mut f: impl FnMut(&mut Checker, ExternalValue<'t, 'a>),
) {
    let lists = &*LISTS;
    let Some(n) = lists.names.iter().position(|name| *name == list) else {
        return;
    };
    let bit = 1u8 << n;
    // The placements are three bytes each: scanning them, not the segments, keeps this
    // pass cheap on large files, where few segments carry an external code.
    for (index, placement) in t.placements.iter().enumerate() {
        let Some(use_index) = placement.segment() else {
            continue;
        };
        let slot = placement.loop_index() * MAX_USES + use_index;
        if lists.uses[slot] & bit == 0 {
            continue;
        }
        let segment = &t.segments[index];
        for &(on, def) in &lists.elements[slot] {
            if on != n {
                continue;
            }
            let Some(element) = segment.element(def.position.into()) else {
                continue;
            };
            let value = match def.component {
                0 => Piece {
                    value: element.value,
                    start: element.start,
                    position: 1,
                },
                c => match element.component(c.into()) {
                    Some(p) => p,
                    None => continue,
                },
            };
            if value.is_empty() || valid(value.value) {
                continue;
            }
            super::super::h::enter(checker, t, index, placement.loop_index());
            f(
                checker,
                ExternalValue {
                    segment,
                    def,
                    value,
                },
            );
        }
    }
}

/// An ISO code list that values are checked against as sent, with the codes one slip
/// away as the help (C041 countries, C042 currencies).
pub struct IsoList {
    pub rule: Rule,
    /// The list's name in `grammar/` (`country` for `@country`).
    pub list: &'static str,
    pub valid: fn(&[u8]) -> bool,
    pub codes: &'static [&'static str],
    /// A value in everyday use that is not the code (`UK`), and the code meant.
    pub alias: (&'static [u8], &'static str),
    /// What a valid value is, after "is not": `an ISO 4217 currency code`.
    pub is: &'static str,
    /// Under the value: `not an ISO 4217 code`.
    pub label: &'static str,
    /// How to write a code, after "send": `the three-letter ISO 4217 code`.
    pub send: &'static str,
    /// The help when no code is one slip away.
    pub help: &'static str,
}

/// Reports each value of `iso.list` in the transaction set that is not on it.
pub fn check_iso(checker: &mut Checker, t: &Transaction<'_>, iso: &IsoList) {
    each_invalid(checker, t, iso.list, iso.valid, |checker, found| {
        let v = found.value.value;
        let (id, element, component) = found.element();
        let near = if v == iso.alias.0 {
            vec![iso.alias.1]
        } else {
            neighbours(iso.codes.iter().copied(), v, 8)
        };
        let help = if near.is_empty() {
            iso.help.to_string()
        } else {
            format!(
                "did you mean {}? send {}",
                near.iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                iso.send
            )
        };
        checker
            .report_in(
                iso.rule,
                found.segment,
                found.value.span(),
                format!(
                    "`{}` in {} is not {}",
                    shown(v),
                    found.def.reference,
                    iso.is
                ),
            )
            .element(&id, element, component)
            .label(iso.label)
            .help(help);
    });
}

/// The external lists the guide names, and for each segment use of each loop the elements
/// and components on one of them.
struct Lists {
    names: Vec<&'static str>,
    /// `[loop * MAX_USES + use]`: bit `n` set when an element is on `names[n]`.
    uses: Vec<u8>,
    /// `[loop * MAX_USES + use]`: (index in `names`, element or component).
    elements: Vec<Vec<(usize, &'static ElementDef)>>,
}

/// More than the segment uses of any loop (2300 has 45).
const MAX_USES: usize = 64;

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut names: Vec<&'static str> = Vec::new();
    let mut uses = vec![0u8; LOOPS.len() * MAX_USES];
    let mut elements = vec![Vec::new(); LOOPS.len() * MAX_USES];
    for (l, def) in LOOPS.iter().enumerate() {
        assert!(def.segments.len() <= MAX_USES, "{}", def.id);
        for (u, s) in def.segments.iter().enumerate() {
            for d in s
                .elements
                .iter()
                .flat_map(|e| std::iter::once(e).chain(e.components))
            {
                let Some(name) = d.external else {
                    continue;
                };
                let n = names.iter().position(|x| *x == name).unwrap_or_else(|| {
                    names.push(name);
                    names.len() - 1
                });
                uses[l * MAX_USES + u] |= 1 << n;
                elements[l * MAX_USES + u].push((n, d));
            }
        }
    }
    assert!(names.len() <= 8, "one bit per external list");
    Lists {
        names,
        uses,
        elements,
    }
});
