//! The library behind `warraq serve` ([`warraq_serve`]): its form read from the sources, its
//! books made, its cover drawn, with the same calls a library user makes ([`crate::library`]).
//!
//! A page's address that answers with a feed makes an edition (`feed`), as `warraq build`
//! given a feed does. Files sent to the server are articles in memory: none of their images is read from the
//! server's disk. Pages and their images are fetched within warraq's limits; when the server
//! listens beyond loopback, only from public addresses (`read::public`).

mod feed;

use std::path::PathBuf;

use chrono::Utc;
use warraq_core::error::{Error, Result};
use warraq_core::lang::{Direction, LanguageTag};
use warraq_serve::{Books, Built, CoverWish, Form, Order, Proposal, Upload};

use crate::library::{self, Cover, Named, Request};
use crate::model::Format;
use crate::pipeline::ArticleFile;
use crate::prepare::metadata::Metadata;
use crate::read::fetch::{self, Client, Settings};
use crate::read::fields::{DirChoice, Fields, PubDate};
use crate::read::io::Io;

/// How wide the cover's preview is drawn: the page shows it at about 200 CSS pixels, twice that
/// for a sharp screen.
const PREVIEW_WIDTH: u32 = 400;

/// The server's library: a fetching client with its address policy.
#[derive(Debug, Clone)]
pub struct Served {
    client: Client,
    settings: Settings,
}

impl Served {
    /// The library for a server; `public_only` when it listens beyond loopback.
    pub fn new(public_only: bool) -> Served {
        let settings = Settings {
            public_only,
            ..Settings::default()
        };
        Served {
            client: Client::new(settings.clone()),
            settings,
        }
    }
}

/// What a served book reads besides its sources: the web, through the server's client, and
/// never the server's disk.
impl Io for Served {
    fn image(
        &self,
        article: &std::path::Path,
        src: &str,
        place: &str,
    ) -> Result<(PathBuf, Vec<u8>)> {
        Err(Error::input(
            article,
            format!(
                "{place}: the image {src} is not read: a file sent to warraq serve has no folder"
            ),
        ))
    }

    fn fetch(&self, url: &str, limit: u64) -> std::result::Result<Vec<u8>, String> {
        self.client.get(url, limit).map(|f| f.bytes)
    }
}

impl Books for Served {
    fn fetch(&self, url: &str) -> Result<Upload> {
        if !fetch::is_url(url) {
            return Err(Error::input(url, "is not an http or https address")
                .with_hint("give a page's address, such as https://example.com/article"));
        }
        let fetched = self
            .client
            .get(url, fetch::RESPONSE_LIMIT)
            .map_err(|message| Error::Read {
                path: url.into(),
                source: std::io::Error::other(message),
            })?;
        let upload = Upload {
            name: url.to_string(),
            url: Some(fetched.url.clone()),
            media_type: fetched.media_type.clone(),
            charset: fetched.charset.clone(),
            bytes: fetched.bytes,
        };
        // A feed makes an edition; anything else must be an article `warraq build` reads,
        // refused here rather than when the book is made.
        if feed::the_feed(std::slice::from_ref(&upload))?.is_none() {
            article(&upload)?;
        }
        Ok(upload)
    }

    fn propose(&self, sources: &[Upload]) -> Result<Proposal> {
        if let Some(found) = feed::the_feed(sources)? {
            return feed::propose(found);
        }
        let articles = sources.iter().map(article).collect::<Result<Vec<_>>>()?;
        let (metadata, report) = library::metadata(&Request::new(articles, Utc::now()))?;
        Ok(Proposal {
            form: form(&metadata),
            warnings: report.warnings.iter().map(|w| w.message.clone()).collect(),
        })
    }

