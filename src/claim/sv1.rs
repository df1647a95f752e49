//! The SV1 professional service segment, element by element, each with its span.

use crate::x12::{Element, Piece, Segment};

/// A typed view of one SV1 segment (loop 2400).
///
/// Accessors return the raw pieces; absent elements are `None`, and empty ones are
/// `Some` with an empty value so a rule can point at where the value should be. The
/// segment is split once, when the view is built: every rule asks for SV101-2, and
/// splitting again for each question was the linter's largest cost.
#[derive(Debug, Clone, Copy)]
pub struct Sv1<'a> {
    pub segment: Segment<'a>,
    /// SV101 to SV107.
    elements: [Option<Element<'a>>; 7],
    /// SV101-1 to SV101-7.
    components: [Option<Piece<'a>>; 7],
}

impl<'a> Sv1<'a> {
    pub fn new(segment: Segment<'a>) -> Self {
        let mut elements = [None; 7];
        for (slot, e) in elements.iter_mut().zip(segment.elements()) {
            *slot = Some(e);
        }
        let mut components = [None; 7];
        if let Some(sv101) = elements[0] {
            for (slot, c) in components.iter_mut().zip(sv101.components()) {
                *slot = Some(c);
            }
        }
        Sv1 {
            segment,
            elements,
            components,
        }
    }

    /// SV101, the composite medical procedure identifier.
    pub fn procedure(&self) -> Option<Element<'a>> {
        self.elements[0]
    }

    /// SV101-1, the product/service ID qualifier (`HC`).
    pub fn qualifier(&self) -> Option<Piece<'a>> {
        self.components[0]
    }

    /// SV101-2, the procedure code.
    pub fn code(&self) -> Option<Piece<'a>> {
        self.components[1]
    }

    /// SV101-3..SV101-6 in order, as present (empty ones included up to the last one sent).
    pub fn modifiers(&self) -> impl Iterator<Item = Piece<'a>> {
        self.components[2..6].iter().map_while(|c| *c)
    }

    /// SV101-7, the description.
    pub fn description(&self) -> Option<Piece<'a>> {
        self.components[6]
    }

    /// SV102, the line item charge amount.
    pub fn charge(&self) -> Option<Element<'a>> {
        self.elements[1]
    }

    /// SV103, the unit or basis for measurement code (`UN`, `MJ`).
    pub fn unit(&self) -> Option<Element<'a>> {
        self.elements[2]
    }

    /// SV104, the service unit count.
    pub fn quantity(&self) -> Option<Element<'a>> {
        self.elements[3]
    }

    /// SV105, the place of service code.
    pub fn place_of_service(&self) -> Option<Element<'a>> {
        self.elements[4]
    }

    /// SV107, the composite diagnosis code pointer.
    pub fn pointers(&self) -> Option<Element<'a>> {
        self.elements[6]
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
            .map(|p| String::from_utf8_lossy(p.value).into_owned())
            .collect();
        parts.resize(6, String::new());
        parts.push(description.to_string());
        parts.join(&sep.to_string())
    }
}
