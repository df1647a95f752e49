//! Which rules run and how severe their findings are.
//!
//! Selectors are rule codes (`X020`), code prefixes (`X`, `X02`) or rule names
//! (`segment-count-mismatch`). A rule runs when it matches a `select` entry (all rules by
//! default) and no `ignore` entry.

use crate::diagnostic::Severity;
use crate::rules::Rule;

#[derive(Debug, Clone)]
pub struct Settings {
    enabled: Vec<bool>,
    severity: Vec<Severity>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: vec![true; Rule::ALL.len()],
            severity: Rule::ALL.iter().map(|r| r.meta().severity).collect(),
        }
    }
}

/// A selector that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a rule code, code prefix or rule name (see `claimlint rules`)")]
pub struct UnknownSelector(pub String);

impl Settings {
    /// Settings with only `rule` enabled (used by per-rule sample tests).
    pub fn only(rule: Rule) -> Self {
        let mut s = Settings::default();
        for (i, e) in s.enabled.iter_mut().enumerate() {
            *e = i == rule.index();
        }
        s
    }

    /// Enables the rules matching `select` (all when empty) minus those matching `ignore`.
    pub fn select(select: &[String], ignore: &[String]) -> Result<Self, UnknownSelector> {
        let mut s = Settings::default();
        let select_masks = select
            .iter()
            .map(|sel| matching(sel))
            .collect::<Result<Vec<_>, _>>()?;
        let ignore_masks = ignore
            .iter()
            .map(|sel| matching(sel))
            .collect::<Result<Vec<_>, _>>()?;
        for rule in Rule::ALL {
            let i = rule.index();
            let selected = select.is_empty() || select_masks.iter().any(|m| m[i]);
            let ignored = ignore_masks.iter().any(|m| m[i]);
            s.enabled[i] = selected && !ignored;
        }
        Ok(s)
    }

    /// Overrides the severity of every rule matching `selector`.
    pub fn set_severity(
        &mut self,
        selector: &str,
        severity: Severity,
    ) -> Result<(), UnknownSelector> {
        let mask = matching(selector)?;
        for (i, m) in mask.iter().enumerate() {
            if *m {
                self.severity[i] = severity;
            }
        }
        Ok(())
    }

    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.enabled[rule.index()]
    }

    pub fn severity(&self, rule: Rule) -> Severity {
        self.severity[rule.index()]
    }
}

/// Which rules a selector matches; an error when none does.
fn matching(selector: &str) -> Result<Vec<bool>, UnknownSelector> {
    let sel = selector.trim();
    let upper = sel.to_ascii_uppercase();
    let mask: Vec<bool> = Rule::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            (!upper.is_empty() && m.code.starts_with(&upper)) || m.name == sel || upper == "ALL"
        })
        .collect();
    if mask.iter().any(|&m| m) {
        Ok(mask)
    } else {
        Err(UnknownSelector(sel.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_names_and_ignores() {
        let s = Settings::select(&["X02".into()], &["segment-count-mismatch".into()]).unwrap();
        assert!(s.is_enabled(Rule::UnsupportedTransactionSet));
        assert!(!s.is_enabled(Rule::SegmentCountMismatch));
        assert!(!s.is_enabled(Rule::EmptyInput));
        assert_eq!(
            Settings::select(&["Q9".into()], &[]).unwrap_err(),
            UnknownSelector("Q9".into())
        );
    }

    #[test]
    fn severity_override() {
        let mut s = Settings::default();
        s.set_severity("X020", Severity::Warning).unwrap();
        assert_eq!(s.severity(Rule::SegmentCountMismatch), Severity::Warning);
    }
}
