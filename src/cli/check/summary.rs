//! The end of a run: totals over every input, the exit status, the human summary lines
//! and `--stats`.

use super::super::ExitStatus;
use super::super::args::FailOn;
use super::one::{Outcome, Phases, Status};
use claimlint::Severity;
use claimlint::report::json::JsonSummary;
use std::time::Duration;

/// Totals over the inputs, added up as their outcomes are written.
#[derive(Default)]
pub struct Totals {
    pub summary: JsonSummary,
    pub phases: Phases,
    /// Whether some input has findings at or above its `fail-on`.
    pub failed: bool,
    /// Each configuration that applied to a checked input (`None`: none), with how many.
    pub configs: Vec<(Option<String>, usize)>,
}

impl Totals {
    pub fn add(&mut self, o: &Outcome) {
        let s = &mut self.summary;
        s.files += 1;
        match o.status {
            Status::Checked => s.checked += 1,
            Status::Skipped(_) => s.skipped += 1,
            Status::Unreadable(_) | Status::Internal(_) => s.unreadable += 1,
        }
        self.phases += o.phases;
        for (code, n) in &o.by_rule {
            *s.by_rule.entry(code).or_default() += n;
        }
        s.errors += o.counts[2];
        s.warnings += o.counts[1];
        s.infos += o.counts[0];
        s.stats += o.stats;
        self.failed |= fails(o.fail_on, o.worst());
        if matches!(o.status, Status::Checked) {
            match self.configs.iter_mut().find(|(c, _)| *c == o.config) {
                Some((_, n)) => *n += 1,
                None => self.configs.push((o.config.clone(), 1)),
            }
        }
    }

    /// 2 when an input could not be read, else 1 when findings reach `fail-on`, else 0.
    pub fn status(&self) -> ExitStatus {
        if self.summary.unreadable > 0 {
            ExitStatus::Error
        } else if self.failed {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }

    /// The human summary: the counts line, the configuration and code sets used, and the
    /// findings per rule.
    pub fn footer(&self, seconds: f64, code_sets: &[String]) -> String {
        let s = &self.summary;
        let mut text = summary_line(s, seconds);
        text.push_str(&self.config_line());
        for t in code_sets {
            text.push_str(&format!("code sets: {t}\n"));
        }
        if !s.by_rule.is_empty() {
            let mut rules: Vec<_> = s.by_rule.iter().collect();
            rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let list: Vec<String> = rules
                .iter()
                .map(|(code, n)| format!("{code} {n}"))
                .collect();
            text.push_str(&format!("by rule: {}\n", list.join(", ")));
        }
        text
    }

    /// `config: claimlint.toml`, or with per-input configurations
    /// `config: INBOX/claimlint.toml (3 files), none (18 files)`.
    fn config_line(&self) -> String {
        let name = |c: &Option<String>| c.clone().unwrap_or_else(|| "none".to_string());
        match &self.configs[..] {
            [] => String::new(),
            [(c, _)] => format!("config: {}\n", name(c)),
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|(c, n)| format!("{} ({})", name(c), plural(*n as u64, "file", "files")))
                    .collect();
                format!("config: {}\n", list.join(", "))
            }
        }
    }
}

fn fails(fail_on: FailOn, worst: Option<Severity>) -> bool {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return false,
    };
    worst.is_some_and(|w| w >= threshold)
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `checked 20 files (…), skipped 2, unreadable 1: 3 errors, 1 warning, 0 infos in 0.52s
/// (80.1 MB/s)`.
fn summary_line(s: &JsonSummary, seconds: f64) -> String {
    let st = &s.stats;
    let mb = st.bytes as f64 / 1_000_000.0;
    let rate = if seconds > 0.0 { mb / seconds } else { 0.0 };
    format!(
        "checked {} ({}, {}, {}, {}), skipped {}, unreadable {}: {}, {}, {} in {:.2}s ({:.1} MB/s)\n",
        plural(s.checked as u64, "file", "files"),
        plural(st.interchanges, "interchange", "interchanges"),
        plural(st.transactions, "transaction set", "transaction sets"),
        plural(st.claims, "claim", "claims"),
        plural(st.service_lines, "service line", "service lines"),
        s.skipped,
        s.unreadable,
        plural(s.errors as u64, "error", "errors"),
        plural(s.warnings as u64, "warning", "warnings"),
        plural(s.infos as u64, "info", "infos"),
        seconds,
        rate,
    )
}

fn rate(bytes: u64, d: Duration) -> String {
    if d.is_zero() {
        "-".to_string()
    } else {
        format!("{:.1}", bytes as f64 / 1e6 / d.as_secs_f64())
    }
}

/// `--stats`: time per phase (summed over threads) and throughput.
pub fn stats_table(p: &Phases, s: &JsonSummary, wall: Duration) -> String {
    let bytes = s.stats.bytes;
    let mut out = String::from("phase                     time (s)     MB/s\n");
    for (name, d) in [
        ("read or map", p.read),
        ("envelope", p.lint.envelope),
        ("loop model", p.lint.model),
        ("rules", p.lint.rules),
        ("render", p.render),
    ] {
        out.push_str(&format!(
            "{name:<24} {:>9.3} {:>8}\n",
            d.as_secs_f64(),
            rate(bytes, d)
        ));
    }
    out.push_str(&format!(
        "{:<24} {:>9.3} {:>8}   ({} threads)\n",
        "wall clock",
        wall.as_secs_f64(),
        rate(bytes, wall),
        rayon::current_num_threads()
    ));
    out
}

/// `--statistics`: one line per rule, most frequent first, like `ruff --statistics`:
/// count, code, name.
pub fn statistics(s: &JsonSummary) -> String {
    let mut rules: Vec<_> = s.by_rule.iter().collect();
    rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let width = rules.first().map_or(1, |r| r.1.to_string().len());
    let mut out = String::new();
    for (code, n) in rules {
        let name = claimlint::Rule::from_code_or_name(code).map_or("", |r| r.meta().name);
        out.push_str(&format!("{n:>width$}\t{code}\t{name}\n"));
    }
    out
}
