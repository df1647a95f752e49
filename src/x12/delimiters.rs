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

/// Eight bytes aligned to eight, of which five are used: the compiler copies it as one
/// word, where it copied the five bytes one or two at a time in every segment made
/// (six to eight instructions each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(align(8))]
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
    /// ISA11 is a space: names and addresses hold spaces, so each would read as repeated.
    Space(DelimiterKind),
}

impl DelimiterProblem {
    pub fn involves(&self, kind: DelimiterKind) -> bool {
        match *self {
            DelimiterProblem::Alphanumeric(k, _)
            | DelimiterProblem::Control(k, _)
            | DelimiterProblem::Space(k) => k == kind,
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
        } else if byte == b' ' && kind == DelimiterKind::Repetition {
            problems.push(DelimiterProblem::Space(kind));
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
        DelimiterProblem::Alphanumeric(k, _)
        | DelimiterProblem::Control(k, _)
        | DelimiterProblem::Space(k) => *k != DelimiterKind::Repetition,
        DelimiterProblem::Collision(a, b, _) => {
            *a != DelimiterKind::Repetition && *b != DelimiterKind::Repetition
        }
    })
}

/// A `GS` or `ST` that opens the file's X12 content when there is no ISA to take the
/// delimiters from (a transaction set handed over on its own, or an interchange whose ISA
/// was lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BareHeader {
    /// Offset of the header segment.
    pub start: usize,
    /// `true` for a `GS`, `false` for an `ST`.
    pub group: bool,
    /// The element separator and terminator as the header writes them; the component
    /// separator as the content uses it (`:` when nothing shows it); no repetition
    /// separator, since nothing says which character it would be.
    pub delimiters: Delimiters,
}

/// The first `GS` or `ST` at the start of the file or of a line (after blanks), followed by
/// an element separator and a terminator that can be told from data.
pub fn find_bare_header(bytes: &[u8]) -> Option<BareHeader> {
    let mut at = 0;
    loop {
        let line = &bytes[at..];
        let indent = line
            .iter()
            .take_while(|&&b| b.is_ascii_whitespace() || b == 0xEF || b == 0xBB || b == 0xBF)
            .count();
        let start = at + indent;
        if let Some(h) = bare_header_at(bytes, start) {
            return Some(h);
        }
        let next = memchr::memchr(b'\n', &bytes[start..])?;
        at = start + next + 1;
    }
}

fn bare_header_at(bytes: &[u8], start: usize) -> Option<BareHeader> {
    let rest = bytes.get(start..)?;
    let group = match rest.get(..2)? {
        b"GS" => true,
        b"ST" => false,
        _ => return None,
    };
    let element = *rest.get(2)?;
    if element.is_ascii_alphanumeric() || element.is_ascii_whitespace() || element >= 0x80 {
        return None;
    }
    // The terminator is the first byte after the header's elements that data would not
    // hold: GS and ST elements are codes, numbers, dates and sender IDs.
    let data = |b: u8| {
        b == element
            || b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'.' | b'-' | b'_' | b'/' | b'@' | b'&' | b',' | b'(' | b')' | b'#'
            )
    };
    let at = rest[3..].iter().take(200).position(|&b| !data(b))? + 3;
    let segment = rest[at];
    if segment.is_ascii_control() && !matches!(segment, b'\r' | b'\n') {
        return None;
    }
    Some(BareHeader {
        start,
        group,
        delimiters: Delimiters {
            element,
            repetition: None,
            component: component_in_use(rest, element, segment).unwrap_or(b':'),
            segment,
        },
    })
}

/// The component separator the content uses, read where every 837 writes one: right after
/// the `HC` qualifier of SV1 or the `ABK`/`BK` qualifier of the diagnosis HI.
fn component_in_use(content: &[u8], element: u8, segment: u8) -> Option<u8> {
    let window = &content[..content.len().min(1 << 20)];
    for tag in [&b"SV1"[..], b"HI"] {
        for p in memchr::memmem::find_iter(window, tag) {
            let value = window.get(p + tag.len() + 1..)?;
            if window[p + tag.len()] != element {
                continue;
            }
            let q = value
                .iter()
                .take(4)
                .position(|b| !b.is_ascii_alphanumeric())?;
            let b = value[q];
            if q >= 2 && b != element && b != segment && !b.is_ascii_whitespace() {
                return Some(b);
            }
        }
    }
    None
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
    fn bare_headers_give_their_delimiters() {
        let st = b"\r\n  ST|837|0001|005010X222A1!BHT|0019!HI|ABK>J449!SE|3|0001!";
        let h = find_bare_header(st).unwrap();
        assert_eq!(h.start, 4);
        assert!(!h.group);
        assert_eq!(
            h.delimiters,
            Delimiters {
                element: b'|',
                repetition: None,
                component: b'>',
                segment: b'!'
            }
        );
        let gs = b"GS*HC*SENDER CODE*RECEIVER*19991231*0802*1*X*005010X222A1~\nST*837*1~";
        let h = find_bare_header(gs).unwrap();
        assert!(h.group);
        assert_eq!(h.delimiters.segment, b'~');
        assert_eq!(h.delimiters.component, b':');
        assert_eq!(find_bare_header(b"Claim,Patient\nSTATUS: ok\n"), None);
    }

    #[test]
    fn newline_terminator_is_allowed() {
        let mut isa = ISA.to_vec();
        isa[105] = b'\n';
        let h = read_isa(&isa).unwrap();
        assert!(check_delimiters(&h).is_empty());
    }
}
