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

/// [`render`], written to `out` as it is drawn, so the drawn tree is never held whole.
pub fn render_to(name: &str, view: &View<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    render_parts_to(name, view, DEFAULT_PART_BYTES, out)
}

/// [`render`], with sets cut into parts of about `part_bytes` (`usize::MAX`: never cut).
/// The tree is the same whatever the size; only memory and time differ.
pub fn render_in_parts(name: &str, view: &View<'_>, part_bytes: usize) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail, and the tree is text: names and values are taken
    // through `from_utf8_lossy`.
    let _ = render_parts_to(name, view, part_bytes, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn render_parts_to(
    name: &str,
    view: &View<'_>,
    part_bytes: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let bytes = view.bytes();
    // A wrapped or indented file is shown as it was read: unwrapped.
    let unwrapped = x12::unwrap::prepare(bytes);
    let bytes = unwrapped.as_ref().map_or(bytes, |u| &u.bytes[..]);
    let doc = x12::parse(bytes);
    let mut nodes = Nodes::default();
    let (mut claims, mut lines, mut sets) = (0, 0, 0);
    for ic in &doc.interchanges {
        nodes.push(
            0,
            &format!(
                "interchange `{}` · {} · segment {}",
                shown(ic.isa.value(13)),
                match ic.isa.value(15) {
                    b"P" => "production",
                    b"T" => "test",
                    _ => "usage unknown",
                },
                ic.isa.ordinal
            ),
        );
        for g in &ic.groups {
            nodes.push(
                1,
                &format!(
                    "group `{}` · {} · {} · segment {}",
                    shown(g.gs.value(6)),
                    shown(g.gs.value(1)),
                    shown(g.gs.value(8)),
                    g.gs.ordinal
                ),
            );
            for set in &g.transactions {
                sets += 1;
                nodes.push(
                    2,
                    &format!(
                        "transaction set `{}` · {} · {} segments · segment {}",
                        shown(set.st.value(2)),
                        shown(set.st.value(1)),
                        set.segment_count,
                        set.st.ordinal
                    ),
                );
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
    let mut head = format!(
        "{name}: {}, {}, {}, {}, {}, {}\n",
        count(bytes.len(), "byte"),
        count(doc.segment_count, "segment"),
        count(doc.interchanges.len(), "interchange"),
        count(sets, "transaction set"),
        count(claims, "claim"),
        count(lines, "service line"),
    );
    if doc.interchanges.is_empty() {
        head.push_str("no interchange could be read (run `claimlint check` for the reason)\n");
    }
    out.write_all(head.as_bytes())?;
    draw(&nodes, out)
}

/// Adds the HL levels, claims and lines of an 837 transaction set; returns how many
/// claims and lines it has. A large set is modelled part by part, as the check cuts it,
/// so its model never takes the memory of the whole set.
fn transaction_set(
    bytes: &[u8],
    set: &x12::TransactionSet<'_>,
    part_bytes: usize,
    nodes: &mut Nodes,
) -> (usize, usize) {
    if let Some(parts) = split::plan(bytes, set, part_bytes) {
        // The parts' nodes go straight into the tree, and are taken back if the parts
        // do not fit together.
        let mark = nodes.mark();
        let (mut claims, mut lines) = (0, 0);
        let mut fits = Vec::with_capacity(parts.len());
        for part in &parts {
            let t = Transaction::build_part(bytes, set, part);
            let Some(view) = t.part.as_ref() else {
                break;
            };
            fits.push(view.fit());
            // A part counts its claims from its start: numbered as in the set.
            transaction(&t, view.own.clone(), claims, nodes);
            claims += t.claims.len();
            lines += t.service_line_count();
        }
        if fits.len() == parts.len() && crate::claim::parts_fit(fits.iter().map(Some)) {
            return (claims, lines);
        }
        nodes.back_to(mark);
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
    nodes: &mut Nodes,
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
        nodes.push(
            depth,
            &format!(
                "HL {} · {what} · segment {}",
                shown(hl.id),
                hl.segment.ordinal
            ),
        );
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

fn claim_node(claim: &Claim<'_>, claims_before: usize, depth: usize, nodes: &mut Nodes) {
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
    nodes.push(depth, &text);
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
        nodes.push(depth + 1, &text);
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The tree's nodes in order: each one's depth, and its text, escaped for a terminal
/// as it is added. The texts are kept one after the other in chunks of a megabyte: a
/// large file's tree has a million nodes, and one growing buffer would be copied, and
/// held twice, each time it doubled.
#[derive(Debug, Default)]
struct Nodes {
    chunks: Vec<String>,
    /// Depth, chunk and end in the chunk of each node.
    nodes: Vec<(usize, usize, usize)>,
}

const CHUNK: usize = 1 << 20;

impl Nodes {
    fn push(&mut self, depth: usize, text: &str) {
        let text = crate::report::terminal_safe(text);
        let room = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= text.len());
        if !room {
            self.chunks
                .push(String::with_capacity(CHUNK.max(text.len())));
        }
        let chunk = self.chunks.len() - 1;
        let buffer = &mut self.chunks[chunk];
        buffer.push_str(&text);
        self.nodes.push((depth, chunk, buffer.len()));
    }

    /// Where the tree ends now, for [`Nodes::back_to`].
    fn mark(&self) -> (usize, usize, usize) {
        (
            self.nodes.len(),
            self.chunks.len(),
            self.chunks.last().map_or(0, String::len),
        )
    }

    /// Takes back the nodes added since `mark`.
    fn back_to(&mut self, (nodes, chunks, last): (usize, usize, usize)) {
        self.nodes.truncate(nodes);
        self.chunks.truncate(chunks);
        if let Some(c) = self.chunks.last_mut() {
            c.truncate(last);
        }
    }

    fn iter(&self) -> impl Iterator<Item = (usize, &str)> {
        let mut at = (usize::MAX, 0);
        self.nodes.iter().map(move |&(depth, chunk, end)| {
            let start = if at.0 == chunk { at.1 } else { 0 };
            at = (chunk, end);
            let text = self.chunks[chunk].get(start..end).unwrap_or_default();
            (depth, text)
        })
    }
}

/// Draws the nodes, in order, as a tree.
fn draw(nodes: &Nodes, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
    // Whether each node is the last of its siblings: no later node at its depth before
    // one above it. Found in one pass from the end.
    let mut last = vec![false; nodes.nodes.len()];
    let mut sibling_after: Vec<bool> = Vec::new();
    for (i, &(depth, _, _)) in nodes.nodes.iter().enumerate().rev() {
        sibling_after.resize(depth + 1, false);
        last[i] = !sibling_after[depth];
        sibling_after[depth] = true;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    // For each depth, whether a later sibling follows the node currently open there.
    let mut open: Vec<bool> = Vec::new();
    for ((depth, text), last) in nodes.iter().zip(last) {
        open.resize(depth, false);
        for &more in &open {
            out.write_all(if more { "│   " } else { "    " }.as_bytes())?;
        }
        out.write_all(if last { "└── " } else { "├── " }.as_bytes())?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")?;
        open.push(!last);
    }
    std::io::Write::flush(&mut out)
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
        let mut nodes = Nodes::default();
        nodes.push(0, "a\u{1b}[2J\nb");
        let mut out = Vec::new();
        draw(&nodes, &mut out).expect("a vector takes any write");
        assert_eq!(String::from_utf8_lossy(&out), "└── a\\u{1b}[2J\\nb\n");
    }

    /// A set whose parts do not fit together is drawn again whole: the nodes its parts
    /// added are taken back, also across the chunks the texts are kept in.
    #[test]
    fn nodes_taken_back_leave_the_tree_as_it_was() {
        let long = "x".repeat(CHUNK - 10);
        let mut nodes = Nodes::default();
        nodes.push(0, "a");
        nodes.push(1, &long);
        let mark = nodes.mark();
        nodes.push(1, "b");
        nodes.push(2, &long);
        nodes.push(2, "c");
        assert!(nodes.chunks.len() >= 2, "the texts span several chunks");
        nodes.back_to(mark);
        nodes.push(1, "d");
        let drawn: Vec<(usize, String)> = nodes.iter().map(|(d, t)| (d, t.to_string())).collect();
        assert_eq!(
            drawn,
            vec![
                (0, "a".to_string()),
                (1, long.clone()),
                (1, "d".to_string())
            ]
        );
    }

    #[test]
    fn draws_a_tree() {
        let mut nodes = Nodes::default();
        for (depth, text) in [(0, "a"), (1, "b"), (2, "c"), (1, "d"), (0, "e"), (1, "f")] {
            nodes.push(depth, text);
        }
        let mut out = Vec::new();
        draw(&nodes, &mut out).expect("a vector takes any write");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "├── a\n│   ├── b\n│   │   └── c\n│   └── d\n└── e\n    └── f\n"
        );
    }
}
