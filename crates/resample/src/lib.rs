//! Lanczos3 resampling of 8-bit RGB and RGBA pixel buffers, with fast_image_resize's SIMD
//! kernels (SSE4.1 / AVX2 / NEON, chosen at run time) on rayon's threads.

use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::{InnerPixel, U8x3, U8x4};
use fast_image_resize::{FilterType, PixelTrait, ResizeAlg, ResizeOptions, Resizer};

/// A buffer whose length is not `width × height` pixels of its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeMismatch;

impl std::fmt::Display for SizeMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the pixel buffer does not match the image's size")
    }
}

impl std::error::Error for SizeMismatch {}

/// `source`, `width` × `height` pixels of RGB (3 bytes each, rows top to bottom), resampled
/// to `to_width` × `to_height` with Lanczos3.
pub fn rgb8(
    source: &[u8],
    (width, height): (u32, u32),
    (to_width, to_height): (u32, u32),
) -> Result<Vec<u8>, SizeMismatch> {
    resample::<U8x3>(source, (width, height), (to_width, to_height))
}

/// As [`rgb8`], for RGBA (4 bytes a pixel, not premultiplied; colours are resampled
/// premultiplied by alpha, as they must be).
pub fn rgba8(
    source: &[u8],
    (width, height): (u32, u32),
    (to_width, to_height): (u32, u32),
) -> Result<Vec<u8>, SizeMismatch> {
    resample::<U8x4>(source, (width, height), (to_width, to_height))
}

fn resample<P>(
    source: &[u8],
    (width, height): (u32, u32),
    (to_width, to_height): (u32, u32),
) -> Result<Vec<u8>, SizeMismatch>
where
    P: PixelTrait + InnerPixel,
{
    let view = TypedImageRef::<P>::from_buffer(width, height, source).map_err(|_| SizeMismatch)?;
    let mut buffer = vec![0; to_width as usize * to_height as usize * P::size()];
    let mut target =
        TypedImage::<P>::from_buffer(to_width, to_height, &mut buffer).map_err(|_| SizeMismatch)?;
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize_typed(&view, &mut target, &options)
        .map_err(|_| SizeMismatch)?;
    Ok(buffer)
}
