//! The only place that writes the book's own markup: the XHTML documents and the style sheet.
//! Its escape function serves every writer of markup (the package's, in `crate::package`,
//! too).

mod edition;
mod front;
mod markup;
mod style;
pub(crate) mod writer;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::Book;
use crate::prepare::metadata::Metadata;
use warraq_core::lang::{Direction, LanguageTag};
use warraq_epub::xml::escape;
use warraq_epub::zipwrite::Packed;
use warraq_readers::article::Article;

use front::{contents_document, cover_document, title_document};
use markup::Markup;
pub use style::{stylesheet, STYLESHEET};
pub use writer::{Heading, PackagedImage};

/// The attributes every document root carries: language twice (HTML and XML readers each
/// read their own) and the direction.
pub(crate) fn root_attributes(lang: &LanguageTag, dir: Direction) -> String {
    let lang = escape(lang.as_str());
    format!(" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\"")
}

/// A whole document. `<body>` repeats the root's language and direction: Calibre's Kindle
/// conversion drops `dir` from `<html>` and MuPDF 1.21 ignores it there, and epub.js writes
/// the book's direction over `<html>`, but all of them keep what `<body>` says. A KEPUB's body
/// holds its content in the `book-columns` / `book-inner` divs Kobo lays pages out with.
fn document(
    lang: &LanguageTag,
    dir: Direction,
    title: &str,
    epub_type: &str,
    body: Markup,
) -> String {
    let kobo = body.kobo();
    let content = body.finish();
    let attrs = root_attributes(lang, dir);
    let title = escape(title);
    // Sized once: a book holds every document until it is packed, and a string grown by
    // doubling holds up to twice its text (a 50 MB anthology peaked 50 MB higher).
    let mut out = String::with_capacity(content.len() + title.len() + 2 * attrs.len() + 400);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"",
    );
    out.push_str(&attrs);
    out.push_str(">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    out.push_str(&title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body",
    );
    out.push_str(&attrs);
    out.push_str(" epub:type=\"");
    out.push_str(epub_type);
    out.push_str("\">");
    if kobo {
        out.push_str("\n<div id=\"book-columns\"><div id=\"book-inner\">");
    }
    out.push('\n');
    out.push_str(&content);
    if kobo {
        out.push_str("</div></div>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// What a document is, which decides its place in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The cover page.
    Cover,
    /// The title page.
    TitlePage,
    /// The table-of-contents page.
    Contents,
    /// An article; `first` marks where the body matter starts.
    Article {
        /// Whether it is the first article.
        first: bool,
        /// Whether its entry in the navigation is under its section's (an edition's).
        nested: bool,
    },
    /// An edition's section front: its entry in the navigation holds its articles'; the
    /// first one is where the body matter starts.
    Section {
        /// Whether it is the first section.
        first: bool,
    },
    /// A page after the articles with an entry of its own (an edition's "not included").
    BackMatter,
}

/// An XHTML document ready to be packaged.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its file name inside `OEBPS/`.
    pub href: String,
    /// Its XHTML.
    pub xhtml: String,
    /// What it is.
    pub(crate) role: Role,
    /// Its entry in the table of contents (articles only).
    pub(crate) toc_title: Option<String>,
    /// Headings below the headline, nested under its entry.
    pub(crate) headings: Vec<Heading>,
    /// Its language and direction when they are not the book's (an article in another
    /// language): its entries in the navigation carry them too.
    pub(crate) own_language: Option<(LanguageTag, Direction)>,
    /// Its XHTML packed for the archive, when the build packed it as soon as it was written
    /// and let `xhtml` go ([`documents_then`]).
    pub(crate) packed: Option<Packed>,
}

/// Where an article's images went: `(article index, src as written)` to the packaged image.
pub type ImageMap = HashMap<(usize, String), PackagedImage>;

/// The file name of article `index` (0-based).
pub(crate) fn article_href(index: usize) -> String {
    format!("article-{:03}.xhtml", index + 1)
}

/// Every document of the book, in reading order: cover page, title page, contents page,
/// articles; with Kobo's spans when `kobo`.
pub fn documents(
    book: &Book,
    cover_href: Option<&str>,
    images: &ImageMap,
    kobo: bool,
) -> Vec<Document> {
    documents_then(book, cover_href, images, kobo, |document| document)
}

