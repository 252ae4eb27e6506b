//! Clean text to an [`Article`]: its front matter, headline and body. No markup here.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::markdown;
use crate::text::line_column;
use warraq_core::document::{is_invisible, normalise_line, Document, Meta, Parsed};
use warraq_core::error::{Error, Result};
use warraq_core::lang::LanguageTag;
use warraq_core::warning::Warning;

/// One article: where it came from, its headline, its body and its own language if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The file it was read from, for messages.
    pub path: PathBuf,
    /// The headline: front matter's `title`, else the first non-empty line (text) or the
    /// first `#` heading (Markdown), or what the page or document names as its title.
    pub headline: String,
    /// The body, in the one document model whatever the format.
    pub body: Document,
    /// The article's own language, from its front matter.
    pub lang: Option<LanguageTag>,
    /// The article's own author, from its front matter.
    pub author: Option<String>,
    /// The 1-based line of the file its body starts on (after any front matter).
    pub(crate) first_line: usize,
    /// What its source says about itself (a page's or a Word document's metadata).
    pub meta: Meta,
    /// Whether an image it shows that cannot be had is left out with a warning (pages and
    /// Word documents, whose images the user did not place) rather than stopping the build.
    pub images_optional: bool,
    /// The URL it was fetched from: only a fetched article's images are fetched, and none of
    /// its images is a file on this machine.
    pub url: Option<String>,
    /// Whether it was given as bytes, with no folder: none of its images is read from this
    /// machine.
    pub in_memory: bool,
    /// Why its text may not be the source's article, when there is reason to think so.
    pub doubt: Option<String>,
}

/// An image an article refers to, as written, with where it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Its `src` as written.
    pub src: String,
    /// Where the article names it, for messages (`:line`, or ` (place)`).
    pub place: String,
    /// Its alternative text.
    pub alt: String,
}

/// The `+++` TOML front matter an article may open with.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    lang: Option<String>,
    author: Option<String>,
}

impl Article {
    /// Reads an article from clean text (LF line ends). Markdown when `path` ends in `.md`
    /// (raw HTML in it is shown as text, with a warning). An article without text is an
    /// error; so is a Markdown article with no headline.
    pub fn parse(path: &Path, text: &str, warnings: &mut Vec<Warning>) -> Result<Article> {
        let markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        Article::parse_as(path, text, markdown, warnings)
    }

    /// [`Article::parse`], Markdown when `markdown` says so whatever the name (a fetched
    /// article whose server said `text/markdown`).
    pub fn parse_as(
        path: &Path,
        text: &str,
        markdown: bool,
        warnings: &mut Vec<Warning>,
    ) -> Result<Article> {
        let (front, body, body_line) = split_front_matter(path, text)?;
        let lang = match &front.lang {
            Some(tag) => Some(
                LanguageTag::parse(tag)
                    .map_err(|m| Error::input(path, format!("front matter: lang: {m}")))?,
            ),
            None => None,
        };
        let title = front
            .title
            .as_deref()
            .map(normalise_line)
            .filter(|t| !t.is_empty());
        let no_text = || {
            Error::input(path, "has no text").with_hint("the first non-empty line is the headline")
        };
        let (headline, body) =
            if markdown {
                let source: String = body.nfc().collect();
                let mut document = markdown::read(&source, path, body_line, warnings);
                match title {
                    Some(title) => (title, document),
                    None => match document.take_headline() {
                        Some(headline) => (headline, document),
                        None if source.trim().is_empty() => return Err(no_text()),
                        None => return Err(Error::Input {
                            path: path.to_path_buf(),
                            place: format!(":{body_line}:1"),
                            message: "has no `# ` heading to be its headline".into(),
                            hint: Some(
                                "start it with `# Headline`, or give `title` in +++ front matter"
                                    .into(),
                            ),
                        }),
                    },
                }
            } else {
                // A line with nothing visible (white space of any kind, no-break spaces too, and
                // invisible formatting characters) is empty: it must not become a blank headline.
                let mut lines = body
                    .lines()
                    .filter(|l| !l.chars().all(|c| c.is_whitespace() || is_invisible(c)))
                    .map(normalise_line);
                let headline = match title {
                    Some(title) => title,
                    None => lines.next().ok_or_else(no_text)?,
                };
                (headline, Document::of_paragraphs(lines))
            };
        Ok(Article {
            path: path.to_path_buf(),
            headline,
            body,
            lang,
            author: front.author.filter(|a| !a.trim().is_empty()),
            first_line: body_line,
            meta: Meta::default(),
            images_optional: false,
            in_memory: false,
            doubt: None,
            url: None,
        })
    }

