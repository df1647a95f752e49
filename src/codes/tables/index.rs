//! Integer keys and direct indexes over the code tables, so a lookup compares integers, not
//! text.
//!
//! The text tables stay the source (reviewable, with their provenance); the build script
//! (`build/code_tables.rs`, which includes this file by path) derives from each embedded one a
//! sorted array of integer keys or a direct index, and the library builds the same for a
//! HCPCS file loaded at run time. Std only, no `crate::` paths.
//!
//! Two shapes:
//!
//! * [`code_key`]: a code of up to 7 capital letters and digits read as a big-endian integer
//!   (ICD-10-CM, its history, the NOC list), found by a binary search over integers.
//! * [`SlotIndex`]: codes that number into a small space ([`procedure_slot`]: a letter and
//!   four digits, 260,000 slots; [`modifier_slot`]; [`pos_slot`]) get one bit per slot and a
//!   running count per 64 slots, so a lookup is a bit test and a population count.
//!
//! Every function here refuses what no table can hold (lower case, a decimal point, spaces,
//! other bytes, the wrong length) before it touches a table, so a lookup is exact: no
//! trimming, no padding that could make `E11 ` find `E11`.

use std::borrow::Cow;

/// Longest code a [`code_key`] holds (ICD-10-CM: 7 characters).
pub const KEY_CHARS: usize = 7;

/// Bits of a key below the code, free for a flag of the table.
pub const FLAG_MASK: u64 = 0xFF;

/// The flag of an ICD-10-CM key whose code is billable.
pub const BILLABLE: u64 = 1;

/// The flag of an ICD-10-CM key whose code has another status in an earlier embedded
/// release (it is in the history table): one lookup tells a code that is billable in every
/// release.
pub const CHANGED: u64 = 2;

/// The key of a code of 1 to [`KEY_CHARS`] capital letters and digits: its bytes from the
/// top byte down, zeros below. Keys sort as the codes do (`E11` < `E110` < `E12`: a missing
/// character is a zero byte, below every digit and letter), and the low byte
/// ([`FLAG_MASK`]) is always zero, left for the table's flag. `None` for anything else.
#[inline]
pub fn code_key(code: &[u8]) -> Option<u64> {
    if code.is_empty() || code.len() > KEY_CHARS {
        return None;
    }
    let key = packed(code);
    all_code_bytes(key, code.len()).then_some(key)
}

/// A code of 1 to [`KEY_CHARS`] bytes of any value as one word: its bytes as [`code_key`]
/// packs them, and its length in the low byte, so two codes have the same word only if they
/// are the same bytes (the length tells `E11` from `E11` and a zero byte after it). Unlike
/// [`code_key`], it checks no byte: a word to remember a code by, not to search a table
/// with. `None` for another length.
#[inline(always)]
pub fn code_word(code: &[u8]) -> Option<u64> {
    if code.is_empty() || code.len() > KEY_CHARS {
        return None;
    }
    Some(packed(code) | code.len() as u64)
}

/// Whether the top `n` bytes of `word` (1 to 8) are all capital letters or digits, every
/// byte at once: a byte below 0x80 plus `0x80 - c` has its top bit set exactly when the
/// byte is at least `c`, and no sum carries into the next byte.
#[inline(always)]
fn all_code_bytes(word: u64, n: usize) -> bool {
    const TOP: u64 = 0x8080_8080_8080_8080;
    if word & TOP != 0 {
        return false;
    }
    let at_least = |c: u8| (word + u64::from(0x80 - c) * (TOP >> 7)) & TOP;
    let digit = at_least(b'0') & !at_least(b'9' + 1);
    let capital = at_least(b'A') & !at_least(b'Z' + 1);
    let wanted = TOP << (64 - 8 * n);
    (digit | capital) & wanted == wanted
}

