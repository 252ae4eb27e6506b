//! The cover's large shapes, filled and stroked with coverage computed in closed form.
//!
//! The title panel, its shadow and rules, and the frame are rectangles, some with their corners
//! bitten by quarter circles. Through the rasteriser each of them cost a pass over every row of
//! its bounding box (its anti-aliasing walks the whole width, even for a hairline) and a blend
//! of every pixel through a general pipeline: together half of a drawn cover's drawing. Here a
//! pixel's coverage is its distance to the outline: the inside of a fill is blended at a constant
//! alpha in plain loops that vectorise, and a rule touches only the pixels near its path.

use std::ops::Range;

use rayon::prelude::*;
use tiny_skia::Pixmap;

/// A rectangle whose corners are cut by quarter circles of radius `notch` centred on them (a
/// notch of 0 is a plain rectangle), in cover pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Notched {
    pub(crate) left: f32,
    pub(crate) top: f32,
    pub(crate) right: f32,
    pub(crate) bottom: f32,
    pub(crate) notch: f32,
}

impl Notched {
    /// Signed distance from the point to the outline: negative inside. The sides' distance is
    /// taken along the axes, so the rectangle's corners stay square; a notch is the distance
    /// to its circle.
    fn distance(&self, x: f32, y: f32) -> f32 {
        let side = (self.left - x)
            .max(x - self.right)
            .max((self.top - y).max(y - self.bottom));
        if self.notch <= 0.0 {
            return side;
        }
        let cx = if x - self.left < self.right - x {
            self.left
        } else {
            self.right
        };
        let cy = if y - self.top < self.bottom - y {
            self.top
        } else {
            self.bottom
        };
        let (dx, dy) = (x - cx, y - cy);
        side.max(self.notch - (dx * dx + dy * dy).sqrt())
    }

    /// The columns where the outline may pass within `margin` on the row whose pixel centres
    /// lie at `y`: every column near the top or bottom side; elsewhere only those near the
    /// left and right sides and their notches. Clipped to `columns`.
    fn crossings(&self, y: f32, margin: f32, columns: &Range<usize>) -> [Range<usize>; 2] {
        let clip = |from: f32, to: f32| {
            let from = (from.floor().max(0.0) as usize).clamp(columns.start, columns.end);
            from..(to.ceil().max(0.0) as usize).clamp(from, columns.end)
        };
        if y < self.top + margin || y > self.bottom - margin {
            return [columns.clone(), columns.end..columns.end];
        }
        let notch = self.notch.max(0.0);
        let bitten = y < self.top + notch + margin || y > self.bottom - notch - margin;
        let reach = if bitten { notch + margin } else { margin };
        let left = clip(self.left - margin, self.left + reach);
        let right = clip(self.right - reach, self.right + margin);
        // Each column once, should the two ranges meet.
        let right = right.start.max(left.end)..right.end.max(left.end);
        [left, right]
    }
}

/// The RGB colour `hex` blended at `alpha` times each pixel's coverage.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ink {
    rgb: [f32; 3],
    alpha: f32,
}

impl Ink {
    pub(crate) fn new(hex: u32, alpha: f32) -> Ink {
        Ink {
            rgb: super::rgb(hex).map(f32::from),
            alpha: alpha.clamp(0.0, 1.0),
        }
    }

    /// Blends one pixel (its red, green and blue) at coverage `cover`.
    pub(crate) fn pixel(&self, pixel: &mut [u8], cover: f32) {
        let a = self.alpha * cover;
        for (channel, ink) in pixel.iter_mut().zip(self.rgb) {
            *channel = round(ink * a + f32::from(*channel) * (1.0 - a));
        }
    }

    /// Blends a run of whole pixels, covered whole, in 8-bit fixed point: four pixels at a
    /// time over plain arrays, which vectorises.
    fn run(&self, pixels: &mut [u8]) {
        let keep = (256.0 * (1.0 - self.alpha) + 0.5) as u16;
        let add: [u16; 4] = [0, 1, 2, 3].map(|i| {
            let ink = self.rgb.get(i).copied().unwrap_or(255.0);
            // With `keep`, so that a channel at the ink's value stays there.
            (ink * (256.0 - f32::from(keep)) + 128.0) as u16
        });
        let add: [u16; 16] = std::array::from_fn(|i| add[i % 4]);
        let mut chunks = pixels.chunks_exact_mut(16);
        for chunk in &mut chunks {
            for (channel, add) in chunk.iter_mut().zip(add) {
                *channel = ((u16::from(*channel) * keep + add) >> 8) as u8;
            }
        }
        for pixel in chunks.into_remainder().chunks_exact_mut(4) {
            self.pixel(pixel, 1.0);
        }
    }
}

/// `v` clamped to 0–255 and rounded to the nearest integer, ties to even. Adding 1.5 × 2²³
/// leaves the integer in the low bits of the sum's mantissa: unlike a saturating `as`, this
/// vectorises, where it is the inner loop's work.
pub(super) fn round(v: f32) -> u8 {
    ((v.clamp(0.0, 255.0) + 12_582_912.0).to_bits() & 0xff) as u8
}

