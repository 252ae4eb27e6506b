//! An EPUB taken apart, broken in exactly one place, and put back together: the `check` and
//! `fix` tests' way to make a book with one known fault. Its entries are read with the one
//! reader ([`super::epub::Epub`]); this module only writes, and patches raw archive bytes.

use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::{FullFileOptions, SimpleFileOptions};
use zip::{CompressionMethod, ZipWriter};

/// One entry of an archive, as the tests rewrite it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its name.
    pub name: String,
    /// Its uncompressed bytes.
    pub bytes: Vec<u8>,
    /// Whether it is deflated (else stored).
    pub deflated: bool,
    /// An extra field to write in its local header: (header id, data).
    pub extra: Option<(u16, Vec<u8>)>,
}

/// An EPUB taken apart into its entries, in archive order, to be rewritten.
#[derive(Debug, Clone)]
pub struct Archive {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Whether names are written without the zip's UTF-8 flag (general-purpose bit 11), as
    /// Info-ZIP's `zip` and older Java and Python writers store UTF-8 names.
    pub unflagged_names: bool,
}

impl Archive {
    /// Takes apart the EPUB at `path` (read with the one reader, [`super::epub::Epub`]).
    pub fn read(path: &Path) -> Archive {
        let entries = super::epub::Epub::open(path)
            .entries()
            .iter()
            .map(|e| Entry {
                name: e.name.clone(),
                bytes: e.bytes.clone(),
                deflated: e.deflated,
                extra: None,
            })
            .collect();
        Archive {
            entries,
            unflagged_names: false,
        }
    }

    fn index(&self, name: &str) -> usize {
        self.entries
            .iter()
            .position(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entry {name}"))
    }

    /// The entry called `name`.
    pub fn entry(&mut self, name: &str) -> &mut Entry {
        let i = self.index(name);
        &mut self.entries[i]
    }

    /// The text of entry `name`.
    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.entries[self.index(name)].bytes.clone()).unwrap()
    }

    /// Replaces every `from` with `to` in entry `name`; `from` must be there, so that a test
    /// never passes because its edit silently did nothing.
    pub fn replace(&mut self, name: &str, from: &str, to: &str) -> &mut Self {
        let text = self.text(name);
        assert!(text.contains(from), "{name} has no {from:?}:\n{text}");
        self.entry(name).bytes = text.replace(from, to).into_bytes();
        self
    }

    /// Removes entry `name`.
    pub fn remove(&mut self, name: &str) -> &mut Self {
        let i = self.index(name);
        self.entries.remove(i);
        self
    }

    /// Appends an entry, deflated.
    pub fn push(&mut self, name: &str, bytes: &[u8]) -> &mut Self {
        self.entries.push(Entry {
            name: name.to_string(),
            bytes: bytes.to_vec(),
            deflated: true,
            extra: None,
        });
        self
    }

    /// The archive, in entry order, with each entry's compression and extra field.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for entry in &self.entries {
            let method = if entry.deflated {
                CompressionMethod::Deflated
            } else {
                CompressionMethod::Stored
            };
            match &entry.extra {
                Some((id, data)) => {
                    let mut options = FullFileOptions::default().compression_method(method);
                    options.add_extra_data(*id, data.clone(), false).unwrap();
                    zip.start_file(entry.name.as_str(), options).unwrap();
                }
                None => {
                    let options = SimpleFileOptions::default().compression_method(method);
                    zip.start_file(entry.name.as_str(), options).unwrap();
                }
            }
            zip.write_all(&entry.bytes).unwrap();
        }
        let mut bytes = zip.finish().unwrap().into_inner();
        if self.unflagged_names {
            clear_utf8_flags(&mut bytes);
        }
        bytes
    }

    /// Writes the archive to `path`.
    pub fn write(&self, path: &Path) {
        fs::write(path, self.to_bytes()).unwrap();
    }
}

/// Clears the UTF-8 flag of every local and central header, walking the headers (the writer
/// above uses no data descriptors and no archive comment).
fn clear_utf8_flags(bytes: &mut [u8]) {
    let u16_at = |b: &[u8], at: usize| usize::from(u16::from_le_bytes([b[at], b[at + 1]]));
    let u32_at =
        |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize;
    let end = bytes.len() - 22;
    assert_eq!(
        &bytes[end..end + 4],
        b"PK\x05\x06",
        "an archive without comment"
    );
    let (count, central) = (u16_at(bytes, end + 10), u32_at(bytes, end + 16));
    let mut at = 0;
    while at < central {
        assert_eq!(&bytes[at..at + 4], b"PK\x03\x04");
        bytes[at + 7] &= !0x08;
        at += 30 + u16_at(bytes, at + 26) + u16_at(bytes, at + 28) + u32_at(bytes, at + 18);
    }
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        bytes[at + 9] &= !0x08;
        at += 46 + u16_at(bytes, at + 28) + u16_at(bytes, at + 30) + u16_at(bytes, at + 32);
    }
}

/// Replaces every occurrence of `from` in the raw archive with `to`, of the same length: the
/// way to give two entries one name, which no zip writer allows.
pub fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut found = false;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            found = true;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert!(
        found,
        "{:?} is not in the archive",
        String::from_utf8_lossy(from)
    );
}

/// Sets the uncompressed size that the local and central headers of entry `name` declare.
pub fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let name = name.as_bytes();
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        let sig = &bytes[i..i + 4];
        let (size_at, name_len_at, name_at) = match sig {
            b"PK\x03\x04" => (22, 26, 30),
            b"PK\x01\x02" => (24, 28, 46),
            _ => continue,
        };
        let len = u16::from_le_bytes([bytes[i + name_len_at], bytes[i + name_len_at + 1]]);
        if usize::from(len) == name.len()
            && bytes.get(i + name_at..i + name_at + name.len()) == Some(name)
        {
            bytes[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of the entry are patched");
}
