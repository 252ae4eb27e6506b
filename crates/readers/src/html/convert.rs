//! The article's elements to the document model, in one iterative walk: each element either
//! opens a container ([`Frame`]), passes its children through to its parent's, or is left out.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use url::Url;

use super::clean::Cleaning;
use super::find::{is_dropped, Found};
use super::frame::{Frame, Kind, Phrase};
use super::image::image;
use super::notes::Notes;
use super::tree::{is_block_level, Data, Id, Tree, NONE};
use warraq_core::document::{Attrs, Block, Image, Inline, Note, Table, MAX_DEPTH};
use warraq_core::lang::Direction;
use warraq_core::warning::Warning;

/// How deep frames may go before further structure is flattened (the model's limit, less
/// room for the paragraph and phrase a leaf adds).
const LIMIT: usize = MAX_DEPTH - 6;

/// The converter's state across the article and its notes.
pub(crate) struct Converter<'a> {
    pub(super) tree: &'a Tree,
    pub(super) path: &'a Path,
    pub(super) root: Id,
    pub(super) found: Found,
    /// What cleaning leaves out of the article.
    pub(super) cleaning: Cleaning,
    pub(super) base: Option<Url>,
    /// What the page's relative image addresses are relative to: its URL when it was
    /// fetched. For a page on disk, only addresses from the site's root (`/img/a.jpg`) are
    /// resolved (against its canonical address); the others are files beside it.
    pub(super) image_base: Option<Url>,
    pub(super) notes: Notes,
    /// Elements that hold a block-level element (an `<a>` around a `<div>` is not phrasing).
    pub(super) holds_block: Vec<bool>,
    pub(super) frames: Vec<Frame>,
    /// The direction in force, for table alignment: one entry per element with a `dir`.
    pub(super) dirs: Vec<Direction>,
    /// Whether the last text written ends in white space (or a block just started).
    pub(super) space: bool,
    /// Note references, by target element, in order of first reference.
    pub(crate) referenced: Vec<(Id, String)>,
    pub(super) labels: HashMap<Id, String>,
    /// The labels given so far, so that no two notes share one.
    pub(super) taken: HashSet<String>,
    /// Images carried in the page (`data:` URIs).
    pub(crate) resources: BTreeMap<String, Arc<[u8]>>,
    /// Warnings for the user.
    pub warnings: Vec<Warning>,
    pub(super) warned: HashSet<String>,
}

/// What entering an element did, undone when it ends.
pub(super) struct Entered {
    pub(super) node: Id,
    pub(super) frame: bool,
    pub(super) dir: bool,
    pub(super) block: bool,
}

impl<'a> Converter<'a> {
    /// A converter for the article at `root`.
    pub(crate) fn new(
        tree: &'a Tree,
        path: &'a Path,
        root: Id,
        found: Found,
        (base, image_base): (Option<Url>, Option<Url>),
    ) -> Self {
        let mut holds_block = vec![false; tree.nodes.len()];
        for id in 0..tree.nodes.len() {
            let id = id as Id;
            if tree.tag(id).is_some_and(is_block_level) {
                let mut at = tree.node(id).parent;
                while at != NONE && !holds_block[at as usize] {
                    holds_block[at as usize] = true;
                    at = tree.node(at).parent;
                }
            }
        }
        // The direction in force at the article: the nearest `dir` at or above it.
        let mut dir = Direction::Ltr;
        let mut at = root;
        while at != NONE {
            match tree
                .attr(at, "dir")
                .map(|d| d.trim().to_ascii_lowercase())
                .as_deref()
            {
                Some("rtl") => dir = Direction::Rtl,
                Some("ltr") => {}
                _ => {
                    at = tree.node(at).parent;
                    continue;
                }
            }
            break;
        }
        Converter {
            tree,
            path,
            root,
            found,
            cleaning: Cleaning::of(tree, root, found),
            base,
            image_base,
            notes: Notes::find(tree),
            holds_block,
            frames: Vec::new(),
            dirs: vec![dir],
            space: true,
            referenced: Vec::new(),
            labels: HashMap::new(),
            taken: HashSet::new(),
            resources: BTreeMap::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
        }
    }

