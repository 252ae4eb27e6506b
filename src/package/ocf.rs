//! The finishing pass over the archive epub-builder made: the attributes and metadata it
//! cannot write, added by the typed operations of `crate::package` (docs/epub-builder.md),
//! then a fresh, deterministic OCF zip (docs/ocf.md).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Timelike, Utc};
use rayon::prelude::*;
use zip::ZipArchive;

use crate::error::{Error, Result};
use crate::lang::{Direction, LanguageTag};
use crate::package::nav::{self, Nav};
use crate::package::ncx::{self, Ncx};
use crate::package::opf::{self, Meta, Opf};
use crate::package::zipread;
use crate::package::zipwrite::{self, Packed};
use crate::package::EntryLanguages;
use crate::prepare::picture::Picture;

/// libdeflate's level for markup and style sheets, chosen by measurement (BENCHMARKS.md,
/// `examples/deflate_levels.rs`): on Arabic chapters level 4 is 2 % larger than 6 and takes
/// half the time; zlib's level 4 is as large and twice as slow.
pub const TEXT_LEVEL: i32 = 4;

/// libdeflate's level for images. JPEG and PNG are compressed already, but a JPEG written
/// with standard Huffman tables may still shrink by a third (the sample cover: 562 → 378 KB at
/// 6, in 6 ms; zlib needs level 9 and 13 ms for that). Level 6 is the fastest that keeps the
/// sample book no larger than pandoc's. A batch packs its shared cover once.
pub const IMAGE_LEVEL: i32 = 6;

/// The least share deflate must take off an image or font for it to be deflated; below it the
/// entry is stored, and the time deflating it would take is saved (see [`pack`]).
pub const USEFUL_SAVING: f64 = 0.04;

/// Bytes in each of the windows [`pack`] tries deflate on.
const PROBE_WINDOW: usize = 16 * 1024;
/// How many windows, spread evenly over the entry.
const PROBE_WINDOWS: usize = 4;

/// An image or font packed for the archive: deflated at [`IMAGE_LEVEL`] when a probe says
/// deflate takes at least [`USEFUL_SAVING`] off it, else stored. The probe deflates a few
/// windows spread over the bytes at libdeflate's fastest level (a tenth of the work of
/// deflating them all), so the decision is measured on each file, not guessed from its type:
/// a JPEG with standard Huffman tables over flat colour shrinks by a third, a photograph
/// with optimised tables by 1 %.
pub fn pack(bytes: &[u8]) -> Packed {
    if bytes.len() <= PROBE_WINDOW * PROBE_WINDOWS * 2 || deflate_helps(bytes) {
        Packed::deflated(bytes, IMAGE_LEVEL)
    } else {
        Packed::stored(bytes)
    }
}

/// Whether deflating the probe windows of `bytes` takes [`USEFUL_SAVING`] off them.
fn deflate_helps(bytes: &[u8]) -> bool {
    let step = (bytes.len() - PROBE_WINDOW) / (PROBE_WINDOWS - 1);
    let (mut raw, mut packed) = (0, 0);
    for i in 0..PROBE_WINDOWS {
        let window = &bytes[i * step..i * step + PROBE_WINDOW];
        raw += window.len();
        packed += Packed::deflated(window, PROBE_LEVEL).packed_len();
    }
    (packed as f64) < raw as f64 * (1.0 - USEFUL_SAVING)
}

/// libdeflate's fastest level, for the probe.
const PROBE_LEVEL: i32 = 1;

/// The bytes of a large entry, given beside the archive instead of through epub-builder,
/// which would deflate them only for this pass to inflate and deflate them again.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// Markup, packed at [`TEXT_LEVEL`].
    Text(&'a [u8]),
    /// The style sheet, the same in most books of a batch: packed by [`pack_alike`].
    Style(&'a [u8]),
    /// A document packed already, as soon as it was written.
    Packed(&'a Packed),
    /// An image in the text or an embedded font, packed by [`pack`].
    Resource(&'a [u8]),
    /// The cover, packed once for all the books that share it ([`packed_cover`]).
    Cover(&'a Picture),
}

/// Starts packing `cover` on rayon's pool, so it overlaps the rest of the build; the finishing
/// pass takes the packed bytes from the cover, waiting for them if they are not ready yet.
pub fn pack_ahead(cover: &Arc<Picture>) {
    let cover = Arc::clone(cover);
    rayon::spawn(move || {
        packed_cover(&cover);
    });
}

/// The cover's bytes as packed into every archive that carries it, packed on first use.
pub fn packed_cover(cover: &Picture) -> &Packed {
    cover.packed.get_or_init(|| pack(&cover.bytes))
}

/// What the finishing pass adds to epub-builder's output.
#[derive(Debug)]
pub struct Finishing<'a> {
    /// The book's language: on `<package>`, and on the roots of the navigation document
    /// and the NCX.
    pub language: &'a LanguageTag,
    /// The book's direction, beside its language.
    pub direction: Direction,
    /// The book's identifier, as given: the text of `dc:identifier`, replacing the UUID
    /// epub-builder writes.
    pub identifier: &'a str,
    /// The elements appended to `<metadata>` ([`opf::metadata`]).
    pub metadata: &'a [Meta],
    /// The language and direction of the articles not in the book's, for their entries in
    /// the navigation document and the NCX.
    pub entry_languages: &'a EntryLanguages,
    /// The label of the landmarks `nav`, which assistive technology announces.
    pub landmarks_label: &'a str,
    /// The timestamp of every entry.
    pub modified: DateTime<Utc>,
    /// The bytes of the entries epub-builder was given empty, by entry name.
    pub payloads: HashMap<String, Payload<'a>>,
}

const MIMETYPE: &str = "mimetype";

/// Rewrites `generated` entry by entry: `mimetype` first and stored, everything else deflated
/// once (in parallel), every entry stamped with `finishing.modified` and no extra fields.
/// Entries named in `finishing.payloads` take their bytes from there.
pub fn finish(generated: &[u8], finishing: &Finishing) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(generated))?;
    let mut entries: Vec<(String, Content)> = Vec::with_capacity(archive.len() + 1);
    entries.push((MIMETYPE.into(), Content::Mimetype));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
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
                    .by_index(i)?
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
            Content::Payload(Payload::Cover(cover)) => Cow::Borrowed(packed_cover(cover)),
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

/// DOS date and time; they cover 1980–2107 in two-second steps, and times outside are
/// clamped to it.
pub(crate) fn zip_time(t: DateTime<Utc>) -> (u16, u16) {
    let year = t.year().clamp(1980, 2107) as u16;
    let time = zip::DateTime::from_date_and_time(
        year,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default();
    (time.datepart(), time.timepart())
}

fn internal(e: std::io::Error) -> Error {
    Error::Internal(format!("writing the archive in memory: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes drawn evenly from 240 of the 256 values: deflate's Huffman coding takes about
    /// 1 % off them, less than is worth its time.
    fn nearly_random(len: usize) -> Vec<u8> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state >> 32) % 240) as u8
            })
            .collect()
    }

    #[test]
    fn what_deflate_hardly_shrinks_is_stored_and_the_rest_deflated() {
        let bytes = nearly_random(400_000);
        // The check can fail: deflate does make these bytes a little smaller.
        assert!(Packed::deflated(&bytes, IMAGE_LEVEL).packed_len() < bytes.len());
        assert_eq!(pack(&bytes).packed_len(), bytes.len());
        let text = "نص عربي يتكرر ".repeat(20_000);
        assert!(pack(text.as_bytes()).packed_len() < text.len() / 4);
    }
}
