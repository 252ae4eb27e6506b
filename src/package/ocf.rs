//! The finishing pass over the archive epub-builder made: the attributes and metadata it
//! cannot write, added by the typed operations of `crate::package` (docs/epub-builder.md),
//! then a fresh, deterministic OCF zip (docs/ocf.md).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use zip::ZipArchive;

use crate::package::nav::{self, Nav};
use crate::package::ncx::{self, Ncx};
use crate::package::opf::{self, Meta, Opf};
use crate::package::EntryLanguages;
use warraq_core::error::{Error, Result};
use warraq_core::lang::{Direction, LanguageTag};
use warraq_cover::picture::Picture;
use warraq_epub::packing::{pack, zip_time, TEXT_LEVEL};
use warraq_epub::zipread;
use warraq_epub::zipwrite::{self, Packed};

/// The bytes of a large entry, given beside the archive instead of through epub-builder,
/// which would deflate them only for this pass to inflate and deflate them again.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Payload<'a> {
    /// Markup, packed at [`TEXT_LEVEL`].
    Text(&'a [u8]),
    /// The style sheet, the same in most books of a batch: packed by [`pack_alike`].
    Style(&'a [u8]),
    /// A document packed already, as soon as it was written.
    Packed(&'a Packed),
    /// An image in the text or an embedded font, packed by [`pack`].
    Resource(&'a [u8]),
    /// The cover, packed once for all the books that share it ([`Picture::packed`]).
    Cover(&'a Picture),
}

/// What the finishing pass adds to epub-builder's output.
#[derive(Debug)]
pub(crate) struct Finishing<'a> {
    /// The book's language: on `<package>`, and on the roots of the navigation document
    /// and the NCX.
    pub(crate) language: &'a LanguageTag,
    /// The book's direction, beside its language.
    pub(crate) direction: Direction,
    /// The book's identifier, as given: the text of `dc:identifier`, replacing the UUID
    /// epub-builder writes.
    pub identifier: &'a str,
    /// The elements appended to `<metadata>` ([`opf::metadata`]).
    pub metadata: &'a [Meta],
    /// The language and direction of the articles not in the book's, for their entries in
    /// the navigation document and the NCX.
    pub(crate) entry_languages: &'a EntryLanguages,
    /// The label of the landmarks `nav`, which assistive technology announces.
    pub(crate) landmarks_label: &'a str,
    /// The timestamp of every entry.
    pub modified: DateTime<Utc>,
    /// The bytes of the entries epub-builder was given empty, by entry name.
    pub(crate) payloads: HashMap<String, Payload<'a>>,
}

const MIMETYPE: &str = "mimetype";

/// Rewrites `generated` entry by entry: `mimetype` first and stored, everything else deflated
/// once (in parallel), every entry stamped with `finishing.modified` and no extra fields.
/// Entries named in `finishing.payloads` take their bytes from there.
pub(crate) fn finish(generated: &[u8], finishing: &Finishing) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(generated)).map_err(unzip)?;
    let mut entries: Vec<(String, Content)> = Vec::with_capacity(archive.len() + 1);
    entries.push((MIMETYPE.into(), Content::Mimetype));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(unzip)?;
        let name = entry.name().to_string();
        if name == MIMETYPE || entry.is_dir() {
            continue;
        }
        if let Some(payload) = finishing.payloads.get(&name) {
            entries.push((name, Content::Payload(*payload)));
            continue;
        }
        let whole = zipread::read_whole(generated, &entry, u64::MAX);
        drop(entry);
        let bytes = match whole {
            Some(bytes) => bytes,
            None => {
                let mut bytes = Vec::new();
                archive
                    .by_index(i)
                    .map_err(unzip)?
                    .read_to_end(&mut bytes)
                    .map_err(internal)?;
                bytes
            }
        };
        let content = match name.as_str() {
            opf::NAME => {
                Content::Generated(finish_package(&text(&name, bytes)?, finishing)?.into_bytes())
            }
            nav::NAME => {
                Content::Generated(finish_nav(&text(&name, bytes)?, finishing)?.into_bytes())
            }
            ncx::NAME => {
                Content::Generated(finish_ncx(&text(&name, bytes)?, finishing)?.into_bytes())
            }
            _ => Content::Alike(bytes),
        };
        entries.push((name, content));
    }
    let packed: Vec<Cow<Packed>> = entries.par_iter().map(|(n, c)| c.pack(n)).collect();
    let capacity = packed.iter().map(|p| p.packed_len() + 128).sum();
    let (date, time) = zip_time(finishing.modified);
    zipwrite::write(
        entries
            .iter()
            .zip(&packed)
            .map(|((n, _), p)| (n.as_str(), &**p)),
        date,
        time,
        capacity,
    )
}

