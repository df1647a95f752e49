//! Bytes → the envelope pass (`x12::parse`) → the 837P loop model of every transaction
//! set, whatever its ST01, plus the accessors rules use on every segment.

#![no_main]

use claimlint::claim::Transaction;
use claimlint::x12;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = x12::parse(data);
    for ic in &doc.interchanges {
        assert!(ic.isa.start + ic.isa.raw.len() <= data.len());
        for g in &ic.groups {
            for set in &g.transactions {
                assert!(set.st.start <= set.end && set.end <= data.len());
                let t = Transaction::build(data, set);
                assert_eq!(t.segments.len(), t.loops.len());
                for s in &t.segments {
                    assert!(s.start + s.raw.len() <= data.len());
                    let _ = t.loop_of(s);
                    for e in s.elements() {
                        assert!(e.span().end <= data.len());
                        for c in e.components() {
                            assert!(c.span().end <= data.len());
                        }
                        for r in e.repetitions() {
                            assert!(r.span().end <= data.len());
                        }
                    }
                }
                for c in &t.claims {
                    let _ = c.diagnosis_codes().count();
                    let _ = c.filing_indicator();
                    for line in &c.lines {
                        let _ = line.number();
                        if let Some(sv1) = &line.sv1 {
                            let _ = sv1.code();
                            let _ = sv1.modifiers().count();
                            let _ = sv1.charge();
                        }
                    }
                }
                for i in 0..t.hls.len() {
                    let _ = t.hl_segments(i);
                    let _ = t.subscriber_sbr(i);
                }
                let _ = t.service_line_count();
            }
        }
    }
});
