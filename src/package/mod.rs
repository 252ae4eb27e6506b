//! The fourth stage: the documents and pictures assembled into an EPUB. epub-builder makes
//! the package (`epub.rs`, its only user); the finishing pass (`ocf.rs`) completes its three
//! files, the package document (`opf`), the navigation document (`nav`) and the NCX
//! (`ncx`), and writes a deterministic zip (`zipwrite.rs`). Each addition is one named
//! operation on the parsed file that finds its element by name, namespace and attributes, and
//! edits at the positions the parser gives (`warraq_epub::xml::splice`), never at anchors in
//! epub-builder's template bytes. An element it cannot find is an internal error naming the
//! file, and the unit tests run every operation on epub-builder's real output, so a change in
//! its templates fails a test before it can fail a build (docs/epub-builder.md).

pub mod epub;
pub(crate) mod nav;
pub(crate) mod ncx;
pub(crate) mod ocf;
pub(crate) mod opf;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use roxmltree::{Document, Node};

use warraq_core::error::{Error, Result};
use warraq_core::lang::{Direction, LanguageTag};
use warraq_epub::xml::splice::{self, Edits};
use warraq_epub::xml::XML_NS;

/// Language and direction by the `href` of a document (relative to the navigation document),
/// for the articles not in the book's language: their table-of-contents entries carry them.
pub type EntryLanguages = HashMap<String, (LanguageTag, Direction)>;

/// Parses one of epub-builder's files; `name` names it in the error.
fn parse<'t>(name: &str, text: &'t str) -> Result<Document<'t>> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        Error::Internal(format!(
            "{name}: epub-builder wrote XML that does not parse: {e}"
        ))
    })
}

/// One of epub-builder's files, parsed, and the edits made to it so far.
struct Parsed<'d, 't> {
    /// The entry's name in the archive, for errors.
    name: &'static str,
    doc: &'d Document<'t>,
    text: &'t str,
    edits: Edits,
}

impl<'d, 't> Parsed<'d, 't> {
    fn new(name: &'static str, doc: &'d Document<'t>) -> Parsed<'d, 't> {
        Parsed {
            name,
            doc,
            text: doc.input_text(),
            edits: Edits::default(),
        }
    }

    /// The error for an element this file should have and has not.
    fn missing(&self, what: &str) -> Error {
        Error::Internal(format!("{}: epub-builder wrote no {what}", self.name))
    }

    /// The first element `test` accepts, or the error naming `what` was looked for.
    fn find(&self, what: &str, test: impl Fn(&Node) -> bool) -> Result<Node<'d, 't>> {
        self.doc
            .descendants()
            .find(|n| n.is_element() && test(n))
            .ok_or_else(|| self.missing(what))
    }

    /// Sets an attribute, added right after the tag's name.
    fn set(&mut self, node: Node, name: (&str, &str), qname: &str, value: &str) {
        splice::set_attribute(&mut self.edits, self.text, node, name, qname, value);
    }

    /// Sets an attribute, added after the tag's other attributes.
    fn set_last(&mut self, node: Node, name: (&str, &str), qname: &str, value: &str) {
        splice::set_last_attribute(&mut self.edits, self.text, node, name, qname, value);
    }

    /// `xml:lang` and `dir`: what an XML element of the book says of its language.
    fn set_xml_language(&mut self, node: Node, lang: &LanguageTag, dir: Direction) {
        self.set(node, (XML_NS, "lang"), "xml:lang", lang.as_str());
        self.set(node, ("", "dir"), "dir", dir.as_str());
    }

    /// `lang`, `xml:lang` and `dir`: HTML and XML readers each read their own language
    /// attribute.
    fn set_html_language(&mut self, node: Node, lang: &LanguageTag, dir: Direction) {
        self.set(node, ("", "lang"), "lang", lang.as_str());
        self.set_xml_language(node, lang, dir);
    }

    /// The text with every edit made.
    fn finish(self) -> String {
        self.edits.apply(self.text)
    }
}

/// The document a link points into, and its language, when it is one of `languages`.
fn entry_target<'l>(
    href: Option<&str>,
    languages: &'l EntryLanguages,
) -> Option<(&'l str, &'l (LanguageTag, Direction))> {
    let document = href?.split('#').next()?;
    languages
        .get_key_value(document)
        .map(|(k, v)| (k.as_str(), v))
}

/// An article in another language that no entry points at means the file is not what the
/// finishing expects.
fn every_entry_marked(parsed: &Parsed, languages: &EntryLanguages, marked: &[&str]) -> Result<()> {
    match languages.keys().find(|k| !marked.contains(&k.as_str())) {
        Some(missing) => Err(parsed.missing(&format!("entry for {missing}"))),
        None => Ok(()),
    }
}
