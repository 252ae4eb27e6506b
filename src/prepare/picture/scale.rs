//! Scaling a cover down, fast: a large JPEG is decoded at 1/2, 1/4 or 1/8 of its size
//! straight from the DCT (only as far as still leaves at least the target), and every
//! scaling is finished with a SIMD Lanczos3 resampler.

use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::{InnerPixel, U8x3, U8x4};
use fast_image_resize::{FilterType, PixelTrait, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, GrayImage, ImageBuffer, Rgb, RgbImage, Rgba};
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

/// `image` resampled to `width` × `height` with Lanczos3. 8-bit images take the SIMD
/// resampler, grey ones by way of RGB (the resampler is instantiated for two pixel types
/// only: every other instantiation is minutes of compile time for nothing); others take the
/// `image` crate's own.
pub fn resize(image: DynamicImage, width: u32, height: u32) -> DynamicImage {
    if (image.width(), image.height()) == (width, height) {
        return image;
    }
    match image {
        DynamicImage::ImageRgb8(rgb) => {
            DynamicImage::ImageRgb8(resample::<U8x3>(rgb, width, height))
        }
        DynamicImage::ImageRgba8(rgba) => {
            DynamicImage::ImageRgba8(resample::<U8x4>(rgba, width, height))
        }
        DynamicImage::ImageLuma8(_) => {
            let rgb = resample::<U8x3>(image.to_rgb8(), width, height);
            DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(rgb).to_luma8())
        }
        DynamicImage::ImageLumaA8(_) => {
            let rgba = resample::<U8x4>(image.to_rgba8(), width, height);
            DynamicImage::ImageLumaA8(DynamicImage::ImageRgba8(rgba).to_luma_alpha8())
        }
        other => other.resize_exact(width, height, image::imageops::FilterType::Lanczos3),
    }
}

/// The 8-bit buffer `source` (pixels of type `P`) resampled with Lanczos3.
fn resample<P>(
    source: ImageBuffer<P::ImagePixel, Vec<u8>>,
    width: u32,
    height: u32,
) -> ImageBuffer<P::ImagePixel, Vec<u8>>
where
    P: Resampled,
{
    let (w, h) = source.dimensions();
    let Ok(view) = TypedImageRef::<P>::from_buffer(w, h, source.as_raw()) else {
        unreachable!("an image's buffer matches its size and pixel type")
    };
    let mut buffer = vec![0; width as usize * height as usize * P::size()];
    let Ok(mut target) = TypedImage::<P>::from_buffer(width, height, &mut buffer) else {
        unreachable!("the buffer was made for this size and pixel type")
    };
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if Resizer::new()
        .resize_typed(&view, &mut target, &options)
        .is_err()
    {
        unreachable!("source and target have the same pixel type");
    }
    ImageBuffer::from_raw(width, height, buffer)
        .unwrap_or_else(|| unreachable!("the resampler fills the whole target"))
}

/// A resampler pixel type and the `image` crate's pixel of the same layout.
trait Resampled: InnerPixel + PixelTrait {
    type ImagePixel: image::Pixel<Subpixel = u8>;
}

impl Resampled for U8x3 {
    type ImagePixel = Rgb<u8>;
}

impl Resampled for U8x4 {
    type ImagePixel = Rgba<u8>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::jpeg::JpegEncoder;
    use image::RgbaImage;

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
