//! An edition's feeds and articles, had: each feed fetched (or read, when it is a file) and
//! parsed; each chosen item's text taken from its feed or from its page, fetched and its
//! article found, on a few threads at once (the fetcher keeps to each host's limit). An item
//! that cannot be had is left out with its reason; the edition goes on without it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::select::Chosen;
use crate::model::{ArticleSource, LeftOut, Report};
use crate::pipeline::articles::{self, ArticleFile};
use crate::read::feed::{self, Feed};
use crate::read::fetch;
use crate::read::files;
use crate::read::polite::Fetcher;
use crate::read::source::ArticleKind;
use warraq_core::error::{Error, Result};
use warraq_core::lang::{self, LanguageTag};
use warraq_epub::xml::escape;
use warraq_readers::article::Article;

/// How many articles are fetched and read at once (the per-host limit applies within).
const WORKERS: usize = 8;

/// A feed, read: its bytes fetched or read from a file, parsed. One that cannot be fetched
/// is `Ok(Err(why))`, for the edition to go on without it; one that is not a feed, or a file
/// that cannot be read, is an error.
pub(crate) fn read_feed(
    place: &str,
    fetcher: &Fetcher,
) -> Result<std::result::Result<Feed, String>> {
    let (bytes, base) = if fetch::is_url(place) {
        match fetcher.get(place, feed::FEED_LIMIT) {
            Ok(fetched) => (fetched.bytes, Some(fetched.url)),
            Err(why) => return Ok(Err(why)),
        }
    } else {
        (files::bytes(Path::new(place))?, None)
    };
    feed::parse(&bytes, base.as_deref())
        .map(Ok)
        .map_err(|message| {
            Error::input(place, message)
                .with_hint("name an RSS, Atom or JSON Feed feed; a page is given to `warraq build`")
        })
}

/// One article, had, with what the edition says of it and what reading it noticed.
pub(crate) type Had = std::result::Result<(Article, ArticleSource, Report), LeftOut>;

/// Every chosen item's article, in order. `edition_lang` and `section_langs` are the
/// languages an article falls back to when neither it nor its feed names one and its text
/// is too short to tell; `done` is called as each is had.
pub(crate) fn articles(
    chosen: &[Chosen],
    fetcher: &Fetcher,
    edition_lang: &LanguageTag,
    section_langs: &[Option<LanguageTag>],
    done: &(dyn Fn(&str) + Sync),
) -> Vec<Had> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Had>>> = chosen.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(chosen.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = chosen.get(i) else { break };
                let fallback = section_langs
                    .get(item.section)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| edition_lang.clone());
                let had = one(item, fetcher, &fallback);
                done(item.item.title.as_deref().unwrap_or_default());
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(had);
                }
            });
        }
    });
    results
        .into_iter()
        .zip(chosen)
        .map(|(slot, item)| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(left_out(
                    item,
                    "it was not read (a thread of warraq stopped)".into(),
                ))
            })
        })
        .collect()
}

fn left_out(chosen: &Chosen, reason: String) -> LeftOut {
    LeftOut {
        title: chosen.item.title.clone(),
        link: chosen
            .item
            .link
            .clone()
            .unwrap_or_else(|| chosen.feed.clone()),
        reason,
    }
}

/// One item's article: from its feed's text, or its page.
fn one(chosen: &Chosen, fetcher: &Fetcher, fallback: &LanguageTag) -> Had {
    use crate::read::recipe::TextFrom;
    let item = &chosen.item;
    let link = item.link.as_deref().filter(|l| fetch::is_url(l));
    let own_text = item.content.as_deref().or(item.summary.as_deref());
    let from_feed = match chosen.text {
        TextFrom::Feed => true,
        TextFrom::Page => false,
        TextFrom::Auto => item.content.is_some() || link.is_none(),
    };
    let name = PathBuf::from(link.unwrap_or(&chosen.feed));
    let file = match (from_feed, own_text, link) {
        (true, Some(text), _) => ArticleFile {
            path: name.clone(),
            bytes: page_of(item.title.as_deref(), text, item_language(chosen)).into_bytes(),
            kind: ArticleKind::Html,
            url: link.map(str::to_string),
            charset: Some("utf-8".into()),
            in_memory: true,
        },
        (_, _, Some(link)) => match fetcher
            .get(link, fetch::RESPONSE_LIMIT)
            .map_err(|why| why.to_string())
            .and_then(|f| ArticleFile::of_fetched(&name, link, f).map_err(|e| reason(&e)))
        {
            Ok(file) => file,
            Err(why) => return Err(left_out(chosen, why)),
        },
        _ => return Err(left_out(chosen, "its feed gives no text for it".into())),
    };
    let mut report = Report::default();
    let mut article = match articles::read_article(&file, None, &mut report) {
        Ok(article) => article,
        Err(e) => return Err(left_out(chosen, reason(&e))),
    };
    // A feed's own text is the article by definition: no doubt about whether it was found.
    if from_feed {
        article.doubt = None;
    }
    if let Err(e) = articles::doubt(&article, false, &mut report) {
        return Err(left_out(chosen, reason(&e)));
    }
    if article.author.is_none() && !item.authors.is_empty() {
        article.author = Some(item.authors.join(", "));
    }
    if article.lang.is_none() {
        let declared = item_language(chosen).and_then(|t| LanguageTag::parse(t).ok());
        let mut text = article.headline.clone();
        article.body.plain_text(&mut text);
        let detected = (text.chars().count() > 200)
            .then(|| lang::detect(&text).map(|d| d.tag))
            .flatten();
        article.lang = Some(declared.or(detected).unwrap_or_else(|| fallback.clone()));
    }
    let source = ArticleSource {
        date: item.published.map(|d| {
            let lang = article.lang.as_ref().unwrap_or(fallback);
            crate::prepare::calendar::gregorian(d.date_naive(), lang)
        }),
        link: link
            .map(warraq_core::document::url::link)
            .and_then(|l| match l {
                warraq_core::document::url::Link::External(href) => Some(href),
                _ => None,
            }),
    };
    Ok((article, source, report))
}

/// The language an item's feed declares for it, or for the whole feed.
fn item_language(chosen: &Chosen) -> Option<&str> {
    chosen
        .item
        .language
        .as_deref()
        .or(chosen.feed_language.as_deref())
        .filter(|l| !l.trim().is_empty())
}

/// A feed's own text for an item, as the page the article reader takes: its title as the
/// headline, its HTML as the article.
fn page_of(title: Option<&str>, html: &str, lang: Option<&str>) -> String {
    let lang = lang
        .and_then(|l| LanguageTag::parse(l).ok())
        .map_or(String::new(), |l| {
            format!(" lang=\"{}\"", escape(l.as_str()))
        });
    let title = escape(title.unwrap_or_default());
    format!(
        "<!DOCTYPE html><html{lang}><head><meta charset=\"utf-8\"><title>{title}</title></head>\
<body><article><h1>{title}</h1>\n{html}\n</article></body></html>"
    )
}

/// Why an article could not be had, without the name its message starts with (the list
/// names the link itself).
fn reason(error: &Error) -> String {
    match error {
        Error::Input { message, .. } => message.clone(),
        Error::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}
