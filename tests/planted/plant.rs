//! Planting: distinctive values from a small deterministic generator (so a failing seed
//! can be replayed), written into every personal-data element of a file and into
//! malformed positions.

use crate::PIECE;

// ---------------------------------------------------------------------------------------
// Random values.

pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Letters no English word, code or message is made of: consonants only, so a piece of a
/// planted value found in an output is a leak, not a coincidence.
const LETTERS: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
/// Digits without `0`: the numbers a 999 or a report writes of its own (control numbers
/// such as `000000016`, counts) are full of zeros, planted numbers have none.
const DIGITS: &[u8] = b"123456789";

#[derive(Clone, Copy)]
enum Kind {
    Name,
    Id,
    Digits,
    Date,
    Text,
}

fn word(rng: &mut Rng, alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| *rng.pick(alphabet) as char).collect()
}

fn value(rng: &mut Rng, kind: Kind) -> String {
    match kind {
        Kind::Name => {
            let len = 8 + rng.below(12);
            word(rng, LETTERS, len)
        }
        Kind::Id => format!(
            "{}{}{}",
            word(rng, LETTERS, 4),
            word(rng, DIGITS, 6),
            word(rng, LETTERS, 2)
        ),
        Kind::Digits => word(rng, DIGITS, 10),
        // A plausible birth date, in years no date of service in the samples has (a piece
        // `YYMMDD` of a 2026 service date would match a 1926 birth date), without `0`.
        Kind::Date => format!(
            "19{}{}{}{}",
            *rng.pick(b"3456789") as char,
            *rng.pick(DIGITS) as char,
            *rng.pick(&[11, 12]),
            11 + rng.below(18)
        ),
        Kind::Text => format!(
            "{} {} {}",
            word(rng, LETTERS, 7),
            word(rng, LETTERS, 6),
            word(rng, LETTERS, 8)
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Planting.

/// What to plant in element `n` (component `c`) of a segment, by the 837P's meaning of
/// the element: names, identifiers, addresses, birth and other personal dates, phone
/// numbers and e-mail, claim numbers, free text. Payer IDs (2010BB NM109) and NPIs
/// (NM108 `XX`) are claim keys a report shows, not personal data.
fn personal(id: &[u8], n: usize, c: Option<usize>, values: &[&[u8]]) -> Option<Kind> {
    let v = |i: usize| values.get(i).copied().unwrap_or_default();
    Some(match (id, n, c) {
        (b"NM1", 3..=5 | 7, None) => Kind::Name,
        (b"NM1", 9, None) if v(1) != b"PR" && v(8) != b"XX" => Kind::Id,
        (b"N3", 1 | 2, None) => Kind::Text,
        (b"N4", 1, None) => Kind::Name,
        (b"N4", 3, None) => Kind::Digits,
        (b"DMG", 2, None) => Kind::Date,
        (b"PER", 2, None) => Kind::Name,
        (b"PER", 4 | 6 | 8, None) => Kind::Digits,
        (b"REF", 2, None) => Kind::Id,
        (b"SBR", 3, None) => Kind::Id,
        (b"SBR", 4, None) => Kind::Name,
        (b"CLM", 1, None) => Kind::Id,
        (b"NTE", 2, None) | (b"K3", 1, None) => Kind::Text,
        (b"SV1", 1, Some(7)) => Kind::Text,
        (b"DTP", 3, None) if !matches!(v(1), b"472" | b"434" | b"573") => Kind::Date,
        (b"PAT", 6, None) => Kind::Date,
        (b"BHT", 3, None) | (b"PWK", 6, None) => Kind::Id,
        _ => return None,
    })
}

/// One planted file: its bytes and every value planted in it.
pub(crate) struct Planted {
    pub(crate) bytes: Vec<u8>,
    /// `bytes` with everything planted blanked out: what the file shows of its own.
    pub(crate) background: Vec<u8>,
    pub(crate) values: Vec<String>,
}

/// A replacement of `start..end` of the source.
struct Edit {
    start: usize,
    end: usize,
    with: Vec<u8>,
}

/// Plants values in `source` with `rng`: in every personal element (most of them), and
/// some malformed positions.
pub(crate) fn plant(source: &[u8], rng: &mut Rng) -> Planted {
    use claimlint::x12;
    let doc = x12::parse(source);
    let mut edits: Vec<Edit> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut terminators: Vec<(usize, u8)> = Vec::new();
    let plant_value = |rng: &mut Rng, kind: Kind, values: &mut Vec<String>| -> String {
        let mut v = value(rng, kind);
        // Over-long: past every element's maximum.
        if rng.chance(6) {
            while v.len() < 90 {
                v.push_str(&value(rng, Kind::Name));
            }
        }
        values.push(v.clone());
        // A control character in the middle (the pieces on either side are planted too).
        if v.len() >= 2 * PIECE + 2 && rng.chance(6) {
            let at = v.len() / 2;
            let ctl = *rng.pick(&["\u{1}", "\u{1b}[2J", "\u{7f}", "\t", "\r"]);
            v.insert_str(at, ctl);
        }
        v
    };
    for (i, ic) in doc.interchanges.iter().enumerate() {
        let next = doc
            .interchanges
            .get(i + 1)
            .map_or(source.len(), |n| n.isa.start);
        let end = ic
            .iea
            .map_or(next, |iea| (iea.start + iea.raw.len()).min(next));
        let d = ic.isa.delimiters;
        for segment in x12::Segments::new(source, ic.isa.start, end, 1, d) {
            terminators.push((segment.start + segment.raw.len(), d.segment));
            let id = segment.id();
            let elements: Vec<&[u8]> = std::iter::once(id)
                .chain(segment.elements().map(|e| e.value))
                .collect();
            let mut planted_here = false;
            for e in segment.elements() {
                let composite = e.value.contains(&d.component) || (id == b"SV1" && e.position == 1);
                for p in e.components() {
                    let c = composite.then_some(p.position);
                    let Some(kind) = personal(id, e.position, c, &elements) else {
                        continue;
                    };
                    if !rng.chance(85) {
                        continue;
                    }
                    let v = plant_value(rng, kind, &mut values);
                    edits.push(Edit {
                        start: p.start,
                        end: p.start + p.value.len(),
                        with: v.into_bytes(),
                    });
                    planted_here = true;
                }
                // SV101-7 when the sender left it out.
                if id == b"SV1" && e.position == 1 && e.components().count() < 7 && rng.chance(30) {
                    let missing = 7 - e.components().count();
                    let sep = (d.component as char).to_string().repeat(missing);
                    let v = plant_value(rng, Kind::Text, &mut values);
                    edits.push(Edit {
                        start: e.start + e.value.len(),
                        end: e.start + e.value.len(),
                        with: format!("{sep}{v}").into_bytes(),
                    });
                    planted_here = true;
                }
            }
            // Claim notes, K3 free text and a personal date the samples lack: inserted after
            // the CLM.
            if id == b"CLM" && rng.chance(40) {
                let (e, c, t) = (d.element as char, d.component as char, d.segment as char);
                let note = plant_value(rng, Kind::Text, &mut values);
                let k3 = plant_value(rng, Kind::Text, &mut values);
                let onset = plant_value(rng, Kind::Date, &mut values);
                let at = segment.start + segment.raw.len() + 1;
                if source.get(at - 1) == Some(&d.segment) {
                    edits.push(Edit {
                        start: at,
                        end: at,
                        with: format!(
                            "DTP{e}431{e}D8{e}{onset}{t}K3{e}{k3}{t}NTE{e}ADD{e}{note}{t}PWK{e}OZ{e}BM{e}{e}{e}AC{e}{}{t}",
                            plant_value(rng, Kind::Id, &mut values)
                        )
                        .into_bytes(),
                    });
                    let _ = c;
                }
            }
            // A lost separator shifts planted values into the positions after them.
            if planted_here && rng.chance(25) {
                let seps: Vec<usize> = segment
                    .raw
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == d.element || **b == d.component)
                    .map(|(at, _)| segment.start + at)
                    .filter(|at| {
                        !edits
                            .iter()
                            .any(|e| e.start <= *at && *at < e.end.max(e.start + 1))
                    })
                    .collect();
                if !seps.is_empty() {
                    let at = *rng.pick(&seps);
                    edits.push(Edit {
                        start: at,
                        end: at + 1,
                        with: Vec::new(),
                    });
                }
            }
        }
        // Text after the IEA.
        if ic.iea.is_some() && rng.chance(20) {
            let v = plant_value(rng, Kind::Text, &mut values);
            let at = if source.get(end) == Some(&d.segment) {
                end + 1
            } else {
                end
            };
            edits.push(Edit {
                start: at,
                end: at,
                with: format!("\n{v}\n").into_bytes(),
            });
        }
    }
    // Stray lines and unknown segments after some terminators.
    for &(at, terminator) in &terminators {
        if at >= source.len() || source[at] != terminator {
            continue;
        }
        if rng.chance(3) {
            let v = plant_value(rng, Kind::Text, &mut values);
            let date = plant_value(rng, Kind::Date, &mut values);
            edits.push(Edit {
                start: at + 1,
                end: at + 1,
                with: format!("\n{v} {date}\n").into_bytes(),
            });
        } else if rng.chance(3) {
            let name = plant_value(rng, Kind::Name, &mut values);
            let id = plant_value(rng, Kind::Id, &mut values);
            let segment_id = if rng.chance(50) {
                "ZZQ".to_string()
            } else {
                plant_value(rng, Kind::Name, &mut values)
            };
            edits.push(Edit {
                start: at + 1,
                end: at + 1,
                with: format!("{segment_id}*{name}*{id}{}", terminator as char).into_bytes(),
            });
        }
    }
    // Text before the first ISA.
    if rng.chance(5) {
        let v = plant_value(rng, Kind::Text, &mut values);
        edits.push(Edit {
            start: 0,
            end: 0,
            with: format!("{v}\n").into_bytes(),
        });
    }
    // A file with nothing to plant in still gets a stray line at its end.
    if values.is_empty() {
        let v = plant_value(rng, Kind::Text, &mut values);
        edits.push(Edit {
            start: source.len(),
            end: source.len(),
            with: format!("\n{v}\n").into_bytes(),
        });
    }
    let (bytes, background) = apply(source, edits);
    Planted {
        bytes,
        background,
        values,
    }
}

/// Applies non-overlapping edits (overlapping ones after the first are dropped); returns
/// the planted file and its background (the same with every inserted byte blanked).
fn apply(source: &[u8], mut edits: Vec<Edit>) -> (Vec<u8>, Vec<u8>) {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = Vec::with_capacity(source.len() + 256);
    let mut background = Vec::with_capacity(source.len() + 256);
    let mut at = 0;
    for e in edits {
        if e.start < at || e.end > source.len() {
            continue;
        }
        out.extend_from_slice(&source[at..e.start]);
        background.extend_from_slice(&source[at..e.start]);
        out.extend_from_slice(&e.with);
        background.extend(std::iter::repeat_n(0, e.with.len()));
        at = e.end;
    }
    out.extend_from_slice(&source[at..]);
    background.extend_from_slice(&source[at..]);
    (out, background)
}

#[test]
fn planting_replaces_personal_elements_and_keeps_the_rest() {
    let source = b"ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~\
GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~\
NM1*IL*1*DOE*JANE****MI*XJD000000001~CLM*PCN0001*150***11:B:1*Y~\
SV1*HC:99213*100*UN*1***1~DTP*472*D8*20240110~SE*6*0001~GE*1*1~IEA*1*000000001~";
    let mut rng = Rng(1);
    let planted = plant(source, &mut rng);
    let text = String::from_utf8_lossy(&planted.bytes);
    for kept in [
        "SV1*HC:99213",
        "*100*UN*1***1~",
        "DTP*472*D8*20240110",
        "NM1*IL*1*",
    ] {
        assert!(text.contains(kept), "{kept}: {text}");
    }
    assert!(!planted.values.is_empty());
    for v in &planted.values {
        let clean: String = v.chars().filter(|c| !c.is_control()).collect();
        let first: String = clean.chars().take(PIECE).collect();
        assert!(text.contains(&first), "`{v}` not in {text}");
    }
}
