//! Every format's reader behind one trait: an article's bytes, where they came from and the
//! encoding the user or its server named, to an [`Article`] with its text cleaned and its links
//! written in their serialised form. Plain text and Markdown are decoded ([`crate::text`]),
//! cleaned line by line and parsed; a web page ([`crate::html`]) and a Word document
//! ([`crate::docx`]) are read into the document model, cleaned text by text, and a language
//! they declare against their own text set aside.

use std::path::Path;

use encoding_rs::Encoding;

use crate::article::Article;
use crate::{clean, docx, html, links, text};
use warraq_core::document::Parsed;
use warraq_core::error::Result;
use warraq_core::lang::{Direction, LanguageTag, Script};
use warraq_core::warning::{Warning, WarningKind};

/// An article's bytes, as a reader is handed them.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Where it was read from, a path or a URL: it names the article in every message.
    pub path: &'a Path,
    /// Its bytes, in whatever encoding they came in.
    pub bytes: &'a [u8],
    /// The URL it was fetched from, after redirects: a page's relative links and images are
    /// resolved against it.
    pub url: Option<&'a str>,
    /// The charset its server named, when it was fetched.
    pub charset: Option<&'a str>,
    /// The encoding the user named for text (`--encoding`); detected when `None`.
    pub encoding: Option<&'static Encoding>,
}

/// One format's reader.
pub trait Reader: Sync {
    /// The article in `source`, its text cleaned, without its links made serial yet; what it
    /// notices goes to `warnings` and `notes`.
    fn parse(
        &self,
        source: &Source,
        warnings: &mut Vec<Warning>,
        notes: &mut Vec<String>,
    ) -> Result<Article>;

    /// The article in `source`, its text cleaned and every link written in its serialised
    /// form (or left out, its text kept, with a warning).
    ///
    /// ```
    /// use std::path::Path;
    /// use warraq_readers::reader::{Markdown, Reader, Source};
    ///
    /// let source = Source {
    ///     path: Path::new("a.md"),
    ///     bytes: "# عنوان\n\nنص [رابط](http://example.com/a b).".as_bytes(),
    ///     url: None,
    ///     charset: None,
    ///     encoding: None,
    /// };
    /// let (mut warnings, mut notes) = (Vec::new(), Vec::new());
    /// let article = Markdown.read(&source, &mut warnings, &mut notes)?;
    /// assert_eq!(article.headline, "عنوان");
    /// # Ok::<(), warraq_core::Error>(())
    /// ```
    fn read(
        &self,
        source: &Source,
        warnings: &mut Vec<Warning>,
        notes: &mut Vec<String>,
    ) -> Result<Article> {
        let mut article = self.parse(source, warnings, notes)?;
        links::normalise(source.path, &mut article.body, warnings);
        Ok(article)
    }
}

/// Plain text: the first line is the headline.
#[derive(Debug, Clone, Copy)]
pub struct Text;

/// Markdown (CommonMark with tables, footnotes and strikethrough).
#[derive(Debug, Clone, Copy)]
pub struct Markdown;

/// A web page: the article found in it.
#[derive(Debug, Clone, Copy)]
pub struct Html;

/// A Word document (`.docx`).
#[derive(Debug, Clone, Copy)]
pub struct Docx;

impl Reader for Text {
    fn parse(&self, source: &Source, w: &mut Vec<Warning>, n: &mut Vec<String>) -> Result<Article> {
        plain(source, false, w, n)
    }
}

impl Reader for Markdown {
    fn parse(&self, source: &Source, w: &mut Vec<Warning>, n: &mut Vec<String>) -> Result<Article> {
        plain(source, true, w, n)
    }
}

impl Reader for Html {
    fn parse(&self, source: &Source, w: &mut Vec<Warning>, _: &mut Vec<String>) -> Result<Article> {
        let served = source.url.map(|url| html::Served {
            url,
            charset: source.charset,
        });
        rich(
            source.path,
            html::read(source.path, source.bytes, served, w)?,
            w,
        )
    }
}

impl Reader for Docx {
    fn parse(&self, source: &Source, w: &mut Vec<Warning>, _: &mut Vec<String>) -> Result<Article> {
        rich(source.path, docx::read(source.path, source.bytes, w)?, w)
    }
}

/// Text or Markdown: decoded (a charset the server named counts as one given, unless the user
/// gives another; one warraq does not know is left to detection), cleaned, parsed.
fn plain(
    source: &Source,
    markdown: bool,
    warnings: &mut Vec<Warning>,
    notes: &mut Vec<String>,
) -> Result<Article> {
    let served = source
        .charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::REPLACEMENT);
    let text = text::decode(source.path, source.bytes, source.encoding.or(served), notes)?;
    let text = clean::clean(source.path, &text, warnings);
    Article::parse_as(source.path, &text, markdown, warnings)
}

/// A page or a Word document read into the model: cleaned, its language weighed, made an
/// article.
fn rich(path: &Path, mut parsed: Parsed, warnings: &mut Vec<Warning>) -> Result<Article> {
    clean::clean_document(path, &mut parsed.document, warnings);
    clean::clean_source_fields(&mut parsed);
    distrust_language(path, &mut parsed, warnings);
    Article::of_parsed(path, parsed)
}

/// A page or Word document that declares a language written in the other direction than
/// most of its text (WordPress's `<html lang="en-US">` around an Arabic article, Word's `en-US`
/// default) does not decide the book's language: the declaration is dropped, with a warning,
/// and the language is detected from the text as for any article that declares none. The
/// paragraphs and spans that repeat it (a Word document's every paragraph) drop it too, unless
/// their own text is written in its direction.
fn distrust_language(path: &Path, parsed: &mut Parsed, warnings: &mut Vec<Warning>) {
    let mut text = parsed.headline.clone().unwrap_or_default();
    parsed.document.plain_text(&mut text);
    let mut letters = Script::default();
    letters.count(&text);
    let Some(direction) = letters.direction() else {
        return;
    };
    let declared = [
        parsed.meta.language.as_deref(),
        parsed.attrs.lang.as_ref().map(LanguageTag::as_str),
    ];
    let contrary: Vec<LanguageTag> = declared
        .into_iter()
        .flatten()
        .filter_map(|tag| LanguageTag::parse(tag).ok())
        .filter(|tag| tag.direction() != direction)
        .collect();
    let Some(first) = contrary.first() else {
        return;
    };
    warnings.push(Warning::new(
        WarningKind::Article,
        format!(
            "{}: declares the language {first}, but most of its text is written {}; \
         the language is taken from the text instead (give --lang to choose)",
            path.display(),
            if direction == Direction::Rtl {
                "right to left"
            } else {
                "left to right"
            }
        ),
    ));
    parsed.meta.language = None;
    parsed.attrs.lang = None;
    parsed.attrs.dir = None;
    for tag in &contrary {
        parsed.document.set_aside_language(tag);
    }
}
