//! The claim status a finding gives its claim (STC01, STC10, STC11): category, status
//! code and entity, refined from the segment the finding is in.

use crate::diagnostic::Diagnostic;
use crate::report::ack::in_999;
use crate::rules::{ClaimStatus, Rule};
use crate::x12::Segment;

/// The 277CA status a finding of `rule` gives its claim (its registry row's
/// `claim_status`); `None` for rules whose findings go in the 999 instead.
///
/// Status codes used (code source 508): 21 missing or invalid information · 126 entity's
/// address (the entity from the NM1 of the address's loop) · 218 NDC number · 247 line information · 249 place
/// of service · 251 total anesthesia minutes · 254 principal diagnosis code (a 255 finding
/// in HI01 under `ABK`/`BK`) · 255 diagnosis code · 306 detailed description of service ·
/// 400 claim is out of balance · 453 procedure code modifier(s) for service(s) rendered · 454 procedure code for services rendered · 476 missing or
/// invalid units of service · 477 diagnosis code pointer is missing or invalid · 562
/// entity's National Provider Identifier (NPI) · 583 line item charge amount. Categories
/// (code source 507): `A6` rejected for missing information, `A7` rejected for invalid
/// information.
pub fn status_of(rule: Rule) -> Option<ClaimStatus> {
    rule.meta().claim_status.filter(|_| !in_999(rule))
}

/// What a claim status means, for `claimlint explain` and the README: e.g. `STC01 A7:454
/// (A7 rejected for invalid information; 454 procedure code for services rendered)`.
pub fn describe(s: &ClaimStatus) -> String {
    let category = match s.category {
        "A3" => "returned as unprocessable claim",
        "A6" => "rejected for missing information",
        "A7" => "rejected for invalid information",
        "A8" => "rejected for relational field in error",
        _ => "",
    };
    let status = match s.status {
        "21" => "missing or invalid information",
        "126" => "entity's address",
        "218" => "NDC number",
        "247" => "line information",
        "249" => "place of service",
        "251" => "total anesthesia minutes",
        "254" => "principal diagnosis code",
        "255" => "diagnosis code",
        "306" => "detailed description of service",
        "400" => "claim is out of balance",
        "453" => "procedure code modifier(s) for service(s) rendered",
        "454" => "procedure code for services rendered",
        "476" => "missing or invalid units of service",
        "477" => "diagnosis code pointer is missing or invalid",
        "562" => "entity's National Provider Identifier (NPI)",
        "583" => "line item charge amount",
        _ => "",
    };
    let entity = match s.entity {
        Some("85") => "; entity 85 billing provider, or the provider whose NM1 holds the NPI",
        Some("1P") => {
            "; entity from the NM1 of the address's loop (subscriber, patient, provider …)"
        }
        Some(_) => "; with the entity code",
        None => "",
    };
    format!(
        "STC01 {} ({} {category}; {} {status}{entity})",
        composite(s),
        s.category,
        s.status
    )
}

/// `A7:454`, or `A7:562:85` when the status code names an entity.
pub(super) fn composite(s: &ClaimStatus) -> String {
    match s.entity {
        Some(e) => format!("{}:{}:{e}", s.category, s.status),
        None => format!("{}:{}", s.category, s.status),
    }
}

/// Whether a diagnosis finding is about the principal diagnosis: HI01 under qualifier
/// `ABK` (ICD-10-CM) or `BK` (ICD-9-CM), status code 254 instead of 255.
pub(super) fn principal_diagnosis(segment: Option<&Segment<'_>>, d: &Diagnostic) -> bool {
    let Some(hi) = segment.filter(|s| s.is(b"HI")) else {
        return false;
    };
    let in_hi01 = d.location.element.as_ref().is_some_and(|e| e.element == 1);
    let qualifier = hi.element(1).and_then(|e| e.component(1)).map(|c| c.value);
    in_hi01 && matches!(qualifier, Some(b"ABK" | b"BK"))
}

/// The entity of an address finding, from the NM101 of the address's loop: the codes of
/// the X214 entity list that 837P NM1 segments use, else `1P` (provider).
pub(super) fn address_entity(nm1: Option<&Segment<'_>>) -> &'static str {
    match nm1.map(|s| s.value(1)) {
        Some(b"IL") => "IL",
        Some(b"QC") => "QC",
        Some(b"DN") => "DN",
        Some(b"DQ") => "DQ",
        Some(b"PW") => "PW",
        Some(b"40") => "40",
        _ => npi_entity(nm1),
    }
}

/// The entity of an NPI finding, from the NM101 of its segment: the codes X214 allows in
/// STC01-3, else `1P` (provider).
pub(super) fn npi_entity(segment: Option<&Segment<'_>>) -> &'static str {
    match segment.filter(|s| s.is(b"NM1")).map(|s| s.value(1)) {
        Some(b"85") => "85",
        Some(b"87") => "87",
        Some(b"82") => "82",
        Some(b"77") => "77",
        Some(b"71") => "71",
        Some(b"72") => "72",
        _ => "1P",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_claim_rule_outside_the_999_has_a_claim_status() {
        // Envelope (X) findings are about the file, never about one claim; nor is H018,
        // about how many claims a transaction set holds.
        for rule in Rule::ALL {
            let code = rule.meta().code;
            let claim_level = !in_999(*rule) && !code.starts_with('X') && code != "H018";
            assert_eq!(status_of(*rule).is_some(), claim_level, "{code}");
        }
    }
}
