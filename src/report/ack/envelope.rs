//! The acknowledgment's envelope and numbering, shared by the 999 and the 277CA: segments
//! are collected per interchange with their control numbers left open, and numbered when
//! written, in input order.

use super::{AckOptions, AckSummary};
use crate::x12::{Interchange, Segment};

/// Largest interchange control number (ISA13 is nine digits).
pub const MAX_CONTROL_NUMBER: u32 = 999_999_999;

/// Hands out interchange (ISA13/IEA02) and group (GS06/GE02) control numbers in order.
#[derive(Debug, Clone)]
pub struct ControlNumbers {
    interchange: u32,
    group: u32,
}

impl ControlNumbers {
    /// Counting from `first`; `None` when it is not 1–999999999.
    pub fn starting_at(first: u32) -> Option<Self> {
        (1..=MAX_CONTROL_NUMBER)
            .contains(&first)
            .then_some(ControlNumbers {
                interchange: first,
                group: first,
            })
    }

    fn take(n: &mut u32) -> u32 {
        let current = *n;
        *n = if current >= MAX_CONTROL_NUMBER {
            1
        } else {
            current + 1
        };
        current
    }
}

/// A control number left open in an interchange's text, filled in when it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// ISA13 / IEA02 of the interchange.
    Interchange,
    /// GS06: the number of a new group.
    GroupStart,
    /// GE02: the number of the group it closes.
    Group,
}

/// One interchange as written, but for its control numbers: its segments' text and
/// where each number goes. A 277CA answers every claim of a file, so its size follows
/// the file's: text costs a byte per character, where a string per element cost tens.
#[derive(Debug, Clone, Default)]
struct Written {
    text: String,
    /// Byte offsets in `text`, in order.
    slots: Vec<(usize, Slot)>,
}

/// Built acknowledgment interchanges, waiting for their control numbers.
#[derive(Debug, Clone, Default)]
pub struct Acknowledgment {
    interchanges: Vec<Written>,
    pub summary: AckSummary,
}

impl Acknowledgment {
    pub fn is_empty(&self) -> bool {
        self.interchanges.is_empty()
    }

    /// How many interchanges it holds (each takes one interchange control number).
    pub fn interchange_count(&self) -> usize {
        self.interchanges.len()
    }

    /// The X12 text, one segment per line, numbered from `numbers`.
    pub fn write(&self, numbers: &mut ControlNumbers) -> String {
        let mut out = String::with_capacity(self.interchanges.iter().map(|i| i.text.len()).sum());
        for ic in &self.interchanges {
            let icn = format!("{:09}", ControlNumbers::take(&mut numbers.interchange));
            let mut gcn = String::new();
            let mut at = 0;
            for &(offset, slot) in &ic.slots {
                out.push_str(&ic.text[at..offset]);
                if slot == Slot::GroupStart {
                    gcn = ControlNumbers::take(&mut numbers.group).to_string();
                }
                out.push_str(if slot == Slot::Interchange {
                    &icn
                } else {
                    &gcn
                });
                at = offset;
            }
            out.push_str(&ic.text[at..]);
        }
        out
    }
}

/// Collects the segments of one interchange and counts those of the open transaction set.
#[derive(Default)]
pub(crate) struct Builder {
    written: Written,
    /// Segments since ST, for SE01.
    count: usize,
    /// Transaction sets since GS, for ST02 and GE01.
    sets: usize,
}

impl Builder {
    /// Adds a segment; trailing empty elements are never sent.
    pub(crate) fn segment(&mut self, elements: &[&str]) {
        let used = elements
            .iter()
            .rposition(|e| !e.is_empty())
            .map_or(0, |i| i + 1);
        self.elements(&elements[..used]);
        self.written.text.push_str("~\n");
        self.count += 1;
    }

    fn elements(&mut self, elements: &[&str]) {
        for (i, e) in elements.iter().enumerate() {
            if i > 0 {
                self.written.text.push('*');
            }
            self.written.text.push_str(e);
        }
    }

    fn numbered(&mut self, head: &[&str], number: Slot, tail: &[&str]) {
        self.elements(head);
        self.written.text.push('*');
        let at = self.written.text.len();
        self.written.slots.push((at, number));
        for e in tail {
            self.written.text.push('*');
            self.written.text.push_str(e);
        }
        self.written.text.push_str("~\n");
    }

