//! The pipeline every entry point runs, in one direction: read the inputs ([`Shared`] and
//! [`ArticleFile`]), prepare a [`Book`] from them ([`prepare`]: text decoded and cleaned,
//! metadata resolved, cover and images made ready), render its documents and package them
//! ([`render`]), write the file ([`warraq_core::write`]). `warraq build`, `--each` ([`batch`]),
//! `warraq cover` (`cover`), the property test and the fuzz target all call [`prepare`].

mod articles;
pub mod batch;
pub(crate) mod cover;
pub mod edition;
mod images;
mod reading;

use articles::{page_cover, read_articles};
pub use articles::{read_article, ArticleFile};
pub(crate) use reading::read;
use reading::Read;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Book, Format, Report};
use crate::package::epub;
use crate::prepare::cover_choice::CoverChoice;
use crate::prepare::metadata::Metadata;
use crate::prepare::subset;
use crate::read::fields::{Fields, Origin};
use crate::read::io::{Io, Local};
use crate::read::{files, source::Source};
use crate::render::xhtml;
use warraq_core::{error::Error, error::Result, warning::Warning, write};
use warraq_cover::font::FontFile;
use warraq_epub::zipwrite::Packed;

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

/// What every book of a run shares, read once: the settings (flags over `book.toml`), the
/// cover choice with its image read and prepared, and the font to embed.
#[derive(Debug, Clone)]
pub struct Shared {
    /// The settings, merged; `articles`, `cover` and `font` are taken out into their own.
    pub fields: Fields,
    /// Which cover each book gets.
    pub cover: CoverChoice,
    /// The font to embed, when one is given.
    pub font: Option<Arc<FontFile>>,
}

impl Shared {
    /// Reads what `fields` names besides the articles (the cover image, the font), taking
    /// those keys out of it.
    pub(crate) fn read(mut fields: Fields, warnings: &mut Vec<Warning>) -> Result<Shared> {
        let cover = CoverChoice::of(fields.cover.take(), warnings)?;
        let font = fields
            .font
            .take()
            .as_deref()
            .map(prepare_font)
            .transpose()?;
        fields.articles.clear();
        Ok(Shared {
            fields,
            cover,
            font,
        })
    }

    /// Settings with no files to read: no cover, no font.
    pub fn of_fields(fields: Fields) -> Shared {
        Shared {
            fields,
            cover: CoverChoice::Without,
            font: None,
        }
    }
}

/// The settings and article files of the book at `input` (a book directory or an article),
/// with `flags` over its `book.toml`: the articles are those flags or `book.toml` list, else
/// the directory's.
pub(crate) fn locate(input: &Path, flags: &Fields) -> Result<(Fields, Vec<PathBuf>)> {
    flags.validate(&Origin::Flags)?;
    let source = Source::locate(input)?;
    let mut fields = flags.clone().or(source.fields);
    let articles = if fields.articles.is_empty() {
        source.articles
    } else {
        std::mem::take(&mut fields.articles)
    };
    Ok((fields, articles))
}

/// Builds the book described by `options`, writes it, and returns the path written.
pub fn build(options: &BuildOptions, report: &mut Report) -> Result<PathBuf> {
    let fetched = match edition::feed_or_page(options, report)? {
        edition::Input::Edition(written) => return Ok(written),
        edition::Input::Page(fetched) => fetched,
    };
    let (fields, paths) = locate(&options.input, &options.flags)?;
    let mut inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    inputs.extend(fields.cover.as_ref().and_then(|c| c.image()));
    inputs.extend(fields.font.as_deref());
    let inputs: Vec<PathBuf> = inputs.into_iter().map(Path::to_path_buf).collect();
    let shared = Shared::read(fields, &mut report.warnings)?;
    let articles = read_articles(&paths, fetched)?;
    let modified = options.modified.unwrap_or_else(Utc::now);
    let book = prepare(&shared, articles, modified, report)?;
    let bytes = render(&book, options.format)?;
    let output = options.output.clone().unwrap_or_else(|| {
        write::default_path(&book.metadata.title).with_extension(options.format.extension())
    });
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    write::check_not_an_input(&output, &inputs)?;
    write::write_atomically(&output, &bytes)?;
    Ok(output)
}

/// Reads and checks a font to embed.
pub(crate) fn prepare_font(path: &Path) -> Result<Arc<FontFile>> {
    Ok(Arc::new(FontFile::parse(path, files::bytes(path)?)?))
}

/// The one preparing step: the articles decoded, cleaned and parsed (in parallel, each with
/// its own report, merged back in order), the metadata completed, the images they show
/// prepared, the cover drawn when that is the choice, the font subset to the book's text.
pub fn prepare(
    shared: &Shared,
    articles: Vec<ArticleFile>,
    modified: DateTime<Utc>,
    report: &mut Report,
) -> Result<Book> {
    prepare_with(shared, articles, modified, &Local, report)
}