/// [`documents`], each passed through `then` as soon as it is written, the articles on
/// rayon's pool. The build packs a document there and lets its XHTML go, so that a book's
/// markup is never all in memory at once beside the text it was written from.
pub(crate) fn documents_then(
    book: &Book,
    cover_href: Option<&str>,
    images: &ImageMap,
    kobo: bool,
    then: impl Fn(Document) -> Document + Sync,
) -> Vec<Document> {
    let meta = &book.metadata;
    let mut docs = Vec::with_capacity(book.articles.len() + 3);
    let front = |href: &str, xhtml: String, role: Role| {
        then(Document {
            href: href.to_string(),
            xhtml,
            role,
            toc_title: None,
            headings: Vec::new(),
            own_language: None,
            packed: None,
        })
    };
    if let (Some(cover), Some(href)) = (&book.cover, cover_href) {
        docs.push(front(
            "cover.xhtml",
            cover_document(meta, cover, href, kobo),
            Role::Cover,
        ));
    }
    if book.layout.title_page {
        docs.push(front(
            "title.xhtml",
            title_document(meta, kobo),
            Role::TitlePage,
        ));
    }
    if book.layout.contents_page {
        docs.push(front(
            "contents.xhtml",
            contents_document(meta, &book.articles, kobo),
            Role::Contents,
        ));
    }
    let edition = book.edition.as_ref();
    if let Some(edition) = edition {
        docs.push(front(
            edition::MASTHEAD,
            edition::masthead(meta, edition, kobo),
            Role::TitlePage,
        ));
    }
    let articles = book
        .articles
        .par_iter()
        .enumerate()
        .map(|(index, article)| {
            let source = edition.and_then(|e| e.articles.get(index));
            let (xhtml, headings) = article_document(meta, article, (index, images), source, kobo);
            then(Document {
                href: article_href(index),
                xhtml,
                role: Role::Article {
                    first: index == 0 && edition.is_none(),
                    nested: edition.is_some(),
                },
                toc_title: Some(article.headline.clone()),
                headings,
                own_language: own_language(meta, article).map(|(lang, dir)| (lang.clone(), dir)),
                packed: None,
            })
        });
    let start = docs.len();
    docs.par_extend(articles);
    if let Some(edition) = edition {
        // Each section's front page before its first article.
        for (index, section) in edition.sections.iter().enumerate().rev() {
            let listed: Vec<(usize, &Article)> = section
                .articles
                .clone()
                .filter_map(|i| Some((i, book.articles.get(i)?)))
                .collect();
            let mut page = front(
                &edition::section_href(index),
                edition::section_front(meta, &section.title, &listed, kobo),
                Role::Section { first: index == 0 },
            );
            page.toc_title = Some(section.title.clone());
            docs.insert(
                start + section.articles.start.min(book.articles.len()),
                page,
            );
        }
        if !edition.left_out.is_empty() {
            let mut page = front(
                edition::LEFT_OUT,
                edition::left_out_page(meta, &edition.left_out, kobo),
                Role::BackMatter,
            );
            page.toc_title = Some(edition::left_out_title(&meta.language).to_string());
            docs.push(page);
        }
    }
    docs
}

/// The language and direction of an article: its own when its front matter names one.
fn article_language<'a>(meta: &'a Metadata, article: &'a Article) -> (&'a LanguageTag, Direction) {
    match &article.lang {
        Some(lang) => (lang, lang.direction()),
        None => (&meta.language, meta.direction),
    }
}

/// An article's language and direction when they differ from the book's: what its entries on
/// the contents page and in the navigation say.
fn own_language<'a>(
    meta: &'a Metadata,
    article: &'a Article,
) -> Option<(&'a LanguageTag, Direction)> {
    let (lang, dir) = article_language(meta, article);
    (lang != &meta.language || dir != meta.direction).then_some((lang, dir))
}

/// An article as an XHTML content document: the headline as `h1`, then its body.
fn article_document(
    meta: &Metadata,
    article: &Article,
    (index, images): (usize, &ImageMap),
    source: Option<&crate::model::ArticleSource>,
    kobo: bool,
) -> (String, Vec<Heading>) {
    let (lang, dir) = article_language(meta, article);
    let mut body = Markup::new(kobo, article_size(article) + 512);
    body.open_block(
        "section",
        " epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"headline\"",
    );
    body.newline();
    let lookup = |src: &str| images.get(&(index, src.to_string())).cloned();
    // A page on disk is built without the network: its images on the web were never fetched
    // (one warning says so), and their alternative text is not the article's.
    let unfetched = |src: &str| {
        article.url.is_none() && article.images_optional && crate::read::fetch::is_url(src)
    };
    let byline = match source {
        Some(_) => edition::byline(article.author.as_deref(), source),
        None => article.author.clone(),
    };
    let headings = writer::write(
        &article.body,
        &writer::Context {
            lang,
            dir,
            headline: &article.headline,
            byline: byline.as_deref(),
            notes_label: lang.notes_label(),
            images: &lookup,
            unfetched: &unfetched,
        },
        &mut body,
    );
    body.close_block("section");
    body.newline();
    // After the article, not in it: where it came from is the edition's word.
    edition::source_link(&mut body, lang, source);
    (
        document(lang, dir, &article.headline, "bodymatter", body),
        headings,
    )
}

/// About how long an article's markup will be, to allocate once.
fn article_size(article: &Article) -> usize {
    let mut size = 0;
    article.body.each_block(&mut |_| size += 160);
    size
}
