//! Writing segments: a reused buffer per segment, counted and flushed in large writes.

use super::*;

/// The segment being built: append-only helpers that never allocate beyond the buffer.
pub(super) struct Buf(pub(super) Vec<u8>);

impl Buf {
    pub(super) fn s(&mut self, s: &str) -> &mut Self {
        self.0.extend_from_slice(s.as_bytes());
        self
    }

    pub(super) fn c(&mut self, b: u8) -> &mut Self {
        self.0.push(b);
        self
    }

    /// A decimal number.
    pub(super) fn n(&mut self, v: u64) -> &mut Self {
        self.z(v, 1)
    }

    /// A decimal number, left-padded with zeros to `width` digits.
    pub(super) fn z(&mut self, mut v: u64, width: usize) -> &mut Self {
        let mut tmp = [b'0'; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        let start = i.min(tmp.len().saturating_sub(width));
        self.0.extend_from_slice(&tmp[start..]);
        self
    }

    /// An X12 `R` amount from cents: no trailing zeros (`150`, `12.5`, `0.05`).
    pub(super) fn money(&mut self, cents: u64) -> &mut Self {
        self.n(cents / 100);
        let c = (cents % 100) as u8;
        if c != 0 {
            self.0.push(b'.');
            self.0.push(b'0' + c / 10);
            if !c.is_multiple_of(10) {
                self.0.push(b'0' + c % 10);
            }
        }
        self
    }

    pub(super) fn date(&mut self, (y, m, d): (u32, u32, u32)) -> &mut Self {
        self.z(y.into(), 4).z(m.into(), 2).z(d.into(), 2)
    }
}

pub(super) fn money_string(cents: u64) -> String {
    let mut b = Buf(Vec::with_capacity(12));
    b.money(cents);
    String::from_utf8(b.0).unwrap_or_default()
}

/// Where a segment was written.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Pos {
    pub(super) file_segment: usize,
    pub(super) st_segment: usize,
    pub(super) byte_offset: usize,
}

/// Counts segments and bytes and writes them through a reused buffer.
pub(super) struct Out<'a, W: Write> {
    pub(super) w: &'a mut W,
    pub(super) buf: Buf,
    pub(super) flushed: usize,
    pub(super) file_seg: usize,
    pub(super) st_seg: usize,
    pub(super) newline: bool,
}

impl<W: Write> Out<'_, W> {
    /// Writes one segment: `f` appends its text (without terminator).
    #[inline]
    pub(super) fn seg(&mut self, f: impl FnOnce(&mut Buf)) -> Pos {
        self.file_seg += 1;
        self.st_seg += 1;
        let pos = Pos {
            file_segment: self.file_seg,
            st_segment: self.st_seg,
            byte_offset: self.flushed + self.buf.0.len(),
        };
        f(&mut self.buf);
        self.buf.0.push(b'~');
        if self.newline {
            self.buf.0.push(b'\n');
        }
        pos
    }

    pub(super) fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.0.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    pub(super) fn flush(&mut self) -> io::Result<()> {
        self.w.write_all(&self.buf.0)?;
        self.flushed += self.buf.0.len();
        self.buf.0.clear();
        Ok(())
    }
}
