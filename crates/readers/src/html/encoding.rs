//! A page's bytes to text, as a browser decides: a byte-order mark, else the charset its server
//! named (a fetched page), else the `<meta>` charset in the first 1024 bytes (unless the bytes
//! are UTF-8 that is not plain ASCII, which a legacy encoding's never are for long), else valid
//! UTF-8, else what the bytes look like.

use std::borrow::Cow;
use std::path::Path;

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use warraq_core::warning::{Warning, WarningKind};

/// Decodes a page (one in UTF-8 borrowed, not copied). Bytes the encoding cannot decode become
/// U+FFFD, as in a browser, with a warning; a page is not refused for one bad byte.
pub(crate) fn decode<'b>(
    path: &Path,
    bytes: &'b [u8],
    served_as: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Cow<'b, str> {
    let served = served_as.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    let (encoding, why) = if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        (encoding, "its byte-order mark says so")
    } else if let Some(encoding) = served {
        (encoding, "its server says so")
    } else if let Some(encoding) = prescan(bytes) {
        // A page saved from a browser or passed through an editor is often UTF-8 under its
        // old `<meta>` charset. Text in a legacy encoding is valid UTF-8 only by accident, and
        // never for long: valid UTF-8 that is not plain ASCII is read as UTF-8.
        let utf8 = encoding != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
        if utf8 {
            warnings.push(Warning::new(
                WarningKind::Text,
                format!(
                    "{}: read as UTF-8, which all its bytes are, though its <meta> charset says {}",
                    path.display(),
                    encoding.name()
                ),
            ));
            (UTF_8, "")
        } else {
            (encoding, "its <meta> charset says so")
        }
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, "")
    } else {
        let mut detector = EncodingDetector::new();
        detector.feed(bytes, true);
        (
            detector.guess(None, false),
            "not UTF-8; detected from its bytes",
        )
    };
    // `decode` strips a byte-order mark, and one overrides the label as in a browser.
    let (text, used, had_errors) = encoding.decode(bytes);
    if used != UTF_8 && !why.is_empty() {
        warnings.push(Warning::new(
            WarningKind::Text,
            format!("{}: read as {} ({why})", path.display(), used.name()),
        ));
    }
    if had_errors {
        warnings.push(Warning::new(
            WarningKind::Text,
            format!(
                "{}: some bytes are not {}; they were replaced by U+FFFD",
                path.display(),
                used.name()
            ),
        ));
    }
    text
}

/// The encoding a `<meta charset>` or `<meta http-equiv="content-type" content="…;
/// charset=…">` names in the first 1024 bytes (the HTML standard's prescan, simplified: any
/// `charset=` inside a `<meta …>` tag).
pub(crate) fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at + 5;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &head[start + c + 7..end];
            rest = trim_start(rest);
            if let Some(after) = rest.strip_prefix(b"=") {
                let value = trim_start(after);
                let value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let len = value
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(value.len());
                if let Some(encoding) = Encoding::for_label(&value[..len]) {
                    // The standard's own corrections: a page that says UTF-16 in ASCII is not.
                    return Some(match encoding {
                        e if e == UTF_16LE || e == UTF_16BE => UTF_8,
                        e if e == X_USER_DEFINED => WINDOWS_1252,
                        e => e,
                    });
                }
            }
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let n = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (String, Vec<String>) {
        let mut warnings = Vec::new();
        let text = decode(Path::new("saved.html"), bytes, None, &mut warnings);
        assert!(warnings.iter().all(|w| w.kind == WarningKind::Text));
        (
            text.into_owned(),
            warnings.into_iter().map(|w| w.message).collect(),
        )
    }

    #[test]
    fn utf8_under_an_old_meta_charset_is_read_as_utf8() {
        for charset in ["windows-1256", "iso-8859-6", "windows-1252"] {
            let page = format!("<meta charset=\"{charset}\"><p>خبر عاجل من بيروت</p>");
            let (text, warnings) = read(page.as_bytes());
            assert!(text.contains("خبر عاجل من بيروت"), "{charset}: {text}");
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(warnings[0].starts_with("saved.html: read as UTF-8, which all its bytes are"));
        }
    }

    #[test]
    fn a_legacy_page_is_read_in_its_charset() {
        let (arabic, _, _) = encoding_rs::WINDOWS_1256.encode("خبر عاجل من بيروت");
        let mut page = b"<meta charset=\"windows-1256\"><p>".to_vec();
        page.extend_from_slice(&arabic);
        let (text, warnings) = read(&page);
        assert!(text.contains("خبر عاجل من بيروت"), "{text}");
        assert_eq!(
            warnings,
            ["saved.html: read as windows-1256 (its <meta> charset says so)"]
        );
        // Plain ASCII reads the same in either: the declaration stands.
        let (_, warnings) = read(b"<meta charset=\"windows-1256\"><p>news</p>");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }
}
