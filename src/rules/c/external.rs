//! The elements the guide ties to an external code list (`@states`, `@country`,
//! `@currency`, `@remark_code` in `grammar/`), found by the loop each segment was placed
//! in, so every N402 of every address loop is judged and no other element is.

use crate::codes::external::neighbours;
use crate::grammar::{ElementDef, LOOPS};
use crate::rules::nodes::SegmentNode;
use crate::rules::{Checker, Rule, shown};
use crate::x12::{Element, Piece, Segment, words};
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

/// An external code list that a rule checks values against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// `@states`: USPS and Canada Post codes (C040).
    States,
    /// `@country`: ISO 3166-1 alpha-2 (C041).
    Country,
    /// `@currency`: ISO 4217 (C042).
    Currency,
    /// `@remark_code`: remittance advice remark codes (C043).
    RemarkCode,
}

impl List {
    const ALL: [List; 4] = [
        List::States,
        List::Country,
        List::Currency,
        List::RemarkCode,
    ];

    /// The list's name in `grammar/`.
    pub fn name(self) -> &'static str {
        match self {
            List::States => "states",
            List::Country => "country",
            List::Currency => "currency",
            List::RemarkCode => "remark_code",
        }
    }
}

/// Calls `f` for each non-empty value of an element on `list` in the segment that `valid`
/// rejects, in element order, with the checker's loop and claim set for the segment
/// (found only then: it is a search among the claims). Which elements are on the list
/// depends on the use of the segment the guide's loop tree placed it in, so every N402 of
/// every address loop is judged and no other element is.
pub fn each_invalid<'t, 'a>(
    checker: &mut Checker,
    node: &SegmentNode<'t, 'a>,
    list: List,
    valid: fn(&[u8]) -> bool,
    mut f: impl FnMut(&mut Checker, ExternalValue<'t, 'a>),
) {
    let lists = &*LISTS;
    let placement = node.placement();
    let Some(use_index) = placement.segment() else {
        return;
    };
    let slot = placement.loop_index() * MAX_USES + use_index;
    // The list's elements of this use, fewest separators first: none for most uses.
    let Some(defs) = lists
        .elements
        .get(slot)
        .map(|per_list| &per_list[list as usize])
    else {
        return;
    };
    let Some(first) = defs.first() else {
        return;
    };
    let segment = node.segment;
    let (raw, separator) = (segment.raw, segment.delimiters.element);
    // The separators marked once for the elements on the list (N402; CLM11-4 and CLM11-5),
    // as `Segment::separators` marks them.
    let bits = words::positions(raw, separator);
    // An element far into the segment (CLM11) needs as many separators before it: one
    // count leaves a segment without it (most CLMs), where finding the element would pass
    // them one by one. A near one (N402, N404) is found sooner than they are counted.
    if let Some(bits) = bits
        && first.position >= FAR
        && (bits.count_ones() as usize) < usize::from(first.position)
    {
        return;
    }
    for &def in defs {
        let Some(element) = element(segment, bits, def.position.into()) else {
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
        found(checker, node, segment, def, value, &mut f);
    }
}

/// The position from which an element is looked for only after the separators are counted.
const FAR: u8 = 8;

/// Element `position` of `segment` as [`Segment::element`] finds it, from `bits`, the
/// segment's [`words::positions`] of its element separator.
#[inline(always)]
fn element<'a>(segment: &Segment<'a>, bits: Option<u64>, position: usize) -> Option<Element<'a>> {
    let raw = segment.raw;
    let (begin, end) = match bits {
        Some(bits) => words::element(bits, raw.len(), position)?,
        None => words::element_anywhere(raw, segment.delimiters.element, position)?,
    };
    Some(Element {
        value: &raw[begin..end],
        start: segment.start + begin,
        position,
        delimiters: segment.delimiters,
    })
}

/// Hands `f` a value its list rejects, with the checker's loop and claim set for the
/// segment. Out of line, with `f`: the loop above, which almost always finds every value
/// valid, then keeps no state for the wording of a finding.
#[inline(never)]
fn found<'t, 'a>(
    checker: &mut Checker,
    node: &SegmentNode<'t, 'a>,
    segment: &'t Segment<'a>,
    def: &'static ElementDef,
    value: Piece<'a>,
    f: &mut impl FnMut(&mut Checker, ExternalValue<'t, 'a>),
) {
    super::super::h::enter(
        checker,
        node.transaction,
        node.index,
        node.placement().loop_index(),
    );
    f(
        checker,
        ExternalValue {
            segment,
            def,
            value,
        },
    );
}

