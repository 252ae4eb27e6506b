//! The body's blocks: paragraphs (headings, figures with their captions, quotations, list
//! items gathered into nested lists) and tables, read by a [`Reader`] (`reader.rs`) that carries what the
//! whole document shares (styles, lists, relationships, media, the notes referred to).

use roxmltree::Node;

use super::build::{inlines, main_language, trim};
use super::inline::{alternative, Leaf, Piece};
use super::lists::Lists;
use super::reader::Reader;
use super::styles::{ParaProps, Role};
use super::xml::{child, is_mc, is_w};
use warraq_core::document::{Attrs, Block, Inline, MAX_DEPTH};
use warraq_core::error::Result;
use warraq_core::lang::Direction;

/// A paragraph read: what its style makes it, its attributes, and its pieces, split where it
/// has page breaks.
struct Para {
    role: Option<Role>,
    list: Option<(String, u8)>,
    attrs: Attrs,
    segments: Vec<Vec<Piece>>,
}

impl<'a, 'p> Reader<'a, 'p> {
    /// Records a reference to a note.
    pub(crate) fn refer(&mut self, footnote: bool, id: &str) {
        let key = (footnote, id.to_string());
        if self.referred.insert(key.clone()) {
            self.refs.push(key);
        }
    }

    /// Where the current paragraph is, for an image's `place`.
    pub(crate) fn here(&self) -> String {
        format!(" ({}paragraph {})", self.place, self.paragraphs)
    }

    /// The blocks of a container (the body, a cell, a note) at this nesting depth.
    pub(crate) fn blocks(&mut self, container: Node, depth: usize) -> Result<Vec<Block>> {
        let mut out = Vec::new();
        let mut lists = Lists::default();
        let levels = MAX_DEPTH.saturating_sub(depth + 2).clamp(1, 9);
        for node in flatten(container, &["p", "tbl"]) {
            if is_w(node, "tbl") {
                lists.finish(&mut out);
                out.extend(self.table(node, depth)?);
                continue;
            }
            let refs_before = self.refs.len();
            let para = self.paragraph(node)?;
            if para.segments.is_empty() {
                continue;
            }
            if depth == 0 && self.counting && self.front.take(para.role, &para_text(&para)) {
                // Its note references leave the book with it: a note nothing refers to is none.
                for key in self.refs.drain(refs_before..) {
                    self.referred.remove(&key);
                }
                continue;
            }
            if para.role == Some(Role::Caption) && lists.open.is_empty() {
                if let Some(Block::Figure { caption, .. }) = out.last_mut() {
                    if caption.is_empty() {
                        *caption = para_inlines(&para, para.segments.concat().as_slice());
                        continue;
                    }
                }
            }
            let list = match (&para.role, &para.list) {
                (None | Some(Role::Body), Some((id, ilvl))) => self
                    .numbering
                    .level(id, *ilvl)
                    .map(|level| (id.clone(), *ilvl, level)),
                _ => None,
            };
            let attrs = para.attrs.clone();
            let blocks = para_blocks(&para);
            if let Some((id, ilvl, level)) = list {
                let ilvl = ilvl.min(levels as u8 - 1);
                lists.item(
                    &mut out,
                    &mut self.counters,
                    (id, ilvl, level),
                    attrs,
                    blocks,
                );
                continue;
            }
            lists.finish(&mut out);
            match para.role {
                Some(Role::Quote) => match out.last_mut() {
                    Some(Block::Quote {
                        attrs: a,
                        blocks: b,
                    }) if *a == attrs => b.extend(blocks),
                    _ => out.push(Block::Quote { attrs, blocks }),
                },
                Some(Role::Title) if self.title.is_none() && self.counting => {
                    let mut text = String::new();
                    if let Some(Block::Heading { content, .. }) = blocks.first() {
                        warraq_core::document::inline_text(content, &mut text);
                    }
                    let at = (depth == 0).then_some(out.len());
                    self.title = Some((at, text.trim().to_string()));
                    out.extend(blocks);
                }
                _ => out.extend(blocks),
            }
        }
        lists.finish(&mut out);
        Ok(out)
    }

    /// A paragraph's blocks on their own, outside any list (for tables nested too deep).
    pub(crate) fn paragraph_blocks(&mut self, p: Node) -> Result<Vec<Block>> {
        let para = self.paragraph(p)?;
        Ok(para_blocks(&para))
    }

