//! Book metadata: `book.toml` and command-line flags merged into one checked [`Metadata`].

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::lang::{self, Direction, LanguageTag};

/// How the direction is chosen: forced either way, or from the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DirChoice {
    /// Right to left, whatever the language.
    Rtl,
    /// Left to right, whatever the language.
    Ltr,
    /// From the language (the default).
    Auto,
}

/// The metadata fields a user can give, from `book.toml` or from flags; all optional.
/// The same struct serves both, so the two can never drift apart.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// Book title; defaults to the article's headline.
    pub title: Option<String>,
    /// Authors, in order.
    #[serde(default)]
    pub authors: Vec<String>,
    /// BCP 47 language tag; `language` in `book.toml` is another name for it, as mdBook,
    /// Dublin Core and Calibre call it.
    #[serde(alias = "language")]
    pub lang: Option<String>,
    /// Text direction.
    pub dir: Option<DirChoice>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// A short description.
    pub description: Option<String>,
    /// Subjects or keywords.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Where the text comes from, usually a URL.
    pub source: Option<String>,
    /// Rights statement.
    pub rights: Option<String>,
    /// The book's unique identifier (`urn:isbn:…`, `urn:uuid:…`, a URL…).
    pub identifier: Option<String>,
    /// Cover image; in `book.toml`, relative to the book directory.
    pub cover: Option<PathBuf>,
    /// A TrueType or OpenType font embedded for the body text and used on a generated cover;
    /// in `book.toml`, relative to the book directory.
    pub font: Option<PathBuf>,
    /// Alternative text of the cover image (default: from the title and authors).
    pub cover_alt: Option<String>,
    /// Who certified the book's accessibility; with it the book claims EPUB Accessibility 1.1
    /// at WCAG 2.2 AA.
    pub accessibility_certifier: Option<String>,
    /// An exemption from the European Accessibility Act (`eaa-microenterprise`,
    /// `eaa-disproportionate-burden` or `eaa-fundamental-alteration`).
    pub accessibility_exemption: Option<String>,
    /// The accessibility summary (default: one written for the book, in its language).
    pub accessibility_summary: Option<String>,
    /// The articles, in order, relative to the book directory (default: every `*.txt` and
    /// `*.md` file in it, by file name).
    #[serde(default)]
    pub articles: Vec<PathBuf>,
    /// Whether a title page follows the cover (default: when there are several articles).
    pub title_page: Option<bool>,
    /// Whether a table-of-contents page lists the articles (default: when there are several).
    pub contents_page: Option<bool>,
    /// The articles' encoding as a WHATWG label (`windows-1256`, `utf-16le`…); detected when
    /// not given.
    pub encoding: Option<String>,
}

impl Fields {
    /// Fields set here win; the rest come from `base`.
    pub fn or(self, base: Fields) -> Fields {
        fn list<T>(a: Vec<T>, b: Vec<T>) -> Vec<T> {
            if a.is_empty() {
                b
            } else {
                a
            }
        }
        Fields {
            title: self.title.or(base.title),
            authors: list(self.authors, base.authors),
            lang: self.lang.or(base.lang),
            dir: self.dir.or(base.dir),
            publisher: self.publisher.or(base.publisher),
            date: self.date.or(base.date),
            description: self.description.or(base.description),
            subjects: list(self.subjects, base.subjects),
            source: self.source.or(base.source),
            rights: self.rights.or(base.rights),
            identifier: self.identifier.or(base.identifier),
            cover: self.cover.or(base.cover),
            font: self.font.or(base.font),
            cover_alt: self.cover_alt.or(base.cover_alt),
            accessibility_certifier: self
                .accessibility_certifier
                .or(base.accessibility_certifier),
            accessibility_exemption: self
                .accessibility_exemption
                .or(base.accessibility_exemption),
            accessibility_summary: self.accessibility_summary.or(base.accessibility_summary),
            articles: list(self.articles, base.articles),
            title_page: self.title_page.or(base.title_page),
            contents_page: self.contents_page.or(base.contents_page),
            encoding: self.encoding.or(base.encoding),
        }
    }

