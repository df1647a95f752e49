//! The human report: each diagnostic rendered by miette on the original segment, with the
//! element underlined, in the one-segment-per-line display view.

use super::display::{DisplayIndex, Window};
use crate::diagnostic::{Diagnostic, Severity};
use crate::redact::View;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 80,
        }
    }
}

/// Labels farther than [`NEAR`] display lines from the primary span get a frame of their
/// own instead of stretching one frame over the lines between.
use super::display::NEAR;

/// Renders the diagnostics of one file. Snippets, messages and claim keys all come from
/// `view`: under `--redact` miette only ever sees the masked file.
pub fn render(
    name: &str,
    view: &View<'_>,
    index: &DisplayIndex,
    diagnostics: &[Diagnostic],
    options: HumanOptions,
) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    for d in diagnostics {
        let rendered = Rendered::build(name, view, index, d);
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &rendered);
        out.push('\n');
    }
    out
}

/// A diagnostic bound to a window of its file, as miette wants it.
struct Rendered {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<WindowSource>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl Rendered {
    fn build(name: &str, view: &View<'_>, index: &DisplayIndex, d: &Diagnostic) -> Rendered {
        let bytes = view.bytes();
        let safe = |text: &str| super::terminal_safe(text).into_owned();
        let mut code = format!("{} {}", d.code(), d.rule.meta().name);
        if let Some(keys) = &d.location.claim_keys {
            let c = view.claim(keys);
            let claim = match &c.id {
                Some(id) => format!(" · claim {id} ({} of {})", c.ordinal, c.of),
                None => format!(" · claim {} of {}", c.ordinal, c.of),
            };
            code.push_str(&safe(&claim));
        } else if let Some(claim) = d.location.claim {
            code.push_str(&format!(" · claim {claim}"));
        }
        if d.location.claim.is_some()
            && let Some(line) = d.location.line
        {
            code.push_str(&format!(", line {line}"));
        }
        let mut rendered = Rendered {
            message: safe(&d.message(view)),
            code,
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: d.help_text(view).as_deref().map(safe),
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        // An empty file gets an empty frame too: the frame is what names the file.
        let primary_line = index.line_of(d.span.start);
        let (near, far): (Vec<_>, Vec<_>) = d
            .secondary
            .iter()
            .partition(|l| index.line_of(l.span.start).abs_diff(primary_line) <= NEAR);
        let lines = near.iter().map(|l| index.line_of(l.span.start));
        let first = lines
            .clone()
            .chain([primary_line])
            .min()
            .unwrap_or(primary_line);
        let last = lines.chain([primary_line]).max().unwrap_or(primary_line);
        let focus: Vec<usize> = near
            .iter()
            .map(|l| l.span.start)
            .chain([d.span.start])
            .collect();
        let window = index.window(bytes, first, last, &focus);
        let mut labels = Vec::new();
        if let Some((offset, len)) = window.map(d.span) {
            labels.push(LabeledSpan::new_primary_with_span(
                d.label_text(view).as_deref().map(safe),
                (offset, len),
            ));
        }
        for l in near {
            if let Some((offset, len)) = window.map(l.span) {
                labels.push(LabeledSpan::new_with_span(
                    Some(safe(&l.message(view))),
                    (offset, len),
                ));
            }
        }
        for l in far {
            let line = index.line_of(l.span.start);
            let w = index.window(bytes, line, line, &[l.span.start]);
            let mut note = Rendered {
                message: safe(&l.message(view)),
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                source: None,
                labels: Vec::new(),
                related: Vec::new(),
            };
            if let Some(span) = w.map(l.span) {
                note.labels
                    .push(LabeledSpan::new_primary_with_span(None, span));
                note.source = Some(WindowSource::new(name, w));
            }
            rendered.related.push(note);
        }
        rendered.labels = labels;
        rendered.source = Some(WindowSource::new(name, window));
        rendered
    }
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

/// A window of display lines whose line numbers continue those of the whole view.
struct WindowSource {
    name: String,
    window: Window,
}

impl WindowSource {
    fn new(name: &str, window: Window) -> Self {
        WindowSource {
            name: name.to_string(),
            window,
        }
    }
}

impl SourceCode for WindowSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.window.text.as_str().read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.window.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}
