//! The words pages use for what they hold: class and id words that name boilerplate or the
//! article, and the labels (in the languages of our readers and in English) that head what
//! is not the article: related stories, most read, comments, "read also".

use std::collections::HashSet;
use std::sync::LazyLock;

use super::tree::{Id, Tree};

/// Class and id words that mark boilerplate: navigation and page furniture; the article's
/// own furniture (bylines, dates, share bars, tags); what sits beside it (related and popular
/// stories, comments, newsletters, cookie notices, advertising, galleries' controls). Most are
/// trafilatura's and Readability's; a word counts whole, never as a substring.
const NEGATIVE: &[&str] = &[
    "comment",
    "comments",
    "disqus",
    "respond",
    "reply",
    "replies",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "subnav",
    "sidebar",
    "share",
    "sharing",
    "sharebar",
    "social",
    "sociable",
    "follow",
    "related",
    "popular",
    "mostread",
    "mostpopular",
    "trending",
    "viral",
    "teaser",
    "recommended",
    "recommendations",
    "recirc",
    "readmore",
    "morestories",
    "rail",
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "dfp",
    "banner",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "promo",
    "promos",
    "cta",
    "subscribe",
    "subscription",
    "newsletter",
    "newsletters",
    "signup",
    "signin",
    "login",
    "register",
    "paywall",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "sponsored",
    "sponsor",
    "outbrain",
    "taboola",
    "criteo",
    "zergnet",
    "widget",
    "masthead",
    "skip",
    "print",
    "noprint",
    "tags",
    "tag",
    "toolbar",
    "tools",
    "byline",
    "bylines",
    "author",
    "authors",
    "dateline",
    "timestamp",
    "date",
    "meta",
    "credit",
    "credits",
    "gallery",
    "slider",
    "slideshow",
    "carousel",
    "lightbox",
    "swiper",
    "modal",
    "popup",
    "overlay",
    "pagination",
    "pager",
    "syndication",
    "rating",
    "disclaimer",
    "bio",
];

/// Class and id words that mark the article.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "news", "blog",
];

/// Calls `f` on each word of a class or id token: the token split at anything not a letter
/// or digit, and where a lowercase letter meets a capital (`PromoSmall`).
fn each_part<'t>(token: &'t str, mut f: impl FnMut(&'t str)) {
    let mut start = None;
    let mut lower = false;
    for (at, c) in token.char_indices() {
        if !c.is_alphanumeric() || (lower && c.is_uppercase()) {
            if let Some(from) = start.take() {
                f(&token[from..at]);
            }
        }
        if c.is_alphanumeric() && start.is_none() {
            start = Some(at);
        }
        lower = c.is_lowercase();
    }
    if let Some(from) = start {
        f(&token[from..]);
    }
}

/// The longest word of the vocabularies below, in bytes.
const LONGEST: usize = 16;

/// Whether `set` holds `word` (the vocabularies are ASCII and lowercase).
fn holds(set: &[&str], word: &[u8]) -> bool {
    set.iter().any(|w| w.as_bytes() == word)
}

/// [`NEGATIVE`], to look up: every class and id word of a page is.
static NEGATIVE_SET: LazyLock<HashSet<&[u8]>> =
    LazyLock::new(|| NEGATIVE.iter().map(|w| w.as_bytes()).collect());

/// What one class or id token says, by its words and each two neighbours joined
/// (`most-read`, `most_read` and `MostRead` all give `mostread`).
#[derive(Debug, Default, Clone, Copy)]
struct Says {
    /// A word of boilerplate.
    negative: bool,
    /// A word of boilerplate that is not [`WEAK`].
    strong: bool,
    /// A word of the article.
    positive: bool,
    /// A word of a comment section.
    comments: bool,
    /// A word of [`POPUP`].
    popup: bool,
}

/// Class words of what a page shows over the text when a name is hovered (The Hill's
/// `rollover-people-block`: a picture and three headlines inside a sentence).
const POPUP: &[&str] = &["rollover", "tooltip", "popover", "hovercard"];

fn says(token: &str) -> Says {
    let mut out = Says::default();
    // The word `a` followed by `b`, in ASCII lowercase; none longer than [`LONGEST`] is in a
    // vocabulary.
    let mut judge = |a: &str, b: &str| {
        let len = a.len() + b.len();
        if len > LONGEST {
            return;
        }
        let mut word = [0; LONGEST];
        word[..a.len()].copy_from_slice(a.as_bytes());
        word[a.len()..len].copy_from_slice(b.as_bytes());
        let word = &mut word[..len];
        word.make_ascii_lowercase();
        if NEGATIVE_SET.contains(&*word) {
            out.negative = true;
            out.strong |= !holds(WEAK, word);
        }
        out.positive |= holds(POSITIVE, word);
        out.comments |= holds(&["comment", "comments", "disqus"], word);
        out.popup |= holds(POPUP, word);
    };
    let mut previous: Option<&str> = None;
    each_part(token, |part| {
        judge(part, "");
        if let Some(before) = previous {
            judge(before, part);
        }
        previous = Some(part);
    });
    out
}

/// What each class and id token of an element says.
fn tokens(tree: &Tree, id: Id) -> impl Iterator<Item = Says> + '_ {
    ["class", "id"]
        .into_iter()
        .filter_map(move |attr| tree.attr(id, attr))
        .flat_map(str::split_whitespace)
        .map(says)
}

