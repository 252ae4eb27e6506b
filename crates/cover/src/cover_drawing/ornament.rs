//! The drawn parts of a generated cover: background, star lattice, frame, rosette, title
//! panel and rules, in Islamic geometric style.

use std::sync::OnceLock;

use rayon::prelude::*;
use tiny_skia::{FillRule, Path, PathBuilder, Pixmap, Rect, Stroke, Transform};

use super::shapes::{self, round, Ink, Notched};
use super::{paint, rgb, Palette, H, W};

/// Side of one cell of the star lattice.
const CELL: f32 = 200.0;

/// Dark at the top to lighter below, with a glow behind the panel and a darker rim, which
/// pulls the eye to the title and keeps the cover apart from a white store page; over it, the
/// star lattice in faint gold.
///
/// Computed here row by row rather than filled through the rasteriser's shader pipeline: the
/// vertical gradient is one colour per row, only the glow needs a distance per pixel, and the
/// lattice repeats every [`CELL`] (the two gradient fills and the lattice's strokes were two
/// thirds of a drawn cover's time through the rasteriser). Each row is written in one pass,
/// a cell's width at a time, so that the loops run over plain arrays and vectorise.
pub(super) fn background(pixmap: &mut Pixmap, c: Palette, panel: Rect) {
    let channels = |hex: u32| rgb(hex).map(|v| f32::from(v) / 255.0);
    let (top, bottom) = (channels(c.sky_top), channels(c.sky_bottom));
    let bytes = |hex: u32| rgb(hex).map(i16::from);
    let (glow, gold) = (bytes(c.glow), bytes(c.gold));
    let centre_y = panel.top() + panel.height() / 2.0;
    let width = pixmap.width() as usize;
    let cell = CELL as usize;
    let coverage = lattice_cell();
    let rows = pixmap.data_mut().par_chunks_exact_mut(width * 4);
    rows.enumerate().for_each(|(y, row)| {
        let fy = y as f32 + 0.5;
        // Stops at 0, 0.55 and 1: sky_top, sky_bottom, sky_top.
        let t = fy / H;
        let (from, to, f) = if t < 0.55 {
            (top, bottom, t / 0.55)
        } else {
            (bottom, top, (t - 0.55) / 0.45)
        };
        let base = [0, 1, 2].map(|i| i16::from(to_byte(from[i] + (to[i] - from[i]) * f)));
        let dy = fy - centre_y;
        // The lattice's alpha in 256ths (at most 41), from its coverage of this row of a cell.
        let mut golds = [0i16; CELL as usize];
        for (gold, &cover) in golds.iter_mut().zip(&coverage[(y % cell) * cell..][..cell]) {
            *gold = i16::from(round(LATTICE_ALPHA * 256.0 * f32::from(cover) / 255.0));
        }
        let mut glows = [0i16; CELL as usize];
        let mut planes = [[0i16; CELL as usize]; 3];
        let mut words = [0u32; CELL as usize];
        // Sky, glow and lattice are symmetric about the middle: the left half is computed,
        // a cell at a time, and each of its pixels mirrored into the right half.
        let (left, right) = row.split_at_mut(width / 2 * 4);
        for (start, pixels) in (0..).step_by(cell).zip(left.chunks_mut(cell * 4)) {
            // The glow's alpha in 128ths: 0.55 at the centre, 0 at GLOW_RADIUS.
            for (i, alpha) in glows.iter_mut().enumerate() {
                let dx = (start + i) as f32 + 0.5 - W / 2.0;
                let distance = (dx * dx + dy * dy).sqrt();
                let alpha_f = GLOW_ALPHA * (1.0 - distance / GLOW_RADIUS).max(0.0);
                *alpha = i16::from(round(alpha_f * 128.0));
            }
            // One channel at a time, in 16-bit fixed point (eight lanes to a vector): the sky
            // with its glow, then the lattice over it.
            for (channel, plane) in planes.iter_mut().enumerate() {
                let (base, rise, gold) =
                    (base[channel], glow[channel] - base[channel], gold[channel]);
                for ((out, &alpha), &a) in plane.iter_mut().zip(&glows).zip(&golds) {
                    let sky = base + ((rise * alpha + 64) >> 7);
                    // At most 255 × 256 + 128: within u16, so computed there.
                    let mixed = (gold as u16) * (a as u16) + (sky as u16) * (256 - a as u16) + 128;
                    *out = (mixed >> 8) as i16;
                }
            }
            // Each pixel as one little-endian word, written with one store per pixel.
            for (x, word) in words.iter_mut().enumerate() {
                let [r, g, b] = [0, 1, 2].map(|c| planes[c][x] as u8);
                *word = u32::from_le_bytes([r, g, b, 255]);
            }
            let mirror = right.len() - start * 4 - pixels.len();
            let mirrored = right[mirror..][..pixels.len()].chunks_exact_mut(4).rev();
            for ((pixel, twin), word) in pixels.chunks_exact_mut(4).zip(mirrored).zip(&words) {
                pixel.copy_from_slice(&word.to_le_bytes());
                twin.copy_from_slice(&word.to_le_bytes());
            }
        }
    });
}

