//! The generator: one interchange, claim after claim, with the errors decided per claim.

use super::*;

pub(super) struct Generator<'a, W: Write> {
    pub(super) o: &'a Options,
    pub(super) out: Out<'a, W>,
    pub(super) rng: Rng,
    pub(super) erng: Rng,
    /// `kinds` without `Clm02Mismatch`: the replacements for a second mismatch draw.
    pub(super) line_kinds: Vec<ErrorKind>,
    pub(super) cdate: (u32, u32, u32),
    pub(super) ctime: (u32, u32),
    pub(super) claim_no: usize,
    pub(super) service_lines: usize,
    pub(super) errors: Vec<InjectedError>,
    // Reused per claim.
    pub(super) lines: Vec<Line>,
    pub(super) pending: Vec<Pending>,
    pub(super) sv1_pos: Vec<Pos>,
}

impl<'a, W: Write> Generator<'a, W> {
    pub(super) fn new(o: &'a Options, w: &'a mut W) -> Self {
        let mut rng = Rng::new(o.seed);
        // Error decisions have their own generator so they do not perturb the clean data.
        let erng = Rng::new(o.seed.wrapping_mul(7919).wrapping_add(17));
        let month = rng.range(1, 12) as u32;
        let cdate = (YEAR, month, rng.range(1, 28) as u32);
        let ctime = (rng.range(6, 19) as u32, rng.range(0, 59) as u32);
        Generator {
            o,
            out: Out {
                w,
                buf: Buf(Vec::with_capacity(FLUSH_AT + 16 * 1024)),
                flushed: 0,
                file_seg: 0,
                st_seg: 0,
                newline: o.newline,
            },
            rng,
            erng,
            line_kinds: o
                .kinds
                .iter()
                .copied()
                .filter(|&k| k != ErrorKind::Clm02Mismatch)
                .collect(),
            cdate,
            ctime,
            claim_no: 0,
            service_lines: 0,
            errors: Vec::new(),
            lines: Vec::with_capacity(MAX_LINES),
            pending: Vec::new(),
            sv1_pos: Vec::with_capacity(MAX_LINES),
        }
    }

    pub(super) fn run(mut self) -> io::Result<Summary> {
        let o = self.o;
        let (cdate, (hh, mm)) = (self.cdate, self.ctime);
        let isa_ctl = match o.seed % 1_000_000_000 {
            0 => 1,
            n => n,
        };
        self.out.seg(|b| {
            b.s("ISA*00*          *00*          *ZZ*")
                .s(SENDER)
                .s(&"               "[SENDER.len()..])
                .s("*ZZ*")
                .s(RECEIVER)
                .s(&"               "[RECEIVER.len()..])
                .c(b'*')
                .z(u64::from(cdate.0 % 100), 2)
                .z(cdate.1.into(), 2)
                .z(cdate.2.into(), 2)
                .c(b'*')
                .z(hh.into(), 2)
                .z(mm.into(), 2)
                .s("*^*00501*")
                .z(isa_ctl, 9)
                .s("*0*T*:");
        });

        let n_st = o.claims.div_ceil(o.claims_per_st);
        let st_per_gs = if o.st_per_gs > 0 { o.st_per_gs } else { n_st };
        let n_gs = n_st.div_ceil(st_per_gs);
        let mut st_no = 0usize;
        for g in 0..n_gs {
            let gs_ctl = (g + 1).to_string();
            self.out.seg(|b| {
                b.s("GS*HC*")
                    .s(SENDER)
                    .c(b'*')
                    .s(RECEIVER)
                    .c(b'*')
                    .date(cdate)
                    .c(b'*')
                    .z(hh.into(), 2)
                    .z(mm.into(), 2)
                    .c(b'*')
                    .s(&gs_ctl)
                    .s("*X*")
                    .s(&o.version);
            });
            let sts_here = st_per_gs.min(n_st - g * st_per_gs);
            for _ in 0..sts_here {
                st_no += 1;
                self.transaction_set(st_no, &gs_ctl)?;
            }
            self.out.seg(|b| {
                b.s("GE*").n(sts_here as u64).c(b'*').s(&gs_ctl);
            });
        }
        self.out.seg(|b| {
            b.s("IEA*").n(n_gs as u64).c(b'*').z(isa_ctl, 9);
        });
        self.out.flush()?;
        self.out.w.flush()?;
        Ok(Summary {
            bytes: self.out.flushed,
            segments: self.out.file_seg,
            claims: self.claim_no,
            service_lines: self.service_lines,
            errors: self.errors,
        })
    }

