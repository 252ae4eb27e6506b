//! A font file given with `--font` or `font` in `book.toml`: its format, family name and
//! licence bits, read and checked once, then embedded for the body text and used on a
//! generated cover.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use warraq_core::error::{Error, Result};

/// The container a font file comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontFormat {
    /// TrueType outlines in an sfnt file.
    TrueType,
    /// CFF outlines in an sfnt file (`OTTO`).
    OpenType,
    /// WOFF 1.0.
    Woff,
    /// WOFF 2.0.
    Woff2,
}

impl FontFormat {
    /// The media type EPUB 3.3 lists for it as a core media type.
    pub fn media_type(self) -> &'static str {
        match self {
            FontFormat::TrueType => "font/ttf",
            FontFormat::OpenType => "font/otf",
            FontFormat::Woff => "font/woff",
            FontFormat::Woff2 => "font/woff2",
        }
    }

    /// The file extension matching the media type.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            FontFormat::TrueType => "ttf",
            FontFormat::OpenType => "otf",
            FontFormat::Woff => "woff",
            FontFormat::Woff2 => "woff2",
        }
    }
}

/// A font ready to embed.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its bytes, shared with the cover's typesetter.
    pub bytes: Arc<Vec<u8>>,
    /// Its container.
    pub format: FontFormat,
    /// The family name the style sheet declares it under.
    pub family: String,
    /// Its OS/2 `fsType` licence bits, when it has them.
    pub fs_type: Option<u16>,
    /// Whether it has OpenType layout tables (GSUB and GPOS), without which Arabic cannot
    /// join; `None` for WOFF files, whose tables are compressed.
    pub has_layout: Option<bool>,
}

/// OS/2 `fsType` bit 1: the font may not be embedded at all.
const RESTRICTED_LICENSE: u16 = 0x0002;

impl FontFile {
    /// Checks `bytes`, read from `path`: a TrueType or OpenType font (or WOFF/WOFF2) whose
    /// licence bits allow embedding.
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<FontFile> {
        let bad = |message: &str| {
            Error::input(path, message.to_string())
                .with_hint("give a TrueType (.ttf) or OpenType (.otf) font, e.g. Noto Naskh Arabic")
        };
        let format = match bytes.get(..4) {
            Some([0, 1, 0, 0]) | Some(b"true") => FontFormat::TrueType,
            Some(b"OTTO") => FontFormat::OpenType,
            Some(b"wOFF") => FontFormat::Woff,
            Some(b"wOF2") => FontFormat::Woff2,
            Some(b"ttcf") => {
                return Err(bad(
                    "is a font collection (.ttc); EPUB readers need a single font",
                ))
            }
            _ => return Err(bad("is not a font warraq can embed")),
        };
        let sfnt = matches!(format, FontFormat::TrueType | FontFormat::OpenType);
        let (family, has_layout, fs_type) = if sfnt {
            let tables = Tables::read(&bytes).ok_or_else(|| bad("is a damaged font file"))?;
            let fs_type = tables.fs_type(&bytes);
            if let Some(fs_type) = fs_type {
                if fs_type & 0x000f == RESTRICTED_LICENSE {
                    return Err(Error::input(
                        path,
                        "its licence forbids embedding (OS/2 fsType: restricted)",
                    )
                    .with_hint("use a font under the SIL Open Font License, e.g. Noto Naskh Arabic or Amiri"));
                }
            }
            let family = family_name(&bytes).ok_or_else(|| bad("has no family name"))?;
            let layout = tables.has(b"GSUB") && tables.has(b"GPOS");
            (family, Some(layout), fs_type)
        } else {
            // WOFF's tables are compressed; name the family after the file instead.
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Embedded".into());
            (stem, None, None)
        };
        Ok(FontFile {
            path: path.to_path_buf(),
            bytes: Arc::new(bytes),
            format,
            family,
            fs_type,
            has_layout,
        })
    }

    /// The bytes, when a shaper can read them directly (not WOFF).
    pub fn sfnt(&self) -> Option<Arc<Vec<u8>>> {
        matches!(self.format, FontFormat::TrueType | FontFormat::OpenType)
            .then(|| Arc::clone(&self.bytes))
    }

    /// Its path inside `OEBPS/`: ASCII only, from the family name.
    pub fn href(&self) -> String {
        let mut slug = String::new();
        for c in self.family.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let slug = if slug.is_empty() { "font" } else { slug };
        format!("fonts/{slug}.{}", self.format.extension())
    }
}

/// The table directory of an sfnt file.
struct Tables(Vec<([u8; 4], usize, usize)>);

impl Tables {
    fn read(bytes: &[u8]) -> Option<Tables> {
        let count = usize::from(be16(bytes, 4)?);
        let mut tables = Vec::with_capacity(count);
        for i in 0..count {
            let at = 12 + i * 16;
            let tag: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
            let offset = be32(bytes, at + 8)? as usize;
            let length = be32(bytes, at + 12)? as usize;
            if offset.checked_add(length)? > bytes.len() {
                return None;
            }
            tables.push((tag, offset, length));
        }
        Some(Tables(tables))
    }

    fn find(&self, tag: &[u8; 4]) -> Option<(usize, usize)> {
        self.0
            .iter()
            .find(|(t, _, _)| t == tag)
            .map(|&(_, offset, length)| (offset, length))
    }

    fn has(&self, tag: &[u8; 4]) -> bool {
        self.find(tag).is_some()
    }

    fn fs_type(&self, bytes: &[u8]) -> Option<u16> {
        let (offset, _) = self.find(b"OS/2")?;
        be16(bytes, offset + 8)
    }
}

/// The family name, read the way the typesetter reads it.
fn family_name(bytes: &[u8]) -> Option<String> {
    crate::typeset::family_name(&skrifa::FontRef::from_index(bytes, 0).ok()?)
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pinned in the repository, so no system font changes a result.
    const NASKH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/covers/fonts/NotoNaskhArabic-Regular.ttf"
    );

    #[test]
    fn reads_a_truetype_font() {
        let bytes = std::fs::read(NASKH).unwrap();
        let font = FontFile::parse(Path::new(NASKH), bytes).unwrap();
        assert_eq!(font.format, FontFormat::TrueType);
        assert_eq!(font.family, "Noto Naskh Arabic");
        assert_eq!(font.has_layout, Some(true));
        assert_eq!(font.href(), "fonts/noto-naskh-arabic.ttf");
    }

    #[test]
    fn refuses_what_is_not_a_font_or_may_not_be_embedded() {
        let err = FontFile::parse(Path::new("x.ttf"), b"hello world".to_vec()).unwrap_err();
        assert!(err.to_string().contains("not a font"), "{err}");
        let mut bytes = std::fs::read(NASKH).unwrap();
        let tables = Tables::read(&bytes).unwrap();
        let (os2, _) = tables.find(b"OS/2").unwrap();
        bytes[os2 + 8..os2 + 10].copy_from_slice(&RESTRICTED_LICENSE.to_be_bytes());
        let err = FontFile::parse(Path::new("x.ttf"), bytes).unwrap_err();
        assert!(err.to_string().contains("forbids embedding"), "{err}");
    }
}
