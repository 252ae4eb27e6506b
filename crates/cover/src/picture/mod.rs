//! Any image a book carries (its cover, an article's figure) made fit for it: upright, at most
//! 2560 px, JPEG (PNG if transparent).

mod decode;
pub mod jpeg;
pub(crate) mod scale;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, RgbImage, RgbaImage};

use decode::{has_end_marker, jpeg_segments_whole, name, open, too_large};

use warraq_core::error::{Error, Result};
use warraq_core::warning::{Warning, WarningKind};
use warraq_epub::packing;
use warraq_epub::zipwrite::Packed;

/// The longest side a stored cover may have: KDP's ideal height, and more than any screen needs.
pub(crate) const MAX_SIDE: u32 = 2560;

/// Neither side of an input may exceed this; KDP's own maximum is 10000.
pub(crate) const MAX_INPUT_SIDE: u32 = 20_000;

/// The most memory a decoder may ask for, checked against the header before decoding:
/// 10000 × 10000 RGBA (KDP's largest cover) with room to spare.
pub(crate) const MAX_DECODED_BYTES: u64 = 512 * 1024 * 1024;

/// KDP's minimum for the shortest side; smaller covers look blurred in store listings.
pub(crate) const MIN_SHORT_SIDE: u32 = 625;

/// The narrowest portrait shape that is still a cover (height over width); 1.6 is ideal.
const MAX_TALLNESS: f64 = 2.5;

/// Quality for re-encoded covers: visually lossless on photographs at a third of the size of 100.
const JPEG_QUALITY: u8 = 90;

/// An image ready to be packaged: a cover, or a figure of an article.
#[derive(Debug, Clone)]
pub struct Picture {
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
    /// The bytes as packed into an archive, once: books of a batch share one cover.
    packed: OnceLock<Packed>,
}

impl Picture {
    /// The bytes as packed into every archive that carries this picture, packed on first use.
    pub fn packed(&self) -> &Packed {
        self.packed.get_or_init(|| packing::pack(&self.bytes))
    }

    /// Starts packing the picture on rayon's pool, so that it overlaps the rest of the build;
    /// [`Picture::packed`] then takes the bytes, waiting for them if they are not ready yet.
    pub fn pack_ahead(self: &Arc<Self>) {
        let picture = Arc::clone(self);
        rayon::spawn(move || {
            picture.packed();
        });
    }
}

/// Prepares a cover from the bytes of `path`. One that would need more than
/// `MAX_DECODED_BYTES` is refused from its header. An upright JPEG that fits is kept
/// byte-for-byte without decoding its pixels, once its structure is whole (every segment in
/// place, the end marker present); anything else is decoded in full, so a truncated or
/// corrupt image is refused rather than shipped, then turned upright, scaled down to fit
/// `MAX_SIDE` and re-encoded. Small and oddly shaped covers are accepted with a warning.
pub fn prepare(path: &Path, bytes: Vec<u8>, warnings: &mut Vec<Warning>) -> Result<Picture> {
    let fail = |message: String, source: Option<image::ImageError>| Error::Cover {
        path: path.to_path_buf(),
        message,
        hint: None,
        source: source.map(Into::into),
    };
    if bytes.is_empty() {
        return Err(fail("is empty (0 bytes), not an image".into(), None));
    }
    let (format, mut decoder) = open(path, &bytes)?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(too_large(path, width, height, Some(decoder.total_bytes())));
    }
    if format == ImageFormat::Jpeg && !has_end_marker(&bytes) {
        // The JPEG decoder pads a cut-off file with grey instead of failing.
        return Err(fail(
            "is a truncated JPEG image: it stops before its end marker".into(),
            None,
        ));
    }
    let (shown_width, shown_height) = match orientation {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (height, width),
        _ => (width, height),
    };
    warn_about_shape(path, shown_width, shown_height, warnings);

    if format == ImageFormat::Jpeg
        && orientation == Orientation::NoTransforms
        && width.max(height) <= MAX_SIDE
    {
        if !jpeg_segments_whole(&bytes) {
            return Err(fail(
                "is a damaged JPEG image: its segments do not fit together".into(),
                None,
            ));
        }
        drop(decoder); // it borrows the bytes we keep
        return Ok(Picture {
            bytes,
            media_type: "image/jpeg",
            extension: "jpg",
            width,
            height,
            packed: OnceLock::new(),
        });
    }
    // A large JPEG is decoded at the smallest DCT scale that still covers the target size;
    // the fitted size does not depend on the orientation, which is applied after scaling.
    // A JPEG that decoder cannot take (CMYK, 16-bit, damaged) goes the general way, which
    // says what is wrong with it.
    let (fit_w, fit_h) = fitted(width, height);
    let scaled = (format == ImageFormat::Jpeg && (fit_w, fit_h) != (width, height))
        .then(|| scale::jpeg(&bytes, fit_w, fit_h))
        .flatten();
    let mut image = match scaled {
        Some(image) => image,
        None => {
            let image = DynamicImage::from_decoder(decoder).map_err(|e| {
                fail(
                    format!(
                        "is a damaged {} image (truncated or corrupt): {e}",
                        name(format)
                    ),
                    Some(e),
                )
            })?;
            scale::resize(image, fit_w, fit_h)
        }
    };
    image.apply_orientation(orientation);
    encode(&image).map_err(|e| fail(format!("cannot re-encode the image: {e}"), Some(e)))
}

