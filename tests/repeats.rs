//! A segment repeated byte for byte in its set is checked as its first copy was: the
//! checks of a repeat are skipped only when the first copy's element checks and segment
//! checks found nothing, so every copy of a wrong segment gets its own finding.

use claimlint::{Settings, SourceFile, check};

const CLAIMS: usize = 6;

/// A set of `CLAIMS` claims, each with its own subscriber and claim number, and the same
/// wrong segments (byte for byte) in each: a service-facility N4 with an unknown state
/// and a 5-digit ZIP code, a rendering provider whose NPI fails its check digit, an onset
/// date that is no date, and a subscriber SBR without SBR09.
fn file() -> String {
    let mut body = String::from(
        "BHT*0019*00*BAT000001*20240721*1926*CH~\
         NM1*41*2*PREMIER BILLING SERVICE*****46*TGJ23~\
         PER*IC*JERRY SMITH*TE*3055552222~\
         NM1*40*2*KEY INSURANCE COMPANY*****46*66783JJT~\
         HL*1**20*1~\
         NM1*85*2*JACKSON HEALTH ASSOCIATES*****XX*1746454168~\
         N3*8171 LAKE BLVD~\
         N4*TAMPA*FL*336028958~\
         REF*EI*159364173~",
    );
    for i in 0..CLAIMS {
        body.push_str(&format!(
            "HL*{hl}*1*22*0~\
             SBR*P*18*GRP12310~\
             NM1*IL*1*DOE{i}*JANE****MI*W51551989{i}~\
             N3*{i} MAIN ST~\
             N4*TAMPA*FL*336028958~\
             DMG*D8*1980010{day}*F~\
             NM1*PR*2*ACME HEALTH PLAN*****PI*ACME1~\
             CLM*PCN0000{i}*100***11:B:1*Y*A*Y*Y~\
             DTP*431*D8*20241350~\
             HI*ABK:R1084~\
             NM1*82*1*SMITH*JOHN****XX*1234567890~\
             NM1*77*2*CITY CLINIC*****XX*1746454168~\
             N3*9 ELM ST~\
             N4*TAMPA*ZZ*33602~\
             LX*1~\
             SV1*HC:99213*100*UN*1***1~\
             DTP*472*D8*20240515~",
            hl = i + 2,
            day = i + 1,
        ));
    }
    let segments = body.matches('~').count() + 2;
    format!(
        "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240721*1926*^*00501*000000001*0*T*:~\
         GS*HC*SUBMITTER01*RECEIVER01*20240721*1926*1*X*005010X222A1~\
         ST*837*0001*005010X222A1~{body}SE*{segments}*0001~GE*1*1~IEA*1*000000001~"
    )
}

#[test]
fn every_copy_of_a_wrong_segment_gets_its_own_finding() {
    let text = file();
    let report = check(
        &SourceFile::new("repeats.837", text.clone()),
        &Settings::default(),
    );
    for (code, segment) in [
        ("C040", "N4*TAMPA*ZZ*33602"),
        ("H060", "N4*TAMPA*ZZ*33602"),
        ("C010", "NM1*82*1*SMITH*JOHN****XX*1234567890"),
        ("H043", "DTP*431*D8*20241350"),
        ("H061", "SBR*P*18*GRP12310"),
    ] {
        // Where each copy of the segment is in the file (a missing last element is
        // reported at its end).
        let copies: Vec<std::ops::Range<usize>> = text
            .match_indices(&format!("~{segment}~"))
            .map(|(at, _)| at + 1..at + 1 + segment.len())
            .collect();
        assert_eq!(copies.len(), CLAIMS, "{segment}");
        let mut found: Vec<usize> = report
            .diagnostics
            .iter()
            .filter(|d| d.code() == code)
            .map(|d| {
                copies
                    .iter()
                    .position(|c| (c.start..=c.end).contains(&d.span.start))
                    .unwrap_or_else(|| panic!("{code} outside the copies of {segment}"))
            })
            .collect();
        found.sort_unstable();
        assert_eq!(
            found,
            (0..CLAIMS).collect::<Vec<_>>(),
            "{code} on each {segment}"
        );
    }
}
