//! The code groups the consistency rules pair up: code numbers and inclusive ranges only,
//! never descriptors (CPT is AMA content).
//!
//! A pattern is one code (`96372`) or an inclusive range `low-high` (`96365-96379`). A code
//! is in a range when it has the same shape as both ends, digit for digit and letter for
//! letter, and sorts between them: `J0000-J7293` holds `J1885` but not `j1885`, and
//! `00100-01999` never holds the Category III code `0042T`. The built-in tables are parsed
//! into integer ranges when the crate is built ([`Codes`]), so checking a line against a
//! table is a few integer comparisons; the add-on table stays text ([`matches()`]) because
//! a user will be able to extend it.
//!
//! HCPCS Level II facts below are checked against the CMS HCPCS file
//! (`crate::codes::tables::hcpcs`); CPT facts are section ranges and code numbers.

use crate::codes::procedure::{CptSection, ProcedureClass};

/// A 5-character code as an integer that sorts like the code (its bytes, big-endian), and
/// its shape: a bit per character, set for a digit. Computed once per service line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    value: u64,
    shape: u8,
}

impl Key {
    /// The key of a 5-byte code; `None` for any other length.
    pub const fn of(code: &[u8]) -> Option<Key> {
        if code.len() != 5 {
            return None;
        }
        let mut value = 0u64;
        let mut shape = 0u8;
        let mut i = 0;
        while i < 5 {
            value = value << 8 | code[i] as u64;
            shape = shape << 1 | code[i].is_ascii_digit() as u8;
            i += 1;
        }
        Some(Key { value, shape })
    }

    /// The integer that sorts like the code.
    pub fn value(self) -> u64 {
        self.value
    }

    /// The ends of a pattern given as text (`ccccc` or `lllll-hhhhh`) as keys, for
    /// [`Key::within`]; `None` for a pattern not made of 5-character codes.
    pub fn range_of(pattern: &str) -> Option<(Key, Key)> {
        let (low, high) = pattern.split_once('-').unwrap_or((pattern, pattern));
        Some((Key::of(low.as_bytes())?, Key::of(high.as_bytes())?))
    }

    /// Whether the code with this key matches the pattern whose ends are `low` and `high`
    /// ([`Key::range_of`]), as [`matches()`] matches the text: the shape of both ends, and
    /// between them.
    pub fn within(self, low: Key, high: Key) -> bool {
        self.shape == low.shape
            && self.shape == high.shape
            && low.value <= self.value
            && self.value <= high.value
    }
}

/// The smallest and largest code any of `patterns` can match, compared byte by byte whatever
/// their shape, as [`Key::value`]s: a code outside matches none of them. `None` when a
/// pattern is not made of 5-character codes.
pub fn bounds<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Option<(u64, u64)> {
    let mut bounds: Option<(u64, u64)> = None;
    for pattern in patterns {
        let (low, high) = pattern.split_once('-').unwrap_or((pattern, pattern));
        let (low, high) = (
            Key::of(low.as_bytes())?.value,
            Key::of(high.as_bytes())?.value,
        );
        bounds = Some(bounds.map_or((low, high), |(l, h)| (l.min(low), h.max(high))));
    }
    bounds
}

/// One code or an inclusive range of codes of one shape, parsed when the crate is built.
#[derive(Debug, Clone, Copy)]
pub struct Codes {
    low: Key,
    high: Key,
    /// The pattern as written in the table (shown when a table is debugged).
    #[allow(dead_code)]
    pub pattern: &'static str,
}

impl Codes {
    /// Parses `ccccc` or `lllll-hhhhh`; a malformed pattern fails the build.
    pub const fn new(pattern: &'static str) -> Codes {
        let b = pattern.as_bytes();
        let (low, high) = match b {
            [_, _, _, _, _] => (Key::of(b), Key::of(b)),
            [l0, l1, l2, l3, l4, b'-', h0, h1, h2, h3, h4] => (
                Key::of(&[*l0, *l1, *l2, *l3, *l4]),
                Key::of(&[*h0, *h1, *h2, *h3, *h4]),
            ),
            _ => panic!("a code table pattern is `ccccc` or `lllll-hhhhh`"),
        };
        match (low, high) {
            (Some(low), Some(high)) if low.shape == high.shape && low.value <= high.value => {
                Codes { low, high, pattern }
            }
            _ => panic!("a code table range has two ends of one shape, in order"),
        }
    }