    /// The blocks of the article, then of each note it references.
    pub(crate) fn convert(&mut self) -> (Vec<Block>, Vec<Note>) {
        let blocks = self.blocks_of(self.root);
        let mut notes = Vec::new();
        let mut done = 0;
        while done < self.referenced.len() {
            let (target, label) = self.referenced[done].clone();
            done += 1;
            let blocks = self.blocks_of(target);
            notes.push(Note { label, blocks });
        }
        (blocks, notes)
    }

    /// The blocks an element's content makes.
    fn blocks_of(&mut self, start: Id) -> Vec<Block> {
        let tree = self.tree;
        self.frames = vec![Frame::new(Kind::Root)];
        self.space = true;
        let mut stack: Vec<Entered> = Vec::new();
        let mut at = tree.node(start).first_child;
        loop {
            if at == NONE {
                let Some(entered) = stack.pop() else { break };
                self.leave(&entered);
                at = tree.node(entered.node).next;
                continue;
            }
            match self.enter(at, start) {
                Some(entered) if tree.node(at).first_child != NONE => {
                    stack.push(entered);
                    at = tree.node(at).first_child;
                }
                Some(entered) => {
                    self.leave(&entered);
                    at = tree.node(at).next;
                }
                None => at = tree.node(at).next,
            }
        }
        let mut root = self.frames.pop().unwrap_or_else(|| Frame::new(Kind::Root));
        root.flush();
        root.blocks
    }

    pub(super) fn depth(&self) -> usize {
        self.frames.iter().map(Frame::weight).sum()
    }

    pub(super) fn top(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::new(Kind::Root));
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    pub(super) fn phrasing(&self) -> bool {
        self.frames.last().is_some_and(Frame::is_phrasing)
    }

    /// Starts an element; `None` when it and its content are left out.
    fn enter(&mut self, id: Id, start: Id) -> Option<Entered> {
        let tree = self.tree;
        match &tree.node(id).data {
            Data::Text(text) => {
                self.text(text);
                return None;
            }
            Data::Element { .. } => {}
            _ => return None,
        }
        let dropped = if start == self.root {
            is_dropped(tree, id, start, self.found, false)
                || self.cleaning.leaves_out(id)
                || self.notes.is_container(id)
        } else {
            is_dropped(tree, id, start, self.found, true)
        };
        if dropped {
            return None;
        }
        let tag = tree.tag(id)?;
        if tag == "a" && Notes::is_backlink(tree, id) {
            return None;
        }
        let attrs = self.attrs(id);
        let mut entered = Entered {
            node: id,
            frame: false,
            dir: false,
            block: false,
        };
        if let Some(dir) = attrs.dir {
            self.dirs.push(dir);
            entered.dir = true;
        }
        let phrasing = self.phrasing();
        let room = self.depth() + 2 <= LIMIT;
        let kind = match tag {
            "br" => {
                if let Some(Frame {
                    kind: Kind::Pre(text),
                    ..
                }) = self.frames.last_mut()
                {
                    text.push('\n');
                } else {
                    self.inline(Inline::LineBreak);
                    self.space = true;
                }
                None
            }
            "img" => {
                let mut warnings = Vec::new();
                let found = image(
                    tree,
                    id,
                    (self.image_base.as_ref(), self.base.as_ref()),
                    &mut self.resources,
                    &mut warnings,
                );
                self.warnings.extend(
                    warnings
                        .into_iter()
                        .map(|w| Warning::new(w.kind, format!("{}: {w}", self.path.display()))),
                );
                if let Some(image) = found {
                    match self.figure_slot() {
                        Some(slot) => *slot = Some(image),
                        None => self.inline(Inline::Image(image)),
                    }
                    self.space = false;
                }
                None
            }
            "hr" if !phrasing => {
                self.block(Block::Rule);
                None
            }
            "a" => self.link(id),
            _ if phrasing || !room => None,
            "p" | "dt" | "dd" | "figcaption" => Some(Kind::Paragraph(attrs.clone())),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = tag.as_bytes()[1] - b'0';
                Some(Kind::Heading(level, attrs.clone()))
            }
            "pre" => Some(Kind::Pre(String::new())),
            "blockquote" => Some(Kind::Quote(attrs.clone())),
            "ul" | "ol" => Some(Kind::List {
                ordered: tag == "ol",
                start: tree
                    .attr(id, "start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1),
                attrs: attrs.clone(),
                items: Vec::new(),
            }),
            "li" if matches!(self.top().kind, Kind::List { .. }) => Some(Kind::Item(attrs.clone())),
            "table" => Some(Kind::Table(
                Table {
                    attrs: attrs.clone(),
                    ..Table::default()
                },
                Vec::new(),
                Vec::new(),
            )),
            "caption" if matches!(self.top().kind, Kind::Table(..)) => Some(Kind::Caption),
            "tr" if matches!(self.top().kind, Kind::Table(..)) => {
                let head = tree.tag(tree.node(id).parent) == Some("thead");
                Some(Kind::Row(head, Vec::new()))
            }
            "td" | "th" if matches!(self.top().kind, Kind::Row(..)) => {
                Some(self.cell(id, tag, &attrs))
            }
            "figure" if tree.descendants(id).any(|n| tree.tag(n) == Some("img")) => {
                Some(Kind::Figure(attrs.clone(), None))
            }
            "div" if is_captioned_image(tree, id) => Some(Kind::Figure(attrs.clone(), None)),
            _ => None,
        };
        let kind = kind.or_else(|| self.phrase(id, tag, &attrs));
        let kind = match kind {
            None if !attrs.is_empty() && is_block_level(tag) && !phrasing && room => {
                Some(Kind::Group(attrs))
            }
            None if !attrs.is_empty() && self.depth() + 3 <= LIMIT => {
                Some(Kind::Inline(Phrase::Span, attrs, tag == "bdi"))
            }
            kind => kind,
        };
        entered.block = is_block_level(tag);
        if entered.block {
            self.boundary();
        }
        if let Some(kind) = kind {
            let frame = Frame::new(kind);
            if !frame.is_phrasing() || frame.holds_blocks() {
                self.space = true;
            }
            self.frames.push(frame);
            entered.frame = true;
        }
        Some(entered)
    }

