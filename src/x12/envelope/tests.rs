use super::*;
use crate::x12::delimiters;

const ISA: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~";

fn file(body: &str) -> String {
    format!("{ISA}{body}")
}

const ONE: &str = "GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019~SE*3*0001~GE*1*1~IEA*1*000000001~";

#[test]
fn well_formed_interchange() {
    let text = file(ONE);
    let doc = parse(text.as_bytes());
    assert_eq!(doc.problems, vec![]);
    assert_eq!(doc.interchanges.len(), 1);
    let t = &doc.interchanges[0].groups[0].transactions[0];
    assert_eq!(t.segment_count, 3);
    assert!(t.se.is_some());
    let ids: Vec<_> = t
        .segments(text.as_bytes())
        .map(|s| s.id_str())
        .collect::<Vec<_>>();
    assert_eq!(ids, ["ST", "BHT", "SE"]);
    assert_eq!(doc.segment_count, 7);
}

#[test]
fn counted_runs_agree_with_reading_each_segment() {
    // Segments the envelope pass only counts: line breaks between them, empty
    // segments, a run cut off by the end of the file, runs broken by envelope segments
    // or an ISA, and runs through segments that only start like one (SBR, TOO, SEQ).
    let body = "ST*837*0001~BHT*0019~NM1*41~~PER*IC~SBR*P~HL*1~TOO*JP~N3*X~SE*9*0001~";
    let texts = [
        file(&format!("GS*HC*S*R*1*1*1*X*5~{body}GE*1*1~IEA*1*1~")),
        file(&format!("GS*HC*S*R*1*1*1*X*5~{body}GE*1*1~IEA*1*1~")).replace('~', "~\r\n"),
        file("GS*HC*S*R*1*1*1*X*5~ST*837*1~BHT*0019~NM1*41~N3*X"),
        // IDs that start like envelope IDs, an SE with no elements, a TA1 and an ISA
        // inside a set.
        file(
            "GS*HC*S*R*1*1*1*X*5~ST*837*1~SEQ*1~STX~GSA*1~GEX~IEAX*1~TA1X~SV1*HC:1~S~T*1~\
             I~G~TA1*1~SE~NM1*41~ST*837*2~SE*2*2~GE*2*1~IEA*1*1~",
        ),
        file("GS*HC*S*R*1*1*1*X*5~ST*837*1~BHT*0019~ISAX*1~N3*X~SE*4*1~GE*1*1~IEA*1*1~"),
        file("GS*HC*S*R*1*1*1*X*5~ST*837*1~BHT*0019~NM1*41~N3*X~  \n"),
        format!(
            "{}{ISA}GS*HC~ST*837*2~NM1*41~SE*3*2~GE*1*1~IEA*1*1~",
            file("GS*HC*S*R*1*1*1*X*5~ST*837*1~BHT*0019~")
        ),
    ];
    for (i, text) in texts.iter().enumerate() {
        let doc = parse(text.as_bytes());
        if i < 2 {
            assert_eq!(doc.problems, vec![], "{text:?}");
        }
        let mut sets = 0;
        for t in doc
            .interchanges
            .iter()
            .flat_map(|i| &i.groups)
            .flat_map(|g| &g.transactions)
        {
            sets += 1;
            let read: Vec<_> = t.segments(text.as_bytes()).collect();
            assert_eq!(t.segment_count, read.len(), "{text:?}");
            let last = read.last().unwrap();
            assert_eq!(t.end, last.start + last.raw.len(), "{text:?}");
        }
        assert!(sets > 0, "{text:?}");
        let all = Segments::new(
            text.as_bytes(),
            0,
            text.len(),
            1,
            delimiters::Delimiters::default(),
        )
        .count();
        assert_eq!(doc.segment_count, all, "{text:?}");
    }
}

#[test]
fn tolerated_framing_gives_no_problems() {
    let newline = file(ONE).replace('~', "~\r\n");
    let bom = format!("\u{FEFF}  \n{}\n\n  ", file(ONE));
    let two = format!("{}\n{}", file(ONE), file(ONE));
    for text in [newline, bom, two] {
        let doc = parse(text.as_bytes());
        assert_eq!(doc.problems, vec![], "{text:?}");
    }
}

