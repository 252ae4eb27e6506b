//! Word documents (`.docx`) into the document model, read with the `zip` crate and
//! `roxmltree` (no DOCX crate reads bidi paragraphs and runs, complex-script formatting and
//! languages, footnotes and tracked changes together).
//!
//! The package is read with limits and no DTD (`package`, `xml`); styles say which
//! paragraphs are the title and headings (`styles`), numbering which are list items
//! (`numbering`); the body's paragraphs and tables (`body`, `table`) are made of runs
//! (`inline`, `build`, symbol fonts' characters by `symbols`), list paragraphs gathered
//! by `lists`, and images (`media`); the author, date and abstract paragraphs go to the
//! metadata (`front`, `date`); notes and core properties have their own parts (`notes`,
//! `core`).

pub(crate) mod body;
pub(crate) mod build;
pub(crate) mod core;
pub(crate) mod date;
pub(crate) mod front;
pub(crate) mod inline;
pub(crate) mod lists;
pub(crate) mod media;
pub(crate) mod notes;
pub(crate) mod numbering;
pub(crate) mod package;
pub(crate) mod reader;
pub(crate) mod styles;
pub(crate) mod symbols;
pub(crate) mod table;
pub(crate) mod xml;

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod front_tests;
#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod tests;

use std::path::Path;

use warraq_core::document::{Attrs, Block, Document, Parsed};
use warraq_core::error::{Error, Result};
use warraq_core::lang::Direction;
use warraq_core::warning::Warning;

use self::numbering::Numbering;
use self::package::{by_type, Limits, Package};
use self::reader::Reader;
use self::styles::Styles;
use self::xml::{child, text_of};

/// Reads a Word document (.docx bytes) into the document model.
///
/// ```
/// use std::path::Path;
///
/// let mut warnings = Vec::new();
/// let error = warraq_readers::docx::read(Path::new("a.docx"), b"not a zip", &mut warnings)
///     .unwrap_err();
/// assert!(matches!(error, warraq_core::Error::Input { .. }), "{error}");
/// ```
pub fn read(path: &Path, bytes: &[u8], warnings: &mut Vec<Warning>) -> Result<Parsed> {
    read_with(path, bytes, warnings, Limits::default())
}

/// [`read`], within these limits.
pub(crate) fn read_with(
    path: &Path,
    bytes: &[u8],
    warnings: &mut Vec<Warning>,
    limits: Limits,
) -> Result<Parsed> {
    let mut package = Package::open(path, bytes, limits)?;
    let root_rels = package.relationships("", warnings)?;
    let main = by_type(&root_rels, "officeDocument")
        .filter(|name| package.contains(name))
        .unwrap_or("word/document.xml")
        .to_string();
    let Some(main_bytes) = package.xml_part(&main)? else {
        return Err(Error::input(
            path,
            "is not a Word document (a zip archive without word/document.xml)",
        ));
    };
    let rels = package.relationships(&main, warnings)?;
    let folder = main.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    let part_name = |kind: &str, file: &str| {
        by_type(&rels, kind).map(str::to_string).unwrap_or_else(|| {
            if folder.is_empty() {
                file.to_string()
            } else {
                format!("{folder}/{file}")
            }
        })
    };
    let styles = match read_part(&mut package, path, &part_name("styles", "styles.xml"))? {
        Some((name, text)) => Styles::read(&xml::parse(path, &name, &text)?),
        None => Styles::default(),
    };
    let numbering = match read_part(&mut package, path, &part_name("numbering", "numbering.xml"))? {
        Some((name, text)) => Numbering::read(&xml::parse(path, &name, &text)?),
        None => Numbering::default(),
    };
    let core_name = by_type(&root_rels, "core-properties").unwrap_or("docProps/core.xml");
    let mut meta = match read_part(&mut package, path, core_name)? {
        Some((name, text)) => core::read(&xml::parse(path, &name, &text)?),
        None => Default::default(),
    };
    let notes_part = |package: &mut Package, kind: &str, file: &str, w: &mut Vec<Warning>| {
        let name = part_name(kind, file);
        let Some((name, text)) = read_part(package, path, &name)? else {
            return Ok::<_, Error>(None);
        };
        let rels = package.relationships(&name, w)?;
        Ok(Some(notes::NotesPart { name, text, rels }))
    };
    let footnotes = notes_part(&mut package, "footnotes", "footnotes.xml", warnings)?;
    let endnotes = notes_part(&mut package, "endnotes", "endnotes.xml", warnings)?;

    let main_text = text_of(path, &main, &main_bytes)?;
    drop(main_bytes);
    let doc = xml::parse(path, &main, &main_text)?;
    let Some(body) = child(doc.root_element(), "body") else {
        return Err(Error::input(
            path,
            format!("{main}: is not a Word document body (no w:body)"),
        ));
    };
    let mut reader = Reader::new(path, &mut package, styles, numbering, rels, warnings);
    let blocks = reader.blocks(body, 0)?;
    let notes = reader.notes(footnotes, endnotes)?;
    std::mem::take(&mut reader.front).apply(&mut meta);

    let lang = reader
        .lang_tally
        .iter()
        .fold(None::<&(_, usize)>, |best, entry| match best {
            Some(b) if b.1 >= entry.1 => Some(b),
            _ => Some(entry),
        })
        .map(|(lang, _)| lang.clone());
    let [rtl, ltr] = reader.dir_tally;
    let dir = (rtl + ltr > 0).then_some(if rtl > ltr {
        Direction::Rtl
    } else {
        Direction::Ltr
    });
    if meta.language.is_none() {
        meta.language = lang.as_ref().map(|l| l.as_str().to_string());
    }
    let mut document = Document {
        blocks,
        notes,
        headline_at: None,
        resources: std::mem::take(&mut reader.resources),
    };
    let headline = match reader.title.take() {
        Some((at, text)) => {
            document.headline_at = at;
            Some(text)
        }
        None => match first_heading(&document.blocks) {
            Some((at, text)) => {
                document.headline_at = Some(at);
                Some(text)
            }
            None => meta.title.clone(),
        },
    };
    Ok(Parsed {
        doubt: None,
        headline: headline.filter(|h| !h.is_empty()),
        attrs: Attrs { lang, dir },
        document,
        meta,
    })
}

/// A part's name and text, `None` when the package has no such part.
fn read_part(package: &mut Package, path: &Path, name: &str) -> Result<Option<(String, String)>> {
    match package.xml_part(name)? {
        Some(bytes) => Ok(Some((name.to_string(), text_of(path, name, &bytes)?))),
        None => Ok(None),
    }
}

/// The first top-level level-1 heading: its index and text.
fn first_heading(blocks: &[Block]) -> Option<(usize, String)> {
    blocks
        .iter()
        .enumerate()
        .find_map(|(i, block)| match block {
            Block::Heading {
                level: 1, content, ..
            } => {
                let mut text = String::new();
                warraq_core::document::inline_text(content, &mut text);
                Some((i, text.trim().to_string()))
            }
            _ => None,
        })
}
