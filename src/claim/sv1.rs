//! The SV1 professional service segment, element by element, each with its span.

use crate::codes::procedure::{self, ProcedureClass};
use crate::x12::values::{Decimal, DecimalError, ShortDecimal, decimal, short_decimal};
use crate::x12::{Element, Piece, Segment};

/// A typed view of one SV1 segment (loop 2400).
///
/// Accessors return the raw pieces; absent elements are `None`, and empty ones are
/// `Some` with an empty value so a rule can point at where the value should be. The
/// segment is split once, when the view is built: every rule asks for SV101-2, and
/// splitting again for each question was the linter's largest cost. For the same reason
/// the view reads once what several rules need: the class of the procedure code, the
/// line charge and SV107's plain pointers.
#[derive(Debug, Clone, Copy)]
pub struct Sv1<'a> {
    pub segment: Segment<'a>,
    /// Byte ranges in `segment.raw` of SV101 to SV107, the first `element_count` of them.
    /// Kept narrow, as are the components' ranges and the charge, so that a claim's usual
    /// lines fit in one small allocation; unused when `long`.
    elements: [(u16, u16); 7],
    element_count: u8,
    /// Byte ranges in `segment.raw` of SV101-1 to SV101-7, the first `component_count`.
    components: [(u16, u16); 7],
    component_count: u8,
    /// Whether the segment is too long for `u16` ranges: its elements and components are
    /// then split again from the segment when asked for.
    long: bool,
    /// [`procedure::classify`] of SV101-2 (of an empty code when there is none).
    class: ProcedureClass,
    /// Whether SV101-1 is `HC`: most SV1 rules ask first.
    hc: bool,
    /// SV102 read as a decimal (an empty value when there is none).
    charge_amount: Charge,
    /// Whether SV103 is `MJ` (minutes): three rules ask it of every line first (S007, S016,
    /// S017).
    minutes: bool,
    /// [`Sv1::plain_pointers`], read once: three rules ask it of every line (H012, S003,
    /// S009). A `count` of 0 when SV107 is not in the usual form.
    plain: PlainPointers,
}

/// Splits `raw[begin..end]` on `separator` into at most `N` ranges, as
/// [`Segment::elements`] and [`Element::components`] split: every separator ends a piece,
/// and the piece after the last separator counts even when empty. Returns how many pieces
/// were kept.
fn split<const N: usize>(
    raw: &[u8],
    begin: usize,
    end: usize,
    separator: u8,
    out: &mut [(usize, usize); N],
) -> u8 {
    let mut count = 0;
    let mut piece = begin;
    for (i, &b) in raw[begin..end].iter().enumerate() {
        if b == separator {
            out[count] = (piece, begin + i);
            count += 1;
            if count == N {
                return count as u8;
            }
            piece = begin + i + 1;
        }
    }
    out[count] = (piece, end);
    count as u8 + 1
}

impl<'a> Sv1<'a> {
    #[inline]
    pub fn new(segment: Segment<'a>) -> Self {
        let mut sv1 = Sv1::blank(segment);
        if !sv1.fill() {
            return Self::split_bytewise(segment);
        }
        sv1
    }

    /// [`Sv1::new`] made in `slot`, the line's: made on the stack and returned, the view
    /// was copied into its place with 16-byte loads of what narrower stores had just
    /// written, a store-forwarding stall on every line (perf's samples).
    #[inline(never)]
    pub(crate) fn read_into(slot: &mut Option<Sv1<'a>>, segment: Segment<'a>) {
        if !slot.insert(Sv1::blank(segment)).fill() {
            *slot = Some(Self::split_bytewise(segment));
        }
    }

    /// A view of `segment` with nothing read yet, for [`Sv1::fill`]: no ranges, and
    /// placeholders in the fields read once, each of which [`Sv1::read`] sets.
    #[inline(always)]
    fn blank(segment: Segment<'a>) -> Self {
        Sv1 {
            segment,
            elements: [(0, 0); 7],
            element_count: 0,
            components: [(0, 0); 7],
            component_count: 0,
            long: false,
            class: ProcedureClass::CptCategory2,
            hc: false,
            charge_amount: Charge::Unusual,
            minutes: false,
            plain: PlainPointers::NONE,
        }
    }