    /// The place of a figure's image, when an image met now is the figure's: the figure is
    /// open and has none yet, and only empty phrases and paragraphs stand between (an image in a link to
    /// its gallery, `<a href="#"><img></a>`, is still the figure's picture).
    fn figure_slot(&mut self) -> Option<&mut Option<Image>> {
        let at = self.frames.iter().rposition(|f| {
            !matches!(f.kind, Kind::Inline(..) | Kind::Paragraph(_))
                || !f.inlines.is_empty()
                || !f.blocks.is_empty()
        })?;
        match &mut self.frames[at].kind {
            Kind::Figure(_, slot @ None) => Some(slot),
            _ => None,
        }
    }

    /// The phrase an inline element makes, when it makes one.
    fn phrase(&mut self, id: Id, tag: &str, attrs: &Attrs) -> Option<Kind> {
        if self.depth() + 3 > LIMIT || (!self.phrasing() && self.holds_block[id as usize]) {
            return None;
        }
        let phrase = match tag {
            "em" | "i" | "cite" | "dfn" | "var" => Phrase::Emphasis,
            "strong" | "b" => Phrase::Strong,
            "s" | "del" | "strike" => Phrase::Strike,
            "u" => Phrase::Underline,
            "sup" => Phrase::Superscript,
            "sub" => Phrase::Subscript,
            "code" | "kbd" | "samp" | "tt" if !matches!(self.top().kind, Kind::Pre(_)) => {
                Phrase::Code
            }
            "bdi" => Phrase::Span,
            _ => return None,
        };
        Some(Kind::Inline(phrase, attrs.clone(), tag == "bdi"))
    }
}

/// Whether a division is a figure in all but name: one picture and a caption marked by its
/// class (WordPress's `wp-caption`, `<span class="newsCaption">`), and little text. Looked
/// for among its first 64 nodes, so that no page costs more than that per division.
fn is_captioned_image(tree: &Tree, id: Id) -> bool {
    let (mut images, mut caption, mut text) = (0, false, 0);
    for (seen, n) in tree.descendants(id).skip(1).enumerate() {
        if seen == 64 {
            return false;
        }
        match &tree.node(n).data {
            Data::Text(t) => text += t.len(),
            Data::Element { .. } => {
                match tree.tag(n) {
                    Some("img") => images += 1,
                    Some(tag) if is_block_level(tag) && tag != "p" && tag != "figcaption" => {
                        return false
                    }
                    _ => {}
                }
                caption |= tree.attr(n, "class").is_some_and(|c| {
                    c.as_bytes()
                        .windows(7)
                        .any(|w| w.eq_ignore_ascii_case(b"caption"))
                });
            }
            _ => {}
        }
    }
    images == 1 && caption && text < 400
}
