//! The embedded implementation guide (`grammar/`) is consistent: every loop is reachable
//! and known to the loop model, qualifiers tell segment uses apart, code lists belong to
//! identifier elements, and the tables agree with the facts rules depend on.

use claimlint::claim::LoopId;
use claimlint::grammar::{DataType, LOOPS, ROOT, Usage, data_element_number};

#[test]
fn every_loop_is_reachable_once_and_known_to_the_model() {
    let mut reached = vec![false; LOOPS.len()];
    let mut stack = vec![ROOT];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        stack.extend(LOOPS[i].children.iter().map(|c| c.index));
    }
    for (i, l) in LOOPS.iter().enumerate() {
        assert!(reached[i], "loop {} is not reachable from HEADER", l.id);
        assert!(
            LoopId::from_id(l.id).is_some(),
            "loop {} has no LoopId",
            l.id
        );
        assert_eq!(LoopId::from_id(l.id).unwrap().as_str(), l.id);
        assert!(!l.segments.is_empty(), "loop {} has no segments", l.id);
    }
    let ids: std::collections::HashSet<_> = LOOPS.iter().map(|l| l.id).collect();
    assert_eq!(ids.len(), LOOPS.len(), "a loop ID is defined twice");
    // The whole 837P: header, 1000A/B, 2000A-C, 2010xx, 2300, 2310A-F, 2320, 2330A-G,
    // 2400, 2410, 2420A-H, 2430, 2440.
    assert_eq!(LOOPS.len(), 39);
}

/// H070 judges sibling loops by their place in `children`, so that list must follow the
/// guide's position numbers: each child loop starts at or after the previous one, except
/// that an HL loop (2000B under 2000A) opens the guide's next table, where numbering
/// starts again and which comes after the loops of the current table.
#[test]
fn child_loops_are_listed_in_guide_order() {
    for parent in LOOPS.iter() {
        let mut previous: Option<(u16, &str)> = None;
        for c in parent.children {
            let trigger = LOOPS[c.index].trigger();
            if trigger.id == "HL" {
                previous = Some((trigger.order, trigger.id));
                continue;
            }
            if let Some((order, id)) = previous {
                assert!(
                    id != "HL" && order <= trigger.order,
                    "loop {} is listed after a loop the guide puts after it in {}",
                    LOOPS[c.index].id,
                    parent.id
                );
            }
            previous = Some((trigger.order, trigger.id));
        }
    }
    // The examples the rule's documentation gives.
    let order = |parent: &str| -> Vec<&str> {
        LOOPS
            .iter()
            .find(|l| l.id == parent)
            .unwrap()
            .children
            .iter()
            .map(|c| LOOPS[c.index].id)
            .collect()
    };
    assert_eq!(
        order("2400"),
        [
            "2410", "2420A", "2420B", "2420C", "2420D", "2420E", "2420F", "2420G", "2420H", "2430",
            "2440"
        ]
    );
    assert_eq!(
        order("2320"),
        [
            "2330A", "2330B", "2330C", "2330D", "2330E", "2330F", "2330G"
        ]
    );
}

#[test]
fn loops_that_share_a_first_segment_are_told_apart_by_a_qualifier() {
    for parent in LOOPS.iter() {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for c in parent.children {
            let trigger = LOOPS[c.index].trigger();
            let shared = parent
                .children
                .iter()
                .filter(|o| LOOPS[o.index].trigger().id == trigger.id)
                .count();
            if shared > 1 {
                let q = trigger
                    .qualifier
                    .as_ref()
                    .unwrap_or_else(|| panic!("loop {} has no qualifier", LOOPS[c.index].id));
                for code in q.codes {
                    assert!(
                        !seen.contains(&(trigger.id, code)),
                        "{}*{code} starts two child loops of {}",
                        trigger.id,
                        parent.id
                    );
                    seen.push((trigger.id, code));
                }
            }
        }
    }
}

#[test]
fn repeated_segments_of_a_loop_have_qualifiers() {
    for l in LOOPS.iter() {
        for (i, s) in l.segments.iter().enumerate() {
            let repeated = l.segments.iter().filter(|o| o.id == s.id).count() > 1;
            if repeated && i > 0 {
                assert!(
                    s.qualifier.as_ref().is_some_and(|q| !q.codes.is_empty()),
                    "loop {} segment {} at {} has no qualifier",
                    l.id,
                    s.id,
                    s.position
                );
            }
        }
    }
}

