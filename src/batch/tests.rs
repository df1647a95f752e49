use super::scan::Read;
use super::*;
use crate::Settings;

#[test]
fn amounts_compare_as_numbers() {
    assert_eq!(amount(b"150"), b"150");
    assert_eq!(amount(b"150.00"), b"150");
    assert_eq!(amount(b"150.50"), b"150.5");
    assert_eq!(amount(b"100"), b"100", "zeros before the point stay");
    assert_ne!(amount(b"150.5"), amount(b"15.05"));
}

#[test]
fn segments_are_read_by_their_id() {
    let d = crate::x12::Delimiters::default();
    for (raw, id) in [
        (&b"CLM*A1*150"[..], Read::Clm),
        (b"CLM", Read::Clm),
        (b"CLMX*A1", Read::Other),
        (b"CL*A1", Read::Other),
        (b"HL*1**20*1", Read::Hl),
        (b"HL", Read::Hl),
        (b"HLX", Read::Other),
        (b"SE*38*0001", Read::Se),
        (b"SBR*P", Read::Other),
        (b"NM1*85*2", Read::Nm1),
        (b"N3*1 ROAD", Read::Other),
        (b"LX*1", Read::Lx),
        (b"SV1*HC:99213*100", Read::Sv1),
        (b"SV10*1", Read::Other),
        (b"SV2*0450", Read::Other),
        (b"DTP*472*D8*20240110", Read::Dtp),
        (b"DMG*D8", Read::Other),
        (b"", Read::Other),
    ] {
        let seg = Segment {
            raw,
            start: 0,
            ordinal: 1,
            delimiters: d,
        };
        assert_eq!(Read::of(&seg), id, "{}", seg.id_str());
    }
    // A file whose element separator is a letter of the ID: the ID ends before it.
    let odd = crate::x12::Delimiters { element: b'L', ..d };
    let seg = Segment {
        raw: b"CLM",
        start: 0,
        ordinal: 1,
        delimiters: odd,
    };
    assert_eq!(seg.id(), b"C");
    assert_eq!(Read::of(&seg), Read::Other);
}

/// Every `.x12` file under `dir`, recursively.
fn x12_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            x12_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "x12") {
            out.push(path);
        }
    }
}

fn shown(keys: &FileKeys, bytes: &[u8]) -> (String, String) {
    (
        format!("{:?}", keys.interchanges(bytes)),
        format!("{:?}", keys.claims(bytes)),
    )
}

/// The keys gathered while a file is checked, from the segments of each transaction
/// set's model, are the keys read from the file itself: with the file's own component
/// separator where X032 read composites with another, and read from the file for the
/// sets the check does not model (too large, not 837P).
#[test]
fn keys_gathered_while_checking_are_the_keys_read_from_the_file() {
    let mut paths = Vec::new();
    x12_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
        &mut paths,
    );
    let mut files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
        .collect();
    for (seed, version) in [(1, "005010X222A1"), (2, "005010X223A2")] {
        let options = claimlint_synth::Options {
            claims: 120,
            seed,
            error_rate: 0.3,
            claims_per_st: 25,
            claims_per_provider: 7,
            version: version.to_string(),
            ..claimlint_synth::Options::default()
        };
        files.push((
            format!("generated {version}"),
            claimlint_synth::generate(&options).0,
        ));
    }
    assert!(files.len() > 100);
    // Every set too large to model whole: checked in parts, or X041 and read from
    // the file.
    let mut small = Settings::default();
    small.set_max_set_bytes(1);
    small.set_part_bytes(2_000);
    // Sets checked in parts.
    let mut parts = Settings::default();
    parts.set_part_bytes(1_500);
    let without_s120 = Settings::select(&[], &["S120".to_string()]).unwrap();
    let mut gathered = 0;
    for (name, bytes) in &files {
        let source = crate::SourceFile::new(name.clone(), bytes.clone());
        let read = shown(&FileKeys::of(&crate::x12::parse(bytes)), bytes);
        for settings in [&Settings::default(), &small, &parts, &without_s120] {
            let report = crate::check_keeping_keys(&source, settings, &|_| {});
            match &report.keys {
                Some(keys) => {
                    assert_eq!(shown(keys, bytes), read, "{name}");
                    gathered += keys.claim_count();
                }
                None => assert!(
                    crate::x12::unwrap::prepare(bytes).is_some(),
                    "{name}: only a file checked from a copy has no keys"
                ),
            }
        }
    }
    assert!(gathered > 300, "{gathered}");
}

