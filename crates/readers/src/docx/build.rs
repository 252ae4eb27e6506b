//! Pieces of a paragraph into the model's inlines: the paragraph's language (the one most of
//! its text carries), spans where a run's language or direction differs from it, and the
//! formatting nested in a fixed order (link, span, strong, emphasis, underline, strike,
//! superscript, subscript) so that equal neighbours share one element.

use super::inline::{Dress, Leaf, Piece};
use super::styles::Vert;
use warraq_core::document::{Attrs, Inline};
use warraq_core::lang::{Direction, LanguageTag};

/// The language most of the pieces' text carries, when any of it carries one.
pub(crate) fn main_language(pieces: &[Piece]) -> Option<LanguageTag> {
    let mut counts: Vec<(&LanguageTag, usize)> = Vec::new();
    for piece in pieces {
        if let (Some(lang), Leaf::Text(text)) = (&piece.dress.lang, &piece.leaf) {
            let n = text.chars().filter(|c| !c.is_whitespace()).count();
            match counts.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, count)) => *count += n,
                None => counts.push((lang, n)),
            }
        }
    }
    // The first of equals wins.
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(l, _)| l.clone())
}

/// Leading and trailing white space and line breaks trimmed away.
pub(crate) fn trim(pieces: &mut Vec<Piece>) {
    // Cut in one drain: removing from the front one by one is quadratic.
    let gone = pieces
        .iter()
        .take_while(|p| match &p.leaf {
            Leaf::Text(t) => t.trim_start().is_empty(),
            Leaf::Break => true,
            _ => false,
        })
        .count();
    pieces.drain(..gone);
    if let Some(Piece {
        leaf: Leaf::Text(t),
        ..
    }) = pieces.first_mut()
    {
        *t = t.trim_start().to_string();
    }
    while let Some(last) = pieces.last_mut() {
        match &mut last.leaf {
            Leaf::Text(t) if t.trim_end().is_empty() => {}
            Leaf::Text(t) => {
                t.truncate(t.trim_end().len());
                break;
            }
            Leaf::Break => {}
            _ => break,
        }
        pieces.pop();
    }
}

/// The pieces as inlines in a paragraph of this language and direction.
pub(crate) fn inlines(pieces: &[Piece], lang: Option<&LanguageTag>, dir: Direction) -> Vec<Inline> {
    let keyed: Vec<(Vec<Key>, &Leaf)> = pieces
        .iter()
        .map(|p| (keys(&p.dress, lang, dir), &p.leaf))
        .collect();
    group(&keyed, 0)
}

/// One layer of dress, outermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Link(String),
    Span(Attrs),
    Strong,
    Emphasis,
    Underline,
    Strike,
    Superscript,
    Subscript,
    None,
}

const LAYERS: usize = 8;

fn keys(dress: &Dress, lang: Option<&LanguageTag>, dir: Direction) -> Vec<Key> {
    let flag = |on: bool, key: Key| if on { key } else { Key::None };
    let span = Attrs {
        lang: dress.lang.clone().filter(|l| Some(l) != lang),
        dir: (dress.rtl && dir == Direction::Ltr).then_some(Direction::Rtl),
    };
    vec![
        dress.link.clone().map_or(Key::None, Key::Link),
        if span.is_empty() {
            Key::None
        } else {
            Key::Span(span)
        },
        flag(dress.bold, Key::Strong),
        flag(dress.italic, Key::Emphasis),
        flag(dress.underline, Key::Underline),
        flag(dress.strike, Key::Strike),
        flag(dress.vert == Some(Vert::Super), Key::Superscript),
        flag(dress.vert == Some(Vert::Sub), Key::Subscript),
    ]
}

/// Groups equal neighbours at `layer` and below; the recursion is as deep as the layers.
fn group(pieces: &[(Vec<Key>, &Leaf)], layer: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    if layer == LAYERS {
        for (_, leaf) in pieces {
            push_leaf(&mut out, leaf);
        }
        return out;
    }
    let mut i = 0;
    while i < pieces.len() {
        let key = &pieces[i].0[layer];
        let mut j = i + 1;
        while j < pieces.len() && pieces[j].0[layer] == *key {
            j += 1;
        }
        let inner = group(&pieces[i..j], layer + 1);
        match key.clone() {
            Key::None => out.extend(inner),
            Key::Link(href) => out.push(Inline::Link {
                href,
                title: String::new(),
                content: inner,
            }),
            Key::Span(attrs) => out.push(Inline::Span {
                attrs,
                isolate: false,
                content: inner,
            }),
            Key::Strong => out.push(Inline::Strong(inner)),
            Key::Emphasis => out.push(Inline::Emphasis(inner)),
            Key::Underline => out.push(Inline::Underline(inner)),
            Key::Strike => out.push(Inline::Strike(inner)),
            Key::Superscript => out.push(Inline::Superscript(inner)),
            Key::Subscript => out.push(Inline::Subscript(inner)),
        }
        i = j;
    }
    out
}

fn push_leaf(out: &mut Vec<Inline>, leaf: &Leaf) {
    match leaf {
        Leaf::Text(text) => {
            if let Some(Inline::Text(last)) = out.last_mut() {
                last.push_str(text);
            } else if !text.is_empty() {
                out.push(Inline::Text(text.clone()));
            }
        }
        Leaf::Break => out.push(Inline::LineBreak),
        Leaf::NoteRef(label) => out.push(Inline::NoteRef(label.clone())),
        Leaf::Image(image) => out.push(Inline::Image(image.clone())),
        Leaf::PageBreak => {}
    }
}
