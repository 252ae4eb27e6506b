//! Reading `book.toml`: syntax errors, unknown keys (with the closest known one) and values of
//! the wrong type, each reported with `line:column` and the key.

use std::path::Path;

use crate::read::fields::{Fields, Origin};
use crate::read::toml_keys;
use warraq_core::error::{Error, Result};

impl Fields {
    /// Reads the bytes of the `book.toml` at `path`: UTF-8 (a byte-order mark is allowed),
    /// parsed by [`Fields::from_toml`] and validated as a file's settings.
    pub fn from_book_toml(path: &Path, bytes: Vec<u8>) -> Result<Fields> {
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::input(
                path,
                format!(
                    "is not valid UTF-8 (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
            .with_hint("TOML files are UTF-8; save it as UTF-8")
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let fields = Fields::from_toml(path, text)?;
        fields.validate(&Origin::File(path.to_path_buf()))?;
        Ok(fields)
    }

    /// Reads `book.toml`. Syntax errors, unknown keys (with the closest known key) and values
    /// of the wrong type are reported with line:column, naming the key.
    pub fn from_toml(path: &Path, text: &str) -> Result<Fields> {
        let at = |offset, message, hint| toml_keys::at(path, text, offset, message, hint);
        let table = toml::de::DeTable::parse(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().trim().to_string(), None)
        })?;
        let keys = table.get_ref();
        for (alias, key) in ALIASES {
            if let (Some((first, _)), Some((second, _))) =
                (keys.get_key_value(key), keys.get_key_value(alias))
            {
                let later = first.span().start.max(second.span().start);
                let message = format!("both `{key}` and `{alias}` are given");
                let hint = format!("`{alias}` is another name for `{key}`: keep one");
                return Err(at(later, message, Some(hint)));
            }
        }
        for (key, _) in table.get_ref().iter() {
            let key_name: &str = key.get_ref().as_ref();
            if !KEYS.contains(&key_name) && !ALIASES.iter().any(|(alias, _)| *alias == key_name) {
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
}

/// The keys of `book.toml`: the fields of [`Fields`] (a test keeps the two in step).
pub const KEYS: [&str; 24] = [
    "title",
    "authors",
    "lang",
    "dir",
    "publisher",
    "date",
    "description",
    "subjects",
    "series",
    "series_index",
    "source",
    "rights",
    "identifier",
    "cover",
    "font",
    "cover_alt",
    "accessibility_certifier",
    "accessibility_exemption",
    "accessibility_summary",
    "articles",
    "title_page",
    "contents_page",
    "encoding",
    "strict",
];

/// Other names `book.toml` accepts for a key, as other tools spell it: `(alias, key)`.
const ALIASES: [(&str, &str); 1] = [("language", "lang")];

/// The known key an unknown one was probably meant to be: a near spelling, or a word other
/// tools use for the same thing.
fn closest_key(unknown: &str) -> Option<&'static str> {
    const SYNONYMS: [(&str, &str); 16] = [
        ("author", "authors"),
        ("creator", "authors"),
        ("creators", "authors"),
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
        ("article", "articles"),
        ("charset", "encoding"),
    ];
    toml_keys::closest(unknown, &KEYS, &SYNONYMS)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn language_is_another_name_for_lang() {
        let path = Path::new("book.toml");
        let fields = Fields::from_toml(path, "language = \"fa\"\n").unwrap();
        assert_eq!(fields.lang.as_ref().map(|l| l.as_str()), Some("fa"));
        let err = Fields::from_toml(path, "language = \"fa\"\ntitle = \"x\"\nlang = \"ar\"\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "book.toml:3:1: both `lang` and `language` are given"
        );
        assert_eq!(
            err.hint().unwrap(),
            "`language` is another name for `lang`: keep one"
        );
    }

    #[test]
    fn closest_keys() {
        assert_eq!(closest_key("author"), Some("authors"));
        assert_eq!(closest_key("Language"), Some("lang"));
        assert_eq!(closest_key("languages"), Some("lang"));
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
        // Each key followed by its other names, as serde lists them.
        let expected: Vec<&str> = KEYS
            .iter()
            .flat_map(|key| {
                std::iter::once(*key).chain(
                    ALIASES
                        .iter()
                        .filter(move |(_, k)| k == key)
                        .map(|(alias, _)| *alias),
                )
            })
            .collect();
        assert_eq!(listed, expected);
    }
}
