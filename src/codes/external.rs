//! External code lists the 837P names for addresses and amounts: state and province codes,
//! country codes and currency codes. All are public facts; each list's provenance is on it.
//!
//! Lookups take the value exactly as sent (no trimming or case folding), so `il` is not
//! `IL`; [`neighbours`] suggests what was probably meant.

/// U.S. states, the District of Columbia, U.S. territories and freely associated states,
/// and military "state" codes (USPS Publication 28, Appendix B, two-letter abbreviations;
/// a U.S. Government work), with the Canadian provinces and territories (Canada Post
/// Addressing Guidelines, province and territory symbols): the guide's "States and
/// Provinces" code source for N402 and CLM11-4. Sorted by code.
pub const STATES: &[(&str, &str)] = &[
    ("AA", "Armed Forces Americas"),
    ("AB", "Alberta"),
    ("AE", "Armed Forces Europe, Middle East, Africa, Canada"),
    ("AK", "Alaska"),
    ("AL", "Alabama"),
    ("AP", "Armed Forces Pacific"),
    ("AR", "Arkansas"),
    ("AS", "American Samoa"),
    ("AZ", "Arizona"),
    ("BC", "British Columbia"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DC", "District of Columbia"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("FM", "Federated States of Micronesia"),
    ("GA", "Georgia"),
    ("GU", "Guam"),
    ("HI", "Hawaii"),
    ("IA", "Iowa"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("MA", "Massachusetts"),
    ("MB", "Manitoba"),
    ("MD", "Maryland"),
    ("ME", "Maine"),
    ("MH", "Marshall Islands"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MO", "Missouri"),
    ("MP", "Northern Mariana Islands"),
    ("MS", "Mississippi"),
    ("MT", "Montana"),
    ("NB", "New Brunswick"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("NE", "Nebraska"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NL", "Newfoundland and Labrador"),
    ("NM", "New Mexico"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("NV", "Nevada"),
    ("NY", "New York"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("ON", "Ontario"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PE", "Prince Edward Island"),
    ("PR", "Puerto Rico"),
    ("PW", "Palau"),
    ("QC", "Quebec"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("SK", "Saskatchewan"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VA", "Virginia"),
    ("VI", "U.S. Virgin Islands"),
    ("VT", "Vermont"),
    ("WA", "Washington"),
    ("WI", "Wisconsin"),
    ("WV", "West Virginia"),
    ("WY", "Wyoming"),
    ("YT", "Yukon"),
];

/// Release label of [`STATES`].
pub const STATES_RELEASE: &str =
    "USPS Publication 28 (Appendix B) and Canada Post symbols, as of 2026";

/// Codes Canada Post has retired, with their replacements: Newfoundland (`NF`, now `NL`
/// since 2002) and Quebec (`PQ`, now `QC`). Some older systems still send them.
pub const RETIRED_PROVINCES: &[(&str, &str)] = &[("NF", "NL"), ("PQ", "QC")];

/// ISO 3166-1 alpha-2 country codes (N404, CLM11-5), from `iso_3166-1.json` of the Debian
/// `iso-codes` package 4.15.0 (sha256 f01b812b57fba9f31ff621bf33e7c7570a01964dbeb5be2167e94decf538c89f).
/// Codes only: the code values are free to use (ISO 3166 Maintenance Agency). Sorted.
pub const COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Release label of [`COUNTRIES`].
pub const COUNTRIES_RELEASE: &str = "ISO 3166-1 alpha-2, iso-codes 4.15.0";

/// ISO 4217 alphabetic currency codes in current use (CUR02), from `iso_4217.json` of the
/// Debian `iso-codes` package 4.15.0 (sha256 c9c37b426317809a6ffe067da3a334a3150f42494fae91823557afb7bd1a4135).
/// Codes only. Sorted.
pub const CURRENCIES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR",
    "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW",
    "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA",
    "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG",
    "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE",
    "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP",
    "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED",
    "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XDR",
    "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWL",
];

/// Release label of [`CURRENCIES`].
pub const CURRENCIES_RELEASE: &str = "ISO 4217, iso-codes 4.15.0";

/// The three lists' releases in one phrase, for `claimlint --version`.
pub const RELEASES: &str =
    "states USPS and Canada Post 2026, ISO 3166-1 and ISO 4217 iso-codes 4.15.0";

/// Whether `value` is a state, territory, military-post or Canadian province code.
pub fn is_state(value: &[u8]) -> bool {
    // Every code is two capital letters (see the tests): one bit of 26 × 26 each, looked
    // up without a search, as every N402 of a file is.
    const BITS: [u32; 26] = {
        let mut bits = [0u32; 26];
        let mut i = 0;
        while i < STATES.len() {
            let [a, b] = *STATES[i].0.as_bytes() else {
                panic!("a state code is two letters");
            };
            assert!(a.is_ascii_uppercase() && b.is_ascii_uppercase());
            bits[(a - b'A') as usize] |= 1 << (b - b'A');
            i += 1;
        }
        bits
    };
    match *value {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => BITS[(a - b'A') as usize] & 1 << (b - b'A') != 0,
        _ => false,
    }
}

/// The name of a state or province code.
pub fn state_name(code: &str) -> Option<&'static str> {
    STATES
        .binary_search_by(|(c, _)| c.cmp(&code))
        .ok()
        .map(|i| STATES[i].1)
}

/// Whether `value` is an ISO 3166-1 alpha-2 country code.
pub fn is_country(value: &[u8]) -> bool {
    COUNTRIES
        .binary_search_by(|c| c.as_bytes().cmp(value))
        .is_ok()
}

/// Whether `value` is an ISO 4217 currency code.
pub fn is_currency(value: &[u8]) -> bool {
    CURRENCIES
        .binary_search_by(|c| c.as_bytes().cmp(value))
        .is_ok()
}

/// The codes of `list` a mistyped `value` was probably meant to be: the value in capitals
/// when that is a code, else the codes of the same length with two neighbouring characters
/// swapped, then those that differ from it in one character. At most `max`.
pub fn neighbours<'l>(
    list: impl Iterator<Item = &'l str> + Clone,
    value: &[u8],
    max: usize,
) -> Vec<&'l str> {
    let upper = value.to_ascii_uppercase();
    let mut found: Vec<&str> = list
        .clone()
        .filter(|c| c.as_bytes() == upper.as_slice() && upper.as_slice() != value)
        .collect();
    if !found.is_empty() {
        return found;
    }
    // Two neighbouring characters swapped first: the likelier slip.
    let mut swapped = Vec::new();
    for code in list {
        let c = code.as_bytes();
        if c.len() != upper.len() || c == value {
            continue;
        }
        let differing: Vec<usize> = (0..c.len()).filter(|&i| c[i] != upper[i]).collect();
        match differing.as_slice() {
            [_] => found.push(code),
            [a, b] if *b == a + 1 && c[*a] == upper[*b] && c[*b] == upper[*a] => swapped.push(code),
            _ => {}
        }
    }
    swapped.append(&mut found);
    let mut found = swapped;
    found.truncate(max);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_unique_and_shaped() {
        let states: Vec<&str> = STATES.iter().map(|(c, _)| *c).collect();
        for (list, len) in [(&states[..], 2), (COUNTRIES, 2), (CURRENCIES, 3)] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
            assert!(
                list.iter()
                    .all(|c| c.len() == len && c.bytes().all(|b| b.is_ascii_uppercase()))
            );
        }
        // 50 states and DC, 8 territories and freely associated states, 3 military
        // codes, 13 provinces and territories of Canada.
        assert_eq!(STATES.len(), 51 + 8 + 3 + 13);
        assert_eq!(COUNTRIES.len(), 249);
    }

    #[test]
    fn membership() {
        for ok in ["IL", "DC", "PR", "GU", "AE", "ON", "QC", "NU", "YT"] {
            assert!(is_state(ok.as_bytes()), "{ok}");
        }
        for bad in ["11", "ST", "NA", "il", "NF", "PQ", "UM", "", "ILL"] {
            assert!(!is_state(bad.as_bytes()), "{bad}");
        }
        for ok in ["US", "CA", "MX", "DE", "SS", "XK"] {
            assert_eq!(is_country(ok.as_bytes()), ok != "XK", "{ok}");
        }
        assert!(!is_country(b"USA") && !is_country(b"UK") && !is_country(b"us"));
        assert!(is_currency(b"USD") && is_currency(b"CAD") && is_currency(b"EUR"));
        assert!(!is_currency(b"US") && !is_currency(b"usd") && !is_currency(b"XYZ"));
        assert_eq!(state_name("IL"), Some("Illinois"));
    }

    #[test]
    fn a_state_is_exactly_a_code_of_the_list() {
        for a in 0..=u8::MAX {
            for b in 0..=u8::MAX {
                let value = [a, b];
                let listed = STATES.iter().any(|(c, _)| c.as_bytes() == value);
                assert_eq!(is_state(&value), listed, "{value:?}");
            }
        }
    }

    #[test]
    fn neighbours_are_capitals_then_one_edit_away() {
        let states = || STATES.iter().map(|(c, _)| *c);
        assert_eq!(neighbours(states(), b"il", 8), ["IL"]);
        assert_eq!(neighbours(states(), b"LI", 8)[0], "IL");
        assert_eq!(neighbours(states(), b"11", 8), Vec::<&str>::new());
        let na = neighbours(states(), b"NA", 20);
        assert!(
            na.contains(&"NC") && na.contains(&"NY") && na.contains(&"CA") && na.contains(&"PA")
        );
        assert!(na.iter().all(|c| c.starts_with('N') || c.ends_with('A')));
        assert_eq!(
            neighbours(CURRENCIES.iter().copied(), b"USS", 8),
            ["USD", "USN", "UZS"]
        );
    }
}
