//! Which language a book, and each of its documents, is in: what the book declares, unless
//! its text says otherwise (an Arabic book declared `en-US` by a tool's default), in which
//! case the language is detected from the text; and the book whose declared language stands
//! against its text, which only `--lang` decides ([`Undecided`]).

use warraq_check::{rules, Finding};
use warraq_core::lang::policy::{declared_against_text, same_language};
use warraq_core::lang::{detect, Detected, Direction, LanguageTag, Script};

/// The book's main language, and how it was found.
#[derive(Debug, Clone)]
pub(crate) struct BookLanguage {
    /// The main language.
    pub(crate) main: LanguageTag,
    /// The first declared language, when it is not the main one: documents declared in it
    /// (with no text that says otherwise) were labelled by the same mistake.
    pub(crate) wrong: Option<String>,
    /// The language's English name, when it was detected from the text.
    pub(crate) detected: Option<&'static str>,
}

/// The book's main language: `--lang`; else the first declared language that the text's
/// script agrees with, or that is written right to left (a declared right-to-left language is
/// never overridden by detection: an Arabic book with long English passages stays Arabic, and
/// only `--lang` says otherwise); else the language detected from the text.
pub(crate) fn of_book(
    flag: Option<&LanguageTag>,
    declared: &[String],
    script: Script,
    sample: &str,
) -> Option<BookLanguage> {
    let first = declared.first();
    let wrong = |main: &LanguageTag| first.filter(|f| !same_language(f, main)).cloned();
    if let Some(flag) = flag {
        return Some(BookLanguage {
            wrong: wrong(flag),
            main: flag.clone(),
            detected: None,
        });
    }
    let tags: Vec<LanguageTag> = declared
        .iter()
        .filter_map(|d| LanguageTag::parse(d).ok())
        .collect();
    let text = script.direction();
    if let Some(tag) = tags
        .iter()
        .find(|t| t.direction() == Direction::Rtl || text.is_none_or(|d| t.direction() == d))
    {
        return Some(BookLanguage {
            wrong: wrong(tag),
            main: tag.clone(),
            detected: None,
        });
    }
    match detect(sample).filter(|found| Some(found.tag.direction()) == text) {
        Some(found) => Some(BookLanguage {
            wrong: wrong(&found.tag),
            main: found.tag,
            detected: Some(found.name),
        }),
        None => tags.into_iter().next().map(|main| BookLanguage {
            main,
            wrong: None,
            detected: None,
        }),
    }
}

/// One document's language: its own declaration when the text agrees with it (and it is not
/// the book's mistaken one); else, for a text clearly in the other direction, the language
/// detected from it; else the book's.
pub(crate) fn of_document(
    own: Option<&str>,
    book: &BookLanguage,
    script: Script,
    text: &str,
) -> LanguageTag {
    let wrong = |value: &str| {
        book.wrong
            .as_deref()
            .is_some_and(|w| w.eq_ignore_ascii_case(value.trim()))
    };
    let own = own
        .filter(|v| !wrong(v))
        .and_then(|v| LanguageTag::parse(v).ok());
    let direction = script.direction();
    if let Some(own) = &own {
        if direction.is_none_or(|d| d == own.direction()) {
            return own.clone();
        }
    }
    match direction {
        Some(d) if d != book.main.direction() => detect(text)
            .map(|found| found.tag)
            .filter(|tag| tag.direction() == d)
            .unwrap_or_else(|| book.main.clone()),
        _ => book.main.clone(),
    }
}

/// A book whose declared language stands against its text with no document in it (an
/// "Arabic" book of English chapters, [`declared_against_text`]): `fix` cannot tell which is
/// right, so it leaves the documents' language and direction as they are and names, beside
/// each finding that remains, the two `--lang` values that decide.
#[derive(Debug, Clone)]
pub struct Undecided {
    /// The language the book declares.
    pub declared: LanguageTag,
    /// The language detected from its text, when it could be.
    pub text: Option<Detected>,
}

/// The rules on a document's language and direction: what `--lang` settles in an
/// [`Undecided`] book.
const DECIDED_BY_LANG: [&str; 5] = [
    rules::RTL_DOCUMENT_DIR.code,
    rules::RTL_DOCUMENT_LANG.code,
    rules::RTL_LANG_MISMATCH.code,
    rules::RTL_DIR_ON_BODY.code,
    rules::RTL_FOREIGN_DIR.code,
];

