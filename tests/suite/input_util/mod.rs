//! Helpers shared by the input tests: the binary, EPUBCheck, and reading a built book back the
//! way a reader would. Each test file uses only part of it.
#![allow(dead_code)]

use crate::util::epubcheck as validator;

use std::io::{Cursor, Read};
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, Rgb, RgbImage};

/// The built `warraq` binary, with a fixed `SOURCE_DATE_EPOCH`.
pub fn warraq() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("warraq").expect("the warraq binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1551225600");
    cmd
}

/// Runs EPUBCheck on `epub` and fails on any fatal error, error or warning.
pub fn epubcheck(epub: &Path) {
    validator::assert_valid(epub);
}

/// What a reader sees of a book's article, and every XML document in it, parsed.
#[derive(Debug)]
pub struct BookText {
    /// The `h1` of the article document.
    pub headline: String,
    /// Its `p` elements, in order.
    pub paragraphs: Vec<String>,
}

impl BookText {
    /// Headline and paragraphs joined with newlines.
    pub fn joined(&self) -> String {
        let mut text = self.headline.clone();
        for p in &self.paragraphs {
            text.push('\n');
            text.push_str(p);
        }
        text
    }
}

/// Reads an EPUB's bytes: every `.xhtml`, `.opf` and `.ncx` must parse as XML; the article's
/// headline and paragraphs are returned as text.
pub fn read_book(epub: &[u8]) -> BookText {
    let mut zip = zip::ZipArchive::new(Cursor::new(epub)).expect("the EPUB is a zip");
    let mut article = None;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("a zip entry");
        let name = entry.name().to_string();
        if ![".xhtml", ".opf", ".ncx"].iter().any(|e| name.ends_with(e)) {
            continue;
        }
        let mut xml = String::new();
        entry.read_to_string(&mut xml).expect("UTF-8 XML");
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&xml, options)
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}\n{xml}"));
        if name.ends_with("article-001.xhtml") {
            let text_of = |tag: &str| -> Vec<String> {
                doc.descendants()
                    .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", tag)))
                    .map(|n| {
                        n.descendants()
                            .filter(|d| d.is_text())
                            .filter_map(|d| d.text())
                            .collect()
                    })
                    .collect()
            };
            let headline = text_of("h1").into_iter().next().expect("an h1");
            article = Some(BookText {
                headline,
                paragraphs: text_of("p"),
            });
        }
    }
    article.expect("the book has an article-001.xhtml")
}

/// Reads the EPUB at `path` (see [`read_book`]).
pub fn read_book_file(path: &Path) -> BookText {
    read_book(&std::fs::read(path).expect("the EPUB was written"))
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

/// A test picture with some detail, so encoders have work to do.
fn picture(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
    }))
}

/// `picture` as a JPEG.
pub fn encode_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    picture(width, height)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))
        .unwrap();
    out
}

/// `picture` as a PNG.
pub fn encode_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    picture(width, height)
        .write_with_encoder(PngEncoder::new(&mut out))
        .unwrap();
    out
}
