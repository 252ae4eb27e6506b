//! The drawn parts of a generated cover: background, star lattice, frame, rosette, title
//! panel and rules, in Islamic geometric style.

use std::sync::OnceLock;

use rayon::prelude::*;
use tiny_skia::{
    FillRule, GradientStop, Paint, Path, PathBuilder, Pixmap, Point, RadialGradient, Rect,
    SpreadMode, Stroke, Transform,
};

use super::{paint, rgba, Palette, H, W};

/// Side of one cell of the star lattice.
const CELL: f32 = 200.0;

/// Dark at the top to lighter below, with a glow behind the panel and a darker rim, which
/// pulls the eye to the title and keeps the cover apart from a white store page.
///
/// Computed here row by row rather than filled through the rasteriser's shader pipeline: the
/// vertical gradient is one colour per row, and only the glow needs a distance per pixel
/// (the two were a fifth of a drawn cover's time as full-canvas gradient fills).
pub(super) fn background(pixmap: &mut Pixmap, c: Palette, panel: Rect) {
    let channels = |hex: u32| [16, 8, 0].map(|shift| ((hex >> shift) & 0xff) as f32 / 255.0);
    let (top, bottom, glow) = (
        channels(c.sky_top),
        channels(c.sky_bottom),
        channels(c.glow),
    );
    let centre_y = panel.top() + panel.height() / 2.0;
    let width = pixmap.width() as usize;
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
        let base = [0, 1, 2].map(|i| f32::from(to_byte(from[i] + (to[i] - from[i]) * f)) / 255.0);
        let dy = fy - centre_y;
        // The glow is symmetric about the middle: each pixel of the left half is mirrored.
        let half = width / 2;
        let (left, right) = row.split_at_mut(half * 4);
        for x in 0..half {
            let dx = x as f32 + 0.5 - W / 2.0;
            let distance = (dx * dx + dy * dy).sqrt();
            // The glow's alpha falls from 0.55 at the centre to 0 at GLOW_RADIUS.
            let alpha = GLOW_ALPHA * (1.0 - distance / GLOW_RADIUS).max(0.0);
            // Three calls, not `[0, 1, 2].map(..)`: in this loop of two million pixels the
            // array map was not always inlined, and cost 7 % of a drawn cover.
            let channel = |i: usize| to_byte(base[i] + (glow[i] - base[i]) * alpha);
            let (r, g, b) = (channel(0), channel(1), channel(2));
            left[x * 4..x * 4 + 4].copy_from_slice(&[r, g, b, 255]);
            let mirror = (half - 1 - x) * 4;
            right[mirror..mirror + 4].copy_from_slice(&[r, g, b, 255]);
        }
    });
}

/// The glow behind the panel: its alpha at the centre, and the radius at which it is gone.
const GLOW_ALPHA: f32 = 0.55;
const GLOW_RADIUS: f32 = 1100.0;

/// A colour channel from 0–1 to 0–255, rounded (`as` saturates outside the range).
fn to_byte(v: f32) -> u8 {
    (v * 255.0 + 0.5) as u8
}