/// The glow behind the panel: its alpha at the centre, and the radius at which it is gone.
const GLOW_ALPHA: f32 = 0.55;
const GLOW_RADIUS: f32 = 1100.0;

/// A colour channel from 0–1 to 0–255, rounded.
fn to_byte(v: f32) -> u8 {
    round(v * 255.0)
}

/// A soft pool of the panel's colour, so the publisher's name does not sit on the lattice: an
/// ellipse wide enough for the name and short enough to stay inside the frame, whose alpha
/// falls from 0.9 at its centre to 0.75 at 0.55 of the way out and to nothing at its rim.
pub(super) fn backdrop(pixmap: &mut Pixmap, c: Palette, cy: f32, text_width: f32) {
    let (rx, ry) = ((text_width / 2.0 + 220.0).min(W / 2.0 - 90.0), 160.0);
    let ink = Ink::new(c.panel, 1.0);
    let width = pixmap.width() as usize;
    let rows = (cy - ry).floor().max(0.0) as usize..((cy + ry).ceil().max(0.0) as usize);
    let rows = rows.start.min(pixmap.height() as usize)..rows.end.min(pixmap.height() as usize);
    let data = pixmap.data_mut();
    for y in rows {
        let dy = (y as f32 + 0.5 - cy) / ry;
        let reach = rx * (1.0 - dy * dy).max(0.0).sqrt();
        let from = (W / 2.0 - reach).floor().max(0.0) as usize;
        let to = ((W / 2.0 + reach).ceil().max(0.0) as usize).min(width);
        for x in from..to {
            let dx = (x as f32 + 0.5 - W / 2.0) / rx;
            let t = (dx * dx + dy * dy).sqrt();
            let alpha = if t < 0.55 {
                0.9 - 0.15 * t / 0.55
            } else {
                0.75 * (1.0 - t) / 0.45
            };
            if alpha > 0.0 {
                ink.pixel(&mut data[(y * width + x) * 4..][..3], alpha);
            }
        }
    }
}

/// Two squares, one turned 45°: the eight-pointed star (khatam) of Islamic geometric art.
fn khatam(pb: &mut PathBuilder, cx: f32, cy: f32, r: f32) {
    for turn in [0.0f32, std::f32::consts::FRAC_PI_4] {
        for k in 0..4 {
            let a = turn + std::f32::consts::FRAC_PI_4 + k as f32 * std::f32::consts::FRAC_PI_2;
            let (x, y) = (cx + r * a.cos(), cy + r * a.sin());
            if k == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        pb.close();
    }
}

/// How strongly the lattice's gold shows over the sky.
const LATTICE_ALPHA: f32 = 0.16;

/// The lattice's coverage over one cell (0–255, row by row), rasterised once per process:
/// its stars touch tip to tip, with a small star in each gap between them. The lattice
/// repeats every [`CELL`] across and down from the corner, so one cell, with the strokes of
/// the neighbouring cells that reach into it, covers the cover; no star centred outside the
/// cover reaches it.
fn lattice_cell() -> &'static [u8] {
    static CELL_COVERAGE: OnceLock<Vec<u8>> = OnceLock::new();
    CELL_COVERAGE.get_or_init(|| {
        let side = CELL as u32;
        let Some(mut tile) = Pixmap::new(side, side) else {
            return vec![0; (side * side) as usize];
        };
        let mut pb = PathBuilder::new();
        let r = CELL / 2.0;
        for row in -1..=1 {
            for col in -1..=1 {
                let (x, y) = (col as f32 * CELL, row as f32 * CELL);
                khatam(&mut pb, x, y, r);
                khatam(&mut pb, x, y, r * 0.42);
                khatam(&mut pb, x + CELL / 2.0, y + CELL / 2.0, CELL * 0.12);
            }
        }
        stroke(&mut tile, pb.finish(), 0xffffff, 1.0, 2.2);
        tile.pixels().iter().map(|px| px.alpha()).collect()
    })
}

fn stroke(pixmap: &mut Pixmap, path: Option<Path>, colour: u32, alpha: f32, width: f32) {
    if let Some(path) = path {
        let s = Stroke {
            width,
            ..Stroke::default()
        };
        pixmap.stroke_path(
            &path,
            &paint(colour, alpha),
            &s,
            Transform::identity(),
            None,
        );
    }
}

