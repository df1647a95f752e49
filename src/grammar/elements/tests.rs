//! The generated element checks against the interpreted ones: the same findings (problem,
//! element, span), in the same order, for every segment of the samples and the corpus
//! copies, and for random segments built from the guide's segment uses.

use proptest::prelude::*;

use super::{ElementFinding, Problem, check, check_interpreted, value_problem};
use crate::grammar::{DataType, ElementDef, LOOPS, SegmentDef};
use crate::source::Span;
use crate::x12::Segment;
use crate::x12::delimiters::{Delimiters, read_isa};
use crate::x12::segment::Segments;

/// A finding as the two checks are compared: the element by identity.
type Seen = (Problem, *const ElementDef, Span);

fn findings(
    segment: &Segment<'_>,
    def: &'static SegmentDef,
    run: fn(&Segment<'_>, &'static SegmentDef, &mut dyn FnMut(ElementFinding)),
) -> Vec<Seen> {
    let mut seen = Vec::new();
    run(segment, def, &mut |f| {
        seen.push((f.problem, f.def as *const _, f.span))
    });
    seen
}

fn generated(s: &Segment<'_>, d: &'static SegmentDef, r: &mut dyn FnMut(ElementFinding)) {
    check(s, d, &mut |f| r(f));
}

fn interpreted(s: &Segment<'_>, d: &'static SegmentDef, r: &mut dyn FnMut(ElementFinding)) {
    check_interpreted(s, d, &mut |f| r(f));
}

fn uses() -> impl Iterator<Item = &'static SegmentDef> {
    LOOPS.iter().flat_map(|l| l.segments.iter())
}

/// Checks `segment` both ways against every use of its segment ID (or of `id`); returns
/// how many findings the two agreed on.
fn compare(segment: &Segment<'_>, what: &str) -> usize {
    let mut agreed = 0;
    for def in uses().filter(|d| d.id.as_bytes() == segment.id()) {
        let want = findings(segment, def, interpreted);
        let got = findings(segment, def, generated);
        assert_eq!(
            got,
            want,
            "{what}: {} read as {} at {}",
            String::from_utf8_lossy(segment.raw),
            def.id,
            def.position
        );
        agreed += want.len();
    }
    agreed
}

fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn generated_checks_agree_with_the_tables_on_every_sample_and_corpus_segment() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("samples"), &mut paths);
    files(&root.join("tests/corpus"), &mut paths);
    let (mut segments, mut agreed) = (0, 0);
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        // Every interchange with its own delimiters.
        let starts: Vec<usize> = memchr::memmem::find_iter(&bytes, b"ISA").collect();
        for (n, &start) in starts.iter().enumerate() {
            let Ok(header) = read_isa(&bytes[start..]) else {
                continue;
            };
            let end = starts.get(n + 1).copied().unwrap_or(bytes.len());
            let what = path.display().to_string();
            for segment in Segments::new(&bytes, start, end, 1, header.delimiters) {
                segments += 1;
                agreed += compare(&segment, &what);
            }
        }
    }
    // The folders are there and hold findings to agree on, not only clean segments.
    assert!(paths.len() > 500, "{} files", paths.len());
    assert!(segments > 20_000, "{segments} segments");
    assert!(agreed > 1_000, "{agreed} findings");
}

/// One value of a random segment: empty, one of the element's codes, or random bytes that
/// may hold separators, control characters, digits, points and signs.
#[derive(Debug, Clone)]
enum Value {
    Empty,
    Code(usize),
    Text(Vec<u8>),
}

/// Values with the shape of a date, a time or a number, good or bad.
const SHAPED: &[&[u8]] = &[
    b"20240131",
    b"1230",
    b"123045",
    b"20240230",
    b"-1.5",
    b"1.2.3",
];

fn value() -> impl Strategy<Value = Value> {
    let byte = prop::sample::select(b"0123456789.-AZaz :^~*\x01\x7f\xc3\x89\xc9>HCUN12".to_vec());
    prop_oneof![
        1 => Just(Value::Empty),
        2 => any::<usize>().prop_map(Value::Code),
        3 => prop::collection::vec(byte, 0..14).prop_map(Value::Text),
        1 => prop::sample::select(SHAPED).prop_map(|v| Value::Text(v.to_vec())),
    ]
}