    fn paragraph(&mut self, p: Node) -> Result<Para> {
        self.paragraphs += 1;
        let direct = child(p, "pPr").map(ParaProps::read).unwrap_or_default();
        let resolved = self.styles.paragraph(&direct);
        let pieces = self.pieces(p, &resolved)?;
        let dir = if resolved.rtl {
            Direction::Rtl
        } else {
            Direction::Ltr
        };
        let mark = if resolved.rtl {
            resolved.run.lang_bidi.clone().or(resolved.run.lang.clone())
        } else {
            resolved.run.lang.clone()
        };
        let lang = main_language(&pieces).or_else(|| mark.and_then(|m| self.language(&m)));
        if self.counting {
            self.tally(&pieces, dir);
        }
        let mut segments = Vec::new();
        for segment in pieces.split(|p| p.leaf == Leaf::PageBreak) {
            let mut segment = segment.to_vec();
            trim(&mut segment);
            if !segment.is_empty() {
                segments.push(segment);
            }
        }
        Ok(Para {
            role: resolved.role,
            list: resolved.list,
            attrs: Attrs {
                lang,
                dir: Some(dir),
            },
            segments,
        })
    }

    fn tally(&mut self, pieces: &[Piece], dir: Direction) {
        for piece in pieces {
            let Leaf::Text(text) = &piece.leaf else {
                continue;
            };
            let n = text.chars().filter(|c| !c.is_whitespace()).count();
            self.dir_tally[usize::from(dir == Direction::Ltr)] += n;
            if let Some(lang) = &piece.dress.lang {
                match self.lang_tally.iter_mut().find(|(l, _)| l == lang) {
                    Some((_, count)) => *count += n,
                    None => self.lang_tally.push((lang.clone(), n)),
                }
            }
        }
    }
}

/// A paragraph's text, its segments and lines joined by a space; images give none (a
/// portrait beside an author's name is no part of the name).
fn para_text(para: &Para) -> String {
    let mut text = String::new();
    for segment in &para.segments {
        for piece in segment {
            match &piece.leaf {
                Leaf::Text(t) => text.push_str(t),
                Leaf::Break => text.push(' '),
                _ => {}
            }
        }
        text.push(' ');
    }
    text
}

fn para_inlines(para: &Para, pieces: &[Piece]) -> Vec<Inline> {
    let dir = para.attrs.dir.unwrap_or(Direction::Ltr);
    inlines(pieces, para.attrs.lang.as_ref(), dir)
}

/// A paragraph's blocks: one per segment between page breaks.
fn para_blocks(para: &Para) -> Vec<Block> {
    let attrs = para.attrs.clone();
    para.segments
        .iter()
        .map(|segment| match (para.role, segment.as_slice()) {
            (Some(Role::Title), _) => Block::Heading {
                level: 1,
                attrs: attrs.clone(),
                content: para_inlines(para, segment),
            },
            (Some(Role::Heading(level)), _) => Block::Heading {
                level,
                attrs: attrs.clone(),
                content: para_inlines(para, segment),
            },
            (
                _,
                [Piece {
                    leaf: Leaf::Image(image),
                    ..
                }],
            ) => Block::Figure {
                attrs: attrs.clone(),
                image: image.clone(),
                caption: Vec::new(),
            },
            _ => Block::Paragraph {
                attrs: attrs.clone(),
                content: para_inlines(para, segment),
            },
        })
        .collect()
}

/// The elements named `wanted` among a container's children, looking through the wrappers
/// that keep their content (content controls, custom XML, tracked insertions and moves,
/// markup-compatibility choices) and skipping tracked deletions. Iterative.
pub(crate) fn flatten<'a, 'i>(container: Node<'a, 'i>, wanted: &[&str]) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    let mut stack: Vec<Node> = container.children().filter(|n| n.is_element()).collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        let inner = if wanted.iter().any(|w| is_w(node, w)) {
            out.push(node);
            continue;
        } else if ["sdt", "sdtContent", "customXml", "ins", "moveTo"]
            .iter()
            .any(|w| is_w(node, w))
        {
            Some(node)
        } else if is_mc(node, "AlternateContent") {
            alternative(node)
        } else {
            None
        };
        if let Some(inner) = inner {
            let start = stack.len();
            stack.extend(inner.children().filter(|n| n.is_element()));
            stack[start..].reverse();
        }
    }
    out
}
