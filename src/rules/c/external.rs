//! The elements the guide ties to an external code list (`@states`, `@country`,
//! `@currency`, `@remark_code` in `grammar/`), found by the loop each segment was placed
//! in, so every N402 of every address loop is judged and no other element is.

use crate::claim::Transaction;
use crate::grammar::{ElementDef, LOOPS};
use crate::rules::Checker;
use crate::x12::{Piece, Segment};
use std::sync::OnceLock;

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

/// Calls `f` for each non-empty value of an element on list `list` in the transaction set,
/// in file order, with the checker's loop and claim set for the segment.
pub fn each<'t, 'a>(
    checker: &mut Checker,
    t: &'t Transaction<'a>,
    list: &str,
    mut f: impl FnMut(&mut Checker, ExternalValue<'t, 'a>),
) {
    let ids = segment_ids(list);
    for (index, segment) in t.segments.iter().enumerate() {
        if !ids.iter().any(|id| segment.id() == id.as_bytes()) {
            continue;
        }
        let placement = t.placements[index];
        let Some(def) = placement.definition() else {
            continue;
        };
        for e in def.elements {
            let on_list = |d: &ElementDef| d.external == Some(list);
            if on_list(e) {
                if let Some(value) = segment
                    .element(e.position.into())
                    .map(|v| Piece {
                        value: v.value,
                        start: v.start,
                        position: 1,
                    })
                    .filter(|p| !p.is_empty())
                {
                    super::super::h::enter(checker, t, index, placement.loop_index());
                    f(
                        checker,
                        ExternalValue {
                            segment,
                            def: e,
                            value,
                        },
                    );
                }
            }
            for c in e.components.iter().filter(|c| on_list(c)) {
                if let Some(value) = segment
                    .element(e.position.into())
                    .and_then(|v| v.component(c.component.into()))
                    .filter(|p| !p.is_empty())
                {
                    super::super::h::enter(checker, t, index, placement.loop_index());
                    f(
                        checker,
                        ExternalValue {
                            segment,
                            def: c,
                            value,
                        },
                    );
                }
            }
        }
    }
}

/// The IDs of the segments with an element on list `list` (`N4` and `CLM` for `states`),
/// so the other segments are passed over by their ID alone.
fn segment_ids(list: &str) -> &'static [&'static str] {
    static IDS: OnceLock<Vec<(&'static str, Vec<&'static str>)>> = OnceLock::new();
    let all = IDS.get_or_init(|| {
        let mut all: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for s in LOOPS.iter().flat_map(|l| l.segments) {
            for e in s.elements {
                for name in std::iter::once(e)
                    .chain(e.components)
                    .filter_map(|d| d.external)
                {
                    let at = match all.iter().position(|(n, _)| *n == name) {
                        Some(at) => at,
                        None => {
                            all.push((name, Vec::new()));
                            all.len() - 1
                        }
                    };
                    if !all[at].1.contains(&s.id) {
                        all[at].1.push(s.id);
                    }
                }
            }
        }
        all
    });
    all.iter()
        .find(|(n, _)| *n == list)
        .map_or(&[], |(_, ids)| ids.as_slice())
}
