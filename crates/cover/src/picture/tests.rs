//! Pictures made fit for a book: covers kept byte for byte or re-encoded, images scaled, the
//! shapes stores reject warned about.

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
    let cover = prepare(Path::new("c.jpg"), bytes.clone(), &mut vec![]).unwrap();
    assert_eq!(cover.bytes, bytes);
    assert_eq!((cover.width, cover.height), (160, 256));
}

#[test]
fn large_jpeg_is_scaled_keeping_aspect() {
    let cover = prepare(Path::new("c.jpg"), jpeg(3000, 4500), &mut vec![]).unwrap();
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
        prepare(Path::new("c.png"), out, &mut vec![])
            .unwrap()
            .media_type,
        "image/png"
    );

    let mut out = Vec::new();
    let img = RgbaImage::from_pixel(40, 64, Rgba([200, 10, 10, 255]));
    DynamicImage::ImageRgba8(img)
        .write_with_encoder(PngEncoder::new(&mut out))
        .unwrap();
    assert_eq!(
        prepare(Path::new("c.png"), out, &mut vec![])
            .unwrap()
            .media_type,
        "image/jpeg"
    );
}

#[test]
fn svg_and_garbage_are_refused() {
    let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec();
    let err = prepare(Path::new("c.svg"), svg, &mut vec![]).unwrap_err();
    assert!(err.to_string().contains("SVG"), "{err}");
    let err = prepare(Path::new("c.jpg"), b"hello".to_vec(), &mut vec![]).unwrap_err();
    assert!(
        err.to_string().starts_with("c.jpg: is not an image"),
        "{err}"
    );
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 7) as u8, (y * 3) as u8, 40]));
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(PngEncoder::new(&mut out))
        .unwrap();
    out
}

fn refused(bytes: Vec<u8>) -> String {
    prepare(Path::new("c"), bytes, &mut vec![])
        .unwrap_err()
        .to_string()
}

#[test]
fn truncated_and_corrupt_images_are_refused() {
    let whole = jpeg(700, 1100);
    assert!(refused(whole[..whole.len() / 2].to_vec()).contains("truncated"));
    let whole = png(700, 1100);
    let err = refused(whole[..whole.len() / 2].to_vec());
    assert!(err.starts_with("c: is a damaged PNG image"), "{err}");
    let mut corrupt = png(700, 1100);
    let middle = corrupt.len() / 2;
    corrupt[middle..middle + 64].fill(0x55);
    let err = refused(corrupt);
    assert!(err.starts_with("c: is a damaged PNG image"), "{err}");
    assert!(refused(Vec::new()).contains("is empty"));
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    // A valid PNG header declaring 60000 × 60000 RGBA (14.4 GB of pixels), and nothing else.
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend(60_000u32.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    bomb.extend(13u32.to_be_bytes());
    bomb.extend(&ihdr);
    bomb.extend(crc32fast::hash(&ihdr).to_be_bytes());
    let err = refused(bomb);
    assert!(err.contains("declares 60000 × 60000 px"), "{err}");
    assert!(err.contains("refused before decoding"), "{err}");
}

#[test]
fn small_and_oddly_shaped_covers_build_with_a_warning() {
    let warned = |bytes: Vec<u8>| {
        let mut warnings = Vec::new();
        prepare(Path::new("c"), bytes, &mut warnings).unwrap();
        warnings
    };
    assert!(warned(jpeg(640, 1024)).is_empty());
    assert!(warned(jpeg(300, 480))
        .iter()
        .all(|w| w.kind == WarningKind::Cover));
    let w = warned(jpeg(300, 480));
    assert!(
        w.len() == 1 && w[0].message.contains("small for a cover"),
        "{w:?}"
    );
    let w = warned(jpeg(1200, 800));
    assert!(
        w.len() == 1 && w[0].message.contains("wider than tall"),
        "{w:?}"
    );
    let w = warned(png(700, 2000));
    assert!(
        w.len() == 1 && w[0].message.contains("narrower than 1:2.5"),
        "{w:?}"
    );
    assert!(warned(png(700, 700)).is_empty());
}
