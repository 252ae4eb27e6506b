//! Draws the sample book's cover (`covers/sample.jpg`): a 1600 × 2560 JPEG with the sample's
//! title and author on its plaque, so a library view shows which book it is.
//!
//! Usage: `cargo run --release --example make_cover -- [OUT.jpg] [PREVIEW.png]`
//!
//! The picture is computed from formulas, with no randomness; the title is the first line of
//! `book/article.txt` (the sample's title), set by warraq's own typesetter in the Noto Naskh
//! Arabic the tests pin (`tests/fixtures/covers/fonts`), never a system font. So the same
//! program always writes the same bytes and the cover can be regenerated instead of stored
//! as an opaque binary. Shapes are drawn from distance functions: each pixel's coverage is
//! derived from its distance to the shape's edge, which anti-aliases every line and curve
//! without supersampling the whole canvas.

use std::f32::consts::FRAC_1_SQRT_2;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::{ExtendedColorType, RgbImage};
use warraq_cover::fonts::FONT_DIRS_VAR;
use warraq_cover::typeset::{Style, Typesetter};

/// Amazon KDP's ideal ebook cover: 1:1.6, large enough for every store's thumbnailer.
const WIDTH: usize = 1600;
const HEIGHT: usize = 2560;
/// High enough that the fine pattern lines survive, low enough to stay well under 1.5 MB.
const QUALITY: u8 = 88;
const PREVIEW_WIDTH: u32 = 400;

/// Where the sky meets the desert; the river is drawn from here down.
const HORIZON: f32 = 1790.0;
/// Side of one square cell of the star pattern.
const CELL: f32 = 200.0;

type Rgb = [f32; 3];

/// `#rrggbb` as floats in 0..=1. Blending stays in sRGB space, as in most design tools, so
/// the colours picked here by eye mix the way they looked when picked.
const fn hex(c: u32) -> Rgb {
    [
        ((c >> 16) & 0xff) as f32 / 255.0,
        ((c >> 8) & 0xff) as f32 / 255.0,
        (c & 0xff) as f32 / 255.0,
    ]
}

const GOLD: Rgb = hex(0xd9b36c);
const PALE_GOLD: Rgb = hex(0xf1dcaa);
const PANEL: Rgb = hex(0x0b1533);

struct Canvas {
    px: Vec<Rgb>,
}

