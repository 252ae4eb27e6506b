//! A right-to-left book that holds documents in other languages: an Arabic anthology with a
//! Persian, an Urdu and an English article (`tests/fixtures/languages/`). It builds, passes
//! EPUBCheck and `warraq check` with nothing to report, and every document and every entry
//! for it (navigation document, NCX, contents page) has the article's language and direction,
//! read back from the EPUB.

use crate::util;

use roxmltree::Node;
use util::epub::{elements, xml, Epub, NCX_NS, OPS_NS, XHTML_NS, XML_NS};
use util::{warraq, Book};

/// Each article's file and the language and direction it must have.
const ARTICLES: [(&str, &str, &str); 5] = [
    ("article-001.xhtml", "ar", "rtl"),
    ("article-002.xhtml", "fa", "rtl"),
    ("article-003.xhtml", "ur", "rtl"),
    ("article-004.xhtml", "en", "ltr"),
    ("article-005.xhtml", "ar", "rtl"),
];

/// The language and direction in force at `node`: the nearest `lang` (or, in the NCX,
/// `xml:lang`) and `dir` on it or an ancestor, as a reading system resolves them.
fn in_force(node: Node) -> (String, String) {
    let nearest = |get: &dyn Fn(Node) -> Option<String>| {
        node.ancestors()
            .find_map(get)
            .unwrap_or_else(|| "none".to_string())
    };
    (
        nearest(&|n: Node| {
            n.attribute("lang")
                .or_else(|| n.attribute((XML_NS, "lang")))
                .map(str::to_string)
        }),
        nearest(&|n: Node| n.attribute("dir").map(str::to_string)),
    )
}

/// For one file of the book, the language and direction in force at each element that
/// `pick` finds for an article (`None` when it finds none).
fn entries(
    epub: &Epub,
    path: &str,
    pick: impl Fn(roxmltree::Document, &str) -> Vec<(String, String)>,
) -> Vec<(&'static str, Vec<(String, String)>)> {
    let text = epub.read_text(path);
    ARTICLES
        .iter()
        .map(|(href, _, _)| (*href, pick(xml(path, &text), href)))
        .collect()
}

fn expected(lang: &str, dir: &str, count: usize) -> Vec<(String, String)> {
    vec![(lang.to_string(), dir.to_string()); count]
}

#[test]
fn an_anthology_in_four_languages_is_right_everywhere() {
    let built = Book::fixture("languages").build();
    let epub = &built.epub;

    // `warraq check` has nothing to say about it (EPUBCheck was run by `build`).
    let output = warraq().arg("check").arg(&built.path).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.ends_with(": 0 errors, 0 warnings\n"), "{stdout}");

    // Every document: `lang`, `xml:lang` and `dir` on `<html>`, and the same in force in
    // its body.
    let opf = epub.opf();
    let base = opf.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    for (href, lang, dir) in ARTICLES {
        let path = format!("{base}/{href}");
        let text = epub.read_text(&path);
        let doc = xml(&path, &text);
        let html = doc.root_element();
        assert_eq!(html.attribute("lang"), Some(lang), "{href}");
        assert_eq!(html.attribute((XML_NS, "lang")), Some(lang), "{href}");
        assert_eq!(html.attribute("dir"), Some(dir), "{href}");
        let body = elements(&doc, XHTML_NS, "body").next().unwrap();
        assert_eq!(in_force(body), (lang.into(), dir.into()), "{href}");
    }

    // The navigation document: each entry's `<li>` and `<a>` (and the headings under it).
    let nav = opf.item_with_property("nav").path.clone();
    let found = entries(epub, &nav, |doc, href| {
        let toc = elements(&doc, XHTML_NS, "nav")
            .find(|n| n.attribute((OPS_NS, "type")) == Some("toc"))
            .expect("a toc nav");
        let mut found = Vec::new();
        for a in toc.descendants().filter(|n| {
            n.has_tag_name((XHTML_NS, "a")) && n.attribute("href").is_some_and(|h| h == href)
        }) {
            found.push(in_force(a));
            found.push(in_force(a.parent_element().unwrap()));
        }
        found
    });
    for ((href, got), (_, lang, dir)) in found.into_iter().zip(ARTICLES) {
        assert_eq!(got, expected(lang, dir, 2), "nav entry of {href}");
    }

    // The NCX: each entry's label.
    let ncx = epub
        .manifest()
        .into_iter()
        .find(|i| i.media_type == "application/x-dtbncx+xml")
        .expect("an NCX")
        .path;
    let found = entries(epub, &ncx, |doc, href| {
        doc.descendants()
            .filter(|n| n.has_tag_name((NCX_NS, "content")) && n.attribute("src") == Some(href))
            .flat_map(|c| c.parent_element().unwrap().children())
            .filter(|n| n.has_tag_name((NCX_NS, "navLabel")))
            .map(in_force)
            .collect()
    });
    for ((href, got), (_, lang, dir)) in found.into_iter().zip(ARTICLES) {
        assert_eq!(got, expected(lang, dir, 1), "NCX entry of {href}");
    }

    // The contents page: each article's `<li>` and link.
    let contents = format!("{base}/contents.xhtml");
    let found = entries(epub, &contents, |doc, href| {
        elements(&doc, XHTML_NS, "a")
            .filter(|a| a.attribute("href") == Some(href))
            .flat_map(|a| [in_force(a), in_force(a.parent_element().unwrap())])
            .collect()
    });
    for ((href, got), (_, lang, dir)) in found.into_iter().zip(ARTICLES) {
        assert_eq!(got, expected(lang, dir, 2), "contents entry of {href}");
    }
}

/// A book directory in the temp dir: `book.toml` from `toml`, and one Urdu article.
fn urdu_book(toml: &str) -> Book {
    let book = Book::empty();
    book.write("b/book.toml", toml.as_bytes());
    book.write(
        "b/article.txt",
        "لاہور میں کتاب میلہ\nلاہور میں سالانہ کتاب میلہ آج سے شروع ہو گیا ہے جس میں ملک بھر سے ناشرین شریک ہیں۔\n"
            .as_bytes(),
    );
    let mut book = book;
    let dir = book.tmp().join("b");
    book.input(dir);
    book
}

#[test]
fn book_toml_takes_language_as_another_name_for_lang() {
    let built = urdu_book("title = \"میلہ\"\nlanguage = \"ur\"\n").build();
    assert_eq!(built.epub.opf().dc("language"), ["ur"]);
    assert_eq!(built.epub.opf().package_lang(), Some("ur"));

    let failed = urdu_book("lang = \"ur\"\ntitle = \"میلہ\"\nlanguage = \"ar\"\n").fail();
    assert_eq!(failed.code, Some(65), "{}", failed.stderr);
    assert!(
        failed
            .stderr
            .contains("book.toml:3:1: both `lang` and `language` are given"),
        "{}",
        failed.stderr
    );
    assert!(
        failed
            .stderr
            .contains("`language` is another name for `lang`"),
        "{}",
        failed.stderr
    );

    // Other keys are still refused, `languages` pointing to `lang`.
    let failed = urdu_book("languages = \"ur\"\n").fail();
    assert_eq!(failed.code, Some(65), "{}", failed.stderr);
    assert!(
        failed
            .stderr
            .contains("book.toml:1:1: unknown key `languages`")
            && failed.stderr.contains("did you mean `lang`?"),
        "{}",
        failed.stderr
    );
}
