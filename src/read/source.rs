//! Where a book's parts are: a book directory's `book.toml` and article files, or a single
//! article file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::read::fetch;
use crate::read::fields::Fields;
use warraq_core::error::{Error, Result};

/// The file a book directory keeps its metadata in.
pub const BOOK_TOML: &str = "book.toml";

/// Where a book's parts are: its `book.toml` fields (paths made relative to the current
/// directory) and its article files, in order.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// The fields of `book.toml`, if there is one.
    pub fields: Fields,
    /// The article files: `articles` of `book.toml`, else every article file by name.
    pub articles: Vec<PathBuf>,
}

/// The formats an article can be written in, known by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArticleKind {
    /// Plain text (`.txt`, and any extension not below).
    Text,
    /// Markdown (`.md`).
    Markdown,
    /// A web page (`.html`, `.htm`, `.xhtml`).
    Html,
    /// A Word document (`.docx`).
    Docx,
}

impl ArticleKind {
    /// The format a fetched article's media type names; `None` for one warraq cannot read.
    pub(crate) fn of_media_type(media_type: &str) -> Option<ArticleKind> {
        match media_type {
            "text/html" | "application/xhtml+xml" => Some(ArticleKind::Html),
            "text/markdown" | "text/x-markdown" => Some(ArticleKind::Markdown),
            "text/plain" => Some(ArticleKind::Text),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                Some(ArticleKind::Docx)
            }
            _ => None,
        }
    }

    /// The format of the article at `path`; `None` for a file that is not an article when
    /// found in a book directory.
    pub(crate) fn of(path: &Path) -> Option<ArticleKind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" => Some(ArticleKind::Text),
            "md" => Some(ArticleKind::Markdown),
            "html" | "htm" | "xhtml" => Some(ArticleKind::Html),
            "docx" => Some(ArticleKind::Docx),
            _ => None,
        }
    }
}

impl Source {
    /// Reads a book directory, or takes a single article file as it is.
    pub fn locate(input: &Path) -> Result<Source> {
        if input.to_str().is_some_and(fetch::is_url) {
            return Ok(Source {
                fields: Fields::default(),
                articles: vec![input.to_path_buf()],
            });
        }
        if let Some(scheme) = input
            .to_str()
            .and_then(|i| i.split_once("://"))
            .map(|s| s.0)
        {
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            {
                return Err(Error::Read {
                    path: input.to_path_buf(),
                    source: std::io::Error::other(format!(
                        "{scheme}: addresses cannot be fetched; only http and https ones can"
                    )),
                });
            }
        }
        let meta = fs::metadata(input).map_err(|source| Error::Read {
            path: input.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Ok(Source {
                fields: Fields::default(),
                articles: vec![input.to_path_buf()],
            });
        }
        let toml_path = input.join(BOOK_TOML);
        let mut fields = match fs::read(&toml_path) {
            Ok(bytes) => Fields::from_book_toml(&toml_path, bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Fields::default(),
            Err(source) => {
                return Err(Error::Read {
                    path: toml_path,
                    source,
                })
            }
        };
        fields.cover = fields.cover.map(|c| c.relative_to(input));
        fields.font = fields.font.map(|f| input.join(f));
        let articles = if fields.articles.is_empty() {
            articles_in(input)?
        } else {
            // A URL stays as it is; a path is relative to the book directory.
            let place = |a: PathBuf| {
                if a.to_str().is_some_and(fetch::is_url) {
                    a
                } else {
                    input.join(a)
                }
            };
            fields.articles.drain(..).map(place).collect()
        };
        Ok(Source { fields, articles })
    }
}

/// Every article file (`*.txt`, `*.md`, `*.html`, `*.htm`, `*.xhtml`, `*.docx`) in `dir`, by
/// file name.
fn articles_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let unreadable = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut articles = Vec::new();
    for entry in fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let is_article = ArticleKind::of(&path).is_some();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if is_article && !hidden && path.is_file() {
            articles.push(path);
        }
    }
    articles.sort();
    if articles.is_empty() {
        return Err(Error::input(
            dir,
            "holds no articles (*.txt, *.md, *.html, *.htm, *.xhtml or *.docx files)",
        )
        .with_hint("add article.txt, or list the files with `articles = [...]` in book.toml"));
    }
    Ok(articles)
}