    /// Whether the code with key `key` is in the range: the same shape, and between the ends.
    pub fn contains(&self, key: Key) -> bool {
        key.shape == self.low.shape && self.low.value <= key.value && key.value <= self.high.value
    }
}

/// Whether a code with key `key` is in one of `table`'s ranges.
pub fn contains(table: &[Codes], key: Key) -> bool {
    table.iter().any(|c| c.contains(key))
}

/// Whether `code` is `pattern`, or lies in the range `pattern`, for tables given as text
/// (the add-on table, which a user will be able to extend). Runs for every line and every
/// row of such a table, so the first bytes reject most codes before anything else is
/// compared.
pub fn matches(code: &[u8], pattern: &str) -> bool {
    let p = pattern.as_bytes();
    let (Some(first), Some(p_first)) = (code.first(), p.first()) else {
        return false;
    };
    // A range is longer than a code.
    if p.len() == code.len() {
        return code.iter().zip(p).all(|(c, p)| c == p);
    }
    let Some(dash) = memchr::memchr(b'-', p) else {
        return false;
    };
    let (low, high) = (&p[..dash], &p[dash + 1..]);
    high.first().is_some_and(|h| p_first <= first && first <= h)
        && same_shape(code, low)
        && same_shape(code, high)
        && low <= code
        && code <= high
}

/// Whether `code` matches one of `patterns`.
pub fn matches_any(code: &[u8], patterns: &[&str]) -> bool {
    patterns.iter().any(|p| matches(code, p))
}

/// Same length, and digits exactly where `pattern` has digits.
fn same_shape(code: &[u8], pattern: &[u8]) -> bool {
    code.len() == pattern.len()
        && code
            .iter()
            .zip(pattern)
            .all(|(c, p)| c.is_ascii_digit() == p.is_ascii_digit())
}

/// Whether every pattern is a 5-character code of a CPT or HCPCS Level II shape, or a range
/// of two such codes of the same shape in order.
#[cfg(test)]
pub fn is_well_formed(pattern: &str) -> bool {
    let code = |c: &str| {
        c.len() == 5
            && c.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    };
    match pattern.split_once('-') {
        Some((low, high)) => {
            code(low) && code(high) && same_shape(low.as_bytes(), high.as_bytes()) && low <= high
        }
        None => code(pattern),
    }
}

/// Administration codes that give a drug which is billed on its own line (S101):
/// therapeutic, prophylactic and diagnostic injections and infusions (CPT 96365–96379),
/// and chemotherapy and other complex drug administration (CPT 96401–96549) without
/// 96521–96523, which report refilling and maintaining drug pumps (whose drug a pharmacy
/// often bills) and irrigating an implanted access device (no drug at all). Hydration
/// (96360, 96361) is left out too: the fluid is often not billed separately.
pub const ADMINISTRATION_NEEDING_DRUG: &[Codes] = &[
    Codes::new("96365-96379"),
    Codes::new("96401-96520"),
    Codes::new("96524-96549"),
];

/// CPT product codes (S101, S102): immune globulins (90281–90399), vaccines and toxoids
/// (90476–90759, without 90480, an administration code inside the range) and COVID-19
/// vaccines (91300–91399). HCPCS Level II drugs are recognised from the CMS file's own
/// fields instead (see `Hcpcs` in the family module).
pub const CPT_PRODUCT: &[Codes] = &[
    Codes::new("90281-90399"),
    Codes::new("90476-90479"),
    Codes::new("90481-90759"),
    Codes::new("91300-91399"),
];

