//! Assertions about a built EPUB as a reading system sees it: the direction and language of
//! every document, the table of contents, the text of the content document, the cover.

use image::ImageFormat;

use super::epub::{elements, resolve, text_of, xml, Item, NCX_NS, OPS_NS, XHTML_NS, XML_NS};
use super::images;
use super::text::nfc;
use super::Epub;

/// `<html>`'s `lang`, `xml:lang` and `dir`, and the `<title>` text of an XHTML document.
pub struct HtmlRoot {
    /// `lang`.
    pub lang: Option<String>,
    /// `xml:lang`.
    pub xml_lang: Option<String>,
    /// `dir`.
    pub dir: Option<String>,
    /// The `<title>` text (empty when there is none).
    pub title: String,
}

/// Reads the root of an XHTML document; panics unless it is XHTML `<html>`.
pub fn html_root(name: &str, text: &str) -> HtmlRoot {
    let doc = xml(name, text);
    let html = doc.root_element();
    assert!(
        html.has_tag_name((XHTML_NS, "html")),
        "{name}: the root element is not XHTML <html>"
    );
    let title = elements(&doc, XHTML_NS, "title")
        .next()
        .map(text_of)
        .unwrap_or_default();
    HtmlRoot {
        lang: html.attribute("lang").map(str::to_string),
        xml_lang: html.attribute((XML_NS, "lang")).map(str::to_string),
        dir: html.attribute("dir").map(str::to_string),
        title,
    }
}

/// The spine's `page-progression-direction` is `dir`.
pub fn assert_spine_direction(epub: &Epub, dir: &str) {
    let spine = epub.spine();
    assert_eq!(
        spine
            .attributes
            .get("page-progression-direction")
            .map(String::as_str),
        Some(dir),
        "spine page-progression-direction"
    );
}

/// `<package dir xml:lang>` are `dir` and `lang`, and `lang` is the one `dc:language`.
pub fn assert_package_direction(epub: &Epub, lang: &str, dir: &str) {
    let opf = epub.opf();
    assert_eq!(
        opf.package.get("dir").map(String::as_str),
        Some(dir),
        "<package dir>"
    );
    assert_eq!(opf.package_lang(), Some(lang), "<package xml:lang>");
    assert_eq!(opf.dc("language"), vec![lang], "dc:language");
}

/// Every XHTML document of the manifest: XML declaration first, `<html>` with the book's
/// `lang`, `xml:lang` and `dir`, a non-empty `<title>`. Returns how many there are.
pub fn assert_documents_direction(epub: &Epub, lang: &str, dir: &str) -> usize {
    let documents = epub.xhtml_documents();
    assert!(
        !documents.is_empty(),
        "the manifest lists no XHTML document"
    );
    for (item, text) in &documents {
        let name = &item.path;
        assert!(
            text.starts_with("<?xml"),
            "{name} does not start with an XML declaration: {:?}",
            text.chars().take(40).collect::<String>()
        );
        let root = html_root(name, text);
        assert_eq!(root.dir.as_deref(), Some(dir), "{name}: <html dir>");
        assert_eq!(root.lang.as_deref(), Some(lang), "{name}: <html lang>");
        assert_eq!(
            root.xml_lang.as_deref(),
            Some(lang),
            "{name}: <html xml:lang>"
        );
        assert!(
            !root.title.trim().is_empty(),
            "{name}: <title> is missing or empty"
        );
    }
    documents.len()
}

/// Spine, package and every XHTML document agree on `lang` and `dir`.
pub fn assert_direction_everywhere(epub: &Epub, lang: &str, dir: &str) {
    assert_spine_direction(epub, dir);
    assert_package_direction(epub, lang, dir);
    assert_documents_direction(epub, lang, dir);
}

/// The navigation document's `nav[epub:type~=toc]` heading (its first `h1` or `h2`).
pub fn toc_heading(epub: &Epub) -> String {
    let nav_item = epub.opf().item_with_property("nav").clone();
    let text = epub.read_text(&nav_item.path);
    let doc = xml(&nav_item.path, &text);
    let tocs: Vec<_> = elements(&doc, XHTML_NS, "nav")
        .filter(|n| {
            n.attribute((OPS_NS, "type"))
                .is_some_and(|t| t.split_whitespace().any(|t| t == "toc"))
        })
        .collect();
    assert_eq!(
        tocs.len(),
        1,
        "{}: nav[epub:type~=toc] count",
        nav_item.path
    );
    let heading = tocs[0]
        .descendants()
        .find(|n| n.has_tag_name((XHTML_NS, "h1")) || n.has_tag_name((XHTML_NS, "h2")))
        .unwrap_or_else(|| panic!("{}: the toc nav has no h1/h2", nav_item.path));
    text_of(heading).trim().to_string()
}

/// The NCX's `docTitle/text`.
pub fn ncx_doc_title(epub: &Epub) -> String {
    let opf = epub.opf();
    let ncx: Vec<&Item> = opf
        .manifest
        .iter()
        .filter(|i| i.media_type == "application/x-dtbncx+xml")
        .collect();
    assert_eq!(
        ncx.len(),
        1,
        "manifest items of type application/x-dtbncx+xml"
    );
    let text = epub.read_text(&ncx[0].path);
    let doc = xml(&ncx[0].path, &text);
    let doc_title = elements(&doc, NCX_NS, "docTitle")
        .next()
        .unwrap_or_else(|| panic!("{}: no docTitle", ncx[0].path));
    let text_element = doc_title
        .children()
        .find(|n| n.has_tag_name((NCX_NS, "text")))
        .unwrap_or_else(|| panic!("{}: docTitle has no text", ncx[0].path));
    text_of(text_element).trim().to_string()
}

