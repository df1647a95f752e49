//! Bounded output: at most N findings of one rule per transaction set (and 10 × N per
//! file), then one summary finding of the same rule with the count of the rest.
//!
//! The cap is applied when a finding is reported, so a file with a million broken sets
//! never holds a million findings in memory. The summary keeps the rule's code and
//! severity, so `--select`, `--ignore`, `--fail-on` and the exit code treat it as they
//! treat the findings it stands for.

use crate::diagnostic::Diagnostic;
use crate::rules::Rule;

/// Counts findings per rule against a cap.
#[derive(Debug, Clone)]
pub struct Cap {
    limit: usize,
    counts: Vec<usize>,
    /// The findings not shown, per rule, in the order their rule first overflowed.
    capped: Vec<Capped>,
}

/// The findings of one rule left out once its cap was reached.
#[derive(Debug, Clone)]
pub struct Capped {
    /// The first finding left out: the summary takes its place and location.
    pub first: Diagnostic,
    /// How many were left out.
    pub more: usize,
}

impl Cap {
    pub fn new(limit: usize) -> Self {
        Cap {
            limit,
            counts: Vec::new(),
            capped: Vec::new(),
        }
    }

    /// Counts one finding of `rule`; false when it is over the cap (and must be left out).
    pub fn admit(&mut self, rule: Rule) -> bool {
        if self.counts.is_empty() {
            self.counts = vec![0; Rule::ALL.len()];
        }
        let n = &mut self.counts[rule.index()];
        *n += 1;
        *n <= self.limit
    }

    /// Records `more` findings of `d.rule` left out, `d` being the first of them.
    pub fn leave_out(&mut self, d: &Diagnostic, more: usize) {
        match self.capped.iter_mut().find(|c| c.first.rule == d.rule) {
            Some(c) => c.more += more,
            None => self.capped.push(Capped {
                first: d.clone(),
                more,
            }),
        }
    }

    /// Adds a finding that was left out, when [`admit`](Self::admit) said no.
    pub fn leave_out_one(&mut self, d: &Diagnostic) {
        self.leave_out(d, 1);
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn into_capped(self) -> Vec<Capped> {
        self.capped
    }
}

impl Capped {
    /// The summary finding for the findings left out in `scope` (`transaction set`,
    /// `file`), under a cap of `limit`.
    pub fn summary(&self, scope: &str, limit: usize) -> Diagnostic {
        let mut d = self.first.clone();
        let m = d.rule.meta();
        d.set_message(format!(
            "{} more {} of {} {} in this {scope} not shown",
            self.more,
            if self.more == 1 {
                "finding"
            } else {
                "findings"
            },
            m.code,
            m.name
        ));
        d.label(format!("the first of them; {limit} shown before it"));
        d.secondary.clear();
        d.help(format!(
            "at most {limit} findings of one rule are shown per {scope}; raise the cap with \
             --max-findings-per-rule (0 shows all), or fix the cause the shown ones share"
        ));
        d
    }
}
