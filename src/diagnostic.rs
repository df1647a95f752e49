//! One finding: which rule, how severe, what is wrong, where exactly, and how to fix it.
//!
//! Diagnostics hold byte spans into the original file and no borrows, so they can cross
//! threads and be serialized. Lines, columns and the display view are computed by the
//! renderers in [`crate::report`].
//!
//! Nothing a diagnostic holds can be read without a [`View`]: its texts quote the file by
//! byte range, and the segment ID, control numbers and claim keys are types whose only
//! accessor takes the view. Under `--redact` the view is the masked file.

use crate::redact::{ClaimKeys, Control, SegmentId, Text, View};
use crate::rule::Rule;
pub use crate::rule::Severity;
use crate::source::Span;
use std::fmt;

/// A secondary span that explains the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    message: Text,
}

impl Label {
    /// The label's text as `view` shows it.
    pub fn message(&self, view: &View<'_>) -> String {
        self.message.show(view)
    }
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
    pub segment_id: Option<SegmentId>,
    /// The segment a finding is about when it is not there: the missing segment of H024,
    /// the trigger of H025's missing loop. The 999 names it (IK301); reports show where
    /// the primary span is, under `segment_id`.
    pub missing_segment_id: Option<SegmentId>,
    /// 1-based ordinal of that segment in the file.
    pub segment_ordinal: Option<usize>,
    /// 1-based position of the segment in its transaction set (ST = 1), as in a 999 IK302.
    pub transaction_position: Option<usize>,
    pub element: Option<ElementRef>,
    /// Loop ID, e.g. `2400`.
    pub loop_id: Option<&'static str>,
    /// 1-based ordinal of the claim (CLM) in its transaction set.
    pub claim: Option<usize>,
    /// What names that claim: CLM01, payer ID, billing NPI (filled in after the rules
    /// ran, from the claim model).
    pub claim_keys: Option<ClaimKeys>,
    /// LX01 of the service line, when the finding is about one.
    pub line: Option<usize>,
    /// ISA13, GS06 and ST02 of the enclosing envelope.
    pub interchange: Option<Control>,
    pub group: Option<Control>,
    pub transaction: Option<Control>,
}

/// A finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// Lowercase, no final period, names the value in backticks.
    message: Text,
    /// The smallest span that shows the problem.
    pub span: Span,
    /// What is wrong, shown under the primary span.
    label: Option<Text>,
    /// Spans that explain the cause.
    pub secondary: Vec<Label>,
    /// The only place that says how to fix it.
    help: Option<Text>,
    pub location: Location,
}

impl Diagnostic {
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.meta().severity,
            message: Text::from(message.into()),
            span,
            label: None,
            secondary: Vec::new(),
            help: None,
            location: Location::default(),
        }
    }

    pub fn label(&mut self, text: impl Into<String>) -> &mut Self {
        self.label = Some(Text::from(text.into()));
        self
    }

    pub fn secondary(&mut self, span: Span, text: impl Into<String>) -> &mut Self {
        self.secondary.push(Label {
            span,
            message: Text::from(text.into()),
        });
        self
    }

    pub fn help(&mut self, text: impl Into<String>) -> &mut Self {
        self.help = Some(Text::from(text.into()));
        self
    }

    /// Replaces the message.
    pub fn set_message(&mut self, text: impl Into<String>) -> &mut Self {
        self.message = Text::from(text.into());
        self
    }

    /// Puts words (and quotes) before the help text.
    pub fn prepend_help(&mut self, text: &str) -> &mut Self {
        let mut help = Text::from(text);
        if let Some(old) = self.help.take() {
            help.push_text(old);
        }
        self.help = Some(help);
        self
    }

    /// Maps every byte range the diagnostic holds (its spans, its quotes and its claim's
    /// keys) with `f`: from a copy of the file it was checked in back to the file.
    pub fn map_spans(&mut self, f: impl Fn(Span) -> Span) {
        self.span = f(self.span);
        for l in &mut self.secondary {
            l.span = f(l.span);
            l.message.map_quotes(&f);
        }
        self.message.map_quotes(&f);
        for t in self.label.iter_mut().chain(self.help.iter_mut()) {
            t.map_quotes(&f);
        }
        if let Some(k) = &mut self.location.claim_keys {
            for s in [&mut k.clm01, &mut k.payer, &mut k.billing_npi]
                .into_iter()
                .flatten()
            {
                *s = f(*s);
            }
        }
    }

    /// Adds words (and quotes) to the end of the message.
    pub fn extend_message(&mut self, text: &str) -> &mut Self {
        self.message.push_str(text);
        self
    }

    /// The message as `view` shows it.
    pub fn message(&self, view: &View<'_>) -> String {
        self.message.show(view)
    }

    /// The text under the primary span, as `view` shows it.
    pub fn label_text(&self, view: &View<'_>) -> Option<String> {
        self.label.as_ref().map(|t| t.show(view))
    }

    /// How to fix it, as `view` shows it.
    pub fn help_text(&self, view: &View<'_>) -> Option<String> {
        self.help.as_ref().map(|t| t.show(view))
    }

    /// Turns the quotes of every text into byte ranges of `bytes`, the file the
    /// diagnostic is about. The checker does this once for every diagnostic.
    pub(crate) fn resolve(&mut self, bytes: &[u8]) {
        self.message.resolve(bytes);
        for t in self.label.iter_mut().chain(self.help.iter_mut()) {
            t.resolve(bytes);
        }
        for l in &mut self.secondary {
            l.message.resolve(bytes);
        }
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
