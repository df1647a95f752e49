//! Payer profiles: the severities a kind of payer gives some rules.
//!
//! A profile is a list of (selector, severity) overrides applied over the rules' defaults
//! and before a configuration's own `[severity]` table, so a user can still change any of
//! them. Profiles change severities only; which claims a rule looks at (for example C007
//! only on claims whose SBR09 says Medicare) stays the rule's business. Every row names a
//! rule that exists and cites the rulebook entry it comes from (`domain.md` §4.6, §5.7,
//! §4.1); the unit tests below keep them honest.

use crate::diagnostic::Severity;

/// A payer profile, chosen with `profile = "…"` in `claimlint.toml` or `--profile NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Claims to Medicare (Part B carriers and MACs).
    Medicare,
    /// Claims to state Medicaid programs.
    Medicaid,
    /// Claims to commercial health plans: the rules' default severities.
    Commercial,
    /// Claims outside HIPAA (workers' compensation, property and casualty).
    NonHipaa,
}

/// `medicare`:
///
/// - `C006` (`outpatient-procedure-code`) **error**: C codes are only valid for Medicare on
///   hospital outpatient claims (837I) and, for the codes CMS approves, ambulatory surgical
///   center claims; Medicare denies them on any other professional claim (rulebook
///   CODE-007: "raise to error when the payer is Medicare"; CMS CR 5027).
/// - `C007` (`non-medicare-procedure-code`) **error**: S codes are temporary national codes
///   for non-Medicare payers and H and T codes are state Medicaid codes; Medicare rejects
///   them as invalid for its program (rulebook CODE-008, CODE-009). The rule itself still
///   only looks at claims whose SBR09 is `MA` or `MB`.
///
/// - `P001` (`not-payable-by-medicare`) **error**: a HCPCS code the CMS file marks not
///   payable by Medicare (`I`), or non-covered (`S`, `M`) without `GY`, is rejected or
///   denied on a Medicare claim.
///
/// Not included because claimlint has no such rule yet: BHT02 must be `00` for Medicare
/// (rulebook ENV-030, CMS companion guide), a zero claim total (CLM-002) and timely filing
/// (DTP-007).
pub const MEDICARE: &[(&str, Severity)] = &[
    ("C006", Severity::Error),
    ("C007", Severity::Error),
    ("P001", Severity::Error),
];

/// `medicaid`:
///
/// - `S010` (`drug-without-ndc`) **error** (info by default): the Deficit Reduction Act of
///   2005 requires state Medicaid programs to collect the NDC of physician-administered
///   drugs for rebates, and they deny drug lines without loop 2410 (rulebook NDC-003:
///   "severity error in a `medicaid` profile").
pub const MEDICAID: &[(&str, Severity)] = &[("S010", Severity::Error)];

/// `commercial`: the default severities, which are written for HIPAA-covered commercial
/// payers.
pub const COMMERCIAL: &[(&str, Severity)] = &[];

/// `non-hipaa`:
///
/// - `C002` (`non-hipaa-procedure-qualifier`) **info**: the `ER` (jurisdiction-specific, e.g.
///   workers' compensation) and `IV` (home infusion) code sets are barred only for
///   HIPAA-covered claims; the guide allows them for claims HIPAA does not cover
///   (rulebook CODE-001). The finding stays as a note in case the claim is covered after all.
/// - `C004` (`local-procedure-code`) **warning**: HIPAA eliminated Level III local codes,
///   but some non-HIPAA programs still use them (rulebook CODE-004: "allow this in the
///   `non-hipaa` profile").
/// - `X024` (`non-hipaa-guide-version`) **info**: HHS adopted `005010X222A1` for HIPAA
///   transactions; a later errata release is only a problem for covered payers, and a
///   non-HIPAA trading partner may ask for it (rulebook ENV-029).
pub const NON_HIPAA: &[(&str, Severity)] = &[
    ("C002", Severity::Info),
    ("C004", Severity::Warning),
    ("X024", Severity::Info),
];

impl Profile {
    /// Every profile, in the order `--help` lists them.
    pub const ALL: [Profile; 4] = [
        Profile::Medicare,
        Profile::Medicaid,
        Profile::Commercial,
        Profile::NonHipaa,
    ];

    /// The name used in `claimlint.toml` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Medicare => "medicare",
            Profile::Medicaid => "medicaid",
            Profile::Commercial => "commercial",
            Profile::NonHipaa => "non-hipaa",
        }
    }

    /// The profile of a name (`non-hipaa`), exactly as written.
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The profile's severity overrides, in the order they are applied.
    pub fn overrides(self) -> &'static [(&'static str, Severity)] {
        match self {
            Profile::Medicare => MEDICARE,
            Profile::Medicaid => MEDICAID,
            Profile::Commercial => COMMERCIAL,
            Profile::NonHipaa => NON_HIPAA,
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Rule;
    use crate::settings::Settings;

    #[test]
    fn every_override_names_one_existing_rule_and_changes_it() {
        for profile in Profile::ALL {
            for &(code, severity) in profile.overrides() {
                let rule = Rule::from_code_or_name(code)
                    .unwrap_or_else(|| panic!("{profile}: {code} is not a rule code"));
                assert_ne!(
                    rule.meta().severity,
                    severity,
                    "{profile}: {code} already has that severity"
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for profile in Profile::ALL {
            assert_eq!(Profile::from_name(profile.name()), Some(profile));
        }
        assert_eq!(Profile::from_name("Medicare"), None);
    }

    #[test]
    fn profiles_set_severities() {
        let mut s = Settings::default();
        s.apply_profile(Profile::Medicaid);
        assert_eq!(s.severity(Rule::DrugWithoutNdc), Severity::Error);
        let mut s = Settings::default();
        s.apply_profile(Profile::NonHipaa);
        assert_eq!(s.severity(Rule::NonHipaaProcedureQualifier), Severity::Info);
        assert_eq!(s.severity(Rule::LocalProcedureCode), Severity::Warning);
        let mut s = Settings::default();
        s.apply_profile(Profile::Commercial);
        assert_eq!(s.severity(Rule::OutpatientProcedureCode), Severity::Warning);
        s.apply_profile(Profile::Medicare);
        assert_eq!(s.severity(Rule::OutpatientProcedureCode), Severity::Error);
        assert_eq!(s.severity(Rule::NonMedicareProcedureCode), Severity::Error);
    }
}
