//! One 8×8 block's way from pixels to quantised coefficients: full-range JFIF colour
//! conversion, the accurate integer forward DCT and quantisation, written as fixed-size lane
//! arithmetic with no branch per sample, so LLVM vectorises every loop.
//!
//! The arithmetic is the `jpeg-encoder` crate's (libjpeg's `jfdctint.c` and its reciprocal
//! quantiser), so a quality means the same image at the same size. One difference: the DCT's
//! first pass runs down the columns and its second along the rows, which needs one transpose
//! instead of two; the coefficients come out transposed, which [`transposed`] folds into the
//! tables, and the rounding differs from row-first by at most one in a rare coefficient.

/// A block's samples or coefficients as eight rows of eight lanes.
pub(crate) type Samples = [[i16; 8]; 8];

/// Luminance quantisation table of ITU T.81 Annex K.1, in natural (row-major) order.
pub(crate) const LUMA: [u16; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/// Chrominance quantisation table of Annex K.1, in natural order.
pub(crate) const CHROMA: [u16; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/// The index in a block of transposed coefficients of natural index `n`.
pub(crate) const fn transposed(n: usize) -> usize {
    (n % 8) * 8 + n / 8
}

/// A quantisation table scaled to a quality, with the reciprocals that divide by it.
pub(crate) struct Quantiser {
    /// The table as written in the file (1…255), natural order.
    pub(crate) table: [u8; 64],
    /// `2^16 / (8 q)`, transposed order (the DCT leaves its output 8 times too large): at
    /// most 8192, as `q` is at least 1.
    reciprocal: [i16; 64],
    /// What is added to a magnitude before multiplying, to round to the nearest: at most
    /// 1020, and a coefficient's magnitude at most 8192, so their sum fits 16 bits.
    correction: [i16; 64],
}

/// Bits of precision of the quantiser's reciprocals.
const SHIFT: u32 = 15;

impl Quantiser {
    /// `base` scaled as IJG scales it for `quality` (1…100), as `jpeg-encoder` does.
    pub(crate) fn new(base: &[u16; 64], quality: u8) -> Quantiser {
        let quality = u32::from(quality.clamp(1, 100));
        let scale = if quality < 50 {
            5000 / quality
        } else {
            200 - quality * 2
        };
        let mut q = Quantiser {
            table: [1; 64],
            reciprocal: [0; 64],
            correction: [0; 64],
        };
        for (n, &v) in base.iter().enumerate() {
            let v = ((u32::from(v) * scale + 50) / 100).clamp(1, 255);
            q.table[n] = v as u8;
            let divisor = v << 3;
            let (mut reciprocal, fraction) = ((1 << SHIFT) / divisor, (1 << SHIFT) % divisor);
            let mut correction = divisor / 2;
            if fraction != 0 {
                if fraction <= correction {
                    correction += 1;
                } else {
                    reciprocal += 1;
                }
            }
            q.reciprocal[transposed(n)] = (reciprocal << 1) as i16;
            q.correction[transposed(n)] = correction as i16;
        }
        q
    }

    /// `coefficients` (transposed) divided by the table, rounded to the nearest.
    #[inline(always)]
    pub(crate) fn quantise(&self, coefficients: &Samples, out: &mut [i16; 64]) {
        let flat = coefficients.as_flattened();
        for i in 0..64 {
            let v = flat[i];
            let sign = v >> 15;
            let magnitude = (v ^ sign) - sign;
            // `(m + c) r >> 15` as the high half of a 16-bit product with `2 r`.
            let q = (mul(magnitude + self.correction[i], self.reciprocal[i]) >> 16) as i16;
            out[i] = (q ^ sign) - sign;
        }
    }
}

/// One row of `N`-byte pixels (RGB or RGBA, alpha ignored) as level-shifted Y, Cb and Cr, the
/// last pixel repeated to the end of the planes' rows (a whole number of blocks).
#[inline(always)]
pub(crate) fn convert_row<const N: usize>(
    row: &[u8],
    y: &mut [i16],
    cb: &mut [i16],
    cr: &mut [i16],
) {
    let pixels = row.chunks_exact(N);
    let n = pixels.len().min(y.len()).min(cb.len()).min(cr.len());
    let planes = y[..n].iter_mut().zip(&mut cb[..n]).zip(&mut cr[..n]);
    for (p, ((y, cb), cr)) in pixels.zip(planes) {
        let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
        // jpeg-encoder's coefficients in 16-bit fixed point; 38470 G and 32768 B are written as
        // shifts so that every product fits 16-bit lanes. The level shift by 128 cancels
        // the chroma offset.
        *y = (((19595 * r + ((19235 * g) << 1) + 7471 * b + 0x7FFF) >> 16) - 128) as i16;
        *cb = ((-11059 * r - 21709 * g + (b << 15) + 0x7FFF) >> 16) as i16;
        *cr = (((r << 15) - 27439 * g - 5329 * b + 0x7FFF) >> 16) as i16;
    }
    for plane in [y, cb, cr] {
        if let Some((&mut last, rest)) = n.checked_sub(1).and_then(|l| plane[l..].split_first_mut())
        {
            rest.fill(last);
        }
    }
}

/// The eight rows of block `bx` of a plane `width` samples wide.
#[inline(always)]
pub(crate) fn gather(plane: &[i16], width: usize, bx: usize) -> Samples {
    let mut block = [[0; 8]; 8];
    for (row, lanes) in plane.chunks_exact(width).zip(&mut block) {
        if let Some(samples) = row.get(bx * 8..bx * 8 + 8) {
            lanes.copy_from_slice(samples);
        }
    }
    block
}

const CONST_BITS: i32 = 13;
const PASS1_BITS: i32 = 2;

/// The forward DCT of `block`, 8 times the true DCT, transposed: row `u` holds horizontal
/// frequency `u`, lane `v` the vertical one.
///
/// The sums stay in 16-bit lanes, which they fit: samples are within ±128, so the first
/// pass's outputs are within ±4096 (−4096 only for a column all −128), and a sum of eight of
/// them with any signs within ±32,640 but for the DC of a block all −128, −32,768. Only the
/// products are 32-bit; each is a 16-bit value times a 16-bit constant.
#[inline(always)]
pub(crate) fn fdct(block: &Samples) -> Samples {
    let columns = pass::<true>(block);
    let mut t = [[0; 8]; 8];
    for (i, row) in columns.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            t[j][i] = v;
        }
    }
    pass::<false>(&t)
}

