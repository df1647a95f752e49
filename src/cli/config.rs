//! `claimlint.toml`: finding it, reading it, and merging it with the command line into the
//! settings each input is checked with.
//!
//! The first `claimlint.toml` found walking up from an input's directory applies to that
//! input (standard input: from the current directory); `--config FILE` names one for every
//! input. Files are not merged with the ones above them. Precedence, lowest first:
//!
//! 1. the rules' default severities;
//! 2. the payer profile (`--profile`, else `profile`);
//! 3. the file's `[severity]` table (a broader selector first, so `C011` beats `C`);
//! 4. the file's `select` and `ignore`;
//! 5. `--select` (which replaces the file's `select` and `ignore`) and `--ignore` (which
//!    adds to them);
//! 6. `--fail-on` over `fail-on`; `--hcpcs` and `--cpt` over `[code-sets]`.
//!
//! Paths in `[code-sets]` are relative to the file; on the command line, to the current
//! directory. Every error (an unknown key, a rule selector that names no rule, a table that
//! cannot be read or parsed) names the file and stops the run with exit code 2.

use super::args::{CodeSetArgs, FailOn};
use claimlint::settings::{CodeSets, Profile};
use claimlint::{Settings, Severity};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name looked for in each directory.
pub const FILE_NAME: &str = "claimlint.toml";

/// The keys of `claimlint.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub profile: Option<Profile>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<FailOn>,
    /// Rule code, prefix or name → severity; applied broadest first (see
    /// [`Settings::set_severities`]).
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    #[serde(default)]
    pub code_sets: CodeSetPaths,
    /// Mask personal data in every output (`--no-redact` overrides it).
    pub redact: Option<bool>,
    /// Key of the `--redact` pseudonyms when `CLAIMLINT_REDACT_KEY` is not set.
    pub redact_key: Option<String>,
}

/// `[code-sets]`: user tables, relative to the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSetPaths {
    pub hcpcs: Option<PathBuf>,
    pub cpt: Option<PathBuf>,
}

impl ConfigFile {
    /// Parses the text of a configuration file; the error is toml's, with the line, the
    /// column and the offending key or value.
    pub fn parse(text: &str) -> Result<ConfigFile, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())
    }
}

/// The redaction policy: pseudonyms keyed by `CLAIMLINT_REDACT_KEY`, else by the
/// configuration's `redact-key`, else none (claim and member numbers masked).
pub fn redaction(config_key: Option<&str>) -> claimlint::redact::Redaction {
    use claimlint::redact::Redaction;
    match std::env::var_os("CLAIMLINT_REDACT_KEY") {
        Some(key) if !key.is_empty() => Redaction::with_key(key.as_encoded_bytes()),
        _ => config_key.map_or_else(Redaction::without_key, Redaction::with_key),
    }
}

/// The first `claimlint.toml` in `dir` or a directory above it.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// What the command line says, over any configuration file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<FailOn>,
    pub profile: Option<Profile>,
    pub code_sets: CodeSetArgs,
    /// `--redact` (true) or `--no-redact` (false).
    pub redact: Option<bool>,
}

/// The settings one input is checked with.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    pub fail_on: FailOn,
    /// Set when personal data is masked in every output.
    pub redaction: Option<claimlint::redact::Redaction>,
    /// The configuration file that applied, if any.
    pub config: Option<PathBuf>,
}

/// Finds and resolves configurations, each file and each table once.
pub struct Resolver {
    overrides: Overrides,
    cwd: PathBuf,
    /// Directory → the configuration that applies there.
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration → its resolution.
    by_config: HashMap<Option<PathBuf>, Arc<Resolved>>,
    /// (HCPCS file, CPT file) → tables.
    tables: HashMap<(Option<PathBuf>, Option<PathBuf>), Arc<CodeSets>>,
    hcpcs: HashMap<PathBuf, CodeSets>,
    cpt: HashMap<PathBuf, CodeSets>,
}

impl Resolver {
    /// Checks the command line's own selectors and tables at once, so their errors do not
    /// wait for an input.
    pub fn new(overrides: Overrides) -> Result<Resolver, String> {
        Settings::select(&overrides.select, &overrides.ignore).map_err(|e| e.to_string())?;
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut resolver = Resolver {
            overrides,
            cwd,
            by_dir: HashMap::new(),
            by_config: HashMap::new(),
            tables: HashMap::new(),
            hcpcs: HashMap::new(),
            cpt: HashMap::new(),
        };
        let cli = resolver.overrides.code_sets.clone();
        if let Some(path) = &cli.hcpcs {
            resolver.load_hcpcs(&resolver.cwd.join(path), "--hcpcs")?;
        }
        if let Some(path) = &cli.cpt {
            resolver.load_cpt(&resolver.cwd.join(path), "--cpt")?;
        }
        Ok(resolver)
    }

