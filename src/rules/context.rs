//! What a rule receives: the settings, the file's bytes, where in the envelope it is, and a
//! way to report.

use crate::diagnostic::Diagnostic;
use crate::redact::{Control, SegmentId};
use crate::rules::Rule;
use crate::settings::Settings;
use crate::source::Span;
use crate::x12::Segment;

/// Collects diagnostics and stamps each one with the current envelope context.
pub struct Checker<'a> {
    settings: &'a Settings,
    bytes: &'a [u8],
    diagnostics: Vec<Diagnostic>,
    scope: Scope,
    /// At most so many findings per rule (see [`super::cap`]); the rest land in `dropped`.
    cap: super::cap::Cap,
    dropped: Option<Diagnostic>,
    /// When checking one part of a transaction set: the bytes it reports on. A finding
    /// elsewhere (on the segments read for context) belongs to another part and is let go
    /// into `outside`, uncounted.
    own: Option<std::ops::Range<usize>>,
    outside: Option<Diagnostic>,
    /// Bytes whose findings one finding already stands for (a split composite, H044): a
    /// later finding that starts in one is let go into `outside`, uncounted.
    shadows: Vec<Span>,
    /// How many findings were reported, kept or not: whether a check found anything.
    reports: u64,
}

/// The envelope (and, later, claim) the checker is currently inside.
#[derive(Debug, Clone, Default)]
struct Scope {
    interchange: Option<Control>,
    group: Option<Control>,
    transaction: Option<Control>,
    /// File ordinal of the current ST, to derive positions inside the set.
    st_ordinal: Option<usize>,
    loop_id: Option<&'static str>,
    claim: Option<usize>,
    line: Option<usize>,
}

impl<'a> Checker<'a> {
    pub fn new(settings: &'a Settings, bytes: &'a [u8]) -> Self {
        Checker {
            settings,
            bytes,
            diagnostics: Vec::new(),
            scope: Scope::default(),
            cap: super::cap::Cap::new(settings.max_findings_per_rule()),
            dropped: None,
            own: None,
            outside: None,
            shadows: Vec::new(),
            reports: 0,
        }
    }

    /// Caps findings per rule at `limit` instead of the settings' per-set cap (the
    /// envelope checker of a whole file).
    pub fn with_cap(mut self, limit: usize) -> Self {
        self.cap = super::cap::Cap::new(limit);
        self
    }

    /// Reports only findings that start in `own` (the bytes of one part of a set), or
    /// everywhere with `None`; returns the range set before.
    pub fn set_own(
        &mut self,
        own: Option<std::ops::Range<usize>>,
    ) -> Option<std::ops::Range<usize>> {
        std::mem::replace(&mut self.own, own)
    }

    /// Lets go of later findings that start in `span` (both ends included, for what is
    /// missing at its end), until [`Checker::clear_shadows`].
    pub fn shadow(&mut self, span: Span) {
        self.shadows.push(span);
    }

    pub fn clear_shadows(&mut self) {
        self.shadows.clear();
    }

    pub fn shadowed(&self, at: usize) -> bool {
        self.shadows.iter().any(|s| (s.start..=s.end).contains(&at))
    }

    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// How many findings have been reported so far, including those over a cap, outside
    /// the part or shadowed: a check found nothing when it leaves this unchanged.
    pub(crate) fn reports(&self) -> u64 {
        self.reports
    }

    pub fn enabled(&self, rule: Rule) -> bool {
        self.settings.is_enabled(rule)
    }

    /// Reports a finding of `rule` on `span`. The caller adds labels and help.
    ///
    /// Cold: most checks find nothing, and the code that words a finding, moved out of
    /// the way of the code that looks for one, leaves each rule's usual path a few cache
    /// lines long (a claim runs about a hundred rules, whose code does not all stay in
    /// the instruction cache from one claim to the next).
    #[cold]
    pub fn report(
        &mut self,
        rule: Rule,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.reports += 1;
        let mut d = Diagnostic::new(rule, span, message);
        d.severity = self.settings.severity(rule);
        let s = &self.scope;
        d.location.interchange = s.interchange.clone();
        d.location.group = s.group.clone();
        d.location.transaction = s.transaction.clone();
        d.location.loop_id = s.loop_id;
        d.location.claim = s.claim;
        d.location.line = s.line;
        let elsewhere = self
            .own
            .as_ref()
            .is_some_and(|own| !own.contains(&span.start));
        if elsewhere || self.shadowed(span.start) {
            return self.outside.insert(d);
        }
        if !self.cap.admit(rule) {
            // Over the cap: the caller fills in a finding that is only counted.
            if let Some(previous) = self.dropped.take() {
                self.cap.leave_out_one(&previous);
            }
            return self.dropped.insert(d);
        }
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Reports a finding inside `segment`, recording its ID and position. Cold, as
    /// [`Checker::report`] is.
    #[cold]
    pub fn report_in(
        &mut self,
        rule: Rule,
        segment: &Segment<'_>,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let st = self.scope.st_ordinal;
        let d = self.report(rule, span, message);
        d.location.segment_id = Some(SegmentId::of(segment.id()));
        d.location.segment_ordinal = Some(segment.ordinal);
        d.location.transaction_position = st
            .filter(|&st| segment.ordinal >= st)
            .map(|st| segment.ordinal - st + 1);
        d
    }

    pub fn enter_interchange(&mut self, control: &[u8]) {
        self.scope = Scope {
            interchange: Some(Control::of(control)),
            ..Scope::default()
        };
    }

    pub fn enter_group(&mut self, control: &[u8]) {
        self.scope.group = Some(Control::of(control));
        self.scope.transaction = None;
        self.scope.st_ordinal = None;
    }

    pub fn enter_transaction(&mut self, st: &Segment<'_>) {
        self.scope.transaction = Some(Control::of(st.value(2)));
        self.scope.st_ordinal = Some(st.ordinal);
        self.scope.loop_id = None;
        self.scope.claim = None;
        self.scope.line = None;
    }

    /// Leaves the transaction set (for findings on GE/IEA).
    pub fn leave_transaction(&mut self) {
        self.scope.transaction = None;
        self.scope.st_ordinal = None;
    }

    pub fn leave_group(&mut self) {
        self.leave_transaction();
        self.scope.group = None;
    }

    pub fn set_loop(&mut self, loop_id: Option<&'static str>) {
        self.scope.loop_id = loop_id;
    }

    pub fn set_claim(&mut self, claim: Option<usize>, line: Option<usize>) {
        self.scope.claim = claim;
        self.scope.line = line;
    }

    /// The findings, with one summary finding per rule whose cap was reached.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let limit = self.cap.limit();
        let (mut diagnostics, capped) = self.into_parts();
        diagnostics.extend(capped.iter().map(|c| c.summary("transaction set", limit)));
        diagnostics
    }

    /// The findings shown, and per rule the ones left out by the cap; each quote in them
    /// turned into a byte range of the file.
    pub fn into_parts(mut self) -> (Vec<Diagnostic>, Vec<super::cap::Capped>) {
        if let Some(last) = self.dropped.take() {
            self.cap.leave_out_one(&last);
        }
        let bytes = self.bytes;
        for d in &mut self.diagnostics {
            d.resolve(bytes);
        }
        let mut capped = self.cap.into_capped();
        for c in &mut capped {
            c.first.resolve(bytes);
        }
        (self.diagnostics, capped)
    }
}
