//! Generator and guard for the embedded code-set tables in `src/codes/tables/`
//! (`hcpcs.rs`, `modifiers.rs`, `noc.rs`, `icd10cm.rs`, `icd10cm_history.rs`, `pos.rs`).
//!
//! Always (plain `cargo test`): checks that the committed tables agree with their provenance
//! headers (record counts, widths, sorted order, no duplicates, as the lookup module sees
//! them), and fails if any embedded procedure-code table holds a five-digit numeric code or a
//! `D` plus four digits, or the modifier table a two-digit numeric one: CPT (AMA) and CDT (ADA)
//! are licensed and must never ship. No file outside the crate is read.
//!
//! `CLAIMLINT_CODESET_SOURCES=<dir>`: regenerates the tables from a directory laid out like
//! the project's code-set data (`hcpcs/HCPC*_ANWEB*.txt`, `hcpcs/noc_codes_*.tsv`,
//! `icd10cm/code-list-*.txt`, `icd10cm/billable-codes-*.txt`, `icd10cm/LICENSE*.txt`,
//! `icd10cm/history/ICD10CM-FY<year>-<first date>.tsv` and `icd10cm/history/LICENSE*.txt`,
//! `pos/pos.tsv`) and fails if the result differs from the committed files. The output depends
//! only on the source bytes and file names, so the same input always gives the same bytes.
//!
//! `CLAIMLINT_CODESET_WRITE=1` as well: writes the regenerated files instead of failing. Then
//! run the test again without it, so the library is rebuilt against the new tables and the
//! checks above run on them:
//!
//! ```text
//! CLAIMLINT_CODESET_SOURCES=/path/to/data CLAIMLINT_CODESET_WRITE=1 cargo test --test codegen
//! cargo test --test codegen
//! ```
//!
//! `CLAIMLINT_CODESET_POS_RELEASE=<label>` names the release of a `pos.tsv` other than the
//! one the generator knows (the file carries no date).
//!
//! `CLAIMLINT_ISO_CODES=<dir>` (the Debian `iso-codes` package's JSON folder,
//! `/usr/share/iso-codes/json`): checks that the country and currency codes in
//! `src/codes/external.rs` are exactly those of `iso_3166-1.json` (`alpha_2`) and
//! `iso_4217.json` (`alpha_3`), and that the files are the ones named in its provenance
//! (sha256). A newer iso-codes release changes the hashes: update the lists and their
//! provenance together.

#[path = "codegen/generate.rs"]
mod generate;

use claimlint::codes::tables::{self, HcpcsTable};
use std::path::{Path, PathBuf};

fn tables_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/codes/tables")
}

