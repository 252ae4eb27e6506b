//! Clean text to an [`Article`]: its front matter, headline and body. No markup here.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::error::{Error, Result};
use crate::lang::LanguageTag;
use crate::prepare::text::line_column;

/// One article: where it came from, its headline, its body and its own language if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The file it was read from, for messages.
    pub path: PathBuf,
    /// The headline: front matter's `title`, else the first non-empty line (text) or the
    /// first `#` heading (Markdown).
    pub headline: String,
    /// The text after the headline.
    pub body: Body,
    /// The article's own language, from its front matter.
    pub lang: Option<LanguageTag>,
    /// The article's own author, from its front matter.
    pub author: Option<String>,
    /// The 1-based line of the file its body starts on (after any front matter).
    pub first_line: usize,
}

/// An article's body, by the format it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Plain text: one paragraph per non-empty line, normalised.
    Paragraphs(Vec<String>),
    /// CommonMark with footnotes, tables and strikethrough, NFC-normalised. When the headline
    /// came from its first `#` heading, `headline_at` is that heading's byte range, which the
    /// renderer writes as the article's `h1`.
    Markdown {
        /// The Markdown source.
        source: String,
        /// Where the headline heading is in `source`, when it came from there.
        headline_at: Option<std::ops::Range<usize>>,
    },
}

/// An image an article refers to, as written, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The destination as written in the Markdown.
    pub src: String,
    /// 1-based line in the article (front matter included).
    pub line: usize,
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

/// The Markdown extensions warraq reads.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

impl Article {
    /// Reads an article from clean text (LF line ends). Markdown when `path` ends in `.md`.
    /// An article without text is an error; so is a Markdown article with no headline.
    pub fn parse(path: &Path, text: &str) -> Result<Article> {
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
        let is_markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let (headline, body) = if is_markdown {
            let source: String = body.nfc().collect();
            let found = first_h1(&source);
            match (title, found) {
                (Some(title), _) => (
                    title,
                    Body::Markdown {
                        source,
                        headline_at: None,
                    },
                ),
                (None, Some((headline, range))) => (
                    headline,
                    Body::Markdown {
                        source,
                        headline_at: Some(range),
                    },
                ),
                (None, None) if source.trim().is_empty() => return Err(no_text()),
                (None, None) => {
                    return Err(Error::Input {
                        path: path.to_path_buf(),
                        place: format!(":{body_line}:1"),
                        message: "has no `# ` heading to be its headline".into(),
                        hint: Some(
                            "start it with `# Headline`, or give `title` in +++ front matter"
                                .into(),
                        ),
                    })
                }
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
            (headline, Body::Paragraphs(lines.collect()))
        };
        Ok(Article {
            path: path.to_path_buf(),
            headline,
            body,
            lang,
            author: front.author.filter(|a| !a.trim().is_empty()),
            first_line: body_line,
        })
    }

    /// Headline and body text joined by newlines: what language detection reads.
    pub fn plain_text(&self) -> String {
        let mut text = self.headline.clone();
        match &self.body {
            Body::Paragraphs(paragraphs) => {
                for p in paragraphs {
                    text.push('\n');
                    text.push_str(p);
                }
            }
            Body::Markdown { source, .. } => {
                for event in Parser::new_ext(source, markdown_options()) {
                    if let Event::Text(t) = event {
                        text.push('\n');
                        text.push_str(&t);
                    }
                }
            }
        }
        text
    }

    /// The images a Markdown article refers to, in order; none for plain text.
    pub fn images(&self) -> Vec<ImageRef> {
        let Body::Markdown { source, .. } = &self.body else {
            return Vec::new();
        };
        let offset_lines = self.first_line - 1;
        let mut images: Vec<ImageRef> = Vec::new();
        let mut inside = false;
        for (event, range) in Parser::new_ext(source, markdown_options()).into_offset_iter() {
            match event {
                Event::Start(Tag::Image { dest_url, .. }) => {
                    inside = true;
                    images.push(ImageRef {
                        src: dest_url.to_string(),
                        line: line_column(source, range.start).0 + offset_lines,
                        alt: String::new(),
                    });
                }
                Event::End(TagEnd::Image) => inside = false,
                Event::Text(t) | Event::Code(t) if inside => {
                    if let Some(image) = images.last_mut() {
                        image.alt.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        images
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

/// The text and byte range of the first level-1 heading.
fn first_h1(source: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut inside: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(source, markdown_options()).into_offset_iter() {
        match (&mut inside, event) {
            (
                None,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }),
            ) => {
                inside = Some((String::new(), range.start));
            }
            (Some((text, _)), Event::Text(t) | Event::Code(t)) => text.push_str(&t),
            (Some((text, start)), Event::End(TagEnd::Heading(_))) => {
                let headline = normalise_line(text);
                return (!headline.is_empty()).then_some((headline, *start..range.end));
            }
            _ => {}
        }
    }
    None
}

/// Folds each run of white space into one space and trims the ends, then NFC-normalises.
/// No-break spaces are typed on purpose (they bind a number to its unit) and are kept.
pub fn normalise_line(line: &str) -> String {
    let folded: Vec<&str> = line
        .split(is_breaking_space)
        .filter(|w| !w.is_empty())
        .collect();
    let joined = folded.join(" ");
    // Most text is in NFC already, which the quick check confirms without normalising.
    if unicode_normalization::is_nfc_quick(joined.chars()) == IsNormalized::Yes {
        joined
    } else {
        joined.nfc().collect()
    }
}

/// Formatting characters that show nothing by themselves: zero-width spaces and joiners,
/// directional marks, embeddings and isolates, the word joiner and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// White space that separates words; the no-break spaces bind and are not among it.
pub fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(text: &str) -> Article {
        Article::parse(Path::new("a.txt"), text).unwrap()
    }

    fn paragraphs(a: &Article) -> &[String] {
        match &a.body {
            Body::Paragraphs(p) => p,
            Body::Markdown { .. } => panic!("not text"),
        }
    }

    #[test]
    fn headline_then_paragraphs() {
        let a = txt("\n\n  Title  here \n\nfirst\tpara\n  \nsecond\n");
        assert_eq!(a.headline, "Title here");
        assert_eq!(paragraphs(&a), ["first para", "second"]);
    }

    #[test]
    fn empty_text_is_an_error() {
        let err = Article::parse(Path::new("a.txt"), " \n\t\n").unwrap_err();
        assert!(err.to_string().contains("has no text"), "{err}");
    }

    #[test]
    fn invisible_lines_are_empty() {
        let err = Article::parse(Path::new("a.txt"), "\u{202E}\u{202C}\n \u{200F} \u{FEFF}\n")
            .unwrap_err();
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
        let err = Article::parse(
            Path::new("a.txt"),
            "+++\ntitle = \"x\"\nlnag = \"en\"\n+++\nx\n",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("a.txt:3:"), "{err}");
        let err = Article::parse(Path::new("a.txt"), "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("never closed"), "{err}");
    }

    #[test]
    fn markdown_headline_is_the_first_h1() {
        let a = Article::parse(
            Path::new("a.md"),
            "intro\n\n# The *Title*\n\ntext ![alt](img.png)\n",
        )
        .unwrap();
        assert_eq!(a.headline, "The Title");
        assert_eq!(
            a.images(),
            [ImageRef {
                src: "img.png".into(),
                line: 5,
                alt: "alt".into(),
            }]
        );
        let err = Article::parse(Path::new("a.md"), "no heading\n").unwrap_err();
        assert!(err.to_string().contains("heading"), "{err}");
    }
}
