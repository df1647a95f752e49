//! Dates of service for the code-set table rules (C011–C015, C019): which date a code is judged
//! on, and whether the embedded tables can judge that date at all. Not a rule.
//!
//! A line's date of service is its first readable `DTP*472` (the `D8` date, or the first
//! date of an `RD8` range); without one, the claim's `DTP*434` statement dates (start).
//! Unreadable dates are H014's finding and missing ones H013's: these helpers then return
//! `None` and the table rules stay quiet.

use crate::claim::{Claim, DateOfService, ServiceLine, dtp_period};
use crate::diagnostic::Severity;
use crate::rules::{Checker, Rule, element_span};
use crate::source::Span;
use crate::x12::Segment;
use crate::x12::values::Date;

/// A date of service and the DTP segment it was read from.
#[derive(Debug, Clone, Copy)]
pub struct ServiceDate<'a> {
    pub date: Date,
    pub dtp: Segment<'a>,
}

impl ServiceDate<'_> {
    /// Span of DTP03, for a secondary label.
    pub fn span(&self) -> Span {
        element_span(&self.dtp, 3)
    }
}

/// The `D8` date or the first date of a well-formed `RD8` range of a DTP segment.
fn start_of(dtp: &Segment<'_>) -> Option<Date> {
    dtp_period(dtp).map(|(from, _)| from)
}

/// The claim's statement date (`DTP*434`, start of the period), the fallback when a line
/// has no date of its own.
fn statement_date<'a>(claim: &Claim<'a>) -> Option<ServiceDate<'a>> {
    claim
        .dates
        .iter()
        .filter(|d| d.value(1) == b"434")
        .find_map(|&dtp| start_of(&dtp).map(|date| ServiceDate { date, dtp }))
}

/// The line's own date of service, if it has a readable `DTP*472` (read with the model).
fn own_date<'a>(line: &ServiceLine<'a>) -> Option<ServiceDate<'a>> {
    line.date_of_service.map(|d| ServiceDate {
        date: d.from,
        dtp: d.dtp,
    })
}

/// The date of service the codes of `line` are judged on.
pub fn of_line<'a>(claim: &Claim<'a>, line: &ServiceLine<'a>) -> Option<ServiceDate<'a>> {
    own_date(line).or_else(|| statement_date(claim))
}

/// The first date of service coded in ICD-10-CM (YYYYMMDD; 45 CFR 162.1002): C015 and C021.
pub const ICD10_CUTOVER: u32 = 20151001;

/// The earliest and the latest date of service of the claim's lines (the statement date
/// when no line has one), for the claim's diagnosis codes.
pub fn of_claim<'a>(claim: &Claim<'a>) -> Option<(ServiceDate<'a>, ServiceDate<'a>)> {
    // Compared by date alone: the two answers are built at the end, not for every line.
    let mut dated = claim
        .lines
        .iter()
        .filter_map(|l| l.date_of_service.as_ref());
    let Some(mut first) = dated.next() else {
        return statement_date(claim).map(|d| (d, d));
    };
    let mut last = first;
    for d in dated {
        if d.from < first.from {
            first = d;
        }
        if d.from > last.from {
            last = d;
        }
    }
    let at = |d: &DateOfService<'a>| ServiceDate {
        date: d.from,
        dtp: d.dtp,
    };
    Some((at(first), at(last)))
}

/// How far a table can judge a date of service by the absence of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Before the table's history: codes valid then may have been dropped since.
    Before,
    /// The table knows every code valid on this date.
    Covered,
    /// After the period the table was published for: codes may have been added since.
    After,
}

/// Where a date of service falls for a HCPCS file whose history of terminated codes
/// (procedures or modifiers) reaches back to `oldest_termination` and whose quarter ends on
/// `covered_through` (see [`CodeSets::hcpcs_covered_through`](crate::settings::CodeSets::hcpcs_covered_through)).
pub fn hcpcs_coverage(date: Date, oldest_termination: u32, covered_through: u32) -> Coverage {
    if date.0 < oldest_termination {
        Coverage::Before
    } else if date.0 > covered_through {
        Coverage::After
    } else {
        Coverage::Covered
    }
}

/// The severity for a finding whose certainty depends on the tables: `wanted`, unless the
/// user set the rule's severity, which then wins.
pub fn table_severity(checker: &Checker<'_>, rule: Rule, wanted: Severity) -> Severity {
    let configured = checker.settings().severity(rule);
    if configured == rule.meta().severity {
        wanted
    } else {
        configured
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::Transaction;
    use crate::settings::Settings;
    use crate::x12;

    const FILE: &str = "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240115*1030*^*00501*000000001*0*T*:~\
GS*HC*S*R*20240115*1030*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*B1*20240115*1030*CH~\
HL*1**20*1~HL*2*1*22*0~SBR*P*18*******CI~\
CLM*A1*300***11:B:1*Y*A*Y*Y~DTP*434*RD8*20231201-20231231~HI*ABK:J029~\
LX*1~SV1*HC:99213*100*UN*1***1~DTP*472*RD8*20240110-20240112~\
LX*2~SV1*HC:99213*100*UN*1***1~DTP*472*D8*20240230~DTP*472*D8*20240105~\
LX*3~SV1*HC:99213*100*UN*1***1~\
SE*16*0001~GE*1*1~IEA*1*000000001~";

    #[test]
    fn dates_of_lines_and_claims() {
        let doc = x12::parse(FILE.as_bytes());
        let set = &doc.interchanges[0].groups[0].transactions[0];
        let t = Transaction::build(FILE.as_bytes(), set);
        let claim = &t.claims[0];
        let date = |i: usize| of_line(claim, &claim.lines[i]).map(|d| d.date.0);
        // The first date of a range; an invalid date is skipped; the claim's statement
        // date when the line has none.
        assert_eq!(date(0), Some(20240110));
        assert_eq!(date(1), Some(20240105));
        assert_eq!(date(2), Some(20231201));
        let (first, last) = of_claim(claim).expect("dates");
        assert_eq!((first.date.0, last.date.0), (20240105, 20240110));
    }

    #[test]
    fn configured_severity_wins() {
        let mut settings = Settings::default();
        let checker = Checker::new(&settings, b"");
        assert_eq!(
            table_severity(&checker, Rule::UnknownHcpcsCode, Severity::Info),
            Severity::Info
        );
        settings
            .set_severity("C011", Severity::Warning)
            .expect("a rule");
        let checker = Checker::new(&settings, b"");
        assert_eq!(
            table_severity(&checker, Rule::UnknownHcpcsCode, Severity::Info),
            Severity::Warning
        );
    }

    #[test]
    fn horizons() {
        let through = crate::settings::quarter_end(crate::codes::tables::HCPCS_RELEASE_DATE);
        assert_eq!(through, 20260331);
        assert_eq!(
            hcpcs_coverage(Date(20140629), 20140630, through),
            Coverage::Before
        );
        assert_eq!(
            hcpcs_coverage(Date(20140630), 20140630, through),
            Coverage::Covered
        );
        assert_eq!(
            hcpcs_coverage(Date(20260331), 20140630, through),
            Coverage::Covered
        );
        assert_eq!(
            hcpcs_coverage(Date(20260401), 20140630, through),
            Coverage::After
        );
        assert_eq!(
            hcpcs_coverage(Date(20260401), 20140630, 20260630),
            Coverage::Covered
        );
    }
}
