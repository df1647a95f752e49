//! `claimlint lookup CODE`: everything claimlint knows about one code, from the same tables
//! the rules use (the embedded ones, or the user's from `--hcpcs`, `--cpt` or
//! `claimlint.toml` in the current directory).
//!
//! A code can be read several ways (`11` is a place of service and has the shape of a CPT
//! modifier; `E119` is a diagnosis code that is not a procedure code), so every reading
//! that applies is shown. The exit code is 0 when some reading finds the code valid on the
//! date: a HCPCS code or modifier active on it, a billable ICD-10-CM code, a place of
//! service, or a CPT-shaped code (on the CPT list, and active, when one is loaded); 1
//! otherwise.

use super::args::LookupArgs;
use super::config::{Overrides, Resolver};
use super::{ExitStatus, write_stdout};
use claimlint::codes::ncci;
use claimlint::codes::procedure::{self, ProcedureClass};
use claimlint::codes::tables::{self, HcpcsEntry, ICD10CM_RELEASE};
use claimlint::settings::{CodeSets, pos_release};
use claimlint::x12::values::{Date, date8};

pub fn run(args: &LookupArgs) -> ExitStatus {
    let date = match &args.date {
        Some(text) => match parse_date(text) {
            Some(date) => date,
            None => {
                eprintln!("claimlint: --date {text:?} is not a date (YYYYMMDD or YYYY-MM-DD)");
                return ExitStatus::Error;
            }
        },
        None => today(),
    };
    let overrides = Overrides {
        code_sets: args.code_sets.clone(),
        discovery: args.code_sets.discovery(),
        ..Overrides::default()
    };
    let resolved = match Resolver::new(overrides).and_then(|mut r| r.for_dir(None)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("claimlint: {e}");
            return ExitStatus::Error;
        }
    };
    let (text, found) = describe(&args.code, date, resolved.settings.code_sets());
    write_stdout(&text).status(if found {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// `20261015` or `2026-10-15`.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim().as_bytes();
    let iso = t.len() == 10 && t[4] == b'-' && t[7] == b'-';
    if iso {
        let digits: Vec<u8> = t.iter().copied().filter(|&b| b != b'-').collect();
        date8(&digits)
    } else {
        date8(t)
    }
}

fn today() -> Date {
    let (date, _) = super::ack::utc_now();
    date8(date.as_bytes()).unwrap_or(Date(0))
}

/// The report for one code, and whether some reading found it valid on `date`.
pub fn describe(input: &str, date: Date, sets: &CodeSets) -> (String, bool) {
    let code = input.trim().to_ascii_uppercase();
    let bytes = code.as_bytes();
    let mut out = Report::default();
    out.head(&code, input);

    let class = procedure::classify(bytes);
    match class {
        // The hint is about SV101-2; a two-character code is read as something else below.
        ProcedureClass::Unknown(lookalike) if bytes.len() != 2 => out.row(
            "procedure code",
            format!("{}: {}", class.label(), lookalike.hint()),
        ),
        _ => out.row("procedure code", class.label()),
    }
    if class.is_hcpcs_level2() {
        hcpcs_code(&mut out, bytes, date, sets);
    } else if class.is_cpt() {
        cpt(&mut out, "CPT", bytes, date, sets);
    }
    if bytes.len() == 2 {
        modifier(&mut out, bytes, date, sets);
        place_of_service(&mut out, bytes);
    }
    diagnosis(&mut out, &code, class, date);
    ncci(&mut out, bytes, date, sets);
    (out.text, out.found)
}

#[derive(Default)]
struct Report {
    text: String,
    found: bool,
}

impl Report {
    fn head(&mut self, code: &str, input: &str) {
        if code == input {
            self.text.push_str(&format!("{code}\n"));
        } else {
            self.text.push_str(&format!("{code} (from `{input}`)\n"));
        }
    }

    fn row(&mut self, key: &str, value: impl AsRef<str>) {
        self.text
            .push_str(&format!("  {key:<17} {}\n", value.as_ref()));
    }
}

fn active(out: &mut Report, entry: &HcpcsEntry<'_>, date: Date) {
    out.row("added", Date(entry.add_date).to_string());
    out.row(
        "terminated",
        entry
            .term_date
            .map_or("no".to_string(), |t| Date(t).to_string()),
    );
    let yes = entry.active_on(date.0);
    out.row(
        "active",
        format!("on {date}: {}", if yes { "yes" } else { "no" }),
    );
    out.found |= yes;
}

/// The CMS file's payment attributes, and what the rules read from them.
fn attributes(out: &mut Report, entry: &HcpcsEntry<'_>) {
    use tables::Coverage;
    let a = entry.attributes;
    let coverage = match a.coverage() {
        Some(Coverage::CarrierJudgment) => "C, carrier judgment",
        Some(Coverage::SpecialInstructions) => "D, special coverage instructions apply",
        Some(Coverage::NotPayable) => "I, not payable by Medicare",
        Some(Coverage::NotCovered) => "M, non-covered by Medicare",
        Some(Coverage::StatutoryExclusion) => "S, non-covered by Medicare statute",
        None => "none",
    };
    out.row("Medicare coverage", coverage);
    let pricing: Vec<&str> = a.pricing_indicators().collect();
    out.row("pricing", pricing.join(" "));
    out.row("BETOS", a.betos());
    out.row("type of service", a.types_of_service());
    out.row(
        "ASC",
        if a.asc_approved() {
            "approved (YY)"
        } else {
            "not approved"
        },
    );
    let kind = if entry.is_drug() {
        "a drug, biological or vaccine product"
    } else if entry.is_drug_administration() {
        "giving a drug or vaccine"
    } else if a.is_transport() {
        "a transport service"
    } else {
        ""
    };
    if !kind.is_empty() {
        out.row("the rules read", kind);
    }
}

fn hcpcs_code(out: &mut Report, code: &[u8], date: Date, sets: &CodeSets) {
    let release = sets.hcpcs_label();
    match sets.hcpcs().procedure(code) {
        Some(entry) => {
            out.row(release, entry.short_description);
            active(out, &entry, date);
            attributes(out, &entry);
            if tables::is_noc(code) {
                out.row(
                    "note",
                    "not otherwise classified: a claim line needs a description in SV101-7",
                );
            }
        }
        None => {
            let through = sets.hcpcs_covered_through();
            if date.0 > through {
                out.row(
                    release,
                    format!(
                        "not listed; the file covers dates of service through {}, and CMS may have added the code since",
                        Date(through)
                    ),
                );
            } else {
                out.row(release, "not listed");
            }
        }
    }
}

fn cpt(out: &mut Report, what: &str, code: &[u8], date: Date, sets: &CodeSets) {
    let (Some(list), Some(source)) = (sets.cpt(), sets.cpt_source()) else {
        if what == "CPT" {
            out.row(
                what,
                "licensed by the AMA: claimlint knows the shape and section only (load your list with --cpt FILE)",
            );
            // The shape is all that can be checked, and it is right.
            out.found = true;
        } else {
            out.row(
                what,
                "licensed by the AMA: claimlint has no list of them (load yours with --cpt FILE)",
            );
        }
        return;
    };
    let key = format!("{what} list");
    match list.get(code) {
        None => out.row(&key, format!("not in {source}")),
        Some(entry) => {
            let mut dates = Vec::new();
            if let Some(add) = entry.add_date {
                dates.push(format!("added {}", Date(add)));
            }
            if let Some(term) = entry.term_date {
                dates.push(format!("terminated {}", Date(term)));
            }
            let dates = if dates.is_empty() {
                String::new()
            } else {
                format!(" ({})", dates.join(", "))
            };
            out.row(&key, format!("in {source}{dates}"));
            let yes = entry.active_on(date.0);
            out.row(
                "active",
                format!("on {date}: {}", if yes { "yes" } else { "no" }),
            );
            out.found |= yes;
        }
    }
}

fn modifier(out: &mut Report, code: &[u8], date: Date, sets: &CodeSets) {
    if code.iter().all(u8::is_ascii_digit) {
        out.row("modifier", "two digits: the shape of a CPT modifier");
        cpt(out, "CPT modifier", code, date, sets);
        return;
    }
    if !code[0].is_ascii_uppercase() || !code[1].is_ascii_alphanumeric() {
        return;
    }
    let release = sets.hcpcs_label();
    match sets.hcpcs().modifier(code) {
        Some(entry) => {
            out.row("modifier", format!("HCPCS Level II modifier ({release})"));
            out.row("description", entry.short_description);
            active(out, &entry, date);
        }
        None => out.row(
            "modifier",
            format!("not a HCPCS Level II modifier in {release}"),
        ),
    }
}

/// The loaded NCCI edits naming the code, in force on `date`.
fn ncci(out: &mut Report, code: &[u8], date: Date, sets: &CodeSets) {
    let (Some(pack), Some(source)) = (sets.ncci(), sets.ncci_source()) else {
        return;
    };
    let Some(key) = ncci::code_key(code) else {
        return;
    };
    out.row(&pack.label(), format!("from {source}: {}", pack.contents()));
    let some = |list: Vec<String>| {
        const MAX: usize = 12;
        let more = list.len().saturating_sub(MAX);
        let mut text = list.into_iter().take(MAX).collect::<Vec<_>>().join(", ");
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    };
    if let Some(ptp) = &pack.ptp {
        let edits: Vec<_> = ptp
            .of_code(key)
            .into_iter()
            .filter(|e| e.in_force(date.0))
            .collect();
        let side = |column1: bool| {
            let list: Vec<String> = edits
                .iter()
                .filter(|e| (e.column1 == key) == column1)
                .map(|e| {
                    let other = if column1 { e.column2 } else { e.column1 };
                    format!("{} ({})", ncci::key_code(other), e.indicator.digit())
                })
                .collect();
            list
        };
        let (ones, twos) = (side(true), side(false));
        if ones.is_empty() && twos.is_empty() {
            out.row("PTP edits", format!("none in force on {date}"));
        } else {
            if !ones.is_empty() {
                out.row(
                    "PTP as column 1",
                    format!(
                        "{}: their lines are denied beside this code on one date (modifier indicator in parentheses)",
                        some(ones)
                    ),
                );
            }
            if !twos.is_empty() {
                out.row(
                    "PTP as column 2",
                    format!(
                        "{}: this code's line is denied beside these on one date (modifier indicator in parentheses)",
                        some(twos)
                    ),
                );
            }
        }
    }
    if let Some(mue) = &pack.mue {
        match mue.get(key) {
            Some(edit) => {
                let per = if edit.mai == 1 {
                    "per line"
                } else {
                    "per date of service"
                };
                let rationale = match mue.rationale(edit) {
                    "" => String::new(),
                    r => format!("; {r}"),
                };
                out.row(
                    "MUE",
                    format!(
                        "{} {per} (MAI {}, {}{rationale})",
                        ncci::count(edit.value as usize, "unit", "units"),
                        edit.mai,
                        ncci::mue::mai_text(edit.mai)
                    ),
                );
            }
            None => out.row("MUE", "none"),
        }
    }
    if let Some(aoc) = &pack.aoc {
        let rows: Vec<_> = aoc.of(key).iter().filter(|r| r.in_force(date.0)).collect();
        if !rows.is_empty() {
            let primaries: Vec<String> = rows
                .iter()
                .filter_map(|r| r.primary.map(ncci::key_code))
                .collect();
            let kinds: Vec<String> = {
                let mut k: Vec<u8> = rows.iter().map(|r| r.kind).collect();
                k.dedup();
                k.iter().map(u8::to_string).collect()
            };
            let needs = if primaries.is_empty() {
                "no specific primary".to_string()
            } else {
                some(primaries)
            };
            out.row(
                "add-on code",
                format!("type {}: primary {needs}", kinds.join("/")),
            );
        }
        let of: Vec<String> = aoc
            .as_primary(key)
            .filter(|r| r.in_force(date.0))
            .map(|r| ncci::key_code(r.add_on))
            .collect();
        if !of.is_empty() {
            out.row("primary of", format!("add-on {}", some(of)));
        }
    }
}

fn place_of_service(out: &mut Report, code: &[u8]) {
    if !code.iter().all(u8::is_ascii_digit) {
        return;
    }
    match tables::pos(code) {
        Some(name) => {
            out.row("place of service", format!("{name} ({})", pos_release()));
            out.found = true;
        }
        None => out.row(
            "place of service",
            format!("not a CMS place-of-service code ({})", pos_release()),
        ),
    }
}

/// An ICD-10-CM reading: shown when the code is in the table, has a decimal point, or the
/// classifier says it looks like a diagnosis code.
fn diagnosis(out: &mut Report, code: &str, class: ProcedureClass, date: Date) {
    let plain: String = code.chars().filter(|&c| c != '.').collect();
    let dotted = code.contains('.');
    let known = tables::icd10cm_known(plain.as_bytes());
    let looks_like = matches!(class, ProcedureClass::Unknown(procedure::Lookalike::Icd10));
    if !known && !dotted && !looks_like {
        return;
    }
    let billable = tables::icd10cm_billable(plain.as_bytes());
    let verdict = match (known, billable) {
        (true, true) => "billable diagnosis code",
        (true, false) => {
            "known, not billable: a category or header; claims need a more specific code"
        }
        (false, _) => "not an ICD-10-CM code",
    };
    out.row("ICD-10-CM", format!("{verdict} ({ICD10CM_RELEASE})"));
    // The release in force on the date, when it is an earlier one and says otherwise.
    let mut billable = billable;
    if let Some(release) = tables::icd10cm_release_on(date.0).filter(|r| r.label != ICD10CM_RELEASE)
    {
        let status = tables::icd10cm_status(plain.as_bytes(), &release);
        billable = status == tables::IcdStatus::Billable;
        let then = match status {
            tables::IcdStatus::Billable => "billable",
            tables::IcdStatus::NotBillable => "known, not billable",
            tables::IcdStatus::Absent => "not in that release",
        };
        out.row(
            "on the date",
            format!("{then} ({} in force on {date})", release.label),
        );
    }
    if known && dotted {
        out.row(
            "in a claim",
            format!("`{plain}`: HI carries diagnosis codes without the decimal point"),
        );
    }
    out.found |= billable;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(code: &str) -> (String, bool) {
        describe(code, Date(20260115), &CodeSets::embedded())
    }

    #[test]
    fn hcpcs_codes() {
        let (text, found) = look("J1885");
        assert!(found, "{text}");
        assert!(text.contains("HCPCS Level II (J: "), "{text}");
        assert!(text.contains("HCPCS 2026-01"), "{text}");
        assert!(text.contains("added             1993-01-01"), "{text}");
        assert!(
            text.contains("active            on 2026-01-15: yes"),
            "{text}"
        );
        let (text, found) = describe("S0189", Date(20260115), &CodeSets::embedded());
        assert!(
            !found && text.contains("terminated        2025-12-31"),
            "{text}"
        );
        let (text, found) = look("E0115");
        assert!(!found && text.contains("not listed"), "{text}");
        let (text, found) = look("j1885");
        assert!(
            found && text.starts_with("J1885 (from `j1885`)\n"),
            "{text}"
        );
    }

    #[test]
    fn hcpcs_attributes_and_earlier_icd_releases() {
        let (text, _) = look("Q3027");
        assert!(text.contains("BETOS             O1E"), "{text}");
        assert!(text.contains("the rules read    a drug"), "{text}");
        let (text, _) = look("A0100");
        assert!(text.contains("I, not payable by Medicare"), "{text}");
        // Deleted on 2025-10-01: billable on an earlier date of service only.
        let embedded = CodeSets::embedded();
        let (text, found) = describe("S301XXA", Date(20250915), &embedded);
        assert!(
            found && text.contains("billable (ICD-10-CM FY2025"),
            "{text}"
        );
        let (text, found) = describe("S301XXA", Date(20251015), &embedded);
        assert!(!found, "{text}");
    }

    #[test]
    fn cpt_without_and_with_a_list() {
        let (text, found) = look("99213");
        assert!(found, "{text}");
        assert!(text.contains("evaluation and management"), "{text}");
        assert!(text.contains("--cpt FILE"), "{text}");
        let list = tables::CptTable::parse(b"99213\n99201\t\t20201231\n").unwrap();
        let sets = CodeSets::embedded().with_cpt(list, "cpt.txt");
        let (text, found) = describe("99213", Date(20260115), &sets);
        assert!(found && text.contains("in cpt.txt"), "{text}");
        let (text, found) = describe("99201", Date(20260115), &sets);
        assert!(!found && text.contains("terminated 2020-12-31"), "{text}");
        let (text, found) = describe("99214", Date(20260115), &sets);
        assert!(!found && text.contains("not in cpt.txt"), "{text}");
    }

    #[test]
    fn diagnoses_modifiers_and_places() {
        let (text, found) = look("E119");
        assert!(found && text.contains("billable diagnosis code"), "{text}");
        let (text, found) = look("E11.9");
        assert!(found && text.contains("`E119`"), "{text}");
        let (text, found) = look("E11");
        assert!(!found && text.contains("not billable"), "{text}");
        let (text, found) = look("11");
        assert!(found && text.contains("Office"), "{text}");
        let (text, found) = look("JW");
        assert!(found && text.contains("HCPCS Level II modifier"), "{text}");
        let (text, found) = look("QQ");
        assert!(!found && text.contains("terminated"), "{text}");
        let (text, found) = look("ZZZZ");
        assert!(!found, "{text}");
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn both_date_forms_give_the_same_day() {
        assert_eq!(parse_date("2026-10-15"), parse_date("20261015"));
        assert!(parse_date("2026-10-15").is_some());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026/10/15").is_none());
        assert!(parse_date("15-10-2026").is_none());
    }
}
