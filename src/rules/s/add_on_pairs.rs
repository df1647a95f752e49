//! The add-on codes S105 checks, each with the primary codes it is billed with.
//!
//! An add-on code reports extra work on top of a primary procedure (another hour of
//! infusion, another vaccine component) and is never paid alone: one of its primary codes
//! must be on the same claim, on the same date of service. Code numbers only; the pairs come
//! from the usage notes that CPT publishes with each add-on code.

/// One row per add-on: the add-on code (or an inclusive range `low-high` of add-on codes)
/// and the codes or ranges of which at least one must be billed on the same date of service.
/// Patterns follow [`super::codes::matches()`].
pub type AddOnTable<'t> = &'t [(&'t str, &'t [&'t str])];

/// The built-in add-on table.
///
/// A user will be able to extend it in the configuration file (configuration support comes
/// later): `s105_add_on_without_primary::check` takes the table as a parameter, so an extended
/// table is passed the same way as this one.
pub const ADD_ON_PAIRS: AddOnTable<'static> = &[
    // Immunization administration: additional components and additional vaccines.
    ("90461", &["90460"]),
    ("90472", &["90460", "90471", "90473"]),
    ("90474", &["90460", "90471", "90473"]),
    // Hydration: each additional hour, after an initial hydration or another initial
    // service.
    ("96361", &["96360", "96365", "96374", "96409", "96413"]),
    // Infusion: each additional hour, an additional sequential infusion, a concurrent one.
    ("96366", &["96365", "96367"]),
    ("96367", &["96365", "96374", "96409", "96413"]),
    (
        "96368",
        &[
            "96365", "96366", "96374", "96409", "96413", "96415", "96416",
        ],
    ),
    // Intravenous push: each additional sequential push.
    ("96375", &["96365", "96374", "96409", "96413"]),
    ("96376", &["96365", "96374", "96409", "96413"]),
    // Chemotherapy: additional push, additional hour, additional sequential infusion.
    ("96411", &["96409", "96413"]),
    ("96415", &["96413"]),
    ("96417", &["96413"]),
    // Anesthesia qualifying circumstances: only with an anesthesia code.
    ("99100-99140", &["00100-01999"]),
];

/// The primary codes `code` needs according to `table`, when it is an add-on there.
pub fn primaries_of<'t>(table: AddOnTable<'t>, code: &[u8]) -> Option<&'t [&'t str]> {
    table
        .iter()
        .find(|(add_on, _)| super::codes::matches(code, add_on))
        .map(|&(_, primaries)| primaries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::s::codes::is_well_formed;

    #[test]
    fn the_table_is_well_formed() {
        for (add_on, primaries) in ADD_ON_PAIRS {
            assert!(is_well_formed(add_on), "{add_on}");
            assert!(!primaries.is_empty(), "{add_on}");
            for p in *primaries {
                assert!(is_well_formed(p), "{add_on}: {p}");
            }
        }
    }

    #[test]
    fn lookup() {
        assert_eq!(primaries_of(ADD_ON_PAIRS, b"96415"), Some(&["96413"][..]));
        assert_eq!(
            primaries_of(ADD_ON_PAIRS, b"99140"),
            Some(&["00100-01999"][..])
        );
        assert_eq!(primaries_of(ADD_ON_PAIRS, b"96413"), None);
        // A table a user extended is passed the same way.
        let extended: AddOnTable = &[("99292", &["99291"])];
        assert_eq!(primaries_of(extended, b"99292"), Some(&["99291"][..]));
    }
}
