//! The SV1 professional service segment, element by element, each with its span.

use crate::x12::{Element, Piece, Segment};

/// A typed view of one SV1 segment (loop 2400).
///
/// Accessors return the raw pieces; absent elements are `None`, and empty ones are
/// `Some` with an empty value so a rule can point at where the value should be.
#[derive(Debug, Clone, Copy)]
pub struct Sv1<'a> {
    pub segment: Segment<'a>,
}

impl<'a> Sv1<'a> {
    pub fn new(segment: Segment<'a>) -> Self {
        Sv1 { segment }
    }

    /// SV101, the composite medical procedure identifier.
    pub fn procedure(&self) -> Option<Element<'a>> {
        self.segment.element(1)
    }

    /// SV101-1, the product/service ID qualifier (`HC`).
    pub fn qualifier(&self) -> Option<Piece<'a>> {
        self.procedure()?.component(1)
    }

    /// SV101-2, the procedure code.
    pub fn code(&self) -> Option<Piece<'a>> {
        self.procedure()?.component(2)
    }

    /// SV101-3..SV101-6 in order, as present (empty ones included up to the last one sent).
    pub fn modifiers(&self) -> impl Iterator<Item = Piece<'a>> {
        self.procedure()
            .into_iter()
            .flat_map(|e| e.components().skip(2).take(4))
    }

    /// SV101-7, the description.
    pub fn description(&self) -> Option<Piece<'a>> {
        self.procedure()?.component(7)
    }

    /// SV102, the line item charge amount.
    pub fn charge(&self) -> Option<Element<'a>> {
        self.segment.element(2)
    }

    /// SV103, the unit or basis for measurement code (`UN`, `MJ`).
    pub fn unit(&self) -> Option<Element<'a>> {
        self.segment.element(3)
    }

    /// SV104, the service unit count.
    pub fn quantity(&self) -> Option<Element<'a>> {
        self.segment.element(4)
    }

    /// SV105, the place of service code.
    pub fn place_of_service(&self) -> Option<Element<'a>> {
        self.segment.element(5)
    }

    /// SV107, the composite diagnosis code pointer.
    pub fn pointers(&self) -> Option<Element<'a>> {
        self.segment.element(7)
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
