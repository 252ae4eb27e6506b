//! The package document: what `fix` needs to know from it ([`Opf`]), and its edits — the
//! spine's direction, `dir` and `xml:lang` on `<package>`, the main `dc:language` first, a
//! `dcterms:modified`, the XML declaration, and for an EPUB 2 book the version, the
//! navigation document's item and the properties EPUB 3 requires.

use roxmltree::Node;

use super::language::BookLanguage;
use super::opf_tree::{child, children};
use super::{package_upgrade as upgrade, Repair};
use warraq_check::href::resolve;
use warraq_check::rules;
use warraq_core::lang::policy::same_language;
use warraq_core::lang::Direction;
use warraq_epub::opf::{self, is_utc_timestamp};
use warraq_epub::xml::encoding::{declaration, Encoding};
use warraq_epub::xml::escape;
use warraq_epub::xml::splice::{self, set_attribute, Edits};
use warraq_epub::xml::{decode, parse_xml};
use warraq_epub::xml::{DC_NS, OPF_NS, XML_NS};

const NCX_TYPE: &str = "application/x-dtbncx+xml";

/// One manifest item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its `id`.
    pub(crate) id: String,
    /// The archive entry it names.
    pub(crate) entry: Option<String>,
    /// Its media type.
    pub(crate) media_type: String,
}

/// What `fix` reads from the package document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Opf {
    /// Whether it says EPUB 2.
    pub(crate) epub2: bool,
    /// Every `dc:language`, trimmed, in order.
    pub(crate) languages: Vec<String>,
    /// The first `dc:title`.
    pub title: String,
    /// The manifest.
    pub items: Vec<Item>,
    /// The entry of the NCX, when there is one.
    pub(crate) ncx: Option<String>,
    /// The guide's references: type, title and the entry (with fragment) they point at.
    pub(crate) guide: Vec<(String, String, String)>,
    /// The archive entries of the spine, in order.
    pub(crate) spine: Vec<String>,
    /// Whether a manifest item is declared the navigation document.
    pub(crate) has_nav: bool,
}

/// Reads the package document at `path`; `None` when it cannot be parsed.
pub(crate) fn read(path: &str, bytes: &[u8]) -> Option<Opf> {
    let text = decode(bytes)?;
    let doc = parse_xml(&text).ok()?;
    let root = doc.root_element();
    if !root.has_tag_name((OPF_NS, "package")) {
        return None;
    }
    let base = path.rfind('/').map_or("", |i| &path[..=i]);
    let metadata = child(root, "metadata");
    let dc = |name: &'static str| {
        metadata
            .into_iter()
            .flat_map(|m| m.children())
            .filter(move |n| n.has_tag_name((DC_NS, name)))
            .map(|n| n.text().unwrap_or("").trim().to_string())
    };
    let has_nav = children(root, "manifest", "item").any(|n| {
        n.attribute("properties")
            .is_some_and(|p| p.split_whitespace().any(|p| p == "nav"))
    });
    let items: Vec<Item> = children(root, "manifest", "item")
        .map(|n| Item {
            id: n.attribute("id").unwrap_or("").to_string(),
            entry: n.attribute("href").and_then(|h| resolve(base, h.trim())),
            media_type: n.attribute("media-type").unwrap_or("").trim().to_string(),
        })
        .collect();
    let spine_node = child(root, "spine");
    let toc = spine_node.and_then(|s| s.attribute("toc"));
    let ncx = items
        .iter()
        .find(|i| Some(i.id.as_str()) == toc)
        .or_else(|| items.iter().find(|i| i.media_type == NCX_TYPE))
        .and_then(|i| i.entry.clone());
    let spine = children(root, "spine", "itemref")
        .filter_map(|r| {
            let idref = r.attribute("idref")?;
            items.iter().find(|i| i.id == idref)?.entry.clone()
        })
        .collect();
    let guide = children(root, "guide", "reference")
        .filter_map(|r| {
            let href = r.attribute("href")?.trim();
            let entry = resolve(base, href)?;
            let fragment = href
                .split_once('#')
                .map_or(String::new(), |(_, f)| format!("#{f}"));
            Some((
                r.attribute("type").unwrap_or("").trim().to_string(),
                r.attribute("title").unwrap_or("").trim().to_string(),
                format!("{entry}{fragment}"),
            ))
        })
        .collect();
    Some(Opf {
        epub2: matches!(
            root.attribute("version").map(str::trim),
            Some("2.0" | "2.0.1")
        ),
        languages: dc("language").collect(),
        title: dc("title").next().unwrap_or_default(),
        items,
        ncx,
        guide,
        spine,
        has_nav,
    })
}

/// What the package is edited to say.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The book's language.
    pub(crate) language: &'a BookLanguage,
    /// Whether `--lang` named it.
    pub(crate) from_flag: bool,
    /// `dcterms:modified` for a book without one.
    pub modified: String,
    /// The navigation document added to an EPUB 2 book: its `href` from the package.
    pub(crate) nav_href: Option<String>,
    /// Manifest properties each document needs (by entry), for an EPUB 2 book made EPUB 3.
    pub(crate) properties: Vec<(String, Vec<&'static str>)>,
}