    /// The settings for an input in `dir` (`None`: standard input, the current directory).
    pub fn for_dir(&mut self, dir: Option<&Path>) -> Result<Arc<Resolved>, String> {
        let config = match &self.overrides.code_sets.config {
            Some(path) => Some(self.cwd.join(path)),
            None => {
                let dir = match dir {
                    Some(d) if !d.as_os_str().is_empty() => self.cwd.join(d),
                    _ => self.cwd.clone(),
                };
                match self.by_dir.get(&dir) {
                    Some(found) => found.clone(),
                    None => {
                        let found = discover(&dir);
                        self.by_dir.insert(dir, found.clone());
                        found
                    }
                }
            }
        };
        if let Some(resolved) = self.by_config.get(&config) {
            return Ok(resolved.clone());
        }
        let resolved = Arc::new(self.resolve(config.as_deref())?);
        self.by_config.insert(config, resolved.clone());
        Ok(resolved)
    }

    fn resolve(&mut self, config: Option<&Path>) -> Result<Resolved, String> {
        let file = match config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: cannot read: {e}", self.show(path)))?;
                ConfigFile::parse(&text).map_err(|e| format!("{}: {e}", self.show(path)))?
            }
            None => ConfigFile::default(),
        };
        let name = config.map(|p| self.show(p)).unwrap_or_default();
        let o = self.overrides.clone();

        let mut settings = Settings::default();
        if let Some(profile) = o.profile.or(file.profile) {
            settings.apply_profile(profile);
        }
        let severities: Vec<(&String, Severity)> =
            file.severity.iter().map(|(k, v)| (k, *v)).collect();
        settings
            .set_severities(&severities)
            .map_err(|e| format!("{name}: [severity]: {e}"))?;
        settings
            .apply_selection(file.select.as_deref(), &[])
            .map_err(|e| format!("{name}: select: {e}"))?;
        settings
            .apply_selection(None, file.ignore.as_deref().unwrap_or_default())
            .map_err(|e| format!("{name}: ignore: {e}"))?;
        settings
            .apply_selection((!o.select.is_empty()).then_some(&o.select[..]), &o.ignore)
            .map_err(|e| e.to_string())?;

        let base = config
            .and_then(Path::parent)
            .unwrap_or(&self.cwd)
            .to_path_buf();
        let hcpcs = match (&o.code_sets.hcpcs, &file.code_sets.hcpcs) {
            (Some(cli), _) => Some(self.cwd.join(cli)),
            (None, Some(path)) => {
                let path = base.join(path);
                self.load_hcpcs(&path, &format!("[code-sets] hcpcs in {name}"))?;
                Some(path)
            }
            (None, None) => None,
        };
        let cpt = match (&o.code_sets.cpt, &file.code_sets.cpt) {
            (Some(cli), _) => Some(self.cwd.join(cli)),
            (None, Some(path)) => {
                let path = base.join(path);
                self.load_cpt(&path, &format!("[code-sets] cpt in {name}"))?;
                Some(path)
            }
            (None, None) => None,
        };
        settings.set_code_sets(self.code_sets(hcpcs, cpt));
        Ok(Resolved {
            settings,
            fail_on: o.fail_on.or(file.fail_on).unwrap_or(FailOn::Error),
            redaction: o
                .redact
                .or(file.redact)
                .unwrap_or(false)
                .then(|| redaction(file.redact_key.as_deref())),
            config: config.map(Path::to_path_buf),
        })
    }

    /// The tables for a pair of loaded files, built once.
    fn code_sets(&mut self, hcpcs: Option<PathBuf>, cpt: Option<PathBuf>) -> Arc<CodeSets> {
        let key = (hcpcs, cpt);
        if let Some(sets) = self.tables.get(&key) {
            return sets.clone();
        }
        let mut sets = key
            .0
            .as_ref()
            .and_then(|p| self.hcpcs.get(p))
            .cloned()
            .unwrap_or_default();
        if let Some(with_cpt) = key.1.as_ref().and_then(|p| self.cpt.get(p))
            && let (Some(table), Some(source)) = (with_cpt.cpt(), with_cpt.cpt_source())
        {
            sets = sets.with_cpt(table.clone(), source);
        }
        let sets = Arc::new(sets);
        self.tables.insert(key, sets.clone());
        sets
    }

    fn load_hcpcs(&mut self, path: &Path, from: &str) -> Result<(), String> {
        if self.hcpcs.contains_key(path) {
            return Ok(());
        }
        let shown = self.show(path);
        let bytes = std::fs::read(path)
            .map_err(|e| format!("{shown}: cannot read the HCPCS file ({from}): {e}"))?;
        let sets = CodeSets::embedded()
            .load_hcpcs(&bytes, shown.clone())
            .map_err(|e| format!("{shown}: not a CMS HCPCS ANWEB file ({from}): {e}"))?;
        self.hcpcs.insert(path.to_path_buf(), sets);
        Ok(())
    }

    fn load_cpt(&mut self, path: &Path, from: &str) -> Result<(), String> {
        if self.cpt.contains_key(path) {
            return Ok(());
        }
        let shown = self.show(path);
        let bytes = std::fs::read(path)
            .map_err(|e| format!("{shown}: cannot read the CPT list ({from}): {e}"))?;
        let sets = CodeSets::embedded()
            .load_cpt(&bytes, shown.clone())
            .map_err(|e| format!("{shown}: not a CPT list ({from}): {e}"))?;
        self.cpt.insert(path.to_path_buf(), sets);
        Ok(())
    }

    /// A path for messages: relative to the current directory when it is inside it.
    fn show(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd)
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimlint::Rule;

    #[test]
    fn every_key() {
        let text = r#"
profile = "non-hipaa"
select = ["X", "H", "C"]
ignore = ["S005"]
fail-on = "warning"

[severity]
S010 = "error"
C018 = "info"

[code-sets]
hcpcs = "data/HCPC2026_APR_ANWEB.txt"
cpt = "licensed/cpt2026.txt"
"#;
        let c = ConfigFile::parse(text).unwrap();
        assert_eq!(c.profile, Some(Profile::NonHipaa));
        assert_eq!(c.select.unwrap(), ["X", "H", "C"]);
        assert_eq!(c.ignore.unwrap(), ["S005"]);
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.severity["C018"], Severity::Info);
        assert_eq!(c.severity["S010"], Severity::Error);
        assert_eq!(
            c.code_sets.hcpcs.unwrap(),
            Path::new("data/HCPC2026_APR_ANWEB.txt")
        );
        assert!(ConfigFile::parse("").is_ok());
    }

    #[test]
    fn errors_name_the_key() {
        let err = ConfigFile::parse("profile = \"medicare\"\ncolour = \"red\"\n").unwrap_err();
        assert!(err.contains("colour") && err.contains("line 2"), "{err}");
        let err = ConfigFile::parse("[code-sets]\nicd = \"x\"\n").unwrap_err();
        assert!(err.contains("icd"), "{err}");
        let err = ConfigFile::parse("profile = \"tricare\"\n").unwrap_err();
        assert!(
            err.contains("tricare") && err.contains("non-hipaa"),
            "{err}"
        );
        let err = ConfigFile::parse("[severity]\nC011 = \"fatal\"\n").unwrap_err();
        assert!(err.contains("C011") && err.contains("fatal"), "{err}");
        let err = ConfigFile::parse("fail-on = \"sometimes\"\n").unwrap_err();
        assert!(err.contains("sometimes"), "{err}");
        let err = ConfigFile::parse("select = \"X\"\n").unwrap_err();
        assert!(err.contains("select") || err.contains("sequence"), "{err}");
    }

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "claimlint-config-unit-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        dir
    }

    #[test]
    fn discovery_and_precedence() {
        let root = dir("precedence");
        std::fs::write(
            root.join(FILE_NAME),
            "profile = \"medicaid\"\nignore = [\"S\"]\nfail-on = \"info\"\n[severity]\nC = \"info\"\nC011 = \"warning\"\n",
        )
        .unwrap();
        assert_eq!(discover(&root.join("a/b")), Some(root.join(FILE_NAME)));

        let mut r = Resolver::new(Overrides::default()).unwrap();
        let res = r.for_dir(Some(&root.join("a/b"))).unwrap();
        assert_eq!(res.fail_on, FailOn::Info);
        assert!(!res.settings.is_enabled(Rule::DrugWithoutNdc));
        assert_eq!(
            res.settings.severity(Rule::DrugWithoutNdc),
            Severity::Error,
            "medicaid profile"
        );
        assert_eq!(
            res.settings.severity(Rule::UnknownHcpcsCode),
            Severity::Warning
        );
        assert_eq!(
            res.settings.severity(Rule::InvalidProcedureCode),
            Severity::Info
        );
        // The same file is resolved once.
        assert!(Arc::ptr_eq(
            &res,
            &r.for_dir(Some(&root.join("a"))).unwrap()
        ));

        let mut r = Resolver::new(Overrides {
            select: vec!["S010".into()],
            fail_on: Some(FailOn::Never),
            profile: Some(Profile::Commercial),
            ..Overrides::default()
        })
        .unwrap();
        let res = r.for_dir(Some(&root.join("a/b"))).unwrap();
        assert_eq!(res.fail_on, FailOn::Never);
        assert!(res.settings.is_enabled(Rule::DrugWithoutNdc));
        assert!(!res.settings.is_enabled(Rule::UnknownHcpcsCode));
        assert_eq!(
            res.settings.severity(Rule::DrugWithoutNdc),
            Severity::Warning
        );

        std::fs::write(root.join("a").join(FILE_NAME), "select = [\"Q\"]\n").unwrap();
        let mut r = Resolver::new(Overrides::default()).unwrap();
        let err = r.for_dir(Some(&root.join("a/b"))).unwrap_err();
        assert!(err.contains("`Q`") && err.contains(FILE_NAME), "{err}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn command_line_selectors_are_checked_first() {
        let err = Resolver::new(Overrides {
            ignore: vec!["nope".into()],
            ..Overrides::default()
        })
        .err()
        .unwrap();
        assert!(err.contains("`nope`"), "{err}");
    }
}
