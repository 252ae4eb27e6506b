//! Kobo's KEPUB flavour of a content document: every sentence in a `koboSpan`, which Kobo's
//! own reading engine uses for its page and progress bookkeeping, and the body's content in
//! the `book-columns` / `book-inner` wrapper divs it lays pages out with.
//!
//! The input is XHTML warraq wrote itself (see `xhtml`): well formed, attribute values
//! escaped, no comments or CDATA in the body, so a small tag scanner is enough.

use std::fmt::Write;

/// Elements that start a new Kobo "paragraph" (the first number of a span's id).
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figcaption",
    "caption",
    "div",
    "section",
    "aside",
    "figure",
    "table",
    "tr",
    "ol",
    "ul",
];

/// Elements whose text is not reading text.
const SKIP: &[&str] = &["script", "style", "svg", "math"];

/// The document with Kobo's spans and wrapper divs; a document without a body is returned
/// unchanged.
pub(crate) fn transform(xhtml: &str) -> String {
    let Some(open) = xhtml.find("<body") else {
        return xhtml.to_string();
    };
    let Some(open_end) = xhtml[open..].find('>').map(|i| open + i + 1) else {
        return xhtml.to_string();
    };
    let Some(close) = xhtml.rfind("</body>") else {
        return xhtml.to_string();
    };
    if close < open_end {
        return xhtml.to_string();
    }
    let mut out = String::with_capacity(xhtml.len() * 3 / 2);
    out.push_str(&xhtml[..open_end]);
    out.push_str("\n<div id=\"book-columns\"><div id=\"book-inner\">");
    Spanner::default().run(&xhtml[open_end..close], &mut out);
    out.push_str("</div></div>\n");
    out.push_str(&xhtml[close..]);
    out
}

#[derive(Default)]
struct Spanner {
    paragraph: u32,
    sentence: u32,
    /// A block started or ended since the last span: the next text opens a new paragraph.
    fresh: bool,
    skipping: u32,
}

impl Spanner {
    fn run(&mut self, body: &str, out: &mut String) {
        self.fresh = true;
        let mut rest = body;
        while !rest.is_empty() {
            match rest.find('<') {
                Some(0) => {
                    let end = rest.find('>').map_or(rest.len(), |i| i + 1);
                    self.tag(&rest[..end], out);
                    rest = &rest[end..];
                }
                Some(i) => {
                    self.text(&rest[..i], out);
                    rest = &rest[i..];
                }
                None => {
                    self.text(rest, out);
                    rest = "";
                }
            }
        }
    }

    fn tag(&mut self, tag: &str, out: &mut String) {
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let self_closing = tag.ends_with("/>");
        if SKIP.contains(&name.as_str()) && !self_closing {
            if closing {
                self.skipping = self.skipping.saturating_sub(1);
            } else {
                self.skipping += 1;
            }
        }
        if BLOCKS.contains(&name.as_str()) {
            self.fresh = true;
        }
        if name == "img" && self.skipping == 0 {
            // An image is a paragraph of its own, as Kobo's own conversion makes it.
            self.paragraph += 1;
            self.sentence = 1;
            let _ = write!(
                out,
                "<span class=\"koboSpan\" id=\"kobo.{}.1\">{tag}</span>",
                self.paragraph
            );
            self.fresh = true;
            return;
        }
        out.push_str(tag);
    }

    fn text(&mut self, text: &str, out: &mut String) {
        if self.skipping > 0 || text.trim().is_empty() {
            out.push_str(text);
            return;
        }
        if self.fresh {
            self.paragraph += 1;
            self.sentence = 0;
            self.fresh = false;
        }
        // Leading white space stays outside the spans, as Kobo's own conversion leaves it.
        let trimmed = text.trim_start();
        out.push_str(&text[..text.len() - trimmed.len()]);
        for sentence in sentences(trimmed) {
            self.sentence += 1;
            let _ = write!(
                out,
                "<span class=\"koboSpan\" id=\"kobo.{}.{}\">{sentence}</span>",
                self.paragraph, self.sentence
            );
        }
    }
}

/// Splits text after sentence-ending punctuation (Latin, Arabic and Urdu full stops, question
/// marks, ellipses), with any closing quotes or brackets and the white space that follow it.
/// Every piece is non-empty and together they are the whole text.
fn sentences(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…' | '。') {
            continue;
        }
        // Take any run of closing punctuation, then require white space.
        while let Some(&(_, next)) = chars.peek() {
            if matches!(
                next,
                '.' | '!' | '?' | '؟' | '"' | '\'' | '»' | '”' | '’' | ')'
            ) {
                chars.next();
            } else {
                break;
            }
        }
        let mut end = None;
        while let Some(&(i, next)) = chars.peek() {
            if next.is_whitespace() {
                chars.next();
                end = Some(i + next.len_utf8());
            } else {
                break;
            }
        }
        if let Some(end) = end {
            if end < text.len() {
                pieces.push(&text[start..end]);
                start = end;
            }
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_their_punctuation() {
        assert_eq!(
            sentences("قال: نعم. ثم سأل؟ «لا». Done!"),
            ["قال: نعم. ", "ثم سأل؟ ", "«لا». ", "Done!"]
        );
        assert_eq!(sentences("3.14 is pi"), ["3.14 is pi"]);
        assert_eq!(sentences("one"), ["one"]);
    }

    #[test]
    fn body_is_wrapped_and_spanned() {
        let doc = "<html><head><title>t</title></head>\n<body epub:type=\"bodymatter\">\n<h1 id=\"headline\">عنوان</h1>\n<p>جملة أولى. جملة <em>ثانية</em>.</p>\n<p><img src=\"a.jpg\" alt=\"x\"/></p>\n</body>\n</html>\n";
        let out = transform(doc);
        assert!(
            out.contains(
                "<body epub:type=\"bodymatter\">\n<div id=\"book-columns\"><div id=\"book-inner\">"
            ),
            "{out}"
        );
        assert!(out.contains("</div></div>\n</body>"), "{out}");
        assert!(
            out.contains(
                "<h1 id=\"headline\"><span class=\"koboSpan\" id=\"kobo.1.1\">عنوان</span></h1>"
            ),
            "{out}"
        );
        assert!(out.contains("<p><span class=\"koboSpan\" id=\"kobo.2.1\">جملة أولى. </span><span class=\"koboSpan\" id=\"kobo.2.2\">جملة </span><em><span class=\"koboSpan\" id=\"kobo.2.3\">ثانية</span></em><span class=\"koboSpan\" id=\"kobo.2.4\">.</span></p>"), "{out}");
        assert!(
            out.contains(
                "<span class=\"koboSpan\" id=\"kobo.3.1\"><img src=\"a.jpg\" alt=\"x\"/></span>"
            ),
            "{out}"
        );
        assert!(out.contains("<title>t</title>"));
    }
}
