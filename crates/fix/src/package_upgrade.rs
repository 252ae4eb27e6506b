//! The package document's side of EPUB 2 → EPUB 3: EPUB 2's `opf:` metadata attributes made
//! EPUB 3, the navigation document's manifest item and the properties EPUB 3 requires.

use roxmltree::{Document, Node};

use super::opf_tree::child;
use warraq_check::href::resolve;
use warraq_epub::xml::escape;
use warraq_epub::xml::splice::{self, set_attribute, Edits};
use warraq_epub::xml::OPF_NS;

/// EPUB 2's `opf:role`, `opf:file-as`, `opf:scheme` and `opf:event` attributes are not EPUB 3:
/// role and file-as become refining `meta` elements, the others are dropped.
pub(super) fn epub3_metadata(text: &str, doc: &Document, edits: &mut Edits) {
    let Some(metadata) = child(doc.root_element(), "metadata") else {
        return;
    };
    let mut next_id = 0;
    for node in metadata.children().filter(Node::is_element) {
        let opf: Vec<_> = node
            .attributes()
            .filter(|a| a.namespace() == Some(OPF_NS))
            .collect();
        if opf.is_empty() {
            continue;
        }
        let mut refines = String::new();
        let id = match node.attribute("id") {
            Some(id) => id.to_string(),
            None => {
                let id = loop {
                    next_id += 1;
                    let id = format!("warraq-fix-{next_id}");
                    if !doc
                        .descendants()
                        .any(|n| n.attribute("id") == Some(id.as_str()))
                    {
                        break id;
                    }
                };
                set_attribute(edits, text, node, ("", "id"), "id", &id);
                id
            }
        };
        for a in &opf {
            let range = a.range();
            let start = text[..range.start].trim_end().len();
            edits.replace(start..range.end, "");
            let (property, scheme) = match a.name() {
                "role" => ("role", " scheme=\"marc:relators\""),
                "file-as" => ("file-as", ""),
                _ => continue,
            };
            refines.push_str(&format!(
                "{}<meta refines=\"#{}\" property=\"{property}\"{scheme}>{}</meta>",
                splice::indentation(text, node),
                escape(&id),
                escape(a.value())
            ));
        }
        if !refines.is_empty() {
            edits.insert(node.range().end, refines);
        }
    }
}

/// What an EPUB 2 book made EPUB 3 adds to its manifest.
pub(super) struct Additions<'p> {
    /// The navigation document's `href` from the package, when one is added.
    pub(crate) nav_href: Option<&'p str>,
    /// Manifest properties each document needs (by entry).
    pub(crate) properties: &'p [(String, Vec<&'static str>)],
}

/// The navigation document's item, and the properties EPUB 3 requires of documents.
pub(super) fn manifest(
    text: &str,
    root: Node,
    path: &str,
    plan: &Additions,
    epub2: bool,
    edits: &mut Edits,
) {
    let Some(manifest) = child(root, "manifest") else {
        return;
    };
    let base = path.rfind('/').map_or("", |i| &path[..=i]);
    let items = manifest
        .children()
        .filter(|n| epub2 && n.has_tag_name((OPF_NS, "item")));
    for item in items {
        let entry = item.attribute("href").and_then(|h| resolve(base, h.trim()));
        let needed = plan
            .properties
            .iter()
            .find(|(e, _)| Some(e) == entry.as_ref());
        if let Some((_, needed)) = needed.filter(|(_, p)| !p.is_empty()) {
            let mut props: Vec<&str> = item
                .attribute("properties")
                .unwrap_or("")
                .split_whitespace()
                .collect();
            for p in needed {
                if !props.contains(p) {
                    props.push(p);
                }
            }
            set_attribute(
                edits,
                text,
                item,
                ("", "properties"),
                "properties",
                &props.join(" "),
            );
        }
    }
    if let (Some(href), Some(last)) = (plan.nav_href, manifest.children().rfind(Node::is_element)) {
        let mut id = "nav".to_string();
        let mut n = 0;
        while root
            .descendants()
            .any(|x| x.attribute("id") == Some(id.as_str()))
        {
            n += 1;
            id = format!("nav-{n}");
        }
        edits.insert(
            last.range().end,
            format!(
                "{}<item id=\"{id}\" href=\"{}\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
                splice::indentation(text, last),
                escape(href)
            ),
        );
    }
}
