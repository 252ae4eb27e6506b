//! Text set into pictures: choosing a font that covers the text's script, shaping it
//! (HarfRust, through cosmic-text: joining forms, lam-alef, marks), the Unicode bidi
//! algorithm, and lines wrapped and balanced to a width.

use std::sync::Arc;

use cosmic_text::fontdb::{Database, Source};
use cosmic_text::{
    Align, Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, SwashCache, Weight, Wrap,
};

use crate::error::Result;

mod breaks;
mod discovery;
mod fonts;

pub use discovery::FONT_DIRS_VAR;
pub use fonts::Script;

/// Fonts, a shaper and a rasteriser, with the family chosen for the text at hand.
pub struct Typesetter {
    fonts: FontSystem,
    cache: SwashCache,
    family: String,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("family", &self.family)
            .finish_non_exhaustive()
    }
}

/// How a block of text is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Font size in pixels.
    pub size: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Bold or regular.
    pub bold: bool,
}

/// A block of text laid out: lines centred in a box `width` wide and `height` tall.
pub struct Block {
    buffer: Buffer,
    /// The widest line, in pixels.
    pub width: f32,
    /// All the lines, in pixels.
    pub height: f32,
    /// How many lines.
    pub lines: usize,
}

impl Typesetter {
    /// The system's fonts plus `extra` (a font file's bytes, e.g. `--font`). The family is the
    /// extra font's when it covers the letters of `text`, else the best system family that
    /// does; `locale` steers cosmic-text's fallback for characters the family lacks.
    ///
    /// The families are looked for by their files' names first, and every font on the system
    /// is read only when that finds none that has all of `text` (see [`discovery`]).
    pub fn new(text: &str, extra: Option<Arc<Vec<u8>>>, locale: &str) -> Result<Typesetter> {
        let mut db = Database::new();
        let extra_family = extra.clone().and_then(|bytes| load(&mut db, bytes));
        if let Some((fonts, family)) = fonts::choose_by_name(db, extra_family, text, locale) {
            return Ok(Typesetter::on(fonts, family));
        }
        Typesetter::scanning_every_font(text, extra, locale)
    }

    /// As [`Typesetter::new`], choosing among every font on the system, read whole.
    pub fn scanning_every_font(
        text: &str,
        extra: Option<Arc<Vec<u8>>>,
        locale: &str,
    ) -> Result<Typesetter> {
        let mut db = fonts::system();
        let extra_family = extra.and_then(|bytes| load(&mut db, bytes));
        let mut fonts = FontSystem::new_with_locale_and_db(locale.to_string(), db);
        let family = fonts::choose(&mut fonts, extra_family, text)?;
        Ok(Typesetter::on(fonts, family))
    }

    fn on(fonts: FontSystem, family: String) -> Typesetter {
        Typesetter {
            fonts,
            cache: SwashCache::new(),
            family,
        }
    }

    /// The family the text is set in.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Lays `text` out in lines at most `width` wide, centred. Lines break between words only.
    pub fn layout(&mut self, text: &str, style: Style, width: f32) -> Block {
        self.layout_wrapped(text, style, width, Wrap::Word)
    }

    fn layout_wrapped(&mut self, text: &str, style: Style, width: f32, wrap: Wrap) -> Block {
        let metrics = Metrics::relative(style.size, style.leading);
        let mut buffer = Buffer::new(&mut self.fonts, metrics);
        let weight = if style.bold {
            Weight::BOLD
        } else {
            Weight::NORMAL
        };
        let attrs = Attrs::new()
            .family(Family::Name(&self.family))
            .weight(weight);
        buffer.set_wrap(&mut self.fonts, wrap);
        buffer.set_size(&mut self.fonts, Some(width), None);
        buffer.set_text(
            &mut self.fonts,
            text,
            &attrs,
            Shaping::Advanced,
            Some(Align::Center),
        );
        let (mut w, mut lines) = (0.0f32, 0);
        for run in buffer.layout_runs() {
            w = w.max(run.line_w);
            lines += 1;
        }
        Block {
            height: lines as f32 * metrics.line_height,
            buffer,
            width: w,
            lines,
        }
    }