    pub(super) fn transaction_set(&mut self, st_no: usize, gs_ctl: &str) -> io::Result<()> {
        let o = self.o;
        let (cdate, (hh, mm)) = (self.cdate, self.ctime);
        let mut st_ctl = Buf(Vec::with_capacity(9));
        st_ctl.z(st_no as u64, 4);
        let st_ctl = String::from_utf8(st_ctl.0).unwrap_or_default();
        self.out.st_seg = 0;
        self.out.seg(|b| {
            b.s("ST*837*").s(&st_ctl).c(b'*').s(&o.version);
        });
        self.out.seg(|b| {
            b.s("BHT*0019*00*BAT")
                .z(st_no as u64, 6)
                .c(b'*')
                .date(cdate)
                .c(b'*')
                .z(hh.into(), 2)
                .z(mm.into(), 2)
                .s("*CH");
        });
        self.out.seg(|b| {
            b.s("NM1*41*2*PREMIER BILLING SERVICE*****46*TGJ23");
        });
        self.out.seg(|b| {
            b.s("PER*IC*JERRY SMITH*TE*3055552222*EM*EDI@EXAMPLE.COM");
        });
        self.out.seg(|b| {
            b.s("NM1*40*2*KEY INSURANCE COMPANY*****46*66783JJT");
        });

        let mut hl = 0u64;
        let claims_here = o.claims_per_st.min(o.claims - self.claim_no);
        let mut done_here = 0;
        while done_here < claims_here {
            hl += 1;
            let hl_a = hl;
            self.billing_provider(hl_a);
            for _ in 0..o.claims_per_provider.min(claims_here - done_here) {
                done_here += 1;
                self.claim(&mut hl, hl_a, &st_ctl, gs_ctl);
                self.out.flush_if_full()?;
            }
        }
        let count = self.out.st_seg as u64 + 1;
        self.out.seg(|b| {
            b.s("SE*").n(count).c(b'*').s(&st_ctl);
        });
        self.out.flush_if_full()
    }

    /// 2000A: HL, PRV, NM1*85, N3, N4, REF*EI.
    pub(super) fn billing_provider(&mut self, hl_a: u64) {
        let (rng, out) = (&mut self.rng, &mut self.out);
        out.seg(|b| {
            b.s("HL*").n(hl_a).s("**20*1");
        });
        out.seg(|b| {
            b.s("PRV*BI*PXC*").s(rng.pick(&TAXONOMY));
        });
        let (city, state, zip) = rng.pick(&CITIES);
        out.seg(|b| {
            b.s("NM1*85*2*")
                .s(rng.pick(&LAST))
                .c(b' ')
                .s(rng.pick(&ORGS))
                .s("*****XX*");
            b.0.extend_from_slice(&make_npi(rng));
        });
        out.seg(|b| {
            b.s("N3*")
                .n(rng.range(100, 9999))
                .c(b' ')
                .s(rng.pick(&STREETS));
        });
        out.seg(|b| {
            b.s("N4*")
                .s(city)
                .c(b'*')
                .s(state)
                .c(b'*')
                .s(zip)
                .n(rng.range(1000, 9999));
        });
        out.seg(|b| {
            b.s("REF*EI*").n(rng.range(100_000_000, 999_999_999));
        });
    }

