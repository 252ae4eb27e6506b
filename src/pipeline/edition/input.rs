//! What an edition is made from besides a recipe: a feed given to `warraq build` (its URL,
//! fetched once, or its file), and the recipe of a lone feed.

use std::path::{Path, PathBuf};

use super::EditionOptions;
use crate::model::Report;
use crate::read::feed::{self, Feed};
use crate::read::fetch;
use crate::read::files;
use crate::read::recipe::{Recipe, Section, TextFrom};
use warraq_core::error::{Error, Result};

/// Whether the file at `path` or the answer `fetched` is a feed: its type, else its bytes.
pub(crate) fn is_feed(fetched: &fetch::Fetched) -> bool {
    let media_type = fetched.media_type.as_deref().unwrap_or_default();
    feed::is_feed_type(media_type)
        || ((feed::may_be_feed(media_type) || media_type.is_empty())
            && feed::sniff(&fetched.bytes).is_some())
}

/// Whether the file at `path` is to be read as a feed by its name (`.rss`, `.atom`, `.xml`,
/// `.rdf`, `.json`, `.feed`): `false` for any other; an error when it is named so but its
/// bytes are not a feed.
pub(crate) fn is_feed_file(path: &Path) -> Result<bool> {
    let named = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["rss", "atom", "xml", "rdf", "json", "feed"].contains(&e.to_ascii_lowercase().as_str())
    });
    if !named || path.is_dir() {
        return Ok(false);
    }
    let bytes = files::bytes(path)?;
    match feed::sniff(&bytes) {
        Some(_) => Ok(true),
        None => Err(Error::input(
            path,
            "is not a feed (RSS, Atom or JSON Feed), nor an article warraq reads",
        )
        .with_hint("articles are .txt, .md, .html, .htm, .xhtml or .docx files")),
    }
}

/// What `warraq build` was given: a feed, made into an edition (the path written), or a
/// page, with its answer when it was fetched.
pub(crate) enum Input {
    /// The edition made of the feed, written here.
    Edition(PathBuf),
    /// Not a feed: the page's answer, when the input is a URL.
    Page(Option<fetch::Fetched>),
}

/// For `warraq build`: a URL fetched once, and a feed found there (or a feed file) made into
/// an edition; anything else left to the build.
pub(crate) fn feed_or_page(
    options: &crate::pipeline::BuildOptions,
    report: &mut Report,
) -> Result<Input> {
    let fetched = match options.input.to_str().filter(|i| fetch::is_url(i)) {
        Some(url) => {
            Some(
                fetch::get(url, fetch::RESPONSE_LIMIT).map_err(|message| Error::Read {
                    path: options.input.clone(),
                    source: std::io::Error::other(message),
                })?,
            )
        }
        None => None,
    };
    let feed_file = fetched.is_none() && is_feed_file(&options.input)?;
    if !feed_file && !fetched.as_ref().is_some_and(is_feed) {
        return Ok(Input::Page(fetched));
    }
    let options = EditionOptions {
        input: options.input.clone(),
        output: options.output.clone(),
        title: options.flags.title.clone(),
        lang: options.flags.lang.clone(),
        modified: options.modified,
        format: options.format,
        fetched,
        ..EditionOptions::default()
    };
    super::edition(&options, report, &()).map(Input::Edition)
}

/// Whether `path` names a recipe rather than a feed.
pub(super) fn is_recipe(path: &Path) -> bool {
    // An address is a feed's, whatever it ends in: it names no file on this machine.
    !path.to_str().is_some_and(fetch::is_url)
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The recipe of a lone feed: one section, the feed's title and language unless given.
pub(super) fn lone_feed(name: &str, feed: &Feed, options: &EditionOptions) -> Result<Recipe> {
    let title = options
        .title
        .clone()
        .or_else(|| feed.title.clone())
        .unwrap_or_else(|| name.to_string());
    let lang = match options.lang.clone() {
        Some(lang) => lang,
        None => feed::language(feed).ok_or_else(|| {
            Error::input(
                name,
                "declares no language, and its titles are too few to tell",
            )
            .with_hint("give one with --lang TAG")
        })?,
    };
    Ok(Recipe {
        title: title.clone(),
        lang,
        publisher: None,
        number: None,
        first_edition: None,
        cover: None,
        sections: vec![Section {
            title,
            feeds: vec![name.to_string()],
            lang: None,
            max_articles: crate::read::recipe::MAX_ARTICLES * 2,
            oldest: None,
            include: Vec::new(),
            exclude: Vec::new(),
            text: TextFrom::Auto,
        }],
    })
}
