//! The model as it was built before segment IDs were read as numbers and separators
//! found a word at a time, kept to prove that the two build the same model (see
//! `tests` below).

use super::super::views::{line_number, period};
use super::super::*;
use super::Builder;
use crate::grammar::Placement;
use crate::x12::Segment;

thread_local! {
    static ENABLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether builders on this thread build the model as before.
pub(super) fn enabled() -> bool {
    ENABLED.with(|e| e.get())
}

/// `f` with the model built as before.
pub(crate) fn with_reference<T>(f: impl FnOnce() -> T) -> T {
    ENABLED.with(|e| e.set(true));
    let out = f();
    ENABLED.with(|e| e.set(false));
    out
}

/// [`super::super::views::first_values`] as it was.
fn first_values_reference<'a, const N: usize>(s: &Segment<'a>) -> [&'a [u8]; N] {
    let mut values = [&[][..]; N];
    let separator = s.delimiters.element;
    for (value, piece) in values
        .iter_mut()
        .zip(s.raw.split(|&b| b == separator).skip(1))
    {
        *value = piece;
    }
    values
}

impl<'a> Builder<'a> {
    /// Takes the loop the walker placed `segment` in and records what the views need.
    pub(super) fn assign_reference(
        &mut self,
        index: usize,
        s: &Segment<'a>,
        placement: Placement,
    ) -> LoopId {
        use LoopId::*;
        let id = s.id();
        let loop_id = match id {
            b"ST" => Header,
            b"SE" => Trailer,
            _ => LoopId::of_grammar(placement.loop_index()),
        };
        match (loop_id, id) {
            (_, b"HL") => self.hl_reference(index, s),
            (L2300, b"CLM") => self.claims.push(Claim {
                ordinal: self.claims.len() + 1,
                clm: *s,
                diagnoses: SegmentList::default(),
                diagnosis_count: 0,
                dates: SegmentList::default(),
                sbr: self.sbr,
                filing_indicator: self.sbr.map_or(&[][..], |s| s.value(9)),
                total_charge: s
                    .element(2)
                    .and_then(|t| Some((t, crate::x12::values::decimal(t.value).ok()?.cents()?))),
                service_location: s.element(5),
                patient_dmg: if self.level == Some(L2000C) {
                    self.patient_dmg
                } else {
                    self.subscriber_dmg
                },
                lines: Vec::new(),
                billing_id: self.billing_id,
                payer_id: self.payer_id,
                transport: TransportDetails::default(),
                diagnosis_list: super::DiagnosisList::starting_at(self.diagnosis_at.len()),
            }),
            (L2400, b"LX") => {
                if let Some(claim) = self.claims.last_mut() {
                    claim
                        .lines
                        .push(ServiceLine::new(*s, line_number(s.value(1))));
                }
            }
            (L2410, b"LIN") => {
                if let Some(line) = self.line() {
                    line.drugs.push(Drug { lin: *s, ctp: None });
                }
            }
            _ => {}
        }
        self.record_reference(loop_id, id, s, placement);
        loop_id
    }

