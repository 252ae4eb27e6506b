//! The book's archive, read through the checker's limits and written back: entries `fix`
//! changed are packed anew, every other entry is copied as it was packed (its compressed
//! bytes, CRC and sizes), and `mimetype` goes first, stored and exact.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

use roxmltree::Node;
use zip::ZipArchive;

use warraq_check::archive::{entry_name, nfc, Archive};
use warraq_check::Findings;
use warraq_epub::packing::TEXT_LEVEL;
use warraq_epub::xml::{decode, parse_xml};
use warraq_epub::zipwrite::{self, Packed};

const MIMETYPE: &str = "mimetype";
const MEDIA_TYPE: &[u8] = b"application/epub+zip";
const ENCRYPTION: &str = "META-INF/encryption.xml";
const ENC_NS: &str = "http://www.w3.org/2001/04/xmlenc#";

/// Font obfuscation algorithms (IDPF's and Adobe's): they scramble a font's first bytes with
/// the book's identifier so it cannot be lifted, and are no obstacle to editing the book.
const FONT_OBFUSCATION: &[&str] = &[
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
];

/// The book being fixed: the checker's view for reading, the zip for raw copies.
pub(crate) struct Book<'a> {
    bytes: &'a [u8],
    archive: Archive<'a>,
    zip: ZipArchive<Cursor<&'a [u8]>>,
    sink: Findings,
}

/// What the new archive holds in place of an entry, or in addition to them.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// New bytes for existing entries, by name.
    pub(crate) replaced: HashMap<String, Vec<u8>>,
    /// New entries, appended in this order.
    pub(crate) added: Vec<(String, Vec<u8>)>,
}

/// What rewriting the archive did besides the changes it was given.
#[derive(Debug, Default)]
pub(crate) struct Written {
    /// The archive's bytes.
    pub bytes: Vec<u8>,
    /// Entries whose extra fields (extended timestamps and the like) were dropped.
    pub(crate) extras_dropped: usize,
    /// Entries packed anew because their headers placed their packed bytes past the end of
    /// the archive.
    pub(crate) repacked: Vec<String>,
}

impl<'a> Book<'a> {
    /// Opens `bytes`; `None` when it is no zip (the check has said so already).
    pub(crate) fn open(bytes: &'a [u8]) -> Option<Book<'a>> {
        let mut sink = Findings::default();
        let archive = Archive::open(bytes, &mut sink)?;
        let zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
        Some(Book {
            bytes,
            archive,
            zip,
            sink,
        })
    }

    /// The package document's entry, as `META-INF/container.xml` names it.
    pub(crate) fn package_path(&mut self) -> Option<String> {
        warraq_check::container::package_path(&mut self.archive, &mut self.sink)
    }

    /// Whether the archive has entry `name`.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.archive.contains(name)
    }

