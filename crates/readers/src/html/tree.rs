//! The page as a tree: an arena of nodes (a `Vec`, indices as handles) that `parse.rs` fills,
//! and the walks everything after it makes over it, none of them recursive.

use html5ever::tendril::StrTendril;
use html5ever::{ns, Attribute, QualName};

/// Whether an element named `tag` breaks a line of text: a paragraph ends before and after
/// it. A `match`, not a list searched in order: every element of a page is asked.
pub fn is_block_level(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "menu"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "caption"
    )
}

/// A node's index in the arena.
pub(crate) type Id = u32;

/// "No node": the end of a sibling chain, the parent of the root.
pub(crate) const NONE: Id = Id::MAX;

/// The document node.
pub(crate) const DOCUMENT: Id = 0;

/// One node: its links and what it is.
pub(crate) struct Node {
    /// Its parent, or [`NONE`].
    pub(crate) parent: Id,
    /// Its first child, or [`NONE`].
    pub(crate) first_child: Id,
    pub(super) last_child: Id,
    pub(super) prev: Id,
    /// Its next sibling, or [`NONE`].
    pub(crate) next: Id,
    /// How deep it was when it was inserted (the document is 0).
    pub(super) depth: u32,
    /// What it is.
    pub(crate) data: Data,
}

/// What a node is.
pub(crate) enum Data {
    /// The document, or a template's contents.
    Document,
    /// An element.
    Element {
        /// Its name (HTML elements are in the HTML namespace; `svg` and `math` are not).
        name: QualName,
        /// Its attributes, as written.
        attrs: Vec<Attribute>,
    },
    /// Text.
    Text(StrTendril),
    /// A comment, doctype or processing instruction: nothing a reader sees.
    Other,
}

/// The parsed page.
pub(crate) struct Tree {
    /// Every node; [`DOCUMENT`] first.
    pub(crate) nodes: Vec<Node>,
}

impl Tree {
    /// The node at `id`.
    pub(crate) fn node(&self, id: Id) -> &Node {
        &self.nodes[id as usize]
    }

    /// The local name of an HTML element, lowercase; `None` for anything else (text,
    /// SVG and MathML elements, whose names a reader never interprets).
    pub(crate) fn tag(&self, id: Id) -> Option<&str> {
        match &self.node(id).data {
            Data::Element { name, .. } if name.ns == ns!(html) => Some(&name.local),
            _ => None,
        }
    }

    /// Whether `id` is an element, of any namespace.
    pub(crate) fn is_element(&self, id: Id) -> bool {
        matches!(self.node(id).data, Data::Element { .. })
    }

    /// The value of an attribute (names are lowercase; namespaced ones by local name).
    pub(crate) fn attr(&self, id: Id, wanted: &str) -> Option<&str> {
        match &self.node(id).data {
            Data::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// The children of `id`, in order.
    pub(crate) fn children(&self, id: Id) -> Children<'_> {
        Children {
            tree: self,
            next: self.node(id).first_child,
        }
    }

    /// `id` and its descendants in document order, `id` first; `skip` prunes a subtree (its
    /// root is still yielded). Iterative: a page nested 100,000 deep is walked like any other.
    pub(crate) fn descendants(&self, id: Id) -> Descendants<'_> {
        Descendants {
            tree: self,
            root: id,
            next: id,
        }
    }

    /// The next node after `id` in document order within `root`, skipping `id`'s subtree
    /// when `into` is false.
    pub(crate) fn next_in(&self, root: Id, id: Id, into: bool) -> Id {
        if into && self.node(id).first_child != NONE {
            return self.node(id).first_child;
        }
        let mut at = id;
        while at != root && at != NONE {
            let next = self.node(at).next;
            if next != NONE {
                return next;
            }
            at = self.node(at).parent;
        }
        NONE
    }

    /// The text under `id`, its pieces joined as they stand.
    pub(crate) fn text(&self, id: Id) -> String {
        let mut text = String::new();
        for n in self.descendants(id) {
            if let Data::Text(t) = &self.node(n).data {
                text.push_str(t);
            }
        }
        text
    }

    /// The first element named `tag` in the page.
    pub(crate) fn first(&self, tag: &str) -> Option<Id> {
        self.descendants(DOCUMENT)
            .find(|&n| self.tag(n) == Some(tag))
    }
}

/// An iterator over a node's children.
pub(crate) struct Children<'a> {
    tree: &'a Tree,
    next: Id,
}

impl Iterator for Children<'_> {
    type Item = Id;
    fn next(&mut self) -> Option<Id> {
        let id = self.next;
        if id == NONE {
            return None;
        }
        self.next = self.tree.node(id).next;
        Some(id)
    }
}

/// An iterator over a subtree in document order.
pub(crate) struct Descendants<'a> {
    tree: &'a Tree,
    root: Id,
    next: Id,
}

impl Iterator for Descendants<'_> {
    type Item = Id;
    fn next(&mut self) -> Option<Id> {
        let id = self.next;
        if id == NONE {
            return None;
        }
        self.next = self.tree.next_in(self.root, id, true);
        Some(id)
    }
}
