//! The one writer of an article's markup: the document model to XHTML. Every format's
//! reader produces the model; this is where it becomes well-formed XHTML with EPUB 3
//! footnotes, packaged images and the language and direction of every element that states
//! its own.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::escape;
use super::markup::Markup;
use warraq_core::document::normalise_line;
use warraq_core::document::{inline_text, Attrs, Block, Document, Inline, Note};
use warraq_core::lang::{Direction, LanguageTag};

/// A heading below the headline, for the navigation document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2 to 6.
    pub(crate) level: u8,
    /// Its `id` in the document.
    pub(crate) id: String,
    /// Its plain text.
    pub(crate) text: String,
}

/// Where an image the article refers to was packaged.
#[derive(Debug, Clone)]
pub struct PackagedImage {
    /// Its path inside `OEBPS/`.
    pub(crate) href: String,
    /// Its stored width.
    pub(crate) width: u32,
    /// Its stored height.
    pub(crate) height: u32,
}

/// What the writer needs to know besides the document.
pub(crate) struct Context<'a> {
    /// The article's language and direction: elements that state the same say nothing.
    pub lang: &'a LanguageTag,
    /// The article's direction.
    pub dir: Direction,
    /// The headline, written first unless the document holds it ([`Document::headline_at`]).
    pub(crate) headline: &'a str,
    /// The byline under the headline.
    pub(crate) byline: Option<&'a str>,
    /// The heading of the notes section, in the article's language.
    pub(crate) notes_label: &'a str,
    /// Where each image `src` was packaged; an image that was not is written as its text.
    pub(crate) images: &'a dyn Fn(&str) -> Option<PackagedImage>,
    /// Whether an image that is not packaged was left out on purpose (a page on disk is built
    /// without the network): it leaves no text. Any other leaves its alternative text.
    pub(crate) unfetched: &'a dyn Fn(&str) -> bool,
}

/// Writes `document`. The headline is the only `h1`; every other heading is at least an `h2`.
/// The notes follow the text under a rule and a heading: readers without pop-up notes (MuPDF,
/// Calibre's viewer and PDF) show them there, and without these they run on from the last
/// paragraph. Notes are numbered in the order they are first referred to. The markup goes to
/// `out`, inside the article's `section`; the headings below the headline come back, in order.
pub(crate) fn write(document: &Document, cx: &Context, out: &mut Markup) -> Vec<Heading> {
    let mut w = Writer {
        cx,
        out,
        headings: Vec::new(),
        sections: 0,
        numbers: HashMap::new(),
        referenced: HashSet::new(),
        scope: vec![(Some(cx.lang), cx.dir)],
        in_link: false,
        after_link: Vec::new(),
    };
    // A label defined twice keeps its first note (Markdown allows the second definition; two
    // notes cannot share an id).
    let mut seen = HashSet::new();
    let notes: Vec<&Note> = document
        .notes
        .iter()
        .filter(|n| seen.insert(n.label.as_str()))
        .collect();
    let mut order: Vec<&str> = Vec::new();
    document.each_block(&mut |block| {
        for inline in block.parts().0 {
            note_refs(inline, &mut order);
        }
    });
    for label in order {
        if seen.contains(label) && !w.numbers.contains_key(label) {
            let next = w.numbers.len() + 1;
            w.numbers.insert(label.to_string(), next);
        }
    }
    // Notes nothing refers to come last.
    for note in &notes {
        let next = w.numbers.len() + 1;
        w.numbers.entry(note.label.clone()).or_insert(next);
    }
    if document.headline_at.is_none() {
        w.headline(None);
    }
    for (index, block) in document.blocks.iter().enumerate() {
        match block {
            Block::Heading { content, attrs, .. } if document.headline_at == Some(index) => {
                w.headline(Some((attrs, content)));
            }
            _ => w.block(block),
        }
    }
    if !notes.is_empty() {
        let mut notes = notes;
        notes.sort_by_key(|n| w.numbers.get(&n.label).copied().unwrap_or(usize::MAX));
        w.out.open_block(
            "section",
            " class=\"notes\" epub:type=\"footnotes\" aria-labelledby=\"notes-title\"",
        );
        w.out.newline();
        w.out.open_block("h2", " id=\"notes-title\"");
        w.out.text(cx.notes_label);
        w.out.close_block("h2");
        w.out.newline();
        for note in notes {
            let n = w.numbers.get(&note.label).copied().unwrap_or(0);
            let attrs = format!(" epub:type=\"footnote\" role=\"doc-footnote\" id=\"note-{n}\"");
            w.out.open_block("aside", &attrs);
            w.out.newline();
            w.blocks(&note.blocks);
            w.out.close_block("aside");
            w.out.newline();
        }
        w.out.close_block("section");
        w.out.newline();
    }
    w.headings
}