#[test]
fn keys_are_kept_only_when_asked_for() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/rules/S120/bad_claim_sent_twice.x12"
    );
    let source = crate::SourceFile::new("a.x12", std::fs::read(path).unwrap());
    let settings = Settings::default();
    assert!(crate::check(&source, &settings).keys.is_none());
    let keys = crate::check_keeping_keys(&source, &settings, &|_| {}).keys;
    let claims = keys.unwrap().claims(source.bytes());
    let numbers: Vec<&[u8]> = claims.iter().map(|c| c.claim_number).collect();
    assert_eq!(numbers, [&b"PCN0001"[..], b"PCN0001"]);
}

/// A claim's key counts its service lines as the claim model does, so the claim report
/// and the summary agree: an SV1 with no LX before it (at the start of the claim's lines
/// or after a line with its SV1) is a line of its own, and an LX whose SV1 comes late is
/// one line.
#[test]
fn keys_count_lines_as_the_model_does() {
    let mut paths = Vec::new();
    x12_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
        &mut paths,
    );
    let mut compared = 0;
    let mut without_lx = 0;
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let doc = crate::x12::parse(&bytes);
        let keyed: Vec<usize> = FileKeys::of(&doc)
            .claims(&bytes)
            .iter()
            .map(|c| c.lines)
            .collect();
        let mut modelled = Vec::new();
        for set in doc
            .interchanges
            .iter()
            .flat_map(|i| &i.groups)
            .flat_map(|g| &g.transactions)
            .filter(|s| s.st.value(1) == b"837")
        {
            let t = crate::claim::Transaction::build(&bytes, set);
            for claim in &t.claims {
                modelled.push(claim.lines.len());
                without_lx += claim.lines.iter().filter(|l| !l.has_lx()).count();
            }
        }
        if keyed.len() == modelled.len() {
            assert_eq!(keyed, modelled, "{}", path.display());
            compared += keyed.len();
        }
    }
    assert!(compared > 100, "{compared}");
    assert!(
        without_lx >= 2,
        "the samples have lines with no LX: {without_lx}"
    );
}

/// The second half of a claim's fingerprint tells apart what the first half could
/// confuse: keys that differ in one byte anywhere, or only in length (a part's length is
/// hashed before it, and the buffer's length too), and it is the same for the same bytes.
#[test]
fn folded_hashes_tell_near_keys_apart() {
    let base: Vec<u8> = (0u8..=90).collect();
    let mut seen = std::collections::HashSet::new();
    assert!(seen.insert(folded(&base)));
    assert_eq!(folded(&base), folded(&base.clone()));
    for at in 0..base.len() {
        for flip in [1u8, 0x80] {
            let mut near = base.clone();
            near[at] ^= flip;
            assert!(seen.insert(folded(&near)), "byte {at} ^ {flip}");
        }
    }
    for len in 0..base.len() {
        assert!(seen.insert(folded(&base[..len])), "length {len}");
    }
    let zeros = [0u8; 16];
    assert_ne!(
        folded(&zeros[..8]),
        folded(&zeros),
        "trailing zero words count"
    );
}

/// Odd segments: separators at either end, doubled, missing, and segments cut short.
fn odd_segments() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = [
        &b"CLM*A1*150***11:B:1*Y"[..],
        b"CLM*A1*150***11:B",
        b"CLM*A1*150***11",
        b"CLM*A1*150**",
        b"CLM*A1",
        b"CLM*",
        b"CLM",
        b"CLM**",
        b"CLM*A1*150***:::*",
        b"CLM*A1*150*** 11:B:7 :X*",
        b"NM1*85*2*NAME*****XX*1234567893",
        b"NM1*85",
        b"NM1*85*",
        b"NM1*PR*2*PAYER*****PI*12345",
        b"NM1*PRX*2",
        b"NM1**85",
        b"NM1",
        b"NM1*",
        b"HL*1**20*1",
        b"HL*1**20",
        b"HL*1**2",
        b"HL*2*1*22*0",
        b"HL*1*",
        b"HL",
        b"DTP*472*D8*20240110",
        b"DTP*472*RD8*20240110-20240112",
        b"DTP*472",
        b"DTP*4720*D8*20240110",
        b"DTP*431*D8*20240110",
        b"LX*1",
        b"SV1*HC:99213*100",
        b"SE*38*0001",
        b"SV10*1",
        b"*",
        b"",
    ]
    .iter()
    .map(|s| s.to_vec())
    .collect();
    // Every cut of the longer ones.
    for s in out.clone() {
        for n in 0..s.len() {
            out.push(s[..n].to_vec());
        }
    }
    out
}

