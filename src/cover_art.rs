//! A cover drawn for a book that has none: a patterned night-sky background, a framed title
//! panel, and the title, authors and publisher set with real shaping (see `typeset`).

use std::sync::Arc;

use image::RgbImage;
use tiny_skia::{
    Color, FillRule, GradientStop, LinearGradient, Paint, Path, PathBuilder, Pixmap, Point,
    RadialGradient, Rect, SpreadMode, Stroke, Transform,
};

use crate::error::{Error, Result};
use crate::typeset::{Block, Style, Typesetter};

/// Amazon KDP's ideal e-book cover, 1:1.6.
pub const WIDTH: u32 = 1600;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 2560;

const W: f32 = WIDTH as f32;
const H: f32 = HEIGHT as f32;
/// Side of one cell of the star lattice.
const CELL: f32 = 200.0;
/// The title panel's width, and the width its text is set in.
const PANEL_W: f32 = 1280.0;
const TEXT_W: f32 = 1060.0;

/// What a generated cover says.
#[derive(Debug, Clone)]
pub struct CoverText {
    /// The title, set large in the panel.
    pub title: String,
    /// The authors, joined as the book's language joins a list.
    pub authors: Option<String>,
    /// The publisher, at the foot.
    pub publisher: Option<String>,
    /// The book's language tag, which steers font fallback.
    pub locale: String,
}

/// The colours of one cover; which one a book gets depends on its title.
#[derive(Debug, Clone, Copy)]
struct Palette {
    sky_top: u32,
    sky_bottom: u32,
    glow: u32,
    panel: u32,
    gold: u32,
    ink: u32,
}

const PALETTES: [Palette; 4] = [
    // Night blue and gold.
    Palette {
        sky_top: 0x060b1e,
        sky_bottom: 0x1c2a5a,
        glow: 0x3a4f8f,
        panel: 0x0b1533,
        gold: 0xd9b36c,
        ink: 0xf6ead0,
    },
    // Deep teal and copper.
    Palette {
        sky_top: 0x03191a,
        sky_bottom: 0x0f4a4a,
        glow: 0x2a7a72,
        panel: 0x062826,
        gold: 0xd79a62,
        ink: 0xf7e9d6,
    },
    // Burgundy and gold.
    Palette {
        sky_top: 0x1a0409,
        sky_bottom: 0x5a1424,
        glow: 0x8a3040,
        panel: 0x2a0710,
        gold: 0xe0b870,
        ink: 0xfaeedb,
    },
    // Forest green and brass.
    Palette {
        sky_top: 0x06140b,
        sky_bottom: 0x1d4a2c,
        glow: 0x3f7a4c,
        panel: 0x0a2213,
        gold: 0xd5bd74,
        ink: 0xf4f0d8,
    },
];

/// Which palette a title gets: stable across builds (FNV-1a of the title).
fn palette(title: &str) -> Palette {
    let hash = title.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    PALETTES[(hash % PALETTES.len() as u32) as usize]
}

fn rgba(hex: u32, alpha: f32) -> Color {
    let c = |shift: u32| ((hex >> shift) & 0xff) as f32 / 255.0;
    Color::from_rgba(c(16), c(8), c(0), alpha.clamp(0.0, 1.0)).unwrap_or(Color::BLACK)
}

fn paint(hex: u32, alpha: f32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(rgba(hex, alpha));
    paint.anti_alias = true;
    paint
}

/// Draws the cover for `text`, with `font` (a font file's bytes) first in line for the text.
pub fn draw(text: &CoverText, font: Option<Arc<Vec<u8>>>) -> Result<RgbImage> {
    let all = [
        text.title.as_str(),
        text.authors.as_deref().unwrap_or(""),
        text.publisher.as_deref().unwrap_or(""),
    ]
    .join(" ");
    let mut ts = Typesetter::new(&all, font, &text.locale)?;
    let colours = palette(&text.title);
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| Error::Internal("cannot allocate the cover's canvas".into()))?;

    let title = ts.fit(
        &text.title,
        Style {
            size: 150.0,
            leading: 1.45,
            bold: true,
        },
        TEXT_W,
        4,
        64.0,
    );
    let authors = text.authors.as_deref().map(|a| {
        let style = Style {
            size: 66.0,
            leading: 1.5,
            bold: false,
        };
        ts.fit(a, style, TEXT_W, 2, 40.0)
    });
    // The panel grows with the text it holds; its centre stays in the upper middle, where a
    // thumbnail shows it largest.
    let rule_gap = 150.0;
    let inner = title.height + authors.as_ref().map_or(0.0, |a| rule_gap + a.height);
    let panel_h = (inner + 280.0).max(760.0);
    let panel_top = (1080.0 - panel_h / 2.0).max(230.0);
    let panel = Rect::from_xywh((W - PANEL_W) / 2.0, panel_top, PANEL_W, panel_h)
        .ok_or_else(|| Error::Internal("the cover panel has no size".into()))?;

    background(&mut pixmap, colours, panel);
    lattice(&mut pixmap, colours);
    frame(&mut pixmap, colours);
    medallion(
        &mut pixmap,
        colours,
        W / 2.0,
        (panel.bottom() + 2230.0) / 2.0,
    );
    cartouche(&mut pixmap, colours, panel);

    let mut y = panel.top() + (panel_h - inner) / 2.0;
    set(&mut ts, &mut pixmap, &title, y, colours.ink);
    y += title.height;
    if let Some(authors) = &authors {
        divider(&mut pixmap, colours, y + rule_gap / 2.0, 200.0);
        y += rule_gap;
        set(&mut ts, &mut pixmap, authors, y, colours.gold);
    }
    if let Some(publisher) = text.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        let style = Style {
            size: 58.0,
            leading: 1.4,
            bold: false,
        };
        let block = ts.fit(publisher, style, TEXT_W, 1, 30.0);
        let top = 2330.0 - block.height;
        backdrop(
            &mut pixmap,
            colours,
            top + block.height / 2.0 - 20.0,
            block.width,
        );
        divider(&mut pixmap, colours, top - 40.0, 120.0);
        set(&mut ts, &mut pixmap, &block, top, colours.gold);
    }
    Ok(to_rgb(&pixmap))
}

