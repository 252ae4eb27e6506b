//! A feed given to `warraq serve` by its address: an edition, as `warraq build FEED` makes
//! one — the feed's articles fetched within the server's address policy, the front-page cover
//! drawn, the form's title and language over the feed's own.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;
use warraq_core::error::{Error, Result};
use warraq_core::lang::{Direction, LanguageTag};
use warraq_serve::{Built, Form, Order, Proposal, Upload};

use crate::model::Format;
use crate::pipeline::edition::{self, is_feed, CachePlace, EditionOptions, Progress};
use crate::read::feed;
use crate::read::fetch::{Fetched, Settings};

/// The feed among `sources` (a fetched one: a file sent is an article), if there is one; an
/// error when it is not alone (a feed makes an edition of its own).
pub(super) fn the_feed(sources: &[Upload]) -> Result<Option<&Upload>> {
    let Some(found) = sources
        .iter()
        .find(|s| s.url.is_some() && is_feed(&fetched(s)))
    else {
        return Ok(None);
    };
    if sources.len() > 1 {
        return Err(Error::input(
            &found.name,
            "is a feed, which makes an edition of its own: give it alone",
        ));
    }
    Ok(Some(found))
}

/// What a source fetched for the server was, as the fetcher gave it.
pub(super) fn fetched(upload: &Upload) -> Fetched {
    Fetched {
        url: upload.url.clone().unwrap_or_else(|| upload.name.clone()),
        bytes: upload.bytes.clone(),
        media_type: upload.media_type.clone(),
        charset: upload.charset.clone(),
    }
}

/// The form of an edition of `feed`: its title and language (else one told from its items'
/// titles), dated today.
pub(super) fn propose(upload: &Upload) -> Result<Proposal> {
    let parsed = feed::parse(&upload.bytes, upload.url.as_deref())
        .map_err(|message| Error::input(&upload.name, message))?;
    let language = feed::language(&parsed);
    let direction = match language.as_ref().map(LanguageTag::direction) {
        Some(Direction::Rtl) => "rtl",
        _ => "ltr",
    };
    Ok(Proposal {
        form: Form {
            title: parsed.title.clone().unwrap_or_else(|| upload.name.clone()),
            language: language.map(|l| l.as_str().to_string()).unwrap_or_default(),
            direction: direction.into(),
            date: Some(Utc::now().format("%Y-%m-%d").to_string()),
            ..Form::default()
        },
        warnings: vec![format!(
            "{}: a feed of {} items; it makes an edition, its articles fetched when it is made",
            upload.name,
            parsed.items.len()
        )],
    })
}

/// Tells the server's progress of each article had.
struct Counted<'a> {
    total: AtomicUsize,
    done: AtomicUsize,
    progress: &'a (dyn Fn(usize, usize) + Sync),
}

impl Progress for Counted<'_> {
    fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        (self.progress)(0, total);
    }

    fn done(&self, _title: &str) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        (self.progress)(done, self.total.load(Ordering::Relaxed));
    }
}

/// The edition of the feed `upload`, made in memory.
pub(super) fn build(
    upload: &Upload,
    order: &Order,
    client: &Settings,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built> {
    let lang = match order.form.language.trim() {
        "" => None,
        tag => Some(LanguageTag::parse(tag).map_err(|message| Error::Flag {
            flag: "language",
            message,
            hint: None,
        })?),
    };
    let options = EditionOptions {
        input: PathBuf::from(&upload.name),
        title: Some(order.form.title.trim().to_string()).filter(|t| !t.is_empty()),
        lang,
        format: if order.kobo {
            Format::Kepub
        } else {
            Format::Epub
        },
        cache: CachePlace::Off,
        client: client.clone(),
        fetched: Some(fetched(upload)),
        ..EditionOptions::default()
    };
    let mut report = crate::model::Report::default();
    let counted = Counted {
        total: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        progress,
    };
    let made = edition::edition_bytes(&options, &mut report, &counted)?;
    let file_name = made
        .default_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Built {
        file_name,
        title: made.title,
        bytes: made.bytes,
        warnings: report.warnings.into_iter().map(|w| w.message).collect(),
    })
}
