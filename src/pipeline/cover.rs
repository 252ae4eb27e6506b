//! `warraq cover`: the cover `warraq build` would draw for a book, alone, as an image file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{locate, ArticleFile, Shared};
use crate::model::Report;
use crate::prepare::cover_choice::cover_text;
use crate::read::fields::{CoverArg, Fields};
use warraq_core::error::Result;
use warraq_core::write;
use warraq_cover::cover_drawing;
use warraq_cover::picture;

/// What `warraq cover` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CoverOptions {
    /// A book directory or a single article file.
    pub input: PathBuf,
    /// Where to write the image (JPEG, or PNG for a `.png` name); `dist/<slug>-cover.jpg`
    /// when `None`.
    pub output: Option<PathBuf>,
    /// Metadata from flags; it overrides `book.toml`.
    pub flags: Fields,
}

/// Draws the cover `warraq build` would generate for a book, writes it, and returns the
/// path written. Any cover image the book names is ignored: this is the drawn one. With no
/// font for the title, it is an error.
pub fn draw_cover(options: &CoverOptions, report: &mut Report) -> Result<PathBuf> {
    let (mut fields, paths) = locate(&options.input, &options.flags)?;
    fields.cover = Some(CoverArg::None);
    let font_path = fields.font.clone();
    let shared = Shared::read(fields, &mut report.warnings)?;
    let articles = paths
        .iter()
        .map(|path| ArticleFile::read(path))
        .collect::<Result<Vec<_>>>()?;
    let png = options
        .output
        .as_ref()
        .and_then(|o| o.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let encoding = if png {
        Encoding::Png(None)
    } else {
        Encoding::Jpeg
    };
    let (bytes, title) = draw_bytes(&shared, articles, Utc::now(), encoding, report)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| Path::new("dist").join(format!("{}-cover.jpg", write::slug(&title))));
    let mut inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    inputs.extend(font_path.as_deref());
    write::check_not_an_input(&output, &inputs)?;
    write::write_atomically(&output, &bytes)?;
    Ok(output)
}

/// How a drawn cover is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// JPEG, as a book holds it.
    Jpeg,
    /// A lossless PNG, at full size or at most this wide.
    Png(Option<u32>),
}

/// The drawn cover of the book of `articles`, encoded, and the book's title.
pub(crate) fn draw_bytes(
    shared: &Shared,
    articles: Vec<ArticleFile>,
    modified: DateTime<Utc>,
    encoding: Encoding,
    report: &mut Report,
) -> Result<(Vec<u8>, String)> {
    let meta = super::read(shared, articles, modified, report)?.metadata;
    let font = shared.font.as_ref().and_then(|f| f.sfnt());
    let image = cover_drawing::draw(&cover_text(&meta), font)?;
    let bytes = match encoding {
        Encoding::Png(width) => picture::png(&image, width)?,
        Encoding::Jpeg => picture::from_pixels(&image)?.bytes,
    };
    Ok((bytes, meta.title))
}
