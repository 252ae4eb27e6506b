//! The XHTML documents and style sheets: every document parses as XML; what the direction
//! rules need from each (root language and direction, styles, how much text is in which
//! script) is gathered in one pass over its tree.

use rayon::prelude::*;
use roxmltree::Node;

use super::archive::Archive;
use super::css::Sheet;
use super::href::resolve;
use super::package::Package;
use super::{parse_entry, rules, Findings, Lines};
use warraq_core::lang::Script;
use warraq_epub::xml::decode;
use warraq_epub::xml::{XHTML_NS, XML_NS};

const XHTML_TYPE: &str = "application/xhtml+xml";

/// An attribute's value and where its element is.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    /// The value.
    pub(crate) value: String,
    /// `entry:line:column` of the element.
    pub location: String,
}

/// What the direction rules need from one XHTML document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Where its root element is.
    pub location: String,
    /// `lang` on `<html>`, or on `<body>` when `<html>` has neither language attribute.
    pub lang: Option<Attr>,
    /// `xml:lang`, from the same element as `lang`.
    pub(crate) xml_lang: Option<Attr>,
    /// `dir` on `<body>`, or else on `<html>`: the one that governs the text.
    pub dir: Option<Attr>,
    /// Whether `<body>` has a `dir` of its own (some engines lose the one on `<html>`).
    pub(crate) body_dir: bool,
    /// The `<img>` elements that have both `width` and `height` attributes.
    pub(crate) sized_images: Vec<SizedImage>,
    /// Letters of right-to-left scripts in the body.
    pub(crate) rtl_letters: usize,
    /// Other letters in the body.
    pub(crate) other_letters: usize,
    /// Its `<style>` elements and `style` attributes.
    pub(crate) styles: Vec<Sheet>,
}

/// An `<img>` with `width` and `height` attributes, and what selects it in a style sheet.
#[derive(Debug, Clone, Default)]
pub(crate) struct SizedImage {
    /// The archive entry its `src` names, when it names one.
    pub(crate) entry: Option<String>,
    /// Its `class` names.
    pub(crate) classes: Vec<String>,
    /// Its `id`.
    pub(crate) id: Option<String>,
    /// Its `style` attribute.
    pub(crate) style: Option<String>,
    /// `entry:line:column` of the element.
    pub location: String,
}

/// How many documents are parsed at once.
const PARALLEL_DOCUMENTS: usize = 32;

/// Parses every XHTML document of the book (the manifest's, or, without a package document,
/// every `.xhtml` entry) and gathers what the direction rules need.
pub(crate) fn check(
    archive: &mut Archive,
    package: Option<&Package>,
    out: &mut Findings,
) -> Vec<Document> {
    let entries: Vec<String> = match package {
        Some(package) => package
            .items
            .iter()
            .filter(|i| i.media_type == XHTML_TYPE)
            .filter_map(|i| i.entry.clone())
            .collect(),
        None => archive
            .names
            .iter()
            .map(|n| n.name.clone())
            .filter(|n| n.ends_with(".xhtml") || n.ends_with(".html") || n.ends_with(".htm"))
            .collect(),
    };
    // Read one by one (the archive is a single cursor), then parsed and checked in parallel,
    // each with its own findings, merged back in order; a few at a time, so a large book's
    // text is not all held at once.
    let mut documents = Vec::with_capacity(entries.len());
    for chunk in entries.chunks(PARALLEL_DOCUMENTS) {
        let read: Vec<(&String, Vec<u8>)> = chunk
            .iter()
            .filter_map(|entry| archive.read(entry, out).map(|bytes| (entry, bytes)))
            .collect();
        let mut checked = Vec::with_capacity(read.len());
        read.par_iter()
            .map(|(entry, bytes)| {
                let mut own = Findings::default();
                let document = document(entry, bytes, &mut own);
                (document, own)
            })
            .collect_into_vec(&mut checked);
        for (document, own) in checked {
            out.0.extend(own.0);
            documents.extend(document);
        }
    }
    documents
}

