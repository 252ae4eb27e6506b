//! Whether the text taken from a page is its article: a page's article is found by
//! heuristics, and when they fail the book is of the wrong text (a cookie notice, a list of
//! other stories). What the page says about itself is the check: the article's text in its
//! JSON-LD (`articleBody`), its description, and how much of what was taken is links.

use std::collections::HashSet;

use warraq_core::document::{Document, Inline};
use warraq_core::lang::is_letter;

/// Words fewer than which no article is taken without doubt.
const FEW_WORDS: usize = 40;

/// A hash of each word of a text (its runs of letters and digits, lowercase), in order:
/// texts are compared by runs of words, and hashing them costs no allocation per word.
fn words(text: &str) -> Vec<u64> {
    use std::hash::{BuildHasher, Hasher};
    let state =
        std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
    let mut out = Vec::new();
    let mut hasher: Option<std::collections::hash_map::DefaultHasher> = None;
    for c in text.chars() {
        if is_letter(c) || c.is_numeric() {
            let h = hasher.get_or_insert_with(|| state.build_hasher());
            c.to_lowercase().for_each(|l| h.write_u32(u32::from(l)));
        } else if let Some(h) = hasher.take() {
            out.push(h.finish());
        }
    }
    out.extend(hasher.map(|h| h.finish()));
    out
}

/// A text's runs of three words, hashed.
fn runs(words: &[u64]) -> HashSet<(u64, u64, u64)> {
    words.windows(3).map(|w| (w[0], w[1], w[2])).collect()
}

/// The share of `wanted`'s runs of three words that `text` holds too.
fn held(wanted: &[u64], text: &HashSet<(u64, u64, u64)>) -> f64 {
    let all = wanted.len().saturating_sub(2);
    if all == 0 {
        return 1.0;
    }
    let found = wanted
        .windows(3)
        .filter(|w| text.contains(&(w[0], w[1], w[2])))
        .count();
    found as f64 / all as f64
}

/// The letters and digits of a document's text, and how many of them are in links.
pub(crate) fn letters_and_links(document: &Document) -> (usize, usize) {
    fn count(inline: &Inline, in_link: bool, out: &mut (usize, usize)) {
        match inline {
            Inline::Text(t) | Inline::Code(t) => {
                let n = t
                    .chars()
                    .filter(|&c| is_letter(c) || c.is_numeric())
                    .count();
                out.0 += n;
                if in_link {
                    out.1 += n;
                }
            }
            Inline::Link { content, .. } => content.iter().for_each(|c| count(c, true, out)),
            other => other.children().iter().for_each(|c| count(c, in_link, out)),
        }
    }
    let mut out = (0, 0);
    document.each_block(&mut |block| {
        block
            .parts()
            .0
            .into_iter()
            .for_each(|i| count(i, false, &mut out))
    });
    out
}

/// What the page says about its article, to hold the text taken against.
pub(crate) struct Page<'a> {
    /// JSON-LD `articleBody`.
    pub(crate) article_body: Option<&'a str>,
    /// The page's description (`og:description`, JSON-LD, `<meta name=description>`).
    pub description: Option<&'a str>,
}

/// Why the text taken (`text`, of which `links` letters are link text out of `letters`) may
/// not be the page's article; `None` when nothing says so.
pub(crate) fn doubt(text: &str, letters: usize, links: usize, page: &Page) -> Option<String> {
    let count = text
        .split(|c: char| !(is_letter(c) || c.is_numeric()))
        .filter(|w| !w.is_empty())
        .count();
    let body = page.article_body.map(words).filter(|b| b.len() >= 50);
    let description = page.description.map(words).filter(|d| d.len() >= 8);
    let short = count < FEW_WORDS * 3;
    // The runs of the text taken, only when there is something to hold them against.
    let taken = (body.is_some() || (short && description.is_some())).then(|| runs(&words(text)));
    let mut why = Vec::new();
    if let (Some(body), Some(taken)) = (&body, &taken) {
        let share = held(body, taken);
        if share < 0.5 {
            why.push(format!(
                "it holds {:.0} % of the article the page's JSON-LD gives",
                share * 100.0
            ));
        }
    }
    if let (Some(description), Some(taken), true) = (&description, &taken, short) {
        if held(description, taken) < 0.3 {
            why.push("it is short and does not hold the page's description".into());
        }
    }
    if count < FEW_WORDS && why.is_empty() {
        why.push(format!("it is {count} words long"));
    }
    if letters > 0 && links * 2 > letters {
        why.push(format!(
            "{:.0} % of its text is links",
            links as f64 * 100.0 / letters as f64
        ));
    }
    (!why.is_empty()).then(|| why.join("; "))
}

#[cfg(test)]
mod tests {
    /// The letters counted here (through `lang::is_letter`'s tables) are the standard
    /// library's, in every block.
    #[test]
    fn letters_are_the_standard_librarys() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(
                warraq_core::lang::is_letter(c),
                c.is_alphabetic(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
