//! The one language policy `warraq check` and `warraq fix` both ask, so that they cannot
//! contradict each other on a book: whether a language attribute names the book's language,
//! which documents of a book may be in a language of their own, and when a declared language
//! stands against the text so that only the user can say which is right.

use super::{LanguageTag, Script};

/// Whether a language attribute's value names `language` or a variant of it (`ar-EG` for
/// `ar`, `ar` for `ar-EG`). The value is taken as written: a tag with white space around it
/// is not the book's language to a reading system, so it is not here either.
pub fn same_language(value: &str, language: &LanguageTag) -> bool {
    let (a, b) = (
        value.to_ascii_lowercase(),
        language.as_str().to_ascii_lowercase(),
    );
    LanguageTag::parse(value).is_ok()
        && (a == b || a.starts_with(&format!("{b}-")) || b.starts_with(&format!("{a}-")))
}

/// Whether the documents of a book may each keep a language of their own: only when at least
/// one of them is in the book's `language` (an anthology with an English piece). A book none
/// of whose documents is in the language it declares is mislabelled, not an anthology
/// (`RTL-004`). `documents` are the documents' languages, as declared (check) or as they are
/// to be set (fix).
pub fn documents_may_differ<'a>(
    documents: impl IntoIterator<Item = &'a str>,
    language: &LanguageTag,
) -> bool {
    documents
        .into_iter()
        .any(|value| same_language(value, language))
}

/// Whether a book's `declared` language stands against its text so that no rule can decide
/// between them: the text is clearly written the other way from the declared language (an
/// "Arabic" book of English chapters), and no document is in the declared language
/// (`documents_may_differ` is false). Either the declaration is wrong (the book is in the
/// text's language) or the documents are to be set in the declared one; only the user knows,
/// with `--lang`.
pub fn declared_against_text(
    declared: &LanguageTag,
    text: Script,
    documents_may_differ: bool,
) -> bool {
    !documents_may_differ && text.direction().is_some_and(|d| d != declared.direction())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> LanguageTag {
        LanguageTag::parse(text).unwrap()
    }

    fn script(text: &str) -> Script {
        let mut s = Script::default();
        s.count(text);
        s
    }

    const ENGLISH: &str = "In the markets of Baghdad the copyists copied and bound and sold books";
    const ARABIC: &str = "في أسواق بغداد كان الوراقون ينسخون الكتب ويجلدونها ويبيعونها بالآلاف";

    #[test]
    fn variants_are_the_same_language() {
        assert!(same_language("ar", &tag("ar")));
        assert!(same_language("AR-eg", &tag("ar")));
        assert!(same_language("ar", &tag("ar-EG")));
        assert!(!same_language("en", &tag("ar")));
        assert!(!same_language("arc", &tag("ar")));
        assert!(!same_language(" ar", &tag("ar")));
        assert!(!same_language("not a tag", &tag("ar")));
    }

    #[test]
    fn documents_differ_only_beside_one_in_the_books_language() {
        assert!(documents_may_differ(["en", "ar-EG"], &tag("ar")));
        assert!(!documents_may_differ(["en", "fr"], &tag("ar")));
        assert!(!documents_may_differ([], &tag("ar")));
    }

    #[test]
    fn a_declared_language_against_the_text_is_in_doubt_only_alone() {
        assert!(declared_against_text(&tag("ar"), script(ENGLISH), false));
        assert!(declared_against_text(&tag("en"), script(ARABIC), false));
        // An anthology: a document is in the declared language.
        assert!(!declared_against_text(&tag("ar"), script(ENGLISH), true));
        // The text agrees, or is too short to say.
        assert!(!declared_against_text(&tag("he"), script(ARABIC), false));
        assert!(!declared_against_text(&tag("ar"), script("Short"), false));
    }
}