impl Canvas {
    /// Blends a layer over the rows `y0..y1`; `f` returns the layer's colour and coverage at a
    /// pixel centre. Restricting rows matters: most layers only touch a band of the cover.
    fn paint(&mut self, y0: usize, y1: usize, f: impl Fn(f32, f32) -> (Rgb, f32)) {
        for y in y0..y1.min(HEIGHT) {
            for x in 0..WIDTH {
                let (c, a) = f(x as f32 + 0.5, y as f32 + 0.5);
                if a > 0.0 {
                    let a = a.min(1.0);
                    let p = &mut self.px[y * WIDTH + x];
                    *p = mix(*p, c, a);
                }
            }
        }
    }
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Coverage of a line of half-width `hw` at distance `d` from its centre: a one-pixel ramp
/// at each edge is what makes it look smooth rather than stair-stepped.
fn stroke(d: f32, hw: f32) -> f32 {
    (hw + 0.5 - d.abs()).clamp(0.0, 1.0)
}

/// Coverage of a filled shape given its signed distance (negative inside).
fn fill(d: f32) -> f32 {
    (0.5 - d).clamp(0.0, 1.0)
}

/// Exact signed distance to an axis-aligned box of half-size `(bx, by)` centred at the origin.
fn sd_box(x: f32, y: f32, bx: f32, by: f32) -> f32 {
    let qx = x.abs() - bx;
    let qy = y.abs() - by;
    qx.max(0.0).hypot(qy.max(0.0)) + qx.max(qy).min(0.0)
}

fn rot45(x: f32, y: f32) -> (f32, f32) {
    ((x - y) * FRAC_1_SQRT_2, (x + y) * FRAC_1_SQRT_2)
}

/// Distance to the lines of an eight-pointed star (khatam) made of two overlapping squares.
/// Both squares are kept whole, so their crossings draw the octagon inside the star too.
fn khatam(x: f32, y: f32, half: f32) -> f32 {
    let a = sd_box(x, y, half, half);
    let (rx, ry) = rot45(x, y);
    let b = sd_box(rx, ry, half, half);
    a.abs().min(b.abs())
}

/// Signed distance to a filled eight-pointed star, for the small solid ornaments.
fn sd_star(x: f32, y: f32, half: f32) -> f32 {
    let (rx, ry) = rot45(x, y);
    sd_box(x, y, half, half).min(sd_box(rx, ry, half, half))
}

/// A deterministic hash in [0, 1): the film grain and the stars need scatter, not randomness.
fn hash(x: u32, y: u32) -> f32 {
    let mut h = x.wrapping_mul(0x9e37_79b1) ^ y.wrapping_mul(0x85eb_ca77);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 12;
    h = h.wrapping_mul(0x297a_2d39);
    h ^= h >> 15;
    (h >> 8) as f32 / (1u32 << 24) as f32
}

/// Night sky at the top through a dusk glow to desert sand at the foot.
fn background(c: &mut Canvas) {
    const STOPS: [(f32, u32); 8] = [
        (0.00, 0x050a1c),
        (0.28, 0x0d1a40),
        (0.50, 0x1f2d5e),
        (0.62, 0x4a4470),
        (0.68, 0x9a6d72),
        (0.70, 0xd9a36e),
        (0.74, 0xcfa66e),
        (1.00, 0xa77a45),
    ];
    c.paint(0, HEIGHT, |x, y| {
        let t = y / HEIGHT as f32;
        let i = STOPS.iter().rposition(|s| s.0 <= t).unwrap_or(0);
        let col = if i + 1 < STOPS.len() {
            let (t0, c0) = STOPS[i];
            let (t1, c1) = STOPS[i + 1];
            mix(hex(c0), hex(c1), smoothstep(t0, t1, t))
        } else {
            hex(STOPS[i].1)
        };
        // Darkening the edges pulls the eye to the panel and separates the cover from a white
        // store page.
        let dx = (x / WIDTH as f32 - 0.5) * 2.0;
        let dy = (t - 0.45) * 1.6;
        let vignette = 1.0 - 0.28 * smoothstep(0.5, 1.6, dx.hypot(dy));
        (
            [col[0] * vignette, col[1] * vignette, col[2] * vignette],
            1.0,
        )
    });
}

/// A sprinkle of faint stars; kept sparse and dim so they read as sky, not noise.
fn stars(c: &mut Canvas) {
    let mut points = Vec::new();
    for i in 0..140u32 {
        let x = hash(i, 7) * WIDTH as f32;
        let y = hash(i, 13).powf(1.4) * HORIZON * 0.75;
        let r = 0.8 + 1.6 * hash(i, 29).powi(3);
        let a = 0.35 + 0.65 * hash(i, 31);
        points.push((x, y, r, a));
    }
    for (sx, sy, r, a) in points {
        let y0 = (sy - r - 2.0).max(0.0) as usize;
        let y1 = (sy + r + 2.0) as usize;
        c.paint(y0, y1, |x, y| {
            let d = (x - sx).hypot(y - sy) - r;
            (PALE_GOLD, fill(d) * a * (1.0 - y / HORIZON))
        });
    }
}

/// The star-and-cross tessellation over the sky, fading out before the horizon so the
/// geometry belongs to the heavens and the land stays plain.
fn pattern(c: &mut Canvas) {
    // Stars of circumradius CELL / 2 touch tip to tip, which leaves the crosses between them.
    let half = CELL / 2.0 * FRAC_1_SQRT_2;
    c.paint(0, HORIZON as usize, |x, y| {
        let fade = 1.0 - smoothstep(1150.0, HORIZON - 120.0, y);
        if fade <= 0.0 {
            return (GOLD, 0.0);
        }
        let px = x - WIDTH as f32 / 2.0;
        let py = y - 140.0;
        let qx = px - (px / CELL).round() * CELL;
        let qy = py - (py / CELL).round() * CELL;
        // Strapwork: each line is a band drawn as two thin rules, as in carved or inlaid work.
        let d = khatam(qx, qy, half);
        let mut a = stroke(d - 4.5, 0.9);
        // A small star in each cross gap and one inside each octagon fill the empty spaces
        // the eye would otherwise read as holes.
        let cx = px - ((px - CELL / 2.0) / CELL).round() * CELL - CELL / 2.0;
        let cy = py - ((py - CELL / 2.0) / CELL).round() * CELL - CELL / 2.0;
        a = a.max(stroke(khatam(cx, cy, CELL * 0.085), 0.8));
        a = a.max(stroke(khatam(qx, qy, half * 0.42), 0.7) * 0.8);
        (GOLD, a * 0.26 * fade)
    });
}

/// Low ridges and dunes below the horizon, painted far to near so nearer ones overlap.
fn land(c: &mut Canvas) {
    // Distant ridge: dark and purple-grey, the air between us and it.
    c.paint(HORIZON as usize - 80, HORIZON as usize + 60, |x, y| {
        let top = HORIZON
            - 18.0
            - 22.0 * (x * 0.004 + 1.3).sin().max(0.0)
            - 9.0 * (x * 0.011 + 0.4).sin()
            - 4.0 * (x * 0.031).sin();
        let a = fill(top - y) * (1.0 - smoothstep(HORIZON, HORIZON + 40.0, y));
        (hex(0x6e5566), a * 0.75)
    });
    let dunes: [(f32, f32, f32, f32, u32); 4] = [
        (HORIZON + 40.0, 18.0, 0.0031, 0.3, 0xc99e68),
        (HORIZON + 170.0, 34.0, 0.0024, 2.1, 0xc49660),
        (HORIZON + 370.0, 52.0, 0.0019, 4.0, 0xb98a53),
        (HORIZON + 600.0, 70.0, 0.0015, 5.6, 0xa97a46),
    ];
    for (base, amp, freq, phase, col) in dunes {
        let y0 = (base - amp * 1.6) as usize;
        c.paint(y0, HEIGHT, |x, y| {
            let u = x * freq + phase;
            let top = base - amp * u.sin() - amp * 0.35 * (u * 2.7).cos();
            let slope = -amp * freq * (u.cos() - 0.945 * (u * 2.7).sin());
            let d = top - y;
            // Light from the west: slopes facing it are lit, the others fall into shade, and
            // the crest itself catches a soft rim of the last light.
            let depth = (y - top).max(0.0);
            let body = mix(
                hex(col),
                hex(0x8f6638),
                smoothstep(0.0, 260.0, depth) * 0.35,
            );
            let body = mix(body, hex(0x7d5a35), (slope * 3.0).clamp(0.0, 1.0) * 0.25);
            let rim = (1.0 - smoothstep(0.0, 26.0, depth)) * 0.3;
            (mix(body, hex(0xf0d29a), rim), fill(d))
        });
    }
}

/// The river's centre line and half-width at row `y`, in perspective: a thread at the
/// horizon that widens and swings more as it comes towards the viewer.
fn river_at(y: f32) -> (f32, f32) {
    let t = ((y - HORIZON) / (HEIGHT as f32 - HORIZON)).max(0.0);
    let cx = WIDTH as f32 * 0.52 + (20.0 + 360.0 * t) * (1.9 + 7.5 * t.sqrt()).sin();
    (cx, 3.0 + 210.0 * t.powf(1.35))
}

/// Where a pixel sits relative to the river: signed distance to the nearer bank (negative
/// in the water), offset from the centre line, half-width, and nearness (0 at the horizon).
fn river_geometry(x: f32, y: f32) -> (f32, f32, f32, f32) {
    let (cx, hw) = river_at(y);
    let (cx2, _) = river_at(y + 1.0);
    // Horizontal distance shrinks by the slope's cosine to give the true distance to the
    // bank, so the edge stays equally soft where the river runs nearly sideways.
    let cos = 1.0 / (1.0 + (cx2 - cx).powi(2)).sqrt();
    let across = x - cx;
    let t = ((y - HORIZON) / (HEIGHT as f32 - HORIZON)).clamp(0.0, 1.0);
    ((across.abs() - hw) * cos, across, hw, t)
}

/// The river fades in over its first stretch so it rises out of the haze instead of ending
/// in a sharp tip on the horizon.
fn emerge(t: f32) -> f32 {
    smoothstep(0.0, 0.09, t)
}

/// The Euphrates, drawn as a soft sinuous band between strips of riverside green, the
/// only green for miles in that desert and what makes the band read as a river.
fn river(c: &mut Canvas) {
    let rows = HORIZON as usize - 4;
    c.paint(rows, HEIGHT, |x, y| {
        let (d, across, _, t) = river_geometry(x, y);
        // Rounded bumps along the bank are tree crowns seen from afar; they shrink with
        // distance like the river does.
        let reach = 3.0 + 50.0 * t;
        let freq = 0.035 + 0.05 * (1.0 - t);
        let crowns = 0.75 + 0.25 * (y * freq + across.signum() * 1.3).sin();
        let green = mix(hex(0x3a4521), hex(0x6f7440), smoothstep(0.0, reach, d));
        let edge = 1.0 - smoothstep(reach * crowns * 0.55, reach * crowns, d);
        (green, edge * (0.55 + 0.35 * t) * emerge(t))
    });
    c.paint(rows, HEIGHT, |x, y| {
        let (d, across, hw, t) = river_geometry(x, y);
        let soft = 1.0 + 2.0 * t;
        let inside = ((-d + soft * 0.5) / soft).clamp(0.0, 1.0);
        if inside <= 0.0 {
            return ([0.0; 3], 0.0);
        }
        // Far water mirrors the horizon glow, near water the night sky above it.
        let water = mix(hex(0xd6a57a), hex(0x4d6e86), smoothstep(0.0, 0.3, t));
        let water = mix(water, hex(0x1c435c), smoothstep(0.25, 0.9, t));
        let rel = across / hw.max(1.0);
        let water = mix(water, hex(0x3b7890), 0.45 * (1.0 - rel.abs()).powi(2) * t);
        // Soft, broken sheens of reflected sky suggest current without drawing any line
        // that could read as a road marking.
        let mut shine = 0.0f32;
        for (k, off) in [-0.45f32, 0.1, 0.5].into_iter().enumerate() {
            let k = k as f32;
            let wobble = 0.15 * (y * 0.009 + k * 2.1).sin();
            let band = (-((rel - off - wobble) / 0.09).powi(2)).exp();
            let gate = smoothstep(0.2, 0.9, (y * (0.011 + 0.003 * k) + k * 1.7).sin());
            shine = shine.max(band * gate);
        }
        (
            mix(water, hex(0xc8dcdc), shine * 0.22 * t.sqrt()),
            inside * emerge(t),
        )
    });
}

/// Dusty air along the horizon: it swallows the far end of the river and the foot of the
/// ridge, which is what makes them look distant rather than cut off.
fn haze(c: &mut Canvas) {
    let y0 = HORIZON as usize - 120;
    c.paint(y0, y0 + 320, |_, y| {
        let k = (y - HORIZON - 12.0) / if y < HORIZON { 70.0 } else { 55.0 };
        (hex(0xe0ac78), 0.6 * (-k * k).exp())
    });
}

/// Signed distance to the title cartouche: a box whose corners are bitten by quarter circles,
/// the classic shape of a manuscript title panel.
fn sd_cartouche(x: f32, y: f32, bx: f32, by: f32, notch: f32) -> f32 {
    let ax = x.abs();
    let ay = y.abs();
    let corner = (ax - bx).hypot(ay - by) - notch;
    sd_box(x, y, bx, by).max(-corner)
}

/// The title panel's centre and half sizes.
const CX: f32 = WIDTH as f32 / 2.0;
const CY: f32 = 930.0;
const BX: f32 = 540.0;
const BY: f32 = 300.0;
const NOTCH: f32 = 70.0;

/// The sample's author, as `book/book.toml` names it.
const AUTHOR: &str = "فريق التحرير";

/// The title panel in the upper-middle of the cover, solid enough that the title set on it
/// does not fight the pattern behind.
fn cartouche(c: &mut Canvas) {
    let y0 = (CY - BY - 120.0) as usize;
    let y1 = (CY + BY + 120.0) as usize;
    // A soft shadow lifts the panel off the sky.
    c.paint(y0, y1, |x, y| {
        let d = sd_cartouche(x - CX, y - CY - 14.0, BX, BY, NOTCH);
        (hex(0x02040c), (1.0 - smoothstep(-20.0, 60.0, d)) * 0.5)
    });
    c.paint(y0, y1, |x, y| {
        let (lx, ly) = (x - CX, y - CY);
        let d = sd_cartouche(lx, ly, BX, BY, NOTCH);
        // Slightly lighter at the centre, as if lit from the front.
        let glow = 1.0 - smoothstep(0.0, 1.0, (lx / BX).hypot(ly / BY * 0.8));
        let body = mix(PANEL, hex(0x1a2750), glow * 0.6);
        (body, fill(d) * 0.93)
    });
    c.paint(y0, y1, |x, y| {
        let (lx, ly) = (x - CX, y - CY);
        let d = sd_cartouche(lx, ly, BX, BY, NOTCH);
        // A heavy outer rule, a hairline inside it and a thin inner rule: the layered frame of
        // an illuminated heading.
        let mut a = stroke(d + 6.0, 3.2);
        a = a.max(stroke(d + 18.0, 1.0) * 0.8);
        a = a.max(stroke(d + 40.0, 1.4) * 0.7);
        // Small stars at the four notches and at the middles of the long sides.
        for (sx, sy) in [
            (BX - NOTCH * 0.15, BY - NOTCH * 0.15),
            (0.0, BY + 6.0),
            (0.0, -BY - 6.0),
        ] {
            let ds = sd_star(lx.abs() - sx, ly.abs() - sy, 16.0);
            a = a.max(fill(ds));
        }
        // Half rings cradle the middle stars outside the panel, echoing a manuscript's
        // heading medallions.
        if ly.abs() > BY {
            let ring = lx.hypot(ly.abs() - BY - 6.0) - 30.0;
            a = a.max(stroke(ring, 1.2) * 0.8);
        }
        (GOLD, a)
    });
}

/// A double rule around the whole cover with stars at the corners, so the cover reads as a
/// bound book even as a small thumbnail.
fn frame(c: &mut Canvas) {
    let hx = WIDTH as f32 / 2.0;
    let hy = HEIGHT as f32 / 2.0;
    c.paint(0, HEIGHT, |x, y| {
        let (lx, ly) = (x - hx, y - hy);
        let d = sd_box(lx, ly, hx - 60.0, hy - 60.0);
        let (cx, cy) = (lx.abs() - (hx - 60.0), ly.abs() - (hy - 60.0));
        let r = cx.hypot(cy);
        // The rules stop short of each corner star so it sits in its own ring, not on a cross.
        let clear = smoothstep(38.0, 44.0, r);
        let mut a = (stroke(d, 2.4).max(stroke(d + 14.0, 0.8) * 0.8)) * clear;
        a = a.max(fill(sd_star(cx, cy, 20.0)));
        a = a.max(stroke(r - 34.0, 1.0) * 0.7);
        (GOLD, a * 0.85)
    });
}

fn to_image(c: &Canvas) -> RgbImage {
    let mut img = RgbImage::new(WIDTH as u32, HEIGHT as u32);
    for (i, p) in img.pixels_mut().enumerate() {
        let (x, y) = ((i % WIDTH) as u32, (i / WIDTH) as u32);
        // Half a level of grain hides the banding a smooth gradient gets from 8-bit output.
        let grain = hash(x, y) - 0.5;
        let v = c.px[i];
        for (ch, &value) in p.0.iter_mut().zip(v.iter()) {
            *ch = (value * 255.0 + grain).round().clamp(0.0, 255.0) as u8;
        }
    }
    img
}

/// Sets the sample's title and author on the plaque, centred in it, in pale gold and gold.
fn title(img: &mut RgbImage) -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = std::fs::read_to_string(root.join("book/article.txt"))?;
    let title = article
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .ok_or("book/article.txt is empty")?;
    // Only the pinned fonts, so no machine's fonts change the bytes.
    std::env::set_var(FONT_DIRS_VAR, root.join("tests/fixtures/covers/fonts"));
    let bold = std::fs::read(root.join("tests/fixtures/covers/fonts/NotoNaskhArabic-Bold.ttf"))?;
    let mut ts = Typesetter::new(
        &format!("{title} {AUTHOR}"),
        Some(std::sync::Arc::new(bold)),
        "ar",
    )?;
    let width = 2.0 * (BX - NOTCH) - 60.0;
    let style = |size, bold| Style {
        size,
        leading: 1.5,
        bold,
    };
    let heading = ts.fit(title, style(110.0, true), width, 3, 56.0);
    let byline = ts.fit(AUTHOR, style(60.0, false), width, 1, 40.0);
    let gap = 50.0;
    let mut y = CY - (heading.height + gap + byline.height) / 2.0;
    let left = CX - width / 2.0;
    for (block, colour) in [(&heading, PALE_GOLD), (&byline, GOLD)] {
        let ink = colour.map(|c| c * 255.0);
        ts.draw(block, left, y, width, &mut |x, py, a| {
            if x < 0 || py < 0 || x >= WIDTH as i32 || py >= HEIGHT as i32 || a == 0 {
                return;
            }
            let pixel = img.get_pixel_mut(x as u32, py as u32);
            let a = f32::from(a) / 255.0;
            for (channel, value) in pixel.0.iter_mut().zip(ink) {
                *channel = (f32::from(*channel) * (1.0 - a) + value * a).round() as u8;
            }
        });
        y += block.height + gap;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .unwrap_or_else(|| "covers/sample.jpg".to_owned());
    let preview = args.next();

    let mut canvas = Canvas {
        px: vec![[0.0; 3]; WIDTH * HEIGHT],
    };
    background(&mut canvas);
    stars(&mut canvas);
    pattern(&mut canvas);
    land(&mut canvas);
    river(&mut canvas);
    haze(&mut canvas);
    cartouche(&mut canvas);
    frame(&mut canvas);
    let mut img = to_image(&canvas);
    title(&mut img)?;

    if let Some(dir) = Path::new(&out).parent() {
        std::fs::create_dir_all(dir)?;
    }
    // The encoder writes no EXIF unless asked, so there is no orientation tag to confuse
    // readers; it always writes baseline (not progressive) JPEG, which every reader accepts.
    let mut writer = BufWriter::new(File::create(&out)?);
    JpegEncoder::new_with_quality(&mut writer, QUALITY).encode(
        img.as_raw(),
        WIDTH as u32,
        HEIGHT as u32,
        ExtendedColorType::Rgb8,
    )?;
    writer.flush()?;

    if let Some(preview) = preview {
        let h = PREVIEW_WIDTH * HEIGHT as u32 / WIDTH as u32;
        imageops::resize(&img, PREVIEW_WIDTH, h, FilterType::Lanczos3).save(&preview)?;
    }
    Ok(())
}