/// The labels of the notes `inline` refers to, in reading order.
fn note_refs<'d>(inline: &'d Inline, order: &mut Vec<&'d str>) {
    match inline {
        Inline::NoteRef(label) => order.push(label),
        other => {
            for child in other.children() {
                note_refs(child, order);
            }
        }
    }
}

pub(super) struct Writer<'a, 'd> {
    cx: &'a Context<'a>,
    out: &'a mut Markup,
    headings: Vec<Heading>,
    /// Headings written below the headline, each `id` `s<n>`.
    sections: usize,
    numbers: HashMap<String, usize>,
    /// The notes referred to already (the first reference carries the back-link's id).
    referenced: HashSet<usize>,
    /// Whether a link is open: a link or note reference inside it cannot be one.
    in_link: bool,
    /// Note references met inside a link, written after it closes.
    after_link: Vec<&'d str>,
    /// The language and direction in force, innermost last.
    scope: Vec<(Option<&'d LanguageTag>, Direction)>,
}

impl<'a, 'd> Writer<'a, 'd> {
    /// The attributes `attrs` adds to the scope, and enters that scope.
    pub(super) fn enter(&mut self, attrs: &'d Attrs) -> String {
        let (lang, dir) = self.scope.last().copied().unwrap_or((None, Direction::Ltr));
        let mut written = String::new();
        let new_lang = attrs.lang.as_ref().filter(|l| Some(*l) != lang);
        if let Some(tag) = new_lang {
            let tag = escape(tag.as_str());
            let _ = write!(written, " lang=\"{tag}\" xml:lang=\"{tag}\"");
        }
        let new_dir = attrs.dir.filter(|d| *d != dir);
        if let Some(d) = new_dir {
            let _ = write!(written, " dir=\"{d}\"");
        }
        self.scope.push((new_lang.or(lang), new_dir.unwrap_or(dir)));
        written
    }

    /// Whether `attrs` say only what the scope already says.
    fn states_nothing(&self, attrs: &Attrs) -> bool {
        let (lang, dir) = self.scope.last().copied().unwrap_or((None, Direction::Ltr));
        attrs.lang.as_ref().is_none_or(|l| Some(l) == lang) && attrs.dir.is_none_or(|d| d == dir)
    }

    pub(super) fn leave(&mut self) {
        self.scope.pop();
    }

    fn headline(&mut self, held: Option<(&'d Attrs, &'d [Inline])>) {
        match held {
            Some((attrs, content)) => {
                let a = self.enter(attrs);
                self.out.open_block("h1", &format!(" id=\"headline\"{a}"));
                self.inlines(content);
                self.leave();
            }
            None => {
                self.out.open_block("h1", " id=\"headline\"");
                self.out.text(self.cx.headline);
            }
        }
        self.out.close_block("h1");
        self.out.newline();
        if let Some(byline) = self.cx.byline {
            self.out.open_block("p", " class=\"byline\"");
            self.out.text(byline);
            self.out.close_block("p");
            self.out.newline();
        }
    }

