//! Measures every libdeflate level (1–12) on the entries of an EPUB, compressed one by one as the OCF
//! writer does: images apart from text. BENCHMARKS.md's choice of levels comes from this.
//!
//! Usage: `cargo run --release --example deflate_levels -- BOOK.epub`

use std::io::{Cursor, Read};
use std::time::Instant;

use warraq_epub::zipwrite::Packed;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: deflate_levels BOOK.epub")?;
    let mut archive = zip::ZipArchive::new(Cursor::new(std::fs::read(path)?))?;
    let (mut images, mut text) = (Vec::new(), Vec::new());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        let name = entry.name();
        if name.ends_with(".jpg") || name.ends_with(".png") {
            images.push(bytes);
        } else if name != "mimetype" {
            text.push(bytes);
        }
    }
    println!("| entries | level | size | of the input | time (best of 5) | MB/s |");
    println!("|---|---|---|---|---|---|");
    for (kind, entries) in [("images", &images), ("text", &text)] {
        let input: usize = entries.iter().map(Vec::len).sum();
        if input == 0 {
            continue;
        }
        for level in 1..=12 {
            let mut best = f64::MAX;
            let mut size = 0;
            for _ in 0..5 {
                let start = Instant::now();
                size = entries
                    .iter()
                    .map(|e| Packed::deflated(e, level).packed_len())
                    .sum::<usize>();
                best = best.min(start.elapsed().as_secs_f64());
            }
            println!(
                "| {kind} ({input} B) | {level} | {size} | {:.1} % | {:.2} ms | {:.0} |",
                100.0 * size as f64 / input as f64,
                best * 1e3,
                input as f64 / best / 1e6
            );
        }
    }
    Ok(())
}
