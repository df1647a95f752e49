//! The element checks of each segment use, generated as straight-line code (see
//! `src/grammar/elements/compiled.rs`).

use super::*;

impl Gen<'_> {
    /// The element checks of one segment use as straight-line code: each element's type,
    /// length, usage and code list are constants of the function, so checking a value is a
    /// length comparison or a `match`, not a walk over the guide's tables. The function does
    /// what `elements::check_with` does with the table, finding for finding (the unit tests
    /// in `src/grammar/elements/` compare the two); odd segments and findings' details go
    /// to the same helpers.
    pub(super) fn check(
        &self,
        out: &mut String,
        s: &SegmentUse,
        loop_index: usize,
        use_index: usize,
        function: &str,
    ) {
        let numbers = &self.dictionary.segments[&s.id];
        writeln!(
            out,
            "pub(in crate::grammar) fn {function}(segment: &Segment<'_>, splats: &Splats, report: Report<'_>) {{"
        )
        .unwrap();
        if numbers.is_empty() {
            out.push_str("}\n\n");
            return;
        }
        // A use whose composites are all unused reads no component separator.
        let pieces = if numbers.iter().enumerate().any(|(i, number)| {
            let reference = format!("{}{:02}", s.id, i + 1);
            let spec = s.elements.get(&reference).map_or("N", String::as_str);
            number.starts_with('C') && parse_spec(spec, &reference).0 != "N"
        }) {
            "pieces"
        } else {
            "_"
        };
        writeln!(
            out,
            "let d: &'static SegmentDef = &LOOPS[{loop_index}].segments[{use_index}];\n\
             let e = d.elements;\n\
             let (mut marks, {pieces}) = marks(segment, splats);\n\
             if marks == 0 {{ return check_with(segment, d, Bytes::new(segment), report); }}\n\
             let separators = marks;\n\
             let raw = segment.raw;\n\
             let len = raw.len();\n\
             let id_end = next_mark(&mut marks);\n\
             let mut present = 0u64;\n\
             if id_end < len {{\n\
             let mut begin = id_end + 1;\n\
             'elements: {{"
        )
        .unwrap();
        let mut required = 0u64;
        for (i, number) in numbers.iter().enumerate() {
            let position = i + 1;
            let reference = format!("{}{position:02}", s.id);
            let spec = s.elements.get(&reference).map_or("N", String::as_str);
            let (u, _, codes) = parse_spec(spec, &reference);
            if u == "R" {
                required |= 1 << position;
            }
            writeln!(
                out,
                "// {reference}\n\
                 let end = next_mark(&mut marks);\n\
                 if end > begin {{\n\
                 present |= 1 << {position};"
            )
            .unwrap();
            let def = format!("&e[{i}]");
            if u == "N" {
                writeln!(out, "not_used(segment, begin, end, {def}, report);").unwrap();
            } else if number.starts_with('C') {
                self.composite(out, s, &reference, number, &def, position);
            } else {
                self.simple(out, number, &codes, &def, "begin", "end");
            }
            out.push_str("}\nif end == len { break 'elements; }\nbegin = end + 1;\n");
        }
        writeln!(
            out,
            "too_many_elements(segment, begin, &e[{}], report);\nreturn;\n}}\n}}",
            numbers.len() - 1
        )
        .unwrap();
        if required != 0 {
            writeln!(
                out,
                "if present & {required} != {required} {{ missing(segment, d, {required} & !present, report); }}"
            )
            .unwrap();
        }
        let notes = self
            .dictionary
            .syntax
            .get(&s.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (n, note) in notes.iter().enumerate() {
            let (kind, positions) = syntax_note(note, numbers.len(), &s.id);
            let mask = |ps: &[u8]| ps.iter().fold(0u64, |m, &p| m | 1 << p);
            let all = mask(&positions);
            let first = mask(&positions[..1]);
            let rest = mask(&positions[1..]);
            // When the note may be violated; `check_note` decides and words it.
            let violated = match kind {
                "Paired" => format!("present & {all} != 0 && present & {all} != {all}"),
                "RequiredOne" => format!("present & {all} == 0"),
                "Exclusive" => format!("(present & {all}).count_ones() > 1"),
                "Conditional" => format!("present & {first} != 0 && present & {rest} != {rest}"),
                _ => format!("present & {first} != 0 && present & {rest} == 0"),
            };
            writeln!(
                out,
                "if {violated} {{ check_note(segment, d, &d.syntax[{n}], present, report); }}"
            )
            .unwrap();
        }
        // Empty elements at the end leave an element separator last (`raw[len]` is the
        // end's bit, not a separator's).
        out.push_str(
            "if separators >> (len - 1) & 1 != 0 { trailing_elements(segment, d, present, report); }\n}\n\n",
        );
    }

    /// The checks of a composite whose usage is not N, between `begin` and `end`.
    pub(super) fn composite(
        &self,
        out: &mut String,
        s: &SegmentUse,
        reference: &str,
        number: &str,
        def: &str,
        position: usize,
    ) {
        let parts = self
            .dictionary
            .composites
            .get(number)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if parts.is_empty() {
            return;
        }
        writeln!(
            out,
            "'c{position}: {{\n\
             let c: &'static ElementDef = {def};\n\
             let first_end = piece_end(pieces, begin);"
        )
        .unwrap();
        if parts.len() > 1 {
            // A single digit (most SV107s: one pointer) holds no other separator: told
            // inline, without the call.
            writeln!(
                out,
                "if first_end == end && !(end == begin + 1 && raw[begin].is_ascii_digit()) && written_with_other_separator(&raw[begin..end], c) {{ break 'c{position}; }}"
            )
            .unwrap();
        }
        writeln!(
            out,
            "let mut cpresent = 0u64;\n\
             let mut cb = begin;\n\
             let mut ce = first_end;\n\
             'p{position}: {{"
        )
        .unwrap();
        let mut required = 0u64;
        for (k, part) in parts.iter().enumerate() {
            let component = k + 1;
            let cref = format!("{reference}-{component}");
            let spec = s.elements.get(&cref).map_or("N", String::as_str);
            let (u, _, codes) = parse_spec(spec, &cref);
            if u == "R" {
                required |= 1 << component;
            }
            writeln!(
                out,
                "// {cref}\n\
                 if ce > cb {{\n\
                 cpresent |= 1 << {component};"
            )
            .unwrap();
            let cdef = format!("&c.components[{k}]");
            if u == "N" {
                writeln!(out, "not_used(segment, cb, ce, {cdef}, report);").unwrap();
            } else {
                self.simple(out, part, &codes, &cdef, "cb", "ce");
            }
            writeln!(
                out,
                "}}\nif ce == end {{ break 'p{position}; }}\ncb = ce + 1;"
            )
            .unwrap();
            if component < parts.len() {
                out.push_str("ce = piece_end(pieces, cb);\n");
            }
        }
        writeln!(
            out,
            "too_many_components(&Bytes::new(segment), cb, end, c, report);\nbreak 'c{position};\n}}"
        )
        .unwrap();
        if required != 0 {
            writeln!(
                out,
                "if cpresent & {required} != {required} {{ missing_components(&Bytes::new(segment), begin, end, c, {required} & !cpresent, report); }}"
            )
            .unwrap();
        }
        // Empty components at the end leave a component separator last: the only kind
        // `pieces` marks inside an element.
        writeln!(
            out,
            "if cpresent != 0 && pieces >> (end - 1) & 1 != 0 {{ trailing_pieces(segment, c, cpresent, begin, end, report); }}\n}}"
        )
        .unwrap();
    }

    /// The check of a simple value (element or component) `raw[begin..end]`, not empty,
    /// in a segment with no control character or repetition separator.
    pub(super) fn simple(
        &self,
        out: &mut String,
        number: &str,
        codes: &[String],
        def: &str,
        begin: &str,
        end: &str,
    ) {
        let (kind, min, max) = self.data_type(number);
        match kind {
            "Id" if !codes.is_empty() => {
                writeln!(
                    out,
                    "if !({}) {{ invalid_code(segment, {begin}, {end}, {def}, report); }}",
                    code_test(codes, begin, end)
                )
                .unwrap();
            }
            "R" | "N0" => writeln!(
                out,
                "number(segment, raw, {begin}, {end}, {min}, {max}, {}, {def}, report);",
                kind == "R"
            )
            .unwrap(),
            "Dt" => writeln!(out, "date(segment, {begin}, {end}, {def}, report);").unwrap(),
            "Tm" => writeln!(out, "time(segment, {begin}, {end}, {def}, report);").unwrap(),
            _ => writeln!(
                out,
                "length(segment, raw, {begin}, {end}, {min}, {max}, {def}, report);"
            )
            .unwrap(),
        }
    }
}

