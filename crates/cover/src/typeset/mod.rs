//! Text set into pictures: choosing a face that covers the text's script (`fonts`, `faces`), shaping it with HarfRust in the order the Unicode bidi algorithm gives
//! (`shape`: joining forms, lam-alef, marks), lines wrapped and balanced to a width
//! (`breaks`), and each glyph's outline filled with anti-aliasing (`raster`).

use std::str::FromStr;
use std::sync::Arc;

use harfrust::Language;
use warraq_core::error::Result;

mod breaks;
mod faces;
mod fonts;
mod raster;
mod shape;

pub(crate) use faces::family_name;
pub(crate) use fonts::Script;

use faces::{Faces, BOLD, NORMAL};
use shape::Line;

/// Faces, with the family chosen for the text at hand and the language it is in.
#[derive(Debug)]
pub struct Typesetter {
    faces: Faces,
    family: String,
    language: Option<Language>,
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
#[derive(Debug)]
pub struct Block {
    /// Each line with the distance of its baseline from the block's top.
    set: Vec<(Line, f32)>,
    /// The width the lines are centred in.
    measure: f32,
    size: f32,
    weight: u16,
    /// The widest line, in pixels.
    pub width: f32,
    /// All the lines, in pixels.
    pub height: f32,
}

impl Typesetter {
    /// The system's fonts plus `extra` (a font file's bytes, e.g. `--font`). The family is the
    /// extra font's when it covers the letters of `text`, else the best system family that
    /// does; `locale` (a BCP 47 tag) is the language the text is shaped as.
    ///
    /// The families are looked for by their files' names first, and every font on the system
    /// is read only when that finds none that has all of `text` (see [`crate::fonts`]).
    pub fn new(text: &str, extra: Option<Arc<Vec<u8>>>, locale: &str) -> Result<Typesetter> {
        let mut faces = Faces::default();
        let extra_family = extra.clone().and_then(|bytes| faces.add_bytes(bytes));
        if let Some((faces, family)) = fonts::choose_by_name(faces, extra_family, text) {
            return Ok(Typesetter::on(faces, family, locale));
        }
        Typesetter::scanning_every_font(text, extra, locale)
    }

    /// As [`Typesetter::new`], choosing among every font on the system, read whole.
    pub(crate) fn scanning_every_font(
        text: &str,
        extra: Option<Arc<Vec<u8>>>,
        locale: &str,
    ) -> Result<Typesetter> {
        // The font given first, so that it answers for its family before an installed copy.
        let mut faces = Faces::default();
        let extra_family = extra.and_then(|bytes| faces.add_bytes(bytes));
        faces.extend(Faces::system());
        let family = fonts::choose(&faces, extra_family, text)?;
        Ok(Typesetter::on(faces, family, locale))
    }

    fn on(faces: Faces, family: String, locale: &str) -> Typesetter {
        Typesetter {
            faces,
            family,
            language: Language::from_str(locale).ok(),
        }
    }

    /// The family the text is set in.
    #[cfg(test)]
    pub(crate) fn family(&self) -> &str {
        &self.family
    }

    /// `text` shaped on one line in `style`. Paragraph separators (bidi class B: line and
    /// paragraph ends, the information separators) become spaces: a line is one paragraph.
    fn shape(&self, text: &str, style: Style) -> Line {
        let text: std::borrow::Cow<'_, str> = if text.chars().any(is_paragraph_end) {
            text.chars()
                .map(|c| if is_paragraph_end(c) { ' ' } else { c })
                .collect::<String>()
                .into()
        } else {
            text.into()
        };
        let weight = weight_of(style);
        let Some(primary) = self.faces.query(&self.family, weight) else {
            return Line::default();
        };
        shape::line(
            &self.faces,
            primary,
            weight,
            &text,
            style.size,
            self.language.as_ref(),
        )
    }

    /// The width of a space between words in `style`: that of "x x" less two of "x",
    /// whichever face sets the "x".
    fn space(&self, style: Style) -> f32 {
        self.shape("x x", style).width - 2.0 * self.shape("x", style).width
    }

    /// `lines` set one under the other, centred in `width`.
    fn set_lines(&self, lines: &[String], style: Style, width: f32) -> Block {
        let line_height = style.size * style.leading;
        let mut set = Vec::with_capacity(lines.len());
        let mut widest = 0.0f32;
        for (i, text) in lines.iter().enumerate() {
            let line = self.shape(text, style);
            let top = i as f32 * line_height;
            let baseline = top + (line_height - (line.ascent + line.descent)) / 2.0 + line.ascent;
            widest = widest.max(line.width);
            set.push((line, baseline));
        }
        Block {
            height: lines.len() as f32 * line_height,
            set,
            measure: width,
            size: style.size,
            weight: weight_of(style),
            width: widest,
        }
    }