/// The bytes of `code` (1 to 8 of them) from the top byte down, zeros below: two loads that
/// may overlap (a byte loaded twice lands in the same place both times) instead of a shift
/// per byte.
#[inline(always)]
fn packed(code: &[u8]) -> u64 {
    let n = code.len();
    let word = |at: usize, width: usize| {
        code[at..at + width]
            .iter()
            .fold(0u64, |w, &b| w << 8 | u64::from(b))
    };
    match n {
        4..=8 => {
            let first = u64::from(u32::from_be_bytes([code[0], code[1], code[2], code[3]]));
            let last = u64::from(u32::from_be_bytes([
                code[n - 4],
                code[n - 3],
                code[n - 2],
                code[n - 1],
            ]));
            first << 32 | last << (64 - 8 * n)
        }
        1..=3 => word(0, n) << (64 - 8 * n),
        _ => 0,
    }
}

/// Finds `code` among `keys` (sorted, one per code, each a [`code_key`] with the table's flag
/// in the low byte): its position and the stored key with its flag.
#[inline]
pub fn find_key(keys: &[u64], code: &[u8]) -> Option<(usize, u64)> {
    let probe = code_key(code)?;
    // The probe's flag byte is zero, so the first key not below it is the code's, if stored.
    let i = keys.partition_point(|&k| k < probe);
    let key = *keys.get(i)?;
    (key & !FLAG_MASK == probe).then_some((i, key))
}

/// A direct index over a key array by a code's first three characters (capital letters
/// and digits: 36³ buckets), so that a lookup searches only the codes that share them:
/// `starts[b]..starts[b + 1]` are the keys of bucket `b`. The ICD-10-CM table has 98,000
/// keys: a binary search over all of them misses the cache at most of its 17 steps, one
/// over a bucket (a few hundred keys at most) at few. The build writes it beside the keys.
///
/// `None` when a key is too short to have a bucket or there are more keys than a `u32`
/// counts.
pub fn bucket_starts(keys: &[u64]) -> Option<Vec<u32>> {
    u32::try_from(keys.len()).ok()?;
    let mut starts = Vec::with_capacity(BUCKETS + 1);
    for (i, &key) in keys.iter().enumerate() {
        let bucket = bucket_of_key(key)?;
        // Sorted keys give non-decreasing buckets: every bucket up to this key's starts
        // here or before.
        while starts.len() <= bucket {
            starts.push(i as u32);
        }
    }
    starts.resize(BUCKETS + 1, keys.len() as u32);
    Some(starts)
}

/// Characters of a code that make its bucket, and how many buckets there are.
const BUCKET_CHARS: usize = 3;
pub const BUCKETS: usize = 36 * 36 * 36;

/// [`find_key`], searching only `code`'s bucket of `starts` ([`bucket_starts`] of `keys`).
#[inline]
pub fn find_in_bucket(starts: &[u32], keys: &[u64], code: &[u8]) -> Option<(usize, u64)> {
    find_probe_in_bucket(starts, keys, code_key(code)?)
}

/// [`find_in_bucket`] for the [`code_key`] of a code, made by the caller.
#[inline(always)]
pub fn find_probe_in_bucket(starts: &[u32], keys: &[u64], probe: u64) -> Option<(usize, u64)> {
    let Some(bucket) = bucket_of_key(probe) else {
        // Shorter than a bucket's characters: the whole table is searched.
        let i = keys.partition_point(|&k| k < probe);
        let key = *keys.get(i)?;
        return (key & !FLAG_MASK == probe).then_some((i, key));
    };
    let (from, to) = (
        *starts.get(bucket)? as usize,
        *starts.get(bucket + 1)? as usize,
    );
    let range = keys.get(from..to)?;
    let i = from + range.partition_point(|&k| k < probe);
    let key = *keys.get(i)?;
    (key & !FLAG_MASK == probe).then_some((i, key))
}