#[test]
fn code_lists_belong_to_identifier_elements_and_are_unique() {
    for l in LOOPS.iter() {
        for s in l.segments {
            let all = s
                .elements
                .iter()
                .chain(s.elements.iter().flat_map(|e| e.components));
            for e in all {
                if !e.codes.is_empty() {
                    assert!(
                        matches!(e.data_type, DataType::Id | DataType::An | DataType::N0),
                        "{} {}: codes on a {:?} element",
                        l.id,
                        e.reference,
                        e.data_type
                    );
                }
                let mut codes = e.codes.to_vec();
                codes.sort_unstable();
                codes.dedup();
                assert_eq!(
                    codes.len(),
                    e.codes.len(),
                    "{} {}: a code twice",
                    l.id,
                    e.reference
                );
                assert!(e.min <= e.max, "{} {}: min above max", l.id, e.reference);
            }
        }
    }
}

#[test]
fn facts_the_rules_rely_on() {
    let l2400 = LOOPS.iter().find(|l| l.id == "2400").unwrap();
    let sv1 = l2400.segments.iter().find(|s| s.id == "SV1").unwrap();
    assert_eq!(sv1.usage, Usage::Required);
    let sv101_1 = &sv1.elements[0].components[0];
    assert_eq!(sv101_1.reference, "SV101-1");
    assert_eq!(sv101_1.codes, ["ER", "HC", "IV", "WK"]);
    assert_eq!(sv1.elements[2].codes, ["MJ", "UN"]);
    assert_eq!(sv1.elements[5].usage, Usage::NotUsed, "SV106");
    let hl = &LOOPS.iter().find(|l| l.id == "2000B").unwrap().segments[0];
    assert_eq!(hl.qualifier.as_ref().unwrap().codes, ["22"]);
    let parent_2300: Vec<_> = LOOPS
        .iter()
        .filter_map(|p| {
            p.children
                .iter()
                .find(|c| LOOPS[c.index].id == "2300")
                .map(|c| (p.id, c.usage, c.repeat))
        })
        .collect();
    assert_eq!(
        parent_2300,
        [
            ("2000B", Usage::Situational, Some(100)),
            ("2000C", Usage::Required, Some(100))
        ]
    );
    let lines = LOOPS.iter().find(|l| l.id == "2300").unwrap().children;
    assert!(
        lines
            .iter()
            .any(|c| LOOPS[c.index].id == "2400" && c.repeat == Some(50))
    );
    assert_eq!(data_element_number("NM1", 9, None), Some("67"));
    assert_eq!(data_element_number("SV1", 1, Some(2)), Some("234"));
    assert_eq!(data_element_number("CLM", 2, None), Some("782"));
}

#[test]
fn packed_keys_and_masks_agree_with_the_codes_positions_and_usages_they_stand_for() {
    use claimlint::grammar::key;
    for l in LOOPS.iter() {
        let mut last_order = 0;
        for s in l.segments {
            assert_eq!(s.key, key(s.id.as_bytes()), "{} {}", l.id, s.id);
            assert_eq!(s.position.parse::<u16>().unwrap(), s.order);
            assert!(
                s.order >= last_order,
                "{} {}: out of guide order",
                l.id,
                s.id
            );
            last_order = s.order;
            if let Some(q) = &s.qualifier {
                assert_eq!(q.keys.len(), q.codes.len());
                for code in q.codes {
                    assert!(q.accepts(code.as_bytes()), "{} {} {code}", l.id, s.id);
                }
                assert!(!q.accepts(b""), "{} {}", l.id, s.id);
            }
            let required = |defs: &[claimlint::grammar::ElementDef]| {
                defs.iter()
                    .enumerate()
                    .filter(|(_, e)| e.usage == Usage::Required)
                    .fold(0u64, |mask, (i, _)| mask | 1 << (i + 1))
            };
            assert_eq!(s.required, required(s.elements), "{} {}", l.id, s.id);
            for e in s.elements {
                assert_eq!(e.required, required(e.components), "{}", e.reference);
            }
            let all = s
                .elements
                .iter()
                .chain(s.elements.iter().flat_map(|e| e.components));
            for e in all {
                assert_eq!(e.keys.len(), e.codes.len(), "{} {}", l.id, e.reference);
                for code in e.codes {
                    assert!(e.accepts(code.as_bytes()), "{} {code}", e.reference);
                    // A longer or shorter value is a different code.
                    for other in [format!("{code}0"), code[1..].to_string()] {
                        assert_eq!(
                            e.accepts(other.as_bytes()),
                            e.codes.contains(&other.as_str()),
                            "{} {other}",
                            e.reference
                        );
                    }
                }
            }
        }
    }
    // Values too long to pack are never taken for a code.
    assert_eq!(key(&[b'A'; 16]), key(&[b'B'; 40]));
    assert_ne!(key(b"A"), key(b"A\0"));
}
