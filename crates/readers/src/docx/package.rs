//! The DOCX package read defensively: a zip opened with limits (entries, each part's size,
//! the total, the compression ratio), parts looked up as OPC does (case-insensitively), and
//! relationships resolved relative to their part without ever leaving the package.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use zip::ZipArchive;

use super::xml;
use warraq_core::error::{Error, Result};
use warraq_core::warning::{Warning, WarningKind};

/// What a package may hold and inflate to; [`Limits::default`] is what `read` uses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Entries in the zip.
    pub(crate) entries: usize,
    /// Decompressed bytes of one XML part (parsed into a tree, so smaller than media).
    pub(crate) xml_part: u64,
    /// Decompressed bytes of one media part.
    pub(crate) media_part: u64,
    /// Decompressed bytes read from the package in all.
    pub(crate) total: u64,
    /// Past this many decompressed bytes, a part may not inflate more than `ratio` times
    /// its compressed size.
    pub(crate) ratio_floor: u64,
    /// The largest compression ratio accepted past `ratio_floor`.
    pub(crate) ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entries: 10_000,
            xml_part: 32 * 1024 * 1024,
            media_part: 64 * 1024 * 1024,
            total: 256 * 1024 * 1024,
            ratio_floor: 4 * 1024 * 1024,
            ratio: 200,
        }
    }
}

/// The first bytes of an OLE compound file: an encrypted (password-protected) DOCX, or an
/// old Word 97–2003 `.doc`.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An open package.
pub(crate) struct Package<'a> {
    path: &'a Path,
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Each entry's index by its name in lowercase (OPC part names ignore case).
    index: HashMap<String, usize>,
    limits: Limits,
    read_so_far: u64,
}

/// A relationship of a part, its target resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relationship {
    /// Its type URI.
    pub(crate) kind: String,
    /// The part name it points at, or the address of an external target.
    pub(crate) target: String,
    /// Whether the target is outside the package (`TargetMode="External"`).
    pub(crate) external: bool,
}

/// A part's relationships by id.
pub(crate) type Relationships = HashMap<String, Relationship>;

