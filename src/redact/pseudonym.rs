//! Stable pseudonyms for claim and member numbers: a keyed hash, so findings can still be
//! grouped by claim while the number itself never leaves the run.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Prefix of every pseudonym: no claim or member number starts with it and contains only
/// lower-case hex after it, so a pseudonym is never taken for a real value.
pub const PREFIX: &str = "pk_";

/// Hex digits kept of the HMAC: 48 bits, so two of a million claims share one by chance
/// about once in 560 runs.
const HEX_DIGITS: usize = 12;

/// `pk_` and the first 12 hex digits of HMAC-SHA-256(`key`, `value`).
pub fn pseudonym(key: &[u8], value: &[u8]) -> String {
    Keyed::new(key).pseudonym(value)
}

/// The HMAC with its key absorbed once, for the pseudonyms of a whole file.
#[derive(Clone)]
pub(crate) struct Keyed(Hmac<Sha256>);

impl Keyed {
    pub(crate) fn new(key: &[u8]) -> Self {
        Keyed(
            <Hmac<Sha256> as KeyInit>::new_from_slice(key)
                .expect("HMAC accepts keys of any length"),
        )
    }

    pub(crate) fn pseudonym(&self, value: &[u8]) -> String {
        let mut mac = self.0.clone();
        mac.update(value);
        let digest = mac.finalize().into_bytes();
        let mut out = String::with_capacity(PREFIX.len() + HEX_DIGITS);
        out.push_str(PREFIX);
        for b in digest.iter().take(HEX_DIGITS / 2) {
            out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::pseudonym;

    #[test]
    fn same_key_and_value_give_the_same_pseudonym() {
        assert_eq!(pseudonym(b"k", b"PCN0001"), pseudonym(b"k", b"PCN0001"));
        assert_ne!(pseudonym(b"k", b"PCN0001"), pseudonym(b"k", b"PCN0002"));
        assert_ne!(pseudonym(b"k", b"PCN0001"), pseudonym(b"other", b"PCN0001"));
    }

    #[test]
    fn pseudonym_is_the_hmac_sha256_prefix() {
        // RFC 4231 test case 2: HMAC-SHA-256("Jefe", "what do ya want for nothing?")
        // = 5bdcc146bf60754e6a042426089575c7…
        assert_eq!(
            pseudonym(b"Jefe", b"what do ya want for nothing?"),
            "pk_5bdcc146bf60"
        );
    }
}