/// The manifest's CSS style sheets.
pub(crate) fn style_sheets(
    archive: &mut Archive,
    package: Option<&Package>,
    out: &mut Findings,
) -> Vec<Sheet> {
    let entries = package
        .into_iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.media_type == "text/css")
        .filter_map(|i| i.entry.clone())
        .collect::<Vec<_>>();
    entries
        .into_iter()
        .filter_map(|entry| {
            let bytes = archive.read(&entry, out)?;
            Some(Sheet {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                entry,
                line: 1,
                ltr: false,
            })
        })
        .collect()
}

fn document(entry: &str, bytes: &[u8], out: &mut Findings) -> Option<Document> {
    let Some(text) = decode(bytes) else {
        out.add(rules::XML_PARSE, entry, "not UTF-8 or UTF-16 text");
        return None;
    };
    let doc = parse_entry(&text, entry, rules::XML_PARSE, out)?;
    if !text.starts_with("<?xml") {
        out.add(rules::XML_DECLARATION, entry, "no XML declaration");
    }
    let lines = Lines::new(&text);
    let html = doc.root_element();
    let body = html.children().find(|n| n.has_tag_name((XHTML_NS, "body")));
    let attr = |node: Node, name: (&str, &str)| {
        let value = if name.0.is_empty() {
            node.attribute(name.1)
        } else {
            node.attribute(name)
        };
        value.map(|v| Attr {
            value: v.trim().to_string(),
            location: lines.at(entry, node.range().start),
        })
    };
    let has_lang =
        |n: Node| n.attribute("lang").is_some() || n.attribute((XML_NS, "lang")).is_some();
    let lang_node = match body {
        Some(body) if !has_lang(html) && has_lang(body) => body,
        _ => html,
    };
    let mut document = Document {
        location: lines.at(entry, html.range().start),
        lang: attr(lang_node, ("", "lang")),
        xml_lang: attr(lang_node, (XML_NS, "lang")),
        dir: body
            .and_then(|b| attr(b, ("", "dir")))
            .or_else(|| attr(html, ("", "dir"))),
        body_dir: body.is_some_and(|b| b.attribute("dir").is_some()),
        ..Document::default()
    };
    let base = entry.rfind('/').map_or("", |i| &entry[..=i]);
    if let Some(body) = body {
        for text in body
            .descendants()
            .filter_map(|n| n.is_text().then(|| n.text()).flatten())
        {
            count_letters(text, &mut document);
        }
    }
    for node in doc.descendants().filter(Node::is_element) {
        let line = || lines.position(node.range().start).0;
        if node.has_tag_name((XHTML_NS, "style")) {
            let css: String = node.children().filter_map(|c| c.text()).collect();
            // The CSS starts on the line of `<style>` (or just after it).
            document.styles.push(Sheet {
                entry: entry.to_string(),
                line: line(),
                text: css,
                ltr: false,
            });
        }
        if node.has_tag_name((XHTML_NS, "img"))
            && node.attribute("width").is_some()
            && node.attribute("height").is_some()
        {
            document.sized_images.push(SizedImage {
                entry: node.attribute("src").and_then(|src| resolve(base, src)),
                classes: node
                    .attribute("class")
                    .map(|c| c.split_ascii_whitespace().map(str::to_string).collect())
                    .unwrap_or_default(),
                id: node.attribute("id").map(str::to_string),
                style: node.attribute("style").map(str::to_string),
                location: lines.at(entry, node.range().start),
            });
        }
        for name in ["href", "src"] {
            let value = node.attribute(name);
            if let Some(why) = value.and_then(warraq_core::document::url::violation) {
                out.add(
                    rules::XML_URL,
                    lines.at(entry, node.range().start),
                    format!("{name}={:?} is not a valid URL: {why}", value.unwrap_or("")),
                );
            }
        }
        if let Some(style) = node.attribute("style") {
            document.styles.push(Sheet {
                entry: entry.to_string(),
                line: line(),
                text: style.to_string(),
                ltr: set_ltr(node),
            });
        }
    }
    Some(document)
}

/// Whether an element's text is set left to right by `dir`: its own, or else its nearest
/// ancestor's.
fn set_ltr(node: Node) -> bool {
    node.ancestors()
        .find_map(|n| n.attribute("dir"))
        .is_some_and(|dir| dir.trim().eq_ignore_ascii_case("ltr"))
}

fn count_letters(text: &str, document: &mut Document) {
    let mut letters = Script::default();
    letters.count(text);
    document.rtl_letters += letters.rtl;
    document.other_letters += letters.other;
}
