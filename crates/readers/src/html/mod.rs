//! HTML articles: a page (bytes in any encoding) to the document model. The page is decoded
//! (`encoding.rs`) and parsed by html5ever into an arena of our own (`tree.rs`); the article is
//! found in it (`find.rs`) and converted without recursion (`convert.rs`, `leave.rs`,
//! `frame.rs`), with its images (`image.rs`) and footnotes (`notes.rs`); what the page says
//! about itself becomes [`Meta`](warraq_core::document::Meta) (`meta.rs`).

mod choose;
mod clean;
#[cfg(test)]
mod clean_tests;
mod confidence;
mod convert;
mod encoding;
mod entities;
#[cfg(test)]
mod figure_tests;
mod find;
mod frame;
mod image;
mod leave;
mod meta;
#[cfg(test)]
mod meta_tests;
mod notes;
mod parse;
#[cfg(test)]
mod tests;
mod title;
mod tree;
mod words;

use std::path::Path;

use warraq_core::document::{inline_text, Attrs, Block, Document, Parsed};
use warraq_core::error::{Error, Result};
use warraq_core::lang::{is_letter, Direction, LanguageTag};
use warraq_core::warning::{Warning, WarningKind};

/// The least text, in letters and digits, that makes an article.
const MIN_TEXT: usize = 20;

/// The largest page read; every tree node takes at least a byte, so node ids fit in `u32`.
const MAX_BYTES: usize = 1 << 30;

/// Where a fetched page came from.
#[derive(Debug, Clone, Copy)]
pub struct Served<'a> {
    /// The URL, after redirects.
    pub url: &'a str,
    /// The charset its `Content-Type` named.
    pub charset: Option<&'a str>,
}

/// Reads an HTML page (bytes in any encoding) into the document model. `served` says where a
/// fetched page came from: relative links, images and the page's own image are resolved
/// against its URL, and its server's charset decodes it. The images of a page on disk stay
/// relative: they are files beside it.
///
/// ```
/// use std::path::Path;
///
/// let page = r#"<html lang="ar" dir="rtl"><head><title>عنوان المقال | الموقع</title></head>
/// <body><nav><a href="/">الرئيسية</a></nav><article><h1>عنوان المقال</h1>
/// <p>هذه هي الفقرة الأولى من المقال، وهي طويلة بما يكفي ليعدها القارئ نصا حقيقيا.</p>
/// <p>وهذه فقرة ثانية تكمل المقال وتضيف إليه جملا أخرى كثيرة حتى يعرف أنه مقال.</p>
/// </article><footer>حقوق النشر محفوظة</footer></body></html>"#;
/// let mut warnings = Vec::new();
/// let parsed = warraq_readers::html::read(Path::new("page.html"), page.as_bytes(), None, &mut warnings)?;
/// assert_eq!(parsed.headline.as_deref(), Some("عنوان المقال"));
/// let text = format!("{:?}", parsed.document);
/// assert!(text.contains("الفقرة الأولى") && !text.contains("حقوق النشر"));
/// # Ok::<(), warraq_core::Error>(())
/// ```
pub fn read(
    path: &Path,
    bytes: &[u8],
    served: Option<Served>,
    warnings: &mut Vec<Warning>,
) -> Result<Parsed> {
    if bytes.len() > MAX_BYTES {
        return Err(Error::input(path, "the page is larger than 1 GiB")
            .with_hint("save the article alone as a page of its own"));
    }
    let text = encoding::decode(path, bytes, served.and_then(|s| s.charset), warnings);
    let tree = parse::parse(&text).ok_or_else(|| {
        Error::input(
            path,
            format!(
                "has more than {} elements and pieces of text, more than warraq reads in a page",
                parse::MAX_NODES
            ),
        )
        .with_hint("save the article alone as a page of its own")
    })?;
    drop(text);
    let page = meta::read(&tree, path, warnings);
    let no_article = || {
        Error::input(path, "holds no article: no element with the text of one")
            .with_hint("give the page's article as its own file, or save it as plain text")
    };
    let choice = choose::article(&tree).ok_or_else(no_article)?;
    let (root, found) = (choice.root, choice.found);
    let fetched = served.and_then(|s| url::Url::parse(s.url).ok());
    let bases = match &fetched {
        Some(url) => (page.base.clone().or(Some(url.clone())), Some(url.clone())),
        None => (page.base.clone(), None),
    };
    let mut converter = convert::Converter::new(&tree, path, root, found, bases);
    converter.cleaning.keep_only(&tree, root, &choice.parts);
    let (mut blocks, notes) = converter.convert();
    warnings.append(&mut converter.warnings);
    let mut document = Document {
        notes,
        resources: std::mem::take(&mut converter.resources),
        ..Document::default()
    };
    let mut plain = String::new();
    document.blocks = std::mem::take(&mut blocks);
    document.plain_text(&mut plain);
    if plain
        .chars()
        .filter(|&c| is_letter(c) || c.is_numeric())
        .count()
        < MIN_TEXT
    {
        return Err(no_article());
    }
    let (letters, links) = confidence::letters_and_links(&document);
    let doubt = confidence::doubt(
        &plain,
        letters,
        links,
        &confidence::Page {
            article_body: page.article_body.as_deref(),
            description: page.meta.description.as_deref(),
        },
    );

    // The headline: JSON-LD's, else og:title, else the article's first h1, else <title>.
    // The article's first h1, at the top or opening a division of its own direction.
    let h1 = |b: &Block| match b {
        Block::Heading {
            level: 1, content, ..
        } => Some(folded(content)),
        _ => None,
    };
    let first_h1 = document.blocks.iter().find_map(|b| match b {
        Block::Group { blocks, .. } => blocks.first().and_then(h1),
        other => h1(other),
    });
    let headline = page
        .headline
        .clone()
        .or(first_h1)
        .or(page.title.clone())
        .filter(|h| !h.is_empty());
    if let Some(headline) = &headline {
        let wanted = fold(headline);
        let is_it = |b: &Block| matches!(b, Block::Heading { level: 1, content, .. } if folded(content) == wanted);
        hoist_headline(&mut document.blocks, &is_it);
        document.headline_at = document.blocks.iter().position(is_it);
    }
    let attrs = article_attrs(&tree, root, path, warnings);
    let mut meta = page.meta;
    if meta.title.is_none() {
        meta.title = headline.clone();
    }
    // A canonical address or image given relative to the page is made absolute against the
    // URL it was fetched from; on disk, one that is not absolute says nothing and is dropped.
    let absolute = |address: String| match &fetched {
        Some(url) => Some(image::resolve(&address, Some(url))),
        None => url::Url::parse(&address).is_ok().then_some(address),
    };
    meta.source = meta.source.take().and_then(absolute);
    meta.image = meta.image.take().and_then(absolute);
    if let Some(url) = &fetched {
        // A fetched page's own address, when it names no canonical one.
        meta.source.get_or_insert_with(|| url.to_string());
    }
    Ok(Parsed {
        doubt,
        headline,
        attrs,
        document,
        meta,
    })
}

