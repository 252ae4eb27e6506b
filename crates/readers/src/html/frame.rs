//! The open containers of the conversion: what each gathers (blocks, loose text, list items,
//! table rows) and what it becomes when its element ends.

use warraq_core::document::{Align, Attrs, Block, Cell, Image, Inline, Item, Row, Table};

/// What an open container becomes.
pub(crate) enum Kind {
    /// The article (or a note): blocks.
    Root,
    /// `blockquote`.
    Quote(Attrs),
    /// A division with its own language or direction.
    Group(Attrs),
    /// `li`.
    Item(Attrs),
    /// `ul`/`ol`.
    List {
        /// `ol`.
        ordered: bool,
        /// Its `start`.
        start: u64,
        /// Its language and direction.
        attrs: Attrs,
        /// Items so far.
        items: Vec<Item>,
    },
    /// `table`, and the alignments of its first head row and first body row.
    Table(Table, Vec<Align>, Vec<Align>),
    /// `tr`: header row or not, and its cells.
    Row(bool, Vec<(Cell, Align)>),
    /// `td`/`th`, and its alignment.
    Cell(Cell, Align),
    /// `caption`.
    Caption,
    /// `p`.
    Paragraph(Attrs),
    /// `h1`–`h6`.
    Heading(u8, Attrs),
    /// `figure` with an image.
    Figure(Attrs, Option<Image>),
    /// `pre`: text verbatim.
    Pre(String),
    /// Content that is read no further (a note reference's label).
    Ignore,
    /// Phrasing: what it makes of its content, and the element's own language and
    /// direction (a `Span` around it when stated) and isolation.
    Inline(Phrase, Attrs, bool),
}

/// Phrasing elements.
#[derive(Clone)]
pub(crate) enum Phrase {
    /// `em`, `i`, `cite`.
    Emphasis,
    /// `strong`, `b`.
    Strong,
    /// `s`, `del`, `strike`.
    Strike,
    /// `u`.
    Underline,
    /// `sup`.
    Superscript,
    /// `sub`.
    Subscript,
    /// `code`, `kbd`, `samp`.
    Code,
    /// `a` with an address and a title.
    Link(String, String),
    /// Anything else that states a language or direction (`span`, `bdi`…).
    Span,
}

/// An open container.
pub(crate) struct Frame {
    /// What it becomes.
    pub(crate) kind: Kind,
    /// Blocks gathered.
    pub(crate) blocks: Vec<Block>,
    /// Inlines gathered: a phrase's content, or loose text of a block container.
    pub(crate) inlines: Vec<Inline>,
}

impl Frame {
    /// A frame with nothing gathered yet.
    pub(crate) fn new(kind: Kind) -> Frame {
        Frame {
            kind,
            blocks: Vec::new(),
            inlines: Vec::new(),
        }
    }

    /// Whether text goes into its inlines as content (not as loose text of blocks).
    pub(crate) fn is_phrasing(&self) -> bool {
        matches!(
            self.kind,
            Kind::Caption
                | Kind::Ignore
                | Kind::Paragraph(_)
                | Kind::Heading(..)
                | Kind::Figure(..)
                | Kind::Pre(_)
                | Kind::Inline(..)
        )
    }

    /// Whether it holds blocks (loose text in it becomes a paragraph).
    pub(crate) fn holds_blocks(&self) -> bool {
        matches!(
            self.kind,
            Kind::Root | Kind::Quote(_) | Kind::Group(_) | Kind::Item(_) | Kind::Cell(..)
        )
    }

    /// How many levels of the model it adds.
    pub(crate) fn weight(&self) -> usize {
        match &self.kind {
            Kind::Root => 0,
            Kind::Inline(_, attrs, isolate) if !attrs.is_empty() || *isolate => 2,
            // The paragraph loose text becomes adds a level under a block container.
            k if self.holds_blocks() || matches!(k, Kind::Table(..)) => 2,
            _ => 1,
        }
    }

    /// Turns its loose text into a paragraph (or a figure, for an image alone).
    pub(crate) fn flush(&mut self) {
        let inlines = std::mem::take(&mut self.inlines);
        if let Some(block) = paragraph(Attrs::default(), inlines) {
            match &mut self.kind {
                Kind::List { items, .. } => items.push(Item {
                    attrs: Attrs::default(),
                    blocks: vec![block],
                }),
                _ => self.blocks.push(block),
            }
        }
    }
}

