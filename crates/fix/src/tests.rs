//! `fix` on whole books made here, for what no fixture of the suite covers.

use super::*;
use warraq_epub::zipwrite::{self, Packed};

fn book(entries: &[(&str, &str)]) -> Vec<u8> {
    let packed: Vec<(&str, Packed)> = std::iter::once(("mimetype", "application/epub+zip"))
        .chain(entries.iter().copied())
        .map(|(name, text)| (name, Packed::stored(text.as_bytes())))
        .collect();
    zipwrite::write(packed.iter().map(|(n, p)| (*n, p)), 0x5821, 0x6000, 0).unwrap()
}

const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

/// Found by the `fix` fuzz target: a book declared Hebrew whose every document is English
/// text with no language of its own. `fix` gave each document its text's language, English,
/// and the check then found no document in the book's language (`RTL-004`): a book worse
/// than it was. Then it set each in Hebrew, silently: an English text marked Hebrew and right
/// to left. Which is right only the user knows: without `--lang` the documents are left as
/// they are, each error that remains is one `--lang` settles, and both choices come out clean.
#[test]
fn a_book_with_no_document_in_its_language_waits_for_lang() {
    let opf = r#"<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427</dc:identifier><dc:title>T</dc:title><dc:language>he</dc:language><meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata><manifest><item id="c" href="content.xhtml" media-type="application/xhtml+xml"/><item id="n" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/></manifest><spine page-progression-direction="rtl"><itemref idref="c"/></spine></package>"#;
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body><p>This chapter is written in English, with enough words to tell its language apart from any other.</p></body></html>"#;
    let nav = r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>T</title></head><body><nav epub:type="toc"><ol><li><a href="content.xhtml">The first chapter of this book, which is written in English from its beginning to its end</a></li></ol></nav></body></html>"#;
    let bytes = book(&[
        ("META-INF/container.xml", CONTAINER),
        ("EPUB/package.opf", opf),
        ("EPUB/content.xhtml", content),
        ("EPUB/nav.xhtml", nav),
    ]);
    let run = |lang: Option<&str>| {
        let options = Options {
            lang: lang.map(|l| LanguageTag::parse(l).unwrap()),
            modified: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
        };
        let fixed = fix(&bytes, &options).unwrap();
        let errors: Vec<Finding> = fixed
            .findings
            .iter()
            .filter(|f| f.severity == warraq_check::Severity::Error)
            .cloned()
            .collect();
        (fixed, errors)
    };
    let (fixed, errors) = run(None);
    let undecided = fixed.undecided.as_ref().expect("the language is in doubt");
    assert_eq!(undecided.declared.as_str(), "he");
    assert_eq!(undecided.text.as_ref().map(|d| d.tag.as_str()), Some("en"));
    assert!(
        undecided.hint().contains("--lang en"),
        "{}",
        undecided.hint()
    );
    assert!(
        undecided.hint().contains("--lang he"),
        "{}",
        undecided.hint()
    );
    assert!(!errors.is_empty());
    let before = warraq_check::check(&bytes, &warraq_check::Options::default());
    for error in &errors {
        assert!(undecided.settles(error), "{error}");
        assert!(before.iter().any(|b| b.code == error.code), "{error}");
    }
    assert!(
        !fixed.repairs.iter().any(|r| r.message.contains("set to")),
        "{:?}",
        fixed.repairs
    );
    let (fixed, errors) = run(Some("he"));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(fixed.undecided.is_none());
    for document in ["EPUB/content.xhtml", "EPUB/nav.xhtml"] {
        assert!(
            fixed
                .repairs
                .iter()
                .any(|r| r.location == document && r.message.contains("set to he")),
            "{:?}",
            fixed.repairs
        );
    }
    let (fixed, errors) = run(Some("en"));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(fixed.undecided.is_none());
}
