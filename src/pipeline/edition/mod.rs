//! `warraq edition`: a day's articles from feeds, as one book. The recipe read (or made for
//! a lone feed), its feeds fetched and parsed, the items of each section chosen
//! (`select.rs`), their articles had (`gather.rs`), and the book prepared, rendered and written
//! by the pipeline's own stages, with a masthead, sections, and the list of what could not be
//! had.

mod gather;
mod input;
mod select;

pub(crate) use input::{feed_or_page, Input};
// For `warraq serve`'s feeds (src/serve/feed.rs), which the Python package builds without.
#[cfg(feature = "serve")]
pub(crate) use input::is_feed;
use input::{is_recipe, lone_feed};

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Book, Edition, EditionSection, Format, Layout, LeftOut, Report};
use crate::pipeline::{images, render};
use crate::prepare::calendar;
use crate::prepare::cover_choice::CoverChoice;
use crate::prepare::metadata::Metadata;
use crate::read::cache::{self, Cache};
use crate::read::feed::{self, Feed};
use crate::read::fetch::{self, Client, Settings};
use crate::read::fields::{Fields, PubDate};
use crate::read::files;

use crate::read::polite::{Fetcher, Politeness};
use crate::read::recipe::Recipe;
use warraq_core::error::{Error, Result};
use warraq_core::lang::LanguageTag;
use warraq_core::warning::{Warning, WarningKind};
use warraq_core::write;

/// Where the fetched answers are kept between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CachePlace {
    /// The user's cache directory (`cache::default_dir`).
    #[default]
    User,
    /// This directory.
    Dir(PathBuf),
    /// Nowhere: every run fetches everything.
    Off,
}

/// What `warraq edition` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct EditionOptions {
    /// An `edition.toml`, or a feed: its URL or its file.
    pub input: PathBuf,
    /// Where to write the book; `dist/<slug of the title>-<date>.epub` when `None`.
    pub output: Option<PathBuf>,
    /// The edition's title, over the recipe's (a lone feed's, else its own title).
    pub title: Option<String>,
    /// The edition's language, over the recipe's (a lone feed's, else its own).
    pub lang: Option<LanguageTag>,
    /// The edition's number, over the recipe's.
    pub number: Option<u32>,
    /// The time of the edition: its date, the oldest article's reference, the book's
    /// timestamp (`SOURCE_DATE_EPOCH`); now when `None`.
    pub modified: Option<DateTime<Utc>>,
    /// EPUB or KEPUB.
    pub format: Format,
    /// The cache.
    pub cache: CachePlace,
    /// The per-host limit and delay.
    pub politeness: Politeness,
    /// The client's timeout, redirects and proxy.
    pub client: Settings,
    /// The feed's answer, when the caller fetched it already (`warraq build` given its URL).
    pub fetched: Option<fetch::Fetched>,
}

/// What an edition tells its caller as it goes, for a progress bar.
pub trait Progress: Sync {
    /// The articles to be had, counted.
    fn start(&self, total: usize);
    /// One article had (or left out).
    fn done(&self, title: &str);
}

impl Progress for () {
    fn start(&self, _: usize) {}
    fn done(&self, _: &str) {}
}

/// An edition made in memory.
#[derive(Debug, Clone)]
pub struct Made {
    /// The book's bytes.
    pub bytes: Vec<u8>,
    /// Its title: the recipe's, or a lone feed's.
    pub title: String,
    /// Where `warraq edition` writes it unless told otherwise: `dist/<title> <date>.epub`.
    pub default_path: PathBuf,
}

/// Makes the edition `options` describe, writes it, and returns the path written.
pub fn edition(
    options: &EditionOptions,
    report: &mut Report,
    progress: &dyn Progress,
) -> Result<PathBuf> {
    let made = edition_bytes(options, report, progress)?;
    let output = options.output.clone().unwrap_or(made.default_path);
    write::check_not_an_input(&output, &[options.input.as_path()])?;
    write::write_atomically(&output, &made.bytes)?;
    Ok(output)
}

