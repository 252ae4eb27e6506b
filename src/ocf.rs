//! The finishing pass over the archive epub-builder made: the attributes and metadata it
//! cannot write (REFERENCE.md §3), then a fresh, deterministic OCF zip (REFERENCE.md §4).

use std::io::{Cursor, Read, Write};

use chrono::{DateTime, Datelike, Timelike, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::{Error, Result};

/// What the finishing pass adds to epub-builder's output.
#[derive(Debug)]
pub struct Finishing<'a> {
    /// Attributes for `<package>`: `dir` and `xml:lang`, which Apple Books reads.
    pub package_attributes: &'a str,
    /// Elements appended to `<metadata>`.
    pub package_metadata: &'a str,
    /// The escaped text of `dc:identifier`, replacing the UUID epub-builder writes.
    pub identifier: &'a str,
    /// Attributes for the root of the navigation document and the NCX.
    pub root_attributes: &'a str,
    /// The label of the landmarks `nav`, which assistive technology announces.
    pub landmarks_label: &'a str,
    /// The timestamp of every entry.
    pub modified: DateTime<Utc>,
}

const MIMETYPE: &str = "mimetype";
const PACKAGE: &str = "OEBPS/content.opf";
const NAV: &str = "OEBPS/nav.xhtml";
const NCX: &str = "OEBPS/toc.ncx";

/// Rewrites `generated` entry by entry: `mimetype` first and stored, everything else deflated,
/// every entry stamped with `finishing.modified` and no extra fields.
pub fn finish(generated: &[u8], finishing: &Finishing) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(generated))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(generated.len() + 1024)));
    let time = zip_time(finishing.modified);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time);

    out.start_file(MIMETYPE, stored)?;
    out.write_all(b"application/epub+zip").map_err(internal)?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_string();
        if name == MIMETYPE || entry.is_dir() {
            continue;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(internal)?;
        let bytes = match name.as_str() {
            PACKAGE => patch_package(text(&name, bytes)?, finishing)?.into_bytes(),
            NAV => patch_nav(text(&name, bytes)?, finishing)?.into_bytes(),
            NCX => insert_after(
                &text(&name, bytes)?,
                "<ncx",
                finishing.root_attributes_ncx(),
                &name,
            )?
            .into_bytes(),
            _ => bytes,
        };
        out.start_file(name, deflated)?;
        out.write_all(&bytes).map_err(internal)?;
    }
    Ok(out.finish()?.into_inner())
}

impl Finishing<'_> {
    /// The NCX root takes `xml:lang` and `dir` but not HTML's `lang`.
    fn root_attributes_ncx(&self) -> &str {
        self.root_attributes
            .find(" xml:lang=")
            .map_or(self.root_attributes, |i| &self.root_attributes[i..])
    }
}

/// Language and direction on the root; the ARIA role matching `epub:type="toc"`; a label
/// for each of the two `nav` landmarks so they can be told apart; the landmarks list hidden,
/// as reading systems show it in their own menus.
fn patch_nav(nav: String, finishing: &Finishing) -> Result<String> {
    let nav = insert_after(&nav, "<html", finishing.root_attributes, NAV)?;
    let nav = insert_after(
        &nav,
        "<nav epub:type = \"toc\" id=\"toc\"",
        " role=\"doc-toc\" aria-labelledby=\"toc-title\"",
        NAV,
    )?;
    let label = format!(
        " aria-label=\"{}\" hidden=\"hidden\"",
        finishing.landmarks_label
    );
    insert_after(&nav, "<nav epub:type = \"landmarks\"", &label, NAV)
}

fn patch_package(opf: String, finishing: &Finishing) -> Result<String> {
    let opf = insert_after(&opf, "<package", finishing.package_attributes, PACKAGE)?;
    let opf = insert_before(&opf, "  </metadata>", finishing.package_metadata, PACKAGE)?;
    let open = "<dc:identifier id=\"epub-id-1\">";
    let start = anchor(&opf, open, PACKAGE)? + open.len();
    let end = start + anchor(&opf[start..], "</dc:identifier>", PACKAGE)?;
    Ok(format!(
        "{}{}{}",
        &opf[..start],
        finishing.identifier,
        &opf[end..]
    ))
}

fn text(name: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::Internal(format!("{name} is not UTF-8: {e}")))
}

fn anchor(doc: &str, needle: &str, name: &str) -> Result<usize> {
    doc.find(needle)
        .ok_or_else(|| Error::Internal(format!("{name}: epub-builder wrote no {needle:?}")))
}

fn insert_after(doc: &str, needle: &str, insert: &str, name: &str) -> Result<String> {
    let at = anchor(doc, needle, name)? + needle.len();
    Ok(format!("{}{insert}{}", &doc[..at], &doc[at..]))
}

fn insert_before(doc: &str, needle: &str, insert: &str, name: &str) -> Result<String> {
    let at = anchor(doc, needle, name)?;
    Ok(format!("{}{insert}{}", &doc[..at], &doc[at..]))
}

/// DOS time covers 1980–2107 in two-second steps; times outside are clamped to it.
fn zip_time(t: DateTime<Utc>) -> zip::DateTime {
    let year = t.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

fn internal(e: std::io::Error) -> Error {
    Error::Internal(format!("writing the archive in memory: {e}"))
}