    /// The unpacked bytes of entry `name`, within the checker's limits.
    pub(crate) fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        self.archive.read(name, &mut self.sink)
    }

    /// Every entry name, in archive order.
    pub(crate) fn names(&self) -> Vec<String> {
        self.archive.names.iter().map(|n| n.name.clone()).collect()
    }

    /// Why the book must not be touched, if it must not: entries encrypted by the zip itself,
    /// or by `META-INF/encryption.xml` with anything but font obfuscation.
    pub(crate) fn refusal(&mut self) -> Option<String> {
        for i in 0..self.zip.len() {
            if let Ok(entry) = self.zip.by_index_raw(i) {
                if entry.encrypted() {
                    return Some(format!("entry {:?} is encrypted", entry.name()));
                }
            }
        }
        if !self.contains(ENCRYPTION) {
            return None;
        }
        let Some(bytes) = self.read(ENCRYPTION) else {
            return Some(format!("{ENCRYPTION} cannot be read"));
        };
        let Some(text) = decode(&bytes) else {
            return Some(format!("{ENCRYPTION} is not UTF-8 or UTF-16 text"));
        };
        let doc = match parse_xml(&text) {
            Ok(doc) => doc,
            Err(e) => return Some(format!("{ENCRYPTION} is not well-formed XML: {e}")),
        };
        let encrypted = doc
            .descendants()
            .filter(|n| n.has_tag_name((ENC_NS, "EncryptedData")))
            .find(|data| !is_font_obfuscation(*data));
        encrypted.map(|data| {
            let uri = data
                .descendants()
                .find(|n| n.has_tag_name((ENC_NS, "CipherReference")))
                .and_then(|n| n.attribute("URI"))
                .unwrap_or("an entry");
            format!("{ENCRYPTION} encrypts {uri:?} (with DRM or other encryption than font obfuscation)")
        })
    }

    /// Writes the new archive: `mimetype` first, stored and exact; every other entry in its
    /// place, replaced ones packed anew and stamped `stamp`, the rest copied as packed with
    /// their own timestamps; added entries last.
    pub(crate) fn write(
        &mut self,
        changes: &Changes,
        stamp: (u16, u16),
    ) -> warraq_core::Result<Written> {
        let mut entries: Vec<(String, Packed, u16, u16)> = Vec::with_capacity(self.zip.len() + 2);
        entries.push((
            MIMETYPE.into(),
            Packed::stored(MEDIA_TYPE),
            stamp.0,
            stamp.1,
        ));
        // The package names an entry as its `href` does, the zip as its header does: the two
        // may differ in Unicode normalisation, so they are matched in NFC, as the check matches
        // them. Every replacement must land, or a repair would be reported but not made.
        let mut replaced: HashMap<Cow<str>, &Vec<u8>> = changes
            .replaced
            .iter()
            .map(|(name, bytes)| (nfc(name), bytes))
            .collect();
        let mut extras_dropped = 0;
        let mut repacked = Vec::new();
        for i in 0..self.zip.len() {
            let entry = self
                .zip
                .by_index_raw(i)
                .map_err(|e| warraq_core::Error::Internal(format!("zip: {e}")))?;
            let name = entry_name(&entry);
            // The new archive starts with an exact `mimetype`; an entry that is one to a reader
            // (the same name but for case or Unicode normalisation) would be a second.
            if nfc(&name).to_lowercase() == MIMETYPE || entry.is_dir() {
                continue;
            }
            // The name is written as its bytes are read; one the check would call unsafe is
            // never written, whichever directory of a doubled archive the check read.
            let utf8 = std::str::from_utf8(entry.name_raw()).is_ok();
            if let Some(why) = warraq_check::container::unsafe_name(&name, utf8) {
                return Err(warraq_core::Error::Input {
                    path: std::path::PathBuf::from(&name),
                    place: String::new(),
                    message: format!("an unsafe entry name ({why})"),
                    hint: None,
                });
            }
            if entry.extra_data().is_some_and(|e| !e.is_empty()) {
                extras_dropped += 1;
            }
            let (date, time) = entry
                .last_modified()
                .map_or(stamp, |t| (t.datepart(), t.timepart()));
            if let Some(bytes) = replaced.remove(nfc(&name).as_ref()) {
                entries.push((name, Packed::deflated(bytes, TEXT_LEVEL), stamp.0, stamp.1));
                continue;
            }
            let method = match entry.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                other => {
                    return Err(warraq_core::Error::input(
                        &name,
                        format!("is packed with {other}, which EPUB does not allow"),
                    ))
                }
            };
            // The packed bytes are sliced from the archive where the headers place them. Where
            // they place them past its end (a central directory that lies about the packed
            // size), the entry is packed anew from what the check read of it.
            let (crc, size) = (entry.crc32(), entry.size());
            let start = usize::try_from(entry.data_start()).ok();
            let len = usize::try_from(entry.compressed_size()).ok();
            let packed = start
                .zip(len)
                .and_then(|(start, len)| self.bytes.get(start..start.checked_add(len)?));
            let packed = match packed {
                Some(data) => Packed::raw(method, crc, size, data.to_vec()).ok_or_else(|| {
                    warraq_core::Error::Internal(format!("entry {name:?} has an unknown packing"))
                })?,
                None => {
                    let data = self.archive.read(&name, &mut self.sink).ok_or_else(|| {
                        warraq_core::Error::input(
                            &name,
                            "lies outside the archive and cannot be read",
                        )
                    })?;
                    repacked.push(name.clone());
                    Packed::deflated(&data, TEXT_LEVEL)
                }
            };
            entries.push((name, packed, date, time));
        }
        if let Some(lost) = replaced.keys().next() {
            return Err(warraq_core::Error::Internal(format!(
                "the repaired entry {lost:?} is not in the archive"
            )));
        }
        for (name, bytes) in &changes.added {
            entries.push((
                name.clone(),
                Packed::deflated(bytes, TEXT_LEVEL),
                stamp.0,
                stamp.1,
            ));
        }
        let capacity = entries.iter().map(|e| e.1.packed_len() + 128).sum();
        let bytes = zipwrite::write_stamped(
            entries.iter().map(|(n, p, d, t)| (n.as_str(), p, *d, *t)),
            capacity,
        )?;
        Ok(Written {
            bytes,
            extras_dropped,
            repacked,
        })
    }
}

fn is_font_obfuscation(data: Node) -> bool {
    data.descendants()
        .find(|n| n.has_tag_name((ENC_NS, "EncryptionMethod")))
        .and_then(|n| n.attribute("Algorithm"))
        .is_some_and(|a| FONT_OBFUSCATION.contains(&a.trim()))
}

#[cfg(test)]
#[path = "archive_tests.rs"]
mod tests;
