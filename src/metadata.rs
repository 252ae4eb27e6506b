//! Book metadata: `book.toml` and command-line flags merged into one checked [`Metadata`].

use std::path::{Path, PathBuf};

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
    /// BCP 47 language tag.
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
    /// The article file, relative to the book directory (default `article.txt`).
    pub article: Option<PathBuf>,
}

impl Fields {
    /// Reads `book.toml`. Syntax errors, unknown keys (with the closest known key) and values
    /// of the wrong type are reported with line:column, naming the key.
    pub fn from_toml(path: &Path, text: &str) -> Result<Fields> {
        let at = |offset: usize, message: String, hint: Option<String>| {
            let (line, column) = line_column(text, offset);
            Error::Input {
                path: path.to_path_buf(),
                place: format!(":{line}:{column}"),
                message,
                hint,
            }
        };
        let table = toml::de::DeTable::parse(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().trim().to_string(), None)
        })?;
        for (key, _) in table.get_ref().iter() {
            if !KEYS.contains(&key.get_ref().as_ref()) {
                let hint = match closest_key(key.get_ref()) {
                    Some(known) => {
                        format!("did you mean `{known}`? the keys are {}", KEYS.join(", "))
                    }
                    None => format!("the keys are {}", KEYS.join(", ")),
                };
                let message = format!("unknown key `{}`", key.get_ref());
                return Err(at(key.span().start, message, Some(hint)));
            }
        }
        toml::from_str::<Fields>(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            // Name the key whose value is wrong: serde's message only names the type.
            let key = table
                .get_ref()
                .iter()
                .find(|(k, v)| k.span().contains(&offset) || v.span().contains(&offset))
                .map(|(k, _)| k.get_ref().to_string());
            let message = e.message().trim();
            let message = match key {
                Some(key) => format!("{key}: {message}"),
                None => message.to_string(),
            };
            at(
                offset,
                message,
                Some("see the book.toml table in the README".into()),
            )
        })
    }

    /// Fields set here win; the rest come from `base`.
    pub fn or(self, base: Fields) -> Fields {
        fn list(a: Vec<String>, b: Vec<String>) -> Vec<String> {
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
            article: self.article.or(base.article),
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
        Ok(())
    }
}

/// The keys of `book.toml`: the fields of [`Fields`] (a test keeps the two in step).
pub const KEYS: [&str; 13] = [
    "title",
    "authors",
    "lang",
    "dir",
    "publisher",
    "date",
    "description",
    "subjects",
    "source",
    "rights",
    "identifier",
    "cover",
    "article",
];

/// The known key an unknown one was probably meant to be: a near spelling, or a word other
/// tools use for the same thing.
fn closest_key(unknown: &str) -> Option<&'static str> {
    const SYNONYMS: [(&str, &str); 15] = [
        ("author", "authors"),
        ("creator", "authors"),
        ("creators", "authors"),
        ("language", "lang"),
        ("direction", "dir"),
        ("isbn", "identifier"),
        ("id", "identifier"),
        ("uuid", "identifier"),
        ("url", "source"),
        ("link", "source"),
        ("keywords", "subjects"),
        ("tags", "subjects"),
        ("license", "rights"),
        ("copyright", "rights"),
        ("summary", "description"),
    ];
    let lower = unknown.to_lowercase();
    if let Some((_, known)) = SYNONYMS.iter().find(|(alias, _)| *alias == lower) {
        return Some(known);
    }
    KEYS.iter()
        .map(|known| (strsim::jaro_winkler(&lower, known), *known))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, known)| known)
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

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
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
    fn toml_errors_have_line_and_column() {
        let err =
            Fields::from_toml(Path::new("book.toml"), "title = \"x\"\nlang = 3\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("book.toml:2:"), "{text}");
        assert!(text.contains("lang: invalid type"), "{text}");
        let err = Fields::from_toml(Path::new("book.toml"), "authors = [\n  \"a\",\n  3,\n]\n")
            .unwrap_err();
        assert!(
            err.to_string().starts_with("book.toml:3:3: authors:"),
            "{err}"
        );
        let err = Fields::from_toml(Path::new("book.toml"), "title = \"x\"\ntitel = \"x\"\n")
            .unwrap_err();
        assert_eq!(err.to_string(), "book.toml:2:1: unknown key `titel`");
        assert!(
            err.hint().unwrap().starts_with("did you mean `title`?"),
            "{err:?}"
        );
        let err = Fields::from_toml(Path::new("book.toml"), "title = \"x\n").unwrap_err();
        assert!(err.to_string().starts_with("book.toml:1:"), "{err}");
    }

    #[test]
    fn closest_keys() {
        assert_eq!(closest_key("author"), Some("authors"));
        assert_eq!(closest_key("Language"), Some("lang"));
        assert_eq!(closest_key("subject"), Some("subjects"));
        assert_eq!(closest_key("publsher"), Some("publisher"));
        assert_eq!(closest_key("isbn"), Some("identifier"));
        assert_eq!(closest_key("xyzzy"), None);
    }

    #[test]
    fn keys_match_the_fields() {
        // serde lists the fields it knows in an unknown-field error; KEYS must be that list.
        let err = toml::from_str::<Fields>("xyzzy = 1").unwrap_err();
        let listed: Vec<&str> = err.message().split('`').skip(3).step_by(2).collect();
        assert_eq!(listed, KEYS);
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
