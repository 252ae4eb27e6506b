//! A glyph drawn: its outline read with skrifa at the size wanted (unhinted), filled with
//! anti-aliasing by tiny-skia, and handed over pixel by pixel with its coverage.

use skrifa::instance::Size;
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};
use tiny_skia::{FillRule, Mask, PathBuilder, Transform};

use super::faces::Face;

/// Fills the outline of glyph `id` of `face` at `size` and `weight` with its origin at
/// `origin`; `plot` receives each covered pixel and its coverage (0–255).
pub(crate) fn glyph(
    face: &Face,
    id: u32,
    (size, weight): (f32, u16),
    origin: (f32, f32),
    plot: &mut dyn FnMut(i32, i32, u8),
) {
    let Some(font) = face.font() else {
        return;
    };
    let Some(outline) = font.outline_glyphs().get(GlyphId::new(id)) else {
        return;
    };
    let mut pen = Pen {
        path: PathBuilder::new(),
        origin,
    };
    let location = face.location(weight);
    let settings = DrawSettings::unhinted(Size::new(size), &location);
    if outline.draw(settings, &mut pen).is_err() {
        return;
    }
    let Some(path) = pen.path.finish() else {
        return;
    };
    let bounds = path.bounds();
    // A glyph larger than many times its size is a broken or hostile font, not a letter: it
    // is left out rather than given a buffer of its size.
    let limit = (size * 16.0).max(64.0);
    if bounds.width() > limit || bounds.height() > limit {
        return;
    }
    let (left, top) = (bounds.left().floor(), bounds.top().floor());
    let width = (bounds.right().ceil() - left) as u32 + 1;
    let height = (bounds.bottom().ceil() - top) as u32 + 1;
    let Some(mut mask) = Mask::new(width, height) else {
        return;
    };
    mask.fill_path(
        &path,
        FillRule::Winding,
        true,
        Transform::from_translate(-left, -top),
    );
    let (left, top) = (left as i32, top as i32);
    for (i, &coverage) in mask.data().iter().enumerate() {
        if coverage > 0 {
            let (col, row) = (i as u32 % width, i as u32 / width);
            plot(left + col as i32, top + row as i32, coverage);
        }
    }
}

/// Builds a tiny-skia path from an outline in pixels, y up, placed at `origin` (y down).
struct Pen {
    path: PathBuilder,
    origin: (f32, f32),
}

impl Pen {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.origin.0 + x, self.origin.1 - y)
    }
}

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (cx0, cy0) = self.at(cx0, cy0);
        let (x, y) = self.at(x, y);
        self.path.quad_to(cx0, cy0, x, y);
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (cx0, cy0) = self.at(cx0, cy0);
        let (cx1, cy1) = self.at(cx1, cy1);
        let (x, y) = self.at(x, y);
        self.path.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }

    fn close(&mut self) {
        self.path.close();
    }
}
