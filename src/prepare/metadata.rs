//! Book metadata: `book.toml` and command-line flags merged into one checked [`Metadata`].

use chrono::{DateTime, Utc};

use crate::read::fields::{DirChoice, Fields, PubDate};
use warraq_core::document::Meta;
use warraq_core::error::{Error, Result};
use warraq_core::lang::{self, Direction, LanguageTag};

/// Everything the book says about itself, checked and complete.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Authors, in order.
    pub authors: Vec<String>,
    /// Language of the book.
    pub(crate) language: LanguageTag,
    /// Direction of its text and page progression.
    pub(crate) direction: Direction,
    /// Publisher.
    pub publisher: Option<String>,
    /// Publication date as given (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Subjects.
    pub subjects: Vec<String>,
    /// The series it belongs to, and its place in it.
    pub series: Option<(String, Option<u32>)>,
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
    pub(crate) accessibility: Accessibility,
}

/// What a publisher states about a book's accessibility.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Accessibility {
    /// The certifier of a WCAG 2.2 AA conformance claim.
    pub(crate) certifier: Option<String>,
    /// An EAA exemption.
    pub(crate) exemption: Option<String>,
    /// A summary replacing warraq's own.
    pub(crate) summary: Option<String>,
}

/// Fixed namespace for identifiers derived from a title and source (UUID v5 of "warraq").
const IDENTIFIER_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5a0b_4d3e_9f0c_5c1e_8a57_6172_7261_7100);

impl Metadata {
    /// The book's language.
    pub fn language(&self) -> &LanguageTag {
        &self.language
    }

    /// The direction of its text and pages.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Completes validated fields: the title from the headline, the language from the text
    /// when none is given (noted in `notes`), the direction from the language.
    pub(crate) fn resolve(
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
            Some(lang) => lang,
            None => {
                let found = lang::detect(text).ok_or_else(|| Error::Flag {
                    flag: "--lang",
                    message: "no language given and none could be detected from the text".into(),
                    hint: Some("give one with --lang TAG or `lang = \"ar\"` in book.toml".into()),
                })?;
                notes.push(format!(
                    "the book's language detected from its text: {} ({})",
                    found.name, found.tag
                ));
                found.tag
            }
        };
        // A subject that repeats the title is none (some sites' keywords are the headline).
        let subjects = fields
            .subjects
            .into_iter()
            .filter(|s| !same_words(s, &title))
            .collect();
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
            date: fields.date.map(|d| d.as_str().to_string()),
            description: fields.description,
            subjects,
            series: fields
                .series
                .filter(|s| !s.trim().is_empty())
                .map(|s| (s.trim().to_string(), fields.series_index)),
            source: fields.source,
            rights: fields.rights,
            identifier,
            modified,
            cover_alt: fields.cover_alt,
            accessibility: Accessibility {
                certifier: fields.accessibility_certifier,
                exemption: fields
                    .accessibility_exemption
                    .map(|e| e.as_str().to_string()),
                summary: fields.accessibility_summary,
            },
        })
    }
}

/// Whether two texts are the same words, whatever the white space and the case between them.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

/// Fills what `book.toml` and the flags leave unset from what an article's source says about
/// itself (a page's metadata, a Word document's properties): authors, language, publisher,
/// date, description, subjects and source. The title stays the headline's. A language or date
/// that does not parse is left out, with a note naming `origin`.
pub(crate) fn fill_from_source(
    fields: &mut Fields,
    meta: &Meta,
    origin: &str,
    notes: &mut Vec<String>,
) {
    if fields.authors.is_empty() {
        fields.authors = meta.authors.clone();
    }
    if fields.lang.is_none() {
        if let Some(tag) = &meta.language {
            match LanguageTag::parse(tag) {
                Ok(lang) => {
                    notes.push(format!("the book's language declared by {origin}: {lang}"));
                    fields.lang = Some(lang);
                }
                Err(message) => notes.push(format!("{origin}: language left out: {message}")),
            }
        }
    }
    if fields.date.is_none() {
        if let Some(date) = &meta.date {
            // A date-time's date, else as much of a date as it has.
            let found = [10, 7, 4]
                .into_iter()
                .filter_map(|n| date.trim().get(..n))
                .find_map(|d| PubDate::parse(d).ok());
            match found {
                Some(date) => fields.date = Some(date),
                None => notes.push(format!("{origin}: date {date:?} left out: not a date")),
            }
        }
    }
    for (field, found) in [
        (&mut fields.publisher, &meta.publisher),
        (&mut fields.description, &meta.description),
        (&mut fields.source, &meta.source),
    ] {
        if field.is_none() {
            field.clone_from(found);
        }
    }
    if fields.subjects.is_empty() {
        fields.subjects = meta.subjects.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_is_stable_and_depends_on_title() {
        let make = |title: &str| {
            let fields = Fields {
                title: Some(title.into()),
                lang: LanguageTag::parse("ar").ok(),
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

    #[test]
    fn a_source_fills_only_what_is_unset() {
        let meta = Meta {
            authors: vec!["مراسل".into()],
            language: Some("ar-SY".into()),
            date: Some("2019-03-23T10:00:00+03:00".into()),
            publisher: Some("Site".into()),
            source: Some("https://example.org/a".into()),
            subjects: vec!["x".into()],
            ..Meta::default()
        };
        let mut fields = Fields {
            publisher: Some("Given".into()),
            ..Fields::default()
        };
        let mut notes = Vec::new();
        fill_from_source(&mut fields, &meta, "a.html", &mut notes);
        assert_eq!(fields.authors, ["مراسل"]);
        assert_eq!(fields.lang.as_ref().map(LanguageTag::as_str), Some("ar-SY"));
        assert_eq!(
            fields.date.as_ref().map(PubDate::as_str),
            Some("2019-03-23")
        );
        assert_eq!(fields.publisher.as_deref(), Some("Given"));
        assert_eq!(fields.source.as_deref(), Some("https://example.org/a"));
        assert_eq!(notes, ["the book's language declared by a.html: ar-SY"]);
        let mut fields = Fields::default();
        let bad = Meta {
            language: Some("not a tag!".into()),
            date: Some("yesterday".into()),
            ..Meta::default()
        };
        fill_from_source(&mut fields, &bad, "a.html", &mut notes);
        assert!(fields.lang.is_none() && fields.date.is_none());
        assert_eq!(notes.len(), 3, "{notes:?}");
    }
}
