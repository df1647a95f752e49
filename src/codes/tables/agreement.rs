//! The integer-keyed lookups against the text search they replaced: the same answer for every
//! code of every embedded table and for near misses of each, and for arbitrary bytes a hit
//! exactly when the bytes are a code of the table.
//!
//! One difference is intended: the text search padded the probe with spaces, so an ICD-10-CM
//! code followed by spaces (`E11 `) was found as `E11`. Lookups take the code exactly as
//! given (see the module's documentation), so the integer lookup finds nothing; the tests
//! below check that this is the only difference. No user sees it: the rules look up only
//! codes of ICD-10-CM shape, and `claimlint lookup` trims its argument.

use super::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The text search every lookup used before the integer keys, as it was.
fn old_find(data: &str, width: usize, key_width: usize, key: &[u8]) -> Option<usize> {
    const MAX_KEY: usize = 16;
    if key.is_empty() || key.len() > key_width || key_width > MAX_KEY || width == 0 {
        return None;
    }
    let mut padded = [b' '; MAX_KEY];
    padded[..key.len()].copy_from_slice(key);
    let probe = &padded[..key_width];
    let bytes = data.as_bytes();
    let (mut lo, mut hi) = (0, format::record_count(data, width));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = mid * width;
        match bytes[start..start + key_width].cmp(probe) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// Everything an ICD-10-CM lookup answers about a code.
#[derive(Debug, PartialEq, Eq)]
struct IcdAnswer {
    known: bool,
    billable: bool,
    changed: bool,
    statuses: Vec<IcdStatus>,
}

fn icd_answer(code: &[u8]) -> IcdAnswer {
    IcdAnswer {
        known: icd10cm_known(code),
        billable: icd10cm_billable(code),
        changed: icd10cm_changed(code),
        statuses: icd10cm_releases()
            .map(|r| icd10cm_status(code, &r))
            .collect(),
    }
}

/// The same, by the text search, as the lookups were written before.
fn old_icd_answer(code: &[u8]) -> IcdAnswer {
    let record = old_find(
        icd10cm::RECORDS,
        icd10cm::RECORD_WIDTH,
        icd10cm::CODE_WIDTH,
        code,
    )
    .and_then(|i| format::record(icd10cm::RECORDS, icd10cm::RECORD_WIDTH, i));
    let billable = record.is_some_and(|r| r.as_bytes()[icd10cm::CODE_WIDTH] == icd10cm::BILLABLE);
    let history = old_find(
        icd10cm_history::RECORDS,
        icd10cm_history::RECORD_WIDTH,
        icd10cm_history::CODE_WIDTH,
        code,
    )
    .and_then(|i| format::record(icd10cm_history::RECORDS, icd10cm_history::RECORD_WIDTH, i));
    let current = if billable {
        IcdStatus::Billable
    } else if record.is_some() {
        IcdStatus::NotBillable
    } else {
        IcdStatus::Absent
    };
    let statuses = icd10cm_releases()
        .map(|r| match (r.history, history) {
            (Some(i), Some(h)) => match h.as_bytes()[icd10cm_history::CODE_WIDTH + i] {
                b'B' => IcdStatus::Billable,
                b'N' => IcdStatus::NotBillable,
                _ => IcdStatus::Absent,
            },
            _ => current,
        })
        .collect();
    IcdAnswer {
        known: record.is_some(),
        billable,
        changed: history.is_some(),
        statuses,
    }
}

fn old_hcpcs(
    data: &'static str,
    code_width: usize,
    desc_width: usize,
    code: &[u8],
) -> Option<HcpcsEntry<'static>> {
    if code.len() != code_width {
        return None;
    }
    let width = format::hcpcs_record_width(code_width, desc_width);
    let record = format::record(data, width, old_find(data, width, code_width, code)?)?;
    // The record's fields as they were read before.
    let add_end = code_width + format::DATE_WIDTH;
    let term_end = add_end + format::DATE_WIDTH;
    let attributes_end = term_end + format::ATTRIBUTES_WIDTH;
    Some(HcpcsEntry {
        code: record.get(..code_width)?.trim_end_matches(' '),
        short_description: record.get(attributes_end..)?.trim_end_matches(' '),
        add_date: old_stored_date(record.get(code_width..add_end)?)?,
        term_date: old_stored_date(record.get(add_end..term_end)?),
        attributes: Attributes::new(record.get(term_end..attributes_end)?),
    })
}

