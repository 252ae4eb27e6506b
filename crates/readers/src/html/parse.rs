//! html5ever's tokenizer and tree builder, writing into our arena ([`Tree`]), with a guard
//! between the two that keeps the tree from growing absurdly deep.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;
use std::sync::LazyLock;

use html5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::TokenizerResult;
use html5ever::{ns, Attribute, LocalName, QualName};

use super::tree::{Data, Id, Node, Tree, DOCUMENT, NONE};

/// How deep the tree may grow. html5ever scans its stack of open elements for every start
/// tag, so 100,000 nested `<div>`s took minutes; start tags deeper than this are dropped
/// (their text stays), which the model would flatten anyway (`document::MAX_DEPTH`).
const MAX_TREE_DEPTH: u32 = 256;

/// Elements whose start tag switches the tokenizer to raw text: never dropped, or their
/// content (a script) would be read as markup and reach the book.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "template",
    "svg",
    "math",
];

/// Parses a page, fed to the parser in pieces so the text is not copied whole once more.
/// How many nodes (elements, text pieces) a page may have: about 80 MB of tree. A page of
/// text has a few per paragraph (a 50 MB article, about 100,000); only a page of markup alone
/// (`<p>x` a million times) comes near it.
pub(crate) const MAX_NODES: usize = 1_000_000;

/// Parses a page; `None` when it has more than [`MAX_NODES`] nodes.
pub(crate) fn parse(text: &str) -> Option<Tree> {
    let builder = TreeBuilder::new(Sink::default(), TreeBuilderOpts::default());
    let guard = Guard {
        builder,
        dropped: RefCell::new(HashMap::new()),
    };
    let tokenizer = Tokenizer::new(guard, TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(1 << 16);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (piece, after) = rest.split_at(cut);
        queue.push_back(StrTendril::from_slice(piece));
        while !matches!(tokenizer.feed(&queue), TokenizerResult::Done) {}
        rest = after;
        if tokenizer.sink.builder.sink.nodes.borrow().len() > MAX_NODES {
            return None;
        }
    }
    tokenizer.end();
    let nodes = std::mem::take(&mut *tokenizer.sink.builder.sink.nodes.borrow_mut());
    (nodes.len() <= MAX_NODES).then_some(Tree { nodes })
}

/// Between the tokenizer and the tree builder: drops start tags (and their end tags) that
/// would open an element deeper than [`MAX_TREE_DEPTH`].
struct Guard {
    builder: TreeBuilder<Id, Sink>,
    /// Start tags dropped, by name, whose end tags are still to come.
    dropped: RefCell<HashMap<LocalName, u32>>,
}

impl TokenSink for Guard {
    type Handle = Id;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Id> {
        if let Token::TagToken(tag) = &token {
            let mut dropped = self.dropped.borrow_mut();
            match tag.kind {
                TagKind::StartTag
                    if !tag.self_closing
                        && self.builder.sink.depth.get() >= MAX_TREE_DEPTH
                        && !RAW_TEXT.contains(&&*tag.name) =>
                {
                    *dropped.entry(tag.name.clone()).or_insert(0) += 1;
                    return TokenSinkResult::Continue;
                }
                // Nothing is dropped on all but the deepest pages: no lookup for each end tag.
                TagKind::EndTag if !dropped.is_empty() => {
                    if let Some(count) = dropped.get_mut(&tag.name) {
                        if *count > 0 {
                            *count -= 1;
                            return TokenSinkResult::Continue;
                        }
                    }
                }
                TagKind::StartTag | TagKind::EndTag => {}
            }
        }
        self.builder.process_token(token, line)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// The tree builder's side: html5ever calls these through `&self`, hence the `RefCell`.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    /// The depth of the element the builder inserts into, near enough: that of the last
    /// element inserted, or the parent of the last one popped.
    depth: Cell<u32>,
}

/// The name `elem_name` gives for a node that is not an element (it is never asked).
static NAMELESS: LazyLock<QualName> = LazyLock::new(|| QualName::new(None, ns!(), "".into()));

impl Default for Sink {
    fn default() -> Self {
        Sink {
            nodes: RefCell::new(vec![new_node(Data::Document)]),
            depth: Cell::new(0),
        }
    }
}

fn new_node(data: Data) -> Node {
    Node {
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        prev: NONE,
        next: NONE,
        depth: 0,
        data,
    }
}

fn at(nodes: &mut [Node], id: Id) -> &mut Node {
    &mut nodes[id as usize]
}

impl Sink {
    fn push(&self, data: Data) -> Id {
        let mut nodes = self.nodes.borrow_mut();
        // The page is capped far below 4 Gi bytes and every node takes at least one byte.
        let id = Id::try_from(nodes.len()).unwrap_or(NONE - 1);
        nodes.push(new_node(data));
        id
    }

