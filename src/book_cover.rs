//! Which cover a book gets: the image it names, one drawn for it (the default), or none;
//! and `warraq cover`, which draws one alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;

use crate::error::{Error, Result};
use crate::{cover, cover_art, load, ocf, output, prepare_cover, prepare_font, xhtml};
use crate::{Book, Cover, Fields, Metadata, Origin, Report, Source};

/// The `cover` value that asks for a drawn cover even when one could not be drawn.
pub const AUTO: &str = "auto";
/// The `cover` value that asks for no cover at all.
pub const NONE: &str = "none";

/// What the `cover` field (or `--cover`) asks for.
#[derive(Debug, Clone)]
pub enum CoverChoice {
    /// An image, read and checked.
    Image(Arc<Cover>),
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
    pub fn of(field: Option<&Path>, warnings: &mut Vec<String>) -> Result<CoverChoice> {
        Ok(match field {
            None => CoverChoice::Drawn { asked: false },
            Some(path) if path == Path::new(AUTO) => CoverChoice::Drawn { asked: true },
            Some(path) if path == Path::new(NONE) => CoverChoice::Without,
            Some(path) => CoverChoice::Image(prepare_cover(path, warnings)?),
        })
    }

    /// The image, when the field named one.
    pub fn image(&self) -> Option<Arc<Cover>> {
        match self {
            CoverChoice::Image(image) => Some(Arc::clone(image)),
            _ => None,
        }
    }

    /// The cover of `book`, which was loaded with [`CoverChoice::image`]: drawn when that is
    /// the choice.
    pub fn complete(&self, book: &mut Book, warnings: &mut Vec<String>) -> Result<()> {
        if let CoverChoice::Drawn { asked } = *self {
            book.cover = draw_for(book, asked, warnings)?;
        }
        Ok(())
    }
}

/// Whether a `cover` field is a word (`auto`, `none`) rather than a file.
pub fn is_keyword(field: &Path) -> bool {
    field == Path::new(AUTO) || field == Path::new(NONE)
}

/// Draws a cover for `book`. When it was `asked` for, a missing font is an error; otherwise
/// the book goes without a cover, with a warning saying why.
fn draw_for(book: &Book, asked: bool, warnings: &mut Vec<String>) -> Result<Option<Arc<Cover>>> {
    let font = book.font.as_ref().and_then(|f| f.sfnt());
    match cover_art::draw(&cover_text(&book.metadata), font) {
        Ok(image) => {
            // Packed while the rest of the book is rendered, like an image cover.
            let cover = Arc::new(cover::from_pixels(&image)?);
            ocf::pack_ahead(&cover);
            Ok(Some(cover))
        }
        Err(Error::NoFont { message, hint }) if !asked => {
            warnings.push(format!(
                "the book has no cover and none could be drawn: {message}; {hint}"
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What a drawn cover says about the book.
pub fn cover_text(meta: &Metadata) -> cover_art::CoverText {
    cover_art::CoverText {
        title: meta.title.clone(),
        authors: (!meta.authors.is_empty()).then(|| meta.authors.join(xhtml::list_separator(meta))),
        publisher: meta.publisher.clone(),
        locale: meta.language.as_str().to_string(),
    }
}

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
    options.flags.validate(&Origin::Flags)?;
    let source = Source::locate(&options.input)?;
    let mut fields = options.flags.clone().or(source.fields);
    fields.cover = None;
    let articles = if fields.articles.is_empty() {
        source.articles
    } else {
        std::mem::take(&mut fields.articles)
    };
    let font_path = fields.font.clone();
    let font = font_path.as_deref().map(prepare_font).transpose()?;
    let meta = load(fields, &articles, None, Utc::now(), report)?.metadata;
    let image = cover_art::draw(&cover_text(&meta), font.and_then(|f| f.sfnt()))?;
    let output = options.output.clone().unwrap_or_else(|| {
        Path::new("dist").join(format!("{}-cover.jpg", output::slug(&meta.title)))
    });
    let png = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let bytes = if png {
        cover::png(&image)?
    } else {
        cover::from_pixels(&image)?.bytes
    };
    let mut inputs: Vec<&Path> = articles.iter().map(PathBuf::as_path).collect();
    inputs.extend(font_path.as_deref());
    output::check_not_an_input(&output, &inputs)?;
    output::write_atomically(&output, &bytes)?;
    Ok(output)
}
