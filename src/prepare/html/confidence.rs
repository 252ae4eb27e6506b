//! Whether the text taken from a page is its article: a page's article is found by
//! heuristics, and when they fail the book is of the wrong text (a cookie notice, a list of
//! other stories). What the page says about itself is the check: the article's text in its
//! JSON-LD (`articleBody`), its description, and how much of what was taken is links.

use std::collections::HashSet;

use crate::document::{Document, Inline};

/// Words fewer than which no article is taken without doubt.
const FEW_WORDS: usize = 40;

/// The words of a text, lowercase: its runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The share of `wanted`'s runs of three words that `text` holds too.
fn held(wanted: &[String], text: &HashSet<&[String]>) -> f64 {
    let runs: Vec<&[String]> = wanted.windows(3).collect();
    if runs.is_empty() {
        return 1.0;
    }
    runs.iter().filter(|r| text.contains(*r)).count() as f64 / runs.len() as f64
}

/// The letters and digits of a document's text, and how many of them are in links.
pub fn letters_and_links(document: &Document) -> (usize, usize) {
    fn count(inline: &Inline, in_link: bool, out: &mut (usize, usize)) {
        match inline {
            Inline::Text(t) | Inline::Code(t) => {
                let n = t.chars().filter(|c| c.is_alphanumeric()).count();
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
pub struct Page<'a> {
    /// JSON-LD `articleBody`.
    pub article_body: Option<&'a str>,
    /// The page's description (`og:description`, JSON-LD, `<meta name=description>`).
    pub description: Option<&'a str>,
}

/// Why the text taken (`text`, of which `links` letters are link text out of `letters`) may
/// not be the page's article; `None` when nothing says so.
pub fn doubt(text: &str, letters: usize, links: usize, page: &Page) -> Option<String> {
    let taken = words(text);
    let runs: HashSet<&[String]> = taken.windows(3).collect();
    let mut why = Vec::new();
    if let Some(body) = page.article_body.map(words).filter(|b| b.len() >= 50) {
        let share = held(&body, &runs);
        if share < 0.5 {
            why.push(format!(
                "it holds {:.0} % of the article the page's JSON-LD gives",
                share * 100.0
            ));
        }
    }
    if taken.len() < 150 {
        if let Some(description) = page.description.map(words).filter(|d| d.len() >= 8) {
            if held(&description, &runs) < 0.3 && taken.len() < FEW_WORDS * 3 {
                why.push("it is short and does not hold the page's description".into());
            }
        }
    }
    if taken.len() < FEW_WORDS && why.is_empty() {
        why.push(format!("it is {} words long", taken.len()));
    }
    if letters > 0 && links * 2 > letters {
        why.push(format!(
            "{:.0} % of its text is links",
            links as f64 * 100.0 / letters as f64
        ));
    }
    (!why.is_empty()).then(|| why.join("; "))
}