fn old_stored_date(field: &str) -> Option<u32> {
    if field.len() != format::DATE_WIDTH || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

fn old_procedure(code: &[u8]) -> Option<HcpcsEntry<'static>> {
    old_hcpcs(hcpcs::RECORDS, hcpcs::CODE_WIDTH, hcpcs::DESC_WIDTH, code)
}

fn old_modifier(code: &[u8]) -> Option<HcpcsEntry<'static>> {
    old_hcpcs(
        modifiers::RECORDS,
        modifiers::CODE_WIDTH,
        modifiers::DESC_WIDTH,
        code,
    )
}

fn old_is_noc(code: &[u8]) -> bool {
    old_find(noc::RECORDS, noc::RECORD_WIDTH, noc::CODE_WIDTH, code).is_some()
}

/// The date fields every HCPCS lookup reads, against the parse they replaced: every byte in
/// every position, and the extremes.
#[test]
fn stored_dates_read_as_before() {
    for base in ["20260101", "00000000", "99999999", "19700101", "        "] {
        for at in 0..8 {
            for byte in 0..=255u8 {
                let mut field = base.as_bytes().to_vec();
                field[at] = byte;
                match std::str::from_utf8(&field) {
                    Ok(text) => assert_eq!(format::stored_date(&field), old_stored_date(text)),
                    Err(_) => assert_eq!(format::stored_date(&field), None),
                }
            }
        }
        assert_eq!(format::stored_date(base.as_bytes()), old_stored_date(base));
    }
    for text in ["", "2026010", "202601011", "+2026010", "2026-01-01"] {
        assert_eq!(format::stored_date(text.as_bytes()), old_stored_date(text));
    }
    assert_eq!(format::stored_date(b"20251231"), Some(20251231));
    assert_eq!(format::stored_date(b"99999999"), Some(99999999));
}

fn old_pos(code: &[u8]) -> Option<&'static str> {
    let i = old_find(pos::RECORDS, pos::RECORD_WIDTH, pos::CODE_WIDTH, code)?;
    let record = format::record(pos::RECORDS, pos::RECORD_WIDTH, i)?;
    Some(record.get(pos::CODE_WIDTH..)?.trim_end_matches(' '))
}

/// The codes of a text table, read from its records.
fn codes_of(data: &'static str, width: usize, code_width: usize) -> Vec<&'static str> {
    (0..format::record_count(data, width))
        .map(|i| format::key_of(format::record(data, width, i).unwrap(), code_width))
        .collect()
}

fn icd_codes() -> Vec<&'static str> {
    codes_of(icd10cm::RECORDS, icd10cm::RECORD_WIDTH, icd10cm::CODE_WIDTH)
}

fn history_codes() -> Vec<&'static str> {
    codes_of(
        icd10cm_history::RECORDS,
        icd10cm_history::RECORD_WIDTH,
        icd10cm_history::CODE_WIDTH,
    )
}

fn procedure_codes() -> Vec<&'static str> {
    codes_of(hcpcs::RECORDS, hcpcs::RECORD_WIDTH, hcpcs::CODE_WIDTH)
}

fn modifier_codes() -> Vec<&'static str> {
    codes_of(
        modifiers::RECORDS,
        modifiers::RECORD_WIDTH,
        modifiers::CODE_WIDTH,
    )
}

fn noc_list() -> Vec<&'static str> {
    codes_of(noc::RECORDS, noc::RECORD_WIDTH, noc::CODE_WIDTH)
}

fn pos_list() -> Vec<&'static str> {
    codes_of(pos::RECORDS, pos::RECORD_WIDTH, pos::CODE_WIDTH)
}

