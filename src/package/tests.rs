//! Every operation run on what epub-builder really writes for a small book, assembled by
//! `crate::package::epub` as a build assembles it: a change in its templates fails here.

use std::io::Read;
use std::path::Path;

use chrono::DateTime;
use roxmltree::{Document, Node};

use super::nav::{self, Nav};
use super::ncx::{self, Ncx};
use super::opf::{self, Meta, Opf, Property};
use super::{parse, EntryLanguages};
use crate::model::{Book, Layout};
use crate::package::epub;
use crate::prepare::metadata::Metadata;
use crate::read::fields::Fields;
use crate::read::fields::PubDate;
use crate::render::xhtml::{self, ImageMap, STYLESHEET};
use warraq_core::error::Error;
use warraq_core::lang::{Direction, LanguageTag};
use warraq_epub::xml::{DC_NS, EPUB_NS, NCX_NS, OPF_NS, XHTML_NS, XML_NS};
use warraq_readers::article::Article;

fn tag(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).unwrap()
}

/// An Arabic book of three articles: one in the book's language, one in Persian, and one
/// in English with a heading of its own under its entry.
fn book() -> Book {
    let article =
        |name: &str, text: &str| Article::parse(Path::new(name), text, &mut Vec::new()).unwrap();
    let articles = vec![
        article("a.txt", "المقال الأول\n\nنص.\n"),
        article("b.txt", "+++\nlang = \"fa\"\n+++\nمقاله دوم\n\nمتن.\n"),
        article(
            "c.md",
            "+++\nlang = \"en\"\n+++\n# Third\n\nText.\n\n## A heading\n\nMore.\n",
        ),
    ];
    let fields = Fields {
        lang: Some(tag("ar")),
        authors: vec!["كاتب & شريك".into()],
        publisher: Some("ورّاق".into()),
        date: PubDate::parse("2019-02-27").ok(),
        ..Fields::default()
    };
    let headline = articles[0].headline.clone();
    let metadata =
        Metadata::resolve(fields, &headline, "", DateTime::UNIX_EPOCH, &mut Vec::new()).unwrap();
    Book {
        metadata,
        articles,
        cover: None,
        images: Vec::new(),
        layout: Layout {
            title_page: false,
            contents_page: false,
        },
        font: None,
        edition: None,
    }
}

/// epub-builder's three files for [`book`], before the finishing pass, and the languages of
/// its articles not in the book's.
struct Generated {
    book: Book,
    languages: EntryLanguages,
    opf: String,
    nav: String,
    ncx: String,
}

fn generated() -> Generated {
    let book = book();
    let documents = xhtml::documents(&book, None, &ImageMap::new(), false);
    let languages = epub::entry_languages(&documents);
    let (zip, _) = epub::assemble(&book, &documents, STYLESHEET, None, &[]).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut entry = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let (opf, nav, ncx) = (entry(opf::NAME), entry(nav::NAME), entry(ncx::NAME));
    drop(documents);
    Generated {
        book,
        languages,
        opf,
        nav,
        ncx,
    }
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// An element's `lang`, `xml:lang` and `dir`.
type Language<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>);

fn language<'a>(n: Node<'a, '_>) -> Language<'a> {
    (
        n.attribute("lang"),
        n.attribute((XML_NS, "lang")),
        n.attribute("dir"),
    )
}

