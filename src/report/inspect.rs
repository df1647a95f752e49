//! `claimlint inspect`: the loop tree as claimlint understood it.
//!
//! Shows interchanges, groups, transaction sets, HL levels, claims with their totals and
//! service lines with each procedure code's class, each with the segment ordinal where it
//! starts, so a developer can see where the parser's view departs from theirs. Prints
//! structure and codes only: no names, identifiers or claim numbers.

use crate::claim::{Claim, Transaction, split};
use crate::codes::procedure;
use crate::redact::View;
use crate::settings::DEFAULT_PART_BYTES;
use crate::x12::{self, Segment, values};
use std::fmt::Write;

/// Renders the loop tree of a file as `view` shows it: under `--redact`, the tree of the
/// masked file, which is the original's unless a qualifier was masked for not having a
/// code's shape.
pub fn render(name: &str, view: &View<'_>) -> String {
    render_in_parts(name, view, DEFAULT_PART_BYTES)
}

/// [`render`], with sets cut into parts of about `part_bytes` (`usize::MAX`: never cut).
/// The tree is the same whatever the size; only memory and time differ.
pub fn render_in_parts(name: &str, view: &View<'_>, part_bytes: usize) -> String {
    let bytes = view.bytes();
    // A wrapped or indented file is shown as it was read: unwrapped.
    let unwrapped = x12::unwrap::prepare(bytes);
    let bytes = unwrapped.as_ref().map_or(bytes, |u| &u.bytes[..]);
    let doc = x12::parse(bytes);
    let mut nodes: Vec<(usize, String)> = Vec::new();
    let (mut claims, mut lines, mut sets) = (0, 0, 0);
    for ic in &doc.interchanges {
        nodes.push((
            0,
            format!(
                "interchange `{}` · {} · segment {}",
                shown(ic.isa.value(13)),
                match ic.isa.value(15) {
                    b"P" => "production",
                    b"T" => "test",
                    _ => "usage unknown",
                },
                ic.isa.ordinal
            ),
        ));
        for g in &ic.groups {
            nodes.push((
                1,
                format!(
                    "group `{}` · {} · {} · segment {}",
                    shown(g.gs.value(6)),
                    shown(g.gs.value(1)),
                    shown(g.gs.value(8)),
                    g.gs.ordinal
                ),
            ));
            for set in &g.transactions {
                sets += 1;
                nodes.push((
                    2,
                    format!(
                        "transaction set `{}` · {} · {} segments · segment {}",
                        shown(set.st.value(2)),
                        shown(set.st.value(1)),
                        set.segment_count,
                        set.st.ordinal
                    ),
                ));
                if set.st.value(1) != b"837" {
                    continue;
                }
                let (c, l) = transaction_set(bytes, set, part_bytes, &mut nodes);
                claims += c;
                lines += l;
            }
        }
    }
    // The tree quotes the file: a control character in it (an escape sequence) is shown
    // escaped, so the tree can go to a terminal as it is.
    let name = crate::report::terminal_safe(name);
    let mut out = format!(
        "{name}: {}, {}, {}, {}, {}, {}\n",
        count(bytes.len(), "byte"),
        count(doc.segment_count, "segment"),
        count(doc.interchanges.len(), "interchange"),
        count(sets, "transaction set"),
        count(claims, "claim"),
        count(lines, "service line"),
    );
    if doc.interchanges.is_empty() {
        out.push_str("no interchange could be read (run `claimlint check` for the reason)\n");
    }
    draw(&nodes, &mut out);
    out
}

/// Adds the HL levels, claims and lines of an 837 transaction set; returns how many
/// claims and lines it has. A large set is modelled part by part, as the check cuts it,
/// so its model never takes the memory of the whole set.
fn transaction_set(
    bytes: &[u8],
    set: &x12::TransactionSet<'_>,
    part_bytes: usize,
    nodes: &mut Vec<(usize, String)>,
) -> (usize, usize) {
    if let Some(parts) = split::plan(bytes, set, part_bytes) {
        let mut mine = Vec::new();
        let (mut claims, mut lines) = (0, 0);
        let mut fits = Vec::with_capacity(parts.len());
        for part in &parts {
            let t = Transaction::build_part(bytes, set, part);
            let Some(view) = t.part.as_ref() else {
                break;
            };
            fits.push(view.fit());
            // A part counts its claims from its start: numbered as in the set.
            transaction(&t, view.own.clone(), claims, &mut mine);
            claims += t.claims.len();
            lines += t.service_line_count();
        }
        if fits.len() == parts.len() && crate::claim::parts_fit(fits.iter().map(Some)) {
            nodes.append(&mut mine);
            return (claims, lines);
        }
    }
    let t = Transaction::build(bytes, set);
    transaction(&t, 0..t.segments.len(), 0, nodes);
    (t.claims.len(), t.service_line_count())
}

/// The nodes of the HLs and claims among the segments `own` of a model whose claims
/// come after `claims_before` others in the set.
fn transaction(
    t: &Transaction<'_>,
    own: std::ops::Range<usize>,
    claims_before: usize,
    nodes: &mut Vec<(usize, String)>,
) {
    let mut claims = t.claims.iter().peekable();
    for (i, hl) in t.hls.iter().enumerate() {
        if !own.contains(&hl.index) {
            continue;
        }
        let (depth, what) = match hl.level {
            b"20" => (3, "2000A billing provider".to_string()),
            b"22" => (4, subscriber(t, hl.index)),
            b"23" => (5, "2000C patient".to_string()),
            other => (4, format!("HL level `{}`", shown(other))),
        };
        nodes.push((
            depth,
            format!(
                "HL {} · {what} · segment {}",
                shown(hl.id),
                hl.segment.ordinal
            ),
        ));
        let next_hl = t.hls.get(i + 1).map_or(usize::MAX, |h| h.segment.ordinal);
        while let Some(claim) = claims.next_if(|c| c.clm.ordinal < next_hl) {
            claim_node(claim, claims_before, depth + 1, nodes);
        }
    }
    // Claims before any HL: shown under the transaction set.
    for claim in claims {
        claim_node(claim, claims_before, 3, nodes);
    }
}

