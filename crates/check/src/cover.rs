//! The cover image: it decodes, as the media type it is declared with. Only the header is
//! decoded (format and dimensions): a full decode would cost more than the rest of the check.

use std::io::Cursor;

use image::{ImageFormat, ImageReader};

use super::archive::Archive;
use super::package::Item;
use super::{rules, Findings};
use warraq_epub::xml::{decode, parse_xml};

/// How much of the cover is read for its header: a little first (enough for most JPEG and
/// PNG headers), more when metadata such as an ICC profile comes before the size.
const HEADS: [u64; 2] = [4 * 1024, 64 * 1024];

/// Whether `head` is an image of the `declared` format with some pixels.
fn header_fits(head: &[u8], declared: Option<ImageFormat>) -> bool {
    let Ok(reader) = ImageReader::new(Cursor::new(head)).with_guessed_format() else {
        return false;
    };
    reader.format() == declared && reader.into_dimensions().is_ok_and(|(w, h)| w > 0 && h > 0)
}

/// Checks the cover image's item, when there is one.
pub(crate) fn check(archive: &mut Archive, item: &Option<Item>, out: &mut Findings) {
    let Some(item) = item else { return };
    // A missing file is already reported against the manifest (OPF-009).
    let Some(entry) = &item.entry else { return };
    // Most images give their format and size in the first few kilobytes; only when that is
    // not enough is the whole entry read (a 400 KB cover costs more to inflate than the rest
    // of the check).
    let declared = ImageFormat::from_mime_type(&item.media_type);
    if declared.is_some()
        && HEADS.iter().any(|&len| {
            archive
                .read_head(entry, len)
                .is_some_and(|head| header_fits(&head, declared))
        })
    {
        return;
    }
    let Some(bytes) = archive.read(entry, out) else {
        return;
    };
    if item.media_type == "image/svg+xml" {
        let parses = decode(&bytes).is_some_and(|text| parse_xml(&text).is_ok());
        if !parses {
            out.add(
                rules::OPF_COVER_IMAGE,
                entry.as_str(),
                "the SVG cover is not well-formed XML",
            );
        }
        return;
    }
    let reader = match ImageReader::new(Cursor::new(&bytes)).with_guessed_format() {
        Ok(reader) => reader,
        Err(e) => {
            out.add(
                rules::OPF_COVER_IMAGE,
                entry.as_str(),
                format!("cannot be read: {e}"),
            );
            return;
        }
    };
    let Some(found) = reader.format() else {
        out.add(
            rules::OPF_COVER_IMAGE,
            entry.as_str(),
            format!("is not an image (declared {})", item.media_type),
        );
        return;
    };
    if declared != Some(found) {
        out.add(
            rules::OPF_COVER_IMAGE,
            entry.as_str(),
            format!(
                "is {} but declared {:?}",
                found.to_mime_type(),
                item.media_type
            ),
        );
        return;
    }
    match reader.into_dimensions() {
        Ok((w, h)) if w > 0 && h > 0 => {}
        Ok((w, h)) => out.add(
            rules::OPF_COVER_IMAGE,
            entry.as_str(),
            format!("has no pixels ({w} × {h})"),
        ),
        Err(e) => out.add(
            rules::OPF_COVER_IMAGE,
            entry.as_str(),
            format!("cannot be decoded: {e}"),
        ),
    }
}