#[test]
fn the_package_document_gets_its_language_identifier_and_metadata() {
    let g = generated();
    assert_eq!(
        g.languages.keys().count(),
        2,
        "the Persian and English articles"
    );
    let mut items = opf::metadata(&g.book);
    // As a book with an embedded font has it: before the accessibility metadata.
    let at = items
        .iter()
        .position(|m| matches!(m, Meta::Property { .. }))
        .unwrap();
    items.insert(
        at,
        Meta::Property {
            property: Property::SpecifiedFonts,
            value: "true".into(),
            language: None,
        },
    );
    let out = Opf::edit(&g.opf, |opf| {
        opf.set_root_language(&tag("ar"), Direction::Rtl)?;
        opf.replace_identifier("urn:x:a&b<c>")?;
        opf.append_metadata(&items)
    })
    .unwrap();
    let doc = Document::parse(&out).unwrap();
    let package = doc.root_element();
    assert_eq!(package.attribute("dir"), Some("rtl"));
    assert_eq!(package.attribute((XML_NS, "lang")), Some("ar"));
    assert!(package
        .attribute("prefix")
        .is_some_and(|p| p.starts_with("ibooks: http://vocabulary.itunes.apple.com/")));
    assert_eq!(package.attribute("unique-identifier"), Some("epub-id-1"));

    let metadata = elements(package)
        .find(|n| n.has_tag_name((OPF_NS, "metadata")))
        .unwrap();
    let children: Vec<Node> = elements(metadata).collect();
    let identifiers: Vec<_> = children
        .iter()
        .filter(|n| n.has_tag_name((DC_NS, "identifier")))
        .map(|n| (n.attribute("id"), n.text()))
        .collect();
    assert_eq!(identifiers, [(Some("epub-id-1"), Some("urn:x:a&b<c>"))]);
    // epub-builder's elements first, ours after them, in order.
    let described: Vec<String> = children
        .iter()
        .map(|n| {
            let property = n.attribute("property").unwrap_or(n.tag_name().name());
            format!("{property}={}", n.text().unwrap_or_default())
        })
        .collect();
    let modified = described
        .iter()
        .position(|d| d.starts_with("dcterms:modified="))
        .unwrap();
    assert!(described[..modified]
        .iter()
        .any(|d| d == "title=المقال الأول"));
    assert!(described[..modified].iter().any(|d| d == "language=ar"));
    assert_eq!(
        described[modified + 1..modified + 6],
        [
            "creator=كاتب & شريك",
            "role=aut",
            "publisher=ورّاق",
            "date=2019-02-27",
            "ibooks:specified-fonts=true",
        ]
    );
    let creator = children[modified + 1];
    assert_eq!(creator.attribute("id"), Some("creator-1"));
    assert_eq!(
        children[modified + 2].attribute("refines"),
        Some("#creator-1")
    );
    let summary = children.last().unwrap();
    assert_eq!(
        summary.attribute("property"),
        Some("schema:accessibilitySummary")
    );
    assert_eq!(summary.attribute((XML_NS, "lang")), Some("ar"));
    assert_eq!(summary.attribute("dir"), Some("rtl"));
    assert_eq!(children.len(), modified + 1 + items.len() + 1);
    // Each on a line of its own, indented as epub-builder's, above the end tag's line.
    assert!(out.contains("\n    <dc:creator id=\"creator-1\">"), "{out}");
    assert!(out.contains("</meta>\n  </metadata>"), "{out}");
}

#[test]
fn the_navigation_document_gets_its_language_labels_and_entry_languages() {
    let g = generated();
    let out = Nav::edit(&g.nav, |nav| {
        nav.set_language(&tag("ar"), Direction::Rtl)?;
        nav.label_toc()?;
        nav.hide_landmarks("معالم & <مراجع>")?;
        nav.mark_entries(&g.languages)
    })
    .unwrap();
    let doc = parse("nav", &out).unwrap();
    let html = doc.root_element();
    let body = elements(html)
        .find(|n| n.has_tag_name((XHTML_NS, "body")))
        .unwrap();
    for root in [html, body] {
        assert_eq!(language(root), (Some("ar"), Some("ar"), Some("rtl")));
    }
    let nav = |kind: &str| {
        doc.descendants()
            .find(|n| {
                n.has_tag_name((XHTML_NS, "nav")) && n.attribute((EPUB_NS, "type")) == Some(kind)
            })
            .unwrap()
    };
    let toc = nav("toc");
    assert_eq!(toc.attribute("role"), Some("doc-toc"));
    let title = toc.attribute("aria-labelledby").unwrap();
    let heading = elements(toc).next().unwrap();
    assert_eq!(heading.attribute("id"), Some(title));
    let landmarks = nav("landmarks");
    assert_eq!(landmarks.attribute("aria-label"), Some("معالم & <مراجع>"));
    assert_eq!(landmarks.attribute("hidden"), Some("hidden"));

    let entries = |prefix: &str| -> Vec<Node> {
        toc.descendants()
            .filter(|n| n.attribute("href").is_some_and(|h| h.starts_with(prefix)))
            .collect()
    };
    let persian = entries("article-002.xhtml");
    assert_eq!(persian.len(), 1);
    let li = persian[0].parent_element().unwrap();
    for node in [persian[0], li] {
        assert_eq!(language(node), (Some("fa"), Some("fa"), Some("rtl")));
    }
    let english = entries("article-003.xhtml");
    assert_eq!(english.len(), 2, "the article and its heading");
    for a in english {
        assert_eq!(language(a), (Some("en"), Some("en"), Some("ltr")));
        assert_eq!(language(a.parent_element().unwrap()).2, Some("ltr"));
    }
    // The book's own language needs nothing; the landmarks keep the book's language.
    assert!(entries("article-001.xhtml")
        .iter()
        .all(|a| language(*a) == (None, None, None)));
    assert!(landmarks
        .descendants()
        .all(|n| n.attribute("lang").is_none()));
}

