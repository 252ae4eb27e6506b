//! Markdown to the document model: pulldown-cmark's events folded into blocks and inlines.
//! Raw HTML is not interpreted: it stays as text, shown, with a warning naming its line.

use std::path::Path;

use pulldown_cmark::{Alignment, Event, Parser, Tag, TagEnd};

use crate::text::line_column;
use warraq_core::document::{
    Align, Attrs, Block, Cell, Document, Image, Inline, Item, Note, Row, Table, MAX_DEPTH,
};
use warraq_core::warning::{Warning, WarningKind};

/// The Markdown extensions warraq reads.
pub(crate) fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// What an open element collects until it ends.
enum Frame {
    /// Blocks: the document itself, a block quotation, a list item, a note, a table cell.
    Blocks(Container, Vec<Block>),
    /// Inlines: a paragraph (`implicit` when the source had none, as in a tight list's item),
    /// a heading, or phrasing.
    Inlines(Phrase, Vec<Inline>),
    /// A list's items.
    List(bool, u64, Vec<Item>),
    /// A table being filled; `head` while in its header row.
    Table(Table, bool),
    /// Text kept verbatim: a code block, or raw HTML.
    Verbatim(bool, String),
    /// Something not kept as an element (beyond [`MAX_DEPTH`], or an extension not enabled);
    /// what it holds goes to its parent.
    Skipped,
}

enum Container {
    Root,
    Quote,
    Item,
    Note(String),
    Cell(bool),
}

enum Phrase {
    Paragraph { implicit: bool },
    Heading(u8),
    Emphasis,
    Strong,
    Strike,
    Superscript,
    Subscript,
    Link(String, String),
    Image(String, String),
}

/// Reads Markdown `source` (whose first line is line `first_line` of `path`).
pub fn read(source: &str, path: &Path, first_line: usize, warnings: &mut Vec<Warning>) -> Document {
    let mut stack = vec![Frame::Blocks(Container::Root, Vec::new())];
    let mut notes = Vec::new();
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        let line = || line_column(source, range.start).0 + first_line - 1;
        match event {
            Event::Start(tag) => start(&mut stack, tag, line()),
            Event::End(tag) => end(&mut stack, tag, &mut notes),
            Event::Text(text) => match stack.last_mut() {
                Some(Frame::Verbatim(_, kept)) => kept.push_str(&text),
                _ => inline(&mut stack, Inline::Text(text.into_string())),
            },
            Event::Code(code) => inline(&mut stack, Inline::Code(code.into_string())),
            Event::Html(html) | Event::InlineHtml(html) => {
                let (at, shown) = (path.display(), html.trim());
                let message = format!(
                    "{at}:{}: raw HTML is shown as text, not interpreted: {shown}",
                    line()
                );
                warnings.push(Warning::new(WarningKind::Markup, message));
                match stack.last_mut() {
                    Some(Frame::Verbatim(_, kept)) => kept.push_str(&html),
                    _ => inline(&mut stack, Inline::Text(html.into_string())),
                }
            }
            Event::FootnoteReference(label) => {
                inline(&mut stack, Inline::NoteRef(label.into_string()))
            }
            Event::SoftBreak => inline(&mut stack, Inline::Text("\n".into())),
            Event::HardBreak => inline(&mut stack, Inline::LineBreak),
            Event::Rule => {
                close_implicit(&mut stack);
                push_block(&mut stack, Block::Rule);
            }
            Event::TaskListMarker(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }
    while stack.len() > 1 {
        close_top(&mut stack, &mut notes);
    }
    let blocks = match stack.pop() {
        Some(Frame::Blocks(_, blocks)) => blocks,
        _ => Vec::new(),
    };
    Document {
        blocks,
        notes,
        ..Document::default()
    }
}

fn start(stack: &mut Vec<Frame>, tag: Tag, line: usize) {
    // Rows are not frames: their cells go straight to the table's last row.
    match tag {
        Tag::TableHead => {
            if let Some(Frame::Table(table, head)) = stack.last_mut() {
                table.head.push(Row::default());
                *head = true;
            }
            return;
        }
        Tag::TableRow => {
            if let Some(Frame::Table(table, _)) = stack.last_mut() {
                table.body.push(Row::default());
            }
            return;
        }
        _ => {}
    }
    let phrase = |p: Phrase| Frame::Inlines(p, Vec::new());
    let is_block = matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
    );
    if is_block {
        close_implicit(stack);
    }
    let frame = match tag {
        _ if stack.len() >= MAX_DEPTH => Frame::Skipped,
        Tag::Paragraph => phrase(Phrase::Paragraph { implicit: false }),
        Tag::Heading { level, .. } => phrase(Phrase::Heading(level as u8)),
        Tag::BlockQuote(_) => Frame::Blocks(Container::Quote, Vec::new()),
        Tag::CodeBlock(_) => Frame::Verbatim(true, String::new()),
        Tag::HtmlBlock => Frame::Verbatim(false, String::new()),
        Tag::List(start) => Frame::List(start.is_some(), start.unwrap_or(1), Vec::new()),
        Tag::Item => Frame::Blocks(Container::Item, Vec::new()),
        Tag::FootnoteDefinition(label) => {
            Frame::Blocks(Container::Note(label.into_string()), Vec::new())
        }
        Tag::Table(alignments) => Frame::Table(
            Table {
                columns: alignments.into_iter().map(align).collect(),
                ..Table::default()
            },
            false,
        ),
        Tag::TableHead | Tag::TableRow => return,
        Tag::TableCell => Frame::Blocks(
            Container::Cell(matches!(stack.last(), Some(Frame::Table(_, true)))),
            Vec::new(),
        ),
        Tag::Emphasis => phrase(Phrase::Emphasis),
        Tag::Strong => phrase(Phrase::Strong),
        Tag::Strikethrough => phrase(Phrase::Strike),
        Tag::Superscript => phrase(Phrase::Superscript),
        Tag::Subscript => phrase(Phrase::Subscript),
        Tag::Link {
            dest_url, title, ..
        } => phrase(Phrase::Link(dest_url.into_string(), title.into_string())),
        Tag::Image { dest_url, .. } => {
            phrase(Phrase::Image(dest_url.into_string(), format!(":{line}")))
        }
        Tag::MetadataBlock(_)
        | Tag::DefinitionList
        | Tag::DefinitionListTitle
        | Tag::DefinitionListDefinition => Frame::Skipped,
    };
    if matches!(frame, Frame::Inlines(..)) && !is_block {
        open_implicit(stack);
    }
    stack.push(frame);
}

