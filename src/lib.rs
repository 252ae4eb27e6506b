//! warraq turns an article, its metadata and a cover into a right-to-left EPUB 3.
//!
//! The pipeline, one way, with input/output only at the two ends:
//! files and flags → [`Book`] (metadata, article, cover) → XHTML documents → EPUB bytes → file.
#![warn(missing_docs)]

pub mod article;
pub mod book_toml;
pub mod clean;
pub mod cover;
pub mod epub;
pub mod error;
pub mod lang;
pub mod metadata;
pub mod ocf;
pub mod output;
pub mod text;
pub mod xhtml;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use crate::article::Article;
pub use crate::cover::Cover;
pub use crate::error::{Error, Result};
pub use crate::metadata::{DirChoice, Fields, Metadata, Origin};

/// The file a book directory keeps its metadata in.
pub const BOOK_TOML: &str = "book.toml";
/// The article a book directory holds unless `book.toml` names another.
pub const DEFAULT_ARTICLE: &str = "article.txt";

/// Everything a book is made of, read and checked.
#[derive(Debug, Clone)]
pub struct Book {
    /// Its metadata.
    pub metadata: Metadata,
    /// Its one article.
    pub article: Article,
    /// Its cover, when it has one.
    pub cover: Option<Cover>,
}

/// What `warraq build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// A book directory (holding `book.toml`) or a single article file.
    pub input: PathBuf,
    /// Where to write the EPUB; `dist/<slug>.epub` when `None`.
    pub output: Option<PathBuf>,
    /// Metadata from flags; it overrides `book.toml`. A cover here is relative to the
    /// current directory.
    pub flags: Fields,
    /// The time stamped into the book (`SOURCE_DATE_EPOCH`); now when `None`.
    pub modified: Option<DateTime<Utc>>,
    /// The article's encoding as a WHATWG label (`--encoding`); detected when `None`.
    pub encoding: Option<String>,
}

/// What a build had to say besides its result: choices it made and things it repaired.
#[derive(Debug, Default)]
pub struct Report {
    /// Informational lines (e.g. the language it detected).
    pub notes: Vec<String>,
    /// Warnings about the input.
    pub warnings: Vec<String>,
}

/// Builds the book described by `options`, writes it, and returns the path written.
pub fn build(options: &BuildOptions, report: &mut Report) -> Result<PathBuf> {
    options.flags.validate(&Origin::Flags)?;
    let encoding = options
        .encoding
        .as_deref()
        .map(text::encoding_for_label)
        .transpose()?;
    let (dir_fields, article_path) = locate(&options.input)?;
    let fields = options.flags.clone().or(dir_fields);
    let article_path = fields.article.clone().unwrap_or(article_path);

    let article = read_article(&article_path, &read(&article_path)?, encoding, report)?;
    let cover_path = fields.cover.clone();
    let metadata = Metadata::resolve(
        fields,
        &article.headline,
        &article.plain_text(),
        options.modified.unwrap_or_else(Utc::now),
        &mut report.notes,
    )?;
    let cover = match &cover_path {
        Some(path) => Some(cover::prepare(path, read(path)?, &mut report.warnings)?),
        None => None,
    };
    let book = Book {
        metadata,
        article,
        cover,
    };
    let bytes = epub::package(&book)?;

    let output = options
        .output
        .clone()
        .unwrap_or_else(|| output::default_path(&book.metadata.title));
    let mut inputs = vec![article_path.as_path(), options.input.as_path()];
    inputs.extend(cover_path.as_deref());
    output::check_not_an_input(&output, &inputs)?;
    output::write_atomically(&output, &bytes)?;
    Ok(output)
}

/// An article file's bytes to an [`Article`]: decoded ([`text`]), cleaned ([`clean`]) and
/// split into headline and paragraphs. An article with no text is an error; one with a
/// headline alone builds, with a warning.
pub fn read_article(
    path: &Path,
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
    report: &mut Report,
) -> Result<Article> {
    let text = text::decode(path, bytes, encoding, &mut report.notes)?;
    let text = clean::clean(path, &text, &mut report.warnings);
    let article = Article::parse(&text).ok_or_else(|| {
        Error::input(path, "has no text").with_hint("the first non-empty line is the headline")
    })?;
    if article.paragraphs.is_empty() {
        report.warnings.push(format!(
            "{}: has a headline but no paragraphs; the book will hold the headline alone",
            path.display()
        ));
    }
    Ok(article)
}

/// Finds the metadata and the article for an input: a book directory (with or without
/// `book.toml`) or a single article file. Paths in `book.toml` are made relative to its
/// directory here, before they are merged with flags, which are relative to the current one.
fn locate(input: &Path) -> Result<(Fields, PathBuf)> {
    let meta = fs::metadata(input).map_err(|source| Error::Read {
        path: input.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Ok((Fields::default(), input.to_path_buf()));
    }
    let toml_path = input.join(BOOK_TOML);
    let mut fields = match fs::read(&toml_path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| {
                Error::input(
                    &toml_path,
                    format!(
                        "is not valid UTF-8 (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
                .with_hint("TOML files are UTF-8; save it as UTF-8")
            })?;
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
            let fields = Fields::from_toml(&toml_path, text)?;
            fields.validate(&Origin::File(toml_path.clone()))?;
            fields
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Fields::default(),
        Err(source) => {
            return Err(Error::Read {
                path: toml_path,
                source,
            })
        }
    };
    fields.cover = fields.cover.map(|c| input.join(c));
    let article = input.join(
        fields
            .article
            .take()
            .unwrap_or_else(|| DEFAULT_ARTICLE.into()),
    );
    Ok((fields, article))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}
