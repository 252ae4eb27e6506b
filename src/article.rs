//! Clean text to an [`Article`]: a headline and its paragraphs. No markup here.

use unicode_normalization::UnicodeNormalization;

/// One article: its headline and paragraphs, each normalised to NFC with its whitespace folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The first non-empty line.
    pub headline: String,
    /// Every following non-empty line, in order.
    pub paragraphs: Vec<String>,
}

impl Article {
    /// Splits clean text (LF line ends) into headline and paragraphs; `None` when it has no text.
    /// A line with nothing visible (white space and invisible formatting characters only) is
    /// an empty line.
    pub fn parse(text: &str) -> Option<Article> {
        let mut lines = text
            .lines()
            .filter(|l| !l.chars().all(|c| is_breaking_space(c) || is_invisible(c)))
            .map(normalise_line);
        let headline = lines.next()?;
        Some(Article {
            headline,
            paragraphs: lines.collect(),
        })
    }

    /// Headline and paragraphs joined by newlines: what language detection reads.
    pub fn plain_text(&self) -> String {
        let mut text = self.headline.clone();
        for p in &self.paragraphs {
            text.push('\n');
            text.push_str(p);
        }
        text
    }
}

/// Folds each run of white space into one space and trims the ends, then NFC-normalises.
/// No-break spaces are typed on purpose (they bind a number to its unit) and are kept.
fn normalise_line(line: &str) -> String {
    let folded: Vec<&str> = line
        .split(is_breaking_space)
        .filter(|w| !w.is_empty())
        .collect();
    folded.join(" ").nfc().collect()
}

/// Formatting characters that show nothing by themselves: zero-width spaces and joiners,
/// directional marks, embeddings and isolates, the word joiner and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// White space that separates words; the no-break spaces bind and are not among it.
pub fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_then_paragraphs() {
        let a = Article::parse("\n\n  Title  here \n\nfirst\tpara\n  \nsecond\n").unwrap();
        assert_eq!(a.headline, "Title here");
        assert_eq!(a.paragraphs, vec!["first para", "second"]);
    }

    #[test]
    fn empty_text_is_none() {
        assert_eq!(Article::parse(" \n\t\n"), None);
        assert_eq!(
            Article::parse("\u{202E}\u{202C}\n \u{200F} \u{FEFF}\n"),
            None
        );
        let a = Article::parse("\u{200F}\nx\n\u{2067}\u{2069}\n\u{200F}y").unwrap();
        assert_eq!((a.headline.as_str(), a.paragraphs.len()), ("x", 1));
    }

    #[test]
    fn nfc_and_no_break_spaces() {
        let a = Article::parse("e\u{301}t\u{E9}\n5\u{A0}km  x").unwrap();
        assert_eq!(a.headline, "\u{E9}t\u{E9}");
        assert_eq!(a.paragraphs, vec!["5\u{A0}km x"]);
    }

    #[test]
    fn arabic_marks_survive() {
        let a = Article::parse("عسكريًّا").unwrap();
        assert_eq!(a.headline, "عسكريًّا".nfc().collect::<String>());
    }
}
