//! Cover bytes to a cover fit for the book: upright, at most 2560 px, JPEG (PNG if transparent).

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::{Error, Result};

/// The longest side a stored cover may have: KDP's ideal height, and more than any screen needs.
pub const MAX_SIDE: u32 = 2560;

/// Neither side of an input may exceed this; KDP's own maximum is 10000.
const MAX_INPUT_SIDE: u32 = 20_000;

/// Quality for re-encoded covers: visually lossless on photographs at a third of the size of 100.
const JPEG_QUALITY: u8 = 90;

/// A cover ready to be packaged.
#[derive(Debug, Clone)]
pub struct Cover {
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
    /// File extension matching the media type.
    pub extension: &'static str,
    /// Stored width in pixels.
    pub width: u32,
    /// Stored height in pixels.
    pub height: u32,
}

/// Prepares a cover from the bytes of `path`. A JPEG that is upright and fits is kept
/// byte-for-byte, without decoding its pixels; anything else is decoded, turned upright,
/// scaled down to fit [`MAX_SIDE`] and re-encoded.
pub fn prepare(path: &Path, bytes: Vec<u8>) -> Result<Cover> {
    let fail = |message: String, source: Option<image::ImageError>| Error::Cover {
        path: path.to_path_buf(),
        message,
        source,
    };
    let (format, width, height, orientation) = {
        let (format, mut decoder) = open(&bytes).map_err(|e| fail(e.0, e.1))?;
        let (width, height) = decoder.dimensions();
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        (format, width, height, orientation)
    };
    if format == ImageFormat::Jpeg
        && orientation == Orientation::NoTransforms
        && width.max(height) <= MAX_SIDE
    {
        return Ok(Cover {
            bytes,
            media_type: "image/jpeg",
            extension: "jpg",
            width,
            height,
        });
    }

    let (_, decoder) = open(&bytes).map_err(|e| fail(e.0, e.1))?;
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| fail(format!("cannot decode the {format:?} image: {e}"), Some(e)))?;
    image.apply_orientation(orientation);
    let image = fit(image);
    encode(&image).map_err(|e| fail(format!("cannot re-encode the image: {e}"), Some(e)))
}

/// A decoder for `bytes`, with limits that refuse oversized images from their header alone.
fn open(
    bytes: &[u8],
) -> std::result::Result<(ImageFormat, impl ImageDecoder + '_), (String, Option<image::ImageError>)>
{
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| (format!("cannot read the image: {e}"), None))?;
    let Some(format) = reader.format() else {
        let what = if looks_like_svg(bytes) {
            "is an SVG image; covers must be raster images (export it as PNG or JPEG)"
        } else {
            "is not an image warraq can read (JPEG, PNG, WebP, GIF, BMP or TIFF)"
        };
        return Err((what.to_string(), None));
    };
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_INPUT_SIDE);
    limits.max_image_height = Some(MAX_INPUT_SIDE);
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|e| (format!("cannot decode the {format:?} image: {e}"), Some(e)))?;
    Ok((format, decoder))
}

/// Scales down, never up, so the longest side is at most [`MAX_SIDE`], keeping the aspect.
fn fit(image: DynamicImage) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    let longest = w.max(h);
    if longest <= MAX_SIDE {
        return image;
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(MAX_SIDE) + u64::from(longest) / 2) / u64::from(longest))
            .max(1) as u32
    };
    image.resize_exact(scale(w), scale(h), FilterType::Lanczos3)
}

/// JPEG for opaque images; PNG when some pixel is not fully opaque, since JPEG has no alpha.
fn encode(image: &DynamicImage) -> image::ImageResult<Cover> {
    let mut bytes = Vec::new();
    let transparent = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let (media_type, extension) = if transparent {
        image.write_with_encoder(PngEncoder::new(&mut bytes))?;
        ("image/png", "png")
    } else {
        let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
        rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY))?;
        ("image/jpeg", "jpg")
    };
    Ok(Cover {
        bytes,
        media_type,
        extension,
        width: image.width(),
        height: image.height(),
    })
}

/// A drawn cover as a cover to package: JPEG at the quality of re-encoded covers.
pub fn from_pixels(image: &RgbImage) -> Result<Cover> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .encode_image(image)
        .map_err(drawn)?;
    Ok(Cover {
        bytes,
        media_type: "image/jpeg",
        extension: "jpg",
        width: image.width(),
        height: image.height(),
    })
}

/// A drawn cover as PNG, lossless, for looking at or editing.
pub fn png(image: &RgbImage) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    image
        .write_with_encoder(PngEncoder::new(&mut bytes))
        .map_err(drawn)?;
    Ok(bytes)
}

fn drawn(e: image::ImageError) -> Error {
    Error::Internal(format!("encoding the drawn cover: {e}"))
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.trim_start().starts_with('<') && head.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 80))
            .unwrap();
        out
    }

    #[test]
    fn fitting_jpeg_passes_through() {
        let bytes = jpeg(160, 256);
        let cover = prepare(Path::new("c.jpg"), bytes.clone()).unwrap();
        assert_eq!(cover.bytes, bytes);
        assert_eq!((cover.width, cover.height), (160, 256));
    }

    #[test]
    fn large_jpeg_is_scaled_keeping_aspect() {
        let cover = prepare(Path::new("c.jpg"), jpeg(3000, 4500)).unwrap();
        assert_eq!((cover.width, cover.height), (1707, 2560));
        assert_eq!(cover.media_type, "image/jpeg");
    }

    #[test]
    fn transparent_png_stays_png_and_opaque_becomes_jpeg() {
        let mut out = Vec::new();
        let img = RgbaImage::from_fn(40, 64, |x, _| Rgba([200, 10, 10, (x * 6) as u8]));
        DynamicImage::ImageRgba8(img)
            .write_with_encoder(PngEncoder::new(&mut out))
            .unwrap();
        assert_eq!(
            prepare(Path::new("c.png"), out).unwrap().media_type,
            "image/png"
        );

        let mut out = Vec::new();
        let img = RgbaImage::from_pixel(40, 64, Rgba([200, 10, 10, 255]));
        DynamicImage::ImageRgba8(img)
            .write_with_encoder(PngEncoder::new(&mut out))
            .unwrap();
        assert_eq!(
            prepare(Path::new("c.png"), out).unwrap().media_type,
            "image/jpeg"
        );
    }

    #[test]
    fn svg_and_garbage_are_refused() {
        let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec();
        let err = prepare(Path::new("c.svg"), svg).unwrap_err();
        assert!(err.to_string().contains("SVG"), "{err}");
        let err = prepare(Path::new("c.jpg"), b"hello".to_vec()).unwrap_err();
        assert!(
            err.to_string().starts_with("c.jpg: is not an image"),
            "{err}"
        );
    }
}