/// Negative words that also name wrappers of the article (`ad_body`, `article-tools`,
/// `noprint story`): with a positive word in the same token, they do not mark boilerplate.
const WEAK: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "print",
    "noprint",
    "skip",
    "tools",
    "toolbar",
    "widget",
    "banner",
    "rail",
    "masthead",
    "tag",
    "tags",
    "rating",
    "gallery",
    "slider",
    "carousel",
    "swiper",
    "overlay",
    "modal",
    "popup",
    "bio",
    "credit",
    "credits",
    "signin",
    "login",
    "register",
];

/// Whether class and id mark boilerplate: a token with a negative word, and no token that
/// names the article: one with a positive word and no negative word but [`WEAK`] ones.
/// `article-body share-enabled`, `ad_body` and `entry comments-open` are the article;
/// `article-related-stories`, `post-author` and `comment-body` are not.
/// A pop-up is boilerplate, but not the name it shows on ([`holds_the_name`]).
pub(crate) fn is_boilerplate(tree: &Tree, id: Id) -> bool {
    let (mut negative, mut popup) = (false, false);
    for says in tokens(tree, id) {
        if says.positive && !says.strong {
            return false;
        }
        negative |= says.negative;
        popup |= says.popup;
    }
    negative || (popup && !holds_the_name(tree, id))
}

/// Whether an element named for a pop-up is the name it shows on, part of a sentence: a
/// link; an element with text of its own before any element (`<span class="tooltip">word`);
/// or a wrapper that opens with a link and holds the pop-up beside it (`rollover-people`
/// around `rollover-people-link` and `rollover-people-block`).
fn holds_the_name(tree: &Tree, id: Id) -> bool {
    if tree.tag(id) == Some("a") {
        return true;
    }
    let mut children = tree.children(id);
    for child in children.by_ref() {
        match tree.tag(child) {
            Some("a") => break,
            Some(_) => return false,
            None if !tree.text(child).trim().is_empty() => return true,
            None => {}
        }
    }
    children.any(|c| tree.is_element(c) && tokens(tree, c).any(|says| says.popup))
}

/// Whether class and id name a comment section (`comments`, `fb-comments`, `disqus_thread`).
pub(crate) fn is_comments(tree: &Tree, id: Id) -> bool {
    tokens(tree, id).any(|says| says.comments)
}

/// Readability's class weight: −25 for a negative word, +25 for a positive one (both: 0).
pub(crate) fn weight(tree: &Tree, id: Id) -> i32 {
    let (mut negative, mut positive) = (false, false);
    for says in tokens(tree, id) {
        negative |= says.negative;
        positive |= says.positive;
    }
    25 * (i32::from(positive) - i32::from(negative))
}

/// Labels that head what is not the article, one per line, in English, Arabic, Persian,
/// Hebrew and Urdu; compared after [`fold`].
const LABELS: &str = include_str!("labels.txt");

/// Labels that open a line of links to other articles («اقرأ أيضًا: …», "Read more: …").
const LEADS: &str = include_str!("leads.txt");

/// The entries of a vocabulary file, folded, by section (`[links]`; none before the first
/// section line): its lines but blank ones and comments.
fn entries(file: &str) -> Vec<(&str, String)> {
    let mut section = "";
    let mut out = Vec::new();
    for line in file.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
        } else if !line.is_empty() && !line.starts_with('#') {
            out.push((section, fold(line)));
        }
    }
    out
}

static FOLDED_LABELS: LazyLock<Vec<(&str, String)>> = LazyLock::new(|| entries(LABELS));
static FOLDED_LEADS: LazyLock<Vec<(&str, String)>> = LazyLock::new(|| entries(LEADS));

/// What a label heads, and so what goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Heads {
    /// Links to other pages ("Related stories"): the block after it, when mostly links.
    Links,
    /// A section that is not the article (comments): the block after it, whatever it holds.
    Anything,
}

/// Text folded for comparing with labels: lowercase; Arabic-script diacritics and tatweel
/// dropped, alef and hamza forms as bare alef, Persian and Arabic yeh and kaf as one; the
/// zero-width non-joiner as a space; punctuation at either end dropped; white space folded.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{640}' => continue,
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ی' | 'ى' => 'ي',
            'ک' => 'ك',
            'ۀ' => 'ه',
            '\u{200C}' => ' ',
            '’' => '\'',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    let trimmed = out.trim_matches(|c: char| !c.is_alphanumeric());
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `text` heads, when it is, whole, a label that heads what is not the article.
pub(crate) fn label(text: &str) -> Option<Heads> {
    let folded = fold(text);
    if folded.is_empty() {
        return None;
    }
    let (section, _) = FOLDED_LABELS.iter().find(|(_, label)| *label == folded)?;
    Some(if *section == "anything" {
        Heads::Anything
    } else {
        Heads::Links
    })
}

/// Whether `text` opens with a label that leads a line of links («اقرأ أيضًا: …»).
pub(crate) fn opens_with_lead(text: &str) -> bool {
    let folded = fold(text);
    FOLDED_LEADS.iter().any(|(_, lead)| {
        folded.strip_prefix(lead.as_str()).is_some_and(|rest| {
            rest.starts_with([':', '：', '»', '|', '–', '—'])
                || rest
                    .trim_start()
                    .starts_with([':', '：', '»', '|', '–', '—'])
                || rest.starts_with(" - ")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `says` looks only words up to [`LONGEST`] up, lowercased.
    #[test]
    fn the_vocabularies_are_short_lowercase_words() {
        for w in NEGATIVE.iter().chain(POSITIVE).chain(WEAK).chain(POPUP) {
            assert!(w.len() <= LONGEST, "{w}");
            assert_eq!(*w, w.to_ascii_lowercase());
        }
    }
}
