//! The zip, read defensively: the `zip` crate for contents, and the raw headers by hand for
//! what it hides (the physically first entry, its compression and extra field, duplicates).
//!
//! Entry names are read as UTF-8 whenever their bytes are UTF-8, whatever the zip's "UTF-8"
//! flag (general-purpose bit 11) says: EPUB requires UTF-8 names, and Info-ZIP's `zip` and
//! many older writers store them without the flag, which would otherwise decode them as
//! CP437. Names are looked up after Unicode normalisation (NFC), as EPUBCheck compares them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use unicode_normalization::{is_nfc, UnicodeNormalization};
use zip::read::ZipFile;
use zip::ZipArchive;

use super::{rules, Findings};
use warraq_epub::zipread;

/// No entry is decompressed past this; a larger one is reported, not read.
pub(crate) const ENTRY_LIMIT: u64 = 64 * 1024 * 1024;

/// Decompressed bytes read from one archive in all, so that many large entries stay cheap.
const ARCHIVE_BUDGET: u64 = 256 * 1024 * 1024;

/// The first local file header of the archive, as written (offset 0).
#[derive(Debug)]
pub(crate) struct FirstEntry {
    /// The entry's name, lossily decoded.
    pub name: String,
    /// Compression method: 0 is stored.
    pub(crate) method: u16,
    /// Length of the extra field.
    pub(crate) extra_len: u16,
}

/// An open archive and what its raw headers say.
pub struct Archive<'a> {
    bytes: &'a [u8],
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// The `zip` crate's index of each entry, by its name read as UTF-8 and in NFC.
    index: HashMap<String, usize>,
    /// Entry names from the central directory, in order, duplicates kept (the `zip` crate
    /// keeps one of each name). Names that are not UTF-8 are decoded lossily.
    pub names: Vec<RawName>,
    /// The local header at offset 0, when there is one.
    pub(crate) first: Option<FirstEntry>,
    budget: u64,
    /// Which entries, by the `zip` crate's index, a full read has already judged.
    judged: Vec<bool>,
}

