//! warraq turns articles, their metadata and a cover into a right-to-left EPUB 3.
//!
//! The pipeline, one way, with input/output only at the two ends:
//! files and flags → [`Book`] (metadata, articles, cover, images) → XHTML documents →
//! EPUB bytes → file.
#![warn(missing_docs)]

pub mod article;
pub mod batch;
pub mod cover;
pub mod cover_art;
pub mod epub;
pub mod error;
pub mod font;
pub mod kepub;
pub mod lang;
pub mod metadata;
pub mod ocf;
pub mod output;
pub mod source;
pub mod subset;
pub mod text;
pub mod typeset;
pub mod xhtml;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use crate::article::Article;
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
    let (cover, cover_asked) = cover_plan(fields.cover.as_deref())?;
    let font = fields.font.as_deref().map(prepare_font).transpose()?;
    let mut inputs: Vec<&Path> = articles.iter().map(PathBuf::as_path).collect();
    inputs.extend(fields.cover.as_deref().filter(|c| !source::is_auto(c)));
    inputs.extend(fields.font.as_deref());
    let modified = options.modified.unwrap_or_else(Utc::now);
    let mut book = load(fields.clone(), &articles, cover, modified, report)?;
    book.font = font;
    if book.cover.is_none() {
        book.cover = generate_cover(&book, cover_asked, &mut report.warnings)?;
    }
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

/// The cover a `cover` field asks for: an image read and checked, or none; `true` when it
/// is `auto`, an explicit request to draw one.
pub fn cover_plan(cover: Option<&Path>) -> Result<(Option<Arc<Cover>>, bool)> {
    match cover {
        Some(path) if source::is_auto(path) => Ok((None, true)),
        Some(path) => Ok((Some(Arc::new(prepare_cover(path)?)), false)),
        None => Ok((None, false)),
    }
}

/// Reads and checks a cover image.
pub fn prepare_cover(path: &Path) -> Result<Cover> {
    cover::prepare(path, read(path)?)
}

/// Reads and checks a font to embed.
pub fn prepare_font(path: &Path) -> Result<Arc<FontFile>> {
    Ok(Arc::new(FontFile::parse(path, read(path)?)?))
}

/// Draws a cover for a book that has none. When it was `asked` for, a missing font is an
/// error; otherwise the book goes without a cover, with a warning saying why.
pub fn generate_cover(
    book: &Book,
    asked: bool,
    warnings: &mut Vec<String>,
) -> Result<Option<Arc<Cover>>> {
    let font = book.font.as_ref().and_then(|f| f.sfnt());
    match cover_art::draw(&cover_text(&book.metadata), font) {
        Ok(image) => Ok(Some(Arc::new(cover::from_pixels(&image)?))),
        Err(Error::NoFont { message, hint }) if !asked => {
            warnings.push(format!(
                "the book has no cover and none could be drawn: {message}; {hint}"
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What a generated cover says about the book.
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
/// path written. Any cover image the book names is ignored: this is the drawn one.
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
    let font = fields.font.as_deref().map(prepare_font).transpose()?;
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
    let inputs: Vec<&Path> = articles.iter().map(PathBuf::as_path).collect();
    output::check_not_an_input(&output, &inputs)?;
    output::write_atomically(&output, &bytes)?;
    Ok(output)
}

/// Reads the articles and their images and completes the metadata: a [`Book`].
pub fn load(
    fields: Fields,
    articles: &[PathBuf],
    cover: Option<Arc<Cover>>,
    modified: DateTime<Utc>,
    report: &mut Report,
) -> Result<Book> {
    let articles = articles
        .iter()
        .map(|path| {
            let text = text::decode(path, &read(path)?, &mut report.warnings)?;
            Article::parse(path, &text)
        })
        .collect::<Result<Vec<_>>>()?;
    let several = articles.len() > 1;
    let layout = Layout {
        title_page: fields.title_page.unwrap_or(several),
        contents_page: fields.contents_page.unwrap_or(several),
    };
    let headline = articles
        .first()
        .map(|a| a.headline.clone())
        .unwrap_or_default();
    let sample: String = articles
        .iter()
        .map(Article::plain_text)
        .collect::<Vec<_>>()
        .join("\n");
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
            let picture = cover::prepare(&path, bytes)?;
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
    epub::package(
        book,
        &documents,
        &stylesheet,
        cover_href.as_deref(),
        &resources,
    )
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}
