//! Reading an image without trusting it: its format sniffed, its size capped from the header
//! before anything is decoded, a JPEG's segments walked, and the errors worded for the user.

use std::io::Cursor;
use std::path::Path;

use image::{ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{MAX_DECODED_BYTES, MAX_INPUT_SIDE, MAX_SIDE};
use warraq_core::error::{Error, Result};

/// Walks a JPEG's marker segments from SOI to the first scan: each must start with a marker
/// and end inside the file. What the scan holds is left to the reader's decoder.
pub(super) fn jpeg_segments_whole(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    loop {
        let Some(&[0xFF, marker]) = bytes.get(at..at + 2) else {
            return false;
        };
        match marker {
            0xFF => at += 1, // fill byte
            0xD0..=0xD7 | 0x01 => at += 2,
            0xD9 => return false, // an image with no scan
            _ => {
                let Some(&[hi, lo]) = bytes.get(at + 2..at + 4) else {
                    return false;
                };
                let length = usize::from(u16::from_be_bytes([hi, lo]));
                if length < 2 || at + 2 + length > bytes.len() {
                    return false;
                }
                if marker == 0xDA {
                    return true; // start of scan, with its header whole
                }
                at += 2 + length;
            }
        }
    }
}

/// A decoder for `bytes`, with [`Limits`] that refuse oversized images from their header alone.
pub(super) fn open<'a>(
    path: &Path,
    bytes: &'a [u8],
) -> Result<(ImageFormat, impl ImageDecoder + 'a)> {
    let fail = |message: String, source: Option<image::ImageError>| Error::Cover {
        path: path.to_path_buf(),
        message,
        hint: None,
        source: source.map(Into::into),
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| fail(format!("cannot read the image: {e}"), None))?;
    let Some(format) = reader.format() else {
        return Err(if looks_like_svg(bytes) {
            fail("is an SVG image; covers must be raster images".into(), None)
                .with_hint("export it as PNG or JPEG, 1600 × 2560 px")
        } else {
            fail(
                "is not an image warraq can read (JPEG, PNG, WebP, GIF, BMP or TIFF)".into(),
                None,
            )
        });
    };
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_INPUT_SIDE);
    limits.max_image_height = Some(MAX_INPUT_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    match reader.into_decoder() {
        Ok(decoder) => Ok((format, decoder)),
        Err(image::ImageError::Limits(_)) => Err(match header_dimensions(bytes) {
            Some((width, height)) => too_large(path, width, height, None),
            None => fail(
                format!("declares an image larger than {MAX_INPUT_SIDE} px on a side; refused before decoding"),
                None,
            ),
        }),
        Err(e) => Err(fail(
            format!("is a damaged {} image: {e}", name(format)),
            Some(e),
        )),
    }
}

/// The dimensions a header declares, read with a small memory budget, for error messages.
pub(super) fn header_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    // A PNG's IHDR is at a fixed place; read it directly, as a bomb may hold nothing else.
    if let Some(ihdr) = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR") {
        let side = |at: usize| Some(u32::from_be_bytes(ihdr.get(at..at + 4)?.try_into().ok()?));
        return Some((side(0)?, side(4)?));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = Limits::no_limits();
    limits.max_alloc = Some(16 * 1024 * 1024);
    reader.limits(limits);
    reader.into_dimensions().ok()
}

/// The error for an image over the limits; `bytes` is what decoding would take, when known.
pub(super) fn too_large(path: &Path, width: u32, height: u32, bytes: Option<u64>) -> Error {
    let mib = |b: u64| b / (1024 * 1024);
    let why = match bytes {
        Some(bytes) if width.max(height) <= MAX_INPUT_SIDE => format!(
            "{} MiB of pixels, more than the {} MiB warraq decodes",
            mib(bytes),
            mib(MAX_DECODED_BYTES)
        ),
        _ => format!("more than the {MAX_INPUT_SIDE} px a side warraq decodes"),
    };
    Error::Cover {
        path: path.to_path_buf(),
        message: format!("declares {width} × {height} px, {why}; refused before decoding"),
        hint: Some(format!(
            "scale it down: a cover needs no more than {MAX_SIDE} px on its longest side"
        )),
        source: None,
    }
}

/// Whether a JPEG ends with its end-of-image marker (trailing padding allowed).
pub(super) fn has_end_marker(bytes: &[u8]) -> bool {
    let end = bytes.len() - bytes.iter().rev().take_while(|&&b| b == 0).count();
    bytes[..end].ends_with(&[0xFF, 0xD9])
}

pub(super) fn name(format: ImageFormat) -> &'static str {
    format
        .extensions_str()
        .first()
        .map_or("image", |e| match *e {
            "jpg" | "jpeg" => "JPEG",
            "png" => "PNG",
            "gif" => "GIF",
            "webp" => "WebP",
            "bmp" => "BMP",
            "tif" | "tiff" => "TIFF",
            other => other,
        })
}

pub(super) fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.trim_start().starts_with('<') && head.contains("<svg")
}