/// An ISO code list that values are checked against as sent, with the codes one slip
/// away as the help (C041 countries, C042 currencies).
pub struct IsoList {
    pub rule: Rule,
    pub list: List,
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

/// Reports each value of `iso.list` in the segment that is not on it. Inlined into each
/// rule's check, so that `iso.valid` is a direct call.
#[inline]
pub fn check_iso(checker: &mut Checker, node: &SegmentNode<'_, '_>, iso: &IsoList) {
    each_invalid(checker, node, iso.list, iso.valid, |checker, found| {
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
    /// `[loop * MAX_USES + use][list as usize]`: the elements and components on the list,
    /// in element order, so the first needs the fewest separators.
    elements: Vec<[Vec<&'static ElementDef>; List::ALL.len()]>,
}

/// More than the segment uses of any loop (2300 has 45).
const MAX_USES: usize = 64;

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut elements =
        vec![<[Vec<&'static ElementDef>; List::ALL.len()]>::default(); LOOPS.len() * MAX_USES];
    for (l, def) in LOOPS.iter().enumerate() {
        assert!(def.segments.len() <= MAX_USES, "{}", def.id);
        for (u, s) in def.segments.iter().enumerate() {
            for d in s
                .elements
                .iter()
                .flat_map(|e| std::iter::once(e).chain(e.components))
            {
                let Some(list) = List::ALL.into_iter().find(|l| d.external == Some(l.name()))
                else {
                    continue;
                };
                let on = &mut elements[l * MAX_USES + u][list as usize];
                // `each_invalid` counts the separators for the first only.
                assert!(
                    on.last()
                        .is_none_or(|p: &&ElementDef| p.position <= d.position)
                );
                on.push(d);
            }
        }
    }
    Lists { elements }
});

#[cfg(test)]
mod tests {
    use super::{LISTS, List, MAX_USES};

    /// [`super::element`] finds every element as `Segment::element` does, in segments of
    /// every length around the 64 bytes one mark covers, with empty elements and without.
    #[test]
    fn elements_are_the_segments() {
        use crate::x12::{Delimiters, Segment, words};
        let delimiters = Delimiters {
            element: b'*',
            component: b':',
            repetition: Some(b'^'),
            segment: b'~',
        };
        let mut checked = 0;
        for elements in 0..16 {
            for width in [0usize, 1, 2, 5, 9] {
                let mut raw = b"CLM".to_vec();
                for e in 0..elements {
                    raw.push(b'*');
                    raw.extend(std::iter::repeat_n(b'A' + e as u8, (width + e) % 7));
                }
                let segment = Segment {
                    raw: &raw,
                    start: 100,
                    ordinal: 1,
                    delimiters,
                };
                let bits = words::positions(&raw, b'*');
                for position in 0..20 {
                    let ours = super::element(&segment, bits, position).map(|e| (e.value, e.start));
                    let theirs = segment.element(position).map(|e| (e.value, e.start));
                    assert_eq!(ours, theirs, "{} {position}", String::from_utf8_lossy(&raw));
                    checked += 1;
                }
            }
        }
        assert!(checked > 1_000, "{checked}");
    }
    use crate::grammar::LOOPS;
    use crate::rules::{Check, Rule};

    /// The segment IDs a rule's check is registered for: the segments it is handed.
    fn ids(rule: Rule) -> &'static [&'static str] {
        match rule.meta().checks {
            [Check::Segment { ids, .. }] => ids,
            _ => panic!("{} checks segments", rule.meta().code),
        }
    }

    #[test]
    fn each_rule_is_handed_every_segment_with_an_element_on_its_list() {
        for (list, rule) in [
            (List::States, Rule::InvalidStateCode),
            (List::Country, Rule::InvalidCountryCode),
            (List::Currency, Rule::InvalidCurrencyCode),
            (List::RemarkCode, Rule::MalformedRemarkCode),
        ] {
            let mut found = 0;
            for (l, def) in LOOPS.iter().enumerate() {
                for (u, s) in def.segments.iter().enumerate() {
                    if !LISTS.elements[l * MAX_USES + u][list as usize].is_empty() {
                        found += 1;
                        assert!(ids(rule).contains(&s.id), "{} {}", def.id, s.id);
                    }
                }
            }
            assert!(found > 0, "{}", list.name());
        }
    }
}