    /// Reads a blank view's segment into it, in place: its ranges are split straight
    /// into the fields that keep them. `false`, with nothing read, for a segment of more
    /// than 64 bytes, which [`Sv1::split_bytewise`] reads.
    #[inline(always)]
    fn fill(&mut self) -> bool {
        let raw = self.segment.raw;
        let delimiters = self.segment.delimiters;
        let Some((element_bits, component_bits)) =
            super::bits::positions_of_two(raw, delimiters.element, delimiters.component)
        else {
            return false;
        };
        // At most 64 bytes: the ranges are split straight into the width they are kept
        // in, not split wide and narrowed after.
        let id_len = (element_bits.trailing_zeros() as usize).min(raw.len());
        if id_len < raw.len() {
            self.element_count =
                super::bits::split(element_bits, id_len + 1, raw.len(), &mut self.elements);
        }
        if self.element_count > 0 {
            // Components are looked for in SV101 only.
            let (begin, end) = self.elements[0];
            self.component_count = super::bits::split(
                component_bits,
                usize::from(begin),
                usize::from(end),
                &mut self.components,
            );
        }
        let read = Read::of(
            (&self.elements, self.element_count),
            (&self.components, self.component_count),
            |(begin, end): (u16, u16)| &raw[usize::from(begin)..usize::from(end)],
        );
        self.read(read);
        true
    }

    /// [`Sv1::new`] for a segment too long to mark its separators in one word.
    fn split_bytewise(segment: Segment<'a>) -> Self {
        let raw = segment.raw;
        let delimiters = segment.delimiters;
        let id_len = segment.id().len();
        let mut elements = [(0, 0); 7];
        let element_count = if id_len < raw.len() {
            split(
                raw,
                id_len + 1,
                raw.len(),
                delimiters.element,
                &mut elements,
            )
        } else {
            0
        };
        let mut components = [(0, 0); 7];
        let component_count = if element_count > 0 {
            let (begin, end) = elements[0];
            split(raw, begin, end, delimiters.component, &mut components)
        } else {
            0
        };
        let read = Read::of(
            (&elements, element_count),
            (&components, component_count),
            |(begin, end): (usize, usize)| &raw[begin..end],
        );
        let long = raw.len() > usize::from(u16::MAX);
        let narrow = |ranges: [(usize, usize); 7]| {
            if long {
                return [(0, 0); 7];
            }
            ranges.map(|(begin, end)| (begin as u16, end as u16))
        };
        let mut sv1 = Sv1 {
            elements: narrow(elements),
            element_count,
            components: narrow(components),
            component_count,
            long,
            ..Sv1::blank(segment)
        };
        sv1.read(read);
        sv1
    }

    /// Sets what the view reads once (see its fields) from the values `found`.
    #[inline(always)]
    fn read(&mut self, found: Read<'_>) {
        self.plain = match found.pointers {
            Some(sv107) => plain_pointers_of(sv107, self.segment.delimiters.component),
            None => PlainPointers::NONE,
        };
        self.class = procedure::classify(found.code.unwrap_or_default());
        self.hc = matches!(found.qualifier, Some([b'H', b'C']));
        self.charge_amount = Charge::of(found.charge.unwrap_or_default());
        self.minutes = matches!(found.unit, Some([b'M', b'J']));
    }

    /// The view as it was built before separators were found a word at a time (the
    /// byte-by-byte split, for any length), kept to prove the two agree.
    #[cfg(test)]
    pub(super) fn reference(segment: Segment<'a>) -> Self {
        Self::split_bytewise(segment)
    }