#[test]
fn newline_as_terminator() {
    let text = file(ONE).replace('~', "\n");
    let doc = parse(text.as_bytes());
    assert_eq!(doc.problems, vec![]);
    assert_eq!(
        doc.interchanges[0].groups[0].transactions[0].segment_count,
        3
    );
}

#[test]
fn whole_file_problems() {
    assert_eq!(parse(b"").problems, vec![SyntaxProblem::Empty]);
    assert_eq!(parse(b" \r\n ").problems, vec![SyntaxProblem::Empty]);
    assert_eq!(
        parse(&[0u8; 64]).problems,
        vec![SyntaxProblem::Binary { offset: 0 }]
    );
    assert_eq!(
        parse(b"hello world\n").problems,
        vec![SyntaxProblem::NoInterchange]
    );
    let utf16: Vec<u8> = "ISA*00".bytes().flat_map(|b| [b, 0]).collect();
    assert_eq!(
        parse(&utf16).problems,
        vec![SyntaxProblem::Utf16 { bom: false }]
    );
    assert_eq!(
        parse(b"\xFF\xFEI\0S\0").problems,
        vec![SyntaxProblem::Utf16 { bom: true }]
    );
    assert!(matches!(
        parse(b"ISA*00*  ").problems[..],
        [SyntaxProblem::TruncatedIsa { .. }]
    ));
}

#[test]
fn content_around_the_interchange() {
    let text = format!("From: mailer\n{}garbage\n", file(ONE));
    let doc = parse(text.as_bytes());
    assert_eq!(
        doc.problems,
        vec![
            SyntaxProblem::ContentBeforeInterchange {
                span: Span::new(0, 12)
            },
            SyntaxProblem::ContentAfterInterchange {
                span: Span::new(text.len() - 8, text.len() - 1)
            },
        ]
    );
}

#[test]
fn file_cut_off_mid_transaction_is_one_problem() {
    let text = file("GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001~BHT*0019~NM1*41");
    let doc = parse(text.as_bytes());
    assert!(
        matches!(&doc.problems[..], [SyntaxProblem::UnexpectedEnd { open, .. }] if open.len() == 3)
    );
}

#[test]
fn missing_se_is_reported_at_the_next_header() {
    let text = file(
        "GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001~BHT*0019~ST*837*0002~BHT*0019~SE*3*0002~GE*2*1~IEA*1*000000001~",
    );
    let doc = parse(text.as_bytes());
    assert!(
        matches!(&doc.problems[..], [SyntaxProblem::MissingTrailers { at_id, open, .. }] if at_id == "ST" && open.len() == 1),
        "{:?}",
        doc.problems
    );
    assert_eq!(doc.interchanges[0].groups[0].transactions.len(), 2);
}

#[test]
fn stray_segments_are_collapsed() {
    let text = file(
        "GS*HC*S*R*20240115*1030*1*X*005010X222A1~NM1*41~PER*IC~ST*837*0001~SE*2*0001~GE*1*1~IEA*1*000000001~",
    );
    let doc = parse(text.as_bytes());
    assert!(
        matches!(
            &doc.problems[..],
            [SyntaxProblem::OutsideEnvelope { count: 2, .. }]
        ),
        "{:?}",
        doc.problems
    );
}