/// An entry name as the central directory has it.
#[derive(Debug)]
pub struct RawName {
    /// The name, lossily decoded.
    pub name: String,
    /// Whether the name's bytes were valid UTF-8.
    pub(crate) utf8: bool,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip; `None`, with an `OCF-001` finding, when it is not one.
    pub fn open(bytes: &'a [u8], out: &mut Findings) -> Option<Archive<'a>> {
        let mut zip = match ZipArchive::new(Cursor::new(bytes)) {
            Ok(zip) => zip,
            Err(e) => {
                out.add(rules::OCF_NOT_ZIP, "", format!("not a zip archive: {e}"));
                return None;
            }
        };
        let names = central_names(bytes, &mut zip).unwrap_or_else(|| {
            zip.file_names()
                .map(|n| RawName {
                    name: n.to_string(),
                    utf8: true,
                })
                .collect()
        });
        Some(Archive {
            bytes,
            index: name_index(&mut zip),
            judged: vec![false; zip.len()],
            zip,
            names,
            first: first_entry(bytes),
            budget: ARCHIVE_BUDGET,
        })
    }

    /// Whether an entry of this name exists (compared in NFC).
    pub fn contains(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(nfc(name).as_ref()).copied()
    }

    /// The first `len` decompressed bytes of entry `name` (fewer if it is shorter), or `None`
    /// when it cannot be read; nothing is reported, and the entry's checksum is not verified.
    /// For a look at a header before, if need be, a full [`Archive::read`].
    pub(crate) fn read_head(&mut self, name: &str, len: u64) -> Option<Vec<u8>> {
        let index = self.index_of(name)?;
        let entry = self.zip.by_index(index).ok()?;
        let mut bytes = Vec::with_capacity(len.min(entry.size()) as usize);
        entry.take(len).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }

    /// The decompressed bytes of entry `name`: `None` when there is no such entry, or, with an
    /// `OCF-011` finding, when it cannot be read or is too large. A well-formed entry is
    /// unpacked whole ([`zipread`]); any other is read by the `zip` crate, which says what is
    /// wrong with it.
    pub fn read(&mut self, name: &str, out: &mut Findings) -> Option<Vec<u8>> {
        let index = self.index_of(name)?;
        self.judged[index] = true;
        let limit = ENTRY_LIMIT.min(self.budget);
        let whole = self.zip.by_index_raw(index).ok();
        if let Some(bytes) = whole.and_then(|e| zipread::read_whole(self.bytes, &e, limit)) {
            self.budget -= bytes.len() as u64;
            return Some(bytes);
        }
        let result = self.zip.by_index(index).and_then(|entry| {
            if entry.size() > limit {
                return Ok(Err(entry.size()));
            }
            let mut bytes = Vec::new();
            entry.take(limit + 1).read_to_end(&mut bytes)?;
            Ok(Ok(bytes))
        });
        let too_large = |size: u64| {
            if self.budget < ENTRY_LIMIT {
                format!("not read: {size} bytes or more, past the 256 MiB the check reads from one archive")
            } else {
                format!("not read: {size} bytes or more, over the 64 MiB limit for one entry")
            }
        };
        match result {
            Ok(Ok(bytes)) if bytes.len() as u64 <= limit => {
                self.budget -= bytes.len() as u64;
                Some(bytes)
            }
            Ok(Ok(bytes)) => {
                out.add(
                    rules::OCF_UNREADABLE_ENTRY,
                    name,
                    too_large(bytes.len() as u64),
                );
                None
            }
            Ok(Err(size)) => {
                out.add(rules::OCF_UNREADABLE_ENTRY, name, too_large(size));
                None
            }
            Err(e) => {
                out.add(
                    rules::OCF_UNREADABLE_ENTRY,
                    name,
                    format!("cannot be read: {}", with_causes(&e)),
                );
                None
            }
        }
    }

    /// Unpacks every entry no full read has judged yet, within the archive's budget, and
    /// reports each that cannot be unpacked or fails its CRC-32 (`OCF-011`). A damaged entry
    /// that the package does not reach (or that no package reaches, when the container is
    /// lost) is damage all the same: `fix` would copy it into the book it writes.
    pub(crate) fn verify_unjudged(&mut self, out: &mut Findings) {
        for index in 0..self.judged.len() {
            if self.judged[index] {
                continue;
            }
            self.judged[index] = true;
            let limit = ENTRY_LIMIT.min(self.budget);
            let Ok(entry) = self.zip.by_index_raw(index) else {
                continue;
            };
            // Directories hold nothing, and an entry past the limit is reported only when the
            // check needs its bytes.
            if entry.is_dir() || entry.size() > limit {
                continue;
            }
            let (name, size) = (entry_name(&entry), entry.size());
            let whole = zipread::is_whole(self.bytes, &entry, limit);
            drop(entry);
            if whole {
                self.budget -= size;
                continue;
            }
            // One byte past the limit, so that the reader reaches the end of an entry of
            // exactly the limit's size, where it checks the CRC-32.
            let streamed = self.zip.by_index(index).and_then(|entry| {
                Ok(std::io::copy(
                    &mut entry.take(limit + 1),
                    &mut std::io::sink(),
                )?)
            });
            match streamed {
                Ok(read) if read > size => out.add(
                    rules::OCF_UNREADABLE_ENTRY,
                    name,
                    format!("cannot be read: it unpacks to more than the {size} bytes it declares"),
                ),
                Ok(read) => self.budget -= read.min(self.budget),
                Err(e) => out.add(
                    rules::OCF_UNREADABLE_ENTRY,
                    name,
                    format!("cannot be read: {}", with_causes(&e)),
                ),
            }
        }
    }
}

/// An error's message followed by those of its causes, where they add something: the `zip`
/// crate's "i/o error" says nothing without the "invalid checksum" below it.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !message.contains(&cause_text) {
            message = format!("{message}: {cause_text}");
        }
        source = cause.source();
    }
    message
}

/// A name in Unicode's composed form (NFC), borrowed when it is in that form already.
pub fn nfc(name: &str) -> Cow<'_, str> {
    if is_nfc(name) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(name.nfc().collect())
    }
}

/// An entry's name: its raw bytes read as UTF-8 when they are UTF-8 (the `zip` crate reads a
/// name without the UTF-8 flag as CP437, which Info-ZIP's `zip` leaves off), else the crate's
/// reading.
pub fn entry_name<R: Read>(entry: &ZipFile<'_, R>) -> String {
    match std::str::from_utf8(entry.name_raw()) {
        Ok(name) => name.to_string(),
        Err(_) => entry.name().to_string(),
    }
}

/// Each entry's index by its name ([`entry_name`]), in NFC. The first of two entries with one
/// name wins (the duplicate is reported as `OCF-009`).
fn name_index(zip: &mut ZipArchive<Cursor<&[u8]>>) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(zip.len());
    for i in 0..zip.len() {
        let raw = zip.by_index_raw(i).ok().map(|entry| entry_name(&entry));
        let Some(name) = raw.or_else(|| zip.name_for_index(i).map(str::to_string)) else {
            continue;
        };
        index.entry(nfc(&name).into_owned()).or_insert(i);
    }
    index
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;

/// The local header at offset 0: OCF wants `mimetype` there, stored, without extra field.
fn first_entry(bytes: &[u8]) -> Option<FirstEntry> {
    if u32_at(bytes, 0)? != LOCAL_HEADER {
        return None;
    }
    let name_len = usize::from(u16_at(bytes, 26)?);
    Some(FirstEntry {
        name: String::from_utf8_lossy(bytes.get(30..30 + name_len)?).into_owned(),
        method: u16_at(bytes, 8)?,
        extra_len: u16_at(bytes, 28)?,
    })
}

