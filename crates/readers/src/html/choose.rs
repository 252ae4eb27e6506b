//! Which element of a page is its article: the marked candidates (`itemprop=articleBody`,
//! `<article>`, `<main>`) first; else Readability's scoring, for a page whose article is
//! marked by nothing: each paragraph scores for its length and commas, given to its block and
//! half to the block's parent; class and id words and link text weigh the blocks; the best,
//! with its siblings of the same kind, is the article.

use std::collections::HashMap;

use super::find::{is_hidden, is_never, text_len, text_lens, Found};
use super::tree::{is_block_level, Data, Id, Tree, DOCUMENT};
use super::words::{is_boilerplate, weight};

/// The letters of text a marked candidate needs to be taken before the others are looked at.
const ARTICLE_WORTH: usize = 200;

/// Where the article is.
pub(crate) struct Choice {
    /// The element that holds it.
    pub(crate) root: Id,
    /// How it was found.
    pub(crate) found: Found,
    /// The elements below the root that are the article when only some are (a scored block
    /// and its siblings of the same kind, as Readability merges them, or its cousins made
    /// like it); empty when all the root holds is.
    pub(crate) parts: Vec<Id>,
}

/// The element that holds the article, and how it was found.
pub(crate) fn article(tree: &Tree) -> Option<Choice> {
    // A marked candidate is vetoed by its own class and id only: an ancestor's words
    // (`non-ad-column`, `penci_sidebar`) ruled out the article of LA Times and AP pages. One
    // that holds little text (an empty first `<main>`, a teaser `<article>`) is passed over
    // for one that holds an article's worth; a short page's only candidate still counts.
    let visible = |id: Id| !hidden_above(tree, id) && !is_boilerplate(tree, id);
    let all: Vec<Id> = tree
        .descendants(DOCUMENT)
        .filter(|&n| tree.is_element(n))
        .collect();
    let most = |pick: &dyn Fn(Id) -> bool, least: usize| {
        all.iter()
            .filter(|&&n| pick(n) && visible(n))
            .map(|&n| (text_len(tree, n), n))
            .filter(|&(len, _)| len >= least)
            .fold(None, |best: Option<(usize, Id)>, (len, n)| match best {
                Some((b, _)) if b >= len => best,
                _ => Some((len, n)),
            })
            .map(|(_, n)| n)
    };
    let body = |n: Id| {
        tree.attr(n, "itemprop")
            .is_some_and(|v| v.split_whitespace().any(|w| w == "articleBody"))
    };
    // An `<article>` whose text is mostly in two or more others is a list of articles ("You
    // may also like" and its teasers), not one; an article with teasers inside is still one.
    let article = |n: Id| {
        if tree.tag(n) != Some("article") {
            return false;
        }
        let inner: Vec<Id> = tree
            .descendants(n)
            .skip(1)
            .filter(|&d| tree.tag(d) == Some("article"))
            .collect();
        inner.len() < 2 || {
            let theirs: usize = inner.iter().map(|&d| text_len(tree, d)).sum();
            theirs * 2 < text_len(tree, n)
        }
    };
    let main = |n: Id| tree.tag(n) == Some("main") || tree.attr(n, "role") == Some("main");
    let marked = |root: Id| Choice {
        root,
        found: Found::Marked,
        parts: Vec::new(),
    };
    let picks = [&body as &dyn Fn(Id) -> bool, &article, &main];
    if let Some(found) = picks.iter().find_map(|pick| most(pick, ARTICLE_WORTH)) {
        return Some(marked(found));
    }
    // A short marked candidate is the article of a short page; on a page whose article is
    // marked by nothing, it is a teaser (a "related posts" grid of `<article>`s beside it),
    // so the scored block is taken when it holds more than twice its text.
    let short = picks.iter().find_map(|pick| most(pick, 1));
    let Some((root, parts)) = scored(tree, &all) else {
        return short.map(marked);
    };
    if let Some(short) = short {
        let theirs: usize = if parts.is_empty() {
            text_len(tree, root)
        } else {
            parts.iter().map(|&p| text_len(tree, p)).sum()
        };
        if theirs <= 2 * text_len(tree, short) {
            return Some(marked(short));
        }
    }
    Some(Choice {
        root,
        found: Found::Scored,
        parts,
    })
}

/// Whether an ancestor (or the element) is hidden or never read; a page-wide `<form>` is not.
fn hidden_above(tree: &Tree, id: Id) -> bool {
    let mut at = id;
    while at != super::tree::NONE && at != DOCUMENT {
        if let Some(tag) = tree.tag(at) {
            if (is_never(tag) && tag != "form") || is_hidden(tree, at) {
                return true;
            }
        }
        at = tree.node(at).parent;
    }
    false
}