    /// Checks the values that have rules, naming `origin` in the error.
    pub fn validate(&self, origin: &Origin) -> Result<()> {
        if let Some(lang) = &self.lang {
            LanguageTag::parse(lang).map_err(|m| origin.error("lang", "--lang", m))?;
        }
        if let Some(date) = &self.date {
            parse_date(date).map_err(|m| origin.error("date", "--date", m))?;
        }
        if let Some(source) = &self.source {
            check_source(source).map_err(|m| origin.error("source", "--source", m))?;
        }
        if let Some(exemption) = &self.accessibility_exemption {
            if !EXEMPTIONS.contains(&exemption.as_str()) {
                let message = format!(
                    "{exemption:?} is not an exemption the EAA defines: use one of {}",
                    EXEMPTIONS.join(", ")
                );
                return Err(origin.error(
                    "accessibility_exemption",
                    "accessibility_exemption",
                    message,
                ));
            }
        }
        Ok(())
    }
}

/// The exemptions of the European Accessibility Act, as EPUB Accessibility 1.1 names them.
const EXEMPTIONS: &[&str] = &[
    "eaa-disproportionate-burden",
    "eaa-fundamental-alteration",
    "eaa-microenterprise",
];

/// A source that starts with a URL scheme (`https:`, `urn:`…) must be a URL that parses;
/// anything else (a newspaper's name, a citation) is free text.
fn check_source(text: &str) -> std::result::Result<(), String> {
    let scheme = text.split_once(':').map(|(scheme, _)| scheme);
    let has_scheme = scheme.is_some_and(|s| {
        s.len() >= 2
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if !has_scheme {
        return Ok(());
    }
    url::Url::parse(text).map(drop).map_err(|e| {
        format!("{text:?} is not a valid URL ({e}): a source that starts with a scheme such as https: must be a URL")
    })
}

/// Where a set of [`Fields`] came from, so an error can point there.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A `book.toml` file.
    File(PathBuf),
    /// The command line.
    Flags,
}

impl Origin {
    fn error(&self, key: &str, flag: &'static str, message: String) -> Error {
        match self {
            Origin::File(path) => Error::input(path, format!("{key}: {message}")),
            Origin::Flags => Error::Flag {
                flag,
                message,
                hint: None,
            },
        }
    }
}

/// Everything the book says about itself, checked and complete.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Authors, in order.
    pub authors: Vec<String>,
    /// Language of the book.
    pub language: LanguageTag,
    /// Direction of its text and page progression.
    pub direction: Direction,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date as given (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Subjects.
    pub subjects: Vec<String>,
    /// Source.
    pub source: Option<String>,
    /// Rights.
    pub rights: Option<String>,
    /// Unique identifier, as written into `dc:identifier`.
    pub identifier: String,
    /// The moment of `dcterms:modified` and of every zip entry.
    pub modified: DateTime<Utc>,
    /// Alternative text for the cover, when given.
    pub cover_alt: Option<String>,
    /// Accessibility claims beyond what warraq can state of every book.
    pub accessibility: Accessibility,
}

/// What a publisher states about a book's accessibility.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accessibility {
    /// The certifier of a WCAG 2.2 AA conformance claim.
    pub certifier: Option<String>,
    /// An EAA exemption.
    pub exemption: Option<String>,
    /// A summary replacing warraq's own.
    pub summary: Option<String>,
}

/// Fixed namespace for identifiers derived from a title and source (UUID v5 of "warraq").
const IDENTIFIER_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5a0b_4d3e_9f0c_5c1e_8a57_6172_7261_7100);

