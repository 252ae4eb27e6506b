//! Footnotes and endnotes (`footnotes.xml`, `endnotes.xml`): the notes the body refers to,
//! in the order it refers to them, labelled `fn-<id>` and `en-<id>`; the separators Word
//! keeps among them are not notes.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::package::Relationships;
use super::reader::Reader;
use super::xml::{self, is_w, w_attr};
use warraq_core::document::Note;
use warraq_core::error::Result;
use warraq_core::warning::{Warning, WarningKind};

/// A notes part: its name, its text and its relationships.
pub(crate) struct NotesPart {
    /// Its part name.
    pub name: String,
    /// Its XML text.
    pub(crate) text: String,
    /// Its relationships.
    pub(crate) rels: Relationships,
}

impl Reader<'_, '_> {
    /// The notes the body referred to, read from their parts.
    pub(crate) fn notes(
        &mut self,
        footnotes: Option<NotesPart>,
        endnotes: Option<NotesPart>,
    ) -> Result<Vec<Note>> {
        let refs = self.refs.clone();
        let path = self.path;
        let fn_doc = parse(path, &footnotes)?;
        let en_doc = parse(path, &endnotes)?;
        let fn_nodes = fn_doc
            .as_ref()
            .map(|d| by_id(d, "footnote"))
            .unwrap_or_default();
        let en_nodes = en_doc
            .as_ref()
            .map(|d| by_id(d, "endnote"))
            .unwrap_or_default();
        let mut fn_rels = footnotes
            .as_ref()
            .map(|p| p.rels.clone())
            .unwrap_or_default();
        let mut en_rels = endnotes
            .as_ref()
            .map(|p| p.rels.clone())
            .unwrap_or_default();
        let was_counting = std::mem::replace(&mut self.counting, false);
        let mut notes = Vec::new();
        for (footnote, id) in refs {
            let (nodes, rels, kind, prefix) = if footnote {
                (&fn_nodes, &mut fn_rels, "footnote", "fn")
            } else {
                (&en_nodes, &mut en_rels, "endnote", "en")
            };
            let Some(node) = nodes.get(id.as_str()) else {
                self.warnings.push(Warning::new(
                    WarningKind::Markup,
                    format!(
                        "{}: {kind} {id} is referred to but not in the document",
                        self.path.display()
                    ),
                ));
                continue;
            };
            std::mem::swap(&mut self.rels, rels);
            self.place = format!("{kind} {id}, ");
            self.paragraphs = 0;
            let blocks = self.blocks(*node, 1);
            std::mem::swap(&mut self.rels, rels);
            notes.push(Note {
                label: format!("{prefix}-{id}"),
                blocks: blocks?,
            });
        }
        self.counting = was_counting;
        self.place.clear();
        Ok(notes)
    }
}

fn parse<'t>(path: &std::path::Path, part: &'t Option<NotesPart>) -> Result<Option<Document<'t>>> {
    part.as_ref()
        .map(|p| xml::parse(path, &p.name, &p.text))
        .transpose()
}

/// The notes of a part by id, separators left out.
fn by_id<'a, 'i>(doc: &'a Document<'i>, name: &str) -> HashMap<&'a str, Node<'a, 'i>> {
    doc.root_element()
        .children()
        .filter(|n| is_w(*n, name))
        .filter(|n| w_attr(*n, "type").is_none_or(|t| t == "normal"))
        .filter_map(|n| Some((w_attr(n, "id")?, n)))
        .collect()
}