    fn record_reference(
        &mut self,
        loop_id: LoopId,
        id: &[u8],
        s: &Segment<'a>,
        placement: Placement,
    ) {
        use LoopId::*;
        match (loop_id, id) {
            (L2000B, b"SBR") => self.sbr = Some(*s),
            (L2010AA, b"NM1") => self.billing_id = s.element(9).map(|e| e.span()),
            (L2010BB, b"NM1") => self.payer_id = s.element(9).map(|e| e.span()),
            (L2010BA, b"DMG") => self.subscriber_dmg = Some(*s),
            (L2010CA, b"DMG") => {
                self.patient_dmg = Some(*s);
            }
            (L2300, b"HI") => {
                let q = s.element(1).and_then(|e| e.component(1)).map(|p| p.value);
                if matches!(q, Some(b"ABK" | b"BK" | b"ABF" | b"BF"))
                    && let Some(c) = self.claims.last_mut()
                {
                    c.diagnoses.push(*s);
                    c.diagnosis_count += s.elements().filter(|e| !e.is_empty()).count();
                    super::composites(c.diagnoses.len() - 1, s, &mut self.diagnosis_at);
                    c.diagnosis_list.end_at(self.diagnosis_at.len());
                }
            }
            (L2300, b"DTP") => {
                if let Some(c) = self.claims.last_mut() {
                    c.dates.push(*s);
                }
            }
            (L2300, b"CR1") => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.cr1 = true;
                }
            }
            (L2310E, b"NM1") => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.pick_up = true;
                }
            }
            (L2310F, b"NM1") => {
                if let Some(c) = self.claims.last_mut() {
                    c.transport.drop_off = true;
                }
            }
            (L2400, b"SV1") => {
                if placement.opened {
                    if let Some(claim) = self.claims.last_mut() {
                        claim
                            .lines
                            .push(ServiceLine::without_lx(Sv1::reference(*s)));
                    }
                } else if let Some(line) = self.line()
                    && line.sv1.is_none()
                {
                    line.sv1 = Some(Sv1::reference(*s));
                }
            }
            (L2400, b"DTP") => {
                let [qualifier, format, value] = first_values_reference(s);
                if qualifier == b"472"
                    && let Some(line) = self.line()
                {
                    if line.date_of_service.is_none()
                        && let Some((from, to)) = period(format, value)
                    {
                        line.date_of_service = Some(DateOfService {
                            from,
                            to,
                            dtp: *s,
                            index: line.service_dates.len(),
                        });
                    }
                    line.service_dates.push(*s);
                }
            }
            (L2410, b"CTP") => {
                if let Some(drug) = self.line().and_then(|l| l.drugs.last_mut())
                    && drug.ctp.is_none()
                {
                    drug.ctp = Some(*s);
                }
            }
            _ => {}
        }
    }

    fn hl_reference(&mut self, index: usize, s: &Segment<'a>) {
        let level = match s.value(3) {
            b"20" => LoopId::L2000A,
            b"22" => LoopId::L2000B,
            b"23" => LoopId::L2000C,
            // An unknown level keeps the HL where the others would be: under the
            // subscriber when one is open, else as a billing provider.
            _ => match self.level {
                Some(LoopId::L2000A) | None => LoopId::L2000A,
                Some(_) => LoopId::L2000B,
            },
        };
        let me = self.hls.len();
        let parent_hl = match s.value(2) {
            b"" => None,
            parent => self.latest_hl(parent),
        };
        let enclosing = match s.value(3) {
            b"22" => self.open_provider,
            b"23" => self.open_subscriber,
            _ => None,
        };
        match s.value(3) {
            b"20" => {
                self.open_provider = Some(me);
                self.open_subscriber = None;
            }
            b"22" => self.open_subscriber = Some(me),
            _ => {}
        }
        if let Some(p) = parent_hl
            && self.hls[p].first_child.is_none()
        {
            self.hls[p].first_child = Some(me);
        }
        let position = self.hl_position;
        self.hl_position += 1;
        if line_number(s.value(1)) != Some(position + 1) {
            self.hl_ids.insert(s.value(1), me);
        }
        self.hls.push(Hl {
            segment: *s,
            index,
            position,
            id: s.value(1),
            parent: s.value(2),
            level: s.value(3),
            child_code: s.value(4),
            parent_hl,
            enclosing,
            first_child: None,
        });
        if level == LoopId::L2000A {
            self.billing_id = None;
            self.payer_id = None;
        }
        if level == LoopId::L2000B {
            self.sbr = None;
            self.subscriber_dmg = None;
            self.payer_id = None;
        }
        if level != LoopId::L2000C {
            self.patient_dmg = None;
        }
        self.level = Some(level);
    }
}

/// The model built now and the model built as before agree on every sample, every corpus
/// copy and generated files with injected errors, whole and in parts.
#[cfg(test)]
mod tests {
    use super::super::super::Transaction;
    use super::super::super::split;
    use super::with_reference;

    /// Builds every set of `bytes` both ways, whole and cut at every billing provider and
    /// subscriber HL; returns how many models were compared.
    fn assert_same_models(name: &str, bytes: &[u8]) -> usize {
        let doc = crate::x12::parse(bytes);
        let mut compared = 0;
        let sets = doc
            .interchanges
            .iter()
            .flat_map(|i| &i.groups)
            .flat_map(|g| &g.transactions);
        for (n, set) in sets.enumerate() {
            let now = format!("{:#?}", Transaction::build(bytes, set));
            let before = format!("{:#?}", with_reference(|| Transaction::build(bytes, set)));
            assert_same(&now, &before, &format!("{name}, set {n}"));
            compared += 1;
            for (p, part) in split::plan(bytes, set, 1).into_iter().flatten().enumerate() {
                let now = format!("{:#?}", Transaction::build_part(bytes, set, &part));
                let before = format!(
                    "{:#?}",
                    with_reference(|| Transaction::build_part(bytes, set, &part))
                );
                assert_same(&now, &before, &format!("{name}, set {n}, part {p}"));
                compared += 1;
            }
        }
        compared
    }