/// The one spine document (other than the navigation document) holding an `<h1>`: its `<h1>`
/// texts and its `<p>` texts, in order, ends trimmed of XML whitespace.
pub fn headings_and_paragraphs(epub: &Epub) -> (Vec<String>, Vec<String>) {
    let opf = epub.opf();
    let trim = |s: String| {
        s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
            .to_string()
    };
    let mut found = Vec::new();
    for item in opf.spine_items() {
        if !item.is_xhtml() || item.has_property("nav") {
            continue;
        }
        let text = epub.read_text(&item.path);
        let doc = xml(&item.path, &text);
        let h1: Vec<String> = elements(&doc, XHTML_NS, "h1")
            .map(|n| trim(text_of(n)))
            .collect();
        if !h1.is_empty() {
            let p = elements(&doc, XHTML_NS, "p")
                .map(|n| trim(text_of(n)))
                .collect();
            found.push((item.path.clone(), h1, p));
        }
    }
    assert_eq!(
        found.len(),
        1,
        "expected exactly one content document with an <h1> in the spine, found {:?}",
        found.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let (_, h1, p) = found.remove(0);
    (h1, p)
}

/// The content document's `<h1>` is `lines[0]` and its `<p>`s are the rest (after NFC).
pub fn assert_text_matches(epub: &Epub, lines: &[String]) {
    let (h1, p) = headings_and_paragraphs(epub);
    let h1: Vec<String> = h1.iter().map(|s| nfc(s)).collect();
    let p: Vec<String> = p.iter().map(|s| nfc(s)).collect();
    assert_eq!(h1, vec![lines[0].clone()], "the <h1> is not the headline");
    assert_eq!(p.len(), lines.len() - 1, "number of <p>");
    for (index, (got, want)) in p.iter().zip(&lines[1..]).enumerate() {
        assert_eq!(got, want, "<p> number {} differs", index + 1);
    }
}

/// Checks how the cover is wired (manifest property, `<meta name="cover">`, a cover page
/// first in the spine whose `<img>` shows it with an `alt`); returns the item and its bytes.
pub fn cover_of(epub: &Epub) -> (Item, Vec<u8>) {
    let opf = epub.opf();
    let cover = epub.cover_image();
    let metas = opf.meta_name("cover");
    assert_eq!(metas.len(), 1, "<meta name=\"cover\"> count");
    assert_eq!(
        metas[0].attr("content"),
        Some(cover.id.as_str()),
        "<meta name=\"cover\"> must name the cover-image item"
    );
    let first = opf.spine_items()[0].clone();
    assert!(
        first.is_xhtml(),
        "the first spine item is not an XHTML page: {first:?}"
    );
    let page = epub.read_text(&first.path);
    let doc = xml(&first.path, &page);
    let images: Vec<_> = elements(&doc, XHTML_NS, "img").collect();
    let shown = images
        .iter()
        .find(|img| {
            img.attribute("src")
                .is_some_and(|src| resolve(&first.path, src) == cover.path)
        })
        .unwrap_or_else(|| {
            panic!(
                "the first spine page {} has no <img> showing {} (it has {} img)",
                first.path,
                cover.path,
                images.len()
            )
        });
    assert!(
        shown
            .attribute("alt")
            .is_some_and(|alt| !alt.trim().is_empty()),
        "the cover <img> has no non-empty alt"
    );
    let bytes = epub.read(&cover.path).to_vec();
    (cover, bytes)
}

/// The stored cover's media type and bytes are both `format`.
pub fn assert_stored_as(item: &Item, bytes: &[u8], format: ImageFormat) {
    let media_type = match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        other => panic!("no media type for {other:?}"),
    };
    assert_eq!(item.media_type, media_type, "cover media-type");
    assert_eq!(
        images::format_of(bytes),
        format,
        "the stored cover's bytes are not {format:?}"
    );
}

/// What a reader sees of a one-article book: the first `<h1>` of `article-001.xhtml` and its
/// `<p>` elements, as they stand (not trimmed).
#[derive(Debug)]
pub struct ArticleText {
    /// The `<h1>`.
    pub headline: String,
    /// The `<p>` elements, in order.
    pub paragraphs: Vec<String>,
}

impl ArticleText {
    /// Headline and paragraphs joined with newlines.
    pub fn joined(&self) -> String {
        let mut text = self.headline.clone();
        for p in &self.paragraphs {
            text.push('\n');
            text.push_str(p);
        }
        text
    }
}

/// Every `.xhtml`, `.opf` and `.ncx` entry must be well-formed XML; returns the text of the
/// article document, `article-001.xhtml`.
pub fn article_text(epub: &Epub) -> ArticleText {
    let mut article = None;
    for name in epub.names() {
        if ![".xhtml", ".opf", ".ncx"].iter().any(|e| name.ends_with(e)) {
            continue;
        }
        let text = epub.read_text(name);
        let doc = xml(name, &text);
        if name.ends_with("article-001.xhtml") {
            let texts =
                |tag: &str| -> Vec<String> { elements(&doc, XHTML_NS, tag).map(text_of).collect() };
            article = Some(ArticleText {
                headline: texts("h1").into_iter().next().expect("an h1"),
                paragraphs: texts("p"),
            });
        }
    }
    article.expect("the book has an article-001.xhtml")
}
