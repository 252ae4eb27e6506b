//! An article from its file or URL to an [`Article`]: read or fetched, in its format's reader,
//! cleaned; and the cover a fetched page names as its own.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::Report;
use crate::read::files;
use crate::read::io::Io;
use crate::read::source::ArticleKind;
use crate::read::{feed, fetch};
use warraq_core::error::{Error, Result};
use warraq_core::warning::{Warning, WarningKind};
use warraq_cover::picture::{self, Picture};
use warraq_readers::article::Article;
use warraq_readers::reader::{self, Reader, Source};

/// An article file, read (or fetched).
#[derive(Debug, Clone)]
pub struct ArticleFile {
    /// Where it was read from (named in every message about it): a path or a URL.
    pub(crate) path: PathBuf,
    /// Its bytes, in whatever encoding it came in.
    pub bytes: Vec<u8>,
    /// Its format.
    pub(crate) kind: ArticleKind,
    /// The URL it came from after redirects, when it was fetched.
    pub(crate) url: Option<String>,
    /// Whether it was given as bytes (by a library caller, or as a feed's text): it has no
    /// folder, and none of its images is read from this machine.
    pub(crate) in_memory: bool,
    /// The charset its server named, when it was fetched.
    pub(crate) charset: Option<String>,
}

impl ArticleFile {
    /// Reads the article at `path`, or fetches it when `path` is an http or https URL. Its
    /// format is its extension's, or for a URL, the media type the server gives.
    pub fn read(path: &Path) -> Result<ArticleFile> {
        let name = path.to_str().filter(|p| fetch::is_url(p));
        let Some(url) = name else {
            return Ok(ArticleFile {
                path: path.to_path_buf(),
                bytes: files::bytes(path)?,
                kind: ArticleKind::of(path).unwrap_or(ArticleKind::Text),
                url: None,
                charset: None,
                in_memory: false,
            });
        };
        let fetched = fetch::get(url, fetch::RESPONSE_LIMIT).map_err(|message| Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::other(message),
        })?;
        ArticleFile::of_fetched(path, url, fetched)
    }

    /// The article `fetch` gave for `url` (named `path` in messages): its format is the
    /// media type the server gave, else the URL's extension, else a page. A type warraq does
    /// not read as an article (JSON, PDF, an image, a feed) is refused, naming it.
    pub fn of_fetched(path: &Path, url: &str, fetched: fetch::Fetched) -> Result<ArticleFile> {
        let media_type = fetched.media_type.as_deref().filter(|t| !t.is_empty());
        let by_type = media_type.and_then(ArticleKind::of_media_type);
        if let (None, Some(media_type)) = (by_type, media_type) {
            if media_type != "application/octet-stream" {
                let what = if feed::is_feed_type(media_type) {
                    "a feed, which makes an edition, not an article"
                } else {
                    "not a page, text or document warraq reads"
                };
                return Err(Error::input(
                    path,
                    format!("is served as {media_type}: {what}"),
                )
                .with_hint(
                    "give the address of an article's page (HTML), or a feed's to `warraq edition`",
                ));
            }
        }
        let kind = by_type
            .or_else(|| ArticleKind::of(Path::new(url.split(['?', '#']).next().unwrap_or(url))))
            .unwrap_or(ArticleKind::Html);
        Ok(ArticleFile {
            path: path.to_path_buf(),
            bytes: fetched.bytes,
            kind,
            url: Some(fetched.url),
            charset: fetched.charset,
            in_memory: false,
        })
    }

    /// An article whose bytes are already in memory, its format by its name's extension.
    pub fn in_memory(path: impl Into<PathBuf>, bytes: Vec<u8>) -> ArticleFile {
        let path = path.into();
        ArticleFile {
            kind: ArticleKind::of(&path).unwrap_or(ArticleKind::Text),
            path,
            bytes,
            url: None,
            charset: None,
            in_memory: true,
        }
    }
}

/// Reads the article files, in parallel; the first failure in order is the one reported. A
/// book of one URL whose page was `fetched` already takes it.
pub(super) fn read_articles(
    paths: &[PathBuf],
    fetched: Option<fetch::Fetched>,
) -> Result<Vec<ArticleFile>> {
    if let (Some(fetched), [path]) = (fetched, paths) {
        let url = fetched.url.clone();
        return Ok(vec![ArticleFile::of_fetched(path, &url, fetched)?]);
    }
    let mut read_all = Vec::with_capacity(paths.len());
    paths
        .par_iter()
        .map(|path| ArticleFile::read(path))
        .collect_into_vec(&mut read_all);
    read_all.into_iter().collect()
}

/// The most blocks and inlines an article may have: its XHTML document then has under a
/// million XML nodes, which `warraq check` (and the build's own check) reads at most. A 50 MB
/// article of ordinary paragraphs has about 110,000.
const MAX_ARTICLE_SIZE: usize = 400_000;

/// The image a fetched page names as its own (`og:image`, JSON-LD `image`): the cover of a
/// book of that one page when it was given none. One that cannot be fetched or used is left
/// out with a warning, and a cover is drawn instead.
pub(super) fn page_cover(
    articles: &[Article],
    io: &dyn Io,
    warnings: &mut Vec<Warning>,
) -> Option<Arc<Picture>> {
    let [article] = articles else { return None };
    let url = article.meta.image.as_deref().filter(|u| fetch::is_url(u))?;
    if !article.path.to_str().is_some_and(fetch::is_url) {
        return None;
    }
    let picture = io
        .fetch(url, fetch::RESPONSE_LIMIT)
        .map_err(|message| Error::input(url, message))
        .and_then(|bytes| picture::prepare(Path::new(url), bytes, warnings));
    match picture {
        Ok(picture) => {
            let cover = Arc::new(picture);
            cover.pack_ahead();
            Some(cover)
        }
        Err(error) => {
            warnings.push(Warning::new(
                WarningKind::Cover,
                format!(
                    "{}: the page's image is not the cover, one is drawn: {error}",
                    article.path.display()
                ),
            ));
            None
        }
    }
}