/// A code and the near misses a claim could carry instead: other case, a decimal point,
/// spaces around it, a character too few or too many, a control or non-ASCII byte.
fn near_misses(code: &str) -> Vec<Vec<u8>> {
    let b = code.as_bytes();
    let with = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut v = b.to_vec();
        f(&mut v);
        v
    };
    let mut out = vec![
        b.to_vec(),
        code.to_ascii_lowercase().into_bytes(),
        with(&|v| v.insert(v.len().min(3), b'.')),
        with(&|v| v.push(b'.')),
        with(&|v| v.push(b' ')),
        with(&|v| v.extend_from_slice(b"   ")),
        with(&|v| v.insert(0, b' ')),
        with(&|v| v.push(b'0')),
        with(&|v| v.push(b'X')),
        with(&|v| v.push(0)),
        with(&|v| v.push(b'\t')),
        with(&|v| v.extend_from_slice("é".as_bytes())),
        with(&|v| v.push(0xFF)),
        with(&|v| v.insert(0, 0xEF)),
        with(&|v| {
            v.pop();
        }),
        with(&|v| {
            if let Some(last) = v.last_mut() {
                *last = last.wrapping_add(1);
            }
        }),
        with(&|v| {
            if let Some(last) = v.last_mut() {
                *last |= 0x80;
            }
        }),
        with(&|v| {
            if let Some(first) = v.first_mut() {
                *first = first.to_ascii_lowercase();
            }
        }),
    ];
    if b.len() > 1 {
        out.push(with(&|v| v.insert(1, b' ')));
        out.push(with(&|v| v[1] = 0));
    }
    out
}

/// Inputs no table holds, of every length a lookup treats differently.
fn odd_inputs() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = [
        &b""[..],
        b" ",
        b"\0",
        b"       ",
        b"\0\0\0\0\0\0\0",
        b"A",
        b"Z",
        b"0",
        b"99",
        b"00",
        b"A0000",
        b"Z9999",
        b"ZZZZZZZ",
        b"ZZZZZZZZ",
        b"A00AAAAA",
        b"99213",
        b"\xFF\xFF\xFF\xFF\xFF",
        b"\xC3\xA9",
        b"E11.9",
        b"e119",
        b"E1199999",
        b"A00-A09",
    ]
    .iter()
    .map(|s| s.to_vec())
    .collect();
    for byte in 0..=255u8 {
        out.push(vec![byte]);
        out.push(vec![byte, byte]);
        out.push(vec![b'A', byte, b'0', b'0', b'0']);
        out.push(vec![b'E', b'1', b'1', byte]);
    }
    out
}

/// Compares one ICD-10-CM probe, allowing only the intended difference.
fn assert_icd_agrees(probe: &[u8]) {
    let new = icd_answer(probe);
    let old = old_icd_answer(probe);
    if probe.last() == Some(&b' ') {
        let absent = IcdAnswer {
            known: false,
            billable: false,
            changed: false,
            statuses: vec![IcdStatus::Absent; new.statuses.len()],
        };
        assert_eq!(new, absent, "{probe:?}");
        // The text search found the code before the spaces, if they fitted its padding.
        assert!(
            old == absent || old == old_icd_answer(probe.trim_ascii_end()),
            "{probe:?}"
        );
    } else {
        assert_eq!(new, old, "{probe:?}");
    }
}

#[test]
fn icd10cm_lookups_agree_with_the_text_search() {
    let mut probes = odd_inputs();
    for code in icd_codes().iter().chain(&history_codes()) {
        probes.extend(near_misses(code));
    }
    let mut trailing_space_hits = 0;
    for probe in &probes {
        assert_icd_agrees(probe);
        if probe.last() == Some(&b' ') && old_icd_answer(probe).known {
            trailing_space_hits += 1;
        }
    }
    // Every code and history code is found, with its flag.
    for code in icd_codes() {
        assert!(icd10cm_known(code.as_bytes()), "{code}");
    }
    for code in history_codes() {
        assert!(icd10cm_changed(code.as_bytes()), "{code}");
    }
    // The intended difference, on the probes above and by example.
    assert!(trailing_space_hits > 0);
    assert!(old_icd_answer(b"E11 ").known && old_icd_answer(b"E119   ").billable);
    assert!(!icd10cm_known(b"E11 ") && !icd10cm_billable(b"E119   "));
}

#[test]
fn hcpcs_lookups_agree_with_the_text_search() {
    let mut probes = odd_inputs();
    for code in procedure_codes()
        .iter()
        .chain(&modifier_codes())
        .chain(&noc_list())
    {
        probes.extend(near_misses(code));
    }
    for probe in &probes {
        assert_eq!(hcpcs(probe), old_procedure(probe), "{probe:?}");
        assert_eq!(hcpcs_modifier(probe), old_modifier(probe), "{probe:?}");
        assert_eq!(is_noc(probe), old_is_noc(probe), "{probe:?}");
    }
    for code in procedure_codes() {
        assert_eq!(hcpcs(code.as_bytes()).map(|e| e.code), Some(code));
    }
    for code in modifier_codes() {
        assert_eq!(hcpcs_modifier(code.as_bytes()).map(|e| e.code), Some(code));
    }
    for code in noc_list() {
        assert!(is_noc(code.as_bytes()), "{code}");
    }
}