/// [`prepare`], with the images and the page's cover the articles name had through `io`.
pub fn prepare_with(
    shared: &Shared,
    articles: Vec<ArticleFile>,
    modified: DateTime<Utc>,
    io: &dyn Io,
    report: &mut Report,
) -> Result<Book> {
    let Read {
        articles,
        metadata,
        layout,
    } = read(shared, articles, modified, report)?;
    let images = images::prepare(&articles, io, report)?;
    let mut book = Book {
        metadata,
        articles,
        cover: shared.cover.image(),
        images,
        layout,
        font: shared.font.clone(),
        edition: None,
    };
    if matches!(shared.cover, CoverChoice::Drawn { asked: false }) {
        book.cover = page_cover(&book.articles, io, &mut report.warnings);
    }
    if book.cover.is_none() {
        shared.cover.complete(&mut book, &mut report.warnings)?;
    }
    book.font = book
        .font
        .as_ref()
        .map(|font| subset::for_book(font, &book, &mut report.notes));
    Ok(book)
}

/// Where a book's cover and images go in the package, and what its documents call them.
struct Places {
    cover_href: Option<String>,
    /// Each of `book.images`' entry name, in order.
    image_hrefs: Vec<String>,
    images: xhtml::ImageMap,
}

impl Places {
    fn of(book: &Book) -> Places {
        let cover_href = book
            .cover
            .as_ref()
            .map(|c| format!("images/cover.{}", c.extension));
        let mut per_article: HashMap<usize, usize> = HashMap::new();
        let image_hrefs: Vec<String> = book
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
        let images: xhtml::ImageMap = book
            .images
            .iter()
            .zip(&image_hrefs)
            .map(|(image, href)| {
                let packaged = xhtml::PackagedImage {
                    href: href.clone(),
                    width: image.picture.width,
                    height: image.picture.height,
                };
                ((image.article, image.src.clone()), packaged)
            })
            .collect();
        Places {
            cover_href,
            image_hrefs,
            images,
        }
    }

    /// The book's documents in `format`, each passed through `then` as soon as it is written.
    fn documents(
        &self,
        book: &Book,
        format: Format,
        then: impl Fn(xhtml::Document) -> xhtml::Document + Sync,
    ) -> Vec<xhtml::Document> {
        xhtml::documents_then(
            book,
            self.cover_href.as_deref(),
            &self.images,
            format == Format::Kepub,
            then,
        )
    }
}

/// The book's XHTML documents in `format`, as [`render`] writes them, unpacked: for a caller
/// that looks at the markup (a fuzz target, a preview) without making the archive.
pub fn documents(book: &Book, format: Format) -> Vec<xhtml::Document> {
    Places::of(book).documents(book, format, |document| document)
}

/// Renders a book to EPUB (or KEPUB) bytes: its documents, then the package.
pub fn render(book: &Book, format: Format) -> Result<Vec<u8>> {
    let places = Places::of(book);
    let mut resources: Vec<epub::Resource> = book
        .images
        .iter()
        .zip(&places.image_hrefs)
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
    // Each document packed as soon as it is written, its XHTML let go: the 50 MB anthology's
    // 53 MB of markup are never all in memory beside its text (BENCHMARKS.md).
    let documents = places.documents(book, format, |mut document| {
        document.packed = Some(Packed::deflated(
            document.xhtml.as_bytes(),
            warraq_epub::packing::TEXT_LEVEL,
        ));
        document.xhtml = String::new();
        document
    });
    let stylesheet = xhtml::stylesheet(book.font.as_deref().zip(font_href.as_deref()));
    let bytes = epub::package(
        book,
        &documents,
        &stylesheet,
        places.cover_href.as_deref(),
        &resources,
    )?;
    check_own_output(&bytes, &book.metadata)?;
    Ok(bytes)
}

/// The build's promise: every book it writes passes `warraq check` with no errors and no
/// warnings. It checks the bytes it is about to write, against the language and direction it
/// meant to give them; a finding here is a bug in warraq, not in the input.
fn check_own_output(bytes: &[u8], metadata: &Metadata) -> Result<()> {
    let findings = warraq_check::check(
        bytes,
        &warraq_check::Options {
            lang: Some(metadata.language.clone()),
            direction: Some(metadata.direction),
            own_archive: true,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_that_fails_the_check_is_an_internal_error() {
        let metadata = Metadata::resolve(
            Fields {
                lang: warraq_core::lang::LanguageTag::parse("ar").ok(),
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
            std::process::ExitCode::from(warraq_core::error::exit::IO)
        );
    }
}
