//! What a page says about itself: `<html lang>`, `<title>`, `<meta>` (Open Graph, article:,
//! name=…), `<link rel=canonical>`, `<base>`, and JSON-LD, which wins where both speak.

use std::path::Path;

use serde_json::Value;

use super::entities::decoded;
use super::image::collapse;
use super::tree::{Tree, DOCUMENT};
use warraq_core::document::Meta;
use warraq_core::warning::{Warning, WarningKind};

/// JSON-LD types that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "SocialMediaPosting",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
    "LiveBlogPosting",
];

/// The page's metadata, its JSON-LD headline, and the address relative links resolve against.
pub(crate) struct PageMeta {
    /// The metadata.
    pub meta: Meta,
    /// JSON-LD `headline`, else `og:title`.
    pub headline: Option<String>,
    /// `<title>`.
    pub title: Option<String>,
    /// `<base href>` (resolved against the canonical address), else the canonical address.
    pub(crate) base: Option<url::Url>,
    /// JSON-LD `articleBody`: the article's text as the site gives it, to hold the text
    /// found against.
    pub(crate) article_body: Option<String>,
}

/// A value of the page's metadata as the book takes it: character references a CMS left by
/// escaping twice decoded, white space folded.
fn text(value: &str) -> String {
    collapse(&decoded(value))
}

fn set(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value.map(|v| text(&v)).filter(|v| !v.is_empty());
    }
}

/// Reads the page's metadata.
pub(crate) fn read(tree: &Tree, path: &Path, warnings: &mut Vec<Warning>) -> PageMeta {
    let mut ld = Meta::default();
    let mut ld_headline = None;
    let mut article_body = None;
    let mut tags = Meta::default();
    let (mut og_title, mut title, mut og_url, mut canonical, mut base) =
        (None, None, None, None, None);
    let mut keywords = Vec::new();
    // Open Graph's description is the one written for sharing; `<meta name=description>` is
    // often a CMS's truncation of the text.
    let (mut og_description, mut twitter_description) = (None, None);
    let mut scripts = 0;
    if let Some(html) = tree.first("html") {
        set(
            &mut tags.language,
            tree.attr(html, "lang").map(str::to_owned),
        );
    }
    for id in tree.descendants(DOCUMENT) {
        let Some(tag) = tree.tag(id) else { continue };
        let attr = |name| tree.attr(id, name).map(str::to_owned);
        match tag {
            "title" if title.is_none() => title = Some(collapse(&tree.text(id))),
            "base" => set(&mut base, attr("href")),
            "link" => {
                let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    set(&mut canonical, attr("href"));
                }
            }
            "meta" => {
                let key = attr("property")
                    .or_else(|| attr("name"))
                    .or_else(|| attr("itemprop"));
                let key = key.unwrap_or_default().trim().to_ascii_lowercase();
                let content = attr("content");
                match key.as_str() {
                    "og:title" | "twitter:title" => set(&mut og_title, content),
                    "og:description" => set(&mut og_description, content),
                    "twitter:description" => set(&mut twitter_description, content),
                    "description" => set(&mut tags.description, content),
                    "author" | "article:author" | "dc.creator" | "parsely-author"
                    | "sailthru.author" | "citation_author" | "byl" => {
                        // NYT's `byl` is the printed byline, "By Jane Doe".
                        if let Some(author) = content
                            .map(|c| text(&c))
                            .map(|c| c.strip_prefix("By ").map(str::to_owned).unwrap_or(c))
                            .filter(|c| !c.is_empty() && !c.starts_with("http"))
                        {
                            if !tags.authors.contains(&author) {
                                tags.authors.push(author);
                            }
                        }
                    }
                    "article:published_time"
                    | "datepublished"
                    | "date"
                    | "dc.date"
                    | "dcterms.date"
                    | "dc.date.issued"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "article.published"
                    | "og:published_time"
                    | "citation_publication_date" => set(&mut tags.date, content),
                    "og:site_name" => set(&mut tags.publisher, content),
                    "og:url" => set(&mut og_url, content),
                    "og:image" | "og:image:url" | "twitter:image" => set(&mut tags.image, content),
                    "og:locale" => set(&mut tags.language, content.map(|c| c.replace('_', "-"))),
                    "keywords" | "news_keywords" | "article:tag" => {
                        keywords.extend(split_keywords(&content.unwrap_or_default()))
                    }
                    _ => {}
                }
            }
            "script"
                if attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                scripts += 1;
                let text = tree.text(id);
                match serde_json::from_str::<Value>(without_cdata(&text)) {
                    Ok(value) => json_ld(&value, &mut ld, (&mut ld_headline, &mut article_body)),
                    Err(e) => warnings.push(Warning::new(
                        WarningKind::Markup,
                        broken_json_ld(path, scripts, &text, &e),
                    )),
                }
            }
            _ => {}
        }
    }
    for k in keywords {
        if !tags.subjects.contains(&k) {
            tags.subjects.push(k);
        }
    }
    tags.description = og_description.or(twitter_description).or(tags.description);
    tags.source = canonical.or(og_url);
    // JSON-LD first, then the tags, field by field.
    let mut meta = ld;
    set(
        &mut meta.title,
        ld_headline.clone().or(og_title.clone()).or(title.clone()),
    );
    set(&mut meta.description, tags.description);
    set(&mut meta.date, tags.date);
    set(&mut meta.publisher, tags.publisher);
    set(&mut meta.source, tags.source);
    set(&mut meta.language, tags.language);
    set(&mut meta.image, tags.image);
    if meta.authors.is_empty() {
        meta.authors = tags.authors;
    }
    if meta.subjects.is_empty() {
        meta.subjects = tags.subjects;
    }
    let page = meta.source.as_deref().and_then(|s| url::Url::parse(s).ok());
    // Titles without the site's name ("— BBC News", «| الجزيرة نت»).
    let host = page.as_ref().and_then(|p| p.host_str().map(str::to_owned));
    let site = meta.publisher.clone();
    let plain = |t: String| super::title::without_site(&t, site.as_deref(), host.as_deref());
    meta.title = meta.title.take().map(plain);
    let (ld_headline, og_title, title) = (
        ld_headline.map(plain),
        og_title.map(plain),
        title.map(plain),
    );
    let base = match (base, &page) {
        (Some(b), Some(p)) => p.join(&b).ok(),
        (Some(b), None) => url::Url::parse(&b).ok(),
        (None, p) => p.clone(),
    }
    .filter(|u| matches!(u.scheme(), "http" | "https"));
    PageMeta {
        meta,
        headline: ld_headline.or(og_title),
        title,
        base,
        article_body,
    }
}