/// A soft pool of the panel's colour, so the publisher's name does not sit on the lattice.
pub(super) fn backdrop(pixmap: &mut Pixmap, c: Palette, cy: f32, text_width: f32) {
    let rx = (text_width / 2.0 + 220.0).min(W / 2.0 - 90.0);
    let stops = vec![
        GradientStop::new(0.0, rgba(c.panel, 0.9)),
        GradientStop::new(0.55, rgba(c.panel, 0.75)),
        GradientStop::new(1.0, rgba(c.panel, 0.0)),
    ];
    // A circle squashed into an ellipse: wide enough for the name, short enough to stay
    // inside the frame.
    let centre = Point::from_xy(0.0, 0.0);
    let squash = Transform::from_row(rx / 160.0, 0.0, 0.0, 1.0, W / 2.0, cy);
    let Some(shader) = RadialGradient::new(centre, centre, 160.0, stops, SpreadMode::Pad, squash)
    else {
        return;
    };
    let p = Paint {
        shader,
        ..Paint::default()
    };
    if let Some(band) = Rect::from_ltrb(80.0, cy - 170.0, W - 80.0, cy + 170.0) {
        pixmap.fill_rect(band, &p, Transform::identity(), None);
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

/// A lattice of stars touching tip to tip, with a small star in each gap between them.
///
/// The lattice repeats every [`CELL`] across and down from the corner, so its coverage is
/// rasterised once, for one cell (with the strokes of the neighbouring cells that reach
/// into it), and blended into every cell; no star centred outside the cover reaches it.
pub(super) fn lattice(pixmap: &mut Pixmap, c: Palette) {
    let alpha = 0.16;
    let gold = [16, 8, 0].map(|shift| ((c.gold >> shift) & 0xff) as f32);
    let width = pixmap.width() as usize;
    let height = pixmap.height() as usize;
    let cell = CELL as usize;
    let data = pixmap.data_mut();
    for &(tx, ty, coverage) in lattice_cell() {
        let a = alpha * f32::from(coverage) / 255.0;
        for y in (usize::from(ty)..height).step_by(cell) {
            for x in (usize::from(tx)..width).step_by(cell) {
                let i = (y * width + x) * 4;
                for (channel, g) in data[i..i + 3].iter_mut().zip(gold) {
                    *channel = (g * a + f32::from(*channel) * (1.0 - a) + 0.5) as u8;
                }
            }
        }
    }
}

/// The lattice's coverage over one cell, as (x, y, coverage 0–255) for every pixel it
/// touches; rasterised once per process.
fn lattice_cell() -> &'static [(u16, u16, u8)] {
    static CELL_COVERAGE: OnceLock<Vec<(u16, u16, u8)>> = OnceLock::new();
    CELL_COVERAGE.get_or_init(|| {
        let side = CELL as u32;
        let Some(mut tile) = Pixmap::new(side, side) else {
            return Vec::new();
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
        tile.pixels()
            .iter()
            .enumerate()
            .filter(|(_, px)| px.alpha() > 0)
            .map(|(i, px)| {
                (
                    (i as u32 % side) as u16,
                    (i as u32 / side) as u16,
                    px.alpha(),
                )
            })
            .collect()
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
        if let Some(rect) = Rect::from_ltrb(inset, inset, W - inset, H - inset) {
            stroke(
                pixmap,
                Some(PathBuilder::from_rect(rect)),
                c.gold,
                alpha,
                width,
            );
        }
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
    let notch = 80.0;
    fill(
        pixmap,
        notched(
            r.left(),
            r.top() + 18.0,
            r.right(),
            r.bottom() + 18.0,
            notch,
        ),
        0x000000,
        0.45,
    );
    fill(
        pixmap,
        notched(r.left(), r.top(), r.right(), r.bottom(), notch),
        c.panel,
        0.94,
    );
    for (inset, width, alpha) in [(8.0, 6.0, 1.0), (22.0, 1.6, 0.8), (44.0, 2.4, 0.7)] {
        let path = notched(
            r.left() + inset,
            r.top() + inset,
            r.right() - inset,
            r.bottom() - inset,
            notch,
        );
        stroke(pixmap, path, c.gold, alpha, width);
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

/// A rectangle with concave quarter-circle corners of radius `n`.
fn notched(l: f32, t: f32, r: f32, b: f32, n: f32) -> Option<Path> {
    // Cubic Bézier control distance for a quarter circle.
    let k = n * 0.552_284_8;
    let mut pb = PathBuilder::new();
    pb.move_to(l + n, t);
    pb.line_to(r - n, t);
    pb.cubic_to(r - n, t + k, r - k, t + n, r, t + n);
    pb.line_to(r, b - n);
    pb.cubic_to(r - k, b - n, r - n, b - k, r - n, b);
    pb.line_to(l + n, b);
    pb.cubic_to(l + n, b - k, l + k, b - n, l, b - n);
    pb.line_to(l, t + n);
    pb.cubic_to(l + k, t + n, l + n, t + k, l + n, t);
    pb.close();
    pb.finish()
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
