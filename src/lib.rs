//! warraq turns articles, their metadata and a cover into a right-to-left EPUB 3.
//!
//! The pipeline, one way, with input/output only at the two ends:
//! files and flags → [`Book`] (metadata, articles, cover, images) → XHTML documents →
//! EPUB bytes → file.
#![warn(missing_docs)]

pub mod article;
pub mod batch;
pub mod book_cover;
pub mod book_toml;
pub mod check;
pub mod clean;
pub mod cover;
pub mod cover_art;
pub mod epub;
pub mod error;
pub mod fix;
pub mod font;
pub mod jpeg;
pub mod kepub;
pub mod lang;
pub mod metadata;
pub mod ocf;
pub mod output;
pub mod package;
pub mod scale;
pub mod source;
pub mod subset;
pub mod text;
pub mod typeset;
pub mod xhtml;
pub mod xml;
pub mod zipwrite;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

pub use crate::article::Article;
pub use crate::book_cover::{draw_cover, CoverChoice, CoverOptions};
pub use crate::cover::Cover;
pub use crate::error::{Error, Result};
pub use crate::font::FontFile;
pub use crate::metadata::{DirChoice, Fields, Metadata, Origin};
pub use crate::source::Source;

/// The file a book directory keeps its metadata in.
pub const BOOK_TOML: &str = "book.toml";

/// Everything a book is made of, read and checked.
#[derive(Debug, Clone)]
pub struct Book {
    /// Its metadata.
    pub metadata: Metadata,
    /// Its articles, in reading order.
    pub articles: Vec<Article>,
    /// Its cover, when it has one (shared between the books of a batch).
    pub cover: Option<Arc<Cover>>,
    /// The images its articles show.
    pub images: Vec<ArticleImage>,
    /// Which front-matter pages it has.
    pub layout: Layout,
    /// The font embedded for its text, when one was given.
    pub font: Option<Arc<FontFile>>,
}

/// What kind of book to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// EPUB 3, for every reader.
    #[default]
    Epub,
    /// Kobo's KEPUB: an EPUB 3 with Kobo's sentence spans, read by Kobo's own engine.
    Kepub,
}

impl Format {
    /// The file extension of a book in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Kepub => "kepub.epub",
        }
    }
}

impl Book {
    /// A book of one article with no cover or images: the text-to-book path in memory, as
    /// the property test and the fuzz target drive it.
    pub fn of_article(metadata: Metadata, article: Article) -> Book {
        Book {
            metadata,
            articles: vec![article],
            cover: None,
            images: Vec::new(),
            layout: Layout {
                title_page: false,
                contents_page: false,
            },
            font: None,
        }
    }
}

/// The pages a book has besides its cover and articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// A title page after the cover.
    pub title_page: bool,
    /// A page listing the articles.
    pub contents_page: bool,
}

/// An image an article shows, prepared by the cover's rules.
#[derive(Debug, Clone)]
pub struct ArticleImage {
    /// Which article (0-based).
    pub article: usize,
    /// The destination as the article wrote it.
    pub src: String,
    /// The image, ready to package.
    pub picture: Cover,
}

/// What `warraq build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// A book directory (with or without `book.toml`) or a single article file.
    pub input: PathBuf,
    /// Where to write the EPUB; `dist/<slug>.epub` when `None`.
    pub output: Option<PathBuf>,
    /// Metadata from flags; it overrides `book.toml`. Paths here are relative to the
    /// current directory.
    pub flags: Fields,
    /// The time stamped into the book (`SOURCE_DATE_EPOCH`); now when `None`.
    pub modified: Option<DateTime<Utc>>,
    /// EPUB or Kobo's KEPUB.
    pub format: Format,
}

/// What a build had to say besides its result: choices it made and things it repaired.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Informational lines (e.g. the language it detected).
    pub notes: Vec<String>,
    /// Warnings about the input.
    pub warnings: Vec<String>,
}