fn end(stack: &mut Vec<Frame>, tag: TagEnd, notes: &mut Vec<Note>) {
    // A tight list's item, a table cell and a note end with their implicit paragraph open.
    let closes_container = matches!(
        tag,
        TagEnd::Item | TagEnd::TableCell | TagEnd::FootnoteDefinition | TagEnd::BlockQuote(_)
    );
    if closes_container {
        close_implicit(stack);
    }
    match tag {
        TagEnd::TableHead => {
            if let Some(Frame::Table(_, head)) = stack.last_mut() {
                *head = false;
            }
            return;
        }
        TagEnd::TableRow => return,
        _ => {}
    }
    close_top(stack, notes);
}

/// Closes the innermost frame into its parent.
fn close_top(stack: &mut Vec<Frame>, notes: &mut Vec<Note>) {
    let Some(frame) = stack.pop() else { return };
    match frame {
        Frame::Skipped => {}
        Frame::Blocks(Container::Root, blocks) => {
            stack.push(Frame::Blocks(Container::Root, blocks))
        }
        Frame::Blocks(Container::Quote, blocks) => push_block(
            stack,
            Block::Quote {
                attrs: Attrs::default(),
                blocks,
            },
        ),
        Frame::Blocks(Container::Item, blocks) => {
            if let Some(Frame::List(_, _, items)) = stack.last_mut() {
                items.push(Item {
                    attrs: Attrs::default(),
                    blocks,
                });
            } else {
                push_blocks(stack, blocks);
            }
        }
        Frame::Blocks(Container::Note(label), blocks) => notes.push(Note { label, blocks }),
        Frame::Blocks(Container::Cell(header), blocks) => {
            let cell = Cell {
                header,
                attrs: Attrs::default(),
                colspan: 1,
                rowspan: 1,
                blocks,
            };
            match stack.last_mut() {
                Some(Frame::Table(table, head)) => {
                    let rows = if *head {
                        &mut table.head
                    } else {
                        &mut table.body
                    };
                    if rows.is_empty() {
                        rows.push(Row::default());
                    }
                    if let Some(row) = rows.last_mut() {
                        row.cells.push(cell);
                    }
                }
                _ => push_blocks(stack, cell.blocks),
            }
        }
        Frame::List(ordered, start, items) => push_block(
            stack,
            Block::List {
                ordered,
                start,
                attrs: Attrs::default(),
                items,
            },
        ),
        Frame::Table(table, _) => push_block(stack, Block::Table(table)),
        Frame::Verbatim(true, text) => push_block(stack, Block::Code { text }),
        Frame::Verbatim(false, text) => push_block(stack, Block::Literal { text }),
        Frame::Inlines(phrase, content) => {
            let attrs = Attrs::default();
            match phrase {
                Phrase::Paragraph { .. } => push_block(stack, Block::Paragraph { attrs, content }),
                Phrase::Heading(level) => push_block(
                    stack,
                    Block::Heading {
                        level,
                        attrs,
                        content,
                    },
                ),
                Phrase::Emphasis => inline(stack, Inline::Emphasis(content)),
                Phrase::Strong => inline(stack, Inline::Strong(content)),
                Phrase::Strike => inline(stack, Inline::Strike(content)),
                Phrase::Superscript => inline(stack, Inline::Superscript(content)),
                Phrase::Subscript => inline(stack, Inline::Subscript(content)),
                Phrase::Link(href, title) => inline(
                    stack,
                    Inline::Link {
                        href,
                        title,
                        content,
                    },
                ),
                Phrase::Image(src, place) => {
                    let mut alt = String::new();
                    warraq_core::document::inline_text(&content, &mut alt);
                    inline(stack, Inline::Image(Image { src, alt, place }));
                }
            }
        }
    }
}

