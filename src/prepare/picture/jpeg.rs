//! Encoding covers as baseline JPEG with the SIMD encoder, in horizontal strips on every core,
//! joined into one image by restart markers.
//!
//! A baseline JPEG's scan may be cut into restart intervals: after each run of a fixed number
//! of MCUs the encoder pads to a byte, writes a marker `RST0`…`RST7`, and starts the DC
//! prediction afresh (ITU T.81 §F.1.2.3, B.2.4.4 and B.2.1), so every interval is independent
//! of the others. A strip a whole number of MCU rows tall, encoded alone with the same tables,
//! is exactly one such interval: the strips are encoded in parallel and their scans joined,
//! under one header that gives the full height and the interval (a `DRI` segment).

use rayon::prelude::*;

/// How many MCU rows (8 pixel rows at 4:4:4) each strip holds: 64 rows of a 1600 px wide
/// cover are 12,800 MCUs, inside the 65,535 a `DRI` segment can count, and a 2560 px cover
/// makes 5 strips.
const STRIP_MCU_ROWS: usize = 64;
/// Pixel rows in an MCU: the encoder samples every component fully at quality 90 and above.
const MCU_ROWS: usize = 8;

/// `pixels` (`width` × `height`, `channels` bytes each, RGB or RGBA) as a baseline JPEG at
/// `quality`; `None` when the encoder refuses them (a side over 65,535 px) or their layout is
/// not what is said.
pub fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    channels: usize,
    quality: u8,
) -> Option<Vec<u8>> {
    let colour = match channels {
        3 => jpeg_encoder::ColorType::Rgb,
        4 => jpeg_encoder::ColorType::Rgba,
        _ => return None,
    };
    let (w, h) = (u16::try_from(width).ok()?, u16::try_from(height).ok()?);
    let row = width as usize * channels;
    if pixels.len() != row * height as usize || quality < 90 {
        // Below 90 the encoder subsamples the chroma, and its MCUs are 16 rows tall.
        return (quality < 90)
            .then(|| whole(pixels, w, h, colour, quality))
            .flatten();
    }
    let strip_rows = STRIP_MCU_ROWS * MCU_ROWS;
    if height as usize <= strip_rows {
        return whole(pixels, w, h, colour, quality);
    }
    let interval = u16::try_from(width.div_ceil(MCU_ROWS as u32) as usize * STRIP_MCU_ROWS).ok()?;
    let strips: Vec<Vec<u8>> = pixels
        .par_chunks(row * strip_rows)
        .map(|strip| whole(strip, w, (strip.len() / row) as u16, colour, quality))
        .collect::<Option<_>>()?;
    join(&strips, h, interval)
}

/// One JPEG of all of `pixels`.
fn whole(
    pixels: &[u8],
    w: u16,
    h: u16,
    colour: jpeg_encoder::ColorType,
    quality: u8,
) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, quality)
        .encode(pixels, w, h, colour)
        .ok()?;
    Some(bytes)
}

/// The strips' scans as the restart intervals of one image `height` tall: the first strip's
/// header with that height and a `DRI` of `interval` MCUs before its scan, then each scan in
/// turn, a restart marker between two, and the end marker.
fn join(strips: &[Vec<u8>], height: u16, interval: u16) -> Option<Vec<u8>> {
    let first = strips.first()?;
    let segments = Segments::of(first)?;
    let mut out = Vec::with_capacity(strips.iter().map(Vec::len).sum::<usize>() + 64);
    out.extend_from_slice(&first[..segments.scan_header]);
    // SOF0: marker, length, precision, then the height.
    let at = segments.frame + 5;
    out.get_mut(at..at + 2)?
        .copy_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&[0xFF, 0xDD, 0x00, 0x04]);
    out.extend_from_slice(&interval.to_be_bytes());
    out.extend_from_slice(&first[segments.scan_header..segments.data]);
    for (i, strip) in strips.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&[0xFF, 0xD0 + ((i - 1) % 8) as u8]);
        }
        let start = Segments::of(strip)?.data;
        out.extend_from_slice(scan(strip, start)?);
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    Some(out)
}

/// Where the parts of an encoder's JPEG are.
struct Segments {
    /// The SOF0 segment's marker.
    frame: usize,
    /// The SOS segment's marker.
    scan_header: usize,
    /// The entropy-coded data, after the SOS segment.
    data: usize,
}

impl Segments {
    fn of(jpeg: &[u8]) -> Option<Segments> {
        let mut at = 2;
        let mut frame = None;
        loop {
            let &[0xFF, marker, hi, lo] = jpeg.get(at..at + 4)? else {
                return None;
            };
            let next = at + 2 + usize::from(u16::from_be_bytes([hi, lo]));
            match marker {
                0xC0 => frame = Some(at),
                0xDA => {
                    return Some(Segments {
                        frame: frame?,
                        scan_header: at,
                        data: next,
                    })
                }
                _ => {}
            }
            at = next;
        }
    }
}

/// A strip's entropy-coded data: from `start` to its end marker, which the encoder writes
/// last and only there (a 0xFF in the data is always followed by a stuffed 0x00).
fn scan(jpeg: &[u8], start: usize) -> Option<&[u8]> {
    jpeg.strip_suffix(&[0xFF, 0xD9])?.get(start..)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture with detail everywhere, so a misplaced strip or a wrong DC prediction shows.
    fn picture(width: u32, height: u32) -> Vec<u8> {
        (0..height)
            .flat_map(|y| {
                (0..width).flat_map(move |x| {
                    let v = ((x * 7 + y * 3) % 256) as u8;
                    [v, (y % 256) as u8, ((x ^ y) % 256) as u8]
                })
            })
            .collect()
    }

    #[test]
    fn strips_joined_decode_to_the_image_encoded_whole() {
        let (w, h) = (1000, 1500);
        let pixels = picture(w, h);
        let strips = encode(&pixels, w, h, 3, 90).unwrap();
        assert!(
            strips.windows(2).any(|p| p == [0xFF, 0xDD]),
            "no DRI segment"
        );
        let whole = whole(
            &pixels,
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
            90,
        )
        .unwrap();
        let decode = |bytes: &[u8]| {
            let mut decoder = jpeg_decoder::Decoder::new(bytes);
            let out = decoder.decode().unwrap();
            let info = decoder.info().unwrap();
            assert_eq!((u32::from(info.width), u32::from(info.height)), (w, h));
            out
        };
        // Restart intervals change no coefficient: the pixels are the same.
        assert!(decode(&strips) == decode(&whole));
    }

    #[test]
    fn a_short_image_is_encoded_whole() {
        let pixels = picture(64, 48);
        let bytes = encode(&pixels, 64, 48, 3, 90).unwrap();
        assert!(!bytes.windows(2).any(|p| p == [0xFF, 0xDD]));
    }
}
