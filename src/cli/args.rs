//! Command-line arguments. The doc comments are the `--help` text.

use claimlint::settings::Profile;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A fast, precise linter for HIPAA X12 837P (005010X222A1) professional claim files.
#[derive(Debug, Parser)]
#[command(name = "claimlint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check 837P files and directories (recursively); `-` reads standard input
    Check(CheckArgs),
    /// List every rule in code order: code, name, SNIP type, default severity, summary
    Rules(RulesArgs),
    /// Show the documentation of a rule, by code (`X020`) or name
    Explain {
        /// Rule code or name
        rule: String,
    },
    /// Write the acknowledgments a receiver would send back: the 999 (syntax and guide) or
    /// the 277CA (each claim accepted or rejected)
    Ack(AckArgs),
    /// Show what claimlint knows about a code: procedure code class, HCPCS Level II entry,
    /// modifier, ICD-10-CM diagnosis, place of service, or CPT list entry
    Lookup(LookupArgs),
    /// Write a synthetic 837P file (invented data only), e.g. to measure throughput
    Generate(GenerateArgs),
    /// Show the loop tree claimlint reads from a file: envelopes, HL levels, claims and
    /// service lines with each procedure code's class
    Inspect {
        /// The file to inspect; `-` for standard input
        file: std::path::PathBuf,

        /// Show the tree of the file with personal data masked
        #[arg(long)]
        redact: bool,

        /// Memory-map the file even when it is small (files of 1 MB and more are mapped
        /// without it)
        #[arg(long, conflicts_with = "no_mmap")]
        mmap: bool,

        /// Read the file onto the heap even when it is large
        #[arg(long)]
        no_mmap: bool,
    },
    /// Rewrite what can be fixed mechanically: SE01, GE01 and IEA01 counts, SE02, GE02 and
    /// IEA02 matching their headers, line endings. Never changes a claim
    Fix(FixArgs),
    /// Write a file with one segment per line, for reading and diffing
    Fmt(FixArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) or the man
    /// page (man)
    Completions {
        /// bash, zsh, fish, powershell, elvish or man
        #[arg(value_parser = completion_target)]
        shell: CompletionTarget,
    },
}

/// What `claimlint completions` writes.
#[derive(Debug, Clone, Copy)]
pub enum CompletionTarget {
    Shell(clap_complete::Shell),
    Man,
}

fn completion_target(text: &str) -> Result<CompletionTarget, String> {
    if text == "man" {
        return Ok(CompletionTarget::Man);
    }
    <clap_complete::Shell as ValueEnum>::from_str(text, true)
        .map(CompletionTarget::Shell)
        .map_err(|_| "expected bash, zsh, fish, powershell, elvish or man".to_string())
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// The file; `-` for standard input
    pub file: PathBuf,

    /// Write the result to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE", conflicts_with = "in_place")]
    pub output_file: Option<PathBuf>,

    /// Rewrite the file itself (atomically: a temporary file renamed over it)
    #[arg(long)]
    pub in_place: bool,

    /// What follows each segment terminator: `lf`, `crlf` or `none` [default: as in the
    /// file for `fix`, `lf` for `fmt`]
    #[arg(long, value_enum)]
    pub eol: Option<Eol>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Eol {
    Lf,
    Crlf,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One line per rule
    Text,
    /// One JSON document: code, name, family, severity, SNIP type and summary of each rule
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Each finding drawn on its segment, the element underlined
    Human,
    /// One line per finding: `file:segment:column: CODE [severity] message`
    Concise,
    /// One JSON document for the whole run (schema 1)
    Json,
    /// JSON Lines: one object per diagnostic, one per file, one summary at the end (schema 1)
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// A 999 implementation acknowledgment (005010X231A1) per file
    #[value(name = "999")]
    Ack,
    /// A 277CA claim acknowledgment (005010X214) per file
    #[value(name = "277ca")]
    ClaimAck,
}

/// Which acknowledgment `claimlint ack` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AckFormat {
    /// The 999 implementation acknowledgment (005010X231A1): syntax and guide
    #[value(name = "999")]
    Ack999,
    /// The 277CA claim acknowledgment (005010X214): each claim accepted or rejected
    #[value(name = "277ca")]
    Claim277,
}

