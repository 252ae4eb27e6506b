//! The one document model every article reader produces (plain text, Markdown, HTML, DOCX)
//! and the one XHTML writer reads (`render::xhtml::writer`): blocks made of inlines, any of
//! which may carry its own language and direction. Text in the model is plain Unicode, never
//! escaped; the writer escapes it.

mod declared;
mod text;
pub mod url;
mod walk;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::lang::{Direction, LanguageTag};

pub use text::{is_breaking_space, is_invisible, is_xml_char, normalise_line};
pub use walk::inline_text;

/// How deep blocks and inlines may nest. Readers of nested formats (HTML, DOCX) flatten what
/// lies deeper, so every walk over the model may recurse without exhausting the stack.
pub const MAX_DEPTH: usize = 48;

/// What an article's source says about itself (a page's `<meta>` and JSON-LD, a DOCX's core
/// properties). It fills only what `book.toml` and the flags leave unset. Values are as found,
/// trimmed; empty ones are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The title (`og:title`, JSON-LD `headline`, `<title>`, `dc:title`).
    pub title: Option<String>,
    /// A description (`og:description`, `dc:description`).
    pub description: Option<String>,
    /// The authors, in order.
    pub authors: Vec<String>,
    /// The publication date as found (ISO 8601 date or date-time).
    pub date: Option<String>,
    /// The publisher (`og:site_name`, JSON-LD `publisher.name`).
    pub publisher: Option<String>,
    /// The canonical address of the article.
    pub source: Option<String>,
    /// The language tag as found (`<html lang>`, JSON-LD `inLanguage`, `dc:language`).
    pub language: Option<String>,
    /// Subjects or keywords.
    pub subjects: Vec<String>,
    /// The address of the image the source names as its own (`og:image`, JSON-LD `image`).
    pub image: Option<String>,
}

/// An article's body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Its blocks, in reading order.
    pub blocks: Vec<Block>,
    /// Its footnotes and endnotes, by label; references are [`Inline::NoteRef`].
    pub notes: Vec<Note>,
    /// The index in `blocks` of the level-1 heading that is the article's headline, when the
    /// headline came from the body (Markdown's first `#`, a page's `h1`). The writer writes it
    /// in place as the `h1`; without it the headline opens the article.
    pub headline_at: Option<usize>,
    /// The bytes of images the article carried with it (a DOCX's media, a fetched page's
    /// images), by the `src` its [`Image`]s name. Images not here are files beside the article.
    pub resources: BTreeMap<String, Arc<[u8]>>,
}

/// The language and direction an element states for itself; `None` inherits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs {
    /// Its language.
    pub lang: Option<LanguageTag>,
    /// Its base direction (a reader resolves `dir="auto"` before it gets here).
    pub dir: Option<Direction>,
}

impl Attrs {
    /// Whether it states nothing.
    pub fn is_empty(&self) -> bool {
        self.lang.is_none() && self.dir.is_none()
    }
}

/// A block of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading, level 1 to 6.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its language and direction.
        attrs: Attrs,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph {
        /// Its language and direction.
        attrs: Attrs,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered.
        ordered: bool,
        /// The first number of a numbered list.
        start: u64,
        /// Its language and direction.
        attrs: Attrs,
        /// Its items.
        items: Vec<Item>,
    },
    /// A block quotation.
    Quote {
        /// Its language and direction.
        attrs: Attrs,
        /// What it quotes.
        blocks: Vec<Block>,
    },
    /// A table.
    Table(Table),
    /// An image with its caption.
    Figure {
        /// Its language and direction.
        attrs: Attrs,
        /// The image.
        image: Image,
        /// Its caption, possibly empty.
        caption: Vec<Inline>,
    },
    /// Preformatted code, always left to right.
    Code {
        /// Its text, lines separated by `\n`.
        text: String,
    },
    /// A thematic break.
    Rule,
    /// A division that states its own language or direction, around the blocks it holds.
    Group {
        /// Its language and direction.
        attrs: Attrs,
        /// Its blocks.
        blocks: Vec<Block>,
    },
    /// Markup the article's format does not interpret (Markdown's raw HTML), shown as text.
    Literal {
        /// The markup, as text.
        text: String,
    },
}

/// An item of a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// Its language and direction.
    pub attrs: Attrs,
    /// Its blocks (a tight list's item holds one paragraph).
    pub blocks: Vec<Block>,
}

/// A table: header rows, body rows, and how its columns align.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Its language and direction.
    pub attrs: Attrs,
    /// Its caption, possibly empty.
    pub caption: Vec<Inline>,
    /// The alignment of each column, by position.
    pub columns: Vec<Align>,
    /// The header rows.
    pub head: Vec<Row>,
    /// The body rows.
    pub body: Vec<Row>,
}

/// A row of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Its cells.
    pub cells: Vec<Cell>,
}

/// A cell of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// A header cell (`th`).
    pub header: bool,
    /// Its language and direction.
    pub attrs: Attrs,
    /// How many columns it spans (1 or more).
    pub colspan: u32,
    /// How many rows it spans (1 or more).
    pub rowspan: u32,
    /// What it holds; a single paragraph is written without its `p`.
    pub blocks: Vec<Block>,
}

/// How a column's text aligns, in the direction of the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    /// As the text's direction decides.
    #[default]
    Default,
    /// Where lines start.
    Start,
    /// Centred.
    Center,
    /// Where lines end.
    End,
}

/// A note: a footnote or an endnote, by the label its references use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The label references name it by.
    pub label: String,
    /// Its blocks.
    pub blocks: Vec<Block>,
}

/// An image an article shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// Where it is: a path relative to the article, or a key of [`Document::resources`].
    pub src: String,
    /// Its alternative text.
    pub alt: String,
    /// Where the article names it, for messages: `:line` (text formats) or ` (place)`.
    pub place: String,
}

/// Text and its phrasing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text.
    Text(String),
    /// Emphasis (`em`).
    Emphasis(Vec<Inline>),
    /// Strong importance (`strong`).
    Strong(Vec<Inline>),
    /// Struck-through text (`del`).
    Strike(Vec<Inline>),
    /// Underlined text (`u`).
    Underline(Vec<Inline>),
    /// Superscript.
    Superscript(Vec<Inline>),
    /// Subscript.
    Subscript(Vec<Inline>),
    /// Code, always left to right.
    Code(String),
    /// A link; only links that leave the book are written as links.
    Link {
        /// Its destination.
        href: String,
        /// Its title, possibly empty.
        title: String,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A line break inside a block.
    LineBreak,
    /// A reference to the note with this label.
    NoteRef(String),
    /// An image in the text.
    Image(Image),
    /// Text that states its own language or direction; `isolate` keeps it from affecting
    /// the text around it (`bdi`).
    Span {
        /// Its language and direction.
        attrs: Attrs,
        /// Whether it is isolated (`bdi`).
        isolate: bool,
        /// Its text.
        content: Vec<Inline>,
    },
}

/// What a reader of a rich format (HTML, DOCX) makes of its input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The headline the source gives, when it gives one; when it is a level-1 heading of the
    /// body, [`Document::headline_at`] points at it.
    pub headline: Option<String>,
    /// The article's own language and direction (the article element's or the document's).
    pub attrs: Attrs,
    /// The body.
    pub document: Document,
    /// What the source says about itself.
    pub meta: Meta,
    /// Why the text taken may not be the source's article (a page's article is found by
    /// heuristics), when there is reason to think so.
    pub doubt: Option<String>,
}
