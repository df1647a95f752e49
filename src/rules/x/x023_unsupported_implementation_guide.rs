//! X023 `unsupported-implementation-guide`

use super::{element_span, shown};
use crate::rules::prelude::*;

pub const META: RuleMeta = RuleMeta {
    code: "X023",
    name: "unsupported-implementation-guide",
    snip: Snip::Integrity,
    severity: Severity::Error,
    checks: &[Check::Group(|c, n| {
        check(c, &n.group.gs);
    })],
    summary: "GS08 names another implementation guide than the 837P 005010X222A1",
    ack: Ack {
        ak905: Some("2"),
        ik502: Some("I6"),
        ..Ack::NONE
    },
    claim_status: None,
    owns: &[],
    doc: r#"## What it does
Checks that GS08 (the implementation convention reference) names the HIPAA 837
professional guide, `005010X222A1`. When it names another guide, the message says which
transaction the file really is (an 837I, an 837D, an older 4010 claim…), and the content is
not checked as an 837P. `005010X222A2` and bare `005010X222` are warnings of their own
(X024).

## Why does it matter?
A professional-claims front end rejects institutional or dental claims and other versions
outright; the file went to the wrong pipeline.

## Example
```text
GS*HC*SENDER*RECEIVER*20240115*1030*101*X*005010X223A2~
```
`005010X223A2` is the 837 institutional (837I) guide.

## How to fix
Send professional claims with `005010X222A1` in GS08 and ST03; send institutional and
dental claims to the pipeline that handles them.

## References
GS08 (data element 480, version/release/industry identifier code); 45 CFR 162.1102.
"#,
};

/// What a GS08/ST03 value says about the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guide {
    /// `005010X222A1`, the HIPAA 837P.
    Professional,
    /// `005010X222A2` or `005010X222`: the professional claim, not the HIPAA errata version.
    ProfessionalOtherRelease,
    /// Another guide, with a description for the message.
    Other(&'static str),
    Unknown,
}

impl Guide {
    /// The professional claim guide, in this release or another.
    pub fn is_professional(self) -> bool {
        matches!(self, Guide::Professional | Guide::ProfessionalOtherRelease)
    }
}

const GUIDES: &[(&[u8], &str)] = &[
    (b"005010X223", "the 837 institutional (837I) guide"),
    (b"005010X224", "the 837 dental (837D) guide"),
    (
        b"004010X098",
        "the 4010 837 professional guide, replaced by 5010 in 2012",
    ),
    (b"004010X096", "the 4010 837 institutional guide"),
    (b"004010X097", "the 4010 837 dental guide"),
    (b"005010X221", "the 835 payment/remittance advice guide"),
    (b"005010X279", "the 270/271 eligibility guide"),
    (b"005010X212", "the 276/277 claim status guide"),
    (b"005010X214", "the 277CA claim acknowledgment guide"),
    (b"005010X217", "the 278 services review guide"),
    (b"005010X220", "the 834 benefit enrollment guide"),
    (b"005010X218", "the 820 premium payment guide"),
    (b"005010X231", "the 999 implementation acknowledgment guide"),
];

pub fn classify(value: &[u8]) -> Guide {
    match value {
        b"005010X222A1" => Guide::Professional,
        b"005010X222A2" | b"005010X222" => Guide::ProfessionalOtherRelease,
        _ => GUIDES
            .iter()
            .find(|(prefix, _)| value.starts_with(prefix))
            .map_or(Guide::Unknown, |(_, what)| Guide::Other(what)),
    }
}

/// X023 on GS08; returns the guide.
pub fn check(checker: &mut Checker, gs: &Segment<'_>) -> Guide {
    let value = gs.value(8);
    let guide = classify(value);
    let what = match guide {
        Guide::Professional | Guide::ProfessionalOtherRelease => return guide,
        Guide::Other(what) => what,
        Guide::Unknown if value.is_empty() => "missing",
        Guide::Unknown => "not an 837 professional guide",
    };
    if checker.enabled(Rule::UnsupportedImplementationGuide) {
        let message = if value.is_empty() {
            "GS08 implementation guide is missing; the group's transaction sets are not checked"
                .to_string()
        } else {
            format!(
                "`{}` is {what}, not the 837P guide `005010X222A1`; the group's transaction sets are not checked",
                shown(value)
            )
        };
        checker
            .report_in(Rule::UnsupportedImplementationGuide, gs, element_span(gs, 8), message)
            .element("GS", 8, None)
            .label("expected `005010X222A1`")
            .help("send professional claims with `005010X222A1` in GS08 and ST03; other claim types go to their own pipeline");
    }
    guide
}
