//! What the preview reads of a book: its spine, in reading order, with its direction and
//! language, and any one of its entries with its media type. Read from the book's bytes with
//! the zip crate and roxmltree, each entry capped, as the book may be one a user uploaded to
//! be fixed.

use std::io::{Cursor, Read};

use warraq_check::href::resolve;
use zip::ZipArchive;

/// The largest entry the preview serves (a book's largest image is a few megabytes).
const ENTRY_LIMIT: u64 = 16 * 1024 * 1024;

/// A book's reading order, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Spine {
    /// `rtl` or `ltr`: the page progression, else the language's.
    pub(crate) direction: String,
    pub(crate) language: String,
    pub(crate) title: String,
    /// The documents' paths in the archive, in reading order.
    pub(crate) items: Vec<String>,
}

/// The entry `name` of the archive `bytes`, if it has one (and it is not too large).
pub(crate) fn entry(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let file = archive.by_name(name).ok()?;
    if file.size() > ENTRY_LIMIT {
        return None;
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    file.take(ENTRY_LIMIT).read_to_end(&mut out).ok()?;
    Some(out)
}

/// The spine of the EPUB `bytes`, through its container and package documents.
pub(crate) fn spine(bytes: &[u8]) -> Option<Spine> {
    let container = String::from_utf8(entry(bytes, "META-INF/container.xml")?).ok()?;
    let container = roxmltree::Document::parse(&container).ok()?;
    let package_path = container
        .descendants()
        .find(|n| n.has_tag_name("rootfile"))?
        .attribute("full-path")?
        .to_string();
    let package = String::from_utf8(entry(bytes, &package_path)?).ok()?;
    let package = roxmltree::Document::parse(&package).ok()?;
    let base = match package_path.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/"),
        None => String::new(),
    };
    let text_of = |name: &str| {
        package
            .descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    let language = text_of("language");
    let spine = package.descendants().find(|n| n.has_tag_name("spine"))?;
    let direction = match spine.attribute("page-progression-direction") {
        Some("rtl") => "rtl",
        Some("ltr") => "ltr",
        _ if is_rtl_language(&language) => "rtl",
        _ => "ltr",
    };
    let items = spine
        .children()
        .filter(|n| n.has_tag_name("itemref"))
        .filter_map(|itemref| {
            let idref = itemref.attribute("idref")?;
            let item = package
                .descendants()
                .find(|n| n.has_tag_name("item") && n.attribute("id") == Some(idref))?;
            // Decoded before `..` is resolved, and refused when it climbs out of the book.
            resolve(&base, item.attribute("href")?)
        })
        .collect();
    Some(Spine {
        direction: direction.to_string(),
        language,
        title: text_of("title"),
        items,
    })
}

/// Whether a language is written right to left.
fn is_rtl_language(tag: &str) -> bool {
    warraq_core::lang::LanguageTag::parse(tag)
        .is_ok_and(|tag| tag.direction() == warraq_core::lang::Direction::Rtl)
}

/// The media type of an entry, by its extension.
pub(crate) fn media_type(name: &str) -> &'static str {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "xhtml" | "xht" => "application/xhtml+xml",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let resolved = |base, href| resolve(base, href).unwrap_or_else(|| "outside".into());
        assert_eq!(
            resolved("EPUB/", "text/a%20b.xhtml#x"),
            "EPUB/text/a b.xhtml"
        );
        assert_eq!(resolved("OEBPS/text/", "../c.xhtml"), "OEBPS/c.xhtml");
        assert_eq!(resolved("", "../../c.xhtml"), "outside");
        assert_eq!(resolved("EPUB/", "%2e%2e/%2e%2e/api/x"), "outside");
        assert_eq!(resolved("EPUB/", "%D9%85.xhtml"), "EPUB/م.xhtml");
        assert_eq!(media_type("x.XHTML"), "application/xhtml+xml");
    }
}