    /// SV1 element `n` (0-based: 0 is SV101).
    ///
    /// The out-of-line path for a long segment gives back a range, not an element: when
    /// it returned an element through memory, the common path's element went through that
    /// memory too, and the caller's copy read 16 bytes back that two 8-byte stores had
    /// just written, a store-forwarding stall on every line (7% of the dispatch's samples
    /// in perf, at `Sv1::component`).
    #[inline]
    fn element(&self, n: usize) -> Option<Element<'a>> {
        if n >= usize::from(self.element_count) {
            return None;
        }
        let (begin, end) = if self.long {
            self.long_element(n)?
        } else {
            let (begin, end) = self.elements[n];
            (usize::from(begin), usize::from(end))
        };
        Some(Element {
            value: &self.segment.raw[begin..end],
            start: self.segment.start + begin,
            position: n + 1,
            delimiters: self.segment.delimiters,
        })
    }

    /// SV101 component `n` (0-based: 0 is SV101-1); a long segment's as [`Sv1::element`]'s.
    #[inline]
    fn component(&self, n: usize) -> Option<Piece<'a>> {
        if n >= usize::from(self.component_count) {
            return None;
        }
        let (begin, end) = if self.long {
            self.long_component(n)?
        } else {
            let (begin, end) = self.components[n];
            (usize::from(begin), usize::from(end))
        };
        Some(Piece {
            value: &self.segment.raw[begin..end],
            start: self.segment.start + begin,
            position: n + 1,
        })
    }

    /// Where [`Sv1::element`] `n` is in a segment too long for the ranges kept: split
    /// again.
    #[cold]
    #[inline(never)]
    fn long_element(&self, n: usize) -> Option<(usize, usize)> {
        self.segment.separators().range(n + 1)
    }

    /// Where [`Sv1::component`] `n` is in a segment too long for the ranges kept: split
    /// again.
    #[cold]
    #[inline(never)]
    fn long_component(&self, n: usize) -> Option<(usize, usize)> {
        let c = self.segment.element(1)?.component(n + 1)?;
        let begin = c.start - self.segment.start;
        Some((begin, begin + c.value.len()))
    }

    /// The class of the procedure code SV101-2 as sent, whatever the qualifier:
    /// [`procedure::classify`] of the code, or of an empty value when there is none.
    pub fn procedure_class(&self) -> ProcedureClass {
        self.class
    }

    /// Whether SV101-1, the qualifier, is `HC` (a CPT or HCPCS code), as read once.
    pub fn is_hc(&self) -> bool {
        self.hc
    }

    /// SV102 read as an R value; `Err(DecimalError::Empty)` when SV102 is empty or absent.
    #[inline]
    pub fn charge_amount(&self) -> Result<Decimal, DecimalError> {
        match self.charge_amount {
            Charge::Read(amount) => Ok(amount.into()),
            Charge::Failed(error) => Err(error),
            Charge::Unusual => self.unusual_charge(),
        }
    }

    /// [`Sv1::charge_amount`] of an amount too large for the room kept: read again.
    #[cold]
    #[inline(never)]
    fn unusual_charge(&self) -> Result<Decimal, DecimalError> {
        decimal(self.charge().map_or(&[][..], |e| e.value))
    }

    /// SV101, the composite medical procedure identifier.
    pub fn procedure(&self) -> Option<Element<'a>> {
        self.element(0)
    }

    /// SV101-1, the product/service ID qualifier (`HC`).
    pub fn qualifier(&self) -> Option<Piece<'a>> {
        self.component(0)
    }

    /// SV101-2, the procedure code.
    pub fn code(&self) -> Option<Piece<'a>> {
        self.component(1)
    }

    /// SV101-3..SV101-6 in order, as present (empty ones included up to the last one sent).
    pub fn modifiers(&self) -> impl Iterator<Item = Piece<'a>> {
        (2..6).map_while(|n| self.component(n))
    }

    /// SV101-7, the description.
    pub fn description(&self) -> Option<Piece<'a>> {
        self.component(6)
    }

    /// SV102, the line item charge amount.
    pub fn charge(&self) -> Option<Element<'a>> {
        self.element(1)
    }

    /// SV103, the unit or basis for measurement code (`UN`, `MJ`).
    pub fn unit(&self) -> Option<Element<'a>> {
        self.element(2)
    }

    /// Whether SV103 is `MJ`, the line billed in minutes, as read once.
    #[inline]
    pub fn in_minutes(&self) -> bool {
        self.minutes
    }

    /// SV104, the service unit count.
    pub fn quantity(&self) -> Option<Element<'a>> {
        self.element(3)
    }

    /// SV105, the place of service code.
    pub fn place_of_service(&self) -> Option<Element<'a>> {
        self.element(4)
    }

    /// SV107, the composite diagnosis code pointer.
    pub fn pointers(&self) -> Option<Element<'a>> {
        self.element(6)
    }

    /// SV107's diagnosis pointers when they are in their usual form: one to four
    /// pointers, each a plain `1` to `12` (no leading zero, no decimals, none empty).
    /// `None` for anything else, an absent SV107 included.
    ///
    /// Read from SV107's bytes in place when the view is built, before any piece: nearly
    /// every line points this way, and the pointer rules ask this first, needing the
    /// pieces only for the unusual forms and to report.
    #[inline]
    pub fn plain_pointers(&self) -> Option<PlainPointers> {
        (self.plain.count != 0).then_some(self.plain)
    }

    /// How many modifiers [`Sv1::modifiers`] gives (0 to 4), without building them.
    #[inline]
    pub fn modifier_count(&self) -> usize {
        usize::from(self.component_count).clamp(2, 6) - 2
    }

    /// SV101 as sent, with `description` in SV101-7: the qualifier, code and modifiers
    /// kept, empty modifiers filled in, joined with the interchange's component separator.
    /// For help texts, e.g. `HC:20999:RT::::DESCRIPTION`.
    pub fn with_description(&self, description: &str) -> String {
        let sep = self.segment.delimiters.component as char;
        let mut parts: Vec<String> = self
            .procedure()
            .into_iter()
            .flat_map(|e| e.components().take(6))
            // Quoted, so a value shifted into a modifier is shown as its element is.
            .map(|p| {
                if p.value.is_empty() {
                    String::new()
                } else {
                    crate::redact::quote(p.value)
                }
            })
            .collect();
        parts.resize(6, String::new());
        parts.push(description.to_string());
        parts.join(&sep.to_string())
    }
}

