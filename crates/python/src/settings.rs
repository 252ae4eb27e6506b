//! A Python caller's keywords to the library's settings ([`Fields`]): the keys of `book.toml`,
//! each value parsed into its type as the file's is, a bad value an `InputError` naming its key.

use std::collections::HashMap;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use warraq::lang::LanguageTag;
use warraq::read::fields::{DirChoice, Exemption, PubDate, TextEncoding};
use warraq::read::BOOK_TOML_KEYS as KEYS;
use warraq::Fields;

use crate::errors::Failure;

/// The keys of `book.toml` that are arguments of their own in Python, not settings: the cover,
/// the font, and the articles.
const APART: [&str; 3] = ["cover", "font", "articles"];

/// The keys a caller may give: `book.toml`'s (`warraq::read::BOOK_TOML_KEYS`, so the two never
/// drift apart), less [`APART`].
pub(crate) fn keys() -> Vec<&'static str> {
    KEYS.iter()
        .copied()
        .filter(|k| !APART.contains(k))
        .collect()
}

/// Why the settings were not taken: a value of the wrong Python type (a `TypeError`), or one
/// that does not parse (an `InputError`, as in `book.toml`).
pub(crate) enum Refused {
    Type(PyErr),
    Value(Failure),
}

impl From<PyErr> for Refused {
    fn from(e: PyErr) -> Refused {
        Refused::Type(e)
    }
}

/// The settings of `given`, each key one of [`keys`]; `None` values are left unset.
pub(crate) fn fields(given: HashMap<String, Bound<'_, PyAny>>) -> Result<Fields, Refused> {
    let mut fields = Fields::default();
    for (key, value) in given {
        if value.is_none() {
            continue;
        }
        match key.as_str() {
            "title" => fields.title = Some(value.extract()?),
            "authors" => fields.authors = strings(&value)?,
            "lang" => {
                fields.lang = Some(parsed(
                    &key,
                    LanguageTag::parse(&value.extract::<String>()?),
                )?)
            }
            "dir" => fields.dir = Some(parsed(&key, direction(&value.extract::<String>()?))?),
            "publisher" => fields.publisher = Some(value.extract()?),
            "date" => {
                fields.date = Some(parsed(&key, PubDate::parse(&value.extract::<String>()?))?)
            }
            "description" => fields.description = Some(value.extract()?),
            "subjects" => fields.subjects = strings(&value)?,
            "source" => fields.source = Some(value.extract()?),
            "rights" => fields.rights = Some(value.extract()?),
            "identifier" => fields.identifier = Some(value.extract()?),
            "cover_alt" => fields.cover_alt = Some(value.extract()?),
            "accessibility_certifier" => fields.accessibility_certifier = Some(value.extract()?),
            "accessibility_summary" => fields.accessibility_summary = Some(value.extract()?),
            "title_page" => fields.title_page = Some(value.extract()?),
            "contents_page" => fields.contents_page = Some(value.extract()?),
            "encoding" => {
                fields.encoding = Some(parsed(
                    &key,
                    TextEncoding::parse(&value.extract::<String>()?),
                )?)
            }
            "strict" => fields.strict = Some(value.extract()?),
            "series" => fields.series = Some(value.extract()?),
            "series_index" => fields.series_index = Some(value.extract()?),
            "accessibility_exemption" => {
                fields.accessibility_exemption =
                    Some(parsed(&key, Exemption::parse(&value.extract::<String>()?))?)
            }
            other => {
                let message = format!(
                    "unknown setting {other:?}; the settings are {}",
                    keys().join(", ")
                );
                return Err(Refused::Type(PyTypeError::new_err(message)));
            }
        }
    }
    Ok(fields)
}

/// A value parsed into its type, or an `InputError` naming its key.
fn parsed<T>(key: &str, result: Result<T, String>) -> Result<T, Refused> {
    result.map_err(|message| Refused::Value(Failure::input(format!("{key}: {message}"), None)))
}

/// A list of strings, or one string as a list of one.
fn strings(value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    match value.extract::<String>() {
        Ok(one) => Ok(vec![one]),
        Err(_) => value.extract(),
    }
}

fn direction(text: &str) -> Result<DirChoice, String> {
    match text {
        "rtl" => Ok(DirChoice::Rtl),
        "ltr" => Ok(DirChoice::Ltr),
        "auto" => Ok(DirChoice::Auto),
        _ => Err(format!(
            "{text:?} is not a direction: give rtl, ltr or auto"
        )),
    }
}
