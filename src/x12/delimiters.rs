//! The four X12 delimiters, read from the ISA by fixed position.
//!
//! The ISA is the only fixed-width segment: 106 bytes, the element separator at byte 3,
//! the repetition separator (ISA11) at byte 82, the component separator (ISA16) at 104 and
//! the segment terminator at 105. Senders do sometimes trim the padding of ISA elements; we
//! then fall back to splitting the ISA on its element separator, so one bad width gives one
//! diagnostic instead of an unreadable interchange.

use nom::bytes::complete::{tag, take};
use nom::{IResult, Parser};

/// Length of a correctly padded ISA segment, terminator included.
pub const ISA_LEN: usize = 106;

/// Offsets (0-based, within the ISA) that hold the element separator in a fixed-width ISA.
pub const ISA_SEPARATOR_OFFSETS: [usize; 16] = [
    3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103,
];

/// Fixed width of ISA01..ISA16.
pub const ISA_WIDTHS: [usize; 16] = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiters {
    pub element: u8,
    /// ISA11. `None` when ISA11 is not usable as a separator (e.g. the 4010 value `U`).
    pub repetition: Option<u8>,
    pub component: u8,
    pub segment: u8,
}

impl Default for Delimiters {
    /// The delimiters most files use; only for tests and synthetic data.
    fn default() -> Self {
        Delimiters {
            element: b'*',
            repetition: Some(b'^'),
            component: b':',
            segment: b'~',
        }
    }
}

/// The delimiters of one interchange and where they were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsaHeader {
    pub delimiters: Delimiters,
    /// The raw ISA11 byte, kept even when it cannot serve as a repetition separator.
    pub isa11: u8,
    /// Offset of ISA11 within the ISA (82 when the layout is fixed).
    pub isa11_offset: usize,
    /// Offset of ISA16 within the ISA (104 when the layout is fixed).
    pub isa16_offset: usize,
    /// Bytes of the ISA including its terminator.
    pub len: usize,
    /// Whether every separator sits at its fixed position.
    pub fixed_layout: bool,
}

/// Why no delimiters could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsaError {
    /// The input ends before the ISA is complete; `available` bytes were there.
    Truncated { available: usize },
}

fn isa_prefix(input: &[u8]) -> IResult<&[u8], u8> {
    let (rest, _) = tag(&b"ISA"[..]).parse(input)?;
    let (rest, sep) = take(1usize).parse(rest)?;
    Ok((rest, sep[0]))
}

/// Reads the delimiters of the ISA at the start of `isa`.
///
/// `isa` must start with `ISA`; it may run on past the ISA (the rest of the file).
pub fn read_isa(isa: &[u8]) -> Result<IsaHeader, IsaError> {
    let truncated = IsaError::Truncated {
        available: isa.len(),
    };
    let Ok((_, element)) = isa_prefix(isa) else {
        return Err(truncated);
    };
    if isa.len() >= ISA_LEN && ISA_SEPARATOR_OFFSETS.iter().all(|&o| isa[o] == element) {
        let isa11 = isa[82];
        return Ok(IsaHeader {
            delimiters: Delimiters {
                element,
                repetition: Some(isa11),
                component: isa[104],
                segment: isa[105],
            },
            isa11,
            isa11_offset: 82,
            isa16_offset: 104,
            len: ISA_LEN,
            fixed_layout: true,
        });
    }
    // Trimmed or over-padded elements: find the 16th separator; ISA16 and the terminator
    // are the two bytes after it.
    let mut separators = memchr::memchr_iter(element, isa).take(16);
    let mut last = 0;
    let mut isa11_start = None;
    let mut count = 0;
    for (i, p) in separators.by_ref().enumerate() {
        if i == 11 {
            isa11_start = Some(last + 1);
        }
        last = p;
        count = i + 1;
    }
    if count < 16 || last + 2 >= isa.len() {
        return Err(truncated);
    }
    let isa11_offset = isa11_start.unwrap_or(0);
    let isa11 = isa[isa11_offset];
    Ok(IsaHeader {
        delimiters: Delimiters {
            element,
            repetition: Some(isa11),
            component: isa[last + 1],
            segment: isa[last + 2],
        },
        isa11,
        isa11_offset,
        isa16_offset: last + 1,
        len: last + 3,
        fixed_layout: false,
    })
}

/// What is wrong with a set of delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelimiterProblem {
    /// A delimiter is a letter or digit, which would split data.
    Alphanumeric(DelimiterKind, u8),
    /// A delimiter is a control character (only CR or LF may terminate segments).
    Control(DelimiterKind, u8),
    /// Two delimiters are the same character.
    Collision(DelimiterKind, DelimiterKind, u8),
}