fn committed(file: &str) -> String {
    let path = tables_dir().join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn header_usize(file: &str, name: &str) -> usize {
    let text = committed(file);
    generate::const_value(&text, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{file}: no `pub const {name}: usize`"))
}

fn assert_strictly_sorted<'a>(what: &str, codes: impl Iterator<Item = &'a str>) -> usize {
    let mut count = 0;
    let mut previous: Option<&str> = None;
    for code in codes {
        if let Some(p) = previous {
            assert!(p < code, "{what}: {p} then {code} (unsorted or duplicate)");
        }
        previous = Some(code);
        count += 1;
    }
    count
}

#[test]
fn committed_tables_agree_with_their_headers() {
    let table = HcpcsTable::embedded();

    let n = assert_strictly_sorted("hcpcs.rs", table.procedures().map(|e| e.code));
    assert_eq!(n, header_usize("hcpcs.rs", "COUNT"));
    assert_eq!(n, tables::hcpcs::COUNT);
    assert_eq!(
        tables::hcpcs::RECORDS.len(),
        n * tables::hcpcs::RECORD_WIDTH
    );

    let n = assert_strictly_sorted("modifiers.rs", table.modifiers().map(|e| e.code));
    assert_eq!(n, header_usize("modifiers.rs", "COUNT"));
    assert_eq!(n, tables::modifiers::COUNT);
    assert_eq!(
        tables::modifiers::RECORDS.len(),
        n * tables::modifiers::RECORD_WIDTH
    );

    let n = assert_strictly_sorted("noc.rs", tables::noc_codes());
    assert_eq!(n, header_usize("noc.rs", "COUNT"));
    assert_eq!(tables::noc::RECORDS.len(), n * tables::noc::RECORD_WIDTH);
    for code in tables::noc_codes() {
        assert!(
            tables::hcpcs(code.as_bytes()).is_some(),
            "NOC {code} not in hcpcs.rs"
        );
    }

    let n = assert_strictly_sorted("icd10cm.rs", tables::icd10cm_codes().map(|(c, _)| c));
    assert_eq!(n, header_usize("icd10cm.rs", "COUNT"));
    assert_eq!(
        tables::icd10cm::RECORDS.len(),
        n * tables::icd10cm::RECORD_WIDTH
    );
    let billable = tables::icd10cm_codes().filter(|&(_, b)| b).count();
    assert_eq!(billable, header_usize("icd10cm.rs", "BILLABLE_COUNT"));

    let history = tables::icd10cm_history::RECORDS;
    let width = tables::icd10cm_history::RECORD_WIDTH;
    let n = assert_strictly_sorted(
        "icd10cm_history.rs",
        (0..history.len() / width).map(|i| history[i * width..i * width + 7].trim_end()),
    );
    assert_eq!(n, header_usize("icd10cm_history.rs", "COUNT"));
    assert_eq!(history.len(), n * width);
    // Every record differs from the current table somewhere, or it would not be stored.
    for i in 0..n {
        let record = &history[i * width..(i + 1) * width];
        let code = record[..7].trim_end().as_bytes();
        let now = if tables::icd10cm_billable(code) {
            'B'
        } else if tables::icd10cm_known(code) {
            'N'
        } else {
            '-'
        };
        assert!(record[7..].chars().any(|c| c != now), "{record}");
    }

    let n = assert_strictly_sorted("pos.rs", tables::pos_codes().map(|(c, _)| c));
    assert_eq!(n, header_usize("pos.rs", "COUNT"));

    // Every record is reachable through the lookups, not just by iteration.
    assert!(
        table
            .procedures()
            .all(|e| tables::hcpcs(e.code.as_bytes()) == Some(e))
    );
    assert!(
        table
            .modifiers()
            .all(|e| tables::hcpcs_modifier(e.code.as_bytes()) == Some(e))
    );
    assert!(
        tables::icd10cm_codes().all(|(c, b)| tables::icd10cm_known(c.as_bytes())
            && tables::icd10cm_billable(c.as_bytes()) == b)
    );
    assert!(tables::pos_codes().all(|(c, name)| tables::pos(c.as_bytes()) == Some(name)));
}

#[test]
fn no_cpt_or_cdt_code_is_embedded() {
    let table = HcpcsTable::embedded();
    let check = |code: &str| {
        assert!(
            !generate::is_licensed_shape(code),
            "{code} has the shape of a CPT or CDT code and must not be embedded"
        );
    };
    table.procedures().for_each(|e| check(e.code));
    table.modifiers().for_each(|e| check(e.code));
    tables::noc_codes().for_each(check);
    // The other tables have other shapes, but a CPT code in them would be just as wrong.
    let five_digits = |c: &str| c.len() == 5 && c.bytes().all(|b| b.is_ascii_digit());
    assert!(!tables::icd10cm_codes().any(|(c, _)| five_digits(c)));
    assert!(!tables::pos_codes().any(|(c, _)| five_digits(c)));
}

#[test]
fn committed_tables_match_their_sources() {
    let Some(sources) = std::env::var_os("CLAIMLINT_CODESET_SOURCES") else {
        eprintln!("CLAIMLINT_CODESET_SOURCES is not set: not regenerating the code-set tables");
        return;
    };
    let write = std::env::var_os("CLAIMLINT_CODESET_WRITE").is_some_and(|v| v == "1");
    let files = generate::generate(Path::new(&sources)).unwrap_or_else(|e| panic!("{e}"));
    let mut stale = Vec::new();
    for (name, text) in files {
        let path = tables_dir().join(name);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == text {
            continue;
        }
        if write {
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            eprintln!("wrote {} ({} bytes)", path.display(), text.len());
        } else {
            let line = current
                .lines()
                .zip(text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| current.lines().count().min(text.lines().count()));
            stale.push(format!("{name} (first difference at line {})", line + 1));
        }
    }
    assert!(
        stale.is_empty(),
        "committed tables differ from the sources: {}; rerun with CLAIMLINT_CODESET_WRITE=1",
        stale.join(", ")
    );
}

#[test]
fn run_time_loader_reads_the_source_like_the_generator() {
    let Some(sources) = std::env::var_os("CLAIMLINT_CODESET_SOURCES") else {
        return;
    };
    let (name, bytes) =
        generate::anweb_source(Path::new(&sources)).unwrap_or_else(|e| panic!("{e}"));
    let (release, date) = tables::release_from_file_name(&name).expect("release in file name");
    let loaded = HcpcsTable::parse(&bytes)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .with_release(release, date);
    let embedded = HcpcsTable::embedded();
    assert!(loaded.procedures().eq(embedded.procedures()));
    assert!(loaded.modifiers().eq(embedded.modifiers()));
    assert_eq!(loaded.release(), embedded.release());
    assert_eq!(loaded.release_date(), embedded.release_date());
    assert_eq!(loaded.oldest_termination(), embedded.oldest_termination());
    assert_eq!(
        loaded.modifier_oldest_termination(),
        embedded.modifier_oldest_termination()
    );
}

#[test]
fn external_lists_match_their_iso_codes_source() {
    use claimlint::codes::external::{COUNTRIES, CURRENCIES};
    let Some(dir) = std::env::var_os("CLAIMLINT_ISO_CODES") else {
        eprintln!(
            "CLAIMLINT_ISO_CODES is not set: not checking the ISO lists against their source"
        );
        return;
    };
    let committed = committed("../external.rs");
    for (file, key, field, list) in [
        ("iso_3166-1.json", "3166-1", "alpha_2", COUNTRIES),
        ("iso_4217.json", "4217", "alpha_3", CURRENCIES),
    ] {
        let path = Path::new(&dir).join(file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let hash = generate::sha256_hex(&bytes);
        assert!(
            committed.contains(&hash),
            "{file} (sha256 {hash}) is not the file src/codes/external.rs names"
        );
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mut codes: Vec<&str> = json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry[field].as_str().unwrap())
            .collect();
        codes.sort_unstable();
        assert_eq!(codes, list, "{file}");
    }
}