    /// An article from a page's or a Word document's reader, its text already cleaned. The
    /// headline is the one the source gives, else its first paragraph; the byline its authors.
    pub fn of_parsed(path: &Path, parsed: Parsed) -> Result<Article> {
        let Parsed {
            headline,
            attrs,
            mut document,
            meta,
            doubt,
        } = parsed;
        // The headline the source gives; else its first heading of any level (a document
        // that opens with a Heading 2), else its first paragraph; else, for an article of
        // tables or lists alone, its title or its file's name.
        let given = headline
            .map(|h| normalise_line(&h))
            .filter(|h| !h.is_empty());
        let headline = match given.or_else(|| document.first_heading()) {
            Some(headline) => headline,
            None => match document.take_first_paragraph() {
                Some(headline) => headline,
                None => {
                    let mut text = String::new();
                    document.plain_text(&mut text);
                    if text.trim().is_empty() {
                        return Err(Error::input(path, "has no text")
                            .with_hint("the article must hold a paragraph"));
                    }
                    meta.title
                        .as_deref()
                        .map(normalise_line)
                        .filter(|t| !t.is_empty())
                        .or_else(|| {
                            path.file_stem()
                                .map(|s| normalise_line(&s.to_string_lossy()))
                        })
                        .unwrap_or_default()
                }
            },
        };
        // The source's metadata may name the same language more precisely (`ar-IQ` for a page
        // that says `lang="ar"`): the article then states the more precise one.
        let declared = meta
            .language
            .as_deref()
            .and_then(|l| LanguageTag::parse(l).ok());
        let lang = match (attrs.lang, declared) {
            (Some(own), Some(declared)) if own.primary() == declared.primary() => Some(declared),
            (own, _) => own,
        };
        Ok(Article {
            path: path.to_path_buf(),
            headline,
            body: document,
            lang,
            author: (!meta.authors.is_empty()).then(|| meta.authors.join(", ")),
            first_line: 1,
            meta,
            images_optional: true,
            in_memory: false,
            url: None,
            doubt,
        })
    }

    /// Headline and body text joined by newlines: what language detection reads.
    pub fn plain_text(&self) -> String {
        let mut text = self.headline.clone();
        self.body.plain_text(&mut text);
        text
    }

    /// The images the article shows, in order.
    pub fn images(&self) -> Vec<ImageRef> {
        self.body
            .images()
            .into_iter()
            .map(|image| ImageRef {
                src: image.src.clone(),
                place: image.place.clone(),
                alt: image.alt.clone(),
            })
            .collect()
    }
}

