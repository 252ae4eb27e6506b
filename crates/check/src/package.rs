//! The package document (OPF): it parses, and its metadata, manifest and spine hold together.
//! What the other checks need from it is kept in a [`Package`].

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::archive::Archive;
use super::href::{is_remote, resolve};
use super::{parse_entry, rules, Findings, Lines};
use warraq_epub::xml::decode;
use warraq_epub::xml::{OPF_NS, XML_NS};

/// A value and where it was found.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    /// The value, trimmed.
    pub(crate) value: String,
    /// `entry:line:column`.
    pub location: String,
}

/// One manifest item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its `id`.
    pub(crate) id: String,
    /// The archive entry its `href` names; `None` for a remote resource or a bad `href`.
    pub(crate) entry: Option<String>,
    /// Its `media-type`.
    pub(crate) media_type: String,
    /// Its `properties`, split on white space.
    pub(crate) properties: Vec<String>,
    /// Where the `<item>` is.
    pub location: String,
}

/// What the package document says, as far as the other checks need it.
#[derive(Debug, Clone)]
pub(crate) struct Package {
    /// Where `<package>` is.
    pub location: String,
    /// `<package dir>`.
    pub dir: Option<String>,
    /// `<package xml:lang>`.
    pub(crate) xml_lang: Option<String>,
    /// Every `dc:language`, in order.
    pub(crate) languages: Vec<Located>,
    /// The spine's `page-progression-direction` and where the spine is; `None` without spine.
    pub(crate) spine: Option<(Option<String>, String)>,
    /// The manifest, in order.
    pub items: Vec<Item>,
    /// The cover image's item, as the EPUB 3 property or the EPUB 2 `meta` names it.
    pub cover: Option<Item>,
}

/// Parses and checks the package document at `path`; `None` when it cannot be parsed.
pub(crate) fn check(archive: &mut Archive, path: &str, out: &mut Findings) -> Option<Package> {
    let bytes = archive.read(path, out)?;
    let Some(text) = decode(&bytes) else {
        out.add(rules::OPF_PARSE, path, "not UTF-8 or UTF-16 text");
        return None;
    };
    let doc = parse_entry(&text, path, rules::OPF_PARSE, out)?;
    let root = doc.root_element();
    if !root.has_tag_name((OPF_NS, "package")) {
        out.add(
            rules::OPF_PARSE,
            Lines::new(&text).at(path, root.range().start),
            format!(
                "the root element is <{}>, not an OPF <package>",
                root.tag_name().name()
            ),
        );
        return None;
    }
    let ctx = Ctx {
        path,
        doc: &doc,
        lines: Lines::new(&text),
    };
    let epub3 = ctx.version(root, out);
    let metadata = child(root, "metadata");
    ctx.unique_identifier(root, out);
    ctx.ids(out);
    if let Some(metadata) = metadata {
        if epub3 {
            ctx.modified(metadata, out);
        }
        ctx.title(metadata, out);
    }
    let languages = ctx.languages(metadata, root, out);
    let items = ctx.manifest(root, archive, out);
    let spine = ctx.spine(root, &items, out);
    if epub3
        && !items
            .iter()
            .any(|i| i.properties.iter().any(|p| p == "nav"))
    {
        out.add(
            rules::OPF_NO_NAV,
            ctx.loc(child(root, "manifest").unwrap_or(root)),
            "no manifest item has properties=\"nav\"",
        );
    }
    let cover = ctx.cover_item(metadata, &items, out);
    Some(Package {
        location: ctx.loc(root),
        dir: root.attribute("dir").map(str::to_string),
        xml_lang: root.attribute((XML_NS, "lang")).map(str::to_string),
        languages,
        spine,
        items,
        cover,
    })
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((OPF_NS, name)))
}

pub(super) fn text(node: Node) -> String {
    node.text().unwrap_or("").trim().to_string()
}

pub(super) struct Ctx<'a, 'i> {
    pub(super) path: &'a str,
    pub(super) doc: &'a Document<'i>,
    pub(super) lines: Lines<'a>,
}

impl Ctx<'_, '_> {
    pub(super) fn loc(&self, node: Node) -> String {
        self.lines.at(self.path, node.range().start)
    }

    fn ids(&self, out: &mut Findings) {
        let mut seen = HashSet::new();
        for node in self.doc.descendants().filter(Node::is_element) {
            if let Some(id) = node.attribute("id") {
                if !seen.insert(id) {
                    out.add(
                        rules::OPF_DUPLICATE_ID,
                        self.loc(node),
                        format!("id {id:?} is used more than once"),
                    );
                }
            }
        }
    }