/// Sets `block` centred across the cover with its top at `y`, blending `colour` by coverage.
fn set(ts: &mut Typesetter, pixmap: &mut Pixmap, block: &Block, y: f32, colour: u32) {
    let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
    let ink = [(colour >> 16) & 0xff, (colour >> 8) & 0xff, colour & 0xff];
    let data = pixmap.data_mut();
    ts.draw(block, (W - TEXT_W) / 2.0, y, TEXT_W, &mut |x, y, a| {
        if x < 0 || y < 0 || x >= w || y >= h || a == 0 {
            return;
        }
        let i = (y as usize * w as usize + x as usize) * 4;
        let a = u32::from(a);
        for (channel, &value) in data[i..i + 3].iter_mut().zip(&ink) {
            *channel = ((u32::from(*channel) * (255 - a) + value * a + 127) / 255) as u8;
        }
    });
}

/// Dark at the top to lighter below, with a glow behind the panel and a darker rim, which
/// pulls the eye to the title and keeps the cover apart from a white store page.
fn background(pixmap: &mut Pixmap, c: Palette, panel: Rect) {
    let stops = vec![
        GradientStop::new(0.0, rgba(c.sky_top, 1.0)),
        GradientStop::new(0.55, rgba(c.sky_bottom, 1.0)),
        GradientStop::new(1.0, rgba(c.sky_top, 1.0)),
    ];
    let mut p = Paint::default();
    if let Some(shader) = LinearGradient::new(
        Point::from_xy(0.0, 0.0),
        Point::from_xy(0.0, H),
        stops,
        SpreadMode::Pad,
        Transform::identity(),
    ) {
        p.shader = shader;
    }
    if let Some(all) = Rect::from_xywh(0.0, 0.0, W, H) {
        pixmap.fill_rect(all, &p, Transform::identity(), None);
        let centre = Point::from_xy(W / 2.0, panel.top() + panel.height() / 2.0);
        let glow = vec![
            GradientStop::new(0.0, rgba(c.glow, 0.55)),
            GradientStop::new(1.0, rgba(c.glow, 0.0)),
        ];
        if let Some(shader) = RadialGradient::new(
            centre,
            centre,
            1100.0,
            glow,
            SpreadMode::Pad,
            Transform::identity(),
        ) {
            p.shader = shader;
            pixmap.fill_rect(all, &p, Transform::identity(), None);
        }
    }
}

/// A soft pool of the panel's colour, so the publisher's name does not sit on the lattice.
fn backdrop(pixmap: &mut Pixmap, c: Palette, cy: f32, text_width: f32) {
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
fn lattice(pixmap: &mut Pixmap, c: Palette) {
    let mut pb = PathBuilder::new();
    let r = CELL / 2.0;
    let (cols, rows) = ((W / CELL) as i32 + 1, (H / CELL) as i32 + 1);
    for row in 0..=rows {
        for col in 0..=cols {
            let (x, y) = (col as f32 * CELL, row as f32 * CELL);
            khatam(&mut pb, x, y, r);
            khatam(&mut pb, x, y, r * 0.42);
            khatam(&mut pb, x + CELL / 2.0, y + CELL / 2.0, CELL * 0.12);
        }
    }
    stroke(pixmap, pb.finish(), c.gold, 0.16, 2.2);
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
fn frame(pixmap: &mut Pixmap, c: Palette) {
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
    let mut stars = PathBuilder::new();
    for (x, y) in [
        (60.0, 60.0),
        (W - 60.0, 60.0),
        (60.0, H - 60.0),
        (W - 60.0, H - 60.0),
    ] {
        khatam(&mut stars, x, y, 30.0);
    }
    fill(pixmap, stars.finish(), c.panel, 1.0);
    let mut stars = PathBuilder::new();
    for (x, y) in [
        (60.0, 60.0),
        (W - 60.0, 60.0),
        (60.0, H - 60.0),
        (W - 60.0, H - 60.0),
    ] {
        khatam(&mut stars, x, y, 26.0);
    }
    fill(pixmap, stars.finish(), c.gold, 1.0);
}

/// A rosette of nested stars and rings between the panel and the publisher.
fn medallion(pixmap: &mut Pixmap, c: Palette, cx: f32, cy: f32) {
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
fn cartouche(pixmap: &mut Pixmap, c: Palette, r: Rect) {
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
fn divider(pixmap: &mut Pixmap, c: Palette, y: f32, half: f32) {
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

/// The pixels as RGB: every one is opaque, so premultiplied and straight colour agree.
fn to_rgb(pixmap: &Pixmap) -> RgbImage {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    RgbImage::from_raw(pixmap.width(), pixmap.height(), rgb).unwrap_or_default()
}