    /// ISA of an acknowledgment of `ic`: sender and receiver swapped, our date and time.
    pub(crate) fn isa(&mut self, ic: &Interchange<'_>, options: &AckOptions) {
        let isa = &ic.isa;
        let usage = if isa.value(15) == b"P" { "P" } else { "T" };
        self.numbered(
            &[
                "ISA",
                "00",
                "          ",
                "00",
                "          ",
                &qualifier(isa.value(7)),
                &format!("{:<15}", id_text(isa.value(8), 15)),
                &qualifier(isa.value(5)),
                &format!("{:<15}", id_text(isa.value(6), 15)),
                &options.date[2..],
                &options.time,
                "^",
                "00501",
            ],
            Slot::Interchange,
            &["0", usage, ":"],
        );
    }

    pub(crate) fn iea(&mut self, groups: usize) {
        self.numbered(&["IEA", &groups.to_string()], Slot::Interchange, &[]);
    }

    /// GS of a group answering `gs`, with functional identifier `id` and guide `guide`.
    pub(crate) fn gs(&mut self, gs: &Segment<'_>, id: &str, guide: &str, options: &AckOptions) {
        self.numbered(
            &[
                "GS",
                id,
                &id_text(gs.value(3), 15),
                &id_text(gs.value(2), 15),
                &options.date,
                &options.time,
            ],
            Slot::GroupStart,
            &["X", guide],
        );
        self.sets = 0;
    }

    pub(crate) fn ge(&mut self) {
        self.numbered(&["GE", &self.sets.to_string()], Slot::Group, &[]);
    }

    pub(crate) fn st(&mut self, id: &str, guide: &str) {
        self.count = 0;
        self.sets += 1;
        let control = format!("{:04}", self.sets);
        self.segment(&["ST", id, &control, guide]);
    }

    pub(crate) fn se(&mut self) {
        let n = (self.count + 1).to_string();
        let control = format!("{:04}", self.sets);
        self.segment(&["SE", &n, &control]);
    }

    /// Adds the segments of `other`, which holds no control number.
    pub(crate) fn append(&mut self, other: Builder) {
        debug_assert!(other.written.slots.is_empty());
        self.written.text.push_str(&other.written.text);
        self.count += other.count;
    }

    fn finish(self) -> Written {
        self.written
    }
}

impl Acknowledgment {
    pub(crate) fn push(&mut self, interchange: Builder) {
        self.interchanges.push(interchange.finish());
    }
}

/// An ISA05/ISA07 interchange ID qualifier: the input's when it is one of the code list's,
/// `ZZ` (mutually defined) otherwise.
fn qualifier(value: &[u8]) -> String {
    const CODES: &[&[u8]] = &[
        b"01", b"14", b"20", b"27", b"28", b"29", b"30", b"33", b"ZZ",
    ];
    if CODES.contains(&value) {
        text(value)
    } else {
        "ZZ".into()
    }
}

/// A sender or receiver ID for the acknowledgment's envelope: the input's, or `UNKNOWN`
/// when it is empty, too long or holds characters an acknowledgment cannot carry.
fn id_text(value: &[u8], max: usize) -> String {
    let v = value.trim_ascii();
    if v.is_empty() || v.len() > max || !v.iter().all(|b| safe_byte(*b)) {
        "UNKNOWN".into()
    } else {
        text(v)
    }
}

/// A byte that can stand in an acknowledgment element: printable ASCII other than the
/// acknowledgment's own delimiters.
pub(crate) fn safe_byte(b: u8) -> bool {
    (b.is_ascii_graphic() || b == b' ') && !matches!(b, b'*' | b':' | b'~' | b'^')
}

pub(crate) fn text(v: &[u8]) -> String {
    String::from_utf8_lossy(v.trim_ascii_end()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_numbers_count_up_and_wrap() {
        assert!(ControlNumbers::starting_at(0).is_none());
        assert!(ControlNumbers::starting_at(1_000_000_000).is_none());
        let mut n = ControlNumbers::starting_at(MAX_CONTROL_NUMBER).unwrap();
        assert_eq!(ControlNumbers::take(&mut n.interchange), MAX_CONTROL_NUMBER);
        assert_eq!(ControlNumbers::take(&mut n.interchange), 1);
    }
}
