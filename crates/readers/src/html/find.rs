//! What of a page is never the article: elements never read (navigation, scripts, forms…),
//! hidden elements, boilerplate named by its class or id; and the text an element holds.

use super::tree::{Data, Id, Tree, DOCUMENT};
use super::words::is_boilerplate;

/// Whether an element named `tag` never reaches the book, wherever it is. A `match`, not a
/// list searched in order: it is asked of every element of a page.
pub(super) fn is_never(tag: &str) -> bool {
    matches!(
        tag,
        "nav"
            | "aside"
            | "form"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "dialog"
            | "head"
            | "link"
            | "meta"
            | "title"
            | "base"
            | "option"
            | "datalist"
            | "audio"
            | "video"
            | "source"
            | "track"
            | "map"
            | "area"
            | "frame"
            | "frameset"
            | "math"
            | "footer"
    )
}

/// How the article was found; an explicit element keeps its `<header>` (headline, byline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// `[itemprop=articleBody]`, `<article>` or `<main>`.
    Marked,
    /// The best-scoring block of the page.
    Scored,
}

/// Whether the element is hidden from readers: `hidden`, `aria-hidden="true"`, or a `style`
/// that hides it, found in one pass over its attributes (a page has one name of each).
pub(crate) fn is_hidden(tree: &Tree, id: Id) -> bool {
    let Data::Element { attrs, .. } = &tree.node(id).data else {
        return false;
    };
    attrs.iter().any(|a| match &*a.name.local {
        "hidden" => true,
        "aria-hidden" => a.value.trim().eq_ignore_ascii_case("true"),
        "style" => hides(&a.value),
        _ => false,
    })
}

/// Whether a `style` says `display: none` or `visibility: hidden` (`!important` or not).
fn hides(style: &str) -> bool {
    style.split(';').any(|declaration| {
        let Some((name, value)) = declaration.split_once(':') else {
            return false;
        };
        let value = value.trim_start().as_bytes();
        let is = |word: &str| {
            value
                .get(..word.len())
                .is_some_and(|v| v.eq_ignore_ascii_case(word.as_bytes()))
        };
        match name.trim() {
            n if n.eq_ignore_ascii_case("display") => is("none"),
            n if n.eq_ignore_ascii_case("visibility") => is("hidden"),
            _ => false,
        }
    })
}

/// Whether an element inside the article (or the article itself, `at == root`) is left out
/// with all it holds. Not elements: comments are dropped, text is kept. `by_words`: whether
/// boilerplate named by class and id words is left out (table rows and cells never are: a
/// `player` there is a sports player).
pub(crate) fn is_dropped(tree: &Tree, id: Id, root: Id, found: Found, by_words: bool) -> bool {
    let Data::Element { name, .. } = &tree.node(id).data else {
        return !matches!(tree.node(id).data, Data::Text(_) | Data::Document);
    };
    if id == root {
        return false;
    }
    let Some(tag) = tree.tag(id) else {
        return true; // SVG and MathML
    };
    if is_never(tag) || is_hidden(tree, id) {
        return true;
    }
    if tag == "header" && !(found == Found::Marked || has_article_between(tree, id, root)) {
        return true;
    }
    let _ = name;
    by_words
        && !matches!(tag, "tr" | "td" | "th" | "tbody" | "thead" | "tfoot")
        && tree
            .attr(id, "itemprop")
            .is_none_or(|v| !v.contains("articleBody"))
        && is_boilerplate(tree, id)
}

fn has_article_between(tree: &Tree, id: Id, root: Id) -> bool {
    let mut at = tree.node(id).parent;
    while at != root && at != super::tree::NONE {
        if tree.tag(at) == Some("article") {
            return true;
        }
        at = tree.node(at).parent;
    }
    false
}

/// The text under `root`, leaving out what [`is_dropped`] drops (class and id words aside),
/// in characters that are not white space.
pub(crate) fn text_len(tree: &Tree, root: Id) -> usize {
    let mut text = 0;
    let mut at = root;
    while at != super::tree::NONE {
        let dropped = is_dropped(tree, at, root, Found::Marked, false);
        if let Data::Text(t) = &tree.node(at).data {
            text += t.chars().filter(|c| !c.is_whitespace()).count();
        }
        at = tree.next_in(root, at, !dropped);
    }
    text
}

/// Text, link text and commas under every node, leaving out what [`is_dropped`] drops with
/// class and id words, in characters that are not white space: one walk, children before
/// parents, so that scoring a page's blocks costs its size once. By node id.
pub(crate) fn text_lens(tree: &Tree) -> Vec<(usize, usize, usize)> {
    // What is dropped is not walked into (a script's text is never counted).
    let mut order = Vec::new();
    let mut dropped = vec![false; tree.nodes.len()];
    let mut at = DOCUMENT;
    while at != super::tree::NONE {
        order.push(at);
        dropped[at as usize] = is_dropped(tree, at, DOCUMENT, Found::Marked, true);
        at = tree.next_in(DOCUMENT, at, !dropped[at as usize]);
    }
    let mut sums = vec![(0, 0, 0); tree.nodes.len()];
    for &n in order.iter().rev() {
        let mut own = sums[n as usize];
        match &tree.node(n).data {
            Data::Text(t) => (own.0, own.2) = text_and_commas(t),
            Data::Element { .. } if tree.tag(n) == Some("a") => own.1 = own.0,
            _ => {}
        }
        sums[n as usize] = own;
        let parent = tree.node(n).parent;
        if parent != super::tree::NONE && !dropped[n as usize] {
            let up = &mut sums[parent as usize];
            up.0 += own.0;
            up.1 += own.1;
            up.2 += own.2;
        }
    }
    sums
}

/// The characters of `t` that are not white space, and its commas (Latin, Arabic,
/// ideographic), counted in one pass.
pub(super) fn text_and_commas(t: &str) -> (usize, usize) {
    t.chars().fold((0, 0), |(text, commas), c| {
        let comma = matches!(c, ',' | '،' | '、');
        (
            text + usize::from(!c.is_whitespace()),
            commas + usize::from(comma),
        )
    })
}
