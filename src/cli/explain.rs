//! `claimlint rules` and `claimlint explain CODE`.

use super::args::RulesFormat;
use super::{ExitStatus, write_stdout};
use claimlint::rules::Ack;
use claimlint::{Rule, Severity};
use serde::Serialize;

/// `claimlint rules --format json`.
#[derive(Serialize)]
struct RulesDoc {
    schema: u32,
    rules: Vec<RuleRow>,
}

#[derive(Serialize)]
struct RuleRow {
    code: &'static str,
    name: &'static str,
    family: char,
    severity: Severity,
    snip: u8,
    summary: &'static str,
}

impl RuleRow {
    fn of(rule: Rule) -> Self {
        let m = rule.meta();
        RuleRow {
            code: m.code,
            name: m.name,
            family: m.family().letter(),
            severity: m.severity,
            snip: m.snip as u8,
            summary: m.summary,
        }
    }
}

pub fn rules(format: RulesFormat) -> ExitStatus {
    if format == RulesFormat::Json {
        let doc = RulesDoc {
            schema: 1,
            rules: Rule::ALL.iter().map(|r| RuleRow::of(*r)).collect(),
        };
        let mut out = serde_json::to_string_pretty(&doc).expect("rule rows serialize");
        out.push('\n');
        write_stdout(&out);
        return ExitStatus::Success;
    }
    let mut out = String::new();
    for rule in Rule::ALL {
        let m = rule.meta();
        out.push_str(&format!(
            "{:<5} {:<40} SNIP {} {:<8} {}\n",
            m.code,
            m.name,
            m.snip as u8,
            m.severity.as_str(),
            m.summary
        ));
    }
    write_stdout(&out).status(ExitStatus::Success)
}

pub fn explain(text: &str) -> ExitStatus {
    let Some(rule) = Rule::from_code_or_name(text) else {
        eprintln!("claimlint: `{text}` is not a rule code or name (see `claimlint rules`)");
        return ExitStatus::Error;
    };
    let m = rule.meta();
    let claim_status = claimlint::report::claim_ack::status_of(rule)
        .map(|s| {
            format!(
                "\n277CA: rejects its claim with {}",
                claimlint::report::claim_ack::describe(&s)
            )
        })
        .unwrap_or_default();
    let mut out = format!(
        "# {} ({})\n\n{}\n\nSNIP type {} · default severity: {}{}{claim_status}\n\n{}",
        m.name,
        m.code,
        m.summary,
        m.snip as u8,
        m.severity,
        acknowledgment(&m.ack),
        m.doc
    );
    if !out.ends_with('\n') {
        out.push('\n');
    }
    write_stdout(&out).status(ExitStatus::Success)
}

fn acknowledgment(ack: &Ack) -> String {
    let parts: Vec<String> = [
        ("TA1", ack.ta1),
        ("IK304", ack.ik304),
        ("IK403", ack.ik403),
        ("IK502", ack.ik502),
        ("AK905", ack.ak905),
    ]
    .iter()
    .filter_map(|(name, code)| code.map(|c| format!("{name} {c}")))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" · acknowledgment: {}", parts.join(", "))
    }
}
