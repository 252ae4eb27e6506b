//! The container (OCF): `mimetype` first, stored and exact; safe, unique entry names; and
//! `META-INF/container.xml` naming a package document that exists.

use std::collections::HashMap;

use super::archive::{nfc, Archive};
use super::{parse_entry, rules, Findings, Lines};
use warraq_epub::xml::decode;

const MIMETYPE: &str = "mimetype";
const MEDIA_TYPE: &[u8] = b"application/epub+zip";
const CONTAINER: &str = "META-INF/container.xml";
const CONTAINER_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:container";
const PACKAGE_MEDIA_TYPE: &str = "application/oebps-package+xml";

/// Checks `mimetype` and every entry name.
pub(crate) fn check_entries(archive: &mut Archive, out: &mut Findings) {
    match &archive.first {
        Some(first) if first.name == MIMETYPE => {
            if first.method != 0 {
                out.add(
                    rules::OCF_MIMETYPE_STORED,
                    MIMETYPE,
                    format!("compressed (method {}), not stored", first.method),
                );
            }
            if first.extra_len != 0 {
                out.add(
                    rules::OCF_MIMETYPE_EXTRA,
                    MIMETYPE,
                    format!("has a {}-byte extra field", first.extra_len),
                );
            }
        }
        Some(first) => out.add(
            rules::OCF_MIMETYPE_FIRST,
            first.name.as_str(),
            format!("the first entry is {:?}, not \"mimetype\"", first.name),
        ),
        None => out.add(
            rules::OCF_MIMETYPE_FIRST,
            "",
            "the archive does not start with an entry",
        ),
    }
    if archive.contains(MIMETYPE) {
        if let Some(bytes) = archive.read(MIMETYPE, out) {
            if bytes != MEDIA_TYPE {
                out.add(
                    rules::OCF_MIMETYPE_CONTENT,
                    MIMETYPE,
                    format!(
                        "holds {:?}, not \"application/epub+zip\"",
                        String::from_utf8_lossy(&bytes[..bytes.len().min(60)])
                    ),
                );
            }
        }
    } else {
        out.add(rules::OCF_MIMETYPE_FIRST, "", "there is no mimetype entry");
    }
    check_names(archive, out);
}

fn check_names(archive: &Archive, out: &mut Findings) {
    let mut seen: HashMap<String, &str> = HashMap::with_capacity(archive.names.len());
    for raw in &archive.names {
        if let Some(why) = unsafe_name(&raw.name, raw.utf8) {
            out.add(
                rules::OCF_UNSAFE_NAME,
                raw.name.as_str(),
                format!("unsafe entry name: {why}"),
            );
        }
        // Two names are the same file to a reader when they match after NFC and case folding.
        let key = nfc(&raw.name).to_lowercase();
        match seen.get(&key) {
            Some(&other) if other == raw.name => out.add(
                rules::OCF_DUPLICATE,
                raw.name.as_str(),
                "the archive holds this entry more than once",
            ),
            Some(&other) => out.add(
                rules::OCF_DUPLICATE,
                raw.name.as_str(),
                format!("differs from {other:?} only in case or Unicode normalisation"),
            ),
            None => {
                seen.insert(key, &raw.name);
            }
        }
    }
}

/// Why a name is unsafe to extract or ambiguous to resolve, if it is.
pub fn unsafe_name(name: &str, utf8: bool) -> Option<&'static str> {
    let bytes = name.as_bytes();
    if !utf8 {
        Some("not UTF-8")
    } else if name.is_empty() {
        Some("empty")
    } else if name.starts_with('/') {
        Some("an absolute path")
    } else if name.contains('\\') {
        Some("a backslash")
    } else if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        Some("a drive letter")
    } else if name.chars().any(char::is_control) {
        Some("a control character")
    } else if name.split('/').any(|part| part == ".." || part == ".") {
        Some("a `.` or `..` component")
    } else {
        None
    }
}

/// The package document's entry name, from `META-INF/container.xml`.
pub fn package_path(archive: &mut Archive, out: &mut Findings) -> Option<String> {
    if !archive.contains(CONTAINER) {
        out.add(
            rules::OCF_NO_CONTAINER,
            "",
            "META-INF/container.xml is missing",
        );
        return None;
    }
    let bytes = archive.read(CONTAINER, out)?;
    let Some(text) = decode(&bytes) else {
        out.add(
            rules::OCF_BAD_CONTAINER,
            CONTAINER,
            "not UTF-8 or UTF-16 text",
        );
        return None;
    };
    let doc = parse_entry(&text, CONTAINER, rules::OCF_BAD_CONTAINER, out)?;
    let rootfiles: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((CONTAINER_NS, "rootfile")))
        .collect();
    let rootfile = rootfiles
        .iter()
        .find(|n| n.attribute("media-type") == Some(PACKAGE_MEDIA_TYPE))
        .or(rootfiles.first());
    let Some(rootfile) = rootfile else {
        out.add(
            rules::OCF_BAD_CONTAINER,
            CONTAINER,
            "names no package document (no <rootfile>)",
        );
        return None;
    };
    let location = Lines::new(&text).at(CONTAINER, rootfile.range().start);
    let path = rootfile.attribute("full-path").unwrap_or("").trim();
    if path.is_empty() {
        out.add(
            rules::OCF_BAD_CONTAINER,
            location,
            "<rootfile> has no full-path",
        );
        return None;
    }
    if !archive.contains(path) {
        out.add(
            rules::OCF_NO_PACKAGE,
            location,
            format!("the package document {path:?} is not in the archive"),
        );
        return None;
    }
    Some(path.to_string())
}

/// What another format built on zip is, when the archive is one and not an EPUB: told by the
/// entries that format must have (and that no EPUB has in their place), and by its own
/// `mimetype`.
pub(crate) fn other_format(archive: &mut Archive) -> Option<String> {
    let head = archive
        .read_head(MIMETYPE, 100)
        .map(|b| String::from_utf8_lossy(&b).trim().to_string());
    if head.as_deref() == Some("application/epub+zip") || archive.contains(CONTAINER) {
        return None;
    }
    let kind = if let Some(odf) = head
        .as_deref()
        .filter(|m| m.starts_with("application/vnd.oasis.opendocument."))
    {
        format!("an OpenDocument file ({odf})")
    } else if archive.contains("word/document.xml") {
        "a Word document (.docx)".to_string()
    } else if archive.contains("[Content_Types].xml") {
        "an Office Open XML file (a spreadsheet or a presentation)".to_string()
    } else if archive.contains("META-INF/MANIFEST.MF") && !archive.contains(CONTAINER) {
        "a Java archive".to_string()
    } else {
        return None;
    };
    let build = if kind.starts_with("a Word document") {
        "; to make a book of it, run warraq build on it"
    } else {
        ""
    };
    Some(format!("not an EPUB: the zip is {kind}{build}"))
}

#[cfg(test)]
mod tests {
    use super::unsafe_name;

    #[test]
    fn unsafe_names() {
        for name in [
            "/etc/passwd",
            "../x",
            "a/../../x",
            "C:/x",
            "a\\b",
            "a\u{1}b",
            "",
        ] {
            assert!(unsafe_name(name, true).is_some(), "{name:?}");
        }
        for name in ["OEBPS/content.opf", "mimetype", "OEBPS/صورة.jpg", "a..b/c"] {
            assert!(unsafe_name(name, true).is_none(), "{name:?}");
        }
        assert!(unsafe_name("x", false).is_some());
    }
}