/// The pieces of an SV1 that its view reads once when built, each `None` when absent.
struct Read<'r> {
    /// SV101-1 and SV101-2.
    qualifier: Option<&'r [u8]>,
    code: Option<&'r [u8]>,
    /// SV102, SV103 and SV107.
    charge: Option<&'r [u8]>,
    unit: Option<&'r [u8]>,
    pointers: Option<&'r [u8]>,
}

impl<'r> Read<'r> {
    /// The pieces, from the ranges of the first `element_count` elements (SV101 first)
    /// and of the first `component_count` components of SV101, `value` giving a range's
    /// bytes.
    #[inline(always)]
    fn of<R: Copy>(
        (elements, element_count): (&[R; 7], u8),
        (components, component_count): (&[R; 7], u8),
        value: impl Fn(R) -> &'r [u8],
    ) -> Self {
        Read {
            qualifier: (component_count > 0).then(|| value(components[0])),
            code: (component_count > 1).then(|| value(components[1])),
            charge: (element_count > 1).then(|| value(elements[1])),
            unit: (element_count > 2).then(|| value(elements[2])),
            pointers: (element_count > 6).then(|| value(elements[6])),
        }
    }
}

/// SV102's [`decimal`] in a third of the room a `Result<Decimal, _>` takes: the usual
/// amount (at most 18 digits) as read, the rare one that does not fit read again when
/// asked for.
#[derive(Debug, Clone, Copy)]
enum Charge {
    Read(ShortDecimal),
    Failed(DecimalError),
    Unusual,
}

impl Charge {
    /// SV102, `value`, read: kept as [`short_decimal`] reads it, not widened to a
    /// `Decimal` and narrowed again (0.13 M instructions on the 1 MB file).
    #[inline(always)]
    fn of(value: &[u8]) -> Self {
        match short_decimal(value) {
            Some(amount) => Charge::Read(amount),
            None => Self::of_unusual(value),
        }
    }

    /// [`Charge::of`] a value that is no amount of up to 18 digits.
    #[cold]
    #[inline(never)]
    fn of_unusual(value: &[u8]) -> Self {
        match decimal(value) {
            Ok(_) => Charge::Unusual,
            Err(error) => Charge::Failed(error),
        }
    }
}