    /// The largest size from `style.size` down to `min_size` at which `text` fits in
    /// `max_lines` lines of `width`, breaking between words only, with its lines balanced
    /// (see [`breaks`]). At `min_size` it is set whatever it takes.
    pub fn fit(
        &mut self,
        text: &str,
        style: Style,
        width: f32,
        max_lines: usize,
        min_size: f32,
    ) -> Block {
        let words: Vec<&str> = text.split_whitespace().collect();
        // Shaping does not reach across spaces, so words are measured once and scaled.
        let reference = Style {
            size: 100.0,
            ..style
        };
        let widths: Vec<f32> = words
            .iter()
            .map(|w| self.layout(w, reference, f32::MAX).width)
            .collect();
        let space = self.layout("x x", reference, f32::MAX).width
            - 2.0 * self.layout("x", reference, f32::MAX).width;
        let mut style = style;
        let starts = loop {
            let scale = style.size / reference.size;
            let scaled: Vec<f32> = widths.iter().map(|w| w * scale).collect();
            if let Some(starts) = breaks::balanced(&scaled, space * scale, width, max_lines) {
                break starts;
            }
            if style.size <= min_size {
                break Vec::new();
            }
            style.size = (style.size * 0.95).max(min_size);
        };
        // Each line becomes a paragraph of its own, so it keeps the direction of the whole
        // text even when it starts with a word of the other direction.
        let mark = if text
            .chars()
            .find(|c| c.is_alphabetic())
            .map(Script::of_char)
            == Some(Script::Other)
        {
            '\u{200E}'
        } else {
            '\u{200F}'
        };
        let mut lines = String::new();
        let mut start = 0;
        for end in starts.iter().copied().chain([words.len()]) {
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push(mark);
            lines.push_str(&words[start..end].join(" "));
            start = end;
        }
        // The breaks are made: a rounding difference must not add one.
        self.layout_wrapped(&lines, style, width, Wrap::None)
    }

    /// Draws `block` with its box's top-left corner at `(x, y)`, centred in `box_width`;
    /// `plot` receives each covered pixel and its coverage (0–255).
    pub fn draw(
        &mut self,
        block: &Block,
        x: f32,
        y: f32,
        box_width: f32,
        plot: &mut dyn FnMut(i32, i32, u8),
    ) {
        let buffer_width = block.buffer.size().0.unwrap_or(box_width);
        let dx = (x + (box_width - buffer_width) / 2.0).round() as i32;
        let dy = y.round() as i32;
        let white = Color::rgb(255, 255, 255);
        block.buffer.draw(
            &mut self.fonts,
            &mut self.cache,
            white,
            |gx, gy, w, h, c| {
                for yy in 0..h as i32 {
                    for xx in 0..w as i32 {
                        plot(dx + gx + xx, dy + gy + yy, c.a());
                    }
                }
            },
        );
    }

    /// The glyph ids `text` shapes to on one line, in the order of the characters they come
    /// from (for tests and checks).
    pub fn glyph_ids(&mut self, text: &str, size: f32) -> Vec<u16> {
        let block = self.layout(
            text,
            Style {
                size,
                leading: 1.2,
                bold: false,
            },
            f32::MAX,
        );
        let mut glyphs: Vec<(usize, u16)> = block
            .buffer
            .layout_runs()
            .flat_map(|run| run.glyphs.iter().map(|g| (g.start, g.glyph_id)))
            .collect();
        glyphs.sort_by_key(|&(start, _)| start);
        glyphs.into_iter().map(|(_, id)| id).collect()
    }
}

/// Adds a font file's bytes to `db`; the family of its first face.
fn load(db: &mut Database, bytes: Arc<Vec<u8>>) -> Option<String> {
    let id = *db.load_font_source(Source::Binary(bytes)).first()?;
    db.face(id)?.families.first().map(|(name, _)| name.clone())
}

