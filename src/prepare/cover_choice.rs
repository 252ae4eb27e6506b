//! Which cover a book gets: the image it names, one drawn for it (the default), or none.

use std::path::Path;
use std::sync::Arc;

use crate::model::Book;
use crate::prepare::metadata::Metadata;
use crate::read::fields::CoverArg;
use crate::read::files;
use warraq_core::error::{Error, Result};
use warraq_core::warning::{Warning, WarningKind};
use warraq_cover::cover_drawing;
use warraq_cover::picture::{self, Picture};

/// What the `cover` field (or `--cover`) asks for.
#[derive(Debug, Clone)]
pub enum CoverChoice {
    /// An image, read and checked.
    Image(Arc<Picture>),
    /// A cover drawn from the metadata. `asked` (`auto`) makes a missing font an error;
    /// by default the book is then built without a cover, with a warning.
    Drawn {
        /// Whether `auto` asked for it.
        asked: bool,
    },
    /// No cover (`none`).
    Without,
}

impl CoverChoice {
    /// Reads the cover a `cover` field names: `auto`, `none`, or an image file; a drawn cover
    /// when there is no field.
    pub(crate) fn of(field: Option<CoverArg>, warnings: &mut Vec<Warning>) -> Result<CoverChoice> {
        Ok(match field {
            None => CoverChoice::Drawn { asked: false },
            Some(CoverArg::Auto) => CoverChoice::Drawn { asked: true },
            Some(CoverArg::None) => CoverChoice::Without,
            Some(CoverArg::Image(path)) => CoverChoice::Image(prepare_cover(&path, warnings)?),
        })
    }

    /// The image, when the field named one.
    pub(crate) fn image(&self) -> Option<Arc<Picture>> {
        match self {
            CoverChoice::Image(image) => Some(Arc::clone(image)),
            _ => None,
        }
    }

    /// The cover of `book`, which was loaded with [`CoverChoice::image`]: drawn when that is
    /// the choice.
    pub(crate) fn complete(&self, book: &mut Book, warnings: &mut Vec<Warning>) -> Result<()> {
        if let CoverChoice::Drawn { asked } = *self {
            book.cover = draw_for(book, asked, warnings)?;
        }
        Ok(())
    }
}

/// Draws a cover for `book`. When it was `asked` for, a missing font is an error; otherwise
/// the book goes without a cover, with a warning saying why.
fn draw_for(book: &Book, asked: bool, warnings: &mut Vec<Warning>) -> Result<Option<Arc<Picture>>> {
    let font = book.font.as_ref().and_then(|f| f.sfnt());
    let mut text = cover_text(&book.metadata);
    if let Some(edition) = &book.edition {
        // A front page: the edition's name, its date in each calendar, its lead headlines.
        let dates: Vec<&str> = edition.dates.iter().map(|d| d.text.as_str()).collect();
        text.authors = (!dates.is_empty()).then(|| dates.join(" — "));
        text.headlines = edition
            .sections
            .iter()
            .filter_map(|s| book.articles.get(s.articles.start))
            .map(|a| a.headline.clone())
            .collect();
    }
    match cover_drawing::draw(&text, font) {
        Ok(image) => {
            // Packed while the rest of the book is rendered, like an image cover.
            let cover = Arc::new(picture::from_pixels(&image)?);
            cover.pack_ahead();
            Ok(Some(cover))
        }
        Err(Error::NoFont { message, hint }) if !asked => {
            warnings.push(Warning::new(
                WarningKind::Cover,
                format!("the book has no cover and none could be drawn: {message}; {hint}"),
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What a drawn cover says about the book.
pub fn cover_text(meta: &Metadata) -> cover_drawing::CoverText {
    cover_drawing::CoverText {
        title: meta.title.clone(),
        authors: (!meta.authors.is_empty())
            .then(|| meta.authors.join(meta.language.list_separator())),
        publisher: meta.publisher.clone(),
        locale: meta.language.as_str().to_string(),
        headlines: Vec::new(),
    }
}

/// Reads and checks a cover image, and starts packing it for the archive on another thread,
/// so that the largest piece of work overlaps everything else a build does.
fn prepare_cover(path: &Path, warnings: &mut Vec<Warning>) -> Result<Arc<Picture>> {
    let cover = Arc::new(picture::prepare(path, files::bytes(path)?, warnings)?);
    cover.pack_ahead();
    Ok(cover)
}
