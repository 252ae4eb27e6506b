//! A cover drawn for a book that has none: a patterned night-sky background, a framed title
//! panel, and the title, authors and publisher set with real shaping (see `typeset`).

use std::sync::Arc;

use image::RgbaImage;
use tiny_skia::{Color, Paint, Pixmap, Rect};

use warraq_core::error::{Error, Result};

mod ornament;
mod shapes;

use crate::typeset::{Block, Style, Typesetter};
use ornament::{backdrop, background, cartouche, divider, frame, medallion};

/// Amazon KDP's ideal e-book cover, 1:1.6.
pub const WIDTH: u32 = 1600;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 2560;

pub(crate) const W: f32 = WIDTH as f32;
pub(crate) const H: f32 = HEIGHT as f32;
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
    /// An edition's lead headlines, set under the panel as on a front page (where a book's
    /// cover has its medallion).
    pub headlines: Vec<String>,
}

/// The colours of one cover; which one a book gets depends on its title.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Palette {
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

/// The red, green and blue of a colour written `0xRRGGBB`.
pub(crate) fn rgb(hex: u32) -> [u8; 3] {
    let [_, r, g, b] = hex.to_be_bytes();
    [r, g, b]
}

pub(crate) fn rgba(hex: u32, alpha: f32) -> Color {
    let [r, g, b] = rgb(hex).map(|v| f32::from(v) / 255.0);
    Color::from_rgba(r, g, b, alpha.clamp(0.0, 1.0)).unwrap_or(Color::BLACK)
}

pub(crate) fn paint(hex: u32, alpha: f32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(rgba(hex, alpha));
    paint.anti_alias = true;
    paint
}

/// Draws the cover for `text`, with `font` (a font file's bytes) first in line for the text.
/// Every pixel is opaque, so the premultiplied colour the canvas holds is the colour itself.
///
/// ```no_run
/// use warraq_cover::cover_drawing::{draw, CoverText, HEIGHT, WIDTH};
///
/// let text = CoverText {
///     title: "تحرير آخر جيوب داعش".into(),
///     authors: Some("الجزيرة نت".into()),
///     publisher: None,
///     locale: "ar".into(),
///     headlines: Vec::new(),
/// };
/// // The system's fonts are searched for one that sets Arabic.
/// let image = draw(&text, None)?;
/// assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
/// # Ok::<(), warraq_core::Error>(())
/// ```
pub fn draw(text: &CoverText, font: Option<Arc<Vec<u8>>>) -> Result<RgbaImage> {
    let ts = Typesetter::new(&text.all(), font, &text.locale)?;
    draw_with(text, ts)
}

impl CoverText {
    /// Everything the cover says, for choosing a font that has all of it.
    pub(crate) fn all(&self) -> String {
        [
            Some(self.title.as_str()),
            self.authors.as_deref(),
            self.publisher.as_deref(),
        ]
        .into_iter()
        .flatten()
        .chain(self.headlines.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// Draws the cover for `text`, set with `ts`.
fn draw_with(text: &CoverText, mut ts: Typesetter) -> Result<RgbaImage> {
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
    frame(&mut pixmap, colours);
    if text.headlines.is_empty() {
        medallion(
            &mut pixmap,
            colours,
            W / 2.0,
            (panel.bottom() + 2230.0) / 2.0,
        );
    }
    cartouche(&mut pixmap, colours, panel);
    headlines(
        &mut ts,
        &mut pixmap,
        colours,
        &text.headlines,
        panel.bottom(),
    );

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
    RgbaImage::from_raw(WIDTH, HEIGHT, pixmap.take())
        .ok_or_else(|| Error::Internal("the cover's canvas has the wrong size".into()))
}

/// An edition's lead headlines under the panel, one to three as fit above the publisher's
/// line, each at most two lines, a short rule between them.
fn headlines(
    ts: &mut Typesetter,
    pixmap: &mut Pixmap,
    colours: Palette,
    headlines: &[String],
    panel_bottom: f32,
) {
    let style = Style {
        size: 60.0,
        leading: 1.45,
        bold: true,
    };
    let mut y = panel_bottom + 110.0;
    for (i, headline) in headlines.iter().take(3).enumerate() {
        let block = ts.fit(headline, style, TEXT_W, 2, 40.0);
        let gap = if i == 0 { 0.0 } else { 90.0 };
        if y + gap + block.height > 2190.0 {
            break;
        }
        if i > 0 {
            divider(pixmap, colours, y + gap / 2.0, 90.0);
        }
        y += gap;
        set(ts, pixmap, &block, y, colours.gold);
        y += block.height;
    }
}

/// Sets `block` centred across the cover with its top at `y`, blending `colour` by coverage.
fn set(ts: &mut Typesetter, pixmap: &mut Pixmap, block: &Block, y: f32, colour: u32) {
    let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
    let ink = rgb(colour).map(u32::from);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Finding fonts by file name sets every kind of title exactly as reading every font on
    /// the system does: the same family, the same fallback, the same pixels.
    #[test]
    fn fonts_found_by_name_draw_what_a_full_scan_draws() {
        let titles = [
            (
                "تحرير آخر جيوب «داعش» بسوريا.. فهل انتهى التنظيم الدموي فعليًّا؟",
                "ar",
            ),
            ("ورّاق 2024: دليل EPUB للكتب العربية", "ar"),
            ("שלום עליכם", "he"),
            ("A Book in English", "en"),
        ];
        for (title, locale) in titles {
            let text = CoverText {
                title: title.to_string(),
                authors: Some("فريق التحرير".into()),
                publisher: Some("ورّاق".into()),
                locale: locale.into(),
                headlines: Vec::new(),
            };
            let by_name = Typesetter::new(&text.all(), None, locale).unwrap_or_else(|e| {
                panic!("{e}: the system needs fonts (apt-get install fonts-noto-core)")
            });
            let scanned = Typesetter::scanning_every_font(&text.all(), None, locale).unwrap();
            assert_eq!(by_name.family(), scanned.family(), "{title}");
            let by_name = draw_with(&text, by_name).unwrap();
            let scanned = draw_with(&text, scanned).unwrap();
            assert!(by_name == scanned, "{title}: the covers differ");
        }
    }

    /// An edition's cover is a front page: its lead headlines where a book's has its
    /// medallion, and the same sky and panel above them.
    #[test]
    fn an_editions_lead_headlines_take_the_medallions_place() {
        let plain = CoverText {
            title: "صحيفة الصباح".into(),
            authors: Some("٥ ديسمبر ٢٠٢٦".into()),
            publisher: None,
            locale: "ar".into(),
            headlines: Vec::new(),
        };
        let front = CoverText {
            headlines: vec!["افتتاح المكتبة الجديدة".into(), "Markets rise".into()],
            ..plain.clone()
        };
        let (plain, front) = (draw(&plain, None).unwrap(), draw(&front, None).unwrap());
        let rows = |image: &RgbaImage, from: u32, to: u32| -> Vec<u8> {
            let stride = WIDTH as usize * 4;
            image.as_raw()[from as usize * stride..to as usize * stride].to_vec()
        };
        assert!(
            rows(&plain, 0, 600) == rows(&front, 0, 600),
            "the sky above is the same"
        );
        assert!(
            rows(&plain, 1500, 2200) != rows(&front, 1500, 2200),
            "headlines below"
        );
    }
}
