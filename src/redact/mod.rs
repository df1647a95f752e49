//! `--redact`: reports without patient data, by construction.
//!
//! Bytes are classified when the file is read ([`classify`]): from the grammar, each
//! element value is a code, number or date of service that may be shown, or personal, or
//! a key (CLM01 and member IDs); every byte that is not a recognised element (stray text,
//! text after the IEA, unknown segments) is personal.
//!
//! Output code never sees the file directly: it gets a [`View`]. A plain view holds the
//! file; a redacted view holds only the masked copy (`#` per personal byte, so every
//! span still points at the same place) and the pseudonyms of the keys. Diagnostics
//! quote values as byte ranges ([`Text`]), and every field that carries text from the
//! file (segment IDs, control numbers, claim keys) is a type whose only accessor takes
//! the view. So under redaction there is no function that gives output code an unmasked
//! personal value, and a quote is masked before it is cut to 40 characters.

pub mod classify;
mod pseudonym;
mod text;

pub use classify::{Class, MASK, known_segment_id};
pub use pseudonym::{PREFIX, pseudonym};
pub use text::{Text, quote};

use crate::source::Span;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// Longest quote in a message, in characters; longer ones are cut and end in `…`.
pub const MAX_QUOTE: usize = 40;

/// The redaction policy: whether to redact, and the key of the pseudonyms.
#[derive(Clone, Default)]
pub struct Redaction {
    key: Option<Vec<u8>>,
}

impl Redaction {
    /// Redaction with pseudonyms keyed by `key`; an empty key gives none (keys masked).
    pub fn with_key(key: impl Into<Vec<u8>>) -> Self {
        let key = key.into();
        Redaction {
            key: (!key.is_empty()).then_some(key),
        }
    }

    /// Redaction without pseudonyms: claim and member numbers are masked.
    pub fn without_key() -> Self {
        Redaction { key: None }
    }

    pub fn has_key(&self) -> bool {
        self.key.is_some()
    }
}

/// Never prints the key.
impl fmt::Debug for Redaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redaction")
            .field("key", &self.key.as_ref().map(|_| "…"))
            .finish()
    }
}

/// A file as output code sees it: the original bytes, or under redaction only the
/// masked copy and the pseudonyms of its keys.
pub struct View<'a> {
    bytes: Cow<'a, [u8]>,
    redacted: bool,
    /// Start and length of each key → its pseudonym (under redaction, with a key).
    pseudonyms: HashMap<usize, (usize, String)>,
}

impl<'a> View<'a> {
    /// The file as it is.
    pub fn plain(bytes: &'a [u8]) -> Self {
        View {
            bytes: Cow::Borrowed(bytes),
            redacted: false,
            pseudonyms: HashMap::new(),
        }
    }