/// The CLM's values read in one pass are the ones the elements give.
#[test]
fn claim_values_read_in_one_pass_are_the_elements() {
    let d = crate::x12::Delimiters::default();
    for raw in odd_segments() {
        let clm = Segment {
            raw: &raw,
            start: 0,
            ordinal: 1,
            delimiters: d,
        };
        assert_eq!(
            claim_values(&clm),
            (
                clm.value(1),
                clm.value(2),
                crate::claim::frequency_code(&clm)
            ),
            "{}",
            String::from_utf8_lossy(&raw)
        );
    }
}

/// The samples and two generated files with errors, by name.
fn sample_files() -> Vec<(String, Vec<u8>)> {
    let mut paths = Vec::new();
    x12_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
        &mut paths,
    );
    let mut files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
        .collect();
    for (seed, version) in [(3, "005010X222A1"), (4, "005010X223A2")] {
        let options = claimlint_synth::Options {
            claims: 60,
            seed,
            error_rate: 0.3,
            claims_per_st: 20,
            claims_per_provider: 5,
            version: version.to_string(),
            ..claimlint_synth::Options::default()
        };
        files.push((
            format!("generated {version}"),
            claimlint_synth::generate(&options).0,
        ));
    }
    files
}

/// The 837 sets of a parsed file.
fn sets_837<'d, 'a>(
    doc: &'d crate::x12::Document<'a>,
) -> impl Iterator<Item = &'d crate::x12::TransactionSet<'a>> {
    doc.interchanges
        .iter()
        .flat_map(|i| &i.groups)
        .flat_map(|g| &g.transactions)
        .filter(|s| s.st.value(1) == b"837")
}

/// The claims a [`ClaimScan`] finds reading `segments` one by one, as the keys were
/// read before the model's builder read them: by [`ClaimScan::segment`], and by
/// [`ClaimScan::reference`], which must agree.
fn scanned<'a>(scan: impl Fn() -> ClaimScan<'a>, segments: &[Segment<'a>]) -> ScannedClaims {
    let (mut by_segment, mut reference) = (scan(), scan());
    segments.iter().for_each(|s| by_segment.segment(s));
    segments.iter().for_each(|s| reference.reference(s));
    let found = by_segment.finish();
    assert_eq!(found, reference.finish());
    found
}

/// Asserts that the keys the builder reads as it models each 837 set of `bytes`, whole
/// and in parts of about `part_bytes`, are the ones a scan of the same segments finds.
/// Returns how many claims were compared.
fn assert_keys_read_while_modelling(name: &str, bytes: &[u8], part_bytes: &[usize]) -> usize {
    use crate::claim::Transaction;
    let doc = crate::x12::parse(bytes);
    let mut compared = 0;
    for set in sets_837(&doc) {
        let (t, keys) = Transaction::build_keyed(bytes, set, ClaimScan::default());
        assert_eq!(keys, scanned(ClaimScan::default, &t.segments), "{name}");
        compared += keys.claims.len();
        for &size in part_bytes {
            let Some(parts) = crate::claim::split::plan(bytes, set, size) else {
                continue;
            };
            for (n, part) in parts.iter().enumerate() {
                let scan = || match n {
                    0 => ClaimScan::default(),
                    _ => ClaimScan::resuming(),
                };
                let (t, keys) = Transaction::build_part_keyed(bytes, set, part, Some(scan()));
                let own = t.part.as_ref().unwrap().own.clone();
                let keys = keys.unwrap();
                assert_eq!(
                    keys,
                    scanned(scan, &t.segments[own]),
                    "{name}, part {n} of about {size} bytes"
                );
                compared += keys.claims.len();
            }
        }
    }
    compared
}