impl Undecided {
    /// The book's doubt, when there is one: no `--lang`, the main language is the one
    /// declared first (not detected, not replacing a mistaken one), and it stands against
    /// the text while no document would be in it.
    pub(crate) fn of(
        flag: Option<&LanguageTag>,
        book: &BookLanguage,
        script: Script,
        documents_may_differ: bool,
        sample: &str,
    ) -> Option<Undecided> {
        let plain = flag.is_none() && book.detected.is_none() && book.wrong.is_none();
        (plain && declared_against_text(&book.main, script, documents_may_differ)).then(|| {
            Undecided {
                declared: book.main.clone(),
                text: detect(sample).filter(|d| Some(d.tag.direction()) == script.direction()),
            }
        })
    }

    /// Whether `--lang` settles this remaining finding.
    pub(crate) fn settles(&self, finding: &Finding) -> bool {
        DECIDED_BY_LANG.contains(&finding.code)
    }

    /// What the user is told once: why the documents were left as they are.
    pub(crate) fn note(&self) -> String {
        let text = self.text.as_ref().map_or("the other way", |d| d.name);
        format!(
            "the book declares {} but its text is in {text}, and no document is in {}: which is right is the user's to say, so the documents' language and direction are left as they are",
            self.declared, self.declared
        )
    }

    /// The two flags that settle a remaining finding, and what each means.
    pub fn hint(&self) -> String {
        let declared = &self.declared;
        let text = match &self.text {
            Some(d) => format!(
                "--lang {} (the book is in {}, as its text is)",
                d.tag, d.name
            ),
            None => "--lang with the text's language (the book is in it)".to_string(),
        };
        format!("settle it with {text} or --lang {declared} (it is in {declared}, as it declares: its documents are set so)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "في أسواق بغداد كان الوراقون ينسخون الكتب ويجلدونها ويبيعونها بالآلاف";
    const ENGLISH: &str = "In the markets of Baghdad the copyists copied and bound and sold books";

    fn script(text: &str) -> Script {
        let mut s = Script::default();
        s.count(text);
        s
    }

    #[test]
    fn a_wrong_default_gives_way_to_the_text() {
        let book = of_book(None, &["en-US".into()], script(ARABIC), ARABIC).unwrap();
        assert_eq!(book.main.as_str(), "ar");
        assert_eq!(book.wrong.as_deref(), Some("en-US"));
        assert_eq!(
            of_document(Some("en-US"), &book, Script::default(), "").as_str(),
            "ar"
        );
    }

    #[test]
    fn the_declared_language_the_text_agrees_with_comes_first() {
        let declared = ["en".to_string(), "ar".to_string()];
        let book = of_book(None, &declared, script(ARABIC), ARABIC).unwrap();
        assert_eq!(
            (book.main.as_str(), book.wrong.as_deref()),
            ("ar", Some("en"))
        );
        let flag = LanguageTag::parse("fa").unwrap();
        let book = of_book(Some(&flag), &declared, script(ARABIC), ARABIC).unwrap();
        assert_eq!(
            (book.main.as_str(), book.wrong.as_deref()),
            ("fa", Some("en"))
        );
    }

    #[test]
    fn a_declared_right_to_left_language_is_kept_against_the_text() {
        let book = of_book(None, &["ar".into()], script(ENGLISH), ENGLISH).unwrap();
        assert_eq!((book.main.as_str(), book.detected), ("ar", None));
        let flag = LanguageTag::parse("en").unwrap();
        let book = of_book(Some(&flag), &["ar".into()], script(ENGLISH), ENGLISH).unwrap();
        assert_eq!(book.main.as_str(), "en");
    }

    #[test]
    fn a_document_keeps_a_language_its_text_agrees_with() {
        let book = of_book(None, &["ar".into()], script(ARABIC), ARABIC).unwrap();
        assert_eq!(
            of_document(Some("ur"), &book, script(ARABIC), ARABIC).as_str(),
            "ur"
        );
        assert_eq!(
            of_document(Some("en"), &book, script(ENGLISH), ENGLISH).as_str(),
            "en"
        );
        assert_eq!(
            of_document(Some("en"), &book, script(ARABIC), ARABIC).as_str(),
            "ar"
        );
        assert_eq!(
            of_document(None, &book, script(ENGLISH), ENGLISH).as_str(),
            "en"
        );
    }
}
