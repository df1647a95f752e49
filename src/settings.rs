//! Which rules run and how severe their findings are.
//!
//! Selectors are rule codes (`X020`), code prefixes (`X`, `X02`) or rule names
//! (`segment-count-mismatch`). A rule runs when it matches a `select` entry (all rules by
//! default) and no `ignore` entry.
//!
//! Severities come from the rules' defaults, then a payer [`Profile`], then the user's own
//! overrides; [`CodeSets`] are the tables the code-set rules look codes up in.

mod code_sets;
mod profiles;

pub use code_sets::{CodeSets, embedded_releases, pos_release, quarter_end};
pub use profiles::{COMMERCIAL, MEDICAID, MEDICARE, NON_HIPAA, Profile};

use crate::rule::{Plan, Rule, Severity};
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone)]
pub struct Settings {
    enabled: Vec<bool>,
    severity: Vec<Severity>,
    code_sets: Arc<CodeSets>,
    max_findings_per_rule: usize,
    max_set_bytes: usize,
    part_bytes: usize,
    max_claims_per_set: usize,
    /// Which checks run on each node, worked out on first use from `enabled`.
    plan: OnceLock<Plan>,
}

/// The largest transaction set whose claims are checked by default (see
/// [`Settings::set_max_set_bytes`]).
pub const DEFAULT_MAX_SET_BYTES: usize = 256_000_000;

/// The most claims a transaction set should hold by default, as the implementation guide
/// recommends (H018; see [`Settings::set_max_claims_per_set`]).
pub const DEFAULT_MAX_CLAIMS_PER_SET: usize = 5000;

/// The size of the parts a large transaction set is checked in by default (see
/// [`Settings::set_part_bytes`]).
pub const DEFAULT_PART_BYTES: usize = 256 << 10;

/// Findings of one rule shown per transaction set by default (see
/// [`Settings::set_max_findings_per_rule`]).
pub const DEFAULT_MAX_FINDINGS_PER_RULE: usize = 100;

