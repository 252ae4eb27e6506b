//! Encoding pictures as baseline JPEG: at quality 90 and above with our own 4:4:4 encoder
//! ([`super::baseline`]), in strips on every core; below, where the chroma is subsampled, with
//! the `jpeg-encoder` crate.

/// `pixels` (`width` × `height`, `channels` bytes each, RGB or RGBA) as a baseline JPEG at
/// `quality`; `None` when they cannot be (a side of 0 or over 65,535 px) or their layout is
/// not what is said.
pub fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    channels: usize,
    quality: u8,
) -> Option<Vec<u8>> {
    if quality >= 90 {
        return super::baseline::encode(pixels, width, height, channels, quality);
    }
    let colour = match channels {
        3 => jpeg_encoder::ColorType::Rgb,
        4 => jpeg_encoder::ColorType::Rgba,
        _ => return None,
    };
    let (w, h) = (u16::try_from(width).ok()?, u16::try_from(height).ok()?);
    if pixels.len() != width as usize * channels * height as usize {
        return None;
    }
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, quality)
        .encode(pixels, w, h, colour)
        .ok()?;
    Some(bytes)
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

    fn decode(bytes: &[u8], w: u32, h: u32) -> Vec<u8> {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        let out = decoder.decode().unwrap();
        let info = decoder.info().unwrap();
        assert_eq!((u32::from(info.width), u32::from(info.height)), (w, h));
        out
    }

    /// The sampling factors of the first component, from the SOF0 segment.
    fn luma_sampling(bytes: &[u8]) -> u8 {
        let at = bytes.windows(2).position(|p| p == [0xFF, 0xC0]).unwrap();
        bytes[at + 11]
    }

    #[test]
    fn strips_decode_like_jpeg_encoders_whole_image() {
        let (w, h) = (1000, 1500);
        let pixels = picture(w, h);
        let strips = encode(&pixels, w, h, 3, 90).unwrap();
        assert!(
            strips.windows(2).any(|p| p == [0xFF, 0xDD]),
            "no DRI segment"
        );
        assert_eq!(luma_sampling(&strips), 0x11);
        let mut whole = Vec::new();
        jpeg_encoder::Encoder::new(&mut whole, 90)
            .encode(&pixels, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        let (a, b) = (decode(&strips, w, h), decode(&whole, w, h));
        let difference: u64 = a
            .iter()
            .zip(&b)
            .map(|(&x, &y)| u64::from(x.abs_diff(y)))
            .sum();
        assert!(difference as f64 / a.len() as f64 <= 0.5);
    }

    #[test]
    fn a_short_image_is_encoded_whole() {
        let pixels = picture(64, 48);
        let bytes = encode(&pixels, 64, 48, 3, 90).unwrap();
        assert!(!bytes.windows(2).any(|p| p == [0xFF, 0xDD]));
    }

    #[test]
    fn below_90_the_chroma_is_subsampled() {
        let pixels = picture(64, 48);
        let bytes = encode(&pixels, 64, 48, 3, 80).unwrap();
        assert_eq!(luma_sampling(&bytes), 0x22);
        assert_eq!(decode(&bytes, 64, 48).len(), pixels.len());
        assert!(encode(&pixels, 64, 47, 3, 80).is_none());
    }
}