/// The rows and columns of pixels `shape`, grown by `grow`, can touch.
fn bounds(pixmap: &Pixmap, shape: &Notched, grow: f32) -> (usize, usize, usize, usize) {
    let clamp = |v: f32, max: u32| (v.max(0.0) as usize).min(max as usize);
    (
        clamp((shape.left - grow).floor(), pixmap.width()),
        clamp((shape.top - grow).floor(), pixmap.height()),
        clamp((shape.right + grow).ceil(), pixmap.width()),
        clamp((shape.bottom + grow).ceil(), pixmap.height()),
    )
}

/// Fills `shape` with `ink`.
pub(super) fn fill(pixmap: &mut Pixmap, shape: Notched, ink: Ink) {
    let (x0, y0, x1, y1) = bounds(pixmap, &shape, 1.0);
    rows(pixmap, y0..y1).for_each(|(y, row)| {
        let fy = y as f32 + 0.5;
        let [left, right] = shape.crossings(fy, 1.0, &(x0..x1));
        // Between the columns the outline crosses, the shape covers every pixel whole, unless
        // the row is the top or bottom side's (which the crossings then span).
        if left.end < right.start {
            ink.run(&mut row[left.end * 4..right.start * 4]);
        }
        for x in left.chain(right) {
            let cover = (0.5 - shape.distance(x as f32 + 0.5, fy)).clamp(0.0, 1.0);
            if cover > 0.0 {
                ink.pixel(&mut row[x * 4..x * 4 + 3], cover);
            }
        }
    });
}

/// Strokes `shape`'s outline `width` wide (centred on it) with `ink`.
pub(super) fn stroke(pixmap: &mut Pixmap, shape: Notched, width: f32, ink: Ink) {
    let half = width / 2.0;
    let (x0, y0, x1, y1) = bounds(pixmap, &shape, half + 1.0);
    rows(pixmap, y0..y1).for_each(|(y, row)| {
        let fy = y as f32 + 0.5;
        let [left, right] = shape.crossings(fy, half + 1.0, &(x0..x1));
        for x in left.chain(right) {
            let distance = shape.distance(x as f32 + 0.5, fy).abs();
            let cover = (half + 0.5 - distance).clamp(0.0, 1.0);
            if cover > 0.0 {
                ink.pixel(&mut row[x * 4..x * 4 + 3], cover);
            }
        }
    });
}

/// The canvas's rows `ys`, each with its index, to be drawn on every core.
fn rows(
    pixmap: &mut Pixmap,
    ys: Range<usize>,
) -> impl IndexedParallelIterator<Item = (usize, &mut [u8])> {
    let stride = pixmap.width() as usize * 4;
    let start = ys.start;
    pixmap.data_mut()[ys.start * stride..ys.end * stride]
        .par_chunks_exact_mut(stride)
        .enumerate()
        .map(move |(i, row)| (start + i, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Pixmap {
        let mut pixmap = Pixmap::new(200, 160).unwrap();
        pixmap.fill(tiny_skia::Color::BLACK);
        pixmap
    }

    fn red(pixmap: &Pixmap, x: u32, y: u32) -> u8 {
        pixmap.pixel(x, y).unwrap().red()
    }

    #[test]
    fn a_fill_covers_its_inside_whole_its_edges_in_part_and_nothing_else() {
        let mut pixmap = canvas();
        let shape = Notched {
            left: 20.5,
            top: 10.0,
            right: 180.0,
            bottom: 150.0,
            notch: 30.0,
        };
        fill(&mut pixmap, shape, Ink::new(0xff0000, 1.0));
        assert_eq!(red(&pixmap, 100, 80), 255);
        // The left side runs through the middle of column 20.
        assert!((126..=129).contains(&red(&pixmap, 20, 80)));
        assert_eq!(red(&pixmap, 19, 80), 0);
        assert_eq!(red(&pixmap, 180, 80), 0);
        // The corner is bitten: the notch's circle of radius 30 around (20.5, 10).
        assert_eq!(red(&pixmap, 30, 20), 0);
        assert_eq!(red(&pixmap, 60, 20), 255);
        assert_eq!(red(&pixmap, 21, 60), 255);
        // Coverage is the area inside: the whole canvas holds about the shape's area.
        let area = 159.5 * 140.0 - std::f32::consts::PI * 30.0 * 30.0;
        let total: f32 = (0..160)
            .flat_map(|y| (0..200).map(move |x| (x, y)))
            .map(|(x, y)| f32::from(red(&pixmap, x, y)) / 255.0)
            .sum();
        assert!(
            (total - area).abs() < area * 0.005,
            "{total} against {area}"
        );
    }

    #[test]
    fn a_stroke_touches_only_the_pixels_near_its_outline() {
        let mut pixmap = canvas();
        let shape = Notched {
            left: 20.0,
            top: 10.0,
            right: 180.0,
            bottom: 150.0,
            notch: 0.0,
        };
        stroke(&mut pixmap, shape, 4.0, Ink::new(0xff0000, 0.5));
        assert_eq!(red(&pixmap, 100, 80), 0);
        assert_eq!(red(&pixmap, 19, 80), 128);
        assert_eq!(red(&pixmap, 20, 80), 128);
        assert_eq!(red(&pixmap, 22, 80), 0);
        assert_eq!(red(&pixmap, 17, 80), 0);
        // A corner is square and drawn once, not twice over.
        assert_eq!(red(&pixmap, 19, 9), 128);
        assert_eq!(red(&pixmap, 18, 8), 128);
        assert_eq!(red(&pixmap, 100, 11), 128);
        assert_eq!(red(&pixmap, 100, 150), 128);
    }
}
