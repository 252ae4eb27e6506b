//! The library's entry points for a caller that holds bytes rather than files — a Python
//! binding, a web server, a pipeline: a book or its drawn cover made in memory from articles in
//! memory, with the same settings `book.toml` and the flags give. Nothing is written; what the
//! build noticed comes back in the [`Report`]. `warraq check` and `warraq fix` take bytes
//! already ([`crate::check::check`], [`crate::fix::fix`]).
//!
//! An article given as bytes has no folder: none of its images is read from this machine (a
//! text's or Markdown's is an error, a page's or Word document's is left out with a warning);
//! a Word document's own images and a page's `data:` images come with it.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Format, Report};
use crate::pipeline::cover::{self, Encoding};
use crate::pipeline::{self, ArticleFile, Shared};
use crate::prepare::cover_choice::CoverChoice;
use crate::prepare::metadata::Metadata;
use crate::read::fields::Fields;
use crate::read::io::{Io, Local};
use warraq_core::error::Result;
use warraq_core::write;
use warraq_cover::font::FontFile;
use warraq_cover::picture;

/// A named file's bytes: the name says what it is (its extension, a format) and names it in
/// every message.
#[derive(Debug, Clone)]
pub struct Named {
    /// A file name, such as `cover.jpg` or `NotoNaskhArabic-Regular.ttf`.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The cover a book made in memory gets.
#[derive(Debug, Clone, Default)]
pub enum Cover {
    /// A cover drawn from the metadata when a font can set its title; else none, with a
    /// warning (what `warraq build` does without `--cover`).
    #[default]
    Drawn,
    /// A drawn cover, and an error when none can be drawn (`--cover auto`).
    Auto,
    /// No cover (`--cover none`).
    None,
    /// This image (JPEG, PNG, GIF, WebP, BMP or TIFF), made fit for a book.
    Image(Named),
}

/// What a book is made of, in memory.
#[derive(Debug, Clone)]
pub struct Request {
    /// The articles, in order; each one's name gives its format (`.txt`, `.md`, `.html`,
    /// `.docx`).
    pub articles: Vec<ArticleFile>,
    /// The metadata and options of `book.toml` (its `cover`, `font` and `articles` are not
    /// read here: see the fields below).
    pub settings: Fields,
    /// The cover.
    pub cover: Cover,
    /// A font to embed for the body text (and to set a drawn cover's title in).
    pub font: Option<Named>,
    /// EPUB or Kobo's KEPUB.
    pub format: Format,
    /// The time stamped into the book; the same request and time make the same bytes.
    pub modified: DateTime<Utc>,
}

impl Request {
    /// A request for a book of these articles, with default settings, a drawn cover, EPUB,
    /// stamped with `modified`.
    pub fn new(articles: Vec<ArticleFile>, modified: DateTime<Utc>) -> Request {
        Request {
            articles,
            settings: Fields::default(),
            cover: Cover::default(),
            font: None,
            format: Format::default(),
            modified,
        }
    }
}

/// A file made in memory: its bytes, the name `warraq build` would give it, and what the
/// build noticed.
#[derive(Debug, Clone)]
pub struct Made {
    /// The file's bytes: the EPUB, or the cover image.
    pub bytes: Vec<u8>,
    /// The file name the command line would write it under (from the title, in its script).
    pub file_name: String,
    /// The book's title.
    pub title: String,
    /// Notes and warnings.
    pub report: Report,
}

/// Makes the book `request` describes and returns its bytes.
///
/// ```
/// use chrono::DateTime;
/// use warraq::{ArticleFile, Cover, Request};
///
/// let article = ArticleFile::in_memory("article.txt", "عنوان\n\nنص المقال.".into());
/// let modified = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
/// let mut request = Request::new(vec![article], modified);
/// request.cover = Cover::None;
/// let made = warraq::build_bytes(&request)?;
/// assert!(made.bytes.starts_with(b"PK"));
/// assert_eq!(made.title, "عنوان");
/// assert_eq!(made.file_name, "عنوان.epub");
/// # Ok::<(), warraq::Error>(())
/// ```
pub fn build_bytes(request: &Request) -> Result<Made> {
    build_bytes_with(request, &Local)
}

/// [`build_bytes`], with the images the articles name (and a fetched page's own image) had
/// through `io` rather than from the disk and the network: a server that must not reach
/// private addresses, a pipeline that holds the images already.
pub fn build_bytes_with(request: &Request, io: &dyn Io) -> Result<Made> {
    let mut report = Report::default();
    let shared = shared(request, &mut report)?;
    let book = pipeline::prepare_with(
        &shared,
        request.articles.clone(),
        request.modified,
        io,
        &mut report,
    )?;
    let bytes = pipeline::render(&book, request.format)?;
    let path = write::default_path(&book.metadata.title).with_extension(request.format.extension());
    Ok(Made {
        bytes,
        file_name: file_name(&path),
        title: book.metadata.title.clone(),
        report,
    })
}

/// Draws the cover `build_bytes` would draw for `request` (its `cover` aside), as a JPEG, or a
/// PNG when `png`. Without a font that can set the title, it is an error.
///
/// ```no_run
/// use chrono::Utc;
/// use warraq::{ArticleFile, Request};
///
/// let article = ArticleFile::in_memory("article.md", "# عنوان\n\nنص.".into());
/// let made = warraq::cover_bytes(&Request::new(vec![article], Utc::now()), false)?;
/// assert!(made.bytes.starts_with(&[0xFF, 0xD8]));
/// # Ok::<(), warraq::Error>(())
/// ```
pub fn cover_bytes(request: &Request, png: bool) -> Result<Made> {
    let encoding = if png {
        Encoding::Png(None)
    } else {
        Encoding::Jpeg
    };
    draw(request, encoding)
}

/// [`cover_bytes`] as a PNG at most `width` pixels wide: a preview, such as the one
/// `warraq serve` redraws while a title is typed.
///
/// ```no_run
/// use chrono::Utc;
/// use warraq::{ArticleFile, Request};
///
/// let article = ArticleFile::in_memory("article.md", "# عنوان\n\nنص.".into());
/// let made = warraq::library::cover_preview(&Request::new(vec![article], Utc::now()), 400)?;
/// assert!(made.bytes.starts_with(b"\x89PNG"));
/// # Ok::<(), warraq::Error>(())
/// ```
pub fn cover_preview(request: &Request, width: u32) -> Result<Made> {
    draw(request, Encoding::Png(Some(width)))
}

fn draw(request: &Request, encoding: Encoding) -> Result<Made> {
    let mut report = Report::default();
    let mut without = request.clone();
    without.cover = Cover::None;
    let shared = shared(&without, &mut report)?;
    let (bytes, title) = cover::draw_bytes(
        &shared,
        request.articles.clone(),
        request.modified,
        encoding,
        &mut report,
    )?;
    let extension = if encoding == Encoding::Jpeg {
        "jpg"
    } else {
        "png"
    };
    let name = format!("{}-cover.{extension}", write::slug(&title));
    Ok(Made {
        bytes,
        file_name: name,
        title,
        report,
    })
}

/// What the book `request` describes would say of itself — its title, authors, language,
/// direction, date… from the settings and the articles — without reading an image or drawing
/// a cover: what `warraq serve` fills its form with.
///
/// ```
/// use chrono::Utc;
/// use warraq::{ArticleFile, Request};
///
/// let article = ArticleFile::in_memory("article.md", "# عنوان\n\nنص المقال.".into());
/// let (metadata, _report) = warraq::library::metadata(&Request::new(vec![article], Utc::now()))?;
/// assert_eq!(metadata.title, "عنوان");
/// assert_eq!(metadata.language().as_str(), "ar");
/// # Ok::<(), warraq::Error>(())
/// ```
pub fn metadata(request: &Request) -> Result<(Metadata, Report)> {
    let mut report = Report::default();
    let mut without = request.clone();
    without.cover = Cover::None;
    let shared = shared(&without, &mut report)?;
    let read = pipeline::read(
        &shared,
        request.articles.clone(),
        request.modified,
        &mut report,
    )?;
    Ok((read.metadata, report))
}

/// What every book of the request shares: its settings, cover and font, from bytes.
fn shared(request: &Request, report: &mut Report) -> Result<Shared> {
    let mut settings = request.settings.clone();
    settings.cover = None;
    settings.font = None;
    settings.articles.clear();
    let cover = match &request.cover {
        Cover::Drawn => CoverChoice::Drawn { asked: false },
        Cover::Auto => CoverChoice::Drawn { asked: true },
        Cover::None => CoverChoice::Without,
        Cover::Image(image) => {
            let path = Path::new(&image.name);
            let picture = picture::prepare(path, image.bytes.clone(), &mut report.warnings)?;
            CoverChoice::Image(Arc::new(picture))
        }
    };
    let font = match &request.font {
        Some(font) => Some(Arc::new(FontFile::parse(
            Path::new(&font.name),
            font.bytes.clone(),
        )?)),
        None => None,
    };
    Ok(Shared {
        fields: settings,
        cover,
        font,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
