//! The pages before the articles of any book: the cover page, the title page and the
//! table-of-contents page.

use std::fmt::Write;

use super::markup::Markup;
use super::{article_href, document, escape, own_language, root_attributes};
use crate::prepare::metadata::Metadata;
use warraq_cover::picture::Picture;
use warraq_readers::article::Article;

/// The title page: title, authors, publisher and date, in the book's language. The lines
/// under the title are `div`s, not `p`s: readers built on epub.js (Foliate and others) justify
/// every `p` with a style sheet of their own, which would pull them off the centre.
pub(super) fn title_document(meta: &Metadata, kobo: bool) -> String {
    let mut body = Markup::new(kobo, 512);
    body.open_block("section", " class=\"title-page\" epub:type=\"titlepage\"");
    body.newline();
    line(&mut body, "h1", "", &meta.title);
    if !meta.authors.is_empty() {
        let authors = meta.authors.join(meta.language.list_separator());
        line(&mut body, "div", " class=\"authors\"", &authors);
    }
    for (class, text) in [("publisher", &meta.publisher), ("date", &meta.date)] {
        if let Some(text) = text {
            line(&mut body, "div", &format!(" class=\"{class}\""), text);
        }
    }
    body.close_block("section");
    body.newline();
    document(
        &meta.language,
        meta.direction,
        &meta.title,
        "frontmatter",
        body,
    )
}

/// A block element of one line of text, and the line's end.
pub(super) fn line(body: &mut Markup, name: &str, attrs: &str, text: &str) {
    body.open_block(name, attrs);
    body.text(text);
    body.close_block(name);
    body.newline();
}

/// A list item that links to an article, in the article's own language when it has one.
pub(super) fn article_item(body: &mut Markup, attrs: &str, href: &str, headline: &str) {
    body.open_block("li", attrs);
    body.open("a", &format!(" href=\"{}\"", escape(href)));
    body.text(headline);
    body.close("a");
    body.close_block("li");
    body.newline();
}

/// The table-of-contents page: one link per article, each in its own language.
pub(super) fn contents_document(meta: &Metadata, articles: &[Article], kobo: bool) -> String {
    let label = meta.language.contents_label();
    let mut body = Markup::new(kobo, 256 + 128 * articles.len());
    body.open_block(
        "section",
        " class=\"contents\" epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\"",
    );
    body.newline();
    line(&mut body, "h1", " id=\"contents-title\"", label);
    body.open_block("ol", "");
    body.newline();
    for (index, article) in articles.iter().enumerate() {
        let attrs = own_language(meta, article)
            .map_or(String::new(), |(lang, dir)| root_attributes(lang, dir));
        article_item(&mut body, &attrs, &article_href(index), &article.headline);
    }
    body.close_block("ol");
    body.newline();
    body.close_block("section");
    body.newline();
    document(&meta.language, meta.direction, label, "frontmatter", body)
}

/// The cover page: the image alone, with alternative text from the title and authors. The
/// image stays inline, in a centred block, scaled down to the page: MuPDF (1.21 to 1.28) lays
/// a `display: block` image that has `width` and `height` attributes off the page.
pub(super) fn cover_document(meta: &Metadata, cover: &Picture, href: &str, kobo: bool) -> String {
    let mut body = Markup::new(kobo, 512);
    body.open_block("section", " class=\"cover\" epub:type=\"cover\"");
    body.newline();
    body.image(&format!(
        " role=\"doc-cover\" src=\"{href}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\"",
        href = escape(href),
        alt = escape(&cover_alt(meta)),
        w = cover.width,
        h = cover.height,
    ));
    body.newline();
    body.close_block("section");
    body.newline();
    document(
        &meta.language,
        meta.direction,
        &format!("{} — {}", meta.language.cover_label(), meta.title),
        "frontmatter",
        body,
    )
}

fn cover_alt(meta: &Metadata) -> String {
    if let Some(alt) = meta.cover_alt.as_ref().filter(|a| !a.trim().is_empty()) {
        return alt.clone();
    }
    let mut alt = format!("{}: {}", meta.language.cover_label(), meta.title);
    if !meta.authors.is_empty() {
        let _ = write!(
            alt,
            " — {}",
            meta.authors.join(meta.language.list_separator())
        );
    }
    alt
}
