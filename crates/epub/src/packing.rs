//! How each entry of an archive is packed: the deflate levels chosen by measurement, the
//! probe that decides whether an image or font is worth deflating, and the entries' DOS time.
//! The build's finishing pass and `warraq fix` pack alike.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::zipwrite::Packed;

/// libdeflate's level for markup and style sheets, chosen by measurement (BENCHMARKS.md,
/// `examples/deflate_levels.rs`): on Arabic chapters level 4 is 2 % larger than 6 and takes
/// half the time; zlib's level 4 is as large and twice as slow.
pub const TEXT_LEVEL: i32 = 4;

/// libdeflate's level for images. JPEG and PNG are compressed already, but a JPEG written
/// with standard Huffman tables may still shrink by a third (the sample cover: 562 → 378 KB at
/// 6, in 6 ms; zlib needs level 9 and 13 ms for that). Level 6 is the fastest that keeps the
/// sample book no larger than pandoc's. A batch packs its shared cover once.
pub(crate) const IMAGE_LEVEL: i32 = 6;

/// The least share deflate must take off an image or font for it to be deflated; below it the
/// entry is stored, and the time deflating it would take is saved (see [`pack`]).
pub(crate) const USEFUL_SAVING: f64 = 0.04;

/// Bytes in each of the windows [`pack`] tries deflate on.
const PROBE_WINDOW: usize = 16 * 1024;
/// How many windows, spread evenly over the entry.
const PROBE_WINDOWS: usize = 4;

/// An image or font packed for the archive: deflated at `IMAGE_LEVEL` when a probe says
/// deflate takes at least `USEFUL_SAVING` off it, else stored. The probe deflates a few
/// windows spread over the bytes at libdeflate's fastest level (a tenth of the work of
/// deflating them all), so the decision is measured on each file, not guessed from its type:
/// a JPEG with standard Huffman tables over flat colour shrinks by a third, a photograph
/// with optimised tables by 1 %.
pub fn pack(bytes: &[u8]) -> Packed {
    if bytes.len() <= PROBE_WINDOW * PROBE_WINDOWS * 2 || deflate_helps(bytes) {
        Packed::deflated(bytes, IMAGE_LEVEL)
    } else {
        Packed::stored(bytes)
    }
}

/// Whether deflating the probe windows of `bytes` takes [`USEFUL_SAVING`] off them.
fn deflate_helps(bytes: &[u8]) -> bool {
    let step = (bytes.len() - PROBE_WINDOW) / (PROBE_WINDOWS - 1);
    let (mut raw, mut packed) = (0, 0);
    for i in 0..PROBE_WINDOWS {
        let window = &bytes[i * step..i * step + PROBE_WINDOW];
        raw += window.len();
        packed += Packed::deflated(window, PROBE_LEVEL).packed_len();
    }
    (packed as f64) < raw as f64 * (1.0 - USEFUL_SAVING)
}

/// libdeflate's fastest level, for the probe.
const PROBE_LEVEL: i32 = 1;

/// DOS date and time; they cover 1980–2107 in two-second steps, and times outside are
/// clamped to it.
pub fn zip_time(t: DateTime<Utc>) -> (u16, u16) {
    let year = t.year().clamp(1980, 2107) as u16;
    let time = zip::DateTime::from_date_and_time(
        year,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default();
    (time.datepart(), time.timepart())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes drawn evenly from 240 of the 256 values: deflate's Huffman coding takes about
    /// 1 % off them, less than is worth its time.
    fn nearly_random(len: usize) -> Vec<u8> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state >> 32) % 240) as u8
            })
            .collect()
    }

    #[test]
    fn what_deflate_hardly_shrinks_is_stored_and_the_rest_deflated() {
        let bytes = nearly_random(400_000);
        // The check can fail: deflate does make these bytes a little smaller.
        assert!(Packed::deflated(&bytes, IMAGE_LEVEL).packed_len() < bytes.len());
        assert_eq!(pack(&bytes).packed_len(), bytes.len());
        let text = "نص عربي يتكرر ".repeat(20_000);
        assert!(pack(text.as_bytes()).packed_len() < text.len() / 4);
    }
}