/// Right shift by `n` with rounding.
#[inline(always)]
fn descale(x: i32, n: i32) -> i16 {
    ((x + (1 << (n - 1))) >> n) as i16
}

/// The widening product of a sample and a constant.
#[inline(always)]
fn mul(a: i16, c: i16) -> i32 {
    i32::from(a) * i32::from(c)
}

/// One 1-D pass of libjpeg's `jpeg_fdct_islow` across the rows of `d`, every lane at once.
/// The first pass keeps `PASS1_BITS` more bits than the second returns.
#[inline(always)]
fn pass<const FIRST: bool>(d: &Samples) -> Samples {
    let odd = if FIRST {
        CONST_BITS - PASS1_BITS
    } else {
        CONST_BITS + PASS1_BITS
    };
    let mut o = [[0; 8]; 8];
    for l in 0..8 {
        let tmp0 = d[0][l] + d[7][l];
        let tmp7 = d[0][l] - d[7][l];
        let tmp1 = d[1][l] + d[6][l];
        let tmp6 = d[1][l] - d[6][l];
        let tmp2 = d[2][l] + d[5][l];
        let tmp5 = d[2][l] - d[5][l];
        let tmp3 = d[3][l] + d[4][l];
        let tmp4 = d[3][l] - d[4][l];

        let tmp10 = tmp0 + tmp3;
        let tmp13 = tmp0 - tmp3;
        let tmp11 = tmp1 + tmp2;
        let tmp12 = tmp1 - tmp2;
        let even = [
            i32::from(tmp10) + i32::from(tmp11),
            i32::from(tmp10) - i32::from(tmp11),
        ];
        if FIRST {
            o[0][l] = (even[0] << PASS1_BITS) as i16;
            o[4][l] = (even[1] << PASS1_BITS) as i16;
        } else {
            o[0][l] = descale(even[0], PASS1_BITS);
            o[4][l] = descale(even[1], PASS1_BITS);
        }
        let z1 = mul(tmp12 + tmp13, 4433);
        o[2][l] = descale(z1 + mul(tmp13, 6270), odd);
        o[6][l] = descale(z1 - mul(tmp12, 15137), odd);

        let z5 = mul((tmp4 + tmp6) + (tmp5 + tmp7), 9633);
        let z1 = mul(tmp4 + tmp7, -7373);
        let z2 = mul(tmp5 + tmp6, -20995);
        let z3 = mul(tmp4 + tmp6, -16069) + z5;
        let z4 = mul(tmp5 + tmp7, -3196) + z5;
        o[7][l] = descale(mul(tmp4, 2446) + z1 + z3, odd);
        o[5][l] = descale(mul(tmp5, 16819) + z2 + z4, odd);
        o[3][l] = descale(mul(tmp6, 25172) + z2 + z3, odd);
        o[1][l] = descale(mul(tmp7, 12299) + z1 + z4, odd);
    }
    o
}
