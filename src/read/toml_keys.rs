//! What `book.toml` and `edition.toml` share in reporting: an error placed at a byte of the
//! file as `path:line:column`, and the known key an unknown one was probably meant to be.

use std::path::Path;

use warraq_core::error::Error;
use warraq_readers::text::line_column;

/// An error at byte `offset` of `text`, the file at `path`, placed as `:line:column`.
pub(crate) fn at(
    path: &Path,
    text: &str,
    offset: usize,
    message: String,
    hint: Option<String>,
) -> Error {
    let (line, column) = line_column(text, offset);
    Error::Input {
        path: path.to_path_buf(),
        place: format!(":{line}:{column}"),
        message,
        hint,
    }
}

/// The known key an unknown one was probably meant to be: a word other tools use for it
/// (`synonyms`, `(word, key)`, taken only when the key is among `known`), else the nearest
/// spelling (Jaro–Winkler 0.8 or more).
pub(crate) fn closest<'k>(
    unknown: &str,
    known: &[&'k str],
    synonyms: &[(&str, &'k str)],
) -> Option<&'k str> {
    let lower = unknown.to_lowercase();
    if let Some(&(_, key)) = synonyms
        .iter()
        .find(|(word, key)| *word == lower && known.contains(key))
    {
        return Some(key);
    }
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&lower, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