/// Vaccine and toxoid administration (S103, S104): CPT 90460–90461 (with counseling, under
/// 19), 90471–90474 (by injection, and by mouth or nose), 90480 (COVID-19 vaccines), and
/// HCPCS G0008–G0010 (Medicare: influenza, pneumococcal and hepatitis B vaccines).
pub const VACCINE_ADMINISTRATION: &[Codes] = &[
    Codes::new("90460-90461"),
    Codes::new("90471-90474"),
    Codes::new("90480"),
    Codes::new("G0008-G0010"),
];

/// Vaccine and toxoid products that S104 reports without an administration: CPT 90476–90759
/// (the vaccine and toxoid section; 90480, an administration code inside it, excluded), and
/// the Medicare influenza vaccines HCPCS Q2034–Q2039.
pub const VACCINE_PRODUCT: &[Codes] = &[
    Codes::new("90476-90479"),
    Codes::new("90481-90759"),
    Codes::new("Q2034-Q2039"),
];

/// Vaccine products S103 accepts for an administration: [`VACCINE_PRODUCT`] and the CPT
/// COVID-19 vaccine products from 91300 on.
pub const ANY_VACCINE_PRODUCT: &[Codes] = &[
    Codes::new("90476-90479"),
    Codes::new("90481-90759"),
    Codes::new("Q2034-Q2039"),
    Codes::new("91300-91399"),
];

/// Which of the tables the claim-wide rules start from a line's code is in, as bits: worked
/// out once per line when a claim's lines are read ([`super::lines::Line`]), so that a rule
/// rules out a claim none of whose lines is in its table without reading each line again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Groups(u8);

impl Groups {
    /// In [`ADMINISTRATION_NEEDING_DRUG`] (S101).
    pub const ADMINISTRATION_NEEDING_DRUG: Groups = Groups(1);
    /// In [`VACCINE_ADMINISTRATION`] (S103).
    pub const VACCINE_ADMINISTRATION: Groups = Groups(2);
    /// In [`VACCINE_PRODUCT`] (S104).
    pub const VACCINE_PRODUCT: Groups = Groups(4);

    const TABLES: [(&'static [Codes], Groups); 3] = [
        (
            ADMINISTRATION_NEEDING_DRUG,
            Groups::ADMINISTRATION_NEEDING_DRUG,
        ),
        (VACCINE_ADMINISTRATION, Groups::VACCINE_ADMINISTRATION),
        (VACCINE_PRODUCT, Groups::VACCINE_PRODUCT),
    ];

    /// Whether a code of `class` can be in any group: every code of the three tables is a
    /// CPT code of the medicine section or a HCPCS `G` or `Q` code (a test holds them to
    /// it), so the other lines are not matched against the tables.
    pub fn may_hold(class: ProcedureClass) -> bool {
        matches!(
            class,
            ProcedureClass::CptCategory1(CptSection::Medicine)
                | ProcedureClass::HcpcsLevel2(b'G' | b'Q')
        )
    }

    /// The groups of the code whose key is `key`.
    pub fn of(key: Key) -> Groups {
        let mut groups = Groups::default();
        for (table, group) in Self::TABLES {
            if contains(table, key) {
                groups = groups.with(group);
            }
        }
        groups
    }

    /// These groups and `other`'s.
    pub fn with(self, other: Groups) -> Groups {
        Groups(self.0 | other.0)
    }

    /// Whether `group` is among these.
    pub fn has(self, group: Groups) -> bool {
        self.0 & group.0 != 0
    }
}

/// Modifiers that say a repeated line is a separate service (S106): repeat procedure by the
/// same (76) or another (77) physician, repeat clinical laboratory test (91), distinct
/// procedural service (59) and its subsets XE (separate encounter), XS (separate
/// structure), XP (separate practitioner) and XU (unusual non-overlapping service).
pub const REPEAT_MODIFIERS: &[&[u8]] = &[b"76", b"77", b"91", b"59", b"XE", b"XS", b"XP", b"XU"];

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the compiled range and the text matcher agree, and what they say.
    fn both(code: &[u8], pattern: &'static str) -> bool {
        let text = matches(code, pattern);
        let compiled = Key::of(code).is_some_and(|k| Codes::new(pattern).contains(k));
        assert_eq!(text, compiled, "{pattern}");
        // The keys a table given as text is read into (S105's add-on table).
        let (low, high) = Key::range_of(pattern).expect("5-character codes");
        let keyed = Key::of(code).is_some_and(|k| k.within(low, high));
        assert_eq!(text, keyed, "{pattern}, as keys");
        text
    }