    fn build(&self, order: &Order, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Vec<Built>> {
        if let Some(found) = feed::the_feed(&order.sources)? {
            return Ok(vec![feed::build(found, order, &self.settings, progress)?]);
        }
        let mut settings = fields(&order.form)?;
        let cover = match &order.cover {
            CoverWish::Drawn => Cover::Auto,
            CoverWish::Page => Cover::Drawn,
            CoverWish::None => Cover::None,
            CoverWish::Image(image) => Cover::Image(Named {
                name: image.name.clone(),
                bytes: image.bytes.clone(),
            }),
        };
        let articles = order
            .sources
            .iter()
            .map(article)
            .collect::<Result<Vec<_>>>()?;
        let groups: Vec<Vec<ArticleFile>> = match order.each {
            true => {
                // Each book is titled by its own article.
                settings.title = None;
                articles.into_iter().map(|a| vec![a]).collect()
            }
            false => vec![articles],
        };
        let now = Utc::now();
        let total = groups.len();
        groups
            .into_iter()
            .enumerate()
            .map(|(n, articles)| {
                progress(n, total);
                let mut request = Request::new(articles, now);
                request.settings = settings.clone();
                request.cover = cover.clone();
                request.format = if order.kobo {
                    Format::Kepub
                } else {
                    Format::Epub
                };
                request.font = order.font.as_ref().map(|font| Named {
                    name: font.name.clone(),
                    bytes: font.bytes.clone(),
                });
                let made = library::build_bytes_with(&request, self)?;
                Ok(Built {
                    file_name: made.file_name,
                    title: made.title,
                    bytes: made.bytes,
                    warnings: made
                        .report
                        .warnings
                        .into_iter()
                        .map(|w| w.message)
                        .collect(),
                })
            })
            .collect()
    }

    fn cover(&self, form: &Form) -> Result<Vec<u8>> {
        let title = match form.title.trim() {
            "" => "…".to_string(),
            title => title.to_string(),
        };
        let article = ArticleFile::in_memory("title.txt", title.clone().into_bytes());
        let mut request = Request::new(vec![article], Utc::now());
        request.settings = fields(&Form {
            title,
            ..form.clone()
        })?;
        Ok(library::cover_preview(&request, PREVIEW_WIDTH)?.bytes)
    }
}

/// A source as the library's article: a fetched page with what its server said of it, a file
/// in memory.
fn article(upload: &Upload) -> Result<ArticleFile> {
    match &upload.url {
        Some(url) => ArticleFile::of_fetched(
            std::path::Path::new(&upload.name),
            url,
            feed::fetched(upload),
        ),
        None => Ok(ArticleFile::in_memory(&upload.name, upload.bytes.clone())),
    }
}

/// The form a book's metadata fills.
fn form(metadata: &Metadata) -> Form {
    Form {
        title: metadata.title.clone(),
        authors: metadata.authors.clone(),
        language: metadata.language().as_str().to_string(),
        direction: match metadata.direction() {
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        }
        .to_string(),
        date: metadata.date.clone(),
        publisher: metadata.publisher.clone(),
        description: metadata.description.clone(),
        subjects: metadata.subjects.clone(),
        series: metadata.series.as_ref().map(|(name, _)| name.clone()),
        series_index: metadata
            .series
            .as_ref()
            .and_then(|(_, n)| n.map(|n| n.to_string())),
    }
}

/// The settings a form gives; a value that is not one is named with the form's field.
fn fields(form: &Form) -> Result<Fields> {
    let given = |value: &Option<String>| {
        value
            .as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let bad = |field: &'static str, message: String| Error::Flag {
        flag: field,
        message,
        hint: None,
    };
    let lang = match form.language.trim() {
        "" => None,
        tag => Some(LanguageTag::parse(tag).map_err(|m| bad("language", m))?),
    };
    let dir = match form.direction.trim() {
        "rtl" => Some(DirChoice::Rtl),
        "ltr" => Some(DirChoice::Ltr),
        "" | "auto" => Some(DirChoice::Auto),
        other => {
            return Err(bad(
                "direction",
                format!("{other:?} is not rtl, ltr or auto"),
            ))
        }
    };
    let date = given(&form.date)
        .map(|d| PubDate::parse(&d).map_err(|m| bad("date", m)))
        .transpose()?;
    let series_index = given(&form.series_index)
        .map(|n| {
            n.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                bad(
                    "series_index",
                    format!("{n:?} is not a whole number from 1"),
                )
            })
        })
        .transpose()?;
    let listed = |values: &[String]| -> Vec<String> {
        values
            .iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    Ok(Fields {
        title: Some(form.title.trim().to_string()).filter(|t| !t.is_empty()),
        authors: listed(&form.authors),
        lang,
        dir,
        publisher: given(&form.publisher),
        date,
        description: given(&form.description),
        subjects: listed(&form.subjects),
        series: given(&form.series),
        series_index,
        ..Fields::default()
    })
}
