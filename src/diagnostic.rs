//! One finding: which rule, how severe, what is wrong, where exactly, and how to fix it.
//!
//! Diagnostics hold byte spans into the original file and no borrows, so they can cross
//! threads and be serialized. Lines, columns and the display view are computed by the
//! renderers in [`crate::report`].

use crate::rule::Rule;
pub use crate::rule::Severity;
use crate::source::Span;
use std::fmt;

/// A secondary span that explains the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A reference to an element or component, written the X12 way: `SE01`, `SV101-2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementRef {
    pub segment: String,
    pub element: usize,
    pub component: Option<usize>,
}

impl ElementRef {
    pub fn new(segment: impl Into<String>, element: usize, component: Option<usize>) -> Self {
        ElementRef {
            segment: segment.into(),
            element,
            component,
        }
    }
}

impl fmt::Display for ElementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:02}", self.segment, self.element)?;
        if let Some(c) = self.component {
            write!(f, "-{c}")?;
        }
        Ok(())
    }
}

/// Where a diagnostic sits in the interchange structure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// ID of the segment the primary span is in.
    pub segment_id: Option<String>,
    /// 1-based ordinal of that segment in the file.
    pub segment_ordinal: Option<usize>,
    /// 1-based position of the segment in its transaction set (ST = 1), as in a 999 IK302.
    pub transaction_position: Option<usize>,
    pub element: Option<ElementRef>,
    /// Loop ID, e.g. `2400`.
    pub loop_id: Option<&'static str>,
    /// 1-based ordinal of the claim (CLM) in its transaction set.
    pub claim: Option<usize>,
    /// LX01 of the service line, when the finding is about one.
    pub line: Option<usize>,
    /// ISA13, GS06 and ST02 of the enclosing envelope.
    pub interchange: Option<String>,
    pub group: Option<String>,
    pub transaction: Option<String>,
}

/// A finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// Lowercase, no final period, names the value in backticks.
    pub message: String,
    /// The smallest span that shows the problem.
    pub span: Span,
    /// What is wrong, shown under the primary span.
    pub label: Option<String>,
    /// Spans that explain the cause.
    pub secondary: Vec<Label>,
    /// The only place that says how to fix it.
    pub help: Option<String>,
    pub location: Location,
}

impl Diagnostic {
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.meta().severity,
            message: message.into(),
            span,
            label: None,
            secondary: Vec::new(),
            help: None,
            location: Location::default(),
        }
    }

    pub fn label(&mut self, text: impl Into<String>) -> &mut Self {
        self.label = Some(text.into());
        self
    }

    pub fn secondary(&mut self, span: Span, text: impl Into<String>) -> &mut Self {
        self.secondary.push(Label {
            span,
            message: text.into(),
        });
        self
    }

    pub fn help(&mut self, text: impl Into<String>) -> &mut Self {
        self.help = Some(text.into());
        self
    }

    pub fn element(
        &mut self,
        segment: &str,
        element: usize,
        component: Option<usize>,
    ) -> &mut Self {
        self.location.element = Some(ElementRef::new(segment, element, component));
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.meta().code
    }
}
