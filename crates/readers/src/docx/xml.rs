//! XML as the DOCX reader meets it: parts decoded and parsed with no DTD (so no entity is
//! ever expanded or fetched) and a bounded number of nodes, and the WordprocessingML
//! vocabulary matched in both its transitional and its strict namespaces.

use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};

use warraq_core::error::{Error, Result};

/// WordprocessingML, transitional and strict.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Relationship ids in attributes (`r:id`, `r:embed`), transitional and strict.
pub(crate) const R_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
];
/// Markup compatibility (`mc:AlternateContent`).
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Nodes one part may parse into; with the size limit, what bounds a tree's memory.
const NODES_LIMIT: u32 = 4_000_000;

/// A part's bytes as text: UTF-8 (a byte-order mark dropped) or UTF-16 after its mark.
pub(crate) fn text_of(path: &Path, part: &str, bytes: &[u8]) -> Result<String> {
    let (encoding, skip) = encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_8, 0));
    let body = bytes.get(skip..).unwrap_or_default();
    if encoding == encoding_rs::UTF_8 {
        return String::from_utf8(body.to_vec())
            .map_err(|e| Error::input(path, format!("{part}: is not UTF-8 text: {e}")));
    }
    let (text, malformed) = encoding.decode_without_bom_handling(body);
    if malformed {
        return Err(Error::input(
            path,
            format!("{part}: is not well-formed {} text", encoding.name()),
        ));
    }
    Ok(text.into_owned())
}

/// How deep elements may nest in a part. `roxmltree` parses recursively, so this bounds its
/// stack (about 4 KiB a level in a debug build, which overflows a 2 MiB thread's stack near
/// 450); Word nests a picture in a table cell about 20 deep, and each nested table adds 4.
const DEPTH_LIMIT: usize = 256;

/// Parses a part; a DTD is refused with an error naming the part.
pub(crate) fn parse<'t>(path: &Path, part: &str, text: &'t str) -> Result<Document<'t>> {
    if depth(text) > DEPTH_LIMIT {
        return Err(Error::input(
            path,
            format!(
                "{part}: nests elements more than {DEPTH_LIMIT} deep, deeper than warraq reads"
            ),
        ));
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
    };
    Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => Error::input(
            path,
            format!("{part}: has a DOCTYPE (a DTD), which no Word document has; refused so that no entity is ever expanded or fetched"),
        ),
        roxmltree::Error::NodesLimitReached => Error::input(
            path,
            format!("{part}: has more than {NODES_LIMIT} XML nodes, more than warraq reads from one part"),
        ),
        e => Error::input(path, format!("{part}: is not well-formed XML: {e}")),
    })
}

/// Whether `node` is the WordprocessingML element `name`.
pub(crate) fn is_w(node: Node, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node
            .tag_name()
            .namespace()
            .is_some_and(|ns| W_NS.contains(&ns))
}

/// Whether `node` is the markup-compatibility element `name`.
pub(crate) fn is_mc(node: Node, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace() == Some(MC_NS)
}

/// The WordprocessingML attribute `name` (`w:val`) of `node`.
pub(crate) fn w_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    W_NS.iter().find_map(|ns| node.attribute((*ns, name)))
}

/// The relationship attribute `name` (`r:id`, `r:embed`) of `node`.
pub(crate) fn r_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    R_NS.iter().find_map(|ns| node.attribute((*ns, name)))
}

/// The first WordprocessingML child `name` of `node`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is_w(*c, name))
}

/// `w:val` of the child `name`.
pub(crate) fn child_val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| w_attr(c, "val"))
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`) of `props`, `None` when not stated.
pub(crate) fn on_off(props: Node, name: &str) -> Option<bool> {
    let node = child(props, name)?;
    Some(!matches!(
        w_attr(node, "val"),
        Some("0" | "false" | "off" | "none")
    ))
}

/// Whether the element is a local name of any namespace (for DrawingML and VML, matched
/// inside a `w:drawing` or `w:pict` already found).
pub(crate) fn is_local(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

/// How deep the elements of an XML text nest, found by a linear scan of its tags (comments,
/// processing instructions, CDATA and declarations skipped, quoted attribute values too).
pub(crate) fn depth(text: &str) -> usize {
    let b = text.as_bytes();
    let skip_to = |from: usize, end: &[u8]| {
        b.get(from..)
            .and_then(|rest| rest.windows(end.len()).position(|w| w == end))
            .map_or(b.len(), |at| from + at + end.len())
    };
    let (mut i, mut depth, mut max) = (0, 0usize, 0);
    while let Some(at) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        i += at;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = skip_to(i + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(i + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(i + 2, b"?>");
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") {
            depth = depth.saturating_sub(usize::from(rest.starts_with(b"</")));
            i = skip_to(i + 2, b">");
        } else {
            let mut quote = None;
            let mut j = i + 1;
            while let Some(&c) = b.get(j) {
                match (quote, c) {
                    (None, b'"' | b'\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            if b.get(j.wrapping_sub(1)) != Some(&b'/') {
                depth += 1;
                max = max.max(depth);
            }
            i = j + 1;
        }
    }
    max
}
