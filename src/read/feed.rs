//! A feed's bytes to the items an edition may take: RSS 0.9x, 1.0 and 2.0, Atom 1.0 and JSON
//! Feed 1.1, read by feed-rs into one shape. Whether bytes are a feed at all is told here too
//! ([`sniff`], `is_feed_type`), so that a feed's URL given to `warraq build` makes an
//! edition and a file that is not one is refused.
//!
//! feed-rs reads XML with quick-xml, which resolves XML's five predefined entities and
//! character references and nothing else: no DTD is read, no external entity fetched. A feed
//! whose document type declares entities of its own (the billion laughs, an external entity)
//! is refused outright rather than read with its references left as text.

use chrono::{DateTime, Utc};
use warraq_core::lang::LanguageTag;

/// The most bytes a feed may have: the largest real feeds are a few megabytes.
pub(crate) const FEED_LIMIT: u64 = 16 * 1024 * 1024;

/// A feed, as an edition needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    /// Its title, when it has one.
    pub title: Option<String>,
    /// The language it declares (`<language>`, `xml:lang`, JSON Feed's `language`).
    pub(crate) language: Option<String>,
    /// Its items, in the feed's order.
    pub items: Vec<Item>,
}

/// One item (RSS), entry (Atom) or item (JSON Feed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// Its title, as text.
    pub title: Option<String>,
    /// The page it links to: the `alternate` link, else the first.
    pub link: Option<String>,
    /// Its own identifier (`guid`, `id`), when the feed gives one.
    pub(crate) guid: Option<String>,
    /// When it was published, else last updated.
    pub(crate) published: Option<DateTime<Utc>>,
    /// Its authors' names.
    pub authors: Vec<String>,
    /// Its full text as HTML (`content:encoded`, `atom:content`, `content_html`).
    pub(crate) content: Option<String>,
    /// Its summary or description, as HTML or text.
    pub(crate) summary: Option<String>,
    /// The language it declares, when it is not the feed's.
    pub(crate) language: Option<String>,
}

/// The formats a feed can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RSS 0.9x or 2.0 (`<rss>`).
    Rss,
    /// RSS 1.0 (`<rdf:RDF>`).
    Rdf,
    /// Atom 1.0 (`<feed>`).
    Atom,
    /// JSON Feed 1.0 or 1.1.
    Json,
}

/// The language a feed declares, else the one its items' titles are written in.
pub(crate) fn language(feed: &Feed) -> Option<LanguageTag> {
    feed.language
        .as_deref()
        .and_then(|l| LanguageTag::parse(l.trim()).ok())
        .or_else(|| {
            let titles: Vec<&str> = feed
                .items
                .iter()
                .filter_map(|i| i.title.as_deref())
                .collect();
            warraq_core::lang::detect(&titles.join("\n")).map(|d| d.tag)
        })
}

/// Whether a response of this media type (lowercase, without parameters) names a feed
/// outright; `application/xml`, `text/xml` and `application/json` may hold one, which
/// [`sniff`] tells.
pub(crate) fn is_feed_type(media_type: &str) -> bool {
    matches!(
        media_type,
        "application/rss+xml"
            | "application/atom+xml"
            | "application/rdf+xml"
            | "application/feed+json"
            | "application/x-rss+xml"
    )
}

/// Whether a response of this media type may be a feed, to be told by its bytes.
pub(crate) fn may_be_feed(media_type: &str) -> bool {
    is_feed_type(media_type)
        || matches!(
            media_type,
            "application/xml" | "text/xml" | "application/json" | "text/plain"
        )
}

/// What kind of feed `bytes` hold, by their first element (XML) or their `version` (JSON),
/// without parsing them whole; `None` when they are not a feed.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    match head.first()? {
        b'{' => {
            let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
            text.contains("jsonfeed.org/version/")
                .then_some(Format::Json)
        }
        b'<' => match first_element(head)?.as_str() {
            "rss" => Some(Format::Rss),
            "feed" => Some(Format::Atom),
            name if name.rsplit(':').next() == Some("RDF") => Some(Format::Rdf),
            _ => None,
        },
        _ => None,
    }
}

