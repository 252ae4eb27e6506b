//! Scaling a cover down, fast: a large JPEG is decoded at 1/2, 1/4 or 1/8 of its size
//! straight from the DCT (only as far as still leaves at least the target), and every
//! scaling is finished with a SIMD Lanczos3 resampler.

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, GrayAlphaImage, GrayImage, RgbImage, RgbaImage};
use jpeg_decoder::{Decoder, PixelFormat};

/// Decodes the JPEG in `bytes` at the smallest DCT scale that is still at least
/// `width` × `height`, then resamples it to exactly that. `None` when the decoder cannot
/// handle this JPEG (CMYK, 16-bit, or an error): the caller then takes the general path,
/// which reports errors in its own words.
pub fn jpeg(bytes: &[u8], width: u32, height: u32) -> Option<DynamicImage> {
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

/// `image` resampled to `width` × `height` with Lanczos3. 8-bit images (grey, RGB, with or
/// without alpha) take the SIMD resampler; others take the `image` crate's own.
pub fn resize(image: DynamicImage, width: u32, height: u32) -> DynamicImage {
    if (image.width(), image.height()) == (width, height) {
        return image;
    }
    let (w, h) = (image.width(), image.height());
    let pixel_type = match &image {
        DynamicImage::ImageLuma8(_) => PixelType::U8,
        DynamicImage::ImageLumaA8(_) => PixelType::U8x2,
        DynamicImage::ImageRgb8(_) => PixelType::U8x3,
        DynamicImage::ImageRgba8(_) => PixelType::U8x4,
        _ => return image.resize_exact(width, height, image::imageops::FilterType::Lanczos3),
    };
    let source = match Image::from_vec_u8(w, h, image.into_bytes(), pixel_type) {
        Ok(source) => source,
        Err(_) => unreachable!("an image's buffer matches its size and pixel type"),
    };
    let mut target = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if Resizer::new()
        .resize(&source, &mut target, &options)
        .is_err()
    {
        unreachable!("source and target have the same pixel type");
    }
    let buffer = target.into_vec();
    let image = match pixel_type {
        PixelType::U8 => GrayImage::from_raw(width, height, buffer).map(DynamicImage::ImageLuma8),
        PixelType::U8x2 => {
            GrayAlphaImage::from_raw(width, height, buffer).map(DynamicImage::ImageLumaA8)
        }
        PixelType::U8x3 => RgbImage::from_raw(width, height, buffer).map(DynamicImage::ImageRgb8),
        _ => RgbaImage::from_raw(width, height, buffer).map(DynamicImage::ImageRgba8),
    };
    image.unwrap_or_else(|| unreachable!("the resampler fills the whole target"))
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