/// For each node, by id, whether it or an ancestor is left out of any page's article: never
/// read or hidden, or below an element its class and id name as boilerplate. Made in one
/// walk, parents before children, so that each element's words are read once.
fn left_out_above(tree: &Tree) -> Vec<bool> {
    let mut above = vec![false; tree.nodes.len()];
    // Whether the node's children are left out: it is, or its words name boilerplate.
    let mut below = vec![false; tree.nodes.len()];
    for n in tree.descendants(DOCUMENT).skip(1) {
        let parent = tree.node(n).parent;
        let inherited = parent != super::tree::NONE && below[parent as usize];
        let own = tree
            .tag(n)
            .is_some_and(|tag| (is_never(tag) && tag != "form") || is_hidden(tree, n));
        above[n as usize] = inherited || own;
        below[n as usize] = above[n as usize] || (tree.is_element(n) && is_boilerplate(tree, n));
    }
    above
}

/// Readability's scoring, in short: each paragraph scores for its length and commas, and
/// gives its score to its parent and half to its grandparent; class and id words and link
/// density weigh the candidates. The best candidate is the article.
fn scored(tree: &Tree, all: &[Id]) -> Option<(Id, Vec<Id>)> {
    let mut scores: HashMap<Id, f64> = HashMap::new();
    let body = tree.first("body").unwrap_or(DOCUMENT);
    let above = left_out_above(tree);
    let lens = text_lens(tree);
    for &p in all {
        if !matches!(tree.tag(p), Some("p" | "pre" | "td" | "blockquote" | "li")) {
            continue;
        }
        if above[p as usize] {
            continue;
        }
        let (len, _, commas) = lens[p as usize];
        if len < 25 {
            continue;
        }
        let score = 1.0 + commas as f64 + (len as f64 / 100.0).min(3.0);
        let parent = tree.node(p).parent;
        if parent == super::tree::NONE || !tree.is_element(parent) {
            continue;
        }
        *scores
            .entry(parent)
            .or_insert_with(|| initial(tree, parent)) += score;
        let grand = tree.node(parent).parent;
        if grand != super::tree::NONE && tree.is_element(grand) {
            *scores.entry(grand).or_insert_with(|| initial(tree, grand)) += score / 2.0;
        }
    }
    // Text that sits loose in a block (`<div>` with lines split by `<br>`, no `<p>`) is
    // paragraphs too, as Readability makes it: about one for each 300 letters, scored for
    // the block that holds it and half for the block's parent.
    for (block, (len, commas)) in loose_text(tree) {
        if len < 25 || above[block as usize] {
            continue;
        }
        let paragraphs = len.div_ceil(300) as f64;
        let score = paragraphs + commas as f64 + (len as f64 / 100.0).min(3.0 * paragraphs);
        *scores.entry(block).or_insert_with(|| initial(tree, block)) += score;
        let parent = tree.node(block).parent;
        if parent != super::tree::NONE && tree.is_element(parent) {
            *scores
                .entry(parent)
                .or_insert_with(|| initial(tree, parent)) += score / 2.0;
        }
    }
    let weighed: HashMap<Id, f64> = scores
        .iter()
        .map(|(&id, &score)| {
            let (len, links, _) = lens[id as usize];
            let density = if len == 0 {
                1.0
            } else {
                links as f64 / len as f64
            };
            (id, score * (1.0 - density))
        })
        .collect();
    let best = weighed
        .iter()
        .map(|(&id, &score)| (score, id))
        .reduce(|b, c| {
            if c.0 > b.0 || (c.0 == b.0 && c.1 < b.1) {
                c
            } else {
                b
            }
        });
    let Some((top, best)) = best else {
        return Some((body, Vec::new()));
    };
    let (root, parts) = siblings(tree, best, top, &weighed);
    Some(cousins(tree, root, parts, best, top, &weighed))
}