/// A headline that opens a division of its own language or direction (`<div dir="rtl"><h1>`)
/// is taken out in front of it, keeping that language and direction, so that it is found at
/// the top level and not written a second time as a heading.
fn hoist_headline(blocks: &mut Vec<Block>, is_it: &dyn Fn(&Block) -> bool) {
    if blocks.iter().any(is_it) {
        return;
    }
    let found = blocks.iter().position(
        |b| matches!(b, Block::Group { blocks: inner, .. } if inner.first().is_some_and(is_it)),
    );
    let Some(at) = found else { return };
    let Block::Group {
        attrs,
        blocks: inner,
    } = &mut blocks[at]
    else {
        return;
    };
    let mut heading = inner.remove(0);
    if let Block::Heading { attrs: own, .. } = &mut heading {
        own.lang = own.lang.take().or_else(|| attrs.lang.clone());
        own.dir = own.dir.or(attrs.dir);
    }
    if inner.is_empty() {
        blocks.remove(at);
    }
    blocks.insert(at, heading);
}

/// White space folded to single spaces, trimmed.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn folded(content: &[warraq_core::document::Inline]) -> String {
    let mut text = String::new();
    inline_text(content, &mut text);
    fold(&text)
}

/// The article's language and direction: the nearest `lang` and `dir` at or above it.
fn article_attrs(
    tree: &tree::Tree,
    root: tree::Id,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Attrs {
    let mut attrs = Attrs::default();
    let mut at = root;
    while at != tree::NONE {
        if attrs.lang.is_none() {
            if let Some(value) = tree
                .attr(at, "lang")
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                match LanguageTag::parse(value) {
                    Ok(tag) => attrs.lang = Some(tag),
                    Err(why) => warnings.push(Warning::new(
                        WarningKind::Markup,
                        format!("{}: lang ignored: {why}", path.display()),
                    )),
                }
            }
        }
        if attrs.dir.is_none() {
            attrs.dir = match tree
                .attr(at, "dir")
                .map(|d| d.trim().to_ascii_lowercase())
                .as_deref()
            {
                Some("rtl") => Some(Direction::Rtl),
                Some("ltr") => Some(Direction::Ltr),
                _ => None,
            };
        }
        at = tree.node(at).parent;
    }
    attrs
}
