//! Reading `edition.toml`, an edition's recipe: its title and language, its sections and their
//! feeds, and what to take from them. Unknown keys are refused with the closest known one,
//! and every value is typed as it is read, each error with `line:column` (as `book.toml`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::read::fields::CoverArg;
use crate::read::recipe_values::{feed_place, parse_age};
use crate::read::toml_keys;
use warraq_core::error::{Error, Result};
use warraq_core::lang::LanguageTag;

/// How many articles a section takes when its recipe does not say.
pub(crate) const MAX_ARTICLES: usize = 10;
/// The most articles a section may be asked for.
pub(crate) const MAX_ARTICLES_CEILING: usize = 500;

/// An edition's recipe, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipe {
    /// The edition's name, on its masthead and cover.
    pub title: String,
    /// Its language: the masthead's, the navigation's and the default of its articles.
    pub lang: LanguageTag,
    /// Its publisher, when named.
    pub publisher: Option<String>,
    /// The edition's number, when given.
    pub number: Option<u32>,
    /// The date of edition number 1: a daily edition's number is counted from it.
    pub(crate) first_edition: Option<chrono::NaiveDate>,
    /// The cover: an image, `auto` (drawn), `none`; drawn when not given.
    pub cover: Option<CoverArg>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One section of an edition and what it takes from its feeds.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Its heading.
    pub title: String,
    /// Its feeds: http or https URLs, or files (relative to the recipe's directory).
    pub feeds: Vec<String>,
    /// The language of its articles when they say none, if not the edition's.
    pub lang: Option<LanguageTag>,
    /// The most articles it takes, counted before any is fetched.
    pub(crate) max_articles: usize,
    /// The oldest article it takes, by its feed's date.
    pub(crate) oldest: Option<Duration>,
    /// Link patterns an article must match one of (none: any).
    pub(crate) include: Vec<String>,
    /// Link patterns that leave an article out.
    pub(crate) exclude: Vec<String>,
    /// Where an article's text comes from.
    pub(crate) text: TextFrom,
}

/// Where an article's text comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TextFrom {
    /// The feed's own full text when it has some, else the linked page.
    #[default]
    Auto,
    /// The feed's own content (`content:encoded`, `atom:content`, `content_html`), else its
    /// summary: nothing is fetched.
    Feed,
    /// The linked page, fetched, and its article found.
    Page,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecipe {
    title: String,
    #[serde(alias = "language")]
    lang: String,
    publisher: Option<String>,
    number: Option<u32>,
    first_edition: Option<toml::value::Datetime>,
    cover: Option<PathBuf>,
    max_articles: Option<usize>,
    oldest: Option<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    text: Option<TextFrom>,
    #[serde(default)]
    sections: Vec<RawSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: String,
    feeds: Vec<String>,
    #[serde(alias = "language")]
    lang: Option<String>,
    max_articles: Option<usize>,
    oldest: Option<String>,
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    text: Option<TextFrom>,
}

/// The keys of the recipe's top level.
pub(crate) const KEYS: [&str; 13] = [
    "title",
    "lang",
    "publisher",
    "number",
    "first_edition",
    "cover",
    "max_articles",
    "oldest",
    "include",
    "exclude",
    "text",
    "sections",
    "language",
];
/// The keys of a `[[sections]]` table.
pub(crate) const SECTION_KEYS: [&str; 9] = [
    "title",
    "feeds",
    "lang",
    "max_articles",
    "oldest",
    "include",
    "exclude",
    "text",
    "language",
];

impl Recipe {
    /// Reads the recipe at `path` from its bytes (UTF-8, a byte-order mark allowed).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Recipe> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::input(
                path,
                format!(
                    "is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
            .with_hint("TOML files are UTF-8; save it as UTF-8")
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        Recipe::from_toml(path, text)
    }

    /// Reads a recipe's text; feeds that are files are made relative to the recipe's
    /// directory.
    pub(crate) fn from_toml(path: &Path, text: &str) -> Result<Recipe> {
        let at = |offset, message, hint| toml_keys::at(path, text, offset, message, hint);
        let table = toml::de::DeTable::parse(text).map_err(|e| {
            at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().into(),
                None,
            )
        })?;
        unknown_keys(table.get_ref(), &KEYS, "", &at)?;
        if let Some(sections) = table.get_ref().get("sections") {
            if let toml::de::DeValue::Array(array) = sections.get_ref() {
                for section in array.iter() {
                    if let toml::de::DeValue::Table(t) = section.get_ref() {
                        unknown_keys(t, &SECTION_KEYS, "sections.", &at)?;
                    }
                }
            }
        }
        let raw: RawRecipe = toml::from_str(text).map_err(|e| {
            let hint = Some("see the edition.toml table in docs/editions.md".into());
            at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().into(),
                hint,
            )
        })?;
        let whole = |message: String, hint: &str| Error::input(path, message).with_hint(hint);
        resolve(raw, path.parent().unwrap_or(Path::new("")), &whole)
    }
}