impl DelimiterProblem {
    pub fn involves(&self, kind: DelimiterKind) -> bool {
        match *self {
            DelimiterProblem::Alphanumeric(k, _) | DelimiterProblem::Control(k, _) => k == kind,
            DelimiterProblem::Collision(a, b, _) => a == kind || b == kind,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelimiterKind {
    Element,
    Repetition,
    Component,
    Segment,
}

impl DelimiterKind {
    pub fn name(self) -> &'static str {
        match self {
            DelimiterKind::Element => "element separator",
            DelimiterKind::Repetition => "repetition separator (ISA11)",
            DelimiterKind::Component => "component separator (ISA16)",
            DelimiterKind::Segment => "segment terminator",
        }
    }
}

/// Checks the delimiters of `header`; problems with ISA11 alone still let the interchange
/// be read (the repetition separator is then disabled).
pub fn check_delimiters(header: &IsaHeader) -> Vec<DelimiterProblem> {
    let d = header.delimiters;
    let all = [
        (DelimiterKind::Element, d.element),
        (DelimiterKind::Repetition, header.isa11),
        (DelimiterKind::Component, d.component),
        (DelimiterKind::Segment, d.segment),
    ];
    let mut problems = Vec::new();
    for (i, &(kind, byte)) in all.iter().enumerate() {
        if byte.is_ascii_alphanumeric() {
            problems.push(DelimiterProblem::Alphanumeric(kind, byte));
        } else if (byte.is_ascii_control() || byte >= 0x80)
            && !(kind == DelimiterKind::Segment && (byte == b'\n' || byte == b'\r'))
        {
            problems.push(DelimiterProblem::Control(kind, byte));
        }
        for &(other, other_byte) in &all[i + 1..] {
            if byte == other_byte {
                problems.push(DelimiterProblem::Collision(kind, other, byte));
            }
        }
    }
    problems
}

/// Whether the problems leave the element, component and segment delimiters usable.
pub fn problems_are_fatal(problems: &[DelimiterProblem]) -> bool {
    problems.iter().any(|p| match p {
        DelimiterProblem::Alphanumeric(k, _) | DelimiterProblem::Control(k, _) => {
            *k != DelimiterKind::Repetition
        }
        DelimiterProblem::Collision(a, b, _) => {
            *a != DelimiterKind::Repetition && *b != DelimiterKind::Repetition
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &[u8] = b"ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~GS*HC";

    #[test]
    fn fixed_layout_gives_all_four_delimiters() {
        let h = read_isa(ISA).unwrap();
        assert!(h.fixed_layout);
        assert_eq!(h.len, ISA_LEN);
        assert_eq!(h.delimiters, Delimiters::default());
        assert!(check_delimiters(&h).is_empty());
    }

    #[test]
    fn trimmed_isa_falls_back_to_splitting() {
        let isa = b"ISA*00**00**ZZ*SUB*ZZ*REC*240115*1030*^*00501*000000001*0*T*>\nGS";
        let h = read_isa(isa).unwrap();
        assert!(!h.fixed_layout);
        assert_eq!(h.delimiters.component, b'>');
        assert_eq!(h.delimiters.segment, b'\n');
        assert_eq!(h.delimiters.repetition, Some(b'^'));
        assert_eq!(&isa[h.len..], b"GS");
    }

    #[test]
    fn short_input_is_truncated() {
        assert_eq!(
            read_isa(b"ISA*00*    "),
            Err(IsaError::Truncated { available: 11 })
        );
        assert_eq!(read_isa(b"IS"), Err(IsaError::Truncated { available: 2 }));
    }

    #[test]
    fn letters_and_collisions_are_reported() {
        let mut isa = ISA.to_vec();
        isa[82] = b'U';
        let h = read_isa(&isa).unwrap();
        let p = check_delimiters(&h);
        assert_eq!(
            p,
            vec![DelimiterProblem::Alphanumeric(
                DelimiterKind::Repetition,
                b'U'
            )]
        );
        assert!(!problems_are_fatal(&p));

        let mut isa = ISA.to_vec();
        isa[104] = b'*';
        let h = read_isa(&isa).unwrap();
        let p = check_delimiters(&h);
        assert!(p.contains(&DelimiterProblem::Collision(
            DelimiterKind::Element,
            DelimiterKind::Component,
            b'*'
        )));
        assert!(problems_are_fatal(&p));
    }

    #[test]
    fn newline_terminator_is_allowed() {
        let mut isa = ISA.to_vec();
        isa[105] = b'\n';
        let h = read_isa(&isa).unwrap();
        assert!(check_delimiters(&h).is_empty());
    }
}