fn subscriber(t: &Transaction<'_>, hl_index: usize) -> String {
    let sbr: Option<&Segment<'_>> = t.segments[hl_index + 1..]
        .iter()
        .take_while(|s| !s.is(b"HL") && !s.is(b"CLM"))
        .find(|s| s.is(b"SBR"));
    match sbr {
        Some(sbr) => {
            let relation = match sbr.value(2) {
                b"18" => "patient is the subscriber",
                b"" => "patient is a dependent",
                _ => "SBR02 not `18`",
            };
            format!(
                "2000B subscriber · {relation} · SBR09 `{}`",
                shown(sbr.value(9))
            )
        }
        None => "2000B subscriber · no SBR".to_string(),
    }
}

fn claim_node(
    claim: &Claim<'_>,
    claims_before: usize,
    depth: usize,
    nodes: &mut Vec<(usize, String)>,
) {
    let clm05 = claim.clm.element(5);
    let pos = clm05
        .and_then(|e| e.component(1))
        .map_or(String::new(), |p| shown(p.value));
    let mut text = format!(
        "claim {} · CLM02 `{}` · place of service `{pos}` · {} · {}",
        claims_before + claim.ordinal,
        shown(claim.clm.value(2)),
        count(claim.diagnosis_codes().count(), "diagnosis code"),
        count(claim.lines.len(), "line"),
    );
    let _ = write!(text, " · segment {}", claim.clm.ordinal);
    nodes.push((depth, text));
    for line in &claim.lines {
        let mut text = if line.has_lx() {
            format!("line {}", shown(line.lx.value(1)))
        } else {
            "line (no LX)".to_string()
        };
        match &line.sv1 {
            Some(sv1) => {
                let qualifier = sv1.qualifier().map_or(String::new(), |q| shown(q.value));
                let code = sv1.code().map_or(&[][..], |c| c.value);
                let class = if qualifier == "HC" {
                    procedure::classify(code).label()
                } else {
                    "not classified (qualifier is not `HC`)"
                };
                let _ = write!(text, " · {qualifier} `{}` {class}", shown(code));
                let modifiers: Vec<String> = sv1
                    .modifiers()
                    .filter(|m| !m.is_empty())
                    .map(|m| shown(m.value))
                    .collect();
                if !modifiers.is_empty() {
                    let _ = write!(text, " · modifiers {}", modifiers.join(" "));
                }
                let _ = write!(
                    text,
                    " · charge `{}` · {} {}",
                    sv1.charge().map_or(String::new(), |e| shown(e.value)),
                    sv1.quantity().map_or(String::new(), |e| shown(e.value)),
                    sv1.unit().map_or(String::new(), |e| shown(e.value)),
                );
            }
            None => text.push_str(" · no SV1"),
        }
        for date in &line.service_dates {
            let value = date.value(3);
            let shown_date = values::date8(value)
                .map(|d| d.to_string())
                .unwrap_or_else(|| shown(value));
            let _ = write!(text, " · date of service {shown_date}");
        }
        for drug in &line.drugs {
            let _ = write!(
                text,
                " · 2410 {} `{}`",
                shown(drug.lin.value(2)),
                shown(drug.lin.value(3))
            );
        }
        let _ = write!(text, " · segment {}", line.lx.ordinal);
        nodes.push((depth + 1, text));
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Draws `(depth, text)` nodes, in order, as a tree, each text with its control
/// characters escaped.
fn draw(nodes: &[(usize, String)], out: &mut String) {
    // Room for the whole tree at once: the tree of a large file is hundreds of megabytes,
    // and growing it by doubling would hold it twice while it is copied.
    out.reserve(
        nodes
            .iter()
            .map(|(depth, text)| text.len() + 6 * depth + 11)
            .sum(),
    );
    // For each depth, whether a later sibling follows the node currently open there.
    let mut open: Vec<bool> = Vec::new();
    for (i, (depth, text)) in nodes.iter().enumerate() {
        let last = nodes[i + 1..]
            .iter()
            .take_while(|(d, _)| d >= depth)
            .all(|(d, _)| d != depth);
        open.resize(*depth, false);
        for &more in &open {
            out.push_str(if more { "│   " } else { "    " });
        }
        out.push_str(if last { "└── " } else { "├── " });
        out.push_str(&crate::report::terminal_safe(text));
        out.push('\n');
        open.push(!last);
    }
}

/// A value of the (possibly masked) file for the tree: trailing padding removed, cut to
/// 40 characters.
fn shown(value: &[u8]) -> String {
    crate::redact::cut(&String::from_utf8_lossy(value.trim_ascii_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_in_a_node_is_drawn_escaped() {
        let nodes = vec![(0, "a\u{1b}[2J\nb".to_string())];
        let mut out = String::new();
        draw(&nodes, &mut out);
        assert_eq!(out, "└── a\\u{1b}[2J\\nb\n");
    }

    #[test]
    fn draws_a_tree() {
        let nodes = vec![
            (0, "a".to_string()),
            (1, "b".to_string()),
            (2, "c".to_string()),
            (1, "d".to_string()),
            (0, "e".to_string()),
        ];
        let mut out = String::new();
        draw(&nodes, &mut out);
        assert_eq!(out, "├── a\n│   ├── b\n│   │   └── c\n│   └── d\n└── e\n");
    }
}