#[test]
fn pos_lookups_agree_with_the_text_search() {
    let mut probes = odd_inputs();
    for code in pos_list() {
        probes.extend(near_misses(code));
    }
    for n in 0..1000 {
        probes.push(format!("{n}").into_bytes());
        probes.push(format!("{n:02}").into_bytes());
    }
    for probe in &probes {
        assert_eq!(pos(probe), old_pos(probe), "{probe:?}");
        assert_eq!(is_pos(probe), old_pos(probe).is_some(), "{probe:?}");
    }
    for code in pos_list() {
        assert!(is_pos(code.as_bytes()), "{code}");
    }
}

/// The index a loaded HCPCS file gets at run time is the one the build derives for the
/// embedded table.
#[test]
fn run_time_index_matches_the_build_time_index() {
    let table = HcpcsTable::embedded();
    let procedures = index::SlotIndex::build(
        table
            .procedures()
            .map(|e| index::procedure_slot(e.code.as_bytes())),
        index::PROCEDURE_SLOTS,
    );
    assert_eq!(
        procedures,
        Some(index::SlotIndex::from_static(
            &keys::HCPCS_BITS,
            &keys::HCPCS_RANKS
        ))
    );
    let modifiers = index::SlotIndex::build(
        table
            .modifiers()
            .map(|e| index::modifier_slot(e.code.as_bytes())),
        index::MODIFIER_SLOTS,
    );
    assert_eq!(
        modifiers,
        Some(index::SlotIndex::from_static(
            &keys::MODIFIERS_BITS,
            &keys::MODIFIERS_RANKS
        ))
    );
    // Slots out of order, repeated, missing or out of range give no index.
    assert_eq!(index::SlotIndex::build([Some(2), Some(1)], 10), None);
    assert_eq!(index::SlotIndex::build([Some(1), Some(1)], 10), None);
    assert_eq!(index::SlotIndex::build([Some(1), None], 10), None);
    assert_eq!(index::SlotIndex::build([Some(10)], 10), None);
}

/// A 320-column ANWEB first-line record holding what the lookups return.
fn anweb_line(entry: &HcpcsEntry<'_>, modifier: bool) -> String {
    let code = if modifier {
        format!("   {}", entry.code)
    } else {
        entry.code.to_string()
    };
    let ric = if modifier { '7' } else { '3' };
    let mut line = format!(
        "{code:>5}00100{ric}{:<80}{:<28}",
        "Long description", "Short"
    );
    line.push_str(&" ".repeat(268 - line.len()));
    let date = |d: Option<u32>| d.map_or(" ".repeat(8), |d| format!("{d:08}"));
    line.push_str(&date(Some(entry.add_date)));
    line.push_str(&date(Some(entry.add_date)));
    line.push_str(&date(entry.term_date));
    line.push('N');
    line.push_str(&" ".repeat(320 - line.len()));
    line.push_str("\r\n");
    line
}

/// The embedded quarter written out as an ANWEB file and loaded: every probe finds the same
/// code with the same dates as in the embedded table.
#[test]
fn loaded_table_agrees_with_the_embedded_one() {
    let embedded = HcpcsTable::embedded();
    let mut file = String::new();
    for e in embedded.procedures() {
        file.push_str(&anweb_line(&e, false));
    }
    for e in embedded.modifiers() {
        file.push_str(&anweb_line(&e, true));
    }
    let loaded = HcpcsTable::parse(file.as_bytes()).expect("parses");
    let mut probes = odd_inputs();
    for code in procedure_codes().iter().chain(&modifier_codes()) {
        probes.extend(near_misses(code));
    }
    let summary = |e: HcpcsEntry<'_>| (e.code.to_string(), e.add_date, e.term_date);
    for probe in &probes {
        assert_eq!(
            loaded.procedure(probe).map(summary),
            embedded.procedure(probe).map(summary),
            "{probe:?}"
        );
        assert_eq!(
            loaded.modifier(probe).map(summary),
            embedded.modifier(probe).map(summary),
            "{probe:?}"
        );
    }
    assert_eq!(loaded.procedure_count(), embedded.procedure_count());
    assert_eq!(loaded.modifier_count(), embedded.modifier_count());
}

