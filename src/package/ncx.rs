//! The NCX (`OEBPS/toc.ncx`), EPUB 2's table of contents, which EPUB 3 readers may still
//! read: epub-builder writes one `navPoint` per entry, with no language or direction. Its
//! schema allows `xml:lang` and `dir` (but not HTML's `lang`) on `<ncx>` and `<navLabel>`.

use super::{entry_target, every_entry_marked, parse, EntryLanguages, Parsed};
use warraq_core::error::Result;
use warraq_core::lang::{Direction, LanguageTag};
use warraq_epub::xml::NCX_NS;

/// The NCX's name in the archive.
pub(crate) const NAME: &str = "OEBPS/toc.ncx";

/// The NCX, parsed, and the edits made to it so far.
pub(crate) struct Ncx<'d, 't>(Parsed<'d, 't>);

impl Ncx<'_, '_> {
    /// epub-builder's NCX `text` with the edits `edit` makes.
    pub(crate) fn edit(text: &str, edit: impl FnOnce(&mut Ncx) -> Result<()>) -> Result<String> {
        let doc = parse(NAME, text)?;
        let mut ncx = Ncx(Parsed::new(NAME, &doc));
        edit(&mut ncx)?;
        Ok(ncx.0.finish())
    }

    /// The book's language and direction on `<ncx>`.
    pub(crate) fn set_language(&mut self, lang: &LanguageTag, dir: Direction) -> Result<()> {
        let root = self.0.doc.root_element();
        if !root.has_tag_name((NCX_NS, "ncx")) {
            return Err(self.0.missing("<ncx> root"));
        }
        self.0.set_xml_language(root, lang, dir);
        Ok(())
    }

    /// The language and direction on the `<navLabel>` of every `navPoint` whose content
    /// points into a document of `languages`. Each document must have an entry.
    pub(crate) fn mark_entries(&mut self, languages: &EntryLanguages) -> Result<()> {
        if languages.is_empty() {
            return Ok(());
        }
        let doc = self.0.doc;
        let mut marked = Vec::new();
        for point in doc
            .descendants()
            .filter(|n| n.has_tag_name((NCX_NS, "navPoint")))
        {
            let src = point
                .children()
                .find(|n| n.has_tag_name((NCX_NS, "content")))
                .and_then(|c| c.attribute("src"));
            let Some((document, (lang, dir))) = entry_target(src, languages) else {
                continue;
            };
            let label = point
                .children()
                .find(|n| n.has_tag_name((NCX_NS, "navLabel")))
                .ok_or_else(|| self.0.missing(&format!("<navLabel> for {document}")))?;
            self.0.set_xml_language(label, lang, *dir);
            marked.push(document);
        }
        every_entry_marked(&self.0, languages, &marked)
    }
}
