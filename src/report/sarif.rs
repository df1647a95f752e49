//! SARIF 2.1.0 output for code-scanning dashboards.
//!
//! One run; the tool's rules with their documentation; one result per diagnostic with its
//! region (line, column, byte offset and length in the original file) and its secondary
//! labels as related locations. Inputs that could not be read appear as tool execution
//! notifications (errors), files a folder walk skipped as notifications of level `note`
//! with the reason, so nothing is lost. Every input is an artifact whose properties name
//! its status and the configuration file that applied; the invocation's properties list
//! the configuration files of the run.
//!
//! The log is a tree of typed views borrowing from the JSON report, serialized as it is
//! written: a nightly batch with hundreds of thousands of findings needs memory for its
//! findings, not for a second, generic copy of the whole log.

use super::json::{JsonDiagnostic, JsonFile};
use crate::rules::Rule;
use serde::{Serialize, Serializer};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// The SARIF log for a run; serialize it (e.g. with `serde_json::to_writer`).
pub fn log(files: &[JsonFile]) -> Log<'_> {
    let uris: Vec<String> = files.iter().map(|f| uri(&f.path)).collect();
    let rules = Rule::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            RuleDescriptor {
                id: m.code,
                name: m.name,
                short_description: Text { text: m.summary },
                full_description: Text { text: m.summary },
                help: Help {
                    text: m.doc,
                    markdown: m.doc,
                },
                default_configuration: Configuration {
                    level: level(m.severity.as_str()),
                },
                properties: RuleProperties { snip: m.snip as u8 },
            }
        })
        .collect();
    let notifications: Vec<Notification> = files
        .iter()
        .enumerate()
        .filter_map(|(index, file)| {
            let (level, text) = match (&file.error, file.reason) {
                (Some(error), _) if file.status == "unreadable" => {
                    ("error", format!("cannot read `{}`: {error}", file.path))
                }
                (Some(error), _) => ("error", format!("`{}`: {error}", file.path)),
                (None, Some(reason)) => ("note", format!("skipped `{}`: {reason}", file.path)),
                (None, None) => return None,
            };
            Some(Notification {
                level,
                message: Text { text },
                locations: [NotificationLocation {
                    physical_location: FileLocation {
                        artifact_location: ArtifactLocation {
                            uri: uris[index].clone(),
                            index,
                        },
                    },
                }],
            })
        })
        .collect();
    let artifacts = files
        .iter()
        .zip(&uris)
        .map(|(file, uri)| Artifact {
            location: ArtifactUri { uri: uri.clone() },
            length: file.stats.bytes,
            properties: ArtifactProperties {
                status: file.status,
                reason: file.reason,
                config: file.config.clone(),
            },
        })
        .collect();
    let mut config_files: Vec<Option<String>> = Vec::new();
    for file in files.iter().filter(|f| f.status == "checked") {
        if !config_files.contains(&file.config) {
            config_files.push(file.config.clone());
        }
    }
    let execution_successful = !notifications.iter().any(|n| n.level == "error");
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "claimlint",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful,
                tool_execution_notifications: notifications,
                properties: InvocationProperties { config_files },
            }],
            artifacts,
            results: Results { files, uris },
        }],
    }
}

/// The SARIF log for a run as a JSON value (for tests and embedding; the CLI streams
/// [`log`] instead).
pub fn render(files: &[JsonFile]) -> serde_json::Value {
    serde_json::to_value(log(files)).unwrap_or_default()
}

#[derive(Serialize)]
pub struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    artifacts: Vec<Artifact>,
    results: Results<'a>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    snip: u8,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
    properties: InvocationProperties,
}