/// Makes the edition `options` describe in memory (`options.output` aside): what `warraq
/// serve` hands its user.
pub fn edition_bytes(
    options: &EditionOptions,
    report: &mut Report,
    progress: &dyn Progress,
) -> Result<Made> {
    let input = &options.input;
    let modified = options.modified.unwrap_or_else(Utc::now);
    let cache = match &options.cache {
        CachePlace::Off => None,
        CachePlace::Dir(dir) => Some(Cache::open(dir).map_err(|e| Error::Write {
            path: dir.clone(),
            source: std::io::Error::other(e),
        })?),
        CachePlace::User => cache::default_dir().and_then(|dir| match Cache::open(&dir) {
            Ok(cache) => Some(cache),
            Err(e) => {
                report.warnings.push(Warning::new(
                    WarningKind::Book,
                    format!("{e}; fetching without a cache"),
                ));
                None
            }
        }),
    };
    let fetcher = Fetcher::new(
        Client::new(options.client.clone()),
        options.politeness.clone(),
        cache,
    );
    let name = input.to_string_lossy().into_owned();
    let mut read: Vec<(String, Feed)> = Vec::new();
    let mut recipe = if is_recipe(input) {
        Recipe::from_bytes(input, &files::bytes(input)?)?
    } else {
        let feed = match &options.fetched {
            Some(fetched) => feed::parse(&fetched.bytes, Some(&fetched.url))
                .map_err(|message| Error::input(input, message))?,
            None => gather::read_feed(&name, &fetcher)?.map_err(|why| Error::Read {
                path: input.clone(),
                source: std::io::Error::other(why),
            })?,
        };
        let recipe = lone_feed(&name, &feed, options)?;
        read.push((name.clone(), feed));
        recipe
    };
    if let Some(title) = &options.title {
        recipe.title.clone_from(title);
    }
    if let Some(lang) = &options.lang {
        recipe.lang = lang.clone();
    }
    let date = modified.date_naive();
    let number = options.number.or(recipe.number).or_else(|| {
        let first = recipe.first_edition?;
        u32::try_from((date - first).num_days() + 1)
            .ok()
            .filter(|n| *n > 0)
    });

    // The feeds, section by section, and the items each section takes.
    let mut left_out = Vec::new();
    let mut seen = select::Seen::default();
    let mut chosen = Vec::new();
    for (index, section) in recipe.sections.iter().enumerate() {
        let mut feeds = Vec::new();
        for place in &section.feeds {
            if let Some(at) = read.iter().position(|(n, _)| n == place) {
                feeds.push(read.swap_remove(at));
                continue;
            }
            match gather::read_feed(place, &fetcher)? {
                Ok(feed) => feeds.push((place.clone(), feed)),
                Err(why) => {
                    report.warnings.push(Warning::new(
                        WarningKind::Book,
                        format!("{place}: the feed is left out: {why}"),
                    ));
                    left_out.push(LeftOut {
                        title: None,
                        link: place.clone(),
                        reason: format!("the feed could not be fetched: {why}"),
                    });
                }
            }
        }
        chosen.extend(select::choose(
            index,
            section,
            feeds,
            modified,
            &mut seen,
            &mut left_out,
        ));
    }

    // The articles, had; the same page reached by two links taken once.
    progress.start(chosen.len());
    let section_langs: Vec<Option<LanguageTag>> =
        recipe.sections.iter().map(|s| s.lang.clone()).collect();
    let had = gather::articles(&chosen, &fetcher, &recipe.lang, &section_langs, &|t| {
        progress.done(t)
    });
    let mut canonical = select::Seen::default();
    let mut edition = Edition {
        number,
        dates: calendar::lines(date, &recipe.lang),
        ..Edition::default()
    };
    let mut articles = Vec::new();
    for (item, result) in chosen.iter().zip(had) {
        match result {
            Ok((article, source, own)) => {
                let keys: Vec<String> = [article.meta.source.as_deref(), article.url.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(select::link_key)
                    .collect();
                if canonical.seen(&keys) {
                    report.notes.push(format!(
                        "{}: the same article as one taken already; taken once",
                        article.path.display()
                    ));
                    continue;
                }
                report.warnings.extend(own.warnings);
                report.notes.extend(own.notes);
                report.details.extend(own.details);
                let title = &recipe.sections[item.section].title;
                match edition.sections.last_mut() {
                    Some(last) if last.title == *title => last.articles.end += 1,
                    _ => edition.sections.push(EditionSection {
                        title: title.clone(),
                        articles: articles.len()..articles.len() + 1,
                    }),
                }
                articles.push(article);
                edition.articles.push(source);
            }
            Err(out) => {
                report.warnings.push(Warning::new(
                    WarningKind::Book,
                    format!("{}: left out: {}", out.link, out.reason),
                ));
                left_out.push(out);
            }
        }
    }
    edition.left_out = left_out;
    if articles.is_empty() {
        return Err(Error::Read {
            path: input.clone(),
            source: std::io::Error::other(format!(
                "no article of the edition could be had ({} left out)",
                edition.left_out.len()
            )),
        });
    }
    let book = book_of(&recipe, edition, articles, date, modified, &fetcher, report)?;
    let bytes = render(&book, options.format)?;
    let default_path = write::default_path(&format!("{} {date}", recipe.title))
        .with_extension(options.format.extension());
    Ok(Made {
        bytes,
        title: recipe.title,
        default_path,
    })
}

/// The edition as a book: its metadata (a periodical's), its images, its cover.
fn book_of(
    recipe: &Recipe,
    edition: Edition,
    articles: Vec<warraq_readers::article::Article>,
    date: NaiveDate,
    modified: DateTime<Utc>,
    fetcher: &Fetcher,
    report: &mut Report,
) -> Result<Book> {
    let identity = format!("{}\n{date}\n{:?}", recipe.title, edition.number);
    let fields = Fields {
        title: Some(recipe.title.clone()),
        lang: Some(recipe.lang.clone()),
        publisher: recipe.publisher.clone(),
        date: PubDate::parse(&date.to_string()).ok(),
        subjects: recipe.sections.iter().map(|s| s.title.clone()).collect(),
        identifier: Some(format!(
            "urn:uuid:{}",
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, identity.as_bytes())
        )),
        ..Fields::default()
    };
    let metadata = Metadata::resolve(fields, &recipe.title, "", modified, &mut report.notes)?;
    let images = images::prepare(&articles, fetcher, report)?;
    let cover = CoverChoice::of(recipe.cover.clone(), &mut report.warnings)?;
    let mut book = Book {
        metadata,
        articles,
        cover: cover.image(),
        images,
        layout: Layout {
            title_page: false,
            contents_page: false,
        },
        font: None,
        edition: Some(edition),
    };
    cover.complete(&mut book, &mut report.warnings)?;
    Ok(book)
}
