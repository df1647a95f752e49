//! Derives the integer keys and direct indexes of the embedded code tables
//! (`src/codes/tables/index.rs`) from the committed text tables, which stay the reviewed
//! source with their provenance. Writes `$OUT_DIR/code_tables.rs`.
//!
//! A table whose codes do not fit its index (a code of another shape, unsorted records, a
//! flag byte other than `B` or `N`) fails the build with the table's name: the lookups could
//! not be exact.

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "../src/codes/tables/index.rs"]
mod index;

use index::SlotIndex;

const TABLES: &str = "src/codes/tables";

/// One committed table: its file name, text and the records it holds.
struct Table {
    file: &'static str,
    text: String,
}

impl Table {
    fn read(file: &'static str) -> Table {
        let path = Path::new(TABLES).join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Table { file, text }
    }

    /// The value of `pub const NAME: usize = N;`.
    fn usize_const(&self, name: &str) -> usize {
        let prefix = format!("pub const {name}: usize = ");
        self.text
            .lines()
            .find_map(|l| l.strip_prefix(prefix.as_str())?.strip_suffix(';'))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{}: no `pub const {name}: usize`", self.file))
    }

    /// The `RECORDS` string literal, unescaped as the compiler reads it: the generator writes
    /// `\"`, `\\`, `\u{..}` and `\`-newline continuations (lines never start with
    /// whitespace, which a continuation would swallow).
    fn records(&self) -> String {
        let start = "pub const RECORDS: &str = \"";
        let (_, literal) = self
            .text
            .split_once(start)
            .unwrap_or_else(|| panic!("{}: no RECORDS string", self.file));
        let mut out = String::with_capacity(literal.len());
        let mut chars = literal.chars();
        loop {
            match chars.next() {
                Some('"') => return out,
                Some('\\') => match chars.next() {
                    Some('\n') => {}
                    Some(c @ ('"' | '\\')) => out.push(c),
                    Some('u') => {
                        let hex: String =
                            chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        out.push(c.unwrap_or_else(|| panic!("{}: bad \\u escape", self.file)));
                    }
                    other => panic!("{}: unexpected escape {other:?} in RECORDS", self.file),
                },
                Some(c) => out.push(c),
                None => panic!("{}: RECORDS string not closed", self.file),
            }
        }
    }

    /// The code of every record, without its padding.
    fn codes(&self) -> Vec<String> {
        let width = self.usize_const("RECORD_WIDTH");
        let code_width = self.usize_const("CODE_WIDTH");
        let records = self.records();
        assert_eq!(
            records.len(),
            width * self.usize_const("COUNT"),
            "{}: RECORDS is not COUNT records of RECORD_WIDTH bytes",
            self.file
        );
        records
            .as_bytes()
            .chunks(width)
            .map(|r| {
                String::from_utf8_lossy(&r[..code_width])
                    .trim_end_matches(' ')
                    .to_string()
            })
            .collect()
    }

    /// The byte after the code of every record.
    fn flags(&self) -> Vec<u8> {
        let width = self.usize_const("RECORD_WIDTH");
        let code_width = self.usize_const("CODE_WIDTH");
        self.records()
            .as_bytes()
            .chunks(width)
            .map(|r| r[code_width])
            .collect()
    }

    /// Sorted integer keys, the flag of each record added by `flag`.
    fn keys(&self, flag: impl Fn(usize) -> u64) -> Vec<u64> {
        let keys: Vec<u64> = self
            .codes()
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let key = index::code_key(code.as_bytes()).unwrap_or_else(|| {
                    panic!("{}: {code:?} is not 1 to 7 capitals and digits", self.file)
                });
                key | flag(i)
            })
            .collect();
        assert!(
            index::keys_are_sorted(&keys),
            "{}: codes not strictly increasing",
            self.file
        );
        keys
    }

    fn slot_index(&self, slot: fn(&[u8]) -> Option<usize>, slot_count: usize) -> SlotIndex {
        let codes = self.codes();
        let index = SlotIndex::build(codes.iter().map(|c| slot(c.as_bytes())), slot_count)
            .unwrap_or_else(|| {
                panic!(
                    "{}: a code of another shape, or codes not strictly increasing",
                    self.file
                )
            });
        assert_eq!(index.len(), codes.len(), "{}", self.file);
        index
    }
}

