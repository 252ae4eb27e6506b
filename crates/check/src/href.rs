//! Manifest `href`s to archive entry names: URL schemes, fragments, percent-escapes, `.` and
//! `..`, the way a reading system resolves them.

/// Whether an `href` has a URL scheme, so points outside the archive.
pub(crate) fn is_remote(href: &str) -> bool {
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// The archive entry an `href` names, relative to the directory `base` (ending in `/` or
/// empty): fragment and query dropped, percent-escapes decoded, `.` and `..` resolved.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    if href.is_empty() || is_remote(href) {
        return None;
    }
    let href = href.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_decode(href)?;
    let joined = match decoded.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{base}{decoded}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_hrefs() {
        assert_eq!(
            resolve("OEBPS/", "a.xhtml").as_deref(),
            Some("OEBPS/a.xhtml")
        );
        assert_eq!(
            resolve("OEBPS/", "../x/a%20b.xhtml#c").as_deref(),
            Some("x/a b.xhtml")
        );
        assert_eq!(resolve("", "/a.css").as_deref(), Some("a.css"));
        assert_eq!(resolve("", "../a.css"), None);
        assert_eq!(resolve("", "https://example.com/a.css"), None);
        assert_eq!(resolve("", "%zz"), None);
    }
}