#[test]
fn lost_headers_are_reported_once_and_the_content_still_read() {
    let no_gs = file("ST*837*0001~BHT*0019~SE*3*0001~GE*1*1~IEA*1*000000001~");
    let doc = parse(no_gs.as_bytes());
    assert!(
        matches!(&doc.problems[..], [SyntaxProblem::OutsideEnvelope { id, missing: Level::Group, read: true, .. }] if id == "ST"),
        "{:?}",
        doc.problems
    );
    let g = &doc.interchanges[0].groups[0];
    assert!(g.implicit && g.ge.is_some());
    assert_eq!(g.transactions[0].segment_count, 3);

    let no_st =
        file("GS*HC*S*R*20240115*1030*1*X*005010X222A1~BHT*0019~SE*2*0001~GE*1*1~IEA*1*000000001~");
    let doc = parse(no_st.as_bytes());
    assert!(
        matches!(
            &doc.problems[..],
            [SyntaxProblem::OutsideEnvelope {
                count: 2,
                read: true,
                ..
            }]
        ),
        "{:?}",
        doc.problems
    );
    let t = &doc.interchanges[0].groups[0].transactions[0];
    assert!(t.implicit && t.se.is_some());
    let ids: Vec<_> = t.segments(no_st.as_bytes()).map(|s| s.id_str()).collect();
    assert_eq!(ids, ["BHT", "SE"]);
}

#[test]
fn bare_transaction_set_is_read_with_its_own_delimiters() {
    for text in [
        "ST|837|0001|005010X222A1!BHT|0019!SE|3|0001!",
        "\r\nGS|HC|S|R|20240115|1030|1|X|005010X222A1!\nST|837|0001|005010X222A1!BHT|0019!SE|3|0001!\nGE|1|1!\n",
    ] {
        let doc = parse(text.as_bytes());
        assert!(
            matches!(
                &doc.problems[..],
                [SyntaxProblem::MissingInterchangeHeader { .. }]
            ),
            "{text:?}: {:?}",
            doc.problems
        );
        let ic = &doc.interchanges[0];
        assert!(ic.implicit);
        let t = &ic.groups[0].transactions[0];
        assert!(!t.implicit);
        let ids: Vec<_> = t.segments(text.as_bytes()).map(|s| s.id_str()).collect();
        assert_eq!(ids, ["ST", "BHT", "SE"], "{text:?}");
    }
}

#[test]
fn ta1_belongs_to_the_interchange() {
    let text = file(&format!("TA1*000000001*240115*1030*A*000~{ONE}"));
    assert_eq!(parse(text.as_bytes()).problems, vec![]);
}

#[test]
fn isa11_is_no_separator_before_5010() {
    let text = file(ONE).replacen("*^*00501*", "*U*00401*", 1);
    assert_eq!(parse(text.as_bytes()).problems, vec![]);
    let text = file(ONE).replacen("*^*00501*", "*U*00501*", 1);
    assert!(matches!(
        parse(text.as_bytes()).problems[..],
        [SyntaxProblem::InvalidDelimiters { fatal: false, .. }]
    ));
}

#[test]
fn fatal_delimiters_skip_the_interchange() {
    let mut text = file(ONE);
    text.replace_range(104..105, "*");
    let doc = parse(text.as_bytes());
    assert!(matches!(
        &doc.problems[..],
        [SyntaxProblem::InvalidDelimiters { fatal: true, .. }]
    ));
    assert!(doc.interchanges.is_empty());
}

/// The envelope pass gives the same document whether the runs between envelope segments
/// are found beforehand, in pieces on all cores, or as it goes; with runs, the HLs it
/// finds of a set are the HL segments the reader reads in it, with their ordinals and
/// levels; and whether the file needs unwrapping, asked in the same pieces, has the
/// answer the probe's own pass gives (returned, when it was asked).
fn assert_same_with_runs(name: &str, bytes: &[u8]) -> Option<bool> {
    let reference = format!("{:?}", walker::run_with(bytes, None, None).0);
    let probe = crate::x12::unwrap::Probe::of(bytes);
    let needs_unwrapping = probe.map(|p| p.finds(bytes));
    let mut answer = None;
    for piece in [1, 7, 64, 4096] {
        let (mut doc, probed) = walker::run_with(bytes, Some(piece), probe.as_ref());
        if probed.is_some() {
            assert_eq!(probed, needs_unwrapping, "{name}, pieces of {piece} bytes");
        }
        answer = probed;
        for set in doc
            .interchanges
            .iter_mut()
            .flat_map(|ic| &mut ic.groups)
            .flat_map(|g| &mut g.transactions)
        {
            if let Some((from, to)) = set.hls.take() {
                let found: Vec<(usize, usize, crate::x12::hl::Level)> = doc.hls[from..to]
                    .iter()
                    .map(|hl| (hl.start, set.st.ordinal + 1 + hl.before as usize, hl.level))
                    .collect();
                let read: Vec<(usize, usize, crate::x12::hl::Level)> = set
                    .segments(bytes)
                    // An HL without elements (`HL~`) is no place to cut a set: neither
                    // the runs nor a cut plan's own index take it.
                    .filter(|s| s.id() == b"HL" && s.raw.get(2) == Some(&s.delimiters.element))
                    .map(|s| (s.start, s.ordinal, crate::x12::hl::level_of(&s)))
                    .collect();
                assert_eq!(found, read, "{name}, pieces of {piece} bytes");
            }
        }
        doc.hls.clear();
        let with_runs = format!("{doc:?}");
        assert!(
            with_runs == reference,
            "{name}, pieces of {piece} bytes:\n{with_runs}\nagainst\n{reference}"
        );
    }
    answer
}

