//! The navigation document (`OEBPS/nav.xhtml`). epub-builder writes the `toc` nav (a heading
//! with the name given to `set_toc_name`, then the entries, nested by level) and the
//! `landmarks` nav (from the documents' reference types). It writes no language or
//! direction and no ARIA; the operations here add them.

use std::collections::HashSet;

use roxmltree::Node;

use super::{entry_target, every_entry_marked, parse, EntryLanguages, Parsed};
use warraq_core::error::Result;
use warraq_core::lang::{Direction, LanguageTag};
use warraq_epub::xml::{EPUB_NS, XHTML_NS};

/// The navigation document's name in the archive.
pub(crate) const NAME: &str = "OEBPS/nav.xhtml";

/// The navigation document, parsed, and the edits made to it so far.
pub(crate) struct Nav<'d, 't>(Parsed<'d, 't>);

impl<'d, 't> Nav<'d, 't> {
    /// epub-builder's navigation document `text` with the edits `edit` makes.
    pub(crate) fn edit(text: &str, edit: impl FnOnce(&mut Nav) -> Result<()>) -> Result<String> {
        let doc = parse(NAME, text)?;
        let mut nav = Nav(Parsed::new(NAME, &doc));
        edit(&mut nav)?;
        Ok(nav.0.finish())
    }

    /// The book's language and direction on `<html>`, and again on `<body>`: Calibre's
    /// Kindle conversion drops `dir` from `<html>`, MuPDF 1.21 ignores it there, and epub.js
    /// writes over it, but all of them keep what `<body>` says (as in `xhtml::document`).
    pub(crate) fn set_language(&mut self, lang: &LanguageTag, dir: Direction) -> Result<()> {
        let html = self.0.doc.root_element();
        if !html.has_tag_name((XHTML_NS, "html")) {
            return Err(self.0.missing("<html> root"));
        }
        let body = html
            .children()
            .find(|n| n.has_tag_name((XHTML_NS, "body")))
            .ok_or_else(|| self.0.missing("<body>"))?;
        self.0.set_html_language(html, lang, dir);
        self.0.set_html_language(body, lang, dir);
        Ok(())
    }

    /// The ARIA role matching `epub:type="toc"`, and the nav labelled by its heading.
    pub(crate) fn label_toc(&mut self) -> Result<()> {
        let toc = self.nav("toc")?;
        let heading = toc
            .children()
            .find(|n| is_heading(n) && n.attribute("id").is_some())
            .and_then(|h| h.attribute("id"))
            .ok_or_else(|| self.0.missing("heading with an id in the toc nav"))?;
        self.0.set_last(toc, ("", "role"), "role", "doc-toc");
        self.0
            .set_last(toc, ("", "aria-labelledby"), "aria-labelledby", heading);
        Ok(())
    }

    /// The landmarks nav labelled (`label`, in the book's language), so that the two navs
    /// can be told apart, and hidden: reading systems show the landmarks in their own menus.
    pub(crate) fn hide_landmarks(&mut self, label: &str) -> Result<()> {
        let landmarks = self.nav("landmarks")?;
        self.0
            .set_last(landmarks, ("", "aria-label"), "aria-label", label);
        self.0
            .set_last(landmarks, ("", "hidden"), "hidden", "hidden");
        Ok(())
    }

    /// The language and direction on the `<li>` and `<a>` of every entry of the `toc` nav
    /// that points into a document of `languages`: an article in another language than the
    /// book's. Each document must have an entry.
    pub(crate) fn mark_entries(&mut self, languages: &EntryLanguages) -> Result<()> {
        if languages.is_empty() {
            return Ok(());
        }
        let toc = self.nav("toc")?;
        let mut done = HashSet::new();
        let mut marked = Vec::new();
        for a in toc
            .descendants()
            .filter(|n| n.has_tag_name((XHTML_NS, "a")))
        {
            let Some((document, (lang, dir))) = entry_target(a.attribute("href"), languages) else {
                continue;
            };
            let li = a
                .parent_element()
                .filter(|p| p.has_tag_name((XHTML_NS, "li")));
            for node in [Some(a), li].into_iter().flatten() {
                if done.insert(node.id()) {
                    self.0.set_html_language(node, lang, *dir);
                }
            }
            marked.push(document);
        }
        every_entry_marked(&self.0, languages, &marked)
    }

    /// The `nav` whose `epub:type` includes `kind`, however the attribute is spaced.
    fn nav(&self, kind: &str) -> Result<Node<'d, 't>> {
        self.0.find(&format!("<nav epub:type=\"{kind}\">"), |n| {
            n.has_tag_name((XHTML_NS, "nav"))
                && n.attribute((EPUB_NS, "type"))
                    .is_some_and(|t| t.split_whitespace().any(|t| t == kind))
        })
    }
}

fn is_heading(node: &Node) -> bool {
    node.tag_name().namespace() == Some(XHTML_NS)
        && matches!(
            node.tag_name().name(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        )
}