impl Metadata {
    /// Completes validated fields: the title from the headline, the language from the text
    /// when none is given (noted in `notes`), the direction from the language.
    pub fn resolve(
        fields: Fields,
        headline: &str,
        text: &str,
        modified: DateTime<Utc>,
        notes: &mut Vec<String>,
    ) -> Result<Metadata> {
        let title = fields
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| headline.to_string());
        let language = match fields.lang {
            Some(lang) => LanguageTag::parse(&lang).map_err(Error::Internal)?,
            None => {
                let found = lang::detect(text).ok_or_else(|| Error::Flag {
                    flag: "--lang",
                    message: "no language given and none could be detected from the text".into(),
                    hint: Some("give one with --lang TAG or `lang = \"ar\"` in book.toml".into()),
                })?;
                notes.push(format!(
                    "no language given; detected {} ({}) from the text",
                    found.tag, found.name
                ));
                found.tag
            }
        };
        let direction = match fields.dir.unwrap_or(DirChoice::Auto) {
            DirChoice::Rtl => Direction::Rtl,
            DirChoice::Ltr => Direction::Ltr,
            DirChoice::Auto => language.direction(),
        };
        let identifier = fields.identifier.unwrap_or_else(|| {
            let name = format!("{title}\n{}", fields.source.as_deref().unwrap_or(""));
            let id = uuid::Uuid::new_v5(&IDENTIFIER_NAMESPACE, name.as_bytes());
            id.urn().to_string()
        });
        Ok(Metadata {
            title,
            authors: fields.authors,
            language,
            direction,
            publisher: fields.publisher,
            date: fields.date,
            description: fields.description,
            subjects: fields.subjects,
            source: fields.source,
            rights: fields.rights,
            identifier,
            modified,
            cover_alt: fields.cover_alt,
            accessibility: Accessibility {
                certifier: fields.accessibility_certifier,
                exemption: fields.accessibility_exemption,
                summary: fields.accessibility_summary,
            },
        })
    }
}

/// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD`, each a real date.
fn parse_date(text: &str) -> std::result::Result<(), String> {
    let rule = "dates are YYYY, YYYY-MM or YYYY-MM-DD, and must exist";
    let shape_ok = matches!(text.len(), 4 | 7 | 10)
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("{text:?} is not a date: {rule}"));
    }
    let full = match text.len() {
        4 => format!("{text}-01-01"),
        7 => format!("{text}-01"),
        _ => text.to_string(),
    };
    NaiveDate::parse_from_str(&full, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|e| format!("{text:?} is not a date ({e}): {rule}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(parse_date("2019").is_ok());
        assert!(parse_date("2019-02").is_ok());
        assert!(parse_date("2019-02-27").is_ok());
        assert!(parse_date("2019-02-30").is_err());
        assert!(parse_date("2019-13").is_err());
        assert!(parse_date("27/02/2019").is_err());
        assert!(parse_date("2019-2-7").is_err());
    }

    #[test]
    fn flags_win_over_toml() {
        let toml = Fields {
            title: Some("a".into()),
            authors: vec!["x".into()],
            ..Fields::default()
        };
        let flags = Fields {
            title: Some("b".into()),
            ..Fields::default()
        };
        let merged = flags.or(toml);
        assert_eq!(merged.title.as_deref(), Some("b"));
        assert_eq!(merged.authors, vec!["x".to_string()]);
    }

    #[test]
    fn sources() {
        assert!(check_source("https://www.aljazeera.net/news/2019/2/27/x").is_ok());
        assert!(check_source("urn:warraq:seed:000_6a18982ae2c37ec8").is_ok());
        assert!(check_source("الجزيرة نت").is_ok());
        assert!(check_source("Reuters, 27 February 2019").is_ok());
        let err = check_source("https://exa mple.com/").unwrap_err();
        assert!(
            err.contains("\"https://exa mple.com/\" is not a valid URL"),
            "{err}"
        );
        assert!(check_source("http://").is_err());
    }

    #[test]
    fn identifier_is_stable_and_depends_on_title() {
        let make = |title: &str| {
            let fields = Fields {
                title: Some(title.into()),
                lang: Some("ar".into()),
                ..Fields::default()
            };
            Metadata::resolve(fields, "h", "", DateTime::UNIX_EPOCH, &mut vec![])
                .unwrap()
                .identifier
        };
        assert_eq!(make("one"), make("one"));
        assert_ne!(make("one"), make("two"));
        assert!(make("one").starts_with("urn:uuid:"));
    }
}
