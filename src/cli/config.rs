//! `claimlint.toml`: finding it, reading it, and merging it with the command line into the
//! settings each input is checked with.
//!
//! The first `claimlint.toml` found walking up from the current directory applies to every
//! input, wherever the inputs are: a configuration inside an input folder (an SFTP inbox
//! anyone can write to) does not apply unless asked for. `--config FILE` names one for
//! every input; `--config-discovery` looks for each input's own, walking up from its
//! directory; `--isolated` reads no configuration file at all. Files are not merged with
//! the ones above them. Precedence, lowest first:
//!
//! 1. the rules' default severities;
//! 2. the payer profile (`--profile`, else `profile`);
//! 3. the file's `[severity]` table (a broader selector first, so `C011` beats `C`);
//! 4. the file's `select` and `ignore`;
//! 5. `--select` (which replaces the file's `select` and `ignore`) and `--ignore` (which
//!    adds to them);
//! 6. `--fail-on` over `fail-on`; `--hcpcs`, `--cpt` and `--ncci` over `[code-sets]`.
//!
//! Paths in `[code-sets]` are relative to the file; on the command line, to the current
//! directory. Configuration files and tables must be regular files (a FIFO would hang the
//! run, `/dev/zero` would fill memory) no larger than [`CONFIG_MAX_BYTES`] and
//! [`TABLE_MAX_BYTES`]. Every error (an unknown key, a rule selector that names no rule, a
//! table that cannot be read or parsed) names the file and its line, never quotes a table
//! file's content, and stops the run with exit code 2.

use super::args::{CodeSetArgs, FailOn};
use claimlint::codes::ncci::NcciPack;
use claimlint::settings::{CodeSets, Profile};
use claimlint::{Settings, Severity};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name looked for in each directory.
pub const FILE_NAME: &str = "claimlint.toml";

/// The largest configuration file read.
pub const CONFIG_MAX_BYTES: u64 = 1 << 20;

/// The largest code table read (the CMS HCPCS file is about 5 MB).
pub const TABLE_MAX_BYTES: u64 = 64 << 20;

/// Which configuration files apply.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Discovery {
    /// The first `claimlint.toml` from the current directory up, for every input.
    #[default]
    CurrentDir,
    /// Each input's own: the first one walking up from its directory.
    PerInput,
    /// None.
    Isolated,
}

/// Reads a file that must be a regular file of at most `max` bytes (links to one are
/// followed). The error says what is wrong without the file's content.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("cannot read: not a regular file".to_string());
    }
    if meta.len() > max {
        return Err(format!(
            "cannot read: {} bytes, more than the {max} allowed",
            meta.len()
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!("cannot read: more than the {max} bytes allowed"));
    }
    Ok(bytes)
}

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
    /// Glob patterns of paths a folder walk leaves out (added to `--exclude`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Mask personal data in every output (`--no-redact` overrides it).
    pub redact: Option<bool>,
    /// Key of the `--redact` pseudonyms when `CLAIMLINT_REDACT_KEY` is not set.
    pub redact_key: Option<String>,
    /// The most claims a transaction set should hold (H018); 0: no limit.
    pub max_claims_per_set: Option<usize>,
}

/// `[code-sets]`: user tables, relative to the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSetPaths {
    pub hcpcs: Option<PathBuf>,
    pub cpt: Option<PathBuf>,
    /// A folder of CMS NCCI practitioner edit files.
    pub ncci: Option<PathBuf>,
}

impl ConfigFile {
    /// Parses the text of a configuration file; the error is toml's message with the
    /// line, without the snippet of the file toml would show (a `claimlint.toml` that is
    /// a link to a secret must not print it).
    pub fn parse(text: &str) -> Result<ConfigFile, String> {
        toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end();
            match e.span() {
                Some(span) => {
                    let line = text.as_bytes()[..span.start.min(text.len())]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
                        + 1;
                    format!("line {line}: {message}")
                }
                None => message.to_string(),
            }
        })
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
    pub discovery: Discovery,
    /// `--max-findings-per-rule`.
    pub max_findings_per_rule: Option<usize>,
    /// `--max-set-mb`, in bytes.
    pub max_set_bytes: Option<usize>,
    /// `--max-claims-per-set`.
    pub max_claims_per_set: Option<usize>,
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
    /// Its `exclude` patterns.
    pub exclude: Vec<String>,
}