/// Reading the keys as the model's builder places each segment finds what a scan of the
/// set's segments found: over every sample and generated files, whole and in parts.
#[test]
fn keys_read_while_modelling_are_the_keys_a_scan_finds() {
    let mut compared = 0;
    for (name, bytes) in sample_files() {
        compared += assert_keys_read_while_modelling(&name, &bytes, &[700, 2_000]);
    }
    assert!(compared > 300, "{compared}");
}

/// The same on damaged sets: each odd segment (a CLM, NM1, HL, DTP… cut short or with
/// odd separators) put in at every place of a set with two claims, and a set whose
/// billing provider, payer and claims come in an order the guide does not allow.
#[test]
fn keys_read_while_modelling_are_the_keys_a_scan_finds_in_damaged_sets() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/rules/S120/bad_claim_sent_twice.x12"
    );
    let base = std::fs::read(path).unwrap();
    let doc = crate::x12::parse(&base);
    let set = sets_837(&doc).next().unwrap();
    // The offsets just past each segment of the set but the SE.
    let cuts: Vec<usize> = Segments::new(
        &base,
        set.st.start,
        set.end,
        set.st.ordinal,
        set.st.delimiters,
    )
    .map(|s| s.start + s.raw.len() + 1)
    .filter(|&end| end < set.end)
    .collect();
    assert!(cuts.len() > 20);
    let mut compared = 0;
    for odd in odd_segments() {
        for &at in &cuts {
            let mut bytes = base[..at].to_vec();
            bytes.extend_from_slice(&odd);
            bytes.push(b'~');
            bytes.extend_from_slice(&base[at..]);
            compared += assert_keys_read_while_modelling("damaged", &bytes, &[300]);
        }
    }
    // Claims before any HL, an NM1*85 and NM1*PR in a claim, a payer after its claims,
    // an SV1 and dates before any LX, a second CLM in a claim.
    let text = String::from_utf8(base.clone()).unwrap();
    let st = text.find("ST*837").unwrap();
    let head = text[..st].to_string();
    let tail = &text[text.find("SE*").unwrap()..];
    let body = "ST*837*0001*005010X222A1~CLM*A0*10***11:B:1~SV1*HC:99213*10~\
DTP*472*D8*20240102~HL*1**20*1~CLM*A1*20***11:B:1~NM1*85*2*P*****XX*1234567893~\
NM1*PR*2*PAYER*****PI*1~SV1*HC:99213*10~DTP*472*RD8*20240101-20240105~LX*1~SV1*HC:1*1~\
SV1*HC:2*1~DTP*472*D8*20231231~CLM*A2*20***11:B:1~NM1*PR*2*OTHER*****PI*2~HL*2*1*22*0~\
NM1*85*2*Q*****XX*1234567893~CLM*A3*20***11:B:7~LX*2~DTP*472*D8*~";
    let bytes = format!("{head}{body}{tail}").into_bytes();
    compared += assert_keys_read_while_modelling("out of order", &bytes, &[100, 200]);
    assert!(compared > 1_000, "{compared}");
}

/// The parts of a claim's key that S120 within a file hashes, and the span of CLM01 it
/// names the first claim by, are the ones of the whole key.
#[test]
fn key_parts_are_the_parts_of_the_whole_key() {
    let mut compared = 0;
    for (name, bytes) in sample_files() {
        let keys = FileKeys::of(&crate::x12::parse(&bytes));
        for set in &keys.sets {
            let envelope = set.envelope(&bytes);
            for c in &keys.claims[set.first..set.first + set.of] {
                let key = set.claim(&bytes, &envelope, c);
                let expected = key
                    .is_keyed()
                    .then(|| (key.parts(), crate::rules::element_span(&key.clm, 1)));
                assert_eq!(set.key_parts(&bytes, c), expected, "{name}");
                compared += 1;
            }
        }
    }
    assert!(compared > 300, "{compared}");
}