/// Splits `+++` TOML front matter from the body. Returns the front matter, the body and the
/// 1-based line the body starts on.
fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(FrontMatter, &'a str, usize)> {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return Ok((FrontMatter::default(), text, 1));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end_matches('\n') == "+++" {
            let toml_text = &rest[..offset];
            let front: FrontMatter = toml::from_str(toml_text).map_err(|e| {
                let (line, column) = e.span().map_or((0, 0), |s| line_column(toml_text, s.start));
                Error::Input {
                    path: path.to_path_buf(),
                    place: format!(":{}:{column}", line + 1),
                    message: format!("front matter: {}", e.message().trim()),
                    hint: Some("front matter keys are title, lang and author".into()),
                }
            })?;
            let body_line = toml_text.lines().count() + 3;
            return Ok((front, &rest[offset + line.len()..], body_line));
        }
        offset += line.len();
    }
    Err(Error::Input {
        path: path.to_path_buf(),
        place: ":1:1".into(),
        message: "front matter opened with +++ is never closed".into(),
        hint: Some("end it with a line holding only +++".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, text: &str) -> Result<Article> {
        Article::parse(Path::new(path), text, &mut Vec::new())
    }

    fn txt(text: &str) -> Article {
        parse("a.txt", text).unwrap()
    }

    fn paragraphs(a: &Article) -> Vec<String> {
        let mut text = String::new();
        a.body.plain_text(&mut text);
        text.lines().skip(1).map(str::to_string).collect()
    }

    #[test]
    fn headline_then_paragraphs() {
        let a = txt("\n\n  Title  here \n\nfirst\tpara\n  \nsecond\n");
        assert_eq!(a.headline, "Title here");
        assert_eq!(paragraphs(&a), ["first para", "second"]);
    }

    #[test]
    fn empty_text_is_an_error() {
        let err = parse("a.txt", " \n\t\n").unwrap_err();
        assert!(err.to_string().contains("has no text"), "{err}");
    }

    #[test]
    fn invisible_lines_are_empty() {
        let err = parse("a.txt", "\u{202E}\u{202C}\n \u{200F} \u{FEFF}\n").unwrap_err();
        assert!(err.to_string().contains("has no text"), "{err}");
        let a = txt("\u{200F}\nx\n\u{2067}\u{2069}\n\u{200F}y");
        assert_eq!((a.headline.as_str(), paragraphs(&a).len()), ("x", 1));
    }

    #[test]
    fn nfc_and_no_break_spaces() {
        let a = txt("e\u{301}t\u{E9}\n5\u{A0}km  x");
        assert_eq!(a.headline, "\u{E9}t\u{E9}");
        assert_eq!(paragraphs(&a), ["5\u{A0}km x"]);
    }

    #[test]
    fn front_matter_gives_title_language_and_author() {
        let a = txt("+++\ntitle = \"Hello\"\nlang = \"en\"\nauthor = \"Ann\"\n+++\nfirst line\n");
        assert_eq!(a.headline, "Hello");
        assert_eq!(a.lang.as_ref().unwrap().as_str(), "en");
        assert_eq!(a.author.as_deref(), Some("Ann"));
        assert_eq!(paragraphs(&a), ["first line"]);
    }

    #[test]
    fn front_matter_errors_are_placed() {
        let err = parse("a.txt", "+++\ntitle = \"x\"\nlnag = \"en\"\n+++\nx\n").unwrap_err();
        assert!(err.to_string().starts_with("a.txt:3:"), "{err}");
        let err = parse("a.txt", "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("never closed"), "{err}");
    }

    #[test]
    fn markdown_headline_is_the_first_h1() {
        let a = parse("a.md", "intro\n\n# The *Title*\n\ntext ![alt](img.png)\n").unwrap();
        assert_eq!(a.headline, "The Title");
        assert_eq!(
            a.images(),
            [ImageRef {
                src: "img.png".into(),
                place: ":5".into(),
                alt: "alt".into(),
            }]
        );
        let err = parse("a.md", "no heading\n").unwrap_err();
        assert!(err.to_string().contains("heading"), "{err}");
    }

    #[test]
    fn a_source_without_a_headline_takes_its_first_heading_or_its_name() {
        use warraq_core::document::{Block, Cell, Row, Table};
        let heading = Block::Heading {
            level: 2,
            attrs: Default::default(),
            content: vec![warraq_core::document::Inline::Text("A table".into())],
        };
        let table = Block::Table(Table {
            body: vec![Row {
                cells: vec![Cell {
                    header: false,
                    attrs: Default::default(),
                    colspan: 1,
                    rowspan: 1,
                    blocks: vec![Block::paragraph("Name")],
                }],
            }],
            ..Table::default()
        });
        let parsed = |blocks: Vec<Block>| Parsed {
            document: Document {
                blocks,
                ..Document::default()
            },
            ..Parsed::default()
        };
        let a =
            Article::of_parsed(Path::new("t.docx"), parsed(vec![heading, table.clone()])).unwrap();
        assert_eq!(
            (a.headline.as_str(), a.body.headline_at),
            ("A table", Some(0))
        );
        let a = Article::of_parsed(Path::new("dir/tables.docx"), parsed(vec![table])).unwrap();
        assert_eq!((a.headline.as_str(), a.body.blocks.len()), ("tables", 1));
        assert!(Article::of_parsed(Path::new("e.docx"), parsed(Vec::new())).is_err());
    }
}
