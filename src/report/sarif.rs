//! SARIF 2.1.0 output for code-scanning dashboards.
//!
//! One run; the tool's rules with their documentation; one result per diagnostic with its
//! region (line, column, byte offset and length in the original file) and its secondary
//! labels as related locations. Inputs that could not be read appear as tool execution
//! notifications, so nothing is lost.

use super::json::JsonFile;
use crate::rules::Rule;
use serde_json::{Value, json};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// Builds the SARIF log for a run.
pub fn render(files: &[JsonFile]) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": m.doc, "markdown": m.doc },
                "defaultConfiguration": { "level": level(m.severity.as_str()) },
                "properties": { "snip": m.snip as u8 },
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut artifacts = Vec::new();
    for (index, file) in files.iter().enumerate() {
        artifacts.push(json!({
            "location": { "uri": uri(&file.path) },
            "length": file.stats.bytes,
        }));
        if let Some(error) = &file.error {
            notifications.push(json!({
                "level": "error",
                "message": { "text": if file.status == "unreadable" {
                    format!("cannot read `{}`: {error}", file.path)
                } else {
                    format!("`{}`: {error}", file.path)
                } },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&file.path), "index": index } } }],
            }));
            continue;
        }
        for d in &file.diagnostics {
            let rule_index = Rule::from_code_or_name(d.code).map_or(0, Rule::index);
            let mut logical = Vec::new();
            if let Some(element) = &d.element {
                logical.push(json!({ "name": element, "kind": "element" }));
            }
            if let Some(loop_id) = d.loop_id {
                logical.push(json!({ "name": loop_id, "kind": "module" }));
            }
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&file.path), "index": index },
                    "region": {
                        "startLine": d.line,
                        "startColumn": d.column,
                        "byteOffset": d.span.offset,
                        "byteLength": d.span.length,
                    },
                },
            });
            if !logical.is_empty() {
                location["logicalLocations"] = Value::Array(logical);
            }
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i,
                        "message": { "text": l.message },
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&file.path), "index": index },
                            "region": { "byteOffset": l.span.offset, "byteLength": l.span.length },
                        },
                    })
                })
                .collect();
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [location],
                "properties": {
                    "segment": { "ordinal": d.segment.ordinal, "position": d.segment.position, "id": d.segment.id },
                    "claim": d.claim.as_ref().map(|c| json!({ "ordinal": c.ordinal, "line": c.line })),
                    "interchange": d.interchange,
                    "group": d.group,
                    "transaction": d.transaction,
                },
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "claimlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "artifacts": artifacts,
            "results": results,
        }],
    })
}

/// A relative file URI: SARIF wants forward slashes and percent-encoded specials.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' | ':' => out.push(c),
            _ => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_encoded() {
        assert_eq!(super::uri("a b/(c).x12"), "a%20b/%28c%29.x12");
    }
}
