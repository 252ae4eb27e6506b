//! Edits to a document as byte ranges of its source: everything outside the ranges stays
//! exactly as it was written (markup, entities, comments, white space). Positions come from
//! the parser (roxmltree's node and attribute ranges), never from searching the text.

use std::borrow::Cow;
use std::ops::Range;

use roxmltree::Node;

use crate::render::xhtml::escape;

/// Replacements of byte ranges of one text, applied together.
#[derive(Debug, Default)]
pub struct Edits {
    edits: Vec<(Range<usize>, String)>,
}

impl Edits {
    /// Replaces `range` with `text`.
    pub fn replace(&mut self, range: Range<usize>, text: impl Into<String>) {
        self.edits.push((range, text.into()));
    }

    /// Inserts `text` at byte `at`. Insertions at one place keep the order they were made in.
    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.edits.push((at..at, text.into()));
    }

    /// Whether there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// The text with every edit made. An edit that overlaps an earlier one (by position) is
    /// dropped rather than corrupting the text; the callers never make such pairs.
    pub fn apply(mut self, text: &str) -> String {
        self.edits
            .sort_by_key(|(range, _)| (range.start, range.end));
        let mut out = String::with_capacity(text.len() + 256);
        let mut at = 0;
        for (range, replacement) in self.edits {
            let in_bounds = range.start >= at
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end);
            if !in_bounds {
                continue;
            }
            out.push_str(&text[at..range.start]);
            out.push_str(&replacement);
            at = range.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Where a new attribute goes in an element's start tag: right after the tag's name.
fn after_tag_name(text: &str, node: Node) -> usize {
    let start = node.range().start;
    let name_len = text[start..]
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c.is_whitespace() || c == '/' || c == '>')
        .map_or(text.len() - start, |(i, _)| i);
    start + name_len
}

/// An attribute value escaped for the quote it is written in.
fn quoted_value<'v>(text: &str, value_range: &Range<usize>, value: &'v str) -> Cow<'v, str> {
    let escaped = escape(value);
    let single = text.as_bytes().get(value_range.end) == Some(&b'\'');
    if single && escaped.contains('\'') {
        Cow::Owned(escaped.replace('\'', "&#39;"))
    } else {
        escaped
    }
}

/// Sets attribute `name` (namespace and local name) of `node` to `value`, written as
/// `qname` when it is added. Returns whether anything changes.
pub fn set_attribute(
    edits: &mut Edits,
    text: &str,
    node: Node,
    name: (&str, &str),
    qname: &str,
    value: &str,
) -> bool {
    let existing = node
        .attributes()
        .find(|a| a.namespace().unwrap_or("") == name.0 && a.name() == name.1);
    match existing {
        Some(a) if a.value() == value => false,
        Some(a) => {
            let range = a.range_value();
            let written = quoted_value(text, &range, value).into_owned();
            edits.replace(range, written);
            true
        }
        None => {
            edits.insert(
                after_tag_name(text, node),
                format!(" {qname}=\"{}\"", escape(value)),
            );
            true
        }
    }
}

/// Removes attribute `local` (no namespace) of `node`, with the white space before it.
pub fn remove_attribute(edits: &mut Edits, text: &str, node: Node, local: &str) {
    if let Some(a) = node
        .attributes()
        .find(|a| a.namespace().is_none() && a.name() == local)
    {
        let range = a.range();
        let start = text[..range.start].trim_end().len();
        edits.replace(start..range.end, "");
    }
}

/// Replaces the value of attribute `local` (no namespace) of `node`, escaped for its quotes.
pub fn replace_value(edits: &mut Edits, text: &str, node: Node, local: &str, value: &str) {
    if let Some(a) = node
        .attributes()
        .find(|a| a.namespace().is_none() && a.name() == local)
    {
        let range = a.range_value();
        let written = quoted_value(text, &range, value).into_owned();
        edits.replace(range, written);
    }
}

/// The byte range of an element's content: after its start tag, before its end tag; `None`
/// for an empty element.
pub fn content_range(text: &str, node: Node) -> Option<Range<usize>> {
    let range = node.range();
    let first = node.first_child()?;
    let last = node.last_child()?;
    let start = first.range().start;
    let end = last.range().end;
    (range.start < start && start <= end && end <= range.end)
        .then_some(start..end)
        .filter(|r| text.get(r.clone()).is_some())
}

/// The white space that precedes `node` in its parent: the indentation of a sibling to add.
pub fn indentation<'t>(text: &'t str, node: Node) -> &'t str {
    let start = node.range().start;
    let before = &text[..start];
    &before[before.trim_end().len()..]
}

/// How an XML entity's bytes are encoded, to write the edited text back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 after a byte-order mark.
    Utf8Bom,
    /// UTF-16, little-endian, after a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, after a byte-order mark.
    Utf16Be,
}

impl Encoding {
    /// The encoding of `bytes`, from its byte-order mark.
    pub fn of(bytes: &[u8]) -> Encoding {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            Encoding::Utf8Bom
        } else if bytes.starts_with(b"\xFF\xFE") {
            Encoding::Utf16Le
        } else if bytes.starts_with(b"\xFE\xFF") {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8
        }
    }

    /// The name an XML declaration gives it.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => "UTF-8",
            Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16",
        }
    }

    /// `text` encoded this way, byte-order mark included.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }
}

/// The XML declaration `fix` adds to an entity without one.
pub fn declaration(encoding: Encoding) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"{}\"?>\n",
        encoding.label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(text).unwrap()
    }

    #[test]
    fn attributes_are_added_changed_and_removed_in_place() {
        let text = "<!-- keep -->\n<html  xmlns='x' dir='ltr' style=\"a\">&amp;<body/></html>";
        let doc = parse(text);
        let html = doc.root_element();
        let mut edits = Edits::default();
        assert!(set_attribute(
            &mut edits,
            text,
            html,
            ("", "lang"),
            "lang",
            "ar"
        ));
        assert!(set_attribute(
            &mut edits,
            text,
            html,
            ("", "dir"),
            "dir",
            "rtl"
        ));
        assert!(!set_attribute(
            &mut edits,
            text,
            html,
            ("", "dir"),
            "dir",
            "ltr"
        ));
        remove_attribute(&mut edits, text, html, "style");
        assert_eq!(
            edits.apply(text),
            "<!-- keep -->\n<html lang=\"ar\"  xmlns='x' dir='rtl'>&amp;<body/></html>"
        );
    }

    #[test]
    fn overlapping_edits_are_dropped_not_applied() {
        let mut edits = Edits::default();
        edits.replace(0..4, "x");
        edits.replace(2..6, "y");
        assert_eq!(edits.apply("abcdefg"), "xefg");
    }

    #[test]
    fn encodings_round_trip() {
        for encoding in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let bytes = encoding.encode("نص");
            assert_eq!(Encoding::of(&bytes), encoding);
            assert_eq!(crate::check::decode(&bytes).unwrap(), "نص");
        }
    }
}
