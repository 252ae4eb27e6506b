//! Scaling a cover down, fast: a large JPEG is decoded at 1/2, 1/4 or 1/8 of its size
//! straight from the DCT (only as far as still leaves at least the target), and every
//! scaling is finished with a SIMD Lanczos3 resampler.

use image::{DynamicImage, GrayImage, ImageBuffer, Pixel, RgbImage, RgbaImage};
use jpeg_decoder::{Decoder, PixelFormat};

/// Decodes the JPEG in `bytes` at the smallest DCT scale that is still at least
/// `width` × `height`, then resamples it to exactly that. `None` when the decoder cannot
/// handle this JPEG (CMYK, 16-bit, or an error): the caller then takes the general path,
/// which reports errors in its own words.
pub(crate) fn jpeg(bytes: &[u8], width: u32, height: u32) -> Option<DynamicImage> {
    let mut decoder = Decoder::new(bytes);
    let w = u16::try_from(width).ok()?;
    let h = u16::try_from(height).ok()?;
    decoder.scale(w, h).ok()?;
    let pixels = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (dw, dh) = (u32::from(info.width), u32::from(info.height));
    let decoded = match info.pixel_format {
        PixelFormat::RGB24 => DynamicImage::ImageRgb8(RgbImage::from_raw(dw, dh, pixels)?),
        PixelFormat::L8 => DynamicImage::ImageLuma8(GrayImage::from_raw(dw, dh, pixels)?),
        PixelFormat::L16 | PixelFormat::CMYK32 => return None,
    };
    Some(resize(decoded, width, height))
}

/// `image` resampled to `width` × `height` with Lanczos3. 8-bit images take the SIMD
/// resampler (`warraq-resample`), grey ones by way of RGB (it is compiled for two pixel
/// layouts only: every other is minutes of compile time for nothing); others take the
/// `image` crate's own.
pub(crate) fn resize(image: DynamicImage, width: u32, height: u32) -> DynamicImage {
    if (image.width(), image.height()) == (width, height) {
        return image;
    }
    match image {
        DynamicImage::ImageRgb8(rgb) => DynamicImage::ImageRgb8(rgb8(rgb, width, height)),
        DynamicImage::ImageRgba8(rgba) => DynamicImage::ImageRgba8(rgba8(rgba, width, height)),
        DynamicImage::ImageLuma8(_) => {
            let rgb = rgb8(image.to_rgb8(), width, height);
            DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(rgb).to_luma8())
        }
        DynamicImage::ImageLumaA8(_) => {
            let rgba = rgba8(image.to_rgba8(), width, height);
            DynamicImage::ImageLumaA8(DynamicImage::ImageRgba8(rgba).to_luma_alpha8())
        }
        other => other.resize_exact(width, height, image::imageops::FilterType::Lanczos3),
    }
}

fn rgb8(source: RgbImage, width: u32, height: u32) -> RgbImage {
    resampled(source, width, height, warraq_resample::rgb8)
}

fn rgba8(source: RgbaImage, width: u32, height: u32) -> RgbaImage {
    resampled(source, width, height, warraq_resample::rgba8)
}

/// One of `warraq_resample`'s functions: a buffer and its size, the size wanted.
type Resampler =
    fn(&[u8], (u32, u32), (u32, u32)) -> Result<Vec<u8>, warraq_resample::SizeMismatch>;

/// The 8-bit buffer `source` resampled by `resample` to `width` × `height`.
fn resampled<P: Pixel<Subpixel = u8>>(
    source: ImageBuffer<P, Vec<u8>>,
    width: u32,
    height: u32,
    resample: Resampler,
) -> ImageBuffer<P, Vec<u8>> {
    let Ok(buffer) = resample(source.as_raw(), source.dimensions(), (width, height)) else {
        unreachable!("an image's buffer matches its size and pixel layout")
    };
    ImageBuffer::from_raw(width, height, buffer)
        .unwrap_or_else(|| unreachable!("the resampler fills the whole target"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::jpeg::JpegEncoder;
    use image::Rgb;

    #[test]
    fn a_large_jpeg_is_decoded_small_and_resampled_to_the_exact_size() {
        let img = RgbImage::from_fn(1200, 1800, |x, y| Rgb([(x / 5) as u8, (y / 8) as u8, 90]));
        let mut encoded = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut encoded, 85))
            .unwrap();
        let small = jpeg(&encoded, 200, 300).unwrap();
        assert_eq!((small.width(), small.height()), (200, 300));
        // The gradient survives: a pixel a third of the way across has a third of the red.
        let red = small.to_rgb8().get_pixel(66, 150).0[0];
        assert!((75..=85).contains(&red), "{red}");
    }

    #[test]
    fn rgba_keeps_its_alpha() {
        let img = RgbaImage::from_pixel(100, 60, image::Rgba([10, 20, 30, 40]));
        let out = resize(DynamicImage::ImageRgba8(img), 50, 30);
        let [r, g, b, a] = out.to_rgba8().get_pixel(25, 15).0;
        assert_eq!(a, 40);
        // Colours are resampled premultiplied by alpha, which costs a few levels at low alpha.
        for (got, want) in [(r, 10), (g, 20), (b, 30)] {
            assert!(got.abs_diff(want) <= 4, "{got} vs {want}");
        }
    }
}