fn write(out: &mut Vec<u8>, v: &Value, def: Option<&ElementDef>) {
    match v {
        Value::Empty => {}
        Value::Code(i) => match def.filter(|d| !d.codes.is_empty()) {
            Some(d) => out.extend_from_slice(d.codes[i % d.codes.len()].as_bytes()),
            None => out.extend_from_slice(&(i % 1000).to_string().into_bytes()),
        },
        Value::Text(t) => {
            // Separators other than the element separator: those are in the layout.
            out.extend(
                t.iter()
                    .map(|&b| if b == b'*' || b == b'~' { b'A' } else { b }),
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn generated_checks_agree_with_the_tables_on_random_segments(
        use_index in any::<usize>(),
        elements in prop::collection::vec(prop::collection::vec(value(), 1..5), 0..24),
        clean in any::<bool>(),
    ) {
        let all: Vec<&'static SegmentDef> = uses().collect();
        let def = all[use_index % all.len()];
        let mut raw = def.id.as_bytes().to_vec();
        for (i, pieces) in elements.iter().enumerate() {
            raw.push(b'*');
            let e = def.elements.get(i);
            let composite = e.is_some_and(|e| e.data_type == DataType::Composite);
            for (k, piece) in pieces.iter().enumerate() {
                if k > 0 {
                    raw.push(b':');
                }
                let d = if composite { e.and_then(|e| e.components.get(k)) } else { e };
                write(&mut raw, piece, d);
            }
        }
        if clean {
            // Most segments hold no odd byte: the generated path proper.
            raw.retain(|&b| (0x20..0x7f).contains(&b) && b != b'^');
        }
        let segment = Segment {
            raw: &raw,
            start: 7,
            ordinal: 1,
            delimiters: Delimiters::default(),
        };
        let want = findings(&segment, def, interpreted);
        let got = findings(&segment, def, generated);
        prop_assert_eq!(got, want, "{}", String::from_utf8_lossy(&raw));
    }
}

/// A byte from 0x80 up is one finding for its element, in short segments (read a word at a
/// time) and long ones alike; a control character in the same value is the finding instead.
#[test]
fn bytes_outside_the_character_sets() {
    let nm1 = uses()
        .find(|d| d.id == "NM1" && d.elements[0].codes.contains(&"IL"))
        .expect("the subscriber's NM1");
    let name = &nm1.elements[2];
    assert_eq!(
        value_problem(b"REN\xc3\x89", name),
        Some(Problem::InvalidCharacter)
    );
    assert_eq!(
        value_problem(b"REN\xc9", name),
        Some(Problem::InvalidCharacter)
    );
    assert_eq!(
        value_problem(b"REN\t\xc9", name),
        Some(Problem::ControlCharacter)
    );
    assert_eq!(
        value_problem(b"o'Brien & Sons #2 {a} [b] <c> `d`", name),
        None
    );
    let padding = "A".repeat(60);
    for first in ["JANE", padding.as_str()] {
        // A Latin-1 `É` and a UTF-8 `Ñ` in one value.
        let raw = [
            &b"NM1*IL*1*REN\xc9E-CASTA\xc3\x91EDA*"[..],
            first.as_bytes(),
            b"****MI*XJD000000001",
        ]
        .concat();
        let segment = Segment {
            raw: &raw,
            start: 0,
            ordinal: 1,
            delimiters: Delimiters::default(),
        };
        let got: Vec<(Problem, Span)> = findings(&segment, nm1, generated)
            .into_iter()
            .filter(|(p, _, _)| !matches!(p, Problem::TooLong))
            .map(|(p, _, s)| (p, s))
            .collect();
        assert_eq!(
            got,
            vec![(Problem::InvalidCharacter, Span::new(9, 9 + 16))],
            "{}",
            String::from_utf8_lossy(&raw)
        );
    }
}
