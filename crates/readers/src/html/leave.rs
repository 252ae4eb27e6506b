//! The converter's other half: where text, inlines and blocks go, what a container becomes
//! when its element ends, and each element's language and direction.

use super::convert::{Converter, Entered};
use super::frame::{paragraph, phrase, row, trim, Frame, Kind, Phrase};
use super::image::resolve;
use super::tree::{Data, Id};
use warraq_core::document::{Align, Attrs, Block, Cell, Inline, Item};
use warraq_core::lang::{Direction, LanguageTag};
use warraq_core::warning::{Warning, WarningKind};

impl Converter<'_> {
    /// Text, its white space folded as HTML does (verbatim inside `pre`).
    pub(super) fn text(&mut self, text: &str) {
        if let Some(Frame {
            kind: Kind::Pre(pre),
            ..
        }) = self.frames.last_mut()
        {
            pre.push_str(text);
            return;
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
                if !self.space {
                    out.push(' ');
                    self.space = true;
                }
            } else {
                out.push(c);
                self.space = false;
            }
        }
        if !out.is_empty() {
            self.inline(Inline::Text(out));
        }
    }

    /// An inline, into the phrase or paragraph open, or as loose text of a block container.
    pub(super) fn inline(&mut self, inline: Inline) {
        let top = self.top();
        match top.kind {
            Kind::Ignore => {}
            Kind::Table(..) | Kind::Row(..) => {} // the parser moves such text before the table
            _ => {
                if let (Some(Inline::Text(last)), Inline::Text(new)) =
                    (top.inlines.last_mut(), &inline)
                {
                    last.push_str(new);
                } else {
                    top.inlines.push(inline);
                }
            }
        }
    }

    /// A block, after the loose text before it.
    pub(super) fn block(&mut self, block: Block) {
        let top = self.top();
        if top.is_phrasing() {
            // Only an image alone in a figure's caption gets here; keep its text.
            let mut text = String::new();
            if let Block::Figure { image, .. } = &block {
                text.push_str(&image.alt);
            }
            top.inlines.push(Inline::Text(text));
            return;
        }
        top.flush();
        match &mut top.kind {
            Kind::List { items, .. } => items.push(Item {
                attrs: Attrs::default(),
                blocks: vec![block],
            }),
            Kind::Table(..) | Kind::Row(..) => {}
            _ => top.blocks.push(block),
        }
        self.space = true;
    }

    /// A block-level element starts or ends: loose text before it is a paragraph of its own,
    /// or, inside a paragraph, a space separates the two.
    pub(super) fn boundary(&mut self) {
        if self.phrasing() {
            if !self.space {
                self.text(" ");
            }
        } else {
            self.top().flush();
            self.space = true;
        }
    }

    /// Ends an element: its container becomes what it makes, given to the one around it.
    pub(super) fn leave(&mut self, entered: &Entered) {
        if entered.frame {
            if let Some(mut frame) = self.frames.pop() {
                self.finish(&mut frame);
            }
        }
        if entered.block {
            self.boundary();
        }
        if entered.dir {
            self.dirs.pop();
        }
    }

    fn finish(&mut self, frame: &mut Frame) {
        if frame.holds_blocks() {
            frame.flush();
        }
        let blocks = std::mem::take(&mut frame.blocks);
        let mut inlines = std::mem::take(&mut frame.inlines);
        match std::mem::replace(&mut frame.kind, Kind::Root) {
            Kind::Root | Kind::Ignore => {}
            Kind::Quote(attrs) if !blocks.is_empty() => self.block(Block::Quote { attrs, blocks }),
            Kind::Group(attrs) if !blocks.is_empty() => self.block(Block::Group { attrs, blocks }),
            Kind::Quote(_) | Kind::Group(_) => {}
            Kind::Item(attrs) => {
                if let Kind::List { items, .. } = &mut self.top().kind {
                    items.push(Item { attrs, blocks });
                }
            }
            Kind::List {
                ordered,
                start,
                attrs,
                items,
            } => {
                let mut list = Frame::new(Kind::Root);
                list.inlines = inlines;
                list.flush();
                let mut items = items;
                items.extend(list.blocks.into_iter().map(|b| Item {
                    attrs: Attrs::default(),
                    blocks: vec![b],
                }));
                if !items.is_empty() {
                    self.block(Block::List {
                        ordered,
                        start,
                        attrs,
                        items,
                    });
                }
            }
            Kind::Table(mut table, head, body) => {
                table.columns = if body.is_empty() { head } else { body };
                if !(table.head.is_empty() && table.body.is_empty()) {
                    self.block(Block::Table(table));
                }
            }
            Kind::Row(in_head, cells) => {
                let all_th = !cells.is_empty() && cells.iter().all(|(c, _)| c.header);
                let (row, columns) = row(cells);
                if let Kind::Table(table, head, body) = &mut self.top().kind {
                    if in_head || (all_th && table.body.is_empty()) {
                        if head.is_empty() {
                            *head = columns;
                        }
                        table.head.push(row);
                    } else {
                        if body.is_empty() {
                            *body = columns;
                        }
                        table.body.push(row);
                    }
                }
            }
            Kind::Cell(mut cell, align) => {
                cell.blocks = blocks;
                if let Kind::Row(_, cells) = &mut self.top().kind {
                    cells.push((cell, align));
                }
            }
            Kind::Caption => {
                trim(&mut inlines);
                if let Kind::Table(table, ..) = &mut self.top().kind {
                    table.caption = inlines;
                }
            }
            Kind::Paragraph(attrs) => {
                if let Some(block) = paragraph(attrs, inlines) {
                    self.block(block);
                }
            }
            Kind::Heading(level, attrs) => {
                trim(&mut inlines);
                if !inlines.is_empty() {
                    self.block(Block::Heading {
                        level,
                        attrs,
                        content: inlines,
                    });
                }
            }
            Kind::Figure(attrs, image) => {
                trim(&mut inlines);
                match image {
                    Some(image) => self.block(Block::Figure {
                        attrs,
                        image,
                        caption: inlines,
                    }),
                    None => {
                        if let Some(block) = paragraph(attrs, inlines) {
                            self.block(block);
                        }
                    }
                }
            }
            Kind::Pre(text) => {
                let text = text.strip_suffix('\n').unwrap_or(&text).to_owned();
                if !text.trim().is_empty() {
                    self.block(Block::Code { text });
                }
            }
            Kind::Inline(kind, attrs, isolate) => {
                if !inlines.is_empty() {
                    let inline = phrase(kind, attrs, isolate, inlines);
                    let top = self.top();
                    if !matches!(top.kind, Kind::Ignore) {
                        top.inlines.push(inline);
                    }
                }
            }
        }
    }

    /// An element's `lang` and `dir`; `dir="auto"` resolved from its first strong character.
    pub(super) fn attrs(&mut self, id: Id) -> Attrs {
        let tree = self.tree;
        let lang = tree
            .attr(id, "lang")
            .or_else(|| tree.attr(id, "xml:lang"))
            .map(str::trim);
        let lang = match lang {
            None | Some("") => None,
            Some(value) => match LanguageTag::parse(value) {
                Ok(tag) => Some(tag),
                Err(why) => {
                    if self.warned.insert(value.to_owned()) {
                        self.warnings.push(Warning::new(
                            WarningKind::Markup,
                            format!("{}: lang ignored: {why}", self.path.display()),
                        ));
                    }
                    None
                }
            },
        };
        let dir = match tree
            .attr(id, "dir")
            .map(|d| d.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("ltr") => Some(Direction::Ltr),
            Some("rtl") => Some(Direction::Rtl),
            Some("auto") => self.first_strong(id),
            _ => None,
        };
        Attrs { lang, dir }
    }

    /// The direction of the first strong character under `id`.
    fn first_strong(&self, id: Id) -> Option<Direction> {
        use unicode_bidi::{bidi_class, BidiClass};
        for n in self.tree.descendants(id) {
            if let Data::Text(text) = &self.tree.node(n).data {
                for c in text.chars() {
                    match bidi_class(c) {
                        BidiClass::L => return Some(Direction::Ltr),
                        BidiClass::R | BidiClass::AL => return Some(Direction::Rtl),
                        _ => {}
                    }
                }
            }
        }
        None
    }

    /// What a link becomes: a note reference, a link, or its text alone.
    pub(super) fn link(&mut self, id: Id) -> Option<Kind> {
        let tree = self.tree;
        let href: String = tree
            .attr(id, "href")?
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        let href = href.trim();
        if let Some(fragment) = href.strip_prefix('#') {
            let target = self.notes.target(fragment)?;
            let label = match self.labels.get(&target) {
                Some(label) => label.clone(),
                None => {
                    let text = tree.text(id);
                    let text = text
                        .trim()
                        .trim_matches(|c| matches!(c, '[' | ']' | '(' | ')'))
                        .trim();
                    let label = if text.is_empty() || self.taken.contains(text) {
                        // A number no other note's label is.
                        (self.labels.len() + 1..)
                            .map(|n| n.to_string())
                            .find(|n| !self.taken.contains(n))
                            .unwrap_or_default()
                    } else {
                        text.to_owned()
                    };
                    self.taken.insert(label.clone());
                    self.labels.insert(target, label.clone());
                    self.referenced.push((target, label.clone()));
                    label
                }
            };
            self.inline(Inline::NoteRef(label));
            self.space = false;
            // The reference's own text is its label: nothing more of it is read.
            return Some(Kind::Ignore);
        }
        let scheme_is = |scheme: &str| {
            href.get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        };
        if href.is_empty() || scheme_is("javascript:") {
            return None;
        }
        let title = tree.attr(id, "title").unwrap_or("").trim().to_owned();
        Some(Kind::Inline(
            Phrase::Link(resolve(href, self.base.as_ref()), title),
            Attrs::default(),
            false,
        ))
    }

    pub(super) fn cell(&self, id: Id, tag: &str, attrs: &Attrs) -> Kind {
        let span = |name| {
            self.tree
                .attr(id, name)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .map_or(1, |n| n.clamp(1, 1000))
        };
        let dir = attrs
            .dir
            .or(self.dirs.last().copied())
            .unwrap_or(Direction::Ltr);
        let written = self
            .tree
            .attr(id, "align")
            .map(str::to_ascii_lowercase)
            .or_else(|| {
                let style = self.tree.attr(id, "style")?.to_ascii_lowercase();
                let at = style.find("text-align")?;
                let value = style[at + 10..].trim_start().strip_prefix(':')?;
                Some(value.split(';').next()?.trim().to_owned())
            });
        let align = match (written.as_deref(), dir) {
            (Some("center" | "middle"), _) => Align::Center,
            (Some("start"), _)
            | (Some("left"), Direction::Ltr)
            | (Some("right"), Direction::Rtl) => Align::Start,
            (Some("end"), _) | (Some("right"), Direction::Ltr) | (Some("left"), Direction::Rtl) => {
                Align::End
            }
            _ => Align::Default,
        };
        Kind::Cell(
            Cell {
                header: tag == "th",
                attrs: attrs.clone(),
                colspan: span("colspan"),
                rowspan: span("rowspan"),
                blocks: Vec::new(),
            },
            align,
        )
    }
}
