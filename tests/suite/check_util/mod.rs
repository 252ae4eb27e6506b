//! Helpers for the `warraq check` tests: books built by the real binary, and an EPUB that can
//! be taken apart, broken in exactly one place, and put back together.
#![allow(dead_code)]

use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use zip::write::{FullFileOptions, SimpleFileOptions};
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The `warraq` binary with a fixed `SOURCE_DATE_EPOCH`.
pub fn warraq() -> Command {
    let mut cmd = Command::cargo_bin("warraq").expect("the warraq binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1551225600");
    cmd
}

/// The repository's own files.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A small upright JPEG, for books that need a cover.
pub fn write_cover(path: &Path) {
    let image = image::RgbImage::from_fn(160, 256, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    image.save(path).expect("the cover is written");
}

/// Builds the sample book (`book/`) into `dir` and returns the EPUB's path. Its cover is
/// `covers/sample.jpg` when the repository has it, else a small generated one in its place.
pub fn build_sample(dir: &Path) -> PathBuf {
    let book = dir.join("book");
    fs::create_dir_all(&book).unwrap();
    fs::create_dir_all(dir.join("covers")).unwrap();
    for file in ["book.toml", "article.txt"] {
        fs::copy(repo("book").join(file), book.join(file)).unwrap();
    }
    let cover = dir.join("covers/sample.jpg");
    match fs::copy(repo("covers/sample.jpg"), &cover) {
        Ok(_) => {}
        Err(_) => write_cover(&cover),
    }
    let out = dir.join("sample.epub");
    warraq()
        .arg("build")
        .arg(&book)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// An English article, for a left-to-right book.
pub const ENGLISH: &str = "The Copyists of Baghdad\n\
In the markets of Baghdad, the warraqin copied, bound and sold books by the thousand.\n\
Their shops were meeting places for scholars, poets and anyone who could read.\n";

/// Builds an English book with a cover into `dir` and returns its path.
pub fn build_english(dir: &Path) -> PathBuf {
    let article = dir.join("english.txt");
    fs::write(&article, ENGLISH).unwrap();
    let cover = dir.join("english.jpg");
    write_cover(&cover);
    let out = dir.join("english.epub");
    warraq()
        .arg("build")
        .arg(&article)
        .args(["--lang", "en", "--author", "A. Scribe", "--cover"])
        .arg(&cover)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

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

/// An EPUB taken apart into its entries, in archive order.
#[derive(Debug, Clone)]
pub struct Epub {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Whether names are written without the zip's UTF-8 flag (general-purpose bit 11), as
    /// Info-ZIP's `zip` and older Java and Python writers store UTF-8 names.
    pub unflagged_names: bool,
}

impl Epub {
    /// Reads an EPUB from disk.
    pub fn read(path: &Path) -> Epub {
        let bytes = fs::read(path).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let entries = (0..zip.len())
            .map(|i| {
                let mut file = zip.by_index(i).unwrap();
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).unwrap();
                Entry {
                    name: file.name().to_string(),
                    deflated: file.compression() == CompressionMethod::Deflated,
                    bytes,
                    extra: None,
                }
            })
            .collect();
        Epub {
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
