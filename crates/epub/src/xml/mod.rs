//! XML shared by every part that reads or edits a book's files: the namespaces of the
//! vocabularies an EPUB is written in, edits made at the positions the parser gives
//! ([`splice`]), and the encoding an edited entity is written back in ([`encoding`]).

pub mod encoding;
pub mod splice;

use std::borrow::Cow;

use warraq_core::document::is_xml_char;

/// XHTML, the content and navigation documents.
pub const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// EPUB's structural semantics (`epub:type`).
pub const EPUB_NS: &str = "http://www.idpf.org/2007/ops";
/// The package document (OPF).
pub const OPF_NS: &str = "http://www.idpf.org/2007/opf";
/// Dublin Core elements, in the package's metadata.
pub const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
/// The NCX, EPUB 2's table of contents.
pub const NCX_NS: &str = "http://www.daisy.org/z3986/2005/ncx/";
/// The `xml:` prefix (`xml:lang`), bound by XML itself.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// SVG, inline in XHTML.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// MathML, inline in XHTML.
pub const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// Escapes the characters that are special in XML text and double-quoted attributes, and
/// leaves out any character XML cannot carry. Article text is cleaned before it gets here,
/// with a warning for each such character; this keeps every document well-formed whatever
/// else reaches it (a page's title, a document's properties, a link's address).
pub fn escape(text: &str) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '&' | '<' | '>' | '"') || !is_xml_char(c);
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An XML entity's text: UTF-8 (with or without a byte-order mark), or UTF-16 with one,
/// the two encodings EPUB allows; `None` when the bytes are neither.
pub fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
            .map(Cow::Owned)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).ok().map(Cow::Borrowed)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
    }
}

/// Parses XML the way EPUB wants it: a DTD is allowed (XHTML has `<!DOCTYPE html>`), but
/// entities it does not define are errors, and a node cap keeps hostile input cheap.
pub fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            nodes_limit: 1_000_000,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_specials_only() {
        assert_eq!(
            escape("a < b & \"c\" > d"),
            "a &lt; b &amp; &quot;c&quot; &gt; d"
        );
        assert!(matches!(escape("داعش"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1}b\u{FFFE}c\td"), "abc\td");
    }
}
