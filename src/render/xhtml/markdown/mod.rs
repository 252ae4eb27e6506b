//! Markdown to XHTML: a writer over pulldown-cmark's events that emits well-formed XHTML,
//! EPUB 3 footnotes, packaged images, and raw HTML as visible text.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::escape;
use crate::prepare::article::{markdown_options, normalise_line};
use crate::prepare::text::line_column;

/// A heading below the headline, for the navigation document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2 to 6.
    pub level: u8,
    /// Its `id` in the document.
    pub id: String,
    /// Its plain text.
    pub text: String,
}

/// Where an image the article refers to was packaged.
#[derive(Debug, Clone)]
pub struct PackagedImage {
    /// Its path inside `OEBPS/`.
    pub href: String,
    /// Its stored width.
    pub width: u32,
    /// Its stored height.
    pub height: u32,
}

/// A rendered Markdown body.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The XHTML, to be placed inside the article's `section`.
    pub body: String,
    /// Headings below the headline, in order.
    pub headings: Vec<Heading>,
}

/// Renders `source`. The heading at `headline_at` becomes the `h1`; every other heading is
/// at least an `h2`, so each article has one `h1`. Raw HTML is escaped and shown, with a
/// warning naming `path:line` (`first_line` is the file line the source starts on). The
/// footnotes follow the text under a rule and a heading reading `notes_label`: readers without
/// pop-up notes (MuPDF, Calibre's viewer and PDF) show them there, and without these they run
/// on from the last paragraph.
#[allow(clippy::too_many_arguments)]
pub fn render(
    source: &str,
    headline_at: Option<&Range<usize>>,
    byline: Option<&str>,
    notes_label: &str,
    images: &dyn Fn(&str) -> Option<PackagedImage>,
    path: &Path,
    first_line: usize,
    warnings: &mut Vec<String>,
) -> Rendered {
    let mut w = Writer {
        byline: byline.map(|b| format!("<p class=\"byline\">{}</p>\n", escape(b))),
        ..Writer::default()
    };
    for (event, range) in Parser::new_ext(source, markdown_options()).into_offset_iter() {
        let line = || line_column(source, range.start).0 + first_line - 1;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let is_headline = headline_at.is_some_and(|h| h.start == range.start);
                w.start_heading(level, is_headline);
            }
            Event::End(TagEnd::Heading(_)) => w.end_heading(),
            Event::Start(tag) => w.start(tag, images),
            Event::End(tag) => w.end(tag),
            Event::Text(text) => w.text(&text),
            Event::Code(code) => {
                let code = escape(&code).into_owned();
                w.raw(&format!("<code>{code}</code>"));
                w.heading_text(&code);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                warnings.push(format!(
                    "{}:{}: raw HTML is shown as text, not interpreted: {}",
                    path.display(),
                    line(),
                    html.trim()
                ));
                w.text(&html);
            }
            Event::FootnoteReference(label) => w.footnote_reference(&label),
            Event::SoftBreak => w.raw("\n"),
            Event::HardBreak => w.raw("<br/>\n"),
            Event::Rule => w.raw("<hr/>\n"),
            Event::TaskListMarker(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }
    w.finish(notes_label)
}

#[derive(Default)]
struct Writer {
    out: String,
    notes: String,
    in_note: bool,
    note_numbers: HashMap<String, usize>,
    referenced: HashMap<usize, bool>,
    headings: Vec<Heading>,
    heading: Option<(u8, String)>,
    image: Option<(String, String)>,
    link_open: Vec<bool>,
    table_alignments: Vec<Alignment>,
    cell: usize,
    in_table_head: bool,
    byline: Option<String>,
}

impl Writer {
    fn buf(&mut self) -> &mut String {
        if self.in_note {
            &mut self.notes
        } else {
            &mut self.out
        }
    }

    fn raw(&mut self, s: &str) {
        if self.image.is_some() {
            return; // markup inside alt text is dropped; its text is kept by `text`
        }
        self.buf().push_str(s);
    }