/// How `text` shapes in `font` alone, with no fallback: each glyph's cluster, position and
/// advance (in 1/64 px at 64 px). Two fonts that give the same list set the text alike.
pub fn shape_alone(font: Arc<Vec<u8>>, text: &str) -> Option<Vec<(usize, i32, i32, i32)>> {
    let mut db = cosmic_text::fontdb::Database::new();
    let id = *db.load_font_source(Source::Binary(font)).first()?;
    let family = db.face(id)?.families.first()?.0.clone();
    let mut ts = Typesetter {
        fonts: FontSystem::new_with_locale_and_db("und".into(), db),
        cache: SwashCache::new(),
        family,
    };
    let style = Style {
        size: 64.0,
        leading: 1.25,
        bold: false,
    };
    let block = ts.layout_wrapped(text, style, f32::MAX, Wrap::None);
    let fixed = |v: f32| (v * 64.0).round() as i32;
    let glyphs = block
        .buffer
        .layout_runs()
        .flat_map(|run| {
            let y = fixed(run.line_y);
            run.glyphs
                .iter()
                .map(move |g| (g.start, fixed(g.x), y, fixed(g.w)))
        })
        .collect();
    Some(glyphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A typesetter on the pinned Noto Naskh Arabic, so no system font changes a result.
    fn arabic() -> Typesetter {
        let naskh = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/covers/fonts/NotoNaskhArabic-Regular.ttf"
        );
        let bytes = std::fs::read(naskh).unwrap();
        let ts = Typesetter::new("كتاب", Some(Arc::new(bytes)), "ar").unwrap();
        assert_eq!(ts.family(), "Noto Naskh Arabic");
        ts
    }

    #[test]
    fn scripts_are_told_apart() {
        assert_eq!(Script::of("ورّاق 2024"), Script::Arabic);
        assert_eq!(Script::of("שלום"), Script::Hebrew);
        assert_eq!(Script::of("Warraq"), Script::Other);
        assert_eq!(Script::of("123"), Script::Other);
    }

    #[test]
    fn arabic_letters_take_their_joining_forms() {
        let mut ts = arabic();
        // Each letter alone is its isolated form.
        let isolated: Vec<u16> = ["ك", "ت", "ا", "ب"]
            .iter()
            .map(|letter| ts.glyph_ids(letter, 40.0)[0])
            .collect();
        // كتاب: kaf initial, teh medial, alef final, beh isolated (alef does not join on).
        let word = ts.glyph_ids("كتاب", 40.0);
        assert_eq!(word.len(), 4, "{word:?}");
        assert_ne!(word[0], isolated[0], "kaf should be initial");
        assert_ne!(word[1], isolated[1], "teh should be medial");
        assert_ne!(word[2], isolated[2], "alef should be final");
        assert_eq!(word[3], isolated[3], "beh after alef stays isolated");
    }

    #[test]
    fn lam_alef_takes_the_ligature_form() {
        let mut ts = arabic();
        // Fonts make lam-alef either one ligature glyph (Amiri) or a pair of forms made for
        // each other (Noto Naskh Arabic); either way not the lam and alef of other words.
        let initial_lam = ts.glyph_ids("لب", 40.0)[0];
        let final_alef = ts.glyph_ids("با", 40.0)[1];
        for word in ["لا", "سلام"] {
            let glyphs = ts.glyph_ids(word, 40.0);
            let chars = word.chars().count();
            let ligated = glyphs.len() < chars
                || (!glyphs.contains(&initial_lam) && !glyphs.contains(&final_alef));
            assert!(ligated, "{word}: {glyphs:?}");
        }
        let plain = ts.glyph_ids("لب", 40.0);
        assert!(
            plain.contains(&initial_lam),
            "the check can fail: {plain:?}"
        );
    }

    #[test]
    fn balanced_lines_are_narrower_than_the_width() {
        let mut ts = arabic();
        let style = Style {
            size: 80.0,
            leading: 1.3,
            bold: true,
        };
        let text = "تحرير آخر جيوب «داعش» بسوريا.. فهل انتهى التنظيم الدموي فعليًّا؟";
        let block = ts.fit(text, style, 1200.0, 4, 40.0);
        assert!(block.lines >= 2 && block.lines <= 4, "{}", block.lines);
        assert!(block.width <= 1200.5);
        let greedy = ts.layout(text, style, 1200.0);
        assert!(block.width <= greedy.width);
        // Cosmic-text's own wrapping overflows on mixed-direction lines; ours does not.
        let mixed = ts.fit("ورّاق 2024: دليل EPUB للكتب العربية", style, 1000.0, 4, 40.0);
        assert!(
            mixed.width <= 1000.5 && mixed.lines >= 2,
            "{} {}",
            mixed.width,
            mixed.lines
        );
    }
}