/// [`Sv1::plain_pointers`] of SV107's `value` ([`PlainPointers::NONE`] for `None`): the
/// usual single digit decided here, anything else by [`plain_pointers_in`].
#[inline(always)]
fn plain_pointers_of(value: &[u8], separator: u8) -> PlainPointers {
    if let [d @ b'1'..=b'9'] = *value {
        return PlainPointers {
            numbers: 1 << (d - b'0'),
            count: 1,
            repeat: false,
        };
    }
    // Two single-digit pointers (`1:2`), the next most usual form (with a digit for
    // separator, `1:2` could read as `12`: left to `plain_pointers_in`, which declines).
    if let [a @ b'1'..=b'9', s, b @ b'1'..=b'9'] = *value
        && s == separator
        && !separator.is_ascii_digit()
    {
        return PlainPointers {
            numbers: 1 << (a - b'0') | 1 << (b - b'0'),
            count: 2,
            repeat: a == b,
        };
    }
    plain_pointers_in(value, separator).unwrap_or(PlainPointers::NONE)
}

/// [`Sv1::plain_pointers`] of an SV107 of more than one pointer, or of a pointer of two
/// digits: the pointers read one by one, separated by `separator`.
#[inline(never)]
fn plain_pointers_in(value: &[u8], separator: u8) -> Option<PlainPointers> {
    // With a digit for separator `1:2` could read as `12`: leave that to the pieces.
    if separator.is_ascii_digit() {
        return None;
    }
    let mut rest = value;
    let mut pointers = PlainPointers::NONE;
    loop {
        let (n, after) = match *rest {
            [d @ b'1'..=b'9', ref after @ ..] if !after.first().is_some_and(u8::is_ascii_digit) => {
                (d - b'0', after)
            }
            [b'1', d @ b'0'..=b'2', ref after @ ..] => (10 + d - b'0', after),
            _ => return None,
        };
        pointers.repeat |= pointers.numbers & 1 << n != 0;
        pointers.numbers |= 1 << n;
        pointers.count += 1;
        match *after {
            [] => return Some(pointers),
            // A fifth pointer is one too many: not the usual form.
            [s, ref next @ ..] if s == separator && pointers.count < 4 => rest = next,
            _ => return None,
        }
    }
}

/// SV107's pointers in their usual form, as [`Sv1::plain_pointers`] reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainPointers {
    /// Bit `n` set for pointer `n` (1 to 12).
    numbers: u16,
    /// How many pointers were sent (1 to 4).
    count: u8,
    /// Whether a pointer was sent twice, noted as they are read: counting `numbers`' bits
    /// takes a dozen instructions on a processor without a population count.
    repeat: bool,
}

impl PlainPointers {
    /// No pointers: SV107 absent or not in the usual form.
    const NONE: PlainPointers = PlainPointers {
        numbers: 0,
        count: 0,
        repeat: false,
    };

    /// The highest pointer sent.
    pub fn highest(self) -> usize {
        (u16::BITS - 1 - self.numbers.leading_zeros()) as usize
    }

