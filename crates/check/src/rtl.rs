//! Right-to-left conformance: everything a reading system looks at to decide direction
//! (docs/rtl.md §2), none of which EPUBCheck checks. The rules apply when the book's language
//! (or `--lang`) is written right to left; the last one catches a right-to-left book that
//! says it is not.

use super::content::Document;
use super::css::Sheet;
use super::package::Package;
use super::{rules, Findings, Options};
use warraq_core::lang::policy::{documents_may_differ, same_language};
use warraq_core::lang::{Direction, LanguageTag};

/// Below this many letters a book has too little text to say what script it is in.
const MIN_LETTERS: usize = 20;

/// What the direction rules look at.
#[derive(Debug)]
pub(crate) struct Book<'a> {
    /// The package document, when it could be read.
    pub(crate) package: Option<&'a Package>,
    /// Every XHTML document that parsed.
    pub(crate) documents: &'a [Document],
    /// The manifest's style sheets.
    pub(crate) style_sheets: &'a [Sheet],
}

impl Book<'_> {
    fn sheets(&self) -> impl Iterator<Item = &Sheet> {
        self.style_sheets
            .iter()
            .chain(self.documents.iter().flat_map(|d| &d.styles))
    }
}

/// Applies the direction rules.
pub(crate) fn check(book: &Book, options: &Options, out: &mut Findings) {
    let languages = book.package.map_or(&[][..], |p| &p.languages[..]);
    let declared = languages
        .first()
        .and_then(|l| LanguageTag::parse(&l.value).ok());
    let language = options.lang.clone().or(declared);
    let direction = options
        .direction
        .or(language.as_ref().map(LanguageTag::direction));
    let rtl = direction == Some(Direction::Rtl);

    for sheet in book.sheets() {
        for d in sheet.declarations() {
            if d.property == "direction" || d.property == "unicode-bidi" {
                out.add(
                    rules::RTL_CSS_DIRECTION,
                    d.location,
                    format!(
                        "`{}: {}`: the EPUB CSS profile forbids `{}`",
                        d.property, d.value, d.property
                    ),
                );
            } else if rtl
                && d.property == "text-align"
                && d.value.starts_with("left")
                && !sheet.ltr
                && !d.targets_ltr()
            {
                out.add(
                    rules::RTL_CSS_LEFT,
                    d.location,
                    "`text-align: left` in a right-to-left book; use `start`",
                );
            }
        }
    }

    let any_rtl_language = languages
        .iter()
        .any(|l| LanguageTag::parse(&l.value).is_ok_and(|t| t.direction() == Direction::Rtl));
    if (rtl || any_rtl_language) && languages.len() > 1 {
        out.add(
            rules::RTL_LANGUAGES,
            languages[1].location.as_str(),
            format!(
                "{} dc:language elements ({}); readers guess the direction from the list",
                languages.len(),
                languages
                    .iter()
                    .map(|l| l.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }

    match (rtl, &language) {
        (true, Some(language)) => right_to_left(book, language, options, out),
        (true, None) => {}
        // Without a package document there is no declaration to contradict.
        (false, _) if options.direction.is_none() && book.package.is_some() => {
            undeclared(book, &language, out)
        }
        (false, _) => {}
    }
}

fn right_to_left(book: &Book, language: &LanguageTag, options: &Options, out: &mut Findings) {
    if let Some(package) = book.package {
        match &package.spine {
            Some((Some(ppd), _)) if ppd == "rtl" => {}
            Some((ppd, location)) => out.add(
                rules::RTL_SPINE,
                location.as_str(),
                match ppd {
                    Some(ppd) => format!("page-progression-direction is {ppd:?}, not \"rtl\""),
                    None => "the spine has no page-progression-direction=\"rtl\"".to_string(),
                },
            ),
            None => {}
        }
        if package.dir.as_deref() != Some("rtl") {
            out.add(
                rules::RTL_PACKAGE,
                package.location.as_str(),
                "<package> has no dir=\"rtl\"",
            );
        }
        match &package.xml_lang {
            None => out.add(
                rules::RTL_PACKAGE,
                package.location.as_str(),
                format!("<package> has no xml:lang=\"{language}\""),
            ),
            Some(value) if !same_language(value, language) => out.add(
                rules::RTL_PACKAGE,
                package.location.as_str(),
                format!("<package xml:lang={value:?}> is not the book's language, {language}"),
            ),
            Some(_) => {}
        }
        if options.lang.is_some() {
            if let Some(first) = package.languages.first() {
                if !same_language(&first.value, language) {
                    out.add(
                        rules::RTL_LANG_MISMATCH,
                        first.location.as_str(),
                        format!("dc:language is {:?}, not {language}", first.value),
                    );
                }
            }
        }
    }
    // A piece in another language is only that when the book has documents in its own.
    let anthology = documents_may_differ(
        book.documents.iter().filter_map(|d| {
            d.lang
                .as_ref()
                .or(d.xml_lang.as_ref())
                .map(|a| a.value.as_str())
        }),
        language,
    );
    for document in book.documents {
        document_direction(document, language, anthology, out);
    }
}

/// The direction rules for one document of a right-to-left book.
///
/// A document that declares its own language (a well-formed tag in `lang`, agreeing with
/// `xml:lang`) with the `dir` of that language is right, whatever its direction: an Urdu or
/// Persian piece in an Arabic book (`rtl`), an English one (`ltr`). A piece in another language
/// is only that when the book has documents in its own (`anthology`); otherwise a whole book
/// labelled in another language than it declares is a mislabelled book. A document that
/// declares no language is held to the book's, and a `dir` that contradicts the document's own
/// language is reported.
fn document_direction(
    document: &Document,
    language: &LanguageTag,
    anthology: bool,
    out: &mut Findings,
) {
    if let (Some(lang), Some(xml_lang)) = (&document.lang, &document.xml_lang) {
        if !lang.value.eq_ignore_ascii_case(&xml_lang.value) {
            out.add(
                rules::RTL_LANG_MISMATCH,
                lang.location.as_str(),
                format!(
                    "lang {:?} and xml:lang {:?} disagree",
                    lang.value, xml_lang.value
                ),
            );
        }
    }
    // HTML's `lang` is what browsers read, so it names the document's language when the two
    // disagree (already reported above).
    let own = match document.lang.as_ref().or(document.xml_lang.as_ref()) {
        None => {
            out.add(
                rules::RTL_DOCUMENT_LANG,
                document.location.as_str(),
                format!("no lang or xml:lang; set both to \"{language}\""),
            );
            None
        }
        Some(attr) if same_language(&attr.value, language) => None,
        Some(attr) => match LanguageTag::parse(&attr.value) {
            Ok(tag) if anthology => Some(tag),
            Ok(_) => {
                out.add(
                    rules::RTL_LANG_MISMATCH,
                    attr.location.as_str(),
                    format!(
                        "the document's language {:?} is not {language}, and no document is in {language}",
                        attr.value
                    ),
                );
                None
            }
            Err(e) => {
                out.add(
                    rules::RTL_LANG_MISMATCH,
                    attr.location.as_str(),
                    format!("the document's language {e}"),
                );
                None
            }
        },
    };
    let expected = own.as_ref().map_or(Direction::Rtl, LanguageTag::direction);
    let whose = match &own {
        Some(tag) => format!(
            "the document's language, {tag}, is written {}",
            spelled(expected)
        ),
        None => format!(
            "the book's language, {language}, is written {}",
            spelled(expected)
        ),
    };
    match &document.dir {
        Some(dir) if dir.value == expected.as_str() => {}
        Some(dir) => out.add(
            rules::RTL_DOCUMENT_DIR,
            dir.location.as_str(),
            format!("dir is {:?}, not \"{expected}\": {whose}", dir.value),
        ),
        None => out.add(
            rules::RTL_DOCUMENT_DIR,
            document.location.as_str(),
            format!("no dir=\"{expected}\" on <html> or <body>: {whose}"),
        ),
    }
}

fn spelled(direction: Direction) -> &'static str {
    match direction {
        Direction::Rtl => "right to left",
        Direction::Ltr => "left to right",
    }
}

/// A book declared left to right (or not declared at all) whose text is mostly in a
/// right-to-left script: the pandoc default, `lang="en-US"` on an Arabic book.
fn undeclared(book: &Book, language: &Option<LanguageTag>, out: &mut Findings) {
    let rtl: usize = book.documents.iter().map(|d| d.rtl_letters).sum();
    let other: usize = book.documents.iter().map(|d| d.other_letters).sum();
    let total = rtl + other;
    if total < MIN_LETTERS || rtl * 2 <= total {
        return;
    }
    let location = book.package.map_or(String::new(), |p| {
        p.languages
            .first()
            .map_or(p.location.clone(), |l| l.location.clone())
    });
    let declared = match language {
        Some(language) => format!("declared {language}, left to right"),
        None => "declares no language, so reads left to right".to_string(),
    };
    out.add(
        rules::RTL_UNDECLARED,
        location,
        format!(
            "the book {declared}, but most of its letters ({}%) are in a right-to-left script",
            rtl * 100 / total
        ),
    );
}