fn fill(pixmap: &mut Pixmap, path: Option<Path>, colour: u32, alpha: f32) {
    if let Some(path) = path {
        pixmap.fill_path(
            &path,
            &paint(colour, alpha),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

/// A double rule around the cover with a star at each corner, so it reads as a bound book
/// even as a thumbnail.
pub(super) fn frame(pixmap: &mut Pixmap, c: Palette) {
    for (inset, width, alpha) in [(60.0, 5.0, 0.9), (78.0, 1.6, 0.75)] {
        let rule = Notched {
            left: inset,
            top: inset,
            right: W - inset,
            bottom: H - inset,
            notch: 0.0,
        };
        shapes::stroke(pixmap, rule, width, Ink::new(c.gold, alpha));
    }
    // A star at each corner: a panel-coloured one, and a smaller gold one on it.
    for (radius, colour) in [(30.0, c.panel), (26.0, c.gold)] {
        let mut stars = PathBuilder::new();
        for (x, y) in [
            (60.0, 60.0),
            (W - 60.0, 60.0),
            (60.0, H - 60.0),
            (W - 60.0, H - 60.0),
        ] {
            khatam(&mut stars, x, y, radius);
        }
        fill(pixmap, stars.finish(), colour, 1.0);
    }
}

/// A rosette of nested stars and rings between the panel and the publisher.
pub(super) fn medallion(pixmap: &mut Pixmap, c: Palette, cx: f32, cy: f32) {
    let mut pb = PathBuilder::new();
    for r in [150.0, 105.0] {
        khatam(&mut pb, cx, cy, r);
    }
    if let Some(circle) = PathBuilder::from_circle(cx, cy, 168.0) {
        stroke(pixmap, Some(circle), c.gold, 0.55, 2.0);
    }
    fill(
        pixmap,
        PathBuilder::from_circle(cx, cy, 150.0),
        c.panel,
        0.75,
    );
    stroke(pixmap, pb.finish(), c.gold, 0.8, 3.0);
    let mut core = PathBuilder::new();
    khatam(&mut core, cx, cy, 42.0);
    fill(pixmap, core.finish(), c.gold, 0.9);
}

/// The title panel: a box with its corners bitten by quarter circles, as in a manuscript's
/// heading, with a shadow, a heavy rule, a hairline and an inner rule.
pub(super) fn cartouche(pixmap: &mut Pixmap, c: Palette, r: Rect) {
    let panel = |inset: f32, drop: f32| Notched {
        left: r.left() + inset,
        top: r.top() + inset + drop,
        right: r.right() - inset,
        bottom: r.bottom() - inset + drop,
        notch: 80.0,
    };
    shapes::fill(pixmap, panel(0.0, 18.0), Ink::new(0x000000, 0.45));
    shapes::fill(pixmap, panel(0.0, 0.0), Ink::new(c.panel, 0.94));
    for (inset, width, alpha) in [(8.0, 6.0, 1.0), (22.0, 1.6, 0.8), (44.0, 2.4, 0.7)] {
        shapes::stroke(pixmap, panel(inset, 0.0), width, Ink::new(c.gold, alpha));
    }
    let mut stars = PathBuilder::new();
    let mid = r.left() + r.width() / 2.0;
    for (x, y) in [(mid, r.top() + 8.0), (mid, r.bottom() - 8.0)] {
        khatam(&mut stars, x, y, 22.0);
    }
    for (x, y) in [
        (r.left() + 8.0, r.top() + 8.0),
        (r.right() - 8.0, r.top() + 8.0),
        (r.left() + 8.0, r.bottom() - 8.0),
        (r.right() - 8.0, r.bottom() - 8.0),
    ] {
        khatam(&mut stars, x, y, 16.0);
    }
    fill(pixmap, stars.finish(), c.gold, 1.0);
}

/// A thin rule with a star in the middle, between the title and the authors.
pub(super) fn divider(pixmap: &mut Pixmap, c: Palette, y: f32, half: f32) {
    let cx = W / 2.0;
    let mut rule = PathBuilder::new();
    rule.move_to(cx - half, y);
    rule.line_to(cx - 34.0, y);
    rule.move_to(cx + 34.0, y);
    rule.line_to(cx + half, y);
    stroke(pixmap, rule.finish(), c.gold, 0.85, 2.0);
    let mut star = PathBuilder::new();
    khatam(&mut star, cx, y, 18.0);
    for x in [cx - half, cx + half] {
        khatam(&mut star, x, y, 7.0);
    }
    fill(pixmap, star.finish(), c.gold, 1.0);
}