/// The codes of every table, for the property tests: what a lookup may find.
struct Sets {
    icd: BTreeMap<Vec<u8>, bool>,
    history: BTreeSet<Vec<u8>>,
    procedures: BTreeSet<Vec<u8>>,
    modifiers: BTreeSet<Vec<u8>>,
    noc: BTreeSet<Vec<u8>>,
    pos: BTreeSet<Vec<u8>>,
    /// Every code, to mutate into probes.
    all: Vec<&'static str>,
}

fn sets() -> &'static Sets {
    static SETS: std::sync::OnceLock<Sets> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        let set = |codes: Vec<&str>| codes.iter().map(|c| c.as_bytes().to_vec()).collect();
        let icd = (0..icd10cm::COUNT)
            .map(|i| {
                let r = format::record(icd10cm::RECORDS, icd10cm::RECORD_WIDTH, i).unwrap();
                let code = format::key_of(r, icd10cm::CODE_WIDTH);
                (code.as_bytes().to_vec(), r.ends_with('B'))
            })
            .collect();
        let mut all = icd_codes();
        all.extend(history_codes());
        all.extend(procedure_codes());
        all.extend(modifier_codes());
        all.extend(pos_list());
        Sets {
            icd,
            history: set(history_codes()),
            procedures: set(procedure_codes()),
            modifiers: set(modifier_codes()),
            noc: set(noc_list()),
            pos: set(pos_list()),
            all,
        }
    })
}

/// Every lookup finds exactly the codes of its table.
fn assert_exact(probe: &[u8]) {
    let s = sets();
    assert_eq!(icd10cm_known(probe), s.icd.contains_key(probe));
    assert_eq!(icd10cm_billable(probe), s.icd.get(probe) == Some(&true));
    assert_eq!(icd10cm_changed(probe), s.history.contains(probe));
    assert_eq!(
        hcpcs(probe).map(|e| e.code.as_bytes()),
        s.procedures.get(probe).map(Vec::as_slice)
    );
    assert_eq!(
        hcpcs_modifier(probe).map(|e| e.code.as_bytes()),
        s.modifiers.get(probe).map(Vec::as_slice)
    );
    assert_eq!(is_noc(probe), s.noc.contains(probe));
    assert_eq!(is_pos(probe), s.pos.contains(probe));
    assert_eq!(pos(probe).is_some(), s.pos.contains(probe));
    for release in icd10cm_releases() {
        let status = icd10cm_status(probe, &release);
        assert!(
            status == IcdStatus::Absent || s.icd.contains_key(probe) || s.history.contains(probe),
            "{probe:?}: {status:?} in {}",
            release.label
        );
    }
}

/// Bytes a code is made of, and some it must not be.
fn code_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        8 => prop::sample::select(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec()),
        1 => prop::sample::select(b" .\0\t\r\nabejxz-*~:^".to_vec()),
        1 => any::<u8>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn stored_dates_read_as_before_for_any_field(text in "[0-9 /:+-]{0,10}") {
        prop_assert_eq!(format::stored_date(text.as_bytes()), old_stored_date(&text));
    }

    #[test]
    fn arbitrary_bytes_find_only_codes(bytes in prop::collection::vec(any::<u8>(), 0..12)) {
        assert_exact(&bytes);
    }

    #[test]
    fn code_like_bytes_find_only_codes(bytes in prop::collection::vec(code_byte(), 0..10)) {
        assert_exact(&bytes);
    }

    /// A real code with one byte changed, inserted or removed.
    #[test]
    fn mutated_codes_find_only_codes(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in code_byte(),
        how in 0..3u8,
    ) {
        let code = pick.get(&sets().all).as_bytes();
        let mut probe = code.to_vec();
        let i = at.index(probe.len() + 1);
        match how {
            0 if i < probe.len() => probe[i] = byte,
            1 => probe.insert(i, byte),
            _ if i < probe.len() => {
                probe.remove(i);
            }
            _ => probe.push(byte),
        }
        assert_exact(&probe);
        assert_exact(code);
    }
}