/// Keywords as pages list them: separated by Latin or Arabic commas, trimmed, the empty left
/// out.
fn split_keywords(text: &str) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    for keyword in text.split([',', '\u{060C}']).map(self::text) {
        if !keyword.is_empty() && !keywords.contains(&keyword) {
            keywords.push(keyword);
        }
    }
    keywords
}

/// A script's JSON without the `<![CDATA[ … ]]>` that XHTML-minded templates wrap it in
/// (bare or behind `//` and `/* */` comments).
fn without_cdata(text: &str) -> &str {
    let mut text = text.trim();
    for open in ["/*<![CDATA[*/", "//<![CDATA[", "<![CDATA["] {
        if let Some(rest) = text.strip_prefix(open) {
            text = rest.trim();
            break;
        }
    }
    for close in ["/*]]>*/", "//]]>", "]]>"] {
        if let Some(rest) = text.strip_suffix(close) {
            text = rest.trim();
            break;
        }
    }
    text
}

/// The warning for a JSON-LD script that is not JSON: which script, why, and what it held, as
/// far as its `@type` can still be read.
fn broken_json_ld(path: &Path, number: usize, text: &str, error: &serde_json::Error) -> String {
    let kind = text.find("@type").and_then(|at| {
        let after = text[at + 5..].trim_start_matches(|c: char| !c.is_ascii_alphabetic());
        let word: String = after
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        (!word.is_empty()).then_some(word)
    });
    let lost = match kind {
        Some(kind) if ARTICLE_TYPES.contains(&kind.as_str()) => format!(
            "its {kind} (the article's headline, authors, date and description) is not used; \
             the page's other tags are"
        ),
        Some(kind) => format!("it held a {kind}, which says nothing of the article"),
        None => "what it held is not used; the page's other tags are".to_string(),
    };
    format!(
        "{}: JSON-LD script {number} is not valid JSON ({error}): {lost}",
        path.display()
    )
}

/// The first article object in a JSON-LD value (itself, an array, or an `@graph`), iteratively.
fn json_ld(value: &Value, meta: &mut Meta, found: (&mut Option<String>, &mut Option<String>)) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(object) => {
                let types: Vec<&str> = match object.get("@type") {
                    Some(Value::String(t)) => vec![t.as_str()],
                    Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                if types.iter().any(|t| ARTICLE_TYPES.contains(t)) {
                    let (headline, body) = found;
                    article(object, meta, headline);
                    set(
                        body,
                        object
                            .get("articleBody")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    );
                    return;
                }
                if let Some(graph) = object.get("@graph") {
                    stack.push(graph);
                }
            }
            _ => {}
        }
    }
}

fn article(
    object: &serde_json::Map<String, Value>,
    meta: &mut Meta,
    headline: &mut Option<String>,
) {
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    set(headline, text("headline").or_else(|| text("name")));
    set(&mut meta.description, text("description"));
    set(
        &mut meta.date,
        text("datePublished").or_else(|| text("dateCreated")),
    );
    set(&mut meta.language, text("inLanguage"));
    set(
        &mut meta.publisher,
        object
            .get("publisher")
            .and_then(|p| names(p).into_iter().next()),
    );
    set(
        &mut meta.image,
        object.get("image").and_then(|i| urls(i).into_iter().next()),
    );
    if let Some(author) = object.get("author") {
        meta.authors = names(author);
    }
    match object.get("keywords") {
        Some(Value::String(k)) => meta.subjects = split_keywords(k),
        Some(Value::Array(ks)) => {
            let listed: Vec<&str> = ks.iter().filter_map(Value::as_str).collect();
            meta.subjects = split_keywords(&listed.join(","));
        }
        _ => {}
    }
}

/// Names in a string, an object with `name`, or an array of either.
fn names(value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(text(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(text),
        _ => None,
    };
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(one)
            .filter(|n| !n.is_empty())
            .collect(),
        other => one(other).into_iter().filter(|n| !n.is_empty()).collect(),
    }
}

/// Addresses in a string, an object with `url`, or an array of either.
fn urls(value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned()),
        _ => None,
    };
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}