    fn manifest(&self, root: Node, archive: &Archive, out: &mut Findings) -> Vec<Item> {
        let base = self.path.rfind('/').map_or("", |i| &self.path[..=i]);
        let mut items = Vec::new();
        let nodes = child(root, "manifest")
            .into_iter()
            .flat_map(|m| m.children())
            .filter(|n| n.has_tag_name((OPF_NS, "item")));
        for node in nodes {
            let location = self.loc(node);
            let href = node.attribute("href").unwrap_or("").trim();
            let entry = resolve(base, href);
            if href.is_empty() {
                out.add(
                    rules::OPF_MISSING_ITEM,
                    location.as_str(),
                    "<item> has no href",
                );
            } else if is_remote(href) {
                // Remote resources are allowed for some media types; nothing to find here.
            } else if !entry.as_deref().is_some_and(|e| archive.contains(e)) {
                out.add(
                    rules::OPF_MISSING_ITEM,
                    location.as_str(),
                    format!("{href:?} is not in the archive"),
                );
            }
            items.push(Item {
                id: node.attribute("id").unwrap_or("").to_string(),
                entry: entry.filter(|e| archive.contains(e)),
                media_type: node
                    .attribute("media-type")
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                properties: node
                    .attribute("properties")
                    .unwrap_or("")
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                location,
            });
        }
        items
    }

    fn spine(
        &self,
        root: Node,
        items: &[Item],
        out: &mut Findings,
    ) -> Option<(Option<String>, String)> {
        let Some(spine) = child(root, "spine") else {
            out.add(rules::OPF_SPINE, self.loc(root), "the package has no spine");
            return None;
        };
        let ids: HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
        for itemref in spine
            .children()
            .filter(|n| n.has_tag_name((OPF_NS, "itemref")))
        {
            let idref = itemref.attribute("idref").unwrap_or("");
            if !ids.contains(idref) {
                out.add(
                    rules::OPF_SPINE,
                    self.loc(itemref),
                    format!("itemref {idref:?} names no manifest item"),
                );
            }
        }
        Some((
            spine
                .attribute("page-progression-direction")
                .map(str::to_string),
            self.loc(spine),
        ))
    }

    /// The cover image's manifest item, if the book declares one: the EPUB 3 `cover-image`
    /// item, or else the one the EPUB 2 `<meta name="cover">` names.
    fn cover_item(
        &self,
        metadata: Option<Node>,
        items: &[Item],
        out: &mut Findings,
    ) -> Option<Item> {
        let by_id: HashMap<&str, &Item> = items.iter().map(|i| (i.id.as_str(), i)).collect();
        let meta = metadata
            .into_iter()
            .flat_map(|m| m.children())
            .find(|n| n.has_tag_name((OPF_NS, "meta")) && n.attribute("name") == Some("cover"));
        // EPUB 3.3 does not define this meta; a dangling one misleads only the older readers
        // that still look for it.
        let from_meta = meta.and_then(|meta| {
            let id = meta.attribute("content").unwrap_or("").trim();
            let item = by_id.get(id).copied();
            if item.is_none() {
                out.add(
                    rules::OPF_COVER_META,
                    self.loc(meta),
                    format!("<meta name=\"cover\"> names {id:?}, which is no manifest item"),
                );
            }
            item
        });
        let covers: Vec<&Item> = items
            .iter()
            .filter(|i| i.properties.iter().any(|p| p == "cover-image"))
            .collect();
        if let [_, second, ..] = covers.as_slice() {
            out.add(
                rules::OPF_COVER_DECLARED,
                second.location.as_str(),
                format!(
                    "{} manifest items have properties=\"cover-image\", not one",
                    covers.len()
                ),
            );
        }
        for item in &covers {
            if !item.media_type.starts_with("image/") {
                out.add(
                    rules::OPF_COVER_DECLARED,
                    item.location.as_str(),
                    format!(
                        "properties=\"cover-image\" on an item of media type {:?}, not an image",
                        item.media_type
                    ),
                );
            }
        }
        // A cover-image that is no image is reported above, not decoded.
        covers
            .iter()
            .find(|i| i.media_type.starts_with("image/"))
            .copied()
            .or(from_meta)
            .cloned()
    }
}
