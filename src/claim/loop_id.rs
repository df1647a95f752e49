//! The loops of the 837P, named as the guide names them.

/// A loop of the 837P (or the transaction set's header and trailer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoopId {
    Header,
    L1000A,
    L1000B,
    L2000A,
    L2010AA,
    L2010AB,
    L2010AC,
    L2000B,
    L2010BA,
    L2010BB,
    L2000C,
    L2010CA,
    L2300,
    L2310A,
    L2310B,
    L2310C,
    L2310D,
    L2310E,
    L2310F,
    L2320,
    L2330A,
    L2330B,
    L2330C,
    L2330D,
    L2330E,
    L2330F,
    L2330G,
    L2400,
    L2410,
    L2420A,
    L2420B,
    L2420C,
    L2420D,
    L2420E,
    L2420F,
    L2420G,
    L2420H,
    L2430,
    L2440,
    Trailer,
}

impl LoopId {
    /// The loop ID as the implementation guide and the 999 (IK303) write it.
    pub fn as_str(self) -> &'static str {
        use LoopId::*;
        match self {
            Header => "HEADER",
            L1000A => "1000A",
            L1000B => "1000B",
            L2000A => "2000A",
            L2010AA => "2010AA",
            L2010AB => "2010AB",
            L2010AC => "2010AC",
            L2000B => "2000B",
            L2010BA => "2010BA",
            L2010BB => "2010BB",
            L2000C => "2000C",
            L2010CA => "2010CA",
            L2300 => "2300",
            L2310A => "2310A",
            L2310B => "2310B",
            L2310C => "2310C",
            L2310D => "2310D",
            L2310E => "2310E",
            L2310F => "2310F",
            L2320 => "2320",
            L2330A => "2330A",
            L2330B => "2330B",
            L2330C => "2330C",
            L2330D => "2330D",
            L2330E => "2330E",
            L2330F => "2330F",
            L2330G => "2330G",
            L2400 => "2400",
            L2410 => "2410",
            L2420A => "2420A",
            L2420B => "2420B",
            L2420C => "2420C",
            L2420D => "2420D",
            L2420E => "2420E",
            L2420F => "2420F",
            L2420G => "2420G",
            L2420H => "2420H",
            L2430 => "2430",
            L2440 => "2440",
            Trailer => "TRAILER",
        }
    }

    /// The loop with the ID the guide (and `grammar/`) gives it.
    pub fn from_id(id: &str) -> Option<LoopId> {
        use LoopId::*;
        Some(match id {
            "HEADER" => Header,
            "1000A" => L1000A,
            "1000B" => L1000B,
            "2000A" => L2000A,
            "2010AA" => L2010AA,
            "2010AB" => L2010AB,
            "2010AC" => L2010AC,
            "2000B" => L2000B,
            "2010BA" => L2010BA,
            "2010BB" => L2010BB,
            "2000C" => L2000C,
            "2010CA" => L2010CA,
            "2300" => L2300,
            "2310A" => L2310A,
            "2310B" => L2310B,
            "2310C" => L2310C,
            "2310D" => L2310D,
            "2310E" => L2310E,
            "2310F" => L2310F,
            "2320" => L2320,
            "2330A" => L2330A,
            "2330B" => L2330B,
            "2330C" => L2330C,
            "2330D" => L2330D,
            "2330E" => L2330E,
            "2330F" => L2330F,
            "2330G" => L2330G,
            "2400" => L2400,
            "2410" => L2410,
            "2420A" => L2420A,
            "2420B" => L2420B,
            "2420C" => L2420C,
            "2420D" => L2420D,
            "2420E" => L2420E,
            "2420F" => L2420F,
            "2420G" => L2420G,
            "2420H" => L2420H,
            "2430" => L2430,
            "2440" => L2440,
            "TRAILER" => Trailer,
            _ => return None,
        })
    }

    /// The loop of a grammar loop index ([`crate::grammar::LOOPS`]).
    pub fn of_grammar(index: usize) -> LoopId {
        Self::grammar_table()[index]
    }

    /// The loop of each grammar loop index, in [`crate::grammar::LOOPS`] order.
    pub(crate) fn grammar_table() -> &'static [LoopId] {
        static TABLE: std::sync::OnceLock<Vec<LoopId>> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            crate::grammar::LOOPS
                .iter()
                .map(|l| LoopId::from_id(l.id).expect("every grammar loop has a LoopId"))
                .collect()
        })
    }
}