/// Every name in the central directory the `zip` crate reads, in order, duplicates kept;
/// `None` when its headers cannot be walked (the crate's own names are then used).
///
/// An archive may hold more than one end record (a second archive appended, or a forged
/// one); the crate tries them from the last and keeps the first whose directory it can read.
/// The names are taken from that same directory, so that what the check judges is what
/// `fix` copies. The crate keeps one entry per name, the later header's, so the header it
/// read last is the one its entries place last.
fn central_names(bytes: &[u8], zip: &mut ZipArchive<Cursor<&[u8]>>) -> Option<Vec<RawName>> {
    let last = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|e| e.central_header_start()))
        .max();
    let Some(last) = last.and_then(|l| usize::try_from(l).ok()) else {
        return Some(Vec::new());
    };
    let mut at = usize::try_from(zip.central_directory_start()).ok()?;
    let mut names = Vec::with_capacity(zip.len());
    while at <= last {
        if u32_at(bytes, at)? != CENTRAL_HEADER {
            return None;
        }
        let name_len = usize::from(u16_at(bytes, at + 28)?);
        let extra_len = usize::from(u16_at(bytes, at + 30)?);
        let comment_len = usize::from(u16_at(bytes, at + 32)?);
        let raw = bytes.get(at + 46..at + 46 + name_len)?;
        // EPUB names are UTF-8 whatever the flags say (CP437 agrees with it on ASCII).
        names.push(RawName {
            name: String::from_utf8_lossy(raw).into_owned(),
            utf8: std::str::from_utf8(raw).is_ok(),
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use warraq_epub::zipwrite::{self, Packed};

    fn archive(entries: &[(&str, Packed)]) -> Vec<u8> {
        zipwrite::write(entries.iter().map(|(n, p)| (*n, p)), 0x5821, 0x6000, 0).unwrap()
    }

    fn unjudged_findings(bytes: &[u8]) -> Vec<(String, String)> {
        let mut out = Findings::default();
        let mut archive = Archive::open(bytes, &mut out).unwrap();
        archive.verify_unjudged(&mut out);
        out.0
            .into_iter()
            .map(|f| (f.code.to_string(), f.location))
            .collect()
    }

    /// Found by the `fix` fuzz target: an archive with a second, forged directory after its
    /// end record, naming its entry otherwise. The `zip` crate refuses the forged end record
    /// (its comment runs past the end) and reads the first directory; so must the check.
    #[test]
    fn names_come_from_the_directory_the_zip_crate_reads() {
        let mut bytes = archive(&[("EPUB/a\u{1a}b.xhtml", Packed::stored(b"<p/>"))]);
        let end = bytes.len() - 22;
        let directory = u32_at(&bytes, end + 16).unwrap() as usize;
        let mut forged = bytes[directory..end].to_vec();
        let name = forged.iter().position(|&b| b == 0x1a).unwrap();
        forged[name] = b'c';
        let mut end_record = bytes[end..].to_vec();
        end_record[16..20].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
        end_record[20..22].copy_from_slice(&0xFFFFu16.to_le_bytes());
        bytes.extend_from_slice(&forged);
        bytes.extend_from_slice(&end_record);

        let archive = Archive::open(&bytes, &mut Findings::default()).unwrap();
        let names: Vec<&str> = archive.names.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["EPUB/a\u{1a}b.xhtml"]);
        assert_eq!(archive.zip.file_names().collect::<Vec<_>>(), names);
    }

    #[test]
    fn damage_in_an_entry_nothing_reads_is_found() {
        let text = "body { direction: rtl }".repeat(50);
        let good = archive(&[
            ("mimetype", Packed::stored(b"application/epub+zip")),
            ("EPUB/a.css", Packed::stored(text.as_bytes())),
            ("EPUB/b.css", Packed::deflated(text.as_bytes(), 4)),
        ]);
        assert!(unjudged_findings(&good).is_empty());

        let stored_at = 30 + 8 + 20 + 30 + "EPUB/a.css".len();
        let mut damaged = good.clone();
        damaged[stored_at + 3] ^= 0x20;
        assert_eq!(
            unjudged_findings(&damaged),
            [("OCF-011".to_string(), "EPUB/a.css".to_string())]
        );
    }

    #[test]
    fn an_entry_a_full_read_judged_is_not_reported_twice() {
        let text = "body { direction: rtl }";
        let mut bytes = archive(&[("EPUB/a.css", Packed::stored(text.as_bytes()))]);
        bytes[30 + "EPUB/a.css".len()] ^= 0x20;
        let mut out = Findings::default();
        let mut archive = Archive::open(&bytes, &mut out).unwrap();
        assert!(archive.read("EPUB/a.css", &mut out).is_none());
        archive.verify_unjudged(&mut out);
        assert_eq!(out.0.len(), 1, "{:?}", out.0);
        assert!(out.0[0].message.contains("Invalid checksum"), "{:?}", out.0);
    }
}