/// `--control-number`: 1–999999999 (ISA13 has nine digits); anything else is refused,
/// never cut.
fn control_number(text: &str) -> Result<u32, String> {
    text.parse::<u64>()
        .ok()
        .filter(|n| (1..=u64::from(claimlint::report::ack::MAX_CONTROL_NUMBER)).contains(n))
        .map(|n| n as u32)
        .ok_or_else(|| format!("`{text}` is not a control number from 1 to 999999999"))
}

#[derive(Debug, clap::Args)]
pub struct AckArgs {
    /// 837P files or directories (recursively) to acknowledge; `-` for standard input
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Which acknowledgment to write
    #[arg(long, value_enum, default_value_t = AckFormat::Ack999)]
    pub format: AckFormat,

    /// Interchange and group control number (ISA13, GS06) of the first acknowledgment;
    /// the following interchanges and groups of the run count up from it (1–999999999)
    #[arg(long, default_value = "1", value_parser = control_number)]
    pub control_number: u32,

    /// Write one file per input into DIR (`NAME.999` or `NAME.277`) instead of standard
    /// output
    #[arg(long, value_name = "DIR")]
    pub ack_dir: Option<PathBuf>,

    /// Mask claim numbers and patient names and IDs
    #[arg(long)]
    pub redact: bool,