    #[test]
    fn ranges_keep_to_their_shape() {
        for (code, pattern, inside) in [
            (&b"J1885"[..], "J0000-J7293", true),
            (b"j1885", "J0000-J7293", false),
            (b"J8499", "J0000-J7293", false),
            (b"00790", "00100-01999", true),
            (b"0042T", "00100-01999", false),
            (b"00100 ", "00100-01999", false),
            (b"", "00100-01999", false),
            (b"90480", "90480", true),
            (b"90480", "90476-90479", false),
            (b"90480", "90481-90759", false),
            (b"96372", "96365-96379", true),
            (b"96523", "96401-96520", false),
            (b"G0009", "G0008-G0010", true),
            (b"G0011", "G0008-G0010", false),
        ] {
            assert_eq!(both(code, pattern), inside, "{code:?} in {pattern}");
        }
        assert!(matches(b"J1885", "J0000-J7293"));
        assert!(!matches(b"j1885", "J0000-J7293"));
        assert!(!matches(b"J8499", "J0000-J7293"));
        assert!(matches(b"00790", "00100-01999"));
        assert!(!matches(b"0042T", "00100-01999"));
        assert!(!matches(b"00100 ", "00100-01999"));
        assert!(matches(b"90480", "90480"));
        assert!(!matches(b"90480", "90476-90479"));
        assert!(!matches(b"90480", "90481-90759"));
        assert!(matches(b"96372", "96365-96379"));
        assert!(!matches(b"96523", "96401-96520"));
    }

    #[test]
    fn bounds_cover_every_match() {
        let (low, high) = bounds(["90461", "99100-99140", "96361"]).unwrap();
        let inside = |c: &[u8]| (low..=high).contains(&Key::of(c).unwrap().value());
        assert!(inside(b"90461") && inside(b"96361") && inside(b"99140"));
        assert!(!inside(b"99213") && !inside(b"J1885") && !inside(b"00790"));
        assert_eq!(bounds(["9046"]), None);
        assert_eq!(bounds([]), None);
    }

    #[test]
    fn tables_are_well_formed() {
        for table in [
            ADMINISTRATION_NEEDING_DRUG,
            CPT_PRODUCT,
            VACCINE_ADMINISTRATION,
            VACCINE_PRODUCT,
            ANY_VACCINE_PRODUCT,
        ] {
            for c in table {
                assert!(is_well_formed(c.pattern), "{}", c.pattern);
            }
        }
        assert!(!is_well_formed("J0000-90000"));
        assert!(!is_well_formed("96379-96365"));
        assert!(!is_well_formed("9637"));
    }

    #[test]
    fn every_grouped_code_is_of_a_class_groups_may_hold() {
        use crate::codes::procedure::classify;
        for (table, _) in Groups::TABLES {
            for c in table {
                let (low, high) = c.pattern.split_once('-').unwrap_or((c.pattern, c.pattern));
                let (low, high) = (classify(low.as_bytes()), classify(high.as_bytes()));
                // Both ends of one class, and no range spans the anesthesia add-ons
                // 99100-99140 inside the medicine section.
                assert_eq!(low, high, "{}", c.pattern);
                assert!(Groups::may_hold(low), "{}", c.pattern);
                assert!(!c.pattern.starts_with("991"), "{}", c.pattern);
            }
        }
    }

    /// The HCPCS Level II ranges say what the CMS file says.
    #[test]
    fn hcpcs_facts_hold_in_the_cms_file() {
        let described = |code: &str| {
            crate::codes::tables::hcpcs(code.as_bytes())
                .unwrap_or_else(|| panic!("{code} not in the CMS file"))
                .short_description
                .to_ascii_lowercase()
        };
        for flu in ["Q2035", "Q2036", "Q2037", "Q2038", "Q2039"] {
            assert!(described(flu).contains("vacc"), "{flu}");
        }
    }
}