/// A key's parts written by index and copied as overlapping words ([`encode`]) are the
/// bytes pushed one by one: parts of every length to 40 and on either side of 128 and
/// 16,384 (where a length takes one more byte), each part of distinct bytes, in a buffer
/// reused longer and shorter, and holding the bytes of the key before.
#[test]
fn keys_are_encoded_as_pushed_byte_by_byte() {
    let plain = |parts: [&[u8]; 6]| {
        let mut out = Vec::new();
        for p in parts {
            let mut len = p.len();
            while len >= 0x80 {
                out.push(len as u8 | 0x80);
                len >>= 7;
            }
            out.push(len as u8);
            out.extend_from_slice(p);
        }
        out
    };
    let bytes: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    let lengths: Vec<usize> = (0..=40).chain([127, 128, 129, 16_383, 16_384]).collect();
    let mut buf = Vec::new();
    let mut compared = 0;
    for (i, &a) in lengths.iter().enumerate() {
        for (j, &b) in lengths.iter().enumerate() {
            let other = lengths[(i * 7 + j * 3) % lengths.len()].min(300);
            let parts = [
                &bytes[..a],
                &bytes[1 + i..1 + i + b],
                &bytes[7..7 + other],
                &bytes[j..j + a.min(17)],
                &bytes[3..3 + b.min(9)],
                &bytes[i..i + (i + j) % 5],
            ];
            assert_eq!(encode(parts, &mut buf), plain(parts), "{a} {b} {other}");
            compared += 1;
        }
    }
    assert!(compared > 2_000, "{compared}");
}

/// A fingerprint tells apart keys whose parts are the same bytes cut in other places,
/// lengths on either side of 128 and 16,384 (where a length takes one more byte)
/// included.
#[test]
fn fingerprints_tell_keys_cut_in_other_places_apart() {
    let key = FileKey::new();
    let mut buf = Vec::new();
    let bytes = vec![b'7'; 40_000];
    let mut seen = std::collections::HashMap::new();
    for first in [0, 1, 127, 128, 129, 255, 256, 16_383, 16_384, 16_385] {
        for second in [0, 1, 127, 128, 16_384] {
            let parts = [
                &bytes[..first],
                &bytes[..second],
                &b""[..],
                b"20240110",
                b"150",
                b"1",
            ];
            let print = fingerprint(parts, &key, &mut buf);
            assert_eq!(print, fingerprint(parts, &key, &mut buf));
            assert_eq!(
                seen.insert(print, (first, second)),
                None,
                "{first} {second}"
            );
        }
    }
}

/// A run's fingerprints made by S120 as it checks a file are the ones the run would make
/// of each claim itself, and S120 finds the same duplicates under them: whole sets, sets
/// in parts, sets read from the file, and without S120 (when none are made).
#[test]
fn fingerprints_made_by_s120_are_the_run_s_own() {
    let run = RunKey::new();
    let mut small = Settings::default();
    small.set_max_set_bytes(1);
    small.set_part_bytes(2_000);
    let mut parts = Settings::default();
    parts.set_part_bytes(1_500);
    let without_s120 = Settings::select(&[], &["S120".to_string()]).unwrap();
    let (mut made, mut keyed) = (0, 0);
    for (name, bytes) in sample_files() {
        let source = crate::SourceFile::new(name.clone(), bytes.clone());
        for settings in [&Settings::default(), &small, &parts, &without_s120] {
            let plain = crate::check_keeping_keys(&source, settings, &|_| {});
            let shared = crate::check_keeping_run_keys(&source, settings, &|_| {}, &run);
            assert_eq!(
                format!("{:?}", plain.diagnostics),
                format!("{:?}", shared.diagnostics),
                "{name}"
            );
            let (Some(plain), Some(shared)) = (plain.keys, shared.keys) else {
                continue;
            };
            assert_eq!(shown(&plain, &bytes), shown(&shared, &bytes), "{name}");
            shared.each_claim_fingerprinted(&bytes, |c, print| {
                keyed += usize::from(c.is_keyed());
                if let Some(print) = print {
                    assert!(c.is_keyed(), "{name}");
                    assert!(settings.is_enabled(crate::Rule::DuplicateClaim), "{name}");
                    assert_eq!(print, run.claim(&c), "{name}");
                    made += 1;
                }
            });
        }
    }
    assert!(made > 1_000, "{made}");
    assert!(made * 2 > keyed, "{made} of {keyed}");
}

/// Under a run's key, two claims meet exactly when their parts are the same, parts cut
/// in other places told apart.
#[test]
fn run_fingerprints_meet_when_the_parts_do() {
    let run = RunKey::new();
    let mut buf = Vec::new();
    let bytes = vec![b'7'; 20_000];
    let mut seen = std::collections::HashMap::new();
    for first in [0, 1, 127, 128, 129, 16_383, 16_384] {
        for second in [0, 1, 128] {
            let parts = [
                &bytes[..first],
                &bytes[..second],
                &b""[..],
                b"20240110",
                b"150",
                b"1",
            ];
            let print = run.parts(parts, &mut buf);
            assert_eq!(print, run.parts(parts, &mut buf));
            assert_ne!(print, RunKey::new().parts(parts, &mut buf), "random keys");
            assert_eq!(seen.insert(print, (first, second)), None);
        }
    }
}