/// What goes into one entry.
enum Content<'a> {
    Mimetype,
    /// Written for this book: the package document, the navigation, the NCX.
    Generated(Vec<u8>),
    /// Written by epub-builder as it writes it for every book (`container.xml`, Apple's
    /// display options).
    Alike(Vec<u8>),
    Payload(Payload<'a>),
}

impl Content<'_> {
    fn pack(&self, name: &str) -> Cow<'_, Packed> {
        match self {
            Content::Mimetype => Cow::Owned(Packed::stored(b"application/epub+zip")),
            Content::Generated(bytes) => Cow::Owned(Packed::deflated(bytes, TEXT_LEVEL)),
            Content::Payload(Payload::Text(bytes)) => {
                Cow::Owned(Packed::deflated(bytes, TEXT_LEVEL))
            }
            Content::Alike(bytes) => Cow::Owned(pack_alike(name, bytes)),
            Content::Payload(Payload::Style(bytes)) => Cow::Owned(pack_alike(name, bytes)),
            Content::Payload(Payload::Packed(packed)) => Cow::Borrowed(*packed),
            Content::Payload(Payload::Resource(bytes)) => Cow::Owned(pack(bytes)),
            Content::Payload(Payload::Cover(cover)) => Cow::Borrowed(cover.packed()),
        }
    }
}

/// The largest entry [`pack_alike`] keeps.
const ALIKE_LIMIT: usize = 16 * 1024;

thread_local! {
    /// The last bytes and packing of each entry name that [`pack_alike`] was given.
    static ALIKE: RefCell<HashMap<String, (Vec<u8>, Packed)>> = RefCell::new(HashMap::new());
}

/// `bytes` packed at [`TEXT_LEVEL`]; packed once a thread when the entry of that name had the
/// same bytes before, as most of a batch's books have the same style sheet and `container.xml`
/// (libdeflate packs the same bytes the same way).
fn pack_alike(name: &str, bytes: &[u8]) -> Packed {
    if bytes.len() > ALIKE_LIMIT {
        return Packed::deflated(bytes, TEXT_LEVEL);
    }
    ALIKE.with(|alike| {
        let mut alike = alike.borrow_mut();
        if let Some((last, packed)) = alike.get(name) {
            if last == bytes {
                return packed.clone();
            }
        }
        let packed = Packed::deflated(bytes, TEXT_LEVEL);
        alike.insert(name.to_string(), (bytes.to_vec(), packed.clone()));
        packed
    })
}

/// The package document in the book's language and direction, with its identifier and the
/// metadata epub-builder cannot write.
fn finish_package(text: &str, finishing: &Finishing) -> Result<String> {
    Opf::edit(text, |opf| {
        opf.set_root_language(finishing.language, finishing.direction)?;
        opf.replace_identifier(finishing.identifier)?;
        opf.append_metadata(finishing.metadata)
    })
}

/// The navigation document in the book's language and direction, its two navs labelled, the
/// landmarks hidden, and each entry of an article in another language in that language.
fn finish_nav(text: &str, finishing: &Finishing) -> Result<String> {
    Nav::edit(text, |nav| {
        nav.set_language(finishing.language, finishing.direction)?;
        nav.label_toc()?;
        nav.hide_landmarks(finishing.landmarks_label)?;
        nav.mark_entries(finishing.entry_languages)
    })
}

/// The NCX in the book's language and direction, and each entry of an article in another
/// language in that language.
fn finish_ncx(text: &str, finishing: &Finishing) -> Result<String> {
    Ncx::edit(text, |ncx| {
        ncx.set_language(finishing.language, finishing.direction)?;
        ncx.mark_entries(finishing.entry_languages)
    })
}

fn text(name: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::Internal(format!("{name} is not UTF-8: {e}")))
}

fn unzip(e: zip::result::ZipError) -> Error {
    Error::Internal(format!("reading epub-builder's archive: {e}"))
}

fn internal(e: std::io::Error) -> Error {
    Error::Internal(format!("writing the archive in memory: {e}"))
}