    fn detach(nodes: &mut [Node], id: Id) {
        let (parent, prev, next) = {
            let n = at(nodes, id);
            (n.parent, n.prev, n.next)
        };
        if parent == NONE {
            return;
        }
        if prev != NONE {
            at(nodes, prev).next = next;
        } else {
            at(nodes, parent).first_child = next;
        }
        if next != NONE {
            at(nodes, next).prev = prev;
        } else {
            at(nodes, parent).last_child = prev;
        }
        let n = at(nodes, id);
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    /// Inserts `child` under `parent`, before `before` (or last when `before` is NONE).
    fn insert(&self, parent: Id, before: Id, child: NodeOrText<Id>) {
        let mut nodes = self.nodes.borrow_mut();
        let prev = if before == NONE {
            at(&mut nodes, parent).last_child
        } else {
            at(&mut nodes, before).prev
        };
        let child = match child {
            NodeOrText::AppendNode(id) => id,
            NodeOrText::AppendText(text) => {
                if prev != NONE {
                    if let Data::Text(existing) = &mut at(&mut nodes, prev).data {
                        existing.push_tendril(&text);
                        return;
                    }
                }
                drop(nodes);
                let id = self.push(Data::Text(text));
                nodes = self.nodes.borrow_mut();
                id
            }
        };
        Sink::detach(&mut nodes, child);
        let prev = if before == NONE {
            at(&mut nodes, parent).last_child
        } else {
            at(&mut nodes, before).prev
        };
        let depth = at(&mut nodes, parent).depth.saturating_add(1);
        {
            let n = at(&mut nodes, child);
            if matches!(n.data, Data::Element { .. }) {
                self.depth.set(depth);
            }
            n.depth = depth;
            n.parent = parent;
            n.prev = prev;
            n.next = before;
        }
        if prev != NONE {
            at(&mut nodes, prev).next = child;
        } else {
            at(&mut nodes, parent).first_child = child;
        }
        if before != NONE {
            at(&mut nodes, before).prev = child;
        } else {
            at(&mut nodes, parent).last_child = child;
        }
    }
}

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        Tree {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| {
            match nodes.get(*target as usize).map(|n| &n.data) {
                Some(Data::Element { name, .. }) => name,
                _ => &NAMELESS,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        let id = self.push(Data::Element { name, attrs });
        if flags.template {
            // A template's contents are a fragment of their own, kept as its only child so
            // `get_template_contents` finds them; templates never reach the book.
            let contents = self.push(Data::Document);
            self.insert(id, NONE, NodeOrText::AppendNode(contents));
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.push(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        self.insert(*parent, NONE, child);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev: &Id, child: NodeOrText<Id>) {
        let parent = self.nodes.borrow()[*element as usize].parent;
        if parent != NONE {
            self.insert(parent, *element, child);
        } else {
            self.insert(*prev, NONE, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Id) -> Id {
        let first = self.nodes.borrow()[*target as usize].first_child;
        if first == NONE {
            DOCUMENT
        } else {
            first
        }
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn pop(&self, node: &Id) {
        let depth = self.nodes.borrow()[*node as usize].depth;
        self.depth.set(depth.saturating_sub(1));
    }

    fn append_before_sibling(&self, sibling: &Id, child: NodeOrText<Id>) {
        let parent = self.nodes.borrow()[*sibling as usize].parent;
        if parent != NONE {
            self.insert(parent, *sibling, child);
        }
    }

    fn add_attrs_if_missing(&self, target: &Id, new: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Data::Element { attrs, .. } = &mut at(&mut nodes, *target).data {
            for attr in new {
                if !attrs.iter().any(|a| a.name == attr.name) {
                    attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        Sink::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        loop {
            let child = self.nodes.borrow()[*node as usize].first_child;
            if child == NONE {
                break;
            }
            self.insert(*new_parent, NONE, NodeOrText::AppendNode(child));
        }
    }
}