/// The edited package document, or `None` when nothing changes; repairs go to `repairs`.
pub(crate) fn edit(
    path: &str,
    bytes: &[u8],
    plan: &Plan,
    repairs: &mut Vec<Repair>,
) -> Option<Vec<u8>> {
    let text = decode(bytes)?;
    let doc = parse_xml(&text).ok()?;
    let root = doc.root_element();
    let encoding = Encoding::of(bytes);
    let mut edits = Edits::default();
    let mut repair = |rule: &warraq_check::rules::Rule, message: String| {
        repairs.push(Repair {
            code: rule.code,
            message,
            location: path.to_string(),
        });
    };
    if !text.starts_with("<?xml") {
        edits.insert(0, declaration(encoding));
        repair(rules::XML_DECLARATION, "XML declaration added".into());
    }
    let epub2 = matches!(
        root.attribute("version").map(str::trim),
        Some("2.0" | "2.0.1")
    );
    if epub2 {
        set_attribute(&mut edits, &text, root, ("", "version"), "version", "3.0");
        upgrade::epub3_metadata(&text, &doc, &mut edits);
        repair(
            rules::OPF_EPUB2,
            "made EPUB 3: version 3.0, a navigation document from the NCX (kept for older readers), EPUB 2 metadata attributes as EPUB 3 properties".into(),
        );
    }
    let metadata = child(root, "metadata");
    let main = &plan.language.main;
    if let Some(metadata) = metadata {
        languages(&text, metadata, plan, &mut edits, &mut repair);
        modified(
            &text,
            metadata,
            epub2,
            &plan.modified,
            &mut edits,
            &mut repair,
        );
    }
    if main.direction() == Direction::Rtl {
        let dir = set_attribute(&mut edits, &text, root, ("", "dir"), "dir", "rtl");
        let lang = set_attribute(
            &mut edits,
            &text,
            root,
            (XML_NS, "lang"),
            "xml:lang",
            main.as_str(),
        );
        if dir || lang {
            repair(
                rules::RTL_PACKAGE,
                format!("<package> given dir=\"rtl\" and xml:lang=\"{main}\""),
            );
        }
        if let Some(spine) = child(root, "spine") {
            if set_attribute(
                &mut edits,
                &text,
                spine,
                ("", "page-progression-direction"),
                "page-progression-direction",
                "rtl",
            ) {
                repair(
                    rules::RTL_SPINE,
                    "spine page-progression-direction set to rtl".into(),
                );
            }
        }
    }
    let additions = upgrade::Additions {
        nav_href: plan.nav_href.as_deref(),
        properties: &plan.properties,
    };
    upgrade::manifest(&text, root, path, &additions, epub2, &mut edits);
    if plan.nav_href.is_some() && !epub2 {
        repair(
            rules::OPF_NO_NAV,
            "navigation document generated from the NCX and declared".into(),
        );
    }
    (!edits.is_empty()).then(|| encoding.encode(&edits.apply(&text)))
}

fn languages(
    text: &str,
    metadata: Node,
    plan: &Plan,
    edits: &mut Edits,
    repair: &mut impl FnMut(&warraq_check::rules::Rule, String),
) {
    let main = &plan.language.main;
    let nodes: Vec<Node> = metadata
        .children()
        .filter(|n| n.has_tag_name((DC_NS, "language")))
        .collect();
    let value = |n: &Node| n.text().unwrap_or("").trim().to_string();
    let Some(first) = nodes.first() else {
        let last = metadata.children().rfind(Node::is_element);
        let element = format!("<dc:language>{}</dc:language>", escape(main.as_str()));
        match last {
            Some(last) => edits.insert(
                last.range().end,
                format!("{}{element}", splice::indentation(text, last)),
            ),
            None => edits.insert(
                metadata.range().end - "</metadata>".len().min(metadata.range().len()),
                element,
            ),
        }
        repair(rules::OPF_LANGUAGE, format!("dc:language {main} added"));
        return;
    };
    if same_language(&value(first), main) {
        return;
    }
    if let Some(other) = nodes.iter().find(|n| same_language(&value(n), main)) {
        // Swap the two elements whole, attributes and all, so nothing else moves.
        edits.replace(first.range(), &text[other.range()]);
        edits.replace(other.range(), &text[first.range()]);
        repair(
            rules::RTL_LANGUAGES,
            format!("dc:language {main} moved first, the others kept"),
        );
        return;
    }
    let was = value(first);
    match splice::content_range(text, *first) {
        Some(range) => edits.replace(range, escape(main.as_str())),
        None => edits.replace(
            first.range(),
            format!("<dc:language>{}</dc:language>", escape(main.as_str())),
        ),
    }
    let rule = if plan.from_flag {
        rules::RTL_LANG_MISMATCH
    } else {
        rules::RTL_UNDECLARED
    };
    let why = match plan.language.detected {
        Some(name) => format!(", detected from the text ({name})"),
        None if plan.from_flag => " (--lang)".into(),
        None => String::new(),
    };
    repair(rule, format!("dc:language set to {main}{why}, was {was:?}"));
}

fn modified(
    text: &str,
    metadata: Node,
    epub2: bool,
    stamp: &str,
    edits: &mut Edits,
    repair: &mut impl FnMut(&warraq_check::rules::Rule, String),
) {
    let version3 = epub2
        || metadata
            .parent_element()
            .and_then(|p| p.attribute("version"))
            .is_some_and(|v| v.trim() == "3.0");
    if !version3 {
        return;
    }
    let found = opf::modified(metadata);
    match found.as_slice() {
        [] => {
            let Some(last) = metadata.children().rfind(Node::is_element) else {
                return;
            };
            edits.insert(
                last.range().end,
                format!(
                    "{}<meta property=\"dcterms:modified\">{stamp}</meta>",
                    splice::indentation(text, last)
                ),
            );
            repair(
                rules::OPF_MODIFIED,
                format!("dcterms:modified {stamp} added"),
            );
        }
        [one] if !is_utc_timestamp(one.text().unwrap_or("").trim()) => {
            if let Some(range) = splice::content_range(text, *one) {
                edits.replace(range, stamp);
                repair(
                    rules::OPF_MODIFIED,
                    format!("dcterms:modified set to {stamp}"),
                );
            }
        }
        _ => {}
    }
}