impl<'a> Package<'a> {
    /// Opens `bytes` as a DOCX package.
    pub(crate) fn open(path: &'a Path, bytes: &'a [u8], limits: Limits) -> Result<Package<'a>> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(Error::input(
                path,
                "is a password-protected Word document or an old Word 97-2003 .doc \
                 (an OLE compound file), not a .docx",
            )
            .with_hint("open it in Word or LibreOffice, remove the password, save it as .docx and try again"));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::input(
                path,
                format!("is not a Word document (not a zip archive: {e})"),
            )
        })?;
        if zip.len() > limits.entries {
            return Err(Error::input(
                path,
                format!(
                    "holds {} entries, more than the {} a Word document is read with",
                    zip.len(),
                    limits.entries
                ),
            ));
        }
        let mut index = HashMap::with_capacity(zip.len());
        for i in 0..zip.len() {
            if let Some(name) = zip.name_for_index(i) {
                index.entry(name.to_lowercase()).or_insert(i);
            }
        }
        Ok(Package {
            path,
            zip,
            index,
            limits,
            read_so_far: 0,
        })
    }

    /// Whether the package has this part.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.index.contains_key(&name.to_lowercase())
    }

    /// The bytes of an XML part, `None` when there is no such part.
    pub(crate) fn xml_part(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let limit = self.limits.xml_part;
        self.part(name, limit)
    }

    /// The bytes of a media part, `None` when there is no such part.
    pub(crate) fn media_part(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let limit = self.limits.media_part;
        self.part(name, limit)
    }

    /// Reads a part, never past `limit` or the package's remaining budget whatever its header
    /// claims, and refuses one that inflates like a zip bomb.
    fn part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>> {
        let Some(&i) = self.index.get(&name.to_lowercase()) else {
            return Ok(None);
        };
        let path = self.path;
        let fail = |message: String| Error::input(path, format!("{name}: {message}"));
        let encrypted = self
            .zip
            .by_index_raw(i)
            .map(|entry| entry.encrypted())
            .map_err(|e| fail(format!("cannot be read: {e}")))?;
        if encrypted {
            return Err(fail("is encrypted (a password-protected zip entry)".into())
                .with_hint("save the document again without a password"));
        }
        let budget = self.limits.total.saturating_sub(self.read_so_far);
        let cap = limit.min(budget);
        let entry = self
            .zip
            .by_index(i)
            .map_err(|e| fail(format!("cannot be read: {e}")))?;
        let compressed = entry.compressed_size().max(1);
        let mut bytes = Vec::with_capacity(entry.size().min(cap) as usize);
        entry
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot be read: {e}")))?;
        let len = bytes.len() as u64;
        if len > limit {
            return Err(fail(format!(
                "inflates past {} MiB, the limit for one part",
                limit / (1024 * 1024)
            )));
        }
        if len > budget {
            return Err(fail(format!(
                "inflates the document past {} MiB in all, the limit for a Word document",
                self.limits.total / (1024 * 1024)
            )));
        }
        if len > self.limits.ratio_floor && len / compressed > self.limits.ratio {
            return Err(fail(format!(
                "inflates {} times its compressed size, which only a zip bomb does",
                len / compressed
            )));
        }
        self.read_so_far += len;
        Ok(Some(bytes))
    }

    /// The relationships of part `source` (`""` for the package's own), targets resolved;
    /// a target that would leave the package is skipped with a warning.
    pub(crate) fn relationships(
        &mut self,
        source: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<Relationships> {
        let (folder, file) = match source.rsplit_once('/') {
            Some((folder, file)) => (folder, file),
            None => ("", source),
        };
        let rels_name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let mut out = Relationships::new();
        let Some(bytes) = self.xml_part(&rels_name)? else {
            return Ok(out);
        };
        let text = xml::text_of(self.path, &rels_name, &bytes)?;
        let doc = xml::parse(self.path, &rels_name, &text)?;
        for rel in doc.root_element().children().filter(|n| n.is_element()) {
            let (Some(id), Some(kind), Some(target)) = (
                rel.attribute("Id"),
                rel.attribute("Type"),
                rel.attribute("Target"),
            ) else {
                continue;
            };
            let external = rel.attribute("TargetMode") == Some("External");
            let resolved = if external {
                Some(target.to_string())
            } else {
                resolve(folder, target)
            };
            match resolved {
                Some(target) => {
                    out.insert(
                        id.to_string(),
                        Relationship {
                            kind: kind.to_string(),
                            target,
                            external,
                        },
                    );
                }
                None => warnings.push(Warning::new(WarningKind::Markup, format!(
                    "{}: {rels_name}: relationship {id} points outside the package ({target}); skipped",
                    self.path.display()
                ))),
            }
        }
        Ok(out)
    }
}

/// The first relationship of a type ending in `/suffix` (transitional and strict OOXML
/// differ only before it), when it points inside the package.
pub(crate) fn by_type<'r>(rels: &'r Relationships, suffix: &str) -> Option<&'r str> {
    let mut found: Vec<(&String, &Relationship)> = rels
        .iter()
        .filter(|(_, r)| !r.external && r.kind.rsplit('/').next() == Some(suffix))
        .collect();
    found.sort_by(|a, b| a.0.cmp(b.0));
    found.first().map(|(_, r)| r.target.as_str())
}

/// A relative reference resolved against a part's folder into a part name; `None` when it
/// climbs above the package's root or names something outside it (a scheme, a drive, a
/// network path). A target starting with one `/` is, as OPC says, from the package's root.
pub(crate) fn resolve(folder: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or("");
    if target.is_empty()
        || target.starts_with("//")
        || target.contains('\\')
        || target.split('/').next().is_some_and(|s| s.contains(':'))
    {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    let relative = match target.strip_prefix('/') {
        Some(rest) => rest,
        None => {
            parts.extend(folder.split('/').filter(|s| !s.is_empty()));
            target
        }
    };
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}