/// The bucket of a [`code_key`] by its first three characters, `None` for a code shorter
/// than three.
#[inline]
fn bucket_of_key(key: u64) -> Option<usize> {
    let value = |n: usize| CHAR_VALUES[usize::from((key >> (56 - 8 * n)) as u8)];
    let (a, b, c) = (value(0), value(1), value(2));
    // One test for the three: a byte that is no code character has a value above 35.
    if (a | b | c) & NOT_A_CHARACTER != 0 {
        return None;
    }
    Some((usize::from(a) * 36 + usize::from(b)) * 36 + usize::from(c))
}

/// The value of a code character in bucket order (digits `0` to `9`, then capitals `10` to
/// `35`), and [`NOT_A_CHARACTER`] for every other byte: one load per character.
static CHAR_VALUES: [u8; 256] = {
    let mut table = [NOT_A_CHARACTER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_digit() {
            table[b] = byte - b'0';
        } else if byte.is_ascii_uppercase() {
            table[b] = byte - b'A' + 10;
        }
        b += 1;
    }
    table
};

/// [`CHAR_VALUES`] of a byte that is not a code character: a bit no value below 36 has.
const NOT_A_CHARACTER: u8 = 0x40;

/// Whether `keys` is a valid key array: strictly increasing codes, so every code has at most
/// one key and a binary search finds it.
pub fn keys_are_sorted(keys: &[u64]) -> bool {
    keys.windows(2)
        .all(|w| w[0] & !FLAG_MASK < w[1] & !FLAG_MASK)
}

/// The number of procedure slots: 26 letters times 10,000.
pub const PROCEDURE_SLOTS: usize = 26 * 10_000;

/// The slot of a HCPCS Level II procedure code (a capital letter and four digits), in code
/// order: `A0000` is 0, `Z9999` is 259,999.
#[inline]
pub fn procedure_slot(code: &[u8]) -> Option<usize> {
    let &[letter, a, b, c, d] = code else {
        return None;
    };
    if !letter.is_ascii_uppercase() || ![a, b, c, d].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digit = |x: u8| usize::from(x - b'0');
    Some(
        usize::from(letter - b'A') * 10_000
            + digit(a) * 1000
            + digit(b) * 100
            + digit(c) * 10
            + digit(d),
    )
}

/// The number of modifier slots: two characters of 36.
pub const MODIFIER_SLOTS: usize = 36 * 36;

/// The slot of a two-character modifier of capital letters and digits, in code order (digits
/// sort before letters): `00` is 0, `ZZ` is 1,295.
#[inline]
pub fn modifier_slot(code: &[u8]) -> Option<usize> {
    let &[a, b] = code else {
        return None;
    };
    let value = |x: u8| match x {
        b'0'..=b'9' => Some(usize::from(x - b'0')),
        b'A'..=b'Z' => Some(usize::from(x - b'A') + 10),
        _ => None,
    };
    Some(value(a)? * 36 + value(b)?)
}

/// The number of place-of-service slots: two digits.
pub const POS_SLOTS: usize = 100;

/// The slot of a two-digit place-of-service code: its number.
#[inline]
pub fn pos_slot(code: &[u8]) -> Option<usize> {
    let &[a, b] = code else {
        return None;
    };
    if !a.is_ascii_digit() || !b.is_ascii_digit() {
        return None;
    }
    Some(usize::from(a - b'0') * 10 + usize::from(b - b'0'))
}

/// A direct index of a table whose codes number into a small space of slots: one bit per
/// slot, set for the table's codes, and for every 64 slots the number of codes before them,
/// so a code's position in the table is a bit test plus a population count. The table must
/// list its codes in slot order, which for every slot function here is code order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotIndex {
    bits: Cow<'static, [u64]>,
    ranks: Cow<'static, [u32]>,
}

impl SlotIndex {
    /// An index from arrays the build script wrote with [`bits`](Self::bits) and
    /// [`ranks`](Self::ranks).
    pub const fn from_static(bits: &'static [u64], ranks: &'static [u32]) -> SlotIndex {
        SlotIndex {
            bits: Cow::Borrowed(bits),
            ranks: Cow::Borrowed(ranks),
        }
    }