/// Warns about covers stores will reject or show badly; the book is still built.
fn warn_about_shape(path: &Path, width: u32, height: u32, warnings: &mut Vec<Warning>) {
    let size = format!("{}: is {width} × {height} px", path.display());
    if width.min(height) < MIN_SHORT_SIDE {
        warnings.push(Warning::new(
            WarningKind::Cover,
            format!(
                "{size}, small for a cover: stores ask for at least {MIN_SHORT_SIDE} px on the \
             shortest side (1600 × 2560 is ideal)"
            ),
        ));
    }
    if width > height {
        warnings.push(Warning::new(
            WarningKind::Cover,
            format!(
                "{size}, wider than tall: covers are portrait (1:1.6, e.g. 1600 × 2560, is ideal)"
            ),
        ));
    } else if f64::from(height) > f64::from(width) * MAX_TALLNESS {
        warnings.push(Warning::new(
            WarningKind::Cover,
            format!(
                "{size}, narrower than 1:{MAX_TALLNESS}: readers will shrink it to a strip \
             (1:1.6, e.g. 1600 × 2560, is ideal)"
            ),
        ));
    }
}

/// The size that scales down, never up, so the longest side is at most [`MAX_SIDE`],
/// keeping the aspect.
fn fitted(w: u32, h: u32) -> (u32, u32) {
    let longest = w.max(h);
    if longest <= MAX_SIDE {
        return (w, h);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(MAX_SIDE) + u64::from(longest) / 2) / u64::from(longest))
            .max(1) as u32
    };
    (scale(w), scale(h))
}

/// JPEG for opaque images; PNG when some pixel is not fully opaque, since JPEG has no alpha.
fn encode(image: &DynamicImage) -> image::ImageResult<Picture> {
    let mut bytes = Vec::new();
    let transparent = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let (media_type, extension) = if transparent {
        image.write_with_encoder(PngEncoder::new(&mut bytes))?;
        ("image/png", "png")
    } else {
        bytes = jpeg(&image.to_rgb8())?;
        ("image/jpeg", "jpg")
    };
    Ok(Picture {
        bytes,
        media_type,
        extension,
        width: image.width(),
        height: image.height(),
        packed: OnceLock::new(),
    })
}

/// `rgb` as a baseline JPEG at [`JPEG_QUALITY`], with our encoder on every core.
fn jpeg(rgb: &RgbImage) -> image::ImageResult<Vec<u8>> {
    match crate::picture::jpeg::encode(rgb.as_raw(), rgb.width(), rgb.height(), 3, JPEG_QUALITY) {
        Some(bytes) => Ok(bytes),
        None => {
            // Over 65535 px (never, after fitting): the `image` crate's encoder says why.
            let mut bytes = Vec::new();
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY))?;
            Ok(bytes)
        }
    }
}

/// A drawn cover as a cover to package: JPEG at the quality of re-encoded covers, encoded
/// from the canvas as it is (its alpha, all opaque, is ignored).
pub fn from_pixels(image: &RgbaImage) -> Result<Picture> {
    let (width, height) = image.dimensions();
    let bytes = match crate::picture::jpeg::encode(image.as_raw(), width, height, 4, JPEG_QUALITY) {
        Some(bytes) => Ok(bytes),
        None => jpeg(&DynamicImage::ImageRgba8(image.clone()).to_rgb8()),
    };
    Ok(Picture {
        bytes: bytes.map_err(drawn)?,
        media_type: "image/jpeg",
        extension: "jpg",
        width,
        height,
        packed: OnceLock::new(),
    })
}

/// A drawn cover as an RGB PNG, lossless, for looking at or editing; at most `width` pixels
/// wide when one is given (a preview on a page: 400 pixels are 40 KB where 1,600 are 1 MB).
pub fn png(image: &RgbaImage, width: Option<u32>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut image = DynamicImage::ImageRgba8(image.clone());
    if let Some(width) = width.filter(|w| *w > 0 && *w < image.width()) {
        let height =
            (u64::from(image.height()) * u64::from(width) / u64::from(image.width())).max(1);
        image = scale::resize(image, width, height as u32);
    }
    image
        .to_rgb8()
        .write_with_encoder(PngEncoder::new(&mut bytes))
        .map_err(drawn)?;
    Ok(bytes)
}

fn drawn(e: image::ImageError) -> Error {
    Error::Internal(format!("encoding the drawn cover: {e}"))
}

#[cfg(test)]
mod tests;