    /// 2000B (+ 2000C) + 2300 + 2400/2410 of one claim.
    pub(super) fn claim(&mut self, hl: &mut u64, hl_a: u64, st_ctl: &str, gs_ctl: &str) {
        let o = self.o;
        self.claim_no += 1;
        let claim_no = self.claim_no as u64;
        let (rng, out) = (&mut self.rng, &mut self.out);

        // 2000B subscriber.
        let dependent = rng.unit() < o.dependent_rate;
        let (payer, filing, payer_id) = if dependent {
            PAYERS[rng.pick(&COMMERCIAL_PAYERS)]
        } else {
            rng.pick(&PAYERS)
        };
        *hl += 1;
        let hl_b = *hl;
        out.seg(|b| {
            b.s("HL*")
                .n(hl_b)
                .c(b'*')
                .n(hl_a)
                .s("*22*")
                .s(if dependent { "1" } else { "0" });
        });
        out.seg(|b| {
            b.s(if dependent {
                "SBR*P**GRP"
            } else {
                "SBR*P*18*GRP"
            })
            .z(rng.range(0, 99_999), 5)
            .s("******")
            .s(filing);
        });
        let last = rng.pick(&LAST);
        out.seg(|b| {
            b.s("NM1*IL*1*")
                .s(last)
                .c(b'*')
                .s(rng.pick(&FIRST))
                .s("****MI*W")
                .z(rng.range(0, 999_999_999), 9);
        });
        let (city, state, zip) = rng.pick(&CITIES);
        let street_no = rng.range(1, 9999);
        let street = rng.pick(&STREETS);
        let address = |out: &mut Out<'_, W>| {
            out.seg(|b| {
                b.s("N3*").n(street_no).c(b' ').s(street);
            });
            out.seg(|b| {
                b.s("N4*").s(city).c(b'*').s(state).c(b'*').s(zip);
            });
        };
        let dmg = |out: &mut Out<'_, W>, rng: &mut Rng, years: (u64, u64)| {
            out.seg(|b| {
                b.s("DMG*D8*")
                    .z(rng.range(years.0, years.1), 4)
                    .z(rng.range(1, 12), 2)
                    .z(rng.range(1, 28), 2)
                    .c(b'*')
                    .s(rng.pick(&["M", "F"]));
            });
        };
        if !dependent {
            address(out);
            dmg(out, rng, (1940, 2005));
        }
        out.seg(|b| {
            b.s("NM1*PR*2*").s(payer).s("*****PI*").s(payer_id);
        });
        if dependent {
            // 2000C patient.
            *hl += 1;
            let hl_c = *hl;
            out.seg(|b| {
                b.s("HL*").n(hl_c).c(b'*').n(hl_b).s("*23*0");
            });
            out.seg(|b| {
                b.s("PAT*19");
            });
            out.seg(|b| {
                b.s("NM1*QC*1*").s(last).c(b'*').s(rng.pick(&FIRST));
            });
            address(out);
            dmg(out, rng, (2006, 2023));
        }

        // 2300 claim: diagnoses (distinct), date of service, lines.
        let n_dx = rng.range(1, 4) as usize;
        let mut dx = [0usize; 4];
        let mut k = 0;
        while k < n_dx {
            let c = rng.below(ICD10.len() as u64) as usize;
            if !dx[..k].contains(&c) {
                dx[k] = c;
                k += 1;
            }
        }
        let (_, cm, cd) = self.cdate;
        let created_doy = MONTH_DAYS[..cm as usize - 1].iter().sum::<u32>() + cd;
        let dos = date_of_day(rng.range(1, created_doy.into()) as u32);
        self.lines.clear();
        let mut redraws = 0;
        while self.lines.len() < o.lines_per_claim {
            let mut line = build_line(rng, n_dx);
            // Bill consistently (claimlint S101-S106): a drug or a vaccine administration
            // comes with its companion line, and a service is not billed twice unless a
            // repeat modifier says it was done again.
            let companion = companion(line.code);
            if companion.is_some() && self.lines.len() + 2 > o.lines_per_claim {
                continue;
            }
            if repeats(&self.lines, &line)
                || companion.is_some_and(|c| self.lines.iter().any(|l| l.code == c))
            {
                if redraws < 8 || companion.is_some() {
                    redraws += 1;
                    continue;
                }
                let Some(m) = REPEAT_MODIFIERS.iter().find(|m| {
                    let mut again = line;
                    again.mods[again.n_mods.min(1)] = m;
                    again.n_mods = (again.n_mods + 1).min(2);
                    line.n_mods < 2 && !repeats(&self.lines, &again)
                }) else {
                    continue;
                };
                line.mods[line.n_mods] = m;
                line.n_mods += 1;
            }
            if let Some(code) = companion {
                self.lines.push(companion_line(code, &line));
            }
            self.lines.push(line);
        }

        // Error decisions.
        self.pending.clear();
        let mut delta: i64 = 0;
        let mut clm_line = 0;
        if o.error_rate > 0.0 {
            let erng = &mut self.erng;
            for (li, line) in self.lines.iter_mut().enumerate() {
                if erng.unit() >= o.error_rate {
                    continue;
                }
                let mut kind = erng.pick(&o.kinds);
                if kind == ErrorKind::Clm02Mismatch {
                    if delta == 0 {
                        let sign = if erng.below(2) == 0 { 1 } else { -1 };
                        delta = sign * erng.range(1, 50) as i64 * 100;
                        clm_line = li;
                        continue;
                    } else if self.line_kinds.is_empty() {
                        continue;
                    }
                    // One mismatch per claim: another kind for this line.
                    kind = erng.pick(&self.line_kinds);
                }
                let (element, value, expected) = inject(erng, line, kind, n_dx);
                self.pending.push(Pending {
                    line: li,
                    kind,
                    element,
                    value,
                    expected,
                });
            }
        }
        let total: u64 = self.lines.iter().map(|l| l.cents).sum();
        if delta < 0 && total < delta.unsigned_abs() {
            delta = -delta;
        }
        let claimed = total.wrapping_add_signed(delta);

        let clm_pos = out.seg(|b| {
            b.s("CLM*PCN")
                .z(claim_no, 8)
                .c(b'*')
                .money(claimed)
                .s("***11:B:1*Y*A*Y*Y");
        });
        out.seg(|b| {
            b.s("HI*ABK:").s(ICD10[dx[0]]);
            for &c in &dx[1..n_dx] {
                b.s("*ABF:").s(ICD10[c]);
            }
        });
        self.sv1_pos.clear();
        for (li, line) in self.lines.iter().enumerate() {
            out.seg(|b| {
                b.s("LX*").n(li as u64 + 1);
            });
            let pos = out.seg(|b| {
                b.s("SV1*").s(line.qual).c(b':').s(line.code);
                for m in &line.mods[..line.n_mods] {
                    b.c(b':').s(m);
                }
                b.c(b'*')
                    .money(line.cents)
                    .c(b'*')
                    .s(line.basis)
                    .c(b'*')
                    .n(line.qty)
                    .s("***");
                for (i, &ptr) in line.ptrs[..line.n_ptrs].iter().enumerate() {
                    if i > 0 {
                        b.c(b':');
                    }
                    b.n(ptr.into());
                }
            });
            self.sv1_pos.push(pos);
            out.seg(|b| {
                b.s("DTP*472*D8*").date(dos);
            });
            if let Some(ndc) = line.ndc {
                out.seg(|b| {
                    b.s("LIN**N4*").s(ndc);
                });
                out.seg(|b| {
                    b.s("CTP****").n(line.qty).s("*UN");
                });
            }
        }
        self.service_lines += self.lines.len();

        // The answer key, in file order: CLM first, then the lines.
        if delta == 0 && self.pending.is_empty() {
            return;
        }
        let claim_id = format!("PCN{claim_no:08}");
        let record =
            |kind, segment_id, pos: Pos, line: usize, element, value, expected| InjectedError {
                kind,
                segment_id,
                file_segment: pos.file_segment,
                st_segment: pos.st_segment,
                byte_offset: pos.byte_offset,
                st_control: st_ctl.to_string(),
                gs_control: gs_ctl.to_string(),
                claim_id: claim_id.clone(),
                line: line + 1,
                element,
                value,
                expected,
            };
        if delta != 0 {
            self.errors.push(record(
                ErrorKind::Clm02Mismatch,
                "CLM",
                clm_pos,
                clm_line,
                "CLM02".to_string(),
                money_string(claimed),
                money_string(total),
            ));
        }
        for p in self.pending.drain(..) {
            self.errors.push(record(
                p.kind,
                "SV1",
                self.sv1_pos[p.line],
                p.line,
                p.element,
                p.value,
                p.expected,
            ));
        }
    }
}