/// The configuration files the checked inputs were checked with (`null`: none).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InvocationProperties {
    config_files: Vec<Option<String>>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text<String>,
    locations: [NotificationLocation; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: FileLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileLocation {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
    index: usize,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactUri,
    length: u64,
    properties: ArtifactProperties,
}

/// What became of an input: `checked`, `skipped` (with the reason), `unreadable`,
/// `internal-error`; and the configuration file that applied.
#[derive(Serialize)]
struct ArtifactProperties {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    config: Option<String>,
}

#[derive(Serialize)]
struct ArtifactUri {
    uri: String,
}

/// Every diagnostic of every checked file, each turned into a SARIF result only as it is
/// written.
struct Results<'a> {
    files: &'a [JsonFile],
    uris: Vec<String>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.files
                .iter()
                .enumerate()
                .filter(|(_, file)| file.error.is_none())
                .flat_map(|(index, file)| {
                    let uri = self.uris[index].as_str();
                    file.diagnostics
                        .iter()
                        .map(move |d| SarifResult::new(d, uri, index))
                }),
        )
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    locations: [ResultLocation<'a>; 1],
    properties: ResultProperties<'a>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    partial_fingerprints: std::collections::BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
}

/// `claimFinding/v1`: the rule, the element and the claim's keys (CLM01 or its pseudonym,
/// payer ID, billing NPI, service line), so a dashboard tracks a finding on a claim from
/// run to run whatever else in the file moved.
fn claim_fingerprint(d: &JsonDiagnostic) -> Option<String> {
    let c = d.claim.as_ref()?;
    let key = |v: &Option<String>| v.clone().unwrap_or_default();
    Some(format!(
        "{}|{}|{}|{}|{}|{}",
        d.code,
        d.element.as_deref().unwrap_or(""),
        key(&c.id),
        key(&c.payer),
        key(&c.billing_npi),
        c.line.map(|l| l.to_string()).unwrap_or_default()
    ))
}

impl<'a> SarifResult<'a> {
    fn new(d: &'a JsonDiagnostic, uri: &'a str, index: usize) -> Self {
        let artifact = ArtifactRef { uri, index };
        let mut logical = Vec::new();
        if let Some(element) = &d.element {
            logical.push(LogicalLocation {
                name: element,
                kind: "element",
            });
        }
        if let Some(loop_id) = d.loop_id {
            logical.push(LogicalLocation {
                name: loop_id,
                kind: "module",
            });
        }
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        SarifResult {
            rule_id: d.code,
            rule_index: Rule::from_code_or_name(d.code).map_or(0, Rule::index),
            level: level(d.severity),
            message: Text { text: message },
            locations: [ResultLocation {
                physical_location: PhysicalLocation {
                    artifact_location: artifact,
                    region: Region {
                        start_line: Some(d.line),
                        start_column: Some(d.column),
                        byte_offset: d.span.offset,
                        byte_length: d.span.length,
                    },
                },
                logical_locations: logical,
            }],
            properties: ResultProperties {
                segment: &d.segment,
                claim: d.claim.as_ref(),
                interchange: d.interchange.as_deref(),
                group: d.group.as_deref(),
                transaction: d.transaction.as_deref(),
            },
            partial_fingerprints: claim_fingerprint(d)
                .map(|f| ("claimFinding/v1", f))
                .into_iter()
                .collect(),
            related_locations: d
                .labels
                .iter()
                .enumerate()
                .map(|(id, l)| RelatedLocation {
                    id,
                    message: Text { text: &l.message },
                    physical_location: PhysicalLocation {
                        artifact_location: artifact,
                        region: Region {
                            start_line: None,
                            start_column: None,
                            byte_offset: l.span.offset,
                            byte_length: l.span.length,
                        },
                    },
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'a> {
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactRef<'a>,
    region: Region,
}

#[derive(Serialize, Clone, Copy)]
struct ArtifactRef<'a> {
    uri: &'a str,
    index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
struct LogicalLocation<'a> {
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    segment: &'a super::json::JsonSegment,
    claim: Option<&'a super::json::JsonClaim>,
    interchange: Option<&'a str>,
    group: Option<&'a str>,
    transaction: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Text<&'a str>,
    physical_location: PhysicalLocation<'a>,
}

/// A relative file URI: SARIF wants forward slashes and percent-encoded specials.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    // A backslash separates folders only on Windows; elsewhere it is part of a name (and
    // of the escapes that keep non-UTF-8 names apart).
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    for c in path.chars() {
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