    /// The index of a table whose codes have these slots, in table order, out of
    /// `slot_count`. `None` if a code has no slot, or the slots are not strictly increasing
    /// (a position would then not be the code's record), or there are more than `u32::MAX`.
    pub fn build(
        slots: impl IntoIterator<Item = Option<usize>>,
        slot_count: usize,
    ) -> Option<SlotIndex> {
        let words = slot_count.div_ceil(64);
        let mut bits = vec![0u64; words];
        let mut previous = None;
        for slot in slots {
            let slot = slot.filter(|&s| s < slot_count && previous.is_none_or(|p| p < s))?;
            bits[slot / 64] |= 1 << (slot % 64);
            previous = Some(slot);
        }
        let mut ranks = Vec::with_capacity(words);
        let mut count = 0u32;
        for word in &bits {
            ranks.push(count);
            count = count.checked_add(word.count_ones())?;
        }
        Some(SlotIndex {
            bits: Cow::Owned(bits),
            ranks: Cow::Owned(ranks),
        })
    }

    /// The position in the table of the code with this slot, if the table holds it.
    #[inline]
    pub fn position(&self, slot: usize) -> Option<usize> {
        let word = *self.bits.get(slot / 64)?;
        let bit = slot % 64;
        if word >> bit & 1 == 0 {
            return None;
        }
        let rank = *self.ranks.get(slot / 64)?;
        let below = (word & ((1u64 << bit) - 1)).count_ones();
        Some(rank as usize + below as usize)
    }

    /// Number of codes in the index.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the index holds no code.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }

    /// The bit words, for the build script to write out.
    pub fn bits(&self) -> &[u64] {
        &self.bits
    }

    /// The running counts, for the build script to write out.
    pub fn ranks(&self) -> &[u32] {
        &self.ranks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key and bucket as first written, a byte at a time: what the loads and the
    /// table must answer.
    fn key_by_bytes(code: &[u8]) -> Option<u64> {
        if code.is_empty() || code.len() > KEY_CHARS {
            return None;
        }
        let mut key = 0u64;
        for &b in code {
            if !(b.is_ascii_uppercase() || b.is_ascii_digit()) {
                return None;
            }
            key = key << 8 | u64::from(b);
        }
        Some(key << (8 * (8 - code.len())))
    }

    fn bucket_by_bytes(key: u64) -> Option<usize> {
        let mut bucket = 0;
        for n in 0..BUCKET_CHARS {
            let value = match (key >> (56 - 8 * n)) as u8 {
                b @ b'0'..=b'9' => b - b'0',
                b @ b'A'..=b'Z' => b - b'A' + 10,
                _ => return None,
            };
            bucket = bucket * 36 + usize::from(value);
        }
        Some(bucket)
    }

    #[test]
    fn keys_and_buckets_are_the_byte_at_a_time_ones() {
        // Every length, with each byte of a few codes changed to every value.
        let mut checked = 0;
        for base in [
            &b"E11"[..],
            b"S0000XA",
            b"Z9",
            b"A",
            b"J0290",
            b"ZZZZZZZ",
            b"00000000",
        ] {
            for len in 0..=base.len() {
                for at in 0..len {
                    for b in 0..=u8::MAX {
                        let mut code = base[..len].to_vec();
                        code[at] = b;
                        let key = code_key(&code);
                        assert_eq!(key, key_by_bytes(&code), "{code:?}");
                        if let Some(key) = key {
                            assert_eq!(bucket_of_key(key), bucket_by_bytes(key), "{code:?}");
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 5_000, "{checked}");
        assert_eq!(code_key(b""), None);
        assert_eq!(code_key(b"E1199999"), None);
        assert_eq!(
            code_key(b"E119"),
            Some(u64::from_be_bytes(*b"E119\0\0\0\0"))
        );
        assert_eq!(bucket_of_key(code_key(b"E1").unwrap()), None);
    }
}
