//! The book's settings as a user gives them, in `book.toml` or as flags: one struct for both,
//! each value typed as it is read (a language tag, a date, a cover choice, an exemption), so
//! nothing later parses it again.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use warraq_core::error::{Error, Result};
use warraq_core::lang::LanguageTag;

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
    pub lang: Option<LanguageTag>,
    /// Text direction.
    pub dir: Option<DirChoice>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<PubDate>,
    /// A short description.
    pub description: Option<String>,
    /// Subjects or keywords.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// The series the book belongs to (`belongs-to-collection`).
    pub series: Option<String>,
    /// Its place in the series, from 1.
    pub series_index: Option<u32>,
    /// Where the text comes from, usually a URL.
    pub source: Option<String>,
    /// Rights statement.
    pub rights: Option<String>,
    /// The book's unique identifier (`urn:isbn:…`, `urn:uuid:…`, a URL…).
    pub identifier: Option<String>,
    /// The cover: an image (in `book.toml`, relative to the book directory), `auto` or `none`.
    pub cover: Option<CoverArg>,
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
    pub accessibility_exemption: Option<Exemption>,
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
    /// The articles' encoding, named by a WHATWG label (`windows-1256`, `utf-16le`…);
    /// detected when not given.
    pub encoding: Option<TextEncoding>,
    /// Whether a page whose article is in doubt (what was taken may be a cookie notice or a
    /// list of other stories) stops the build (exit 65) rather than building with a warning.
    pub strict: Option<bool>,
}

impl Fields {
    /// Fields set here win; the rest come from `base`.
    pub(crate) fn or(self, base: Fields) -> Fields {
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
            series: self.series.or(base.series),
            series_index: self.series_index.or(base.series_index),
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
            strict: self.strict.or(base.strict),
        }
    }

    /// Checks the values whose rules their types do not carry (the source), naming
    /// `origin` in the error.
    pub(crate) fn validate(&self, origin: &Origin) -> Result<()> {
        if let Some(source) = &self.source {
            check_source(source).map_err(|m| origin.error("source", "--source", m))?;
        }
        Ok(())
    }
}

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
    /// The error for `key` (in a file) or `flag` (on the command line).
    pub(crate) fn error(&self, key: &str, flag: &'static str, message: String) -> Error {
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

/// A publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each a real date, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct PubDate(String);

impl PubDate {
    /// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD`, each a real date; the error says why not.
    pub fn parse(text: &str) -> std::result::Result<PubDate, String> {
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
            .map(|_| PubDate(text.to_string()))
            .map_err(|e| format!("{text:?} is not a date ({e}): {rule}"))
    }

    /// The date as written.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PubDate {
    type Error = String;
    fn try_from(text: String) -> std::result::Result<PubDate, String> {
        PubDate::parse(&text)
    }
}

/// The articles' encoding, from a WHATWG label (`utf-8`, `utf-16le`, `windows-1256`, `cp1256`,
/// `iso-8859-6`, `arabic`…), parsed where it is given: `--encoding` or `book.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct TextEncoding(&'static encoding_rs::Encoding);

impl TextEncoding {
    /// The encoding `label` names; the error says which labels are accepted.
    pub fn parse(label: &str) -> std::result::Result<TextEncoding, String> {
        match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
            Some(encoding) if encoding != encoding_rs::REPLACEMENT => Ok(TextEncoding(encoding)),
            _ => Err(format!(
                "{label:?} is not an encoding warraq knows: give a WHATWG label, e.g. utf-8, utf-16le, utf-16be, windows-1256, iso-8859-6"
            )),
        }
    }

    /// The encoding.
    pub(crate) fn get(self) -> &'static encoding_rs::Encoding {
        self.0
    }
}

impl TryFrom<String> for TextEncoding {
    type Error = String;
    fn try_from(label: String) -> std::result::Result<TextEncoding, String> {
        TextEncoding::parse(&label)
    }
}

/// What the `cover` key or `--cover` asks for. The words are keywords only on their own:
/// `./auto` is a file named `auto`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "PathBuf")]
pub enum CoverArg {
    /// This image.
    Image(PathBuf),
    /// A drawn cover, and an error when none can be drawn (`auto`).
    Auto,
    /// No cover (`none`).
    None,
}

impl From<PathBuf> for CoverArg {
    fn from(path: PathBuf) -> CoverArg {
        if path == Path::new("auto") {
            CoverArg::Auto
        } else if path == Path::new("none") {
            CoverArg::None
        } else {
            CoverArg::Image(path)
        }
    }
}

impl CoverArg {
    /// The image file, when it names one.
    pub(crate) fn image(&self) -> Option<&Path> {
        match self {
            CoverArg::Image(path) => Some(path),
            CoverArg::Auto | CoverArg::None => None,
        }
    }

    /// The same choice with an image path taken relative to `dir`.
    pub(crate) fn relative_to(self, dir: &Path) -> CoverArg {
        match self {
            CoverArg::Image(path) => CoverArg::Image(dir.join(path)),
            other => other,
        }
    }
}

/// An exemption from the European Accessibility Act, as EPUB Accessibility 1.1 names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Exemption {
    /// `eaa-disproportionate-burden`.
    #[serde(rename = "eaa-disproportionate-burden")]
    DisproportionateBurden,
    /// `eaa-fundamental-alteration`.
    #[serde(rename = "eaa-fundamental-alteration")]
    FundamentalAlteration,
    /// `eaa-microenterprise`.
    #[serde(rename = "eaa-microenterprise")]
    Microenterprise,
}

impl Exemption {
    /// Every exemption, in the order messages list them.
    const ALL: [Exemption; 3] = [
        Exemption::DisproportionateBurden,
        Exemption::FundamentalAlteration,
        Exemption::Microenterprise,
    ];

    /// The exemption `text` names (its `a11y:exemption` value), as `book.toml` takes it.
    pub fn parse(text: &str) -> Result<Exemption, String> {
        Exemption::ALL
            .into_iter()
            .find(|e| e.as_str() == text.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = Exemption::ALL.iter().map(|e| e.as_str()).collect();
                format!(
                    "{text:?} is not an exemption; give one of {}",
                    known.join(", ")
                )
            })
    }

    /// The value of `a11y:exemption`.
    pub fn as_str(self) -> &'static str {
        match self {
            Exemption::DisproportionateBurden => "eaa-disproportionate-burden",
            Exemption::FundamentalAlteration => "eaa-fundamental-alteration",
            Exemption::Microenterprise => "eaa-microenterprise",
        }
    }
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
