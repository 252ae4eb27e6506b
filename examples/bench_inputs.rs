//! Writes the inputs `scripts/bench` measures warraq on, under `target/bench/` by default:
//!
//! - `big-cover.jpg`: a 6000 × 9000 photograph-like JPEG (quality 90, about 14 MB: fine grain
//!   over soft shapes, so it compresses like a camera picture, not like a flat drawing);
//! - `batch/`: 2,000 articles the size of the sample, each with its own headline, and a
//!   `book.toml` of shared defaults with the sample cover;
//! - `drawn/` and `batch-drawn/`: the sample article, and the 2,000 articles, with the
//!   sample's metadata but no cover, so each book gets a drawn one (the default path);
//! - `anthology-1x/`, `anthology-10x/`, `anthology-100x/`: books of 20, 200 and 2,000 chapters
//!   of 25 KB of Arabic each
//!   (the sample's words, reordered per chapter) (0.5, 5 and 50 MB of text).
//!
//! Usage: `cargo run --release --example bench_inputs -- [OUT_DIR]`
//!
//! Deterministic, and idempotent: a file that already exists is left alone, so a second run
//! costs nothing.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::ExtendedColorType;
use rayon::prelude::*;

const BIG_WIDTH: usize = 6000;
const BIG_HEIGHT: usize = 9000;
const BIG_QUALITY: u8 = 90;
const BATCH_ARTICLES: usize = 2000;
/// Bytes of Arabic per anthology chapter, so 2,000 chapters make 50 MB.
const CHAPTER_BYTES: usize = 25_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/bench".into()),
    );
    fs::create_dir_all(&out)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = fs::read_to_string(root.join("book/article.txt"))?;
    let (headline, body) = sample.split_once('\n').ok_or("the sample has one line")?;

    let cover = out.join("big-cover.jpg");
    if !cover.exists() {
        big_cover(&cover)?;
    }

    let toml = fs::read_to_string(root.join("book/book.toml"))?;
    let sample_cover = root.join("covers/sample.jpg");
    let toml = toml.replace(
        "cover = \"../covers/sample.jpg\"",
        &format!("cover = {:?}", sample_cover.display().to_string()),
    );
    let batch = out.join("batch");
    let numbered = |i: usize| format!("{headline} ({i})\n{body}");
    write_book(&batch, &toml, BATCH_ARTICLES, numbered)?;
    let coverless: String = toml
        .lines()
        .filter(|line| !line.starts_with("cover ="))
        .map(|line| format!("{line}\n"))
        .collect();
    write_book(
        &out.join("batch-drawn"),
        &coverless,
        BATCH_ARTICLES,
        numbered,
    )?;
    write_book(&out.join("drawn"), &coverless, 1, |_| sample.clone())?;

    // Each chapter its own text: lines of the sample's words in an order drawn per chapter,
    // so that deflate sees text as varied as real articles, not one article repeated.
    let words: Vec<&str> = body.split_whitespace().collect();
    let chapter = |i: usize| {
        let mut text = format!("{headline} ({i})\n");
        let mut n = 0u32;
        while text.len() < CHAPTER_BYTES {
            let line_words = 20.0 + hash(i as u32, n) * 60.0;
            for w in 0..line_words as u32 {
                let pick = hash(i as u32 ^ 0x5bd1_e995, n * 131 + w) * words.len() as f32;
                text.push_str(words[pick as usize % words.len()]);
                text.push(' ');
            }
            text.push('\n');
            n += 1;
        }
        text
    };
    for (name, chapters) in [
        ("anthology-1x", 20),
        ("anthology-10x", 200),
        ("anthology-100x", 2000),
    ] {
        write_book(&out.join(name), &toml, chapters, chapter)?;
    }
    Ok(())
}

/// A directory of `count` articles `article-0001.txt`… and a `book.toml`, unless complete.
fn write_book(
    dir: &Path,
    toml: &str,
    count: usize,
    article: impl Fn(usize) -> String,
) -> std::io::Result<()> {
    let last = dir.join(format!("article-{count:04}.txt"));
    if last.exists() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join("book.toml"), toml)?;
    for i in 1..=count {
        fs::write(dir.join(format!("article-{i:04}.txt")), article(i))?;
    }
    Ok(())
}

/// A deterministic hash in [0, 1).
fn hash(x: u32, y: u32) -> f32 {
    let mut h = x.wrapping_mul(0x9e37_79b1) ^ y.wrapping_mul(0x85eb_ca77);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 12;
    h = h.wrapping_mul(0x297a_2d39);
    h ^= h >> 15;
    (h >> 8) as f32 / (1u32 << 24) as f32
}

/// Soft gradients and waves for the shapes, and per-pixel grain for the sensor noise that
/// makes a photograph's JPEG large.
fn big_cover(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut pixels = vec![0u8; BIG_WIDTH * BIG_HEIGHT * 3];
    pixels
        .par_chunks_mut(BIG_WIDTH * 3)
        .enumerate()
        .for_each(|(y, row)| {
            let fy = y as f32 / BIG_HEIGHT as f32;
            for x in 0..BIG_WIDTH {
                let fx = x as f32 / BIG_WIDTH as f32;
                let wave = (fx * 23.0 + (fy * 7.0).sin() * 3.0).sin()
                    * (fy * 31.0 + (fx * 5.0).cos() * 2.0).cos();
                let grain = hash(x as u32, y as u32) - 0.5;
                let base = [0.25 + 0.5 * fy, 0.35 + 0.3 * fx, 0.55 - 0.3 * fy];
                for (c, value) in row[x * 3..x * 3 + 3].iter_mut().enumerate() {
                    let v = base[c] + 0.18 * wave * (c as f32 * 0.4 + 0.6) + 0.11 * grain;
                    *value = (v * 255.0).round().clamp(0.0, 255.0) as u8;
                }
            }
        });
    let mut writer = BufWriter::new(fs::File::create(path)?);
    JpegEncoder::new_with_quality(&mut writer, BIG_QUALITY).encode(
        &pixels,
        BIG_WIDTH as u32,
        BIG_HEIGHT as u32,
        ExtendedColorType::Rgb8,
    )?;
    writer.flush()?;
    Ok(())
}