    /// The file masked once, byte for byte; the original is not kept.
    pub fn redacted(bytes: &[u8], redaction: &Redaction) -> View<'static> {
        let masked = classify::mask(bytes);
        let pseudonyms = match &redaction.key {
            Some(key) => {
                let keyed = pseudonym::Keyed::new(key);
                masked
                    .keys
                    .iter()
                    .map(|s| {
                        let value = bytes[s.start..s.end].trim_ascii_end();
                        (s.start, (s.len(), keyed.pseudonym(value)))
                    })
                    .collect()
            }
            None => HashMap::new(),
        };
        View {
            bytes: Cow::Owned(masked.bytes),
            redacted: true,
            pseudonyms,
        }
    }

    /// A plain view, or a redacted one when `redaction` is given.
    pub fn new(bytes: &'a [u8], redaction: Option<&Redaction>) -> Self {
        match redaction {
            Some(r) => View::redacted(bytes, r),
            None => View::plain(bytes),
        }
    }

    /// The bytes to show: the file, or its masked copy (same length, same offsets).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn is_redacted(&self) -> bool {
        self.redacted
    }

    /// The value at `span` for a message: its pseudonym if it is a key, else its text,
    /// trailing padding removed, cut to [`MAX_QUOTE`] characters.
    pub fn quote(&self, span: Span) -> String {
        cut(&self.value(span))
    }

    /// The value at `span`, whole: its pseudonym if it is a key, else its text with
    /// trailing padding removed.
    pub fn value(&self, span: Span) -> Cow<'_, str> {
        if let Some((len, p)) = self.pseudonyms.get(&span.start)
            && span.len() <= *len
            && !span.is_empty()
        {
            return Cow::Borrowed(p);
        }
        let end = span.end.min(self.bytes.len());
        let start = span.start.min(end);
        let raw = self.bytes[start..end].trim_ascii_end();
        // A value read across a line break (a file wrapped at 80 columns) is quoted as it
        // was read: without the break.
        if raw.iter().any(|b| matches!(b, b'\r' | b'\n')) {
            let joined: Vec<u8> = raw
                .iter()
                .copied()
                .filter(|b| !matches!(b, b'\r' | b'\n'))
                .collect();
            return Cow::Owned(String::from_utf8_lossy(&joined).into_owned());
        }
        String::from_utf8_lossy(raw)
    }

    /// A value a rule computed (not a slice of the file): personal, so masked whole
    /// under redaction.
    pub fn computed(&self, value: &str) -> String {
        if self.redacted {
            cut(&"#".repeat(value.len()))
        } else {
            cut(value)
        }
    }

    /// A segment ID: under redaction, one the 837P does not know is masked.
    pub fn segment_id(&self, id: &SegmentId) -> String {
        match known_segment_id(&id.0) {
            _ if !self.redacted => id.0.clone(),
            Some(known) => known.to_string(),
            None => "#".repeat(id.0.len()),
        }
    }

    /// A segment ID for a 999's IK301: a known ID, or one shaped like an ID when not
    /// redacting; otherwise none (the 999 gives the position alone).
    pub fn ack_segment_id(&self, id: &SegmentId) -> Option<String> {
        if let Some(known) = known_segment_id(&id.0) {
            return Some(known.to_string());
        }
        let shaped = (2..=3).contains(&id.0.len())
            && id
                .0
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        (!self.redacted && shaped).then(|| id.0.clone())
    }

    /// An element reference such as `SV101-2`: under redaction, none when the 837P does
    /// not know its segment ID.
    pub fn element_ref(&self, e: &crate::diagnostic::ElementRef) -> Option<String> {
        (!self.redacted || known_segment_id(&e.segment).is_some()).then(|| e.to_string())
    }

    /// A control number (ISA13, GS06, ST02): under redaction, shown only when it has the
    /// shape of one (letters and digits, at most 9).
    pub fn control(&self, c: &Control) -> String {
        let shaped = c.0.len() <= 9 && c.0.bytes().all(|b| b.is_ascii_alphanumeric());
        if !self.redacted || shaped {
            c.0.clone()
        } else {
            "#".repeat(c.0.len())
        }
    }

    /// The keys of a claim as this view shows them.
    pub fn claim(&self, keys: &ClaimKeys) -> ShownClaim {
        let text = |span: Option<Span>| {
            span.map(|s| self.value(s).into_owned())
                .filter(|v| !v.is_empty())
        };
        ShownClaim {
            ordinal: keys.ordinal,
            of: keys.of,
            id: text(keys.clm01),
            payer: text(keys.payer),
            billing_npi: text(keys.billing_npi),
        }
    }
}

/// Cuts `text` to [`MAX_QUOTE`] characters and writes control characters visibly (`\n`,
/// `\r`, `\t`, `\x1B`), so two values that differ never print alike.
pub fn cut(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_QUOTE * 4));
    for (i, c) in text.chars().enumerate() {
        if i == MAX_QUOTE {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A segment ID read from the file. Shown only through a [`View`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SegmentId(String);

impl SegmentId {
    /// The ID of `segment`; a segment without element separator is all ID, cut after 40
    /// characters so a 100 MB line is not kept whole.
    pub fn of(id: &[u8]) -> Self {
        let cut = &id[..id.len().min(MAX_QUOTE * 4)];
        SegmentId(
            String::from_utf8_lossy(cut)
                .chars()
                .take(MAX_QUOTE)
                .collect(),
        )
    }

    /// Whether this is `id`.
    pub fn is(&self, id: &str) -> bool {
        self.0 == id
    }
}

impl From<&'static str> for SegmentId {
    fn from(id: &'static str) -> Self {
        SegmentId(id.to_string())
    }
}

impl fmt::Debug for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match known_segment_id(&self.0) {
            Some(id) => write!(f, "SegmentId({id})"),
            None => write!(f, "SegmentId(unknown, {} bytes)", self.0.len()),
        }
    }
}

