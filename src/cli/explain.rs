//! `claimlint rules` and `claimlint explain CODE`.

use super::{ExitStatus, write_stdout};
use claimlint::Rule;
use claimlint::rules::Ack;

pub fn rules() -> ExitStatus {
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
    let mut out = format!(
        "# {} ({})\n\n{}\n\nSNIP type {} · default severity: {}{}\n\n{}",
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
