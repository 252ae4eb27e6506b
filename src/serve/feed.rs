//! A feed given to `warraq serve` by its address: an edition, as `warraq build FEED` makes
//! one — the feed's articles fetched within the server's address policy, the front-page cover
//! drawn, the form's title and language over the feed's own.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;
use warraq_core::error::{Error, Result};
use warraq_core::lang::{Direction, LanguageTag};
use warraq_core::write;
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

/// The edition of the feed `upload`, made in a temporary folder and read back.
pub(super) fn build(
    upload: &Upload,
    order: &Order,
    client: &Settings,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built> {
    let scratch = tempfile::tempdir().map_err(|e| Error::Write {
        path: std::env::temp_dir(),
        source: e,
    })?;
    let title = Some(order.form.title.trim().to_string()).filter(|t| !t.is_empty());
    // The edition's title: the form's, else the feed's (as the edition takes it).
    let named = match &title {
        Some(title) => title.clone(),
        None => feed::parse(&upload.bytes, upload.url.as_deref())
            .ok()
            .and_then(|f| f.title)
            .unwrap_or_else(|| upload.name.clone()),
    };
    let lang = match order.form.language.trim() {
        "" => None,
        tag => Some(LanguageTag::parse(tag).map_err(|message| Error::Flag {
            flag: "language",
            message,
            hint: None,
        })?),
    };
    let format = if order.kobo {
        Format::Kepub
    } else {
        Format::Epub
    };
    let output: PathBuf = scratch
        .path()
        .join(format!("edition.{}", format.extension()));
    let options = EditionOptions {
        input: PathBuf::from(&upload.name),
        output: Some(output.clone()),
        title,
        lang,
        format,
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
    edition::edition(&options, &mut report, &counted)?;
    let bytes = std::fs::read(&output).map_err(|e| Error::Read {
        path: output.clone(),
        source: e,
    })?;
    Ok(Built {
        file_name: file_name(&named, format),
        title: named,
        bytes,
        warnings: report.warnings.into_iter().map(|w| w.message).collect(),
    })
}

fn file_name(title: &str, format: Format) -> String {
    let path = write::default_path(title).with_extension(format.extension());
    Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("edition.{}", format.extension()))
}