    fn assert_same(now: &str, before: &str, what: &str) {
        if now != before {
            let line = now
                .lines()
                .zip(before.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let context = |text: &str| {
                text.lines()
                    .skip(line.saturating_sub(8))
                    .take(12)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{what}: the models differ at line {line}\nnow:\n{}\nbefore:\n{}",
                context(now),
                context(before)
            );
        }
    }

    #[test]
    fn every_sample_and_corpus_file_gets_the_same_model() {
        let all = crate::test_files::samples_and_corpus();
        assert!(all.len() > 400, "{} files", all.len());
        let mut compared = 0;
        for path in &all {
            let bytes = std::fs::read(path).expect("read");
            compared += assert_same_models(&path.display().to_string(), &bytes);
        }
        assert!(compared > 400, "{compared} models");
    }

    #[test]
    fn generated_files_with_injected_errors_get_the_same_model() {
        use claimlint_synth::Options;
        let layouts = [(7, 0.3, false), (10_000, 0.3, false), (3, 1.0, true)];
        for (seed, (claims_per_provider, dependent_rate, newline)) in
            layouts.into_iter().enumerate()
        {
            let options = Options {
                claims: 150,
                lines_per_claim: 4,
                seed: seed as u64 + 11,
                error_rate: 0.3,
                claims_per_st: 1_000,
                claims_per_provider,
                dependent_rate,
                newline,
                ..Options::default()
            };
            let text = claimlint_synth::generate(&options).0;
            assert!(assert_same_models(&format!("layout {seed}"), &text) > 1);
        }
    }

    /// Segments longer than 64 bytes (read byte by byte), IDs that are near misses of the
    /// ones the model records, odd separators and elements left empty.
    #[test]
    fn long_segments_and_near_miss_ids_get_the_same_model() {
        let options = claimlint_synth::Options {
            claims: 40,
            lines_per_claim: 3,
            seed: 5,
            error_rate: 0.3,
            ..claimlint_synth::Options::default()
        };
        let text = String::from_utf8(claimlint_synth::generate(&options).0).unwrap();
        let long = "X".repeat(70);
        let variants = [
            text.replacen("~SV1*HC:", &format!("~SV1*HC:{long}:"), 5)
                .replacen("~HI*ABK:", &format!("~HI*ABF:{long}*ABK:"), 5)
                .replacen("~HI*", "~HI*ABF:A1**ABF:B2*BK:", 3)
                .replacen("~DTP*472*", &format!("~DTP*472*RD8*{long}*"), 3)
                .replacen("~NM1*PR*", &format!("~NM1*PR*{long}*"), 2)
                .replacen("~HL*", &format!("~HL*{long}*"), 1),
            text.replacen("~CLM*", "~CLMX*", 3)
                .replacen("~LX*", "~LX~LX*", 2)
                .replacen("~SV1*", "~SV1~SV1*", 2)
                .replacen("~DTP*472*", "~DTP*472~DTP*472*", 2)
                .replacen("~HI*", "~HI~HI*", 2)
                .replacen("~NM1*PR*", "~NM1~NM1*PR*", 1)
                .replacen("~LIN*", "~LI*", 1),
            text.replace('*', "|").replace(':', ">"),
            text.replace('~', "\n").replace("\nLX*", "\r\nLX*"),
            text[..text.len() - 40].to_string(),
            text.replace('~', "~\r\n"),
            text.replace("~HL*", "~\r\n\n\rHL*"),
            text.replace('~', "\r\n"),
            text.replace("~SE*", "~   \r\n~SE*"),
            // Empty elements at the end of segments the model reads.
            text.split('~')
                .enumerate()
                .map(|(i, segment)| match i % 3 {
                    _ if segment.is_empty()
                        || ["ISA", "GS*", "ST*", "SE*", "GE*", "IEA"]
                            .iter()
                            .any(|envelope| segment.starts_with(envelope)) =>
                    {
                        segment.to_string()
                    }
                    0 => format!("{segment}*"),
                    1 => format!("{segment}**"),
                    _ => format!("{segment}:*"),
                })
                .collect::<Vec<_>>()
                .join("~"),
        ];
        for (n, variant) in variants.iter().enumerate() {
            let compared = assert_same_models(&format!("variant {n}"), variant.as_bytes());
            assert!(compared > 0, "variant {n}: no transaction set read");
        }
    }
}