    #[command(flatten)]
    pub code_sets: CodeSetArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` for standard input
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Lowest severity that makes the exit code 1 [default: error, or `fail-on` in
    /// claimlint.toml]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Payer profile: the severities a kind of payer gives some rules
    #[arg(long, value_name = "NAME", value_parser = profile_parser())]
    pub profile: Option<Profile>,

    #[command(flatten)]
    pub code_sets: CodeSetArgs,

    /// Only run these rules (codes, code prefixes or names; comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules (codes, code prefixes or names; comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Leave paths matching this glob out of folder walks (repeatable; added to `exclude`
    /// in claimlint.toml). A pattern without `/` matches a file or folder name anywhere
    /// (`*.bak`, `archive`), one with `/` the path below the folder walked (`old/**`)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// When to color the human report (NO_COLOR and CLICOLOR_FORCE are honoured by
    /// `auto`)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Never use color: the same as `--color never`
    #[arg(long)]
    pub no_color: bool,

    /// Write the report to this file (atomically, when complete) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Instead of the findings, one line per rule: count, code and name (human and
    /// concise formats)
    #[arg(long)]
    pub statistics: bool,

    /// Write one row per claim to FILE: CSV, or JSON Lines when FILE ends in `.jsonl`
    #[arg(long, value_name = "FILE")]
    pub claim_report: Option<PathBuf>,

    /// A state file of what earlier runs checked without errors: interchanges and claims
    /// found in it are reported as duplicates (X050, S120), and this run's are added. Keyed
    /// hashes only (key in FILE.key); bounded to the newest 200,000 keys
    #[arg(long, value_name = "FILE")]
    pub seen: Option<PathBuf>,

    /// Do not print the summary line
    #[arg(long, short)]
    pub quiet: bool,

    /// Number of threads (default: one per core)
    #[arg(long, short)]
    pub jobs: Option<usize>,

    /// Print the time spent in each phase and the throughput to standard error
    #[arg(long)]
    pub stats: bool,

    /// Mask personal data: every element value except qualifiers, codes, amounts and dates
    /// of service, in snippets, messages, JSON, SARIF and the acknowledgments; claim and
    /// member numbers become pseudonyms keyed by CLAIMLINT_REDACT_KEY [default: `redact`
    /// in claimlint.toml]
    #[arg(long, overrides_with = "no_redact")]
    pub redact: bool,

    /// Show personal data even when claimlint.toml says `redact = true`
    #[arg(long, overrides_with = "redact")]
    pub no_redact: bool,

    /// With `--format 999` or `277ca`: control number (ISA13, GS06) of the first
    /// acknowledgment; the following interchanges and groups count up from it
    #[arg(long, default_value = "1", value_parser = control_number)]
    pub control_number: u32,

    /// Show at most N findings of one rule per transaction set (and 10 × N per file), then
    /// one finding with the count of the rest; 0 shows all
    #[arg(long, value_name = "N", default_value_t = claimlint::settings::DEFAULT_MAX_FINDINGS_PER_RULE)]
    pub max_findings_per_rule: usize,

    /// Check the claims of transaction sets up to this many megabytes (10^6 bytes); a
    /// larger set gets X041 and only its envelope is checked. A set's loop model costs about
    /// nine times its size in memory; 0 means no limit
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_set_mb: usize,

    /// Warn (H018) about a transaction set of more than N claims: the guide recommends at
    /// most 5,000, and a receiver may take fewer; 0 means no limit [default: 5000, or
    /// `max-claims-per-set` in claimlint.toml]
    #[arg(long, value_name = "N")]
    pub max_claims_per_set: Option<usize>,

    /// Memory-map every input file, small ones too. Files of 1 MB and more are mapped
    /// without it; a file truncated while mapped gets X040, as one truncated while it is
    /// read does
    #[arg(long, conflicts_with = "no_mmap")]
    pub mmap: bool,

    /// Read every input file onto the heap, large ones too, instead of mapping them
    #[arg(long)]
    pub no_mmap: bool,
}

/// Where the configuration and the code tables come from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CodeSetArgs {
    /// Use this configuration file for every input instead of the `claimlint.toml` found
    /// by walking up from the current directory
    #[arg(long, value_name = "FILE", conflicts_with_all = ["isolated", "config_discovery"])]
    pub config: Option<PathBuf>,

    /// Use each input's own `claimlint.toml`, found by walking up from the input's
    /// directory (by default only the current directory's, or the one above it, applies:
    /// a configuration inside an input folder is ignored)
    #[arg(long, conflicts_with = "isolated")]
    pub config_discovery: bool,

    /// Read no configuration file at all
    #[arg(long)]
    pub isolated: bool,

    /// A CMS Alpha-Numeric HCPCS file (HCPC<year>_<MON>_ANWEB*.txt) to use instead of the
    /// embedded quarter
    #[arg(long, value_name = "FILE")]
    pub hcpcs: Option<PathBuf>,

    /// Your licensed CPT code list, one code per line (optionally with tab-separated add and
    /// termination dates): enables C019 unknown-cpt-code
    #[arg(long, value_name = "FILE")]
    pub cpt: Option<PathBuf>,

    /// A folder of CMS NCCI practitioner edit files as downloaded and unzipped (PTP
    /// ccipra-v*-f*.txt, MCR_MUE_PractitionerServices_Eff_*.csv, AOC_V*-MCR.txt): enables
    /// the P1 NCCI rules
    #[arg(long, value_name = "DIR")]
    pub ncci: Option<PathBuf>,
}

impl CodeSetArgs {
    /// Which configuration files apply.
    pub fn discovery(&self) -> super::config::Discovery {
        use super::config::Discovery;
        if self.isolated {
            Discovery::Isolated
        } else if self.config_discovery {
            Discovery::PerInput
        } else {
            Discovery::CurrentDir
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Where to write the file
    pub out: std::path::PathBuf,

    /// Number of claims
    #[arg(long, default_value_t = 1000)]
    pub claims: usize,

    /// Service lines per claim (1–50)
    #[arg(long, default_value_t = 3)]
    pub lines_per_claim: usize,

    /// Fraction of service lines that get one injected error (0–1)
    #[arg(long, default_value_t = 0.0)]
    pub errors: f64,

    /// Seed: the same arguments always give the same bytes
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Write a newline after every segment terminator
    #[arg(long)]
    pub newline: bool,

    /// Claims per ST/SE transaction set
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub claims_per_set: usize,
}

#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// A procedure code (`J1885`, `99213`), modifier (`JW`), ICD-10-CM code (`E119` or
    /// `E11.9`) or place-of-service code (`11`)
    pub code: String,

    /// Date of service to judge the code on, YYYYMMDD or YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    #[command(flatten)]
    pub code_sets: CodeSetArgs,
}

fn profile_parser() -> impl TypedValueParser<Value = Profile> {
    PossibleValuesParser::new(Profile::ALL.map(Profile::name)).try_map(|name| {
        Profile::from_name(&name).ok_or_else(|| format!("unknown profile `{name}`"))
    })
}
