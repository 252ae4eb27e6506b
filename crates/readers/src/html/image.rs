//! An `<img>` to an [`Image`]: which address (lazy-loading attributes, `srcset`), `data:`
//! URIs decoded into the document's resources, and a short element path for messages.

use std::collections::BTreeMap;
use std::sync::Arc;

use url::Url;

use super::tree::{Id, Tree, DOCUMENT, NONE};
use warraq_core::document::Image;
use warraq_core::warning::{Warning, WarningKind};

/// The image an `<img>` shows, or `None` when it names none (or an undecodable `data:` URI,
/// said in `warnings`). A relative address is resolved against `fetched` (the URL the page
/// came from); for a page on disk, only one from the site's root is, against `site`.
pub(crate) fn image(
    tree: &Tree,
    id: Id,
    (fetched, site): (Option<&Url>, Option<&Url>),
    resources: &mut BTreeMap<String, Arc<[u8]>>,
    warnings: &mut Vec<Warning>,
) -> Option<Image> {
    let attr = |name: &str| tree.attr(id, name).map(str::trim).filter(|v| !v.is_empty());
    let src = attr("src")
        .filter(|s| !is_placeholder(s))
        .or_else(|| attr("data-src"))
        .or_else(|| attr("data-lazy-src"))
        .or_else(|| attr("data-original"))
        .or_else(|| attr("srcset").and_then(first_candidate))
        .or_else(|| attr("data-srcset").and_then(first_candidate))
        .or_else(|| attr("src"))?;
    if is_beacon(src, attr("width"), attr("height")) {
        return None;
    }
    let place = format!(" ({})", path(tree, id));
    let src = if src
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
    {
        match data_uri(src) {
            Some((extension, bytes)) => {
                let key = format!("data-image-{}.{extension}", resources.len() + 1);
                resources.insert(key.clone(), bytes.into());
                key
            }
            None => {
                warnings.push(Warning::new(
                    WarningKind::Image,
                    format!(
                    "an image{place} is a data: URI that is not base64 image data; it is left out"
                ),
                ));
                return None;
            }
        }
    } else if fetched.is_some() {
        resolve(src, fetched)
    } else if src.starts_with('/') && !src.starts_with("//") {
        resolve(src, site)
    } else if let Some(rest) = src.strip_prefix("//") {
        // Scheme-relative (`//upload.wikimedia.org/…`): on the web, never a file beside the
        // page; the site's scheme, else https.
        format!("{}://{rest}", site.map_or("https", |s| s.scheme()))
    } else {
        src.to_string()
    };
    Some(Image {
        src,
        alt: tree.attr(id, "alt").map(collapse).unwrap_or_default(),
        place,
    })
}

/// A tracking pixel: an image of at most 1 × 1 pixel, or one from a known counter's address
/// (`stats.`, `pixel.` and `analytics.` hosts, the audience measurers'). It shows nothing, and
/// is left out without a word.
fn is_beacon(src: &str, width: Option<&str>, height: Option<&str>) -> bool {
    let tiny = |v: Option<&str>| {
        v.map(|v| v.trim_end_matches("px").trim())
            .and_then(|v| v.parse::<f32>().ok())
            .is_some_and(|v| v <= 1.0)
    };
    if tiny(width) && tiny(height) {
        return true;
    }
    let Some(host) = Url::parse(src)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    else {
        return false;
    };
    // A counter's host serves pixels; one of these hosts serving a named picture (a chart
    // from stats.example.org/chart.png) is kept.
    let picture = Url::parse(src).ok().is_some_and(|u| {
        let path = u.path().to_ascii_lowercase();
        [".jpg", ".jpeg", ".png", ".webp", ".svg", ".avif"]
            .iter()
            .any(|e| path.ends_with(e))
    });
    const COUNTER_HOSTS: [&str; 4] = ["stats.", "pixel.", "analytics.", "beacon."];
    const COUNTERS: [&str; 8] = [
        "scorecardresearch.com",
        "doubleclick.net",
        "google-analytics.com",
        "googletagmanager.com",
        "quantserve.com",
        "chartbeat.net",
        "bat.bing.com",
        "pixel.wp.com",
    ];
    (!picture && COUNTER_HOSTS.iter().any(|p| host.starts_with(p)))
        || COUNTERS
            .iter()
            .any(|c| host == *c || host.ends_with(&format!(".{c}")))
}

/// A tiny inline GIF or an empty `src` that lazy-loading scripts replace.
fn is_placeholder(src: &str) -> bool {
    src.starts_with("data:") && src.len() < 200 && !src.contains("base64,iVBOR")
}

fn first_candidate(srcset: &str) -> Option<&str> {
    srcset
        .split(',')
        .next()
        .and_then(|c| c.split_whitespace().next())
        .filter(|c| !c.is_empty())
}

/// An address as written, made absolute against the page's address when there is one.
pub(crate) fn resolve(href: &str, base: Option<&Url>) -> String {
    match base {
        Some(base) if Url::parse(href).is_err() => base
            .join(href)
            .map_or_else(|_| href.to_owned(), |u| u.to_string()),
        _ => href.to_owned(),
    }
}

/// White space runs folded to one space, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    // Unicode's white space, the no-break space that editors leave at the ends included.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The extension and bytes of a base64 `data:` URI of an image.
fn data_uri(uri: &str) -> Option<(&'static str, Vec<u8>)> {
    let (head, data) = uri.get(5..)?.split_once(',')?;
    let mut parts = head.split(';');
    let mime = parts.next()?.trim().to_ascii_lowercase();
    if !parts.any(|p| p.trim().eq_ignore_ascii_case("base64")) {
        return None;
    }
    let extension = match mime.as_str() {
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "image/bmp" => "bmp",
        _ => return None,
    };
    Some((extension, base64(data)?))
}

/// Standard or URL-safe base64, white space and padding ignored.
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0u32);
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b if b.is_ascii_whitespace() => continue,
            b'%' => return None, // percent-encoded: not worth decoding
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A short element path for messages: the element and up to three ancestors, each with its
/// position among siblings of its name when it has such siblings, e.g.
/// `article > figure[2] > img`.
pub(crate) fn path(tree: &Tree, id: Id) -> String {
    let mut parts = Vec::new();
    let mut at = id;
    while at != NONE && at != DOCUMENT && parts.len() < 4 {
        let Some(tag) = tree.tag(at) else { break };
        if matches!(tag, "body" | "html") {
            break;
        }
        let parent = tree.node(at).parent;
        let same: Vec<Id> = if parent == NONE {
            Vec::new()
        } else {
            tree.children(parent)
                .filter(|&c| tree.tag(c) == Some(tag))
                .take(1000)
                .collect()
        };
        match same.iter().position(|&c| c == at) {
            Some(n) if same.len() > 1 => parts.push(format!("{tag}[{}]", n + 1)),
            _ => parts.push(tag.to_owned()),
        }
        at = parent;
    }
    parts.reverse();
    parts.join(" > ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes() {
        assert_eq!(super::base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(super::base64("!!"), None);
    }
}
