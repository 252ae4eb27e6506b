//! One line of text shaped: the Unicode bidi algorithm orders its runs, each run is cut where
//! the face changes (a character the chosen face lacks is set in a fallback face), and
//! HarfRust shapes each piece (joining forms, lam-alef, marks, kerning) in its direction.

use std::ops::Range;

use harfrust::{Buffer, Direction, Language, ShapeOptions, ShaperFont};
use skrifa::instance::Size;
use skrifa::MetadataProvider;
use unicode_bidi::{BidiClass, BidiInfo};

use super::faces::Faces;
use super::fonts::{fallback, is_invisible};

/// A glyph placed on its line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    /// The face it is drawn from (an index into the typesetter's faces).
    pub(crate) face: usize,
    /// Its id in that face.
    pub(crate) id: u32,
    /// Its origin from the line's left end, in pixels.
    pub(crate) x: f32,
    /// How far it is raised from the baseline, in pixels.
    pub(crate) y: f32,
    /// The byte offset in the line's text of the character it starts from.
    pub(crate) cluster: usize,
}

/// A line shaped, its glyphs left to right.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    /// The glyphs, in the order they are drawn from the left.
    pub(crate) glyphs: Vec<Glyph>,
    /// Its advance width, in pixels.
    pub width: f32,
    /// The tallest ascent and the deepest descent of its faces, in pixels.
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
}

/// Shapes `text` (one line, no line breaks) at `size` pixels in the face `primary` of
/// `faces`, characters it lacks in a fallback face of `weight`.
pub(crate) fn line(
    faces: &Faces,
    primary: usize,
    weight: u16,
    text: &str,
    size: f32,
    language: Option<&Language>,
) -> Line {
    let mut line = Line::default();
    extend_metrics(&mut line, faces, primary, weight, size);
    let info = BidiInfo::new(text, None);
    for paragraph in &info.paragraphs {
        let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            let mut pieces = by_face(faces, primary, weight, text, run);
            if rtl {
                pieces.reverse();
            }
            for (face, range) in pieces {
                let piece = Piece {
                    face,
                    range,
                    rtl,
                    weight,
                };
                shape_piece(&mut line, faces, text, piece, size, language);
            }
        }
    }
    line
}

/// `range` of `text` cut into pieces of one face each, in logical order. Marks and invisible
/// characters stay with the piece they follow.
fn by_face(
    faces: &Faces,
    primary: usize,
    weight: u16,
    text: &str,
    range: Range<usize>,
) -> Vec<(usize, Range<usize>)> {
    let chosen = faces.get(primary);
    let mut pieces: Vec<(usize, Range<usize>)> = Vec::new();
    for (offset, c) in text[range.clone()].char_indices() {
        let at = range.start + offset;
        let end = at + c.len_utf8();
        let follows = is_invisible(c) || is_mark(c);
        let face = match pieces.last() {
            Some(&(face, _)) if follows => face,
            _ if chosen.has(c) || is_invisible(c) => primary,
            _ => fallback(faces, c, weight).unwrap_or(primary),
        };
        match pieces.last_mut() {
            Some((last, piece)) if *last == face => piece.end = end,
            _ => pieces.push((face, at..end)),
        }
    }
    pieces
}

/// Whether `c` is a combining mark (the Arabic and Hebrew vowel signs among them; bidi class
/// NSM), which shapes with the letter before it.
fn is_mark(c: char) -> bool {
    unicode_bidi::bidi_class(c) == BidiClass::NSM
}

/// A piece of a line in one face and one direction.
struct Piece {
    face: usize,
    range: Range<usize>,
    rtl: bool,
    weight: u16,
}

/// Shapes `piece` of `text` and appends its glyphs to `line`.
fn shape_piece(
    line: &mut Line,
    faces: &Faces,
    text: &str,
    piece: Piece,
    size: f32,
    language: Option<&Language>,
) {
    let Piece {
        face,
        range,
        rtl,
        weight,
    } = piece;
    let Some(font) = faces.get(face).shaper_font(weight) else {
        return;
    };
    let shaper = ShaperFont::new(&font);
    let scale = size / f32::from(font.units_per_em().max(1));
    let mut buffer = Buffer::new();
    buffer.push_str(&text[range.clone()]);
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    buffer.set_language(language.cloned());
    buffer.guess_segment_properties();
    if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new()).is_err() {
        return;
    }
    extend_metrics(line, faces, face, weight, size);
    for (info, position) in buffer.glyph_infos().iter().zip(buffer.glyph_positions()) {
        line.glyphs.push(Glyph {
            face,
            id: info.glyph_id,
            x: line.width + position.x_offset as f32 * scale,
            y: position.y_offset as f32 * scale,
            cluster: range.start + info.cluster as usize,
        });
        line.width += position.x_advance as f32 * scale;
    }
}

/// Takes the ascent and descent of `face` at `size` and `weight` into the line's.
fn extend_metrics(line: &mut Line, faces: &Faces, face: usize, weight: u16, size: f32) {
    let face = faces.get(face);
    if let Some(font) = face.font() {
        let location = face.location(weight);
        let metrics = font.metrics(Size::new(size), &location);
        line.ascent = line.ascent.max(metrics.ascent);
        line.descent = line.descent.max(-metrics.descent);
    }
}