/// Builds the book described by `options`, writes it, and returns the path written.
pub fn build(options: &BuildOptions, report: &mut Report) -> Result<PathBuf> {
    options.flags.validate(&Origin::Flags)?;
    let source = Source::locate(&options.input)?;
    let fields = options.flags.clone().or(source.fields);
    let articles = if fields.articles.is_empty() {
        source.articles
    } else {
        fields.articles.clone()
    };
    let cover = CoverChoice::of(fields.cover.as_deref(), &mut report.warnings)?;
    let font = fields.font.as_deref().map(prepare_font).transpose()?;
    let mut inputs: Vec<&Path> = articles.iter().map(PathBuf::as_path).collect();
    inputs.extend(
        fields
            .cover
            .as_deref()
            .filter(|c| !book_cover::is_keyword(c)),
    );
    inputs.extend(fields.font.as_deref());
    let modified = options.modified.unwrap_or_else(Utc::now);
    let mut book = load(fields.clone(), &articles, cover.image(), modified, report)?;
    book.font = font;
    cover.complete(&mut book, &mut report.warnings)?;
    book.font = book
        .font
        .as_ref()
        .map(|font| subset::for_book(font, &book, &mut report.notes));
    let bytes = render(&book, options.format, &mut report.warnings)?;

    let output = options.output.clone().unwrap_or_else(|| {
        output::default_path(&book.metadata.title).with_extension(options.format.extension())
    });
    output::check_not_an_input(&output, &inputs)?;
    output::write_atomically(&output, &bytes)?;
    Ok(output)
}

/// Reads and checks a cover image, and starts packing it for the archive on another thread,
/// so that the largest piece of work overlaps everything else a build does.
pub fn prepare_cover(path: &Path, warnings: &mut Vec<String>) -> Result<Arc<Cover>> {
    let cover = Arc::new(cover::prepare(path, read(path)?, warnings)?);
    ocf::pack_ahead(&cover);
    Ok(cover)
}

/// Reads and checks a font to embed.
pub fn prepare_font(path: &Path) -> Result<Arc<FontFile>> {
    Ok(Arc::new(FontFile::parse(path, read(path)?)?))
}

/// Reads the articles and their images and completes the metadata: a [`Book`].
pub fn load(
    fields: Fields,
    articles: &[PathBuf],
    cover: Option<Arc<Cover>>,
    modified: DateTime<Utc>,
    report: &mut Report,
) -> Result<Book> {
    let encoding = fields
        .encoding
        .as_deref()
        .map(text::encoding_for_label)
        .transpose()?;
    // Articles are read in parallel, each with its own report, merged back in order; the
    // first failure in order is the one reported, as when they were read one by one.
    let read_one = |path: &PathBuf| {
        let mut own = Report::default();
        let article = read(path).and_then(|bytes| read_article(path, &bytes, encoding, &mut own));
        (article, own)
    };
    let mut read_all = Vec::with_capacity(articles.len());
    articles
        .par_iter()
        .map(read_one)
        .collect_into_vec(&mut read_all);
    let mut articles = Vec::with_capacity(read_all.len());
    for (article, own) in read_all {
        report.notes.extend(own.notes);
        report.warnings.extend(own.warnings);
        articles.push(article?);
    }
    let several = articles.len() > 1;
    let layout = Layout {
        title_page: fields.title_page.unwrap_or(several),
        contents_page: fields.contents_page.unwrap_or(several),
    };
    let headline = articles
        .first()
        .map(|a| a.headline.clone())
        .unwrap_or_default();
    // The text is read only to detect the language; when it is given, joining a large book's
    // text would be a copy of the whole book for nothing.
    let sample: String = if fields.lang.is_some() {
        String::new()
    } else {
        articles
            .iter()
            .map(Article::plain_text)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let metadata = Metadata::resolve(fields, &headline, &sample, modified, &mut report.notes)?;
    let images = load_images(&articles)?;
    Ok(Book {
        metadata,
        articles,
        cover,
        images,
        layout,
        font: None,
    })
}

/// An article file's bytes to an [`Article`]: decoded ([`text`]), cleaned ([`clean`]) and
/// parsed. An article with no text is an error; one with a headline alone builds, with a
/// warning.
pub fn read_article(
    path: &Path,
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
    report: &mut Report,
) -> Result<Article> {
    let text = text::decode(path, bytes, encoding, &mut report.notes)?;
    let text = clean::clean(path, &text, &mut report.warnings);
    let article = Article::parse(path, &text)?;
    if matches!(&article.body, article::Body::Paragraphs(p) if p.is_empty()) {
        report.warnings.push(format!(
            "{}: has a headline but no paragraphs; the book will hold the headline alone",
            path.display()
        ));
    }
    Ok(article)
}

/// Prepares every image the articles refer to, once per article and destination.
fn load_images(articles: &[Article]) -> Result<Vec<ArticleImage>> {
    let mut images: Vec<ArticleImage> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        for image in article.images() {
            if images
                .iter()
                .any(|i| i.article == index && i.src == image.src)
            {
                continue;
            }
            let place = format!(":{}", image.line);
            if image.src.contains(':') {
                return Err(Error::Input {
                    path: article.path.clone(),
                    place,
                    message: format!(
                        "image {:?} is not a local file; an EPUB must contain its images",
                        image.src
                    ),
                    hint: Some(
                        "download it next to the article and refer to it by a relative path".into(),
                    ),
                });
            }
            let dir = article.path.parent().unwrap_or(Path::new("."));
            let path = dir.join(&image.src);
            let bytes = fs::read(&path).map_err(|e| Error::Input {
                path: article.path.clone(),
                place: place.clone(),
                message: format!(
                    "image {:?} cannot be read ({}): {e}",
                    image.src,
                    path.display()
                ),
                hint: None,
            })?;
            // The shape warnings are for covers; an image in the text may be any shape.
            let picture = cover::prepare(&path, bytes, &mut Vec::new())?;
            images.push(ArticleImage {
                article: index,
                src: image.src,
                picture,
            });
        }
    }
    Ok(images)
}