/// A paragraph of these inlines, trimmed; a figure when they are one image; nothing when they
/// hold no text.
pub(crate) fn paragraph(attrs: Attrs, mut content: Vec<Inline>) -> Option<Block> {
    trim(&mut content);
    if content.is_empty() {
        return None;
    }
    if let [Inline::Image(image)] = content.as_slice() {
        return Some(Block::Figure {
            attrs,
            image: image.clone(),
            caption: Vec::new(),
        });
    }
    Some(Block::Paragraph { attrs, content })
}

/// Trims white space at both ends of inlines (into the phrases that start and end them) and
/// drops what is left empty; line breaks at the ends go too.
pub(crate) fn trim(content: &mut Vec<Inline>) {
    // What goes at the start is cut in one drain: removing items one by one from the front is
    // quadratic in a paragraph of 300,000 line breaks.
    let gone = content
        .iter()
        .take_while(|i| match i {
            Inline::Text(t) => t.trim_start_matches(' ').is_empty(),
            Inline::LineBreak => true,
            _ => false,
        })
        .count();
    content.drain(..gone);
    trim_start(content);
    loop {
        match content.last_mut() {
            Some(Inline::Text(t)) => {
                let trimmed = t.trim_end_matches(' ');
                if trimmed.is_empty() {
                    content.pop();
                    continue;
                }
                t.truncate(trimmed.len());
            }
            Some(Inline::LineBreak) => {
                content.pop();
                continue;
            }
            Some(inline) => {
                if let Some(children) = inline.children_mut() {
                    trim_end(children);
                }
            }
            None => {}
        }
        break;
    }
}

fn trim_start(content: &mut [Inline]) {
    match content.first_mut() {
        Some(Inline::Text(t)) => *t = t.trim_start_matches(' ').to_owned(),
        Some(inline) => {
            if let Some(children) = inline.children_mut() {
                trim_start(children);
            }
        }
        None => {}
    }
}

fn trim_end(content: &mut [Inline]) {
    match content.last_mut() {
        Some(Inline::Text(t)) => {
            let n = t.trim_end_matches(' ').len();
            t.truncate(n);
        }
        Some(inline) => {
            if let Some(children) = inline.children_mut() {
                trim_end(children);
            }
        }
        None => {}
    }
}

/// The phrase an inline element makes of its content.
pub(crate) fn phrase(phrase: Phrase, attrs: Attrs, isolate: bool, content: Vec<Inline>) -> Inline {
    let inner = match phrase {
        Phrase::Emphasis => Inline::Emphasis(content),
        Phrase::Strong => Inline::Strong(content),
        Phrase::Strike => Inline::Strike(content),
        Phrase::Underline => Inline::Underline(content),
        Phrase::Superscript => match content.as_slice() {
            // `<sup><a href="#fn1">1</a></sup>`: the reference is written raised anyway.
            [Inline::NoteRef(_)] => content.into_iter().next().unwrap_or(Inline::LineBreak),
            _ => Inline::Superscript(content),
        },
        Phrase::Subscript => Inline::Subscript(content),
        Phrase::Code => {
            let mut text = String::new();
            warraq_core::document::inline_text(&content, &mut text);
            Inline::Code(text)
        }
        Phrase::Link(href, title) => Inline::Link {
            href,
            title,
            content,
        },
        Phrase::Span => {
            return Inline::Span {
                attrs,
                isolate,
                content,
            }
        }
    };
    if attrs.is_empty() && !isolate {
        inner
    } else {
        Inline::Span {
            attrs,
            isolate,
            content: vec![inner],
        }
    }
}

/// A row of cells, and the alignment of each column it covers.
pub(crate) fn row(cells: Vec<(Cell, Align)>) -> (Row, Vec<Align>) {
    let mut columns = Vec::new();
    for (cell, align) in &cells {
        for _ in 0..cell.colspan.min(64) {
            columns.push(*align);
        }
    }
    let row = Row {
        cells: cells.into_iter().map(|(c, _)| c).collect(),
    };
    (row, columns)
}