/// Says of an article whose text may not be its source's why, and what was taken: a warning,
/// or, when `strict`, an error.
pub(crate) fn doubt(article: &Article, strict: bool, report: &mut Report) -> Result<()> {
    let Some(why) = &article.doubt else {
        return Ok(());
    };
    let message = doubt_message(article, why);
    if strict {
        return Err(Error::input(&article.path, message).with_hint(
            "look at the page, and give its article as a file of its own; without --strict \
             (or strict = true in book.toml) it builds with a warning",
        ));
    }
    let path = article.path.display();
    report.warnings.push(Warning::new(
        WarningKind::Article,
        format!("{path}: {message}"),
    ));
    Ok(())
}

/// Why an article's text may not be its source's, and what was taken (its first words and
/// its length), so that the user can judge.
fn doubt_message(article: &Article, why: &str) -> String {
    let mut text = String::new();
    article.body.plain_text(&mut text);
    let words: Vec<&str> = text.split_whitespace().collect();
    let opening = words.iter().take(12).copied().collect::<Vec<_>>().join(" ");
    let more = if words.len() > 12 { "…" } else { "" };
    format!(
        "the article found may not be the page's ({why}); taken: “{opening}{more}” ({} words)",
        words.len()
    )
}

/// An article file's bytes to an [`Article`] by its format's [`Reader`]: a page or a Word
/// document read into the model and its text cleaned; any other file decoded, cleaned and
/// parsed. An article with no text is an error; one with a headline alone builds, with a
/// warning.
pub fn read_article(
    file: &ArticleFile,
    encoding: Option<&'static encoding_rs::Encoding>,
    report: &mut Report,
) -> Result<Article> {
    let source = Source {
        path: file.path.as_path(),
        bytes: file.bytes.as_slice(),
        url: file.url.as_deref(),
        charset: file.charset.as_deref(),
        encoding,
    };
    let reader: &dyn Reader = match file.kind {
        ArticleKind::Text => &reader::Text,
        ArticleKind::Markdown => &reader::Markdown,
        ArticleKind::Html => &reader::Html,
        ArticleKind::Docx => &reader::Docx,
    };
    let path = source.path;
    let mut article = reader.read(&source, &mut report.warnings, &mut report.notes)?;
    article.url.clone_from(&file.url);
    article.in_memory = file.in_memory;
    if article.body.size() > MAX_ARTICLE_SIZE {
        return Err(Error::input(
            path,
            format!(
                "has more than {MAX_ARTICLE_SIZE} paragraphs and pieces of text, more than one \
                 document of a book holds and reading systems open"
            ),
        )
        .with_hint("split it into several articles of one book"));
    }
    let headline_blocks = usize::from(article.body.headline_at.is_some());
    if article.body.blocks.len() <= headline_blocks {
        report.warnings.push(Warning::new(
            WarningKind::Article,
            format!(
                "{}: has a headline but no paragraphs; the book will hold the headline alone",
                path.display()
            ),
        ));
    }
    Ok(article)
}

/// The Word reader's own test packages, compiled into these tests too: a `cfg(test)` module
/// is not seen across crates, and a feature for it would build the readers twice.
#[cfg(test)]
#[path = "../../crates/readers/src/docx/fixture.rs"]
#[allow(dead_code)]
mod docx_fixture;

#[cfg(test)]
mod tests {
    use super::docx_fixture::{ar, article_with, document, p, STYLES};
    use super::*;
    use warraq_core::document::Block;
    use warraq_core::lang::LanguageTag;

    #[test]
    fn a_word_document_declaring_english_around_arabic_loses_it_where_its_text_is_arabic() {
        // Word's `en-US` default, and no language for right-to-left text: every paragraph,
        // the Arabic ones too, is in en-US.
        let styles = STYLES.replace(r#" w:bidi="ar-SA""#, "");
        let body = [
            p("a3", &ar("عنوان المقال")),
            p(
                "",
                &ar("نص عربي طويل بما يكفي ليكون مقالًا كاملًا يُقرأ من اليمين إلى اليسار."),
            ),
            p("", r#"<w:r><w:t>An English sentence.</w:t></w:r>"#),
        ]
        .concat();
        let file = ArticleFile::in_memory("a.docx", article_with(&document(&body), &styles));
        let mut report = Report::default();
        let article = read_article(&file, None, &mut report).expect("reads");
        assert_eq!(article.lang, None, "the book's language is detected");
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.message.contains("declares the language en-US")
                    && w.message.contains("right to left")),
            "{:?}",
            report.warnings
        );
        let langs: Vec<(String, Option<&str>)> = article
            .body
            .blocks
            .iter()
            .filter_map(|block| match block {
                Block::Heading { attrs, content, .. } | Block::Paragraph { attrs, content } => {
                    let mut text = String::new();
                    warraq_core::document::inline_text(content, &mut text);
                    Some((text, attrs.lang.as_ref().map(LanguageTag::as_str)))
                }
                _ => None,
            })
            .collect();
        let [(title, None), (arabic, None), (english, Some("en-US"))] = &langs[..] else {
            panic!("the Arabic paragraphs lose en-US, the English one keeps it: {langs:?}");
        };
        assert_eq!(title, "عنوان المقال");
        assert!(arabic.starts_with("نص عربي"));
        assert_eq!(english, "An English sentence.");
    }
}