/// Renders a book to EPUB (or KEPUB) bytes: its documents, then the package.
pub fn render(book: &Book, format: Format, warnings: &mut Vec<String>) -> Result<Vec<u8>> {
    let cover_href = book
        .cover
        .as_ref()
        .map(|c| format!("images/cover.{}", c.extension));
    let mut per_article: HashMap<usize, usize> = HashMap::new();
    let hrefs: Vec<String> = book
        .images
        .iter()
        .map(|image| {
            let n = per_article.entry(image.article).or_default();
            *n += 1;
            format!(
                "images/a{:03}-{:02}.{}",
                image.article + 1,
                n,
                image.picture.extension
            )
        })
        .collect();
    let map: xhtml::ImageMap = book
        .images
        .iter()
        .zip(&hrefs)
        .map(|(image, href)| {
            let packaged = xhtml::PackagedImage {
                href: href.clone(),
                width: image.picture.width,
                height: image.picture.height,
            };
            ((image.article, image.src.clone()), packaged)
        })
        .collect();
    let mut resources: Vec<epub::Resource> = book
        .images
        .iter()
        .zip(&hrefs)
        .map(|(image, href)| epub::Resource {
            href,
            bytes: &image.picture.bytes,
            media_type: image.picture.media_type,
        })
        .collect();
    let font_href = book.font.as_ref().map(|f| f.href());
    if let (Some(font), Some(href)) = (&book.font, &font_href) {
        resources.push(epub::Resource {
            href,
            bytes: &font.bytes,
            media_type: font.format.media_type(),
        });
    }
    let mut documents = xhtml::documents(book, cover_href.as_deref(), &map, warnings);
    if format == Format::Kepub {
        for document in &mut documents {
            document.xhtml = kepub::transform(&document.xhtml);
        }
    }
    let stylesheet = xhtml::stylesheet(book.font.as_deref().zip(font_href.as_deref()));
    let bytes = epub::package(
        book,
        &documents,
        &stylesheet,
        cover_href.as_deref(),
        &resources,
    )?;
    check_own_output(&bytes, &book.metadata)?;
    Ok(bytes)
}

/// The build's promise: every book it writes passes `warraq check` with no errors and no
/// warnings. It checks the bytes it is about to write, against the language and direction it
/// meant to give them; a finding here is a bug in warraq, not in the input.
fn check_own_output(bytes: &[u8], metadata: &Metadata) -> Result<()> {
    let findings = check::check(
        bytes,
        &check::Options {
            lang: Some(metadata.language.clone()),
            direction: Some(metadata.direction),
        },
    );
    if findings.is_empty() {
        return Ok(());
    }
    let findings: Vec<String> = findings.iter().map(ToString::to_string).collect();
    Err(Error::Internal(format!(
        "the book fails warraq check, so it was not written: {}",
        findings.join("; ")
    )))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_that_fails_the_check_is_an_internal_error() {
        let metadata = Metadata::resolve(
            Fields {
                lang: Some("ar".into()),
                ..Fields::default()
            },
            "عنوان",
            "نص",
            Utc::now(),
            &mut Vec::new(),
        )
        .unwrap();
        let error = check_own_output(b"not an epub", &metadata).unwrap_err();
        assert!(matches!(error, Error::Internal(_)), "{error}");
        assert!(error.to_string().contains("OCF-001"), "{error}");
        assert_eq!(
            error.exit_code(),
            std::process::ExitCode::from(error::exit::IO)
        );
    }
}