/// A control number read from the envelope (ISA13, GS06, ST02). Shown only through a
/// [`View`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Control(String);

impl Control {
    pub fn of(value: &[u8]) -> Self {
        Control(
            String::from_utf8_lossy(&value[..value.len().min(80)])
                .trim()
                .to_string(),
        )
    }
}

impl fmt::Debug for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Control({} bytes)", self.0.len())
    }
}

/// What names a claim: its ordinal in the transaction set, and where its CLM01, its
/// payer's ID (2010BB NM109) and its billing provider's NPI (2010AA NM109) are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClaimKeys {
    pub ordinal: usize,
    /// Claims in the transaction set.
    pub of: usize,
    pub clm01: Option<Span>,
    pub payer: Option<Span>,
    pub billing_npi: Option<Span>,
}

/// The keys of a claim as a view shows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShownClaim {
    pub ordinal: usize,
    pub of: usize,
    pub id: Option<String>,
    pub payer: Option<String>,
    pub billing_npi: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~CLM*PCN0001*150~NM1*IL*1*DOE*JANE****MI*XJD000000001~";

    fn span_of(value: &str) -> Span {
        Span::at(FILE.find(value).unwrap(), value.len())
    }

    #[test]
    fn keys_get_pseudonyms_with_a_key_and_are_masked_without() {
        let keyed = View::redacted(FILE.as_bytes(), &Redaction::with_key("secret"));
        let clm01 = keyed.quote(span_of("PCN0001"));
        assert_eq!(clm01, pseudonym(b"secret", b"PCN0001"));
        assert!(clm01.starts_with("pk_") && clm01.len() == 15);
        assert_eq!(
            keyed.quote(span_of("XJD000000001")),
            pseudonym(b"secret", b"XJD000000001")
        );
        let unkeyed = View::redacted(FILE.as_bytes(), &Redaction::without_key());
        assert_eq!(unkeyed.quote(span_of("PCN0001")), "#######");
        assert_eq!(unkeyed.quote(span_of("DOE")), "###");
        let plain = View::plain(FILE.as_bytes());
        assert_eq!(plain.quote(span_of("PCN0001")), "PCN0001");
    }

    #[test]
    fn long_values_are_masked_before_they_are_cut() {
        let long = format!("{FILE}NTE*ADD*{}~", "A".repeat(60));
        let view = View::redacted(long.as_bytes(), &Redaction::without_key());
        let at = long.find("AAAA").unwrap();
        assert_eq!(view.quote(Span::at(at, 60)), format!("{}…", "#".repeat(40)));
    }

    #[test]
    fn unknown_segment_ids_are_masked_and_never_acknowledged() {
        let view = View::redacted(FILE.as_bytes(), &Redaction::without_key());
        let stray = SegmentId::of(b"JANE DOE");
        assert_eq!(view.segment_id(&stray), "########");
        assert_eq!(view.ack_segment_id(&stray), None);
        assert_eq!(
            view.ack_segment_id(&SegmentId::of(b"NM1")).as_deref(),
            Some("NM1")
        );
        assert_eq!(view.ack_segment_id(&SegmentId::of(b"NMX")), None);
        let plain = View::plain(b"");
        assert_eq!(
            plain.ack_segment_id(&SegmentId::of(b"NMX")).as_deref(),
            Some("NMX")
        );
        assert_eq!(plain.ack_segment_id(&stray), None);
        assert_eq!(View::plain(b"").segment_id(&stray), "JANE DOE");
    }
}