/// Refuses the first key of `table` that is not in `known`, with the closest known one.
fn unknown_keys(
    table: &toml::de::DeTable,
    known: &[&str],
    prefix: &str,
    at: &impl Fn(usize, String, Option<String>) -> Error,
) -> Result<()> {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref().as_ref();
        if known.contains(&name) {
            continue;
        }
        const SYNONYMS: [(&str, &str); 10] = [
            ("feed", "feeds"),
            ("url", "feeds"),
            ("urls", "feeds"),
            ("section", "sections"),
            ("limit", "max_articles"),
            ("max", "max_articles"),
            ("articles", "max_articles"),
            ("max_age", "oldest"),
            ("since", "oldest"),
            ("age", "oldest"),
        ];
        let closest = toml_keys::closest(name, known, &SYNONYMS);
        let keys = known
            .iter()
            .filter(|k| **k != "language")
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let hint = match closest {
            Some(k) => format!("did you mean `{k}`? the keys are {keys}"),
            None => format!("the keys are {keys}"),
        };
        return Err(at(
            key.span().start,
            format!("unknown key `{prefix}{name}`"),
            Some(hint),
        ));
    }
    Ok(())
}

/// The raw recipe checked and typed; `dir` is where its files are.
fn resolve(raw: RawRecipe, dir: &Path, whole: &impl Fn(String, &str) -> Error) -> Result<Recipe> {
    let lang = |tag: &str| {
        LanguageTag::parse(tag).map_err(|e| {
            whole(
                format!("lang: {e}"),
                "give a BCP 47 tag such as ar, fa, he or en",
            )
        })
    };
    let age = |text: &Option<String>| -> Result<Option<Duration>> {
        text.as_deref()
            .map(|t| {
                parse_age(t).map_err(|e| {
                    whole(
                        format!("oldest: {e}"),
                        "write e.g. \"2 days\", \"36 hours\" or \"1 week\"",
                    )
                })
            })
            .transpose()
    };
    let limit = |n: Option<usize>| -> Result<usize> {
        match n {
            Some(0) => Err(whole(
                "max_articles: must be at least 1".into(),
                "leave the section out instead",
            )),
            Some(n) if n > MAX_ARTICLES_CEILING => Err(whole(
                format!(
                    "max_articles: {n} is more than the {MAX_ARTICLES_CEILING} a section may take"
                ),
                "split it into several sections",
            )),
            n => Ok(n.unwrap_or(MAX_ARTICLES)),
        }
    };
    if raw.title.trim().is_empty() {
        return Err(whole("title: is empty".into(), "name the edition"));
    }
    if raw.sections.is_empty() {
        return Err(whole(
            "has no sections".into(),
            "add a [[sections]] table with a title and feeds = [\"https://…\"]",
        ));
    }
    let first_edition = raw
        .first_edition
        .map(|d| match d.date {
            Some(date) if d.time.is_none() => chrono::NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .ok_or_else(|| {
                whole(
                    format!("first_edition: {d} is not a date"),
                    "write it as YYYY-MM-DD",
                )
            }),
            _ => Err(whole(
                format!("first_edition: {d} is not a date"),
                "write it as YYYY-MM-DD",
            )),
        })
        .transpose()?;
    let default_age = age(&raw.oldest)?;
    let default_limit = limit(raw.max_articles)?;
    let mut sections = Vec::with_capacity(raw.sections.len());
    for section in raw.sections {
        let name = section.title.trim().to_string();
        if name.is_empty() {
            return Err(whole(
                "sections: a section's title is empty".into(),
                "give every section a title",
            ));
        }
        if section.feeds.is_empty() {
            return Err(whole(
                format!("section “{name}” has no feeds"),
                "list them: feeds = [\"https://…\"]",
            ));
        }
        let feeds = section
            .feeds
            .iter()
            .map(|feed| {
                feed_place(feed, dir).map_err(|e| {
                    whole(
                        format!("section “{name}”: {e}"),
                        "give an http or https URL, or a file",
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        sections.push(Section {
            title: name,
            feeds,
            lang: section.lang.as_deref().map(lang).transpose()?,
            max_articles: limit(section.max_articles.or(Some(default_limit)))?,
            oldest: age(&section.oldest)?.or(default_age),
            include: section.include.unwrap_or_else(|| raw.include.clone()),
            exclude: section.exclude.unwrap_or_else(|| raw.exclude.clone()),
            text: section.text.or(raw.text).unwrap_or_default(),
        });
    }
    Ok(Recipe {
        title: raw.title.trim().to_string(),
        lang: lang(&raw.lang)?,
        publisher: raw.publisher.filter(|p| !p.trim().is_empty()),
        number: raw.number,
        first_edition,
        cover: raw.cover.map(|c| CoverArg::from(c).relative_to(dir)),
        sections,
    })
}

#[cfg(test)]
#[path = "recipe_tests.rs"]
mod tests;