/// Whether the value `raw[begin..end]` is one of `codes`, as generated code. A code is
/// told by its length, then compared as one number of that many bytes (`code::<2>`: a
/// two-byte load), the codes' numbers constants of a `matches!`.
fn code_test(codes: &[String], begin: &str, end: &str) -> String {
    // All the guide's codes are; a longer one would need a wider number.
    for c in codes {
        assert!(
            (1..=8).contains(&c.len()),
            "code {c:?} is not of one to eight bytes"
        );
    }
    let mut by_length: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for c in codes {
        // The key's low bytes are the code's, the first lowest, as `code::<N>` reads them.
        let number = key(c.as_bytes()) as u64;
        by_length
            .entry(c.len())
            .or_default()
            .push(format!("{number:#x}"));
    }
    let test = |n: &usize, numbers: &Vec<String>| {
        format!(
            "matches!(code::<{n}>(raw, {begin}), {})",
            numbers.join(" | ")
        )
    };
    if let [(n, numbers)] = by_length.iter().collect::<Vec<_>>()[..] {
        return format!("{end} - {begin} == {n} && {}", test(n, numbers));
    }
    let arms: Vec<String> = by_length
        .iter()
        .map(|(n, numbers)| format!("{n} => {}", test(n, numbers)))
        .collect();
    format!(
        "match {end} - {begin} {{ {}, _ => false }}",
        arms.join(", ")
    )
}