    fn blocks(&mut self, blocks: &'d [Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &'d Block) {
        match block {
            Block::Heading {
                level,
                attrs,
                content,
            } => {
                let level = (*level).clamp(2, 6);
                self.sections += 1;
                let id = format!("s{}", self.sections);
                let a = self.enter(attrs);
                let name = format!("h{level}");
                self.out.open_block(&name, &format!(" id=\"{id}\"{a}"));
                self.inlines(content);
                self.out.close_block(&name);
                self.out.newline();
                self.leave();
                let mut text = String::new();
                inline_text(content, &mut text);
                let text = normalise_line(&text);
                // A heading with no text (an image without alternative text) has nothing to
                // show in the table of contents, whose links must have text.
                if !text.is_empty() {
                    self.headings.push(Heading { level, id, text });
                }
            }
            Block::Paragraph { attrs, content } => {
                if self.shows(content) {
                    self.element("p", attrs, |w| w.inlines(content));
                    self.out.newline();
                }
            }
            Block::List {
                ordered,
                start,
                attrs,
                items,
            } => {
                let (name, start) = match (ordered, start) {
                    (true, 1) => ("ol", String::new()),
                    (true, n) => ("ol", format!(" start=\"{n}\"")),
                    (false, _) => ("ul", String::new()),
                };
                let a = self.enter(attrs);
                self.out.open_block(name, &format!("{start}{a}"));
                self.out.newline();
                for item in items {
                    self.element("li", &item.attrs, |w| w.flow(&item.blocks));
                    self.out.newline();
                }
                self.out.close_block(name);
                self.out.newline();
                self.leave();
            }
            Block::Quote { attrs, blocks } => {
                self.container("blockquote", attrs, blocks);
            }
            Block::Group { attrs, blocks } => {
                self.container("div", attrs, blocks);
            }
            Block::Table(table) => self.table(table),
            Block::Figure {
                attrs,
                image,
                caption,
            } => {
                // A figure whose image was left out, with no text and no caption, would be
                // an empty box in the book; one whose image was never fetched goes with its
                // caption, which tells of a picture the book does not have ("Credit: AP").
                let shown = (self.cx.images)(&image.src).is_some();
                let unfetched = !shown && (self.cx.unfetched)(&image.src);
                let silent = !shown && (image.alt.trim().is_empty() || unfetched);
                if silent && (caption.is_empty() || unfetched) {
                    return;
                }
                let a = self.enter(attrs);
                self.out.open_block("figure", &a);
                self.out.newline();
                // In place of an image left out, its text; but a caption says what the
                // picture showed, and the two together would say it twice.
                if shown || caption.is_empty() {
                    self.image(image);
                    self.out.newline();
                }
                if !caption.is_empty() {
                    self.out.open_block("figcaption", "");
                    self.inlines(caption);
                    self.out.close_block("figcaption");
                    self.out.newline();
                }
                self.out.close_block("figure");
                self.out.newline();
                self.leave();
            }
            Block::Code { text } => {
                self.out.open_block("pre", " dir=\"ltr\"");
                self.out.open("code", "");
                self.out.text(text);
                self.out.close("code");
                self.out.close_block("pre");
                self.out.newline();
            }
            Block::Literal { text } => {
                self.out.open_block("p", " class=\"raw-html\"");
                self.out.text(text);
                self.out.close_block("p");
                self.out.newline();
            }
            Block::Rule => {
                self.out.empty("hr", "");
                self.out.newline();
            }
        }
    }

    /// Blocks inside a list item or a table cell: a single paragraph that states no language
    /// or direction of its own is written without its `p`, as a tight Markdown list is.
    pub(super) fn flow(&mut self, blocks: &'d [Block]) {
        match blocks {
            [Block::Paragraph { attrs, content }] if self.states_nothing(attrs) => {
                self.inlines(content)
            }
            _ => {
                if !blocks.is_empty() {
                    self.out.newline();
                }
                self.blocks(blocks);
            }
        }
    }

    /// A block element with its own language and direction, and what `inner` writes in it.
    fn element(&mut self, name: &str, attrs: &'d Attrs, inner: impl FnOnce(&mut Self)) {
        let a = self.enter(attrs);
        self.out.open_block(name, &a);
        inner(self);
        self.out.close_block(name);
        self.leave();
    }

    /// A block element of blocks, each on its own lines.
    fn container(&mut self, name: &str, attrs: &'d Attrs, blocks: &'d [Block]) {
        let a = self.enter(attrs);
        self.out.open_block(name, &a);
        self.out.newline();
        self.blocks(blocks);
        self.out.close_block(name);
        self.out.newline();
        self.leave();
    }
}

mod inline;
mod table;
#[cfg(test)]
mod tests;
