//! Cover fixtures made at test time with the `image` crate (every format a cover may arrive
//! in, a transparent PNG, an EXIF-rotated JPEG), and helpers to look at the stored result.

use std::io::Cursor;

use image::{
    DynamicImage, GenericImageView, ImageDecoder, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage,
};

/// A colourful opaque picture: a gradient, so no encoder can shrink it to nothing.
pub fn picture(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            ((x + y) % 256) as u8,
        ])
    }))
}

/// An opaque picture of 16 × 16 flat blocks, 256 colours at most: a GIF holds it exactly,
/// without the (slow) colour quantisation a gradient would need.
pub fn blocks(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        let (column, row) = ((x * 16 / width) as u8, (y * 16 / height) as u8);
        Rgb([column * 16, row * 16, 255 - column * 8 - row * 8])
    }))
}

/// `image` encoded in `format` (WebP is written lossless, the only WebP `image` writes).
pub fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, format)
        .unwrap_or_else(|e| panic!("cannot encode a {format:?} fixture: {e}"));
    bytes.into_inner()
}

/// An opaque JPEG of that size.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encode(&picture(width, height), ImageFormat::Jpeg)
}

/// An RGB PNG (no alpha channel at all).
pub fn opaque_png(width: u32, height: u32) -> Vec<u8> {
    encode(&picture(width, height), ImageFormat::Png)
}

/// An RGBA PNG whose alpha channel is 255 everywhere: opaque in fact, if not in form.
pub fn opaque_rgba_png(width: u32, height: u32) -> Vec<u8> {
    encode(
        &DynamicImage::ImageRgba8(picture(width, height).to_rgba8()),
        ImageFormat::Png,
    )
}

/// An RGBA PNG with real transparency: alpha runs from 0 at the top to 255 at the bottom.
pub fn transparent_png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, y| {
        Rgba([
            (x * 255 / width) as u8,
            40,
            200,
            (y * 255 / (height - 1)) as u8,
        ])
    });
    encode(&DynamicImage::ImageRgba8(image), ImageFormat::Png)
}

/// The APP1 segment of a minimal Exif block: a big-endian TIFF header and an IFD0 holding
/// only tag 0x0112 (Orientation), type SHORT, count 1, with `orientation` as its value.
pub fn exif_orientation_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM"); // big-endian ("Motorola") byte order
    tiff.extend_from_slice(&42u16.to_be_bytes()); // TIFF magic
    tiff.extend_from_slice(&8u32.to_be_bytes()); // IFD0 right after this 8-byte header
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // tag: Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // type: SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count: 1
    tiff.extend_from_slice(&orientation.to_be_bytes()); // value, left-justified in 4 bytes
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD

    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let length = u16::try_from(payload.len() + 2).expect("the Exif segment is tiny");
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(&payload);
    segment
}

/// `jpeg` with an Exif APP1 segment carrying `orientation` spliced in right after SOI.
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "not a JPEG: no SOI marker");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&exif_orientation_segment(orientation));
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A 2000×1250 landscape JPEG tagged Orientation = 6 (display rotated 90° clockwise), so it
/// shows as 1250×2000 portrait. Its stored top-left quadrant is red and the rest blue: shown
/// upright, red is the top-right quadrant.
pub fn exif_rotated_jpeg() -> Vec<u8> {
    let (width, height) = (2000, 1250);
    let image = RgbImage::from_fn(width, height, |x, y| {
        if x < width / 2 && y < height / 2 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, 20, 230])
        }
    });
    let bytes = with_exif_orientation(
        &encode(&DynamicImage::ImageRgb8(image), ImageFormat::Jpeg),
        6,
    );
    // The fixture itself must say what we claim, or the test proves nothing.
    assert_eq!(
        jpeg_orientation(&bytes),
        image::metadata::Orientation::Rotate90,
        "the crafted Exif segment is not read as Orientation = 6"
    );
    assert_eq!(decode(&bytes).dimensions(), (2000, 1250));
    bytes
}

/// The orientation a JPEG's Exif data asks for (`NoTransforms` when it has none).
pub fn jpeg_orientation(bytes: &[u8]) -> image::metadata::Orientation {
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("not a readable JPEG: {e}"));
    decoder
        .orientation()
        .unwrap_or_else(|e| panic!("cannot read a JPEG's orientation: {e}"))
}

/// The format the bytes are in, by their signature.
pub fn format_of(bytes: &[u8]) -> ImageFormat {
    image::guess_format(bytes).unwrap_or_else(|e| panic!("not an image format we know: {e}"))
}

/// Decodes an image (pixels as stored, orientation tags not applied).
pub fn decode(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).unwrap_or_else(|e| panic!("cannot decode an image: {e}"))
}

/// The mean red, green and blue of the pixels in `[x0, x1) × [y0, y1)`.
pub fn mean_rgb(image: &DynamicImage, (x0, y0): (u32, u32), (x1, y1): (u32, u32)) -> [f64; 3] {
    let rgb = image.to_rgb8();
    let mut sum = [0f64; 3];
    for y in y0..y1 {
        for x in x0..x1 {
            let pixel = rgb.get_pixel(x, y);
            for (total, channel) in sum.iter_mut().zip(pixel.0) {
                *total += f64::from(channel);
            }
        }
    }
    let count = f64::from((x1 - x0) * (y1 - y0));
    sum.map(|total| total / count)
}

/// A valid PNG signature and header declaring `width` × `height` RGBA, a few bytes of image
/// data, and the end chunk: what a decompression bomb looks like from outside.
pub fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        let mut body = kind.to_vec();
        body.extend(data);
        png.extend((data.len() as u32).to_be_bytes());
        png.extend(&body);
        png.extend(crc32fast::hash(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    // A zlib stream of one stored block of five zero bytes.
    chunk(
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x05, 0x00, 0xFA, 0xFF, 0, 0, 0, 0, 0, 0, 0x05, 0, 0x01,
        ],
    );
    chunk(b"IEND", &[]);
    png
}