/// S120 within a file names every copy and the first claim with its key, as comparing the
/// keys' parts byte for byte finds them: copies in one set, in other sets and in other
/// parts of a large set, claims without a claim number, totals written with cents, and
/// claims that differ only in their frequency (not copies), and sets too large to model
/// whole (X041), whose claims are read from the file. The findings are made once
/// the file's claims are all in, from two fingerprints a claim; the keys here are read
/// from the file and compared whole.
#[test]
fn s120_finds_the_copies_that_comparing_whole_keys_finds() {
    let mut files = Vec::new();
    // The last two with one billing provider NPI throughout: copies across providers and
    // sets of one claim.
    for (seed, claims_per_st, numbers, one_npi) in [
        (3, 1_000, 3, false),
        (4, 7, 4, false),
        (5, 40, 5, true),
        (6, 1, 4, true),
    ] {
        let options = claimlint_synth::Options {
            claims: 80,
            lines_per_claim: 1,
            seed,
            claims_per_st,
            claims_per_provider: 6,
            ..claimlint_synth::Options::default()
        };
        let text = String::from_utf8(claimlint_synth::generate(&options).0).unwrap();
        // Few claim numbers, one date of service and two ways of writing one total:
        // claims with one number under one billing provider are copies, but for the
        // ones with another frequency, and the claims with no number have no key.
        let mut n = 0;
        let segments: Vec<String> = text
            .split('~')
            .map(|segment| {
                let mut elements: Vec<String> = segment.split('*').map(String::from).collect();
                if elements[0] == "CLM" && elements.len() > 5 {
                    n += 1;
                    elements[1] = match n % 13 {
                        0 => String::new(),
                        _ => format!("DUP{}", n % numbers),
                    };
                    elements[2] = if n % 2 == 0 { "100" } else { "100.00" }.to_string();
                    if n % 7 == 0 {
                        elements[5] = "11:B:7".to_string();
                    }
                } else if elements[0] == "DTP" && elements.len() > 3 && elements[1] == "472" {
                    elements[3] = "20240102".to_string();
                } else if one_npi && elements[0] == "NM1" && elements[1] == "85" {
                    elements[9] = "1234567893".to_string();
                }
                elements.join("*")
            })
            .collect();
        files.push((format!("seed {seed}"), segments.join("~").into_bytes()));
    }
    let mut parts = Settings::default();
    parts.set_part_bytes(1_500);
    // Every set too large to model whole: checked in parts, or X041 and its claims read
    // from the file.
    let mut small = Settings::default();
    small.set_max_set_bytes(1);
    small.set_part_bytes(2_000);
    let mut found = 0;
    for (name, bytes) in &files {
        // The copies by whole keys: each keyed claim against the first with its parts.
        let keys = FileKeys::of(&crate::x12::parse(bytes));
        let mut first: HashMap<Vec<Vec<u8>>, Span> = HashMap::new();
        let mut expected = Vec::new();
        for key in keys.claims(bytes).iter().filter(|k| k.is_keyed()) {
            let clm01 = crate::rules::element_span(&key.clm, 1);
            let parts = key.parts().map(<[u8]>::to_vec).to_vec();
            match first.get(&parts) {
                Some(&earlier) => expected.push((clm01, earlier)),
                None => {
                    first.insert(parts, clm01);
                }
            }
        }
        assert!(expected.len() > 5, "{name}: {}", expected.len());
        let source = crate::SourceFile::new(name.clone(), bytes.clone());
        for settings in [&Settings::default(), &parts, &small] {
            let report = crate::check(&source, settings);
            let mut copies: Vec<(Span, Span)> = report
                .diagnostics
                .iter()
                .filter(|d| d.rule == Rule::DuplicateClaim)
                .map(|d| (d.span, d.secondary[0].span))
                .collect();
            copies.sort_by_key(|&(copy, _)| copy.start);
            assert_eq!(copies, expected, "{name}");
            found += copies.len();
        }
    }
    assert!(found > 100, "{found}");
}
