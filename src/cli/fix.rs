//! `claimlint fix FILE` and `claimlint fmt FILE`.
//!
//! `fix` rewrites only what follows from the file itself: the counts in SE01 (segments of
//! the set), GE01 (sets in the group) and IEA01 (groups in the interchange), and the
//! control numbers SE02, GE02 and IEA02 to match ST02, GS06 and ISA13; and, with `--eol`,
//! what follows each segment terminator. Claims, names, codes and amounts are never
//! touched. `fmt` only puts one segment per line. Each change is said on standard error;
//! the result goes to standard output, to `--output-file`, or with `--in-place` over the
//! file (atomically).

use super::ExitStatus;
use super::args::{Eol, FixArgs};
use super::inputs::Input;
use claimlint::x12::{self, Segment};

/// One replacement of bytes `start..end`.
struct Edit {
    start: usize,
    end: usize,
    text: Vec<u8>,
    note: String,
}

pub fn run(args: &FixArgs) -> ExitStatus {
    rewrite(args, true, args.eol)
}

pub fn fmt(args: &FixArgs) -> ExitStatus {
    rewrite(args, false, Some(args.eol.unwrap_or(Eol::Lf)))
}

fn rewrite(args: &FixArgs, counts: bool, eol: Option<Eol>) -> ExitStatus {
    if args.in_place && args.file.as_os_str() == "-" {
        eprintln!("claimlint: --in-place needs a file, not standard input");
        return ExitStatus::Error;
    }
    let input = Input::single(&args.file);
    let bytes = match input.read() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("claimlint: {}: cannot read: {e}", input.name());
            return ExitStatus::Error;
        }
    };
    let doc = x12::parse(&bytes);
    if doc.interchanges.is_empty() {
        eprintln!(
            "claimlint: {}: no interchange (ISA) found; nothing changed",
            input.name()
        );
        return ExitStatus::Error;
    }
    let edits = if counts {
        envelope_edits(&doc)
    } else {
        Vec::new()
    };
    for e in &edits {
        eprintln!("claimlint: {}: {}", input.name(), e.note);
    }
    let mut out = apply(&bytes, &edits);
    if let Some(eol) = eol {
        let terminator = doc.interchanges[0].isa.delimiters.segment;
        let from = doc.interchanges[0].isa.start;
        match line_endings(&out, from, terminator, eol) {
            Some(changed) => {
                if changed != out {
                    eprintln!(
                        "claimlint: {}: line endings: {}",
                        input.name(),
                        match eol {
                            Eol::Lf => "LF after each segment",
                            Eol::Crlf => "CR LF after each segment",
                            Eol::None => "none between segments",
                        }
                    );
                }
                out = changed;
            }
            None => eprintln!(
                "claimlint: {}: the segment terminator is a line break: line endings left as they are",
                input.name()
            ),
        }
    }
    if edits.is_empty() && out == bytes {
        eprintln!("claimlint: {}: nothing to change", input.name());
    }
    let written = if args.in_place {
        super::output::write_atomic(&args.file, &out).map_err(|e| (args.file.clone(), e))
    } else if let Some(path) = &args.output_file {
        super::output::write_atomic(path, &out).map_err(|e| (path.clone(), e))
    } else {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        return super::output_ok(stdout.write_all(&out).and_then(|()| stdout.flush()))
            .status(ExitStatus::Success);
    };
    match written {
        Ok(()) => ExitStatus::Success,
        Err((path, e)) => {
            eprintln!("claimlint: {}: {e}", path.display());
            ExitStatus::Error
        }
    }
}

/// The edits that make every trailer agree with its header and its content.
fn envelope_edits(doc: &x12::Document<'_>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for ic in &doc.interchanges {
        for g in &ic.groups {
            for set in &g.transactions {
                if let Some(se) = &set.se {
                    count(&mut edits, se, 1, set.segment_count);
                    control(&mut edits, se, 2, set.st.value(2), "ST02");
                }
            }
            if let Some(ge) = &g.ge {
                count(&mut edits, ge, 1, g.transactions.len());
                control(&mut edits, ge, 2, g.gs.value(6), "GS06");
            }
        }
        if let Some(iea) = &ic.iea {
            count(&mut edits, iea, 1, ic.groups.len());
            control(&mut edits, iea, 2, ic.isa.value(13), "ISA13");
        }
    }
    edits.sort_by_key(|e| e.start);
    edits
}

/// Sets a count element to `n` when it says another number.
fn count(edits: &mut Vec<Edit>, segment: &Segment<'_>, n: usize, want: usize) {
    let Some(element) = segment.element(n) else {
        return;
    };
    let now = std::str::from_utf8(element.value)
        .ok()
        .and_then(|t| t.trim().parse::<usize>().ok());
    if now == Some(want) {
        return;
    }
    let id = segment.id_str();
    edits.push(Edit {
        start: element.start,
        end: element.start + element.value.len(),
        text: want.to_string().into_bytes(),
        note: format!(
            "{id}{n:02} (segment {}): `{}` → `{want}`",
            segment.ordinal,
            String::from_utf8_lossy(element.value)
        ),
    });
}

/// Sets a control number element to its header's value.
fn control(edits: &mut Vec<Edit>, segment: &Segment<'_>, n: usize, want: &[u8], header: &str) {
    let Some(element) = segment.element(n) else {
        return;
    };
    if element.value == want || want.is_empty() {
        return;
    }
    let id = segment.id_str();
    edits.push(Edit {
        start: element.start,
        end: element.start + element.value.len(),
        text: want.to_vec(),
        note: format!(
            "{id}{n:02} (segment {}): `{}` → `{}` (its {header})",
            segment.ordinal,
            String::from_utf8_lossy(element.value),
            String::from_utf8_lossy(want)
        ),
    });
}

fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for e in edits {
        out.extend_from_slice(&bytes[at..e.start]);
        out.extend_from_slice(&e.text);
        at = e.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// The bytes with exactly `eol` after each segment terminator from `from` on; `None` when
/// the terminator is itself a line break.
fn line_endings(bytes: &[u8], from: usize, terminator: u8, eol: Eol) -> Option<Vec<u8>> {
    if terminator == b'\n' || terminator == b'\r' {
        return None;
    }
    let eol: &[u8] = match eol {
        Eol::Lf => b"\n",
        Eol::Crlf => b"\r\n",
        Eol::None => b"",
    };
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 40);
    out.extend_from_slice(&bytes[..from]);
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        out.push(b);
        i += 1;
        if b == terminator {
            while i < bytes.len() && matches!(bytes[i], b'\r' | b'\n') {
                i += 1;
            }
            out.extend_from_slice(eol);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_replaced_not_added() {
        let one = line_endings(b"ISA*1~GS*2~\r\nST*3~", 0, b'~', Eol::Lf).unwrap();
        assert_eq!(one, b"ISA*1~\nGS*2~\nST*3~\n");
        let none = line_endings(&one, 0, b'~', Eol::None).unwrap();
        assert_eq!(none, b"ISA*1~GS*2~ST*3~");
        assert!(line_endings(b"ISA*1\n", 0, b'\n', Eol::Lf).is_none());
    }
}
