//! The writer's phrasing: text, emphasis, links that leave the book, note references,
//! images, and spans in their own language or direction.

use super::Writer;
use warraq_core::document::{normalise_line, url, Image, Inline};
use warraq_epub::xml::escape;

impl<'d> Writer<'_, 'd> {
    pub(super) fn image(&mut self, image: &Image) {
        match (self.cx.images)(&image.src) {
            Some(i) => {
                let attrs = format!(
                    " src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
                    escape(&i.href),
                    i.width,
                    i.height,
                    escape(&normalise_line(&image.alt))
                );
                self.out.image(&attrs);
            }
            // An image that could not be packaged leaves its text; one never fetched, none.
            None if (self.cx.unfetched)(&image.src) => {}
            None => self.out.text(&normalise_line(&image.alt)),
        }
    }

    /// Whether inlines show anything: text, a note reference, or an image that is packaged
    /// or leaves its text. A paragraph or a link of nothing else is not written.
    pub(super) fn shows(&self, inlines: &[Inline]) -> bool {
        inlines.iter().any(|inline| match inline {
            Inline::Text(t) | Inline::Code(t) => t
                .chars()
                .any(|c| !c.is_whitespace() && !warraq_core::document::is_invisible(c)),
            Inline::NoteRef(_) => true,
            Inline::LineBreak => false,
            Inline::Image(image) => {
                (self.cx.images)(&image.src).is_some()
                    || !((self.cx.unfetched)(&image.src) || image.alt.trim().is_empty())
            }
            other => self.shows(other.children()),
        })
    }

    pub(super) fn inlines(&mut self, inlines: &'d [Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    pub(super) fn inline(&mut self, inline: &'d Inline) {
        let wrap = |w: &mut Self, name: &str, content: &'d [Inline]| {
            w.out.open(name, "");
            w.inlines(content);
            w.out.close(name);
        };
        match inline {
            Inline::Text(text) => self.out.text(text),
            Inline::Emphasis(c) => wrap(self, "em", c),
            Inline::Strong(c) => wrap(self, "strong", c),
            Inline::Strike(c) => wrap(self, "del", c),
            Inline::Underline(c) => wrap(self, "u", c),
            // A note reference is raised already.
            Inline::Superscript(c) if c.iter().all(|i| matches!(i, Inline::NoteRef(_))) => {
                self.inlines(c)
            }
            Inline::Superscript(c) => wrap(self, "sup", c),
            Inline::Subscript(c) => wrap(self, "sub", c),
            Inline::Code(code) => {
                self.out.open("code", "");
                self.out.text(code);
                self.out.close("code");
            }
            Inline::Link {
                href,
                title,
                content,
            } => {
                // Only links that leave the book are kept: a relative one would point at a
                // file the book does not have, which EPUBCheck rejects.
                // A link's underline is how a word processor shows it is a link, not emphasis.
                let content = match content.as_slice() {
                    [Inline::Underline(inner)] => inner.as_slice(),
                    all => all,
                };
                // The readers' links were serialised (`prepare::links`); one that was not
                // (a caller's own document) is parsed here all the same.
                let external = match url::link(href) {
                    url::Link::External(written) => Some(written),
                    url::Link::Elsewhere | url::Link::Invalid(_) => None,
                };
                // A link with nothing to show (its image never fetched) is not written.
                if !self.shows(content) {
                    return;
                }
                if let (Some(href), false) = (external, self.in_link) {
                    let mut attrs = format!(" href=\"{}\"", escape(&href));
                    if !title.is_empty() {
                        attrs.push_str(&format!(" title=\"{}\"", escape(title)));
                    }
                    self.out.open("a", &attrs);
                    self.in_link = true;
                    self.inlines(content);
                    self.in_link = false;
                    self.out.close("a");
                    for label in std::mem::take(&mut self.after_link) {
                        self.note_ref(label);
                    }
                } else {
                    self.inlines(content);
                }
            }
            Inline::LineBreak => {
                self.out.empty("br", "");
                self.out.newline();
            }
            Inline::NoteRef(label) if self.in_link => self.after_link.push(label),
            Inline::NoteRef(label) => self.note_ref(label),
            Inline::Image(image) => self.image(image),
            Inline::Span {
                attrs,
                isolate,
                content,
            } => {
                let name = if *isolate { "bdi" } else { "span" };
                let a = self.enter(attrs);
                if a.is_empty() && !isolate {
                    self.inlines(content);
                } else {
                    self.out.open(name, &a);
                    self.inlines(content);
                    self.out.close(name);
                }
                self.leave();
            }
        }
    }

    pub(super) fn note_ref(&mut self, label: &str) {
        let Some(&n) = self.numbers.get(label) else {
            // A reference to a note the article does not have stays as it was written.
            self.out.text(&format!("[{label}]"));
            return;
        };
        let id = if self.referenced.insert(n) {
            format!(" id=\"noteref-{n}\"")
        } else {
            String::new()
        };
        self.out.open("sup", "");
        let attrs = format!(" epub:type=\"noteref\" role=\"doc-noteref\"{id} href=\"#note-{n}\"");
        self.out.open("a", &attrs);
        self.out.escaped(&n.to_string());
        self.out.close("a");
        self.out.close("sup");
    }
}