    fn text(&mut self, s: &str) {
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(s);
            return;
        }
        let escaped = escape(s).into_owned();
        self.buf().push_str(&escaped);
        self.heading_text(s);
    }

    fn heading_text(&mut self, s: &str) {
        if let Some((_, text)) = &mut self.heading {
            text.push_str(s);
        }
    }

    fn note_number(&mut self, label: &str) -> usize {
        let next = self.note_numbers.len() + 1;
        *self.note_numbers.entry(label.to_string()).or_insert(next)
    }

    fn footnote_reference(&mut self, label: &str) {
        let n = self.note_number(label);
        let first = !self.referenced.contains_key(&n);
        self.referenced.insert(n, true);
        let id = if first {
            format!(" id=\"noteref-{n}\"")
        } else {
            String::new()
        };
        self.raw(&format!(
            "<sup><a epub:type=\"noteref\" role=\"doc-noteref\"{id} href=\"#note-{n}\">{n}</a></sup>"
        ));
    }

    fn start_heading(&mut self, level: HeadingLevel, is_headline: bool) {
        if is_headline {
            self.raw("<h1 id=\"headline\">");
            self.heading = None;
            return;
        }
        let level = (level as u8).max(2);
        self.raw(&format!("<h{level} id=\"s{}\">", self.headings.len() + 1));
        self.heading = Some((level, String::new()));
    }

    fn end_heading(&mut self) {
        match self.heading.take() {
            Some((level, text)) => {
                let id = format!("s{}", self.headings.len() + 1);
                self.headings.push(Heading {
                    level,
                    id,
                    text: normalise_line(&text),
                });
                self.raw(&format!("</h{level}>\n"));
            }
            None => {
                self.raw("</h1>\n");
                if let Some(byline) = self.byline.take() {
                    self.raw(&byline);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag, images: &dyn Fn(&str) -> Option<PackagedImage>) {
        let open = match tag {
            Tag::Paragraph => "<p>".to_string(),
            Tag::BlockQuote(_) => "<blockquote>\n".to_string(),
            Tag::CodeBlock(_) => "<pre dir=\"ltr\"><code>".to_string(),
            Tag::HtmlBlock => "<p class=\"raw-html\">".to_string(),
            Tag::List(Some(1)) => "<ol>\n".to_string(),
            Tag::List(Some(start)) => format!("<ol start=\"{start}\">\n"),
            Tag::List(None) => "<ul>\n".to_string(),
            Tag::Item => "<li>".to_string(),
            Tag::FootnoteDefinition(label) => {
                let n = self.note_number(&label);
                self.in_note = true;
                format!("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"note-{n}\">\n")
            }
            Tag::Table(alignments) => {
                self.table_alignments = alignments;
                "<table>\n".to_string()
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.cell = 0;
                "<thead>\n<tr>".to_string()
            }
            Tag::TableRow => {
                self.cell = 0;
                "<tr>".to_string()
            }
            Tag::TableCell => {
                let element = if self.in_table_head { "th" } else { "td" };
                let class = match self.table_alignments.get(self.cell) {
                    Some(Alignment::Left) => " class=\"align-start\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-end\"",
                    _ => "",
                };
                self.cell += 1;
                format!("<{element}{class}>")
            }
            Tag::Emphasis => "<em>".to_string(),
            Tag::Strong => "<strong>".to_string(),
            Tag::Strikethrough => "<del>".to_string(),
            Tag::Superscript => "<sup>".to_string(),
            Tag::Subscript => "<sub>".to_string(),
            Tag::Link {
                dest_url, title, ..
            } => {
                // Only links that leave the book are kept: a relative one would point at a
                // file the book does not have, which EPUBCheck rejects.
                let external = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|scheme| dest_url.to_ascii_lowercase().starts_with(scheme));
                self.link_open.push(external);
                if !external {
                    return;
                }
                let mut a = format!("<a href=\"{}\"", escape(&dest_url));
                if !title.is_empty() {
                    let _ = write!(a, " title=\"{}\"", escape(&title));
                }
                a.push('>');
                a
            }
            Tag::Image { dest_url, .. } => {
                let src = images(dest_url.as_ref()).map(|i| {
                    format!(
                        "src=\"{}\" width=\"{}\" height=\"{}\"",
                        escape(&i.href),
                        i.width,
                        i.height
                    )
                });
                self.image = Some((src.unwrap_or_default(), String::new()));
                return;
            }
            Tag::Heading { .. }
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => return,
        };
        self.raw(&open);
    }

    fn end(&mut self, tag: TagEnd) {
        let close = match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => "</p>\n",
            TagEnd::BlockQuote(_) => "</blockquote>\n",
            TagEnd::CodeBlock => "</code></pre>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::FootnoteDefinition => {
                self.raw("</aside>\n");
                self.in_note = false;
                return;
            }
            TagEnd::Table => "</tbody>\n</table>\n",
            TagEnd::TableHead => {
                self.in_table_head = false;
                "</tr>\n</thead>\n<tbody>\n"
            }
            TagEnd::TableRow => "</tr>\n",
            TagEnd::TableCell => {
                if self.in_table_head {
                    "</th>"
                } else {
                    "</td>"
                }
            }
            TagEnd::Emphasis => "</em>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</del>",
            TagEnd::Superscript => "</sup>",
            TagEnd::Subscript => "</sub>",
            TagEnd::Link => {
                if self.link_open.pop() == Some(true) {
                    "</a>"
                } else {
                    ""
                }
            }
            TagEnd::Image => {
                if let Some((src, alt)) = self.image.take() {
                    let img = format!("<img {src} alt=\"{}\"/>", escape(&normalise_line(&alt)));
                    self.raw(&img);
                }
                return;
            }
            TagEnd::Heading(_)
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => "",
        };
        self.raw(close);
    }

    fn finish(mut self, notes_label: &str) -> Rendered {
        if !self.notes.is_empty() {
            let _ = write!(
                self.out,
                "<section class=\"notes\" epub:type=\"footnotes\" aria-labelledby=\"notes-title\">\n\
<h2 id=\"notes-title\">{}</h2>\n{}</section>\n",
                escape(notes_label),
                self.notes
            );
        }
        Rendered {
            body: self.out,
            headings: self.headings,
        }
    }
}

#[cfg(test)]
mod tests;