/// Finds and resolves configurations, each file and each table once.
pub struct Resolver {
    overrides: Overrides,
    cwd: PathBuf,
    /// Directory → the configuration that applies there (`--config-discovery`).
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// The configuration found from the current directory up, once looked for.
    from_cwd: Option<Option<PathBuf>>,
    /// Configuration → its resolution.
    by_config: HashMap<Option<PathBuf>, Arc<Resolved>>,
    /// (HCPCS file, CPT file, NCCI folder) → tables.
    #[allow(clippy::type_complexity)]
    tables: HashMap<(Option<PathBuf>, Option<PathBuf>, Option<PathBuf>), Arc<CodeSets>>,
    hcpcs: HashMap<PathBuf, CodeSets>,
    cpt: HashMap<PathBuf, CodeSets>,
    ncci: HashMap<PathBuf, Arc<NcciPack>>,
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
            from_cwd: None,
            by_config: HashMap::new(),
            tables: HashMap::new(),
            hcpcs: HashMap::new(),
            cpt: HashMap::new(),
            ncci: HashMap::new(),
        };
        let cli = resolver.overrides.code_sets.clone();
        if let Some(path) = &cli.hcpcs {
            resolver.load_hcpcs(&resolver.cwd.join(path), "--hcpcs")?;
        }
        if let Some(path) = &cli.cpt {
            resolver.load_cpt(&resolver.cwd.join(path), "--cpt")?;
        }
        if let Some(path) = &cli.ncci {
            resolver.load_ncci(&resolver.cwd.join(path), "--ncci")?;
        }
        Ok(resolver)
    }

    /// The settings for an input in `dir` (`None`: standard input, the current directory).
    pub fn for_dir(&mut self, dir: Option<&Path>) -> Result<Arc<Resolved>, String> {
        let config = match (&self.overrides.code_sets.config, self.overrides.discovery) {
            (Some(path), _) => Some(self.cwd.join(path)),
            (None, Discovery::Isolated) => None,
            (None, Discovery::CurrentDir) => self
                .from_cwd
                .get_or_insert_with(|| discover(&self.cwd))
                .clone(),
            (None, Discovery::PerInput) => {
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
                let shown = self.show(path);
                let bytes =
                    read_limited(path, CONFIG_MAX_BYTES).map_err(|e| format!("{shown}: {e}"))?;
                let text = std::str::from_utf8(&bytes)
                    .map_err(|_| format!("{shown}: not a TOML file (not UTF-8)"))?;
                ConfigFile::parse(text).map_err(|e| format!("{shown}: {e}"))?
            }
            None => ConfigFile::default(),
        };
        let name = config.map(|p| self.show(p)).unwrap_or_default();
        let o = self.overrides.clone();

        let mut settings = Settings::default();
        if let Some(n) = o.max_findings_per_rule {
            settings.set_max_findings_per_rule(n);
        }
        if let Some(n) = o.max_set_bytes {
            settings.set_max_set_bytes(n);
        }
        if let Some(n) = o.max_claims_per_set.or(file.max_claims_per_set) {
            settings.set_max_claims_per_set(n);
        }
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
        let ncci = match (&o.code_sets.ncci, &file.code_sets.ncci) {
            (Some(cli), _) => Some(self.cwd.join(cli)),
            (None, Some(path)) => {
                let path = base.join(path);
                self.load_ncci(&path, &format!("[code-sets] ncci in {name}"))?;
                Some(path)
            }
            (None, None) => None,
        };
        settings.set_code_sets(self.code_sets(hcpcs, cpt, ncci));
        Ok(Resolved {
            settings,
            fail_on: o.fail_on.or(file.fail_on).unwrap_or(FailOn::Error),
            redaction: o
                .redact
                .or(file.redact)
                .unwrap_or(false)
                .then(|| redaction(file.redact_key.as_deref())),
            config: config.map(Path::to_path_buf),
            exclude: file.exclude.clone(),
        })
    }

    /// The tables for a pair of loaded files, built once.
    fn code_sets(
        &mut self,
        hcpcs: Option<PathBuf>,
        cpt: Option<PathBuf>,
        ncci: Option<PathBuf>,
    ) -> Arc<CodeSets> {
        let key = (hcpcs, cpt, ncci);
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
        if let Some(path) = &key.2
            && let Some(pack) = self.ncci.get(path)
        {
            sets = sets.with_ncci(pack.clone(), self.show(path));
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
        let bytes = read_limited(path, TABLE_MAX_BYTES)
            .map_err(|e| format!("{shown}: the HCPCS file ({from}): {e}"))?;
        let sets = CodeSets::embedded()
            .load_hcpcs(&bytes, shown.clone())
            .map_err(|e| {
                format!(
                    "{shown}: not a CMS HCPCS ANWEB file ({from}): {}",
                    e.without_content()
                )
            })?;
        self.hcpcs.insert(path.to_path_buf(), sets);
        Ok(())
    }

    /// Loads an NCCI edit pack once per folder. A pack that cannot be read names the file
    /// and line, and quotes no more than the offending field.
    fn load_ncci(&mut self, path: &Path, from: &str) -> Result<(), String> {
        if self.ncci.contains_key(path) {
            return Ok(());
        }
        let pack = NcciPack::load_dir(path).map_err(|mut e| {
            e.file = self.show(Path::new(&e.file));
            format!("{e} (NCCI edit pack from {from})")
        })?;
        self.ncci.insert(path.to_path_buf(), Arc::new(pack));
        Ok(())
    }

    fn load_cpt(&mut self, path: &Path, from: &str) -> Result<(), String> {
        if self.cpt.contains_key(path) {
            return Ok(());
        }
        let shown = self.show(path);
        let bytes = read_limited(path, TABLE_MAX_BYTES)
            .map_err(|e| format!("{shown}: the CPT list ({from}): {e}"))?;
        let sets = CodeSets::embedded()
            .load_cpt(&bytes, shown.clone())
            .map_err(|e| format!("{shown}: not a CPT list ({from}): {}", e.without_content()))?;
        self.cpt.insert(path.to_path_buf(), sets);
        Ok(())
    }

    /// A path for messages: relative to the current directory when it is inside it.
    pub fn show(&self, path: &Path) -> String {
        super::inputs::display_path(path.strip_prefix(&self.cwd).unwrap_or(path))
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
        assert!(err.contains("line 2") && err.contains("fatal"), "{err}");
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

        let per_input = || Overrides {
            discovery: Discovery::PerInput,
            ..Overrides::default()
        };
        let mut r = Resolver::new(per_input()).unwrap();
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
            ..per_input()
        })
        .unwrap();
        let res = r.for_dir(Some(&root.join("a/b"))).unwrap();
        assert_eq!(res.fail_on, FailOn::Never);
        assert!(res.settings.is_enabled(Rule::DrugWithoutNdc));
        assert!(!res.settings.is_enabled(Rule::UnknownHcpcsCode));
        // The command line's profile replaces the file's: S010 is back to its default, a note.
        assert_eq!(res.settings.severity(Rule::DrugWithoutNdc), Severity::Info);

        std::fs::write(root.join("a").join(FILE_NAME), "select = [\"Q\"]\n").unwrap();
        let mut r = Resolver::new(per_input()).unwrap();
        let err = r.for_dir(Some(&root.join("a/b"))).unwrap_err();
        assert!(err.contains("`Q`") && err.contains(FILE_NAME), "{err}");
        // By default, and with --isolated, a configuration below the current directory
        // does not apply.
        for discovery in [Discovery::CurrentDir, Discovery::Isolated] {
            let mut r = Resolver::new(Overrides {
                discovery,
                ..Overrides::default()
            })
            .unwrap();
            let res = r.for_dir(Some(&root.join("a/b"))).unwrap();
            assert_ne!(res.config.as_deref(), Some(&*root.join(FILE_NAME)));
            assert!(res.settings.is_enabled(Rule::DrugWithoutNdc));
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn errors_never_quote_content() {
        let err = ConfigFile::parse("[code-sets]\nsecret value 123-45-6789\n").unwrap_err();
        assert!(err.starts_with("line 2: "), "{err}");
        assert!(!err.contains("6789"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn tables_must_be_small_regular_files() {
        let err = read_limited(Path::new("/dev/zero"), TABLE_MAX_BYTES).unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
        let root = dir("limits");
        let big = root.join("big.txt");
        std::fs::write(&big, vec![b'9'; 2048]).unwrap();
        let err = read_limited(&big, 1024).unwrap_err();
        assert!(err.contains("2048 bytes"), "{err}");
        assert_eq!(read_limited(&big, 4096).unwrap().len(), 2048);
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