/// The name of the first element of an XML document, past its declaration, comments,
/// processing instructions and document type.
fn first_element(xml: &[u8]) -> Option<String> {
    let mut rest = xml;
    loop {
        let at = rest.iter().position(|b| *b == b'<')?;
        rest = &rest[at..];
        let skip_to = |rest: &[u8], end: &[u8]| {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
        };
        if rest.starts_with(b"<?") {
            rest = &rest[skip_to(rest, b"?>")?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[skip_to(rest, b"-->")?..];
        } else if rest.starts_with(b"<!") {
            rest = &rest[doctype_end(rest)?..];
        } else {
            let name: Vec<u8> = rest[1..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'>' | b'/'))
                .copied()
                .take(64)
                .collect();
            return String::from_utf8(name).ok();
        }
    }
}

/// Where a `<!DOCTYPE …>` that opens `xml` ends, its internal subset (`[…]`) included.
fn doctype_end(xml: &[u8]) -> Option<usize> {
    let mut in_subset = false;
    for (i, b) in xml.iter().enumerate() {
        match b {
            b'[' => in_subset = true,
            b']' => in_subset = false,
            b'>' if !in_subset => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Whether an XML document's type declaration declares entities: the only way a feed can
/// ask for more than its bytes (an external file) or multiply them (the billion laughs).
fn declares_entities(xml: &[u8]) -> bool {
    let head = &xml[..xml.len().min(1024 * 1024)];
    let Some(at) = head
        .windows(9)
        .position(|w| w.eq_ignore_ascii_case(b"<!DOCTYPE"))
    else {
        return false;
    };
    let end = doctype_end(&head[at..]).map_or(head.len(), |e| at + e);
    head[at..end].windows(8).any(|w| w == b"<!ENTITY")
}

/// Reads a feed. `base` is the URL it came from, against which its relative links resolve.
/// The error is one line for a message.
pub fn parse(bytes: &[u8], base: Option<&str>) -> Result<Feed, String> {
    if bytes.len() as u64 > FEED_LIMIT {
        return Err(format!(
            "is larger than the {} MB a feed may have",
            FEED_LIMIT / (1024 * 1024)
        ));
    }
    let format = sniff(bytes).ok_or_else(|| {
        "is not a feed (RSS, Atom or JSON Feed): no <rss>, <rdf:RDF> or <feed> element, \
         nor a JSON Feed version"
            .to_string()
    })?;
    if format != Format::Json && declares_entities(bytes) {
        return Err(
            "declares entities in its document type, which warraq never expands or fetches".into(),
        );
    }
    // An item without an identifier gets an empty one: its link identifies it instead.
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base)
        .id_generator(|_, _, _| String::new())
        .build();
    let parsed = parser.parse(bytes).map_err(|e| {
        // quick-xml's and serde_json's messages may run over lines: one line, for a message.
        let why = e.to_string();
        format!(
            "is not a readable feed: {}",
            why.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    })?;
    let text = |t: &feed_rs::model::Text| t.content.trim().to_string();
    let items = parsed
        .entries
        .into_iter()
        .map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|l| !l.is_empty());
            let content = entry
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty());
            Item {
                title: entry.title.as_ref().map(text).filter(|t| !t.is_empty()),
                link,
                guid: Some(entry.id.trim().to_string()).filter(|id| !id.is_empty()),
                published: entry.published.or(entry.updated),
                authors: entry
                    .authors
                    .into_iter()
                    .filter_map(|p| p.name)
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect(),
                content,
                summary: entry.summary.as_ref().map(text).filter(|t| !t.is_empty()),
                language: entry.language,
            }
        })
        .collect();
    Ok(Feed {
        title: parsed.title.as_ref().map(text).filter(|t| !t.is_empty()),
        language: parsed.language,
        items,
    })
}

#[cfg(test)]
#[path = "feed_tests.rs"]
mod tests;
