//! A document's body as the writers make it: start tags, end tags and text told apart as they
//! are written, never found again by reading the markup back. For Kobo's KEPUB the text is put
//! in Kobo's sentence spans here, as it comes: every sentence in a `koboSpan`, which Kobo's own
//! reading engine uses for its page and progress bookkeeping. A span's id is `kobo.P.S`: the
//! paragraph (counted from the text after each block element's start or end tag) and the
//! sentence in it; an image is a paragraph of its own.

use std::fmt::Write;

use warraq_epub::xml::escape;

/// A body being written: as it comes (EPUB), or with Kobo's spans (KEPUB).
#[derive(Debug)]
pub(crate) struct Markup {
    out: String,
    kobo: Option<Spans>,
}

/// Where the Kobo spans are: the paragraph and sentence last numbered, whether a block element
/// started or ended since (the next text opens a new paragraph), and the text written since the
/// last tag, which is split into sentences when the next tag comes.
#[derive(Debug, Default)]
struct Spans {
    paragraph: u32,
    sentence: u32,
    fresh: bool,
    pending: String,
}

impl Markup {
    /// An empty body, with room for `capacity` bytes; `kobo` puts its text in Kobo's spans.
    pub(crate) fn new(kobo: bool, capacity: usize) -> Markup {
        Markup {
            out: String::with_capacity(capacity),
            kobo: kobo.then(|| Spans {
                fresh: true,
                ..Spans::default()
            }),
        }
    }

    /// A block element's start tag, `<name` and `attrs` (each with its leading space, escaped
    /// already): the text after it starts a new paragraph.
    pub(crate) fn open_block(&mut self, name: &str, attrs: &str) {
        self.tag(true, |out| {
            let _ = write!(out, "<{name}{attrs}>");
        });
    }

    /// A block element's end tag.
    pub(crate) fn close_block(&mut self, name: &str) {
        self.tag(true, |out| {
            let _ = write!(out, "</{name}>");
        });
    }

    /// A phrasing element's start tag, `<name` and `attrs`.
    pub(crate) fn open(&mut self, name: &str, attrs: &str) {
        self.tag(false, |out| {
            let _ = write!(out, "<{name}{attrs}>");
        });
    }

    /// A phrasing element's end tag.
    pub(crate) fn close(&mut self, name: &str) {
        self.tag(false, |out| {
            let _ = write!(out, "</{name}>");
        });
    }

    /// An empty element (`<br/>`, `<hr/>`), `<name` and `attrs`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &str) {
        self.tag(false, |out| {
            let _ = write!(out, "<{name}{attrs}/>");
        });
    }

    /// An image, `<img` and `attrs`: in a KEPUB, a paragraph of its own in one span, as Kobo's
    /// own conversion makes it.
    pub(crate) fn image(&mut self, attrs: &str) {
        self.flush();
        match &mut self.kobo {
            Some(spans) => {
                spans.paragraph += 1;
                spans.sentence = 1;
                spans.fresh = true;
                let _ = write!(
                    self.out,
                    "<span class=\"koboSpan\" id=\"kobo.{}.1\"><img{attrs}/></span>",
                    spans.paragraph
                );
            }
            None => {
                let _ = write!(self.out, "<img{attrs}/>");
            }
        }
    }

    /// Text, escaped here.
    pub(crate) fn text(&mut self, text: &str) {
        self.escaped(&escape(text));
    }

    /// Text escaped already (a number, a label written by us).
    pub(crate) fn escaped(&mut self, text: &str) {
        match &mut self.kobo {
            Some(spans) => spans.pending.push_str(text),
            None => self.out.push_str(text),
        }
    }

    /// The line end written after an element, for whoever reads the XHTML.
    pub(crate) fn newline(&mut self) {
        self.escaped("\n");
    }

    /// Whether its text is in Kobo's spans (a KEPUB's document).
    pub(crate) fn kobo(&self) -> bool {
        self.kobo.is_some()
    }

    /// The body written.
    pub(crate) fn finish(mut self) -> String {
        self.flush();
        self.out
    }

    fn tag(&mut self, block: bool, write: impl FnOnce(&mut String)) {
        self.flush();
        if let Some(spans) = &mut self.kobo {
            spans.fresh |= block;
        }
        write(&mut self.out);
    }

    /// The text written since the last tag, in sentence spans.
    fn flush(&mut self) {
        let Some(spans) = &mut self.kobo else {
            return;
        };
        if spans.pending.is_empty() {
            return;
        }
        // The buffer is given back, emptied, to hold the next run.
        let mut text = std::mem::take(&mut spans.pending);
        spans.write(&text, &mut self.out);
        text.clear();
        spans.pending = text;
    }
}

impl Spans {
    /// One run of text between two tags: white space alone stays as it is, and so does the
    /// white space before the first sentence.
    fn write(&mut self, text: &str, out: &mut String) {
        if text.trim().is_empty() {
            out.push_str(text);
            return;
        }
        if self.fresh {
            self.paragraph += 1;
            self.sentence = 0;
            self.fresh = false;
        }
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

    /// The body of a headline, a paragraph with emphasis and an image, as each way writes it.
    fn body(kobo: bool) -> String {
        let mut m = Markup::new(kobo, 0);
        m.open_block("h1", " id=\"headline\"");
        m.text("عنوان");
        m.close_block("h1");
        m.newline();
        m.open_block("p", "");
        m.text("جملة أولى. جملة ");
        m.open("em", "");
        m.text("ثانية");
        m.close("em");
        m.text(".");
        m.close_block("p");
        m.newline();
        m.open_block("p", "");
        m.image(" src=\"a.jpg\" alt=\"x &amp; y\"");
        m.close_block("p");
        m.newline();
        m.finish()
    }

    #[test]
    fn an_epub_body_is_written_as_it_comes() {
        assert_eq!(
            body(false),
            "<h1 id=\"headline\">عنوان</h1>\n<p>جملة أولى. جملة <em>ثانية</em>.</p>\n\
             <p><img src=\"a.jpg\" alt=\"x &amp; y\"/></p>\n"
        );
    }

    #[test]
    fn a_kepub_body_has_its_sentences_spanned_by_paragraph() {
        assert_eq!(
            body(true),
            "<h1 id=\"headline\"><span class=\"koboSpan\" id=\"kobo.1.1\">عنوان</span></h1>\n\
             <p><span class=\"koboSpan\" id=\"kobo.2.1\">جملة أولى. </span>\
             <span class=\"koboSpan\" id=\"kobo.2.2\">جملة </span><em>\
             <span class=\"koboSpan\" id=\"kobo.2.3\">ثانية</span></em>\
             <span class=\"koboSpan\" id=\"kobo.2.4\">.</span></p>\n\
             <p><span class=\"koboSpan\" id=\"kobo.3.1\"><img src=\"a.jpg\" alt=\"x &amp; y\"/></span></p>\n"
        );
    }

    #[test]
    fn text_is_escaped_once_and_white_space_stays_outside_the_spans() {
        let mut m = Markup::new(true, 0);
        m.open_block("p", "");
        m.text("  a < b.");
        m.close_block("p");
        assert_eq!(
            m.finish(),
            "<p>  <span class=\"koboSpan\" id=\"kobo.1.1\">a &lt; b.</span></p>"
        );
    }
}