/// How many times the per-set cap one file may show of one rule, over all its sets.
pub const FILE_CAP_FACTOR: usize = 10;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: vec![true; Rule::ALL.len()],
            severity: Rule::ALL.iter().map(|r| r.meta().severity).collect(),
            code_sets: Arc::default(),
            max_findings_per_rule: DEFAULT_MAX_FINDINGS_PER_RULE,
            max_set_bytes: DEFAULT_MAX_SET_BYTES,
            part_bytes: DEFAULT_PART_BYTES,
            max_claims_per_set: DEFAULT_MAX_CLAIMS_PER_SET,
            plan: OnceLock::new(),
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

    /// The cached plan for the enabled rules (filled by the rules' dispatcher).
    pub(crate) fn plan_cache(&self) -> &OnceLock<Plan> {
        &self.plan
    }

    /// Enables the rules matching `select` (all when empty) minus those matching `ignore`.
    pub fn select(select: &[String], ignore: &[String]) -> Result<Self, UnknownSelector> {
        let mut s = Settings::default();
        s.apply_selection((!select.is_empty()).then_some(select), ignore)?;
        Ok(s)
    }

    /// One layer of rule selection (a configuration file, then the command line): `select`,
    /// when given, replaces the rules enabled so far; then the rules matching `ignore` are
    /// disabled. Nothing changes when a selector names no rule.
    pub fn apply_selection(
        &mut self,
        select: Option<&[String]>,
        ignore: &[String],
    ) -> Result<(), UnknownSelector> {
        let select_masks = select
            .unwrap_or_default()
            .iter()
            .map(|sel| matching(sel))
            .collect::<Result<Vec<_>, _>>()?;
        let ignore_masks = ignore
            .iter()
            .map(|sel| matching(sel))
            .collect::<Result<Vec<_>, _>>()?;
        self.plan = OnceLock::new();
        for rule in Rule::ALL {
            let i = rule.index();
            if select.is_some() {
                self.enabled[i] = select_masks.iter().any(|m| m[i]);
            }
            if ignore_masks.iter().any(|m| m[i]) {
                self.enabled[i] = false;
            }
        }
        Ok(())
    }

    /// Applies a payer profile's severities (see [`Profile`]).
    pub fn apply_profile(&mut self, profile: Profile) {
        for &(selector, severity) in profile.overrides() {
            // The profile tables name existing rules; their unit test fails otherwise.
            let _ = self.set_severity(selector, severity);
        }
    }

    /// Overrides severities for several selectors at once, the broader ones first: `C` then
    /// `C01` then `C011`, so the most specific entry wins whatever the order they are
    /// written in. Nothing changes when a selector names no rule.
    pub fn set_severities<S: AsRef<str>>(
        &mut self,
        entries: &[(S, Severity)],
    ) -> Result<(), UnknownSelector> {
        let mut masks = entries
            .iter()
            .map(|(sel, severity)| matching(sel.as_ref()).map(|m| (m, *severity)))
            .collect::<Result<Vec<_>, _>>()?;
        // Stable: equally broad entries keep their order.
        masks.sort_by_key(|(m, _)| std::cmp::Reverse(m.iter().filter(|&&b| b).count()));
        for (mask, severity) in masks {
            for (i, m) in mask.iter().enumerate() {
                if *m {
                    self.severity[i] = severity;
                }
            }
        }
        Ok(())
    }

    /// Replaces the code tables (shared: cloning the settings does not copy them).
    pub fn set_code_sets(&mut self, code_sets: Arc<CodeSets>) {
        self.code_sets = code_sets;
    }

    /// The same settings with other code tables.
    pub fn with_code_sets(mut self, code_sets: Arc<CodeSets>) -> Self {
        self.code_sets = code_sets;
        self
    }

    /// The code tables the code-set rules look codes up in.
    pub fn code_sets(&self) -> &CodeSets {
        &self.code_sets
    }

    /// The shared handle to the code tables.
    pub fn code_sets_arc(&self) -> &Arc<CodeSets> {
        &self.code_sets
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

    /// Caps the findings of one rule at `n` per transaction set (and at
    /// [`FILE_CAP_FACTOR`]` × n` per file, the envelope's own findings included); the rest
    /// are counted in one summary finding of the same rule, so a file with a million broken
    /// sets gives a report of bounded size. `0` means no cap.
    pub fn set_max_findings_per_rule(&mut self, n: usize) {
        self.max_findings_per_rule = n;
    }

    /// Findings of one rule shown per transaction set (`usize::MAX`: no cap).
    pub fn max_findings_per_rule(&self) -> usize {
        match self.max_findings_per_rule {
            0 => usize::MAX,
            n => n,
        }
    }

    /// Findings of one rule shown per file.
    pub fn max_findings_per_rule_per_file(&self) -> usize {
        self.max_findings_per_rule().saturating_mul(FILE_CAP_FACTOR)
    }

    /// Checks the claims of transaction sets of at most `n` bytes; a larger set gets X041
    /// and only its envelope is checked. The loop model of a set costs about nine times its
    /// size in memory, so this bounds the memory of a run. `0` means no limit.
    pub fn set_max_set_bytes(&mut self, n: usize) {
        self.max_set_bytes = n;
    }

    /// Checks a transaction set of more than twice `n` bytes in parts of about `n` bytes,
    /// cut at billing provider and subscriber HLs, on all cores and with memory bounded by
    /// the part (see `claim::split`). The findings are the same as when the set is checked
    /// whole, except that the per-set cap ([`Settings::set_max_findings_per_rule`]) may keep
    /// other findings of a rule that reaches it. `0` checks every set whole.
    pub fn set_part_bytes(&mut self, n: usize) {
        self.part_bytes = n;
    }

    /// The size of the parts a large set is checked in (`usize::MAX`: never in parts).
    pub fn part_bytes(&self) -> usize {
        match self.part_bytes {
            0 => usize::MAX,
            n => n,
        }
    }

    /// Warns (H018) about a transaction set of more than `n` claims: the implementation
    /// guide recommends at most 5,000 ([`DEFAULT_MAX_CLAIMS_PER_SET`]), a trading partner
    /// may ask for fewer. `0` means no limit.
    pub fn set_max_claims_per_set(&mut self, n: usize) {
        self.max_claims_per_set = n;
    }

    /// The most claims a transaction set should hold (`usize::MAX`: no limit).
    pub fn max_claims_per_set(&self) -> usize {
        match self.max_claims_per_set {
            0 => usize::MAX,
            n => n,
        }
    }

    /// The largest transaction set whose claims are checked (`usize::MAX`: no limit).
    pub fn max_set_bytes(&self) -> usize {
        match self.max_set_bytes {
            0 => usize::MAX,
            n => n,
        }
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
    fn selection_layers() {
        let mut s = Settings::default();
        s.apply_selection(Some(&["X".into(), "H".into()]), &["X024".into()])
            .unwrap();
        assert!(s.is_enabled(Rule::HlIdSequence));
        assert!(!s.is_enabled(Rule::NonHipaaGuideVersion));
        assert!(!s.is_enabled(Rule::ClaimChargeMismatch));
        // A later layer without `select` only ignores more.
        s.apply_selection(None, &["H001".into()]).unwrap();
        assert!(!s.is_enabled(Rule::HlIdSequence));
        assert!(s.is_enabled(Rule::InvalidHlParent));
        // A later `select` starts over.
        s.apply_selection(Some(&["X024".into()]), &[]).unwrap();
        assert!(s.is_enabled(Rule::NonHipaaGuideVersion));
        assert!(!s.is_enabled(Rule::InvalidHlParent));
        let before = s.clone();
        assert!(s.apply_selection(None, &["Q".into()]).is_err());
        assert_eq!(s.enabled, before.enabled);
    }

    #[test]
    fn specific_severities_win() {
        let mut s = Settings::default();
        s.set_severities(&[
            ("C011", Severity::Info),
            ("C", Severity::Warning),
            ("C01", Severity::Error),
        ])
        .unwrap();
        assert_eq!(s.severity(Rule::UnknownHcpcsCode), Severity::Info);
        assert_eq!(s.severity(Rule::InactiveHcpcsCode), Severity::Error);
        assert_eq!(s.severity(Rule::InvalidProcedureCode), Severity::Warning);
        assert_eq!(s.severity(Rule::EmptyInput), Severity::Error);
        assert_eq!(
            s.set_severities(&[("C", Severity::Info), ("nope", Severity::Info)]),
            Err(UnknownSelector("nope".into()))
        );
        assert_eq!(s.severity(Rule::InvalidProcedureCode), Severity::Warning);
    }

    #[test]
    fn severity_override() {
        let mut s = Settings::default();
        s.set_severity("X020", Severity::Warning).unwrap();
        assert_eq!(s.severity(Rule::SegmentCountMismatch), Severity::Warning);
    }
}