    /// Whether a pointer was sent twice: fewer numbers than pointers.
    pub fn has_repeat(self) -> bool {
        self.repeat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x12::Delimiters;

    /// What [`Sv1::plain_pointers`] stands for, read piece by piece: one to four pieces,
    /// each `1` to `12` without a leading zero.
    fn plain_by_pieces(sv1: &Sv1<'_>) -> Option<PlainPointers> {
        let pointers = sv1.pointers()?;
        let mut plain = PlainPointers::NONE;
        for p in pointers.components() {
            let n: u16 = match p.value {
                [d @ b'1'..=b'9'] => u16::from(d - b'0'),
                [b'1', d @ b'0'..=b'2'] => 10 + u16::from(d - b'0'),
                _ => return None,
            };
            plain.numbers |= 1 << n;
            plain.count += 1;
        }
        // Fewer numbers than pointers: one was sent twice.
        plain.repeat = plain.numbers.count_ones() < u32::from(plain.count);
        (plain.count <= 4).then_some(plain)
    }

    /// The modifiers counted without building them are the modifiers built, and the
    /// minutes read once are SV103's.
    #[test]
    fn modifier_count_is_the_modifiers_given() {
        for rest in [
            "100*MJ*60",
            "100*UN*1",
            "100*MJ",
            "100*MJX*1",
            "100**1",
            "100",
            "",
        ] {
            let raw = format!("SV1*HC:00790*{rest}");
            for sv1 in [
                Sv1::new(segment(raw.as_bytes())),
                Sv1::reference(segment(raw.as_bytes())),
            ] {
                let minutes = sv1.unit().is_some_and(|u| u.value == b"MJ");
                assert_eq!(sv1.in_minutes(), minutes, "{rest}");
            }
        }
        for sv101 in [
            "",
            "HC",
            "HC:",
            "HC:99213",
            "HC:99213:",
            "HC:99213:25",
            "HC:99213::25",
            "HC:99213:25:59",
            "HC:99213:25:59:",
            "HC:99213:25:59:XS:76",
            "HC:99213:25:59:XS:76:DESC",
            "HC:99213:25:59:XS:76:DESC:MORE",
        ] {
            let raw = format!("SV1*{sv101}*100*UN*1***1");
            for sv1 in [
                Sv1::new(segment(raw.as_bytes())),
                Sv1::reference(segment(raw.as_bytes())),
            ] {
                assert_eq!(sv1.modifier_count(), sv1.modifiers().count(), "{sv101}");
            }
        }
    }

    /// The charge kept narrow is SV102 read as a decimal, and the ranges kept narrow (or
    /// split again, for a segment too long for them) are the segment's own elements and
    /// SV101's components.
    #[test]
    fn narrow_fields_read_as_the_segment() {
        let long_description = "D".repeat(70_000);
        let mut sv1s = Vec::new();
        for charge in [
            "100",
            "-12.5",
            "0.00",
            "",
            "50.",
            "+5",
            "1e3",
            "A",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999999",
            "-9223372036854775808",
            "1.0000000000000000000000000000000000000000000000000000000000000001",
        ] {
            sv1s.push(format!("SV1*HC:99213:25*{charge}*UN*1***1:2"));
            sv1s.push(format!(
                "SV1*HC:99213:25::::{long_description}*{charge}*MJ*1***1:2"
            ));
        }
        sv1s.push(format!(
            "SV1*HC:99213:25:59:XS:76:{long_description}:MORE*9*UN*1*11**12*X"
        ));
        sv1s.push(format!("SV1*{long_description}"));
        sv1s.push(format!("SV1*HC:{long_description}"));
        sv1s.push("SV1".to_string());
        sv1s.push("SV1*".to_string());
        for raw in &sv1s {
            let s = segment(raw.as_bytes());
            for sv1 in [Sv1::new(s), Sv1::reference(s)] {
                let charge = s.element(2).map_or(&[][..], |e| e.value);
                assert_eq!(sv1.charge_amount(), decimal(charge), "{charge:?}");
                for n in 0..7 {
                    assert_eq!(at(sv1.element(n)), at(s.element(n + 1)), "{n}");
                    assert_eq!(piece(sv1.component(n)), piece(piece_of(s, n)), "{n}");
                }
                assert_eq!(sv1.in_minutes(), s.value(3) == b"MJ");
                assert_eq!(sv1.plain_pointers(), plain_by_pieces(&sv1));
            }
        }
    }

    /// The usual forms decided in place are what the pointer-by-pointer reading says,
    /// with any separator, a digit included.
    #[test]
    fn usual_pointers_read_as_one_by_one() {
        for separator in [b':', b'^', b'2', b'1'] {
            for value in [
                "1", "9", "0", "1:2", "2:1", "1:1", "9:9", "1:0", "0:1", "123", "121", "1^2",
                "1:12", "12", "1::2", "1:2:3", "",
            ] {
                let value = value.as_bytes();
                let one_by_one = if let [d @ b'1'..=b'9'] = *value {
                    PlainPointers {
                        numbers: 1 << (d - b'0'),
                        count: 1,
                        repeat: false,
                    }
                } else {
                    plain_pointers_in(value, separator).unwrap_or(PlainPointers::NONE)
                };
                assert_eq!(
                    plain_pointers_of(value, separator),
                    one_by_one,
                    "{value:?} {separator}"
                );
            }
        }
    }

    fn piece_of(s: Segment<'_>, n: usize) -> Option<Piece<'_>> {
        s.element(1).and_then(|e| e.component(n + 1))
    }

    fn at(e: Option<Element<'_>>) -> Option<(&[u8], usize, usize)> {
        e.map(|e| (e.value, e.start, e.position))
    }

    fn piece(p: Option<Piece<'_>>) -> Option<(&[u8], usize, usize)> {
        p.map(|p| (p.value, p.start, p.position))
    }

    fn segment(raw: &[u8]) -> Segment<'_> {
        Segment {
            raw,
            start: 0,
            ordinal: 1,
            delimiters: Delimiters::default(),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// A view built from one marking of a short segment's separators reads what the
        /// segment's own elements and components say, for any bytes after the ID (up to
        /// and past the 64 bytes marked in one word).
        #[test]
        fn views_read_as_the_segment(
            rest in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => proptest::prelude::Just(b'*'),
                    3 => proptest::prelude::Just(b':'),
                    4 => b'0'..=b'9',
                    1 => proptest::prelude::Just(b'.'),
                    1 => proptest::prelude::Just(b'-'),
                    2 => proptest::prelude::Just(b'H'),
                    2 => proptest::prelude::Just(b'C'),
                    1 => proptest::prelude::Just(b'M'),
                    1 => proptest::prelude::Just(b'J'),
                    1 => b'A'..=b'Z',
                ],
                0..72,
            ),
            with_id in proptest::bool::ANY,
        ) {
            let mut raw = if with_id { b"SV1*".to_vec() } else { Vec::new() };
            raw.extend_from_slice(&rest);
            let s = segment(&raw);
            fn value(p: Option<Piece<'_>>) -> &[u8] {
                p.map_or(&[][..], |p| p.value)
            }
            for sv1 in [Sv1::new(s), Sv1::reference(s)] {
                for n in 0..7 {
                    proptest::prop_assert_eq!(at(sv1.element(n)), at(s.element(n + 1)));
                    proptest::prop_assert_eq!(piece(sv1.component(n)), piece(piece_of(s, n)));
                }
                let charge = s.element(2).map_or(&[][..], |e| e.value);
                proptest::prop_assert_eq!(sv1.charge_amount(), decimal(charge));
                proptest::prop_assert_eq!(sv1.in_minutes(), s.value(3) == b"MJ");
                proptest::prop_assert_eq!(sv1.is_hc(), value(piece_of(s, 0)) == b"HC");
                proptest::prop_assert_eq!(
                    sv1.procedure_class(),
                    procedure::classify(value(piece_of(s, 1)))
                );
                proptest::prop_assert_eq!(sv1.plain_pointers(), plain_by_pieces(&sv1));
            }
        }

        /// The pointers read in place are the pointers the pieces hold, for any SV107.
        #[test]
        fn plain_pointers_read_as_the_pieces(
            sv107 in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just(b':'),
                    proptest::prelude::Just(b'*'),
                    b'0'..=b'3',
                    b'0'..=b'9',
                    proptest::prelude::Just(b'.'),
                    proptest::prelude::Just(b'A'),
                ],
                0..14,
            ),
        ) {
            let mut raw = b"SV1*HC:99213*100*UN*1***".to_vec();
            raw.extend_from_slice(&sv107);
            let sv1 = Sv1::new(Segment {
                raw: &raw,
                start: 0,
                ordinal: 1,
                delimiters: Delimiters::default(),
            });
            let plain = sv1.plain_pointers();
            proptest::prop_assert_eq!(plain, plain_by_pieces(&sv1));
            if let Some(p) = plain {
                let sent: Vec<usize> = (1..=12).filter(|&n| p.numbers & 1 << n != 0).collect();
                proptest::prop_assert_eq!(p.highest(), *sent.last().unwrap());
            }
        }
    }
}
