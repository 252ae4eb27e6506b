//! Huffman coding of quantised blocks with the standard tables of ITU T.81 Annex K.3, into a
//! 64-bit bit buffer written out four bytes at a time, a 0xFF byte followed by a stuffed 0x00.
//!
//! A block's coefficients are put in zigzag order, a 64-bit mask marks the nonzero ones, and
//! the coder walks the set bits with `trailing_zeros` (libjpeg-turbo's method): the zero runs
//! between them cost nothing.

use super::block::transposed;

/// Natural index of each coefficient in zigzag order (T.81 figure A.6).
pub(crate) const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The coefficients of a transposed block in zigzag order, each read from a constant place
/// (a table of places would cost a load each).
macro_rules! zigzag {
    ($block:ident; $($n:literal)*) => {
        [$($block[transposed($n)]),*]
    };
}

/// Annex K.3 tables as `DHT` gives them: how many codes of each length 1…16, then the symbols.
pub(crate) const LUMA_DC: ([u8; 16], &[u8]) = (
    [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
);
/// Table K.4.
pub(crate) const CHROMA_DC: ([u8; 16], &[u8]) = (
    [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
    &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
);
/// Table K.5.
pub(crate) const LUMA_AC: ([u8; 16], &[u8]) = (
    [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D],
    &[
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61,
        0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52,
        0xD1, 0xF0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25,
        0x26, 0x27, 0x28, 0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45,
        0x46, 0x47, 0x48, 0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64,
        0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83,
        0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
        0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6,
        0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3,
        0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8,
        0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA,
    ],
);
/// Table K.6.
pub(crate) const CHROMA_AC: ([u8; 16], &[u8]) = (
    [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
    &[
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61,
        0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xA1, 0xB1, 0xC1, 0x09, 0x23, 0x33,
        0x52, 0xF0, 0x15, 0x62, 0x72, 0xD1, 0x0A, 0x16, 0x24, 0x34, 0xE1, 0x25, 0xF1, 0x17, 0x18,
        0x19, 0x1A, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44,
        0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63,
        0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A,
        0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
        0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4,
        0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA,
        0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7,
        0xE8, 0xE9, 0xEA, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA,
    ],
);

/// A Huffman table as codes to write: `(code, length)` for each symbol, length 0 if absent.
pub(crate) struct Codes([(u32, u32); 256]);

impl Codes {
    /// The canonical codes of a `DHT` table (T.81 Annex C).
    pub(crate) fn new((counts, symbols): &([u8; 16], &[u8])) -> Codes {
        let mut codes = [(0, 0); 256];
        let (mut code, mut next) = (0u32, symbols.iter());
        for (length, &count) in (1..).zip(counts) {
            for &symbol in next.by_ref().take(usize::from(count)) {
                codes[usize::from(symbol)] = (code, length);
                code += 1;
            }
            code <<= 1;
        }
        Codes(codes)
    }
}

/// One component's tables: DC and AC.
pub(crate) struct Component<'a> {
    pub(crate) dc: &'a Codes,
    pub(crate) ac: &'a Codes,
}

/// Entropy-coded bytes as they are written.
pub(crate) struct BitWriter {
    out: Vec<u8>,
    pending: Pending,
}

/// Bits not yet written out; a block copies them to a local, which stays in registers.
#[derive(Clone, Copy)]
struct Pending {
    /// The bits, the newest lowest; only the low `count` matter.
    acc: u64,
    /// Fewer than 32 between calls.
    count: u32,
}

impl Pending {
    /// Appends the low `length` bits of `code` (`length` at most 32), writing out four bytes
    /// once there are 32.
    #[inline(always)]
    fn put(&mut self, out: &mut Vec<u8>, code: u32, length: u32) {
        self.acc = (self.acc << length) | u64::from(code);
        self.count += length;
        if self.count >= 32 {
            self.count -= 32;
            word(out, (self.acc >> self.count) as u32);
        }
    }
}

/// Four bytes out, each 0xFF followed by a stuffed 0x00.
#[inline(always)]
fn word(out: &mut Vec<u8>, w: u32) {
    let inverse = !w;
    // A zero byte of `!w` is a 0xFF byte of `w`.
    if inverse.wrapping_sub(0x0101_0101) & !inverse & 0x8080_8080 == 0 {
        out.extend_from_slice(&w.to_be_bytes());
    } else {
        for byte in w.to_be_bytes() {
            out.push(byte);
            if byte == 0xFF {
                out.push(0);
            }
        }
    }
}

/// The bit count and the bits that T.81 F.1.2.1 writes for `v`: its magnitude's length, then
/// `v` if positive, else `v - 1` cut to that length.
#[inline(always)]
fn magnitude(v: i32) -> (u32, u32) {
    let size = 32 - v.unsigned_abs().leading_zeros();
    let bits = (v + (v >> 31)) as u32 & ((1u32 << size) - 1);
    (size, bits)
}

impl BitWriter {
    pub(crate) fn with_capacity(bytes: usize) -> BitWriter {
        BitWriter {
            out: Vec::with_capacity(bytes),
            pending: Pending { acc: 0, count: 0 },
        }
    }

    /// One block of quantised coefficients, transposed as the DCT leaves them; `dc` is the
    /// component's previous DC value, which this block's replaces.
    #[inline(always)]
    pub(crate) fn block(&mut self, coefficients: &[i16; 64], dc: &mut i16, tables: &Component) {
        #[rustfmt::skip]
        let zigzag = zigzag!(coefficients;
            0 1 8 16 9 2 3 10 17 24 32 25 18 11 4 5 12 19 26 33 40 48 41 34 27 20 13 6 7 14 21 28
            35 42 49 56 57 50 43 36 29 22 15 23 30 37 44 51 58 59 52 45 38 31 39 46 53 60 61 54 47
            55 62 63
        );
        // Most of a block is zero at high quality too: a run of eight zeros costs one test.
        let mut nonzero = 0u64;
        for (i, run) in zigzag.chunks_exact(8).enumerate() {
            if run != [0; 8] {
                let mut bits = 0u64;
                for (j, &z) in run.iter().enumerate() {
                    bits |= u64::from(z != 0) << j;
                }
                nonzero |= bits << (8 * i);
            }
        }

        let (mut pending, out) = (self.pending, &mut self.out);
        let (size, bits) = magnitude(i32::from(zigzag[0]) - i32::from(*dc));
        *dc = zigzag[0];
        let (code, length) = tables.dc.0[size as usize];
        pending.put(out, (code << size) | bits, length + size);

        let (zrl, eob) = (tables.ac.0[0xF0], tables.ac.0[0x00]);
        let mut nonzero = nonzero & !1;
        let mut last = 0;
        while nonzero != 0 {
            let k = nonzero.trailing_zeros();
            let mut run = k - last - 1;
            while run >= 16 {
                pending.put(out, zrl.0, zrl.1);
                run -= 16;
            }
            let (size, bits) = magnitude(i32::from(zigzag[k as usize]));
            let (code, length) = tables.ac.0[((run << 4) | size) as usize & 0xFF];
            pending.put(out, (code << size) | bits, length + size);
            last = k;
            nonzero &= nonzero - 1;
        }
        if last != 63 {
            pending.put(out, eob.0, eob.1);
        }
        self.pending = pending;
    }

    /// The bytes, the last one padded with 1 bits (T.81 F.1.2.3).
    pub(crate) fn finish(mut self) -> Vec<u8> {
        let Pending { mut acc, mut count } = self.pending;
        let pad = (8 - count % 8) % 8;
        acc = (acc << pad) | ((1 << pad) - 1);
        count += pad;
        while count >= 8 {
            count -= 8;
            let byte = (acc >> count) as u8;
            self.out.push(byte);
            if byte == 0xFF {
                self.out.push(0);
            }
        }
        self.out
    }
}
