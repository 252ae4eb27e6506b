//! Footnotes where a page's markup makes them recognisable: a link to `#id` whose target sits
//! in a footnotes container (`section.footnotes`, `[role=doc-endnotes]`, `li[id^=fn]`…).

use std::collections::{HashMap, HashSet};

use super::tree::{Data, Id, Tree, DOCUMENT, NONE};

/// The page's footnote targets by id, and the containers that hold them.
#[derive(Default)]
pub(crate) struct Notes {
    targets: HashMap<String, Id>,
    containers: Vec<Id>,
    /// The same, to look up: a page may have 100,000 of them (one per `li id="fn…"`).
    container_set: HashSet<Id>,
}

fn has_class(tree: &Tree, id: Id, class: &str) -> bool {
    tree.attr(id, "class").is_some_and(|c| {
        c.split_ascii_whitespace()
            .any(|w| w.eq_ignore_ascii_case(class))
    })
}

fn role_or_type(tree: &Tree, id: Id, value: &str) -> bool {
    Roles::of(tree, id).say(&[value])
}

/// An element's `role` and `epub:type`, looked up once for the several values asked of them.
struct Roles<'t>([Option<&'t str>; 2]);

impl<'t> Roles<'t> {
    fn of(tree: &'t Tree, id: Id) -> Self {
        let mut roles = Roles([None, None]);
        if let Data::Element { attrs, .. } = &tree.node(id).data {
            // One pass over the attributes, the first of each name kept, as `Tree::attr` does.
            for a in attrs {
                let at = match &*a.name.local {
                    "role" => 0,
                    "epub:type" => 1,
                    _ => continue,
                };
                roles.0[at] = roles.0[at].or(Some(&*a.value));
            }
        }
        roles
    }

    /// Whether either attribute holds one of `values` as a word.
    fn say(&self, values: &[&str]) -> bool {
        self.0
            .iter()
            .flatten()
            .any(|v| v.split_ascii_whitespace().any(|w| values.contains(&w)))
    }
}

impl Notes {
    /// Finds the footnotes of a page.
    pub(crate) fn find(tree: &Tree) -> Notes {
        let mut notes = Notes::default();
        for id in tree.descendants(DOCUMENT) {
            let Some(tag) = tree.tag(id) else { continue };
            let roles = Roles::of(tree, id);
            let container = (matches!(tag, "section" | "div" | "ol" | "aside")
                && (has_class(tree, id, "footnotes") || has_class(tree, id, "endnotes")))
                || roles.say(&["doc-endnotes", "doc-footnotes"]);
            let single = roles.say(&["doc-footnote", "footnote", "endnote", "doc-endnote"]);
            let fn_item = tag == "li" && tree.attr(id, "id").is_some_and(|v| v.starts_with("fn"));
            if container || (single || fn_item) && !notes.in_container(tree, id) {
                notes.containers.push(id);
                notes.container_set.insert(id);
            }
        }
        let mut found = Vec::new();
        for &container in &notes.containers {
            for id in tree.descendants(container) {
                if let Some(name) = tree.attr(id, "id") {
                    if id == container && !role_or_type(tree, id, "doc-footnote") {
                        let single = tree.tag(id) == Some("li")
                            || role_or_type(tree, id, "footnote")
                            || role_or_type(tree, id, "endnote")
                            || role_or_type(tree, id, "doc-endnote");
                        if !single {
                            continue;
                        }
                    }
                    found.push((name.to_owned(), id));
                }
            }
        }
        notes.targets.extend(found);
        notes
    }

    fn in_container(&self, tree: &Tree, id: Id) -> bool {
        // Up the ancestors (at most the parser's depth guard), not across every container.
        let mut at = id;
        while at != NONE {
            if self.container_set.contains(&at) {
                return true;
            }
            at = tree.node(at).parent;
        }
        false
    }

    /// The note element a `#fragment` link points at, if it is a footnote.
    pub(crate) fn target(&self, fragment: &str) -> Option<Id> {
        self.targets.get(fragment).copied()
    }

    /// Whether `id` is a footnotes container (left out of the body; its notes are notes).
    pub(crate) fn is_container(&self, id: Id) -> bool {
        self.container_set.contains(&id)
    }

    /// Whether a link is a note's way back to its reference (`#fnref1`, `↩`), left out.
    pub(crate) fn is_backlink(tree: &Tree, id: Id) -> bool {
        let href = tree.attr(id, "href").unwrap_or("").trim();
        if href.starts_with("#fnref") || href.starts_with("#ref") || href.contains("fnref") {
            return true;
        }
        if role_or_type(tree, id, "doc-backlink")
            || has_class(tree, id, "footnote-back")
            || has_class(tree, id, "footnote-backref")
        {
            return true;
        }
        let mut text = String::new();
        let mut at = tree.node(id).first_child;
        while at != NONE && text.len() < 16 {
            if let super::tree::Data::Text(t) = &tree.node(at).data {
                text.push_str(t);
            }
            at = tree.next_in(id, at, true);
        }
        href.starts_with('#')
            && matches!(
                text.trim().trim_end_matches('\u{FE0E}'),
                "↩" | "↑" | "^" | "⤴" | "↵"
            )
    }
}