#[test]
fn the_ncx_gets_its_language_and_entry_languages() {
    let g = generated();
    let out = Ncx::edit(&g.ncx, |ncx| {
        ncx.set_language(&tag("ar"), Direction::Rtl)?;
        ncx.mark_entries(&g.languages)
    })
    .unwrap();
    let doc = parse("ncx", &out).unwrap();
    // `xml:lang` and `dir`, never HTML's `lang`.
    assert_eq!(
        language(doc.root_element()),
        (None, Some("ar"), Some("rtl"))
    );
    let label = |src: &str| {
        let content = doc
            .descendants()
            .find(|n| n.has_tag_name((NCX_NS, "content")) && n.attribute("src") == Some(src))
            .unwrap();
        let label = elements(content.parent_element().unwrap())
            .find(|n| n.has_tag_name((NCX_NS, "navLabel")))
            .unwrap();
        language(label)
    };
    assert_eq!(label("article-001.xhtml"), (None, None, None));
    assert_eq!(label("article-002.xhtml"), (None, Some("fa"), Some("rtl")));
    assert_eq!(label("article-003.xhtml"), (None, Some("en"), Some("ltr")));
}

/// The message of the internal error `result` must be.
fn internal<T: std::fmt::Debug>(result: warraq_core::error::Result<T>) -> String {
    match result {
        Err(Error::Internal(message)) => message,
        other => panic!("not an internal error: {other:?}"),
    }
}

#[test]
fn a_missing_element_is_an_internal_error_naming_the_file() {
    let g = generated();
    let ar = tag("ar");
    // The toc nav gone: every operation on it says so.
    let start = g.nav.find("<nav").unwrap();
    let no_toc =
        format!("{}<div{}", &g.nav[..start], &g.nav[start + 4..]).replacen("</nav>", "</div>", 1);
    let message = internal(Nav::edit(&no_toc, |nav| nav.label_toc()));
    assert!(message.starts_with("OEBPS/nav.xhtml: "), "{message}");
    assert!(message.contains("<nav epub:type=\"toc\">"), "{message}");
    let message = internal(Nav::edit(&no_toc, |nav| nav.mark_entries(&g.languages)));
    assert!(message.starts_with("OEBPS/nav.xhtml: "), "{message}");

    // An article with no entry.
    let mut languages = g.languages.clone();
    languages.insert("article-009.xhtml".into(), (tag("ur"), Direction::Rtl));
    let message = internal(Ncx::edit(&g.ncx, |ncx| ncx.mark_entries(&languages)));
    assert_eq!(
        message,
        "OEBPS/toc.ncx: epub-builder wrote no entry for article-009.xhtml"
    );

    // The package's identifier and metadata gone.
    let opf = g
        .opf
        .replace("unique-identifier=\"epub-id-1\"", "unique-identifier=\"x\"");
    let message = internal(Opf::edit(&opf, |opf| opf.replace_identifier("id")));
    assert_eq!(
        message,
        "OEBPS/content.opf: epub-builder wrote no <dc:identifier id=\"x\">"
    );
    let bare = "<package xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"i\"/>";
    let message = internal(Opf::edit(bare, |opf| opf.append_metadata(&[])));
    assert_eq!(
        message,
        "OEBPS/content.opf: epub-builder wrote no <metadata>"
    );
    let message = internal(Ncx::edit("<ncx", |ncx| {
        ncx.set_language(&ar, Direction::Rtl)
    }));
    assert!(
        message.starts_with("OEBPS/toc.ncx: epub-builder wrote XML that does not parse"),
        "{message}"
    );
}

#[test]
fn a_nav_is_found_by_its_type_however_it_is_written() {
    let text = "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:e=\"http://www.idpf.org/2007/ops\"><body>\
<nav e:type='landmarks  toc'\n id='t' ><h2 id='h'>x</h2></nav></body></html>";
    let out = Nav::edit(text, |nav| nav.label_toc()).unwrap();
    assert_eq!(
        out,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:e=\"http://www.idpf.org/2007/ops\"><body>\
<nav e:type='landmarks  toc'\n id='t' role=\"doc-toc\" aria-labelledby=\"h\" ><h2 id='h'>x</h2></nav></body></html>"
    );
}