/// The best block with the blocks elsewhere in the page that are made like it (the same
/// element, the same class) and score as a sibling of the same class must: an article in
/// sections, each in a wrapper of its own between full-width pictures and pull quotes
/// (Quanta's `post__content`), is one article. The root is then the nearest element that
/// holds them all, and the parts are those blocks, wherever they are below it.
fn cousins(
    tree: &Tree,
    root: Id,
    mut parts: Vec<Id>,
    best: Id,
    top: f64,
    scores: &HashMap<Id, f64>,
) -> (Id, Vec<Id>) {
    let Some(class) = tree.attr(best, "class").filter(|c| !c.trim().is_empty()) else {
        return (root, parts);
    };
    let threshold = (top * 0.2).max(10.0);
    let mut found: Vec<Id> = scores
        .iter()
        .filter(|&(&id, &score)| {
            score >= threshold
                && tree.tag(id) == tree.tag(best)
                && tree.attr(id, "class") == Some(class)
                && !is_within(tree, id, root)
                && !is_within(tree, root, id)
        })
        .map(|(&id, _)| id)
        .collect();
    if found.is_empty() {
        return (root, parts);
    }
    found.sort_unstable();
    let mut holder = root;
    for &cousin in &found {
        while !is_within(tree, cousin, holder) {
            holder = tree.node(holder).parent;
        }
    }
    if holder == super::tree::NONE || holder == DOCUMENT || tree.tag(holder) == Some("html") {
        return (root, parts);
    }
    if parts.is_empty() {
        parts.push(root);
    }
    parts.extend(found);
    (holder, parts)
}

/// Whether `id` is `outer` or inside it.
fn is_within(tree: &Tree, id: Id, outer: Id) -> bool {
    let mut at = id;
    while at != super::tree::NONE {
        if at == outer {
            return true;
        }
        at = tree.node(at).parent;
    }
    false
}

/// The best block and its siblings that are the article too, as Readability merges them: a
/// sibling of the same class that scored a fifth of the best (at least 10, counting a fifth
/// more for the class), one of another class that scored half of it, and the headline
/// (`h1`). With none, the best block alone.
fn siblings(tree: &Tree, best: Id, top: f64, scores: &HashMap<Id, f64>) -> (Id, Vec<Id>) {
    let parent = tree.node(best).parent;
    if parent == super::tree::NONE || !tree.is_element(parent) {
        return (best, Vec::new());
    }
    let threshold = (top * 0.2).max(10.0);
    let class = tree.attr(best, "class").filter(|c| !c.trim().is_empty());
    let mut parts = vec![];
    let mut merged = false;
    for child in tree.children(parent) {
        if child == best {
            parts.push(child);
            continue;
        }
        // Readability takes any sibling past the threshold; teasers beside an article pass
        // it as often, so one of another class must score half the best.
        let alike = class.is_some() && tree.attr(child, "class") == class;
        let wanted = |s: f64| {
            if alike {
                s + top * 0.2 >= threshold
            } else {
                s >= top * 0.5
            }
        };
        if scores.get(&child).is_some_and(|&s| wanted(s)) {
            parts.push(child);
            merged = true;
        } else if tree.tag(child) == Some("h1") {
            parts.push(child);
        }
    }
    if merged {
        (parent, parts)
    } else {
        (best, Vec::new())
    }
}

/// The text of each block that holds text outside any paragraph-like element (`p`, `li`,
/// `td`…), in letters that are not white space, and its commas: by the nearest block-level
/// element above each piece of text, looking up through at most eight inline elements.
fn loose_text(tree: &Tree) -> HashMap<Id, (usize, usize)> {
    let mut loose: HashMap<Id, (usize, usize)> = HashMap::new();
    for node in &tree.nodes {
        let Data::Text(text) = &node.data else {
            continue;
        };
        let mut at = node.parent;
        let mut block = None;
        for _ in 0..8 {
            if at == super::tree::NONE {
                break;
            }
            match tree.tag(at) {
                Some(tag) if is_never(tag) => break,
                Some(tag) if is_block_level(tag) => {
                    block = Some((at, tag));
                    break;
                }
                _ => at = tree.node(at).parent,
            }
        }
        let Some((block, tag)) = block else { continue };
        if matches!(
            tag,
            "p" | "pre" | "td" | "blockquote" | "li" | "body" | "html"
        ) {
            continue;
        }
        let entry = loose.entry(block).or_default();
        entry.0 += text.chars().filter(|c| !c.is_whitespace()).count();
        entry.1 += text
            .chars()
            .filter(|c| matches!(c, ',' | '،' | '、'))
            .count();
    }
    loose
}

fn initial(tree: &Tree, id: Id) -> f64 {
    let score = match tree.tag(id) {
        Some("div") => 5.0,
        Some("pre" | "td" | "blockquote") => 3.0,
        Some("ol" | "ul" | "dl" | "form" | "li") => -3.0,
        Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th") => -5.0,
        _ => 0.0,
    };
    score + f64::from(weight(tree, id))
}