#[test]
fn runs_found_in_pieces_agree_on_every_sample_and_corpus_file() {
    let all = crate::test_files::samples_and_corpus();
    assert!(all.len() > 400, "{} files", all.len());
    let mut answers = [0; 2];
    for path in &all {
        let answer =
            assert_same_with_runs(&path.display().to_string(), &std::fs::read(path).unwrap());
        if let Some(needs) = answer {
            answers[usize::from(needs)] += 1;
        }
    }
    // Files that need unwrapping (indented, wrapped) and files that do not were asked.
    assert!(answers[0] > 300 && answers[1] > 5, "{answers:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

    /// Interchanges of segments drawn from envelope segments, segments that only start
    /// like them, empty ones and line breaks, cut off anywhere.
    #[test]
    fn runs_found_in_pieces_agree_on_any_layout(
        picks in proptest::collection::vec(0usize..26, 0..60),
        cut in 0usize..2000,
    ) {
        // Indented and broken segments among them, for the probe of unwrapping.
        const PIECES: [&str; 26] = [
            "GS*HC*S*R*1*1*1*X*5~", "ST*837*1~", "SE*3*1~", "GE*1*1~", "IEA*1*1~",
            "TA1*1~", "SE~", "ST~", "SEQ*1~", "STX*1~", "GSA~", "GEX*1~", "IEAX~", "TA1X~",
            "SBR*P~", "SV1*HC:1~", "S~", "T*1~", "I~", "~", "\r\n", "\n", "NM1*41*2~",
            "  NM1*41~", "NM1*4\n1~",
            "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~",
        ];
        let mut text = String::from(ISA);
        for p in picks {
            text.push_str(PIECES[p]);
        }
        let bytes = &text.as_bytes()[..text.len().min(ISA.len() + cut)];
        assert_same_with_runs("generated", bytes);
    }

    /// The same with segments ended by line feeds: blank lines, and carriage returns
    /// before the line feeds (the segment's last byte, which the reader leaves out).
    #[test]
    fn runs_found_in_pieces_agree_when_line_feeds_end_segments(
        picks in proptest::collection::vec(0usize..16, 0..60),
        cut in 0usize..2000,
    ) {
        const PIECES: [&str; 16] = [
            "GS*HC*S*R*1*1*1*X*5\n", "ST*837*1\n", "SE*3*1\r\n", "GE*1*1\n", "IEA*1*1\n",
            "SE\r\n", "ST\n", "SEQ*1\n", "SBR*P\r\n", "SV1*HC:1\n", "S\n", "\n",
            "\r\n", "\r", "NM1*41*2\r\n",
            "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:\n",
        ];
        let mut text = ISA.replace('~', "\n");
        for p in picks {
            text.push_str(PIECES[p]);
        }
        let bytes = &text.as_bytes()[..text.len().min(ISA.len() + cut)];
        assert_same_with_runs("generated", bytes);
    }
}
