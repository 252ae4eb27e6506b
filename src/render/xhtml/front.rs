//! The pages before the articles of any book: the cover page, the title page and the
//! table-of-contents page.

use std::fmt::Write;

use super::{article_href, document, escape, own_language, root_attributes};
use crate::prepare::metadata::Metadata;
use warraq_cover::picture::Picture;
use warraq_readers::article::Article;

/// The title page: title, authors, publisher and date, in the book's language. The lines
/// under the title are `div`s, not `p`s: readers built on epub.js (Foliate and others) justify
/// every `p` with a style sheet of their own, which would pull them off the centre.
pub(super) fn title_document(meta: &Metadata) -> String {
    let mut body = String::from("<section class=\"title-page\" epub:type=\"titlepage\">\n");
    let _ = writeln!(body, "<h1>{}</h1>", escape(&meta.title));
    if !meta.authors.is_empty() {
        let _ = writeln!(
            body,
            "<div class=\"authors\">{}</div>",
            escape(&meta.authors.join(meta.language.list_separator()))
        );
    }
    for (class, line) in [("publisher", &meta.publisher), ("date", &meta.date)] {
        if let Some(line) = line {
            let _ = writeln!(body, "<div class=\"{class}\">{}</div>", escape(line));
        }
    }
    body.push_str("</section>\n");
    document(
        &meta.language,
        meta.direction,
        &meta.title,
        "frontmatter",
        &body,
    )
}

/// The table-of-contents page: one link per article, each in its own language.
pub(super) fn contents_document(meta: &Metadata, articles: &[Article]) -> String {
    let label = meta.language.contents_label();
    let mut body = String::from("<section class=\"contents\" epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\">\n");
    let _ = writeln!(
        body,
        "<h1 id=\"contents-title\">{}</h1>\n<ol>",
        escape(label)
    );
    for (index, article) in articles.iter().enumerate() {
        let attrs = own_language(meta, article)
            .map_or(String::new(), |(lang, dir)| root_attributes(lang, dir));
        let _ = writeln!(
            body,
            "<li{attrs}><a href=\"{}\">{}</a></li>",
            article_href(index),
            escape(&article.headline)
        );
    }
    body.push_str("</ol>\n</section>\n");
    document(&meta.language, meta.direction, label, "frontmatter", &body)
}

/// The cover page: the image alone, with alternative text from the title and authors. The
/// image stays inline, in a centred block, scaled down to the page: MuPDF (1.21 to 1.28) lays
/// a `display: block` image that has `width` and `height` attributes off the page.
pub(super) fn cover_document(meta: &Metadata, cover: &Picture, href: &str) -> String {
    let body = format!(
        "<section class=\"cover\" epub:type=\"cover\">\n\
<img role=\"doc-cover\" src=\"{href}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\"/>\n\
</section>\n",
        href = escape(href),
        alt = escape(&cover_alt(meta)),
        w = cover.width,
        h = cover.height,
    );
    document(
        &meta.language,
        meta.direction,
        &format!("{} — {}", meta.language.cover_label(), meta.title),
        "frontmatter",
        &body,
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