    /// The largest size from `style.size` down to `min_size` at which `text` fits in
    /// `max_lines` lines of `width`, breaking between words only, with its lines balanced
    /// (see `breaks.rs`). At `min_size` it is set whatever it takes.
    pub fn fit(
        &mut self,
        text: &str,
        style: Style,
        width: f32,
        max_lines: usize,
        min_size: f32,
    ) -> Block {
        let words: Vec<&str> = text.split_whitespace().collect();
        // Words are measured once, at one size, and scaled: kerning across a space, which
        // the line shaped whole may apply, is a fraction of a pixel at title sizes.
        let reference = Style {
            size: 100.0,
            ..style
        };
        let widths: Vec<f32> = words
            .iter()
            .map(|w| self.shape(w, reference).width)
            .collect();
        let space = self.space(reference);
        let mut style = style;
        let starts = loop {
            let scale = style.size / reference.size;
            let scaled: Vec<f32> = widths.iter().map(|w| w * scale).collect();
            if let Some(starts) = breaks::balanced(&scaled, space * scale, width, max_lines) {
                break starts;
            }
            if style.size <= min_size {
                // Nothing fits: each line as full as it goes, so that no line is wider than
                // the width unless one word is.
                break breaks::greedy(&scaled, space * scale, width);
            }
            style.size = (style.size * 0.95).max(min_size);
        };
        self.set_lines(&lines_of(text, &words, &starts), style, width)
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
        let dx = (x + (box_width - block.measure) / 2.0).round();
        let dy = y.round();
        for (line, baseline) in &block.set {
            let left = dx + (block.measure - line.width) / 2.0;
            for glyph in &line.glyphs {
                let origin = (left + glyph.x, dy + (baseline - glyph.y).trunc());
                let face = self.faces.get(glyph.face);
                raster::glyph(face, glyph.id, (block.size, block.weight), origin, plot);
            }
        }
    }

    /// The glyph ids `text` shapes to on one line, in the order of the characters they come
    /// from (for tests and checks).
    #[cfg(test)]
    pub(crate) fn glyph_ids(&mut self, text: &str, size: f32) -> Vec<u16> {
        let style = Style {
            size,
            leading: 1.2,
            bold: false,
        };
        let mut glyphs: Vec<(usize, u16)> = self
            .shape(text, style)
            .glyphs
            .iter()
            .map(|g| (g.cluster, g.id as u16))
            .collect();
        glyphs.sort_by_key(|&(start, _)| start);
        glyphs.into_iter().map(|(_, id)| id).collect()
    }
}

fn weight_of(style: Style) -> u16 {
    if style.bold {
        BOLD
    } else {
        NORMAL
    }
}

fn is_paragraph_end(c: char) -> bool {
    unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::B
}

/// The words of `text` in lines, each line starting at one of `starts` (the first at the
/// first word), each begun with a mark of the whole text's direction so that a line that
/// starts with a word of the other direction keeps it.
fn lines_of(text: &str, words: &[&str], starts: &[usize]) -> Vec<String> {
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
    let mut lines = Vec::with_capacity(starts.len() + 1);
    let mut start = 0;
    for end in starts.iter().copied().chain([words.len()]) {
        let mut line = String::from(mark);
        line.push_str(&words[start..end].join(" "));
        lines.push(line);
        start = end;
    }
    lines
}

/// How many faces the font directories hold, every font file read now (the cost of a full
/// scan, for the benchmarks).
pub fn scan_every_font() -> usize {
    Faces::scan().len()
}

/// How `text` shapes in `font` alone, with no fallback: each glyph's cluster, position and
/// advance (in 1/64 px at 64 px). Two fonts that give the same list set the text alike.
pub fn shape_alone(font: Arc<Vec<u8>>, text: &str) -> Option<Vec<(usize, i32, i32, i32)>> {
    let mut faces = Faces::default();
    faces.add_bytes(font)?;
    let fixed = |v: f32| (v * 64.0).round() as i32;
    let mut glyphs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let shaped = shape::line(&faces, 0, NORMAL, line, 64.0, None);
        let y = fixed(i as f32 * 64.0 * 1.25);
        let advances = shaped
            .glyphs
            .windows(2)
            .map(|pair| pair[1].x - pair[0].x)
            .chain([shaped.width - shaped.glyphs.last().map_or(0.0, |g| g.x)]);
        glyphs.extend(
            shaped
                .glyphs
                .iter()
                .zip(advances)
                .map(|(g, advance)| (g.cluster, fixed(g.x), y + fixed(g.y), fixed(advance))),
        );
    }
    Some(glyphs)
}

#[cfg(test)]
mod tests;