/// Adds an inline to the innermost frame that holds inlines, opening an implicit paragraph
/// in a container of blocks.
fn inline(stack: &mut Vec<Frame>, inline: Inline) {
    open_implicit(stack);
    for frame in stack.iter_mut().rev() {
        match frame {
            Frame::Inlines(_, inlines) => {
                inlines.push(inline);
                return;
            }
            Frame::Verbatim(_, text) => {
                let mut plain = String::new();
                warraq_core::document::inline_text(std::slice::from_ref(&inline), &mut plain);
                text.push_str(&plain);
                return;
            }
            Frame::Skipped => continue,
            // Text whose own element was skipped (nested past MAX_DEPTH) under a list or a
            // table: it stays, as a paragraph of its own.
            _ => break,
        }
    }
    let paragraph = Block::Paragraph {
        attrs: Attrs::default(),
        content: vec![inline],
    };
    push_blocks(stack, vec![paragraph]);
}

fn open_implicit(stack: &mut Vec<Frame>) {
    let innermost = stack.iter().rev().find(|f| !matches!(f, Frame::Skipped));
    if matches!(innermost, Some(Frame::Blocks(..))) {
        stack.push(Frame::Inlines(
            Phrase::Paragraph { implicit: true },
            Vec::new(),
        ));
    }
}

fn close_implicit(stack: &mut Vec<Frame>) {
    if matches!(
        stack.last(),
        Some(Frame::Inlines(Phrase::Paragraph { implicit: true }, _))
    ) {
        close_top(stack, &mut Vec::new());
    }
}

fn push_block(stack: &mut [Frame], block: Block) {
    push_blocks(stack, vec![block]);
}

/// Adds blocks to the innermost frame that holds blocks; inside phrasing (a block reached
/// through skipped frames) their text joins the phrasing.
fn push_blocks(stack: &mut [Frame], blocks: Vec<Block>) {
    for frame in stack.iter_mut().rev() {
        match frame {
            Frame::Blocks(_, held) => {
                held.extend(blocks);
                return;
            }
            Frame::Inlines(_, inlines) => {
                let document = Document {
                    blocks,
                    ..Document::default()
                };
                let mut text = String::new();
                document.plain_text(&mut text);
                inlines.push(Inline::Text(text));
                return;
            }
            Frame::List(_, _, items) => {
                items.push(Item {
                    attrs: Attrs::default(),
                    blocks,
                });
                return;
            }
            Frame::Table(..) | Frame::Verbatim(..) | Frame::Skipped => continue,
        }
    }
}

fn align(alignment: Alignment) -> Align {
    match alignment {
        Alignment::None => Align::Default,
        Alignment::Left => Align::Start,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::End,
    }
}