fn write_keys(out: &mut String, name: &str, what: &str, keys: &[u64]) {
    writeln!(out, "/// {what}").unwrap();
    writeln!(out, "pub static {name}: [u64; {}] = [", keys.len()).unwrap();
    for chunk in keys.chunks(8) {
        let line: Vec<String> = chunk.iter().map(|k| format!("{k:#018x}")).collect();
        writeln!(out, "    {},", line.join(", ")).unwrap();
    }
    out.push_str("];\n\n");
}

fn write_slot_index(out: &mut String, name: &str, what: &str, index: &SlotIndex) {
    writeln!(out, "/// {what}: one bit per slot.").unwrap();
    writeln!(
        out,
        "pub static {name}_BITS: [u64; {}] = [",
        index.bits().len()
    )
    .unwrap();
    for chunk in index.bits().chunks(8) {
        let line: Vec<String> = chunk.iter().map(|k| format!("{k:#x}")).collect();
        writeln!(out, "    {},", line.join(", ")).unwrap();
    }
    out.push_str("];\n");
    writeln!(out, "/// {what}: codes before each word of bits.").unwrap();
    writeln!(
        out,
        "pub static {name}_RANKS: [u32; {}] = [",
        index.ranks().len()
    )
    .unwrap();
    for chunk in index.ranks().chunks(16) {
        let line: Vec<String> = chunk.iter().map(u32::to_string).collect();
        writeln!(out, "    {},", line.join(", ")).unwrap();
    }
    out.push_str("];\n\n");
}

pub fn generate() {
    let mut out = String::from(
        "// Generated by build.rs (build/code_tables.rs) from src/codes/tables/. Do not edit.\n\n",
    );

    let icd = Table::read("icd10cm.rs");
    let flags = icd.flags();
    for (code, flag) in icd.codes().iter().zip(&flags) {
        assert!(
            matches!(flag, b'B' | b'N'),
            "icd10cm.rs: {code}: flag byte {flag:?}"
        );
    }
    let history = Table::read("icd10cm_history.rs");
    let history_keys = history.keys(|_| 0);
    let codes = icd.codes();
    let keys = icd.keys(|i| {
        let billable = if flags[i] == b'B' { index::BILLABLE } else { 0 };
        let changed =
            index::find_key(&history_keys, codes[i].as_bytes()).map_or(0, |_| index::CHANGED);
        billable | changed
    });
    write_keys(
        &mut out,
        "ICD10CM_KEYS",
        "ICD-10-CM codes of `icd10cm.rs`, in its order, billable ones flagged `BILLABLE` and \
         those of `icd10cm_history.rs` `CHANGED`.",
        &keys,
    );
    let starts = index::bucket_starts(&keys).expect("every ICD-10-CM code has 3 characters");
    writeln!(
        out,
        "/// `ICD10CM_KEYS` by their first three characters: see `index::bucket_starts`.\n\
         pub static ICD10CM_BUCKETS: [u32; {}] = [",
        starts.len()
    )
    .unwrap();
    for chunk in starts.chunks(16) {
        let line: Vec<String> = chunk.iter().map(u32::to_string).collect();
        writeln!(out, "    {},", line.join(", ")).unwrap();
    }
    out.push_str("];\n\n");
    write_keys(
        &mut out,
        "ICD10CM_HISTORY_KEYS",
        "Codes of `icd10cm_history.rs`, in its order.",
        &history_keys,
    );

    let noc = Table::read("noc.rs");
    write_slot_index(
        &mut out,
        "NOC",
        "Codes of `noc.rs`",
        &noc.slot_index(index::procedure_slot, index::PROCEDURE_SLOTS),
    );

    let hcpcs = Table::read("hcpcs.rs");
    write_slot_index(
        &mut out,
        "HCPCS",
        "Procedure codes of `hcpcs.rs`",
        &hcpcs.slot_index(index::procedure_slot, index::PROCEDURE_SLOTS),
    );
    let modifiers = Table::read("modifiers.rs");
    write_slot_index(
        &mut out,
        "MODIFIERS",
        "Modifiers of `modifiers.rs`",
        &modifiers.slot_index(index::modifier_slot, index::MODIFIER_SLOTS),
    );
    let pos = Table::read("pos.rs");
    write_slot_index(
        &mut out,
        "POS",
        "Place-of-service codes of `pos.rs`",
        &pos.slot_index(index::pos_slot, index::POS_SLOTS),
    );

    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("code_tables.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
